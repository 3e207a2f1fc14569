"""The inference pipeline: numpy padding of the Rust tokenizer's output, the threaded and launched-ahead structure
(run here on the CPU), bulk predictions, and, where CUDA is present, the CUDA graphs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from conftest import STATEMENTS, TINY_WINDOW
from tokenizers import Tokenizer

from stance import Classifier, Prediction
from stance.classifier import CHUNK_BATCHES, TruncationWarning, _FastEncoder, _predictions
from stance.labels import LABELS
from stance.torch_runner import LENGTH_BUCKETS, TorchRunner, _pad_rows

requires_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

WORDS = ("war", "we will meet")
REPEATED = [f"{word} " * n for n in range(1, 40, 3) for word in WORDS]
TEXTS = [*STATEMENTS, "talks [PAD] [SEP] war", "peace " * 100, *REPEATED]


def _reference(tokenizer: Tokenizer, side: str, window: int) -> Tokenizer:
    own = Tokenizer.from_str(tokenizer.to_str())
    own.enable_truncation(window)
    own.enable_padding(direction=side, pad_id=0, pad_token="[PAD]")
    return own


@pytest.mark.parametrize("side", ["right", "left"])
def test_the_numpy_padding_equals_the_tokenizers_own(tiny_model_dir, side):
    tokenizer = Tokenizer.from_file(str(tiny_model_dir / "tokenizer.json"))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    encoder = _FastEncoder(tokenizer, names, max_length=TINY_WINDOW, pad_token="[PAD]", padding_side=side)
    batch, truncated = encoder(TEXTS)
    encodings = _reference(tokenizer, side, TINY_WINDOW).encode_batch(TEXTS)
    for name, column in zip(names, ("ids", "attention_mask", "type_ids"), strict=True):
        np.testing.assert_array_equal(batch[name], np.array([getattr(e, column) for e in encodings]))
    assert TEXTS.index("peace " * 100) in truncated
    assert truncated == [i for i, e in enumerate(encodings) if e.overflowing]


def test_widths_pad_to_the_smallest_bucket_and_change_no_probability(tiny):
    short = ["We will talk.", "Never."]
    exact, _ = tiny._encode(short)
    bucketed, _ = tiny._encode(short, widths=(4, 16, 32))
    assert exact["input_ids"].shape[1] < 16 and bucketed["input_ids"].shape == (2, 16)
    np.testing.assert_array_equal(bucketed["input_ids"][:, : exact["input_ids"].shape[1]], exact["input_ids"])
    assert not bucketed["attention_mask"][:, exact["input_ids"].shape[1] :].any()
    cpu = TorchRunner(tiny.model, torch.device("cpu"))
    logits = [cpu._forward({k: torch.from_numpy(v) for k, v in b.items()}) for b in (exact, bucketed)]
    torch.testing.assert_close(logits[0], logits[1], atol=1e-5, rtol=1e-5)


def test_padding_rows_change_no_real_row():
    array = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(_pad_rows(array, 4), [[0, 1, 2], [3, 4, 5], [3, 4, 5], [3, 4, 5]])
    assert _pad_rows(array, 2) is array


def test_the_cuda_pipeline_structure_on_the_cpu_equals_the_plain_path(tiny_model_dir):
    """Tokenizer threads, bucketed widths and batches launched ahead, on the CPU: the same predictions, in order."""
    plain = Classifier.load(tiny_model_dir, device="cpu", backend="torch")
    assert plain.tokenizer_workers == 0 and plain._runner.in_flight == 0 and plain._runner.widths == ()
    piped = Classifier.load(tiny_model_dir, device="cpu", backend="torch", tokenizer_workers=3)
    piped._runner = TorchRunner(piped.model, piped.device, in_flight=3, widths=LENGTH_BUCKETS)
    texts = TEXTS * 3  # several chunks of batch_size * CHUNK_BATCHES texts
    assert len(texts) > 2 * 2 * CHUNK_BATCHES
    with pytest.warns(TruncationWarning) as piped_warnings:
        got = piped.classify(texts, batch_size=2)
    with pytest.warns(TruncationWarning) as plain_warnings:
        expected = plain.classify(texts, batch_size=2)
    assert [p.label for p in got] == [p.label for p in expected]
    np.testing.assert_allclose(
        [list(p.scores.values()) for p in got], [list(p.scores.values()) for p in expected], atol=1e-5
    )
    assert [str(w.message) for w in piped_warnings] == [str(w.message) for w in plain_warnings]
    with pytest.warns(TruncationWarning):
        assert [p.label for p in piped.classify_iter(iter(texts), batch_size=2)] == [p.label for p in expected]


def test_tokenizer_workers_option(tiny_model_dir):
    with pytest.raises(ValueError, match=r"tokenizer_workers must be None \(automatic\) or an int >= 0, got -1"):
        Classifier.load(tiny_model_dir, device="cpu", tokenizer_workers=-1)
    threaded = Classifier.load(tiny_model_dir, device="cpu", backend="torch", tokenizer_workers=2)
    assert threaded.tokenizer_workers == 2
    assert threaded.classify(STATEMENTS, batch_size=3) == Classifier.load(tiny_model_dir, device="cpu").classify(
        STATEMENTS, batch_size=3
    )


def test_bulk_predictions_equal_one_by_one_ties_included():
    rows = np.array([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.1, 0.2, 0.7]])
    assert _predictions(rows) == [Prediction.from_probabilities(row) for row in rows]
    assert [p.label for p in _predictions(rows)] == ["conciliatory", "hostile", "hostile", "neutral"]
    assert all(type(p.scores[LABELS[0]]) is float for p in _predictions(rows))


# --- CUDA only --------------------------------------------------------------------------------------------------


@requires_cuda
def test_cuda_graphs_give_the_eager_results(tiny_model_dir):
    texts = TEXTS * 40
    eager = Classifier.load(tiny_model_dir, device="cuda", cuda_graphs=False)
    graphed = Classifier.load(tiny_model_dir, device="cuda")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # graphs turned off would warn
        warnings.simplefilter("ignore", TruncationWarning)
        got = graphed.predict_proba(texts, batch_size=64)
    assert graphed._runner.graph_shapes and not eager._runner.graph_shapes
    assert all(rows == 64 and width in LENGTH_BUCKETS for rows, width in graphed._runner.graph_shapes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TruncationWarning)
        expected = eager.predict_proba(texts, batch_size=64)
    np.testing.assert_allclose(got, expected, atol=2e-3)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


@requires_cuda
def test_cuda_results_stay_in_order_across_chunks_and_threads(tiny_model_dir):
    cuda = Classifier.load(tiny_model_dir, device="cuda")
    assert cuda.tokenizer_workers >= 1
    texts = [f"{'war ' * (i % 37)}talks {i}" for i in range(3000)]
    one_by_one = np.array([cuda.predict_proba(text) for text in texts[:50]])
    together = cuda.predict_proba(texts, batch_size=128)
    np.testing.assert_allclose(together[:50], one_by_one, atol=2e-3)
    lazily = np.array([list(p.scores.values()) for p in cuda.classify_iter(iter(texts), batch_size=128)])
    np.testing.assert_allclose(lazily, together, atol=2e-3)
