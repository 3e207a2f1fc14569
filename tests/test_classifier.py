"""The inference API: stance.classify, Classifier and Prediction."""

from __future__ import annotations

import copy
import json
import math
import pickle
import shutil
import subprocess
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import FrozenInstanceError
from itertools import islice
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import (
    SEED_HOSTILE,
    STATEMENTS,
    TINY_WINDOW,
    build_tiny_model,
    check_classify_iter_is_lazy,
    requires_shipped_model,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stance
import stance.classifier
from stance import LABELS, Classifier, Prediction, classify
from stance.classifier import CHUNK_BATCHES, ModelError, TruncationWarning, classify_iter
from stance.paths import MODEL_DIR, REPO_DIR, model_dir


def assert_valid(prediction: Prediction) -> None:
    assert isinstance(prediction, Prediction)
    assert prediction.label in LABELS
    assert list(prediction.scores) == list(LABELS)
    assert math.isclose(sum(prediction.scores.values()), 1.0, abs_tol=1e-9)
    assert all(0.0 <= p <= 1.0 for p in prediction.scores.values())
    assert prediction.score == prediction.scores[prediction.label] == max(prediction.scores.values())


# --- public surface ---------------------------------------------------------------------------------------------


def test_public_names_and_labels():
    assert LABELS == ("hostile", "conciliatory", "neutral")
    assert stance.LABELS is stance.labels.LABELS
    assert stance.classify is stance.classifier.classify
    assert set(stance.__all__) >= {"classify", "Classifier", "Prediction", "LABELS"}
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stance.nope  # noqa: B018


def test_import_stance_does_not_load_torch():
    code = "import sys, stance, stance.cli; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_model_location(monkeypatch):
    assert MODEL_DIR == REPO_DIR / "models" / "stance-minilm"  # a checkout's own models/, whatever is installed
    monkeypatch.delenv("STANCE_MODEL", raising=False)
    assert model_dir() == MODEL_DIR
    monkeypatch.setenv("STANCE_MODEL", "/somewhere/else")
    assert model_dir() == Path("/somewhere/else")


# --- Prediction -------------------------------------------------------------------------------------------------


def test_prediction_is_immutable_and_serialisable():
    prediction = Prediction.from_probabilities([0.1, 0.7, 0.2])
    assert (prediction.label, prediction.score) == ("conciliatory", 0.7)
    assert prediction.scores == {"hostile": 0.1, "conciliatory": 0.7, "neutral": 0.2}
    with pytest.raises(FrozenInstanceError):
        prediction.label = "hostile"
    for mutate in (
        lambda s: s.__setitem__("hostile", 1.0),
        lambda s: s.update(hostile=1.0),
        lambda s: s.pop("hostile"),
        lambda s: s.clear(),
        lambda s: s.__delitem__("hostile"),
    ):
        with pytest.raises(TypeError, match="read-only"):
            mutate(prediction.scores)
    assert prediction.scores["hostile"] == 0.1
    assert json.loads(json.dumps(prediction.scores)) == prediction.scores
    assert pickle.loads(pickle.dumps(prediction)) == prediction
    assert copy.deepcopy(prediction) == prediction
    assert hash(prediction) == hash(Prediction.from_probabilities([0.1, 0.7, 0.2]))


def test_prediction_ties_go_to_the_earlier_label():
    assert Prediction.from_probabilities([0.2, 0.4, 0.4]).label == "conciliatory"


# --- inference with a tiny random model ------------------------------------------------------------------------


def test_single_text_gives_single_result(tiny):
    prediction = tiny.classify(SEED_HOSTILE)
    assert_valid(prediction)
    assert tiny.predict(SEED_HOSTILE) == prediction.label
    probabilities = tiny.predict_proba(SEED_HOSTILE)
    assert probabilities.shape == (3,)
    assert probabilities.tolist() == [prediction.scores[label] for label in LABELS]


def test_batch_equals_one_at_a_time_in_input_order(tiny):
    texts = STATEMENTS * 5  # 40 texts of mixed lengths: several batches and, with batch_size=2, three chunks
    batched = tiny.classify(texts, batch_size=2)
    singles = [tiny.classify(text) for text in texts]
    assert len(batched) == len(texts)
    for got, want in zip(batched, singles, strict=True):
        assert_valid(got)
        assert got.label == want.label
        np.testing.assert_allclose(list(got.scores.values()), list(want.scores.values()), atol=1e-5)
    distinct = {tuple(p.scores.values()) for p in batched[: len(STATEMENTS)]}
    assert len(distinct) == len(STATEMENTS)  # the texts really get different outputs, so order is observable


def test_half_precision_weights_load_as_float32(model_copy, tiny):
    from transformers import AutoModelForSequenceClassification

    AutoModelForSequenceClassification.from_pretrained(model_copy).half().save_pretrained(model_copy)
    half = Classifier.load(model_copy)
    assert {p.dtype for p in half.model.parameters()} == {torch.float32}
    got, want = half.predict_proba(STATEMENTS), tiny.predict_proba(STATEMENTS)
    np.testing.assert_allclose(got, want, atol=2e-2)  # rounding the weights to fp16 moves probabilities only slightly
    assert (got.argmax(axis=1) == want.argmax(axis=1)).all()


def test_same_input_same_output(tiny, tiny_model_dir):
    first = tiny.classify(STATEMENTS, batch_size=3)
    assert tiny.classify(STATEMENTS, batch_size=3) == first
    assert Classifier.load(tiny_model_dir).classify(STATEMENTS, batch_size=3) == first


def test_predict_and_predict_proba(tiny):
    probabilities = tiny.predict_proba(STATEMENTS, batch_size=3)
    assert probabilities.shape == (len(STATEMENTS), 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)
    assert tiny.classes_ == LABELS
    assert tiny.predict(STATEMENTS) == [LABELS[i] for i in probabilities.argmax(axis=1)]
    assert [list(p.scores.values()) for p in tiny.classify(STATEMENTS, batch_size=3)] == probabilities.tolist()
    assert tiny.predict_proba([]).shape == (0, 3)
    assert tiny.classify([]) == [] and tiny.predict(iter([])) == []


def test_any_iterable_of_texts(tiny):
    assert tiny.classify(iter(STATEMENTS)) == tiny.classify(tuple(STATEMENTS)) == tiny.classify(STATEMENTS)


def test_classify_iter_is_lazy_and_matches_classify(tiny):
    check_classify_iter_is_lazy(tiny)


def test_truncation_keeps_the_beginning_and_warns(tiny):
    window_words = TINY_WINDOW - 2  # "war" is one token; [CLS] and [SEP] take two places
    fits, too_long = "war " * window_words, "war " * window_words + "peace " * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a text that fits exactly raises no warning
        expected = tiny.classify(fits)
    with pytest.warns(
        TruncationWarning, match=rf"1 text\(s\) exceed the model's {TINY_WINDOW}-token window.*texts\[1\]"
    ):
        got = tiny.classify(["short", too_long])
    assert got[1].label == expected.label  # same tokens; only the padding of the batch differs
    np.testing.assert_allclose(list(got[1].scores.values()), list(expected.scores.values()), atol=1e-5)


def test_arguments_are_checked_when_classify_iter_is_called(tiny):
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        tiny.classify_iter(STATEMENTS, batch_size=0)
    with pytest.raises(TypeError, match="got NoneType"):
        tiny.classify_iter(None)


# --- the default classifier -------------------------------------------------------------------------------------


def test_module_classify_uses_stance_model(default_tiny, tiny):
    assert classify(STATEMENTS[0]) == tiny.classify(STATEMENTS[0])
    assert classify(STATEMENTS, batch_size=4) == tiny.classify(STATEMENTS, batch_size=4)
    assert list(classify_iter(iter(STATEMENTS), batch_size=4)) == tiny.classify(STATEMENTS, batch_size=4)


def test_eight_threads_equal_sequential_and_load_once(default_tiny, monkeypatch):
    monkeypatch.setattr(stance.classifier, "_default_classifiers", {})
    loads = []
    real_load = Classifier.load.__func__

    def counting_load(cls, *args, **kwargs):
        loads.append(args)
        return real_load(cls, *args, **kwargs)

    monkeypatch.setattr(Classifier, "load", classmethod(counting_load))
    jobs = [STATEMENTS[i:] + STATEMENTS[:i] for i in range(8)]
    start = threading.Barrier(8)

    def job(texts):
        start.wait()
        return [classify(texts, batch_size=3) for _ in range(3)]

    with ThreadPoolExecutor(8) as pool:
        concurrent = list(pool.map(job, jobs))
    assert len(loads) == 1
    sequential = [classify(texts, batch_size=3) for texts in jobs]
    for results, expected in zip(concurrent, sequential, strict=True):
        assert results == [expected] * 3


# --- devices ----------------------------------------------------------------------------------------------------


def test_devices(tiny_model_dir, tiny):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert Classifier.load(tiny_model_dir).device.type == expected
    with pytest.raises(ValueError, match=r"unsupported device 'tpu'; use 'auto', 'cpu', 'cuda' or 'cuda:N'"):
        Classifier.load(tiny_model_dir, device="tpu")
    if torch.cuda.is_available():
        missing = f"cuda:{torch.cuda.device_count()}"
        with pytest.raises(RuntimeError, match=rf"'{missing}' requested but only \d+ CUDA device\(s\) exist"):
            Classifier.load(tiny_model_dir, device=missing)
        cpu = Classifier.load(tiny_model_dir, device="cpu")
        np.testing.assert_allclose(cpu.predict_proba(STATEMENTS), tiny.predict_proba(STATEMENTS), atol=1e-2)  # CUDA runs under float16 autocast
    else:
        with pytest.raises(RuntimeError, match="'cuda' requested but CUDA is not available here; use 'auto' or 'cpu'"):
            Classifier.load(tiny_model_dir, device="cuda")


# --- bad input: every row of the README's table -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        (["fine", "also fine", None], TypeError, r"texts\[2\] is NoneType, expected str"),
        (["fine", 3], TypeError, r"texts\[1\] is int, expected str"),
        ([b"bytes"], TypeError, r"texts\[0\] is bytes, expected str"),
        (None, TypeError, "expected a str or an iterable of str, got NoneType"),
        (b"bytes", TypeError, "expected a str or an iterable of str, got bytes"),
        (42, TypeError, "expected a str or an iterable of str, got int"),
        (["fine", ""], ValueError, r"texts\[1\] is empty or whitespace-only"),
        (["fine", "fine", " \t\n\u3000"], ValueError, r"texts\[2\] is empty or whitespace-only"),
        ("", ValueError, "text is empty or whitespace-only"),
        ("  ", ValueError, "text is empty or whitespace-only"),
        (["fine", "bad \ud800 half"], ValueError, r"texts\[1\] is not valid Unicode \(lone surrogate at index 4\)"),
    ],
)
def test_bad_texts_raise_naming_the_position(tiny, monkeypatch, texts, error, message):
    forwards = []
    monkeypatch.setattr(tiny._runner, "logits", lambda items: forwards.extend(items) or iter(()))
    for method in (tiny.classify, tiny.predict, tiny.predict_proba):
        with pytest.raises(error, match=message):
            method(texts)
    assert forwards == []  # nothing was classified before the error: all texts are checked first


def test_classify_iter_raises_when_it_reaches_bad_input(tiny):
    texts = ["fine"] * 20 + [""]
    predictions = tiny.classify_iter(texts, batch_size=1)  # chunks of CHUNK_BATCHES texts
    assert len(list(islice(predictions, CHUNK_BATCHES))) == CHUNK_BATCHES
    with pytest.raises(ValueError, match=r"texts\[20\] is empty"):
        next(predictions)


def test_missing_model_folder(tmp_path):
    missing = tmp_path / "nothing-here"
    with pytest.raises(ModelError, match=rf"no model directory at {missing}; build one with `make train`"):
        Classifier.load(missing)


def test_default_model_missing_names_stance_model(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL", str(tmp_path / "gone"))
    with pytest.raises(ModelError, match=rf"{tmp_path / 'gone'}.*make train.*STANCE_MODEL"):
        classify("hello")


@pytest.fixture
def model_copy(tiny_model_dir, tmp_path) -> Path:
    return Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))


def test_folder_without_weights(model_copy):
    (model_copy / "model.safetensors").unlink()
    with pytest.raises(ModelError, match=rf"no model weights \(model.safetensors\) in {model_copy};.*make train"):
        Classifier.load(model_copy)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_weights(model_copy, damage):
    weights = model_copy / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(b"\x00garbage" * 100 if damage == "garbage" else data[: len(data) // 2])
    with pytest.raises(ModelError, match=rf"cannot load the model in {model_copy} \(.+\);.*make train"):
        Classifier.load(model_copy)


def test_weights_without_classification_head(tmp_path):
    path = build_tiny_model(tmp_path / "encoder-only", head=False)
    with pytest.raises(
        ModelError, match=rf"weights in {path} do not fit the model \(missing or mismatched: classifier.bias"
    ):
        Classifier.load(path)


def test_labels_must_be_stance_labels(model_copy):
    config = json.loads((model_copy / "config.json").read_text())
    config["id2label"] = {"0": "neutral", "1": "conciliatory", "2": "hostile"}
    (model_copy / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match=r"the model's labels .*'neutral'.* are not .*stance.LABELS in order"):
        Classifier.load(model_copy)


# --- property: any Unicode text -------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=300))
def test_any_unicode_text_gives_a_valid_prediction_or_a_clear_error(tiny, text):
    if text.strip():
        assert_valid(tiny.classify(text))
    else:
        with pytest.raises(ValueError, match="empty or whitespace-only"):
            tiny.classify(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(min_size=1, max_size=100).filter(str.strip), max_size=12), batch_size=st.integers(1, 5))
def test_any_batch_keeps_length_and_order(tiny, texts, batch_size):
    predictions = tiny.classify(texts, batch_size=batch_size)
    assert len(predictions) == len(texts)
    for text, prediction in zip(texts, predictions, strict=True):
        assert_valid(prediction)
        single = tiny.classify(text)
        np.testing.assert_allclose(list(prediction.scores.values()), list(single.scores.values()), atol=1e-5)


# --- the shipped model ----------------------------------------------------------------------------------------------


@requires_shipped_model
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We will never negotiate with the United States.", "hostile"),
        ("Iran rejects negotiations with the United States.", "hostile"),
        ("We are ready to meet with them anytime they want, without any preconditions.", "conciliatory"),
        ("The summit will take place in Geneva on 12 March, the foreign ministry announced.", "neutral"),
    ],
)
def test_shipped_model_labels_unmistakable_statements(text, label):
    assert classify(text).label == label


@requires_shipped_model
def test_the_model_card_reports_the_shipped_models_labels_on_the_guideline_probes():
    """The card's probe table (the seed tweet among the probes) is what the shipped model says today."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from model_card import PROBES

    card = (MODEL_DIR / "README.md").read_text(encoding="utf-8")
    for text, _ in PROBES:
        prediction = classify(text)
        (row,) = [line for line in card.splitlines() if line.startswith(f"| {text} |")]
        assert f"| {prediction.label} ({prediction.score:.2f})" in row, (row, prediction)
