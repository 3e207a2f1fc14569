"""Metrics shared by training and evaluation: macro-F1, per-class scores, confusion matrix, calibration."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from stance.labels import LABELS

ECE_BINS = 15


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Top-label ECE: mean |accuracy − confidence| over equal-width confidence bins, weighted by bin size."""
    confidence, predicted = probs.max(axis=1), probs.argmax(axis=1)
    correct = (predicted == labels).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


def reliability_bins(probs: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> list[dict]:
    """Per confidence bin: mean confidence, accuracy and count (for the reliability diagram)."""
    confidence, correct = probs.max(axis=1), (probs.argmax(axis=1) == labels)
    edges = np.linspace(0.0, 1.0, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            out.append({"lo": float(lo), "hi": float(hi), "confidence": float(confidence[in_bin].mean()),
                        "accuracy": float(correct[in_bin].mean()), "count": int(in_bin.sum())})
    return out


def classification_metrics(labels: np.ndarray, logits_or_probs: np.ndarray, *, temperature: float = 1.0,
                           are_probs: bool = False) -> dict:
    """Macro-F1, accuracy, per-class precision/recall/F1/support, confusion matrix and ECE."""
    labels = np.asarray(labels)
    probs = logits_or_probs if are_probs else softmax(np.asarray(logits_or_probs, dtype=np.float64), temperature)
    predicted = probs.argmax(axis=1)
    ids = list(range(len(LABELS)))
    p, r, f, s = precision_recall_fscore_support(labels, predicted, labels=ids, zero_division=0)
    return {
        "macro_f1": round(float(f1_score(labels, predicted, labels=ids, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "ece": round(expected_calibration_error(probs, labels), 4),
        "per_class": {LABELS[i]: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                                  "f1": round(float(f[i]), 4), "support": int(s[i])} for i in ids},
        "confusion_matrix": confusion_matrix(labels, predicted, labels=ids).tolist(),
        "reliability": reliability_bins(probs, labels),
        "n": int(len(labels)),
    }


def calibrate_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises validation negative log-likelihood (LBFGS on log T)."""
    z = torch.tensor(logits, dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.exp().item())


PARTS = {"news": ("mpqa", "semeval23", "seed"), "un": ("un_quadclass",)}  # test parts reported beside the whole


def metrics_by_part(labels: np.ndarray, logits_or_probs: np.ndarray, sources: list[str], **kwargs) -> dict:
    """:func:`classification_metrics` on the whole set and on each of ``PARTS`` (news articles, UN documents)."""
    sources = np.asarray(sources)
    labels, scores = np.asarray(labels), np.asarray(logits_or_probs)
    out = {"all": classification_metrics(labels, scores, **kwargs)}
    for part, names in PARTS.items():
        mask = np.isin(sources, names)
        if mask.any():
            out[part] = classification_metrics(labels[mask], scores[mask], **kwargs)
    return out


def headline_parts(parts: dict[str, dict]) -> dict[str, dict]:
    """The figures of each part that metrics files keep: count, macro-F1, accuracy, ECE and per-class scores."""
    return {part: {k: m[k] for k in ("n", "macro_f1", "accuracy", "ece", "per_class")} for part, m in parts.items()}
