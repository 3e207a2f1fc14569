"""Baselines evaluated beside the model: TF-IDF + logistic regression, the CAMEO/Goldstein rules, VADER.

Each returns class probabilities (rows in ``LABELS`` order) for a list of texts, so that all rows of the
evaluation table go through the same metrics.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from stance.data.silver import CameoLabeller
from stance.labels import LABEL2ID, LABELS

#: VADER compound score at or below -threshold is hostile, at or above +threshold conciliatory.
VADER_THRESHOLD = 0.3


def one_hot(labels: list[str]) -> np.ndarray:
    out = np.zeros((len(labels), len(LABELS)))
    out[np.arange(len(labels)), [LABEL2ID[label] for label in labels]] = 1.0
    return out


def tfidf_logreg(train_texts: list[str], train_labels: list[int], train_weights: list[float],
                 texts: list[str]) -> np.ndarray:
    """Word 1-2-gram TF-IDF and class-balanced logistic regression, trained on the model's training split."""
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0),
    )
    model.fit(train_texts, train_labels, logisticregression__sample_weight=np.asarray(train_weights))
    probs = np.zeros((len(texts), len(LABELS)))
    probs[:, model.classes_] = model.predict_proba(texts)
    return probs


def cameo_rules(texts: list[str]) -> np.ndarray:
    """The CAMEO verb-pattern / Goldstein rule labeller (the project's silver source)."""
    labeller = CameoLabeller()
    return one_hot([labeller.label(t) for t in texts])


def vader(texts: list[str]) -> np.ndarray:
    """VADER sentiment mapped to stance: negative -> hostile, positive -> conciliatory, else neutral."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    labels = []
    for text in texts:
        compound = analyzer.polarity_scores(text)["compound"]
        labels.append("hostile" if compound <= -VADER_THRESHOLD
                      else "conciliatory" if compound >= VADER_THRESHOLD else "neutral")
    return one_hot(labels)
