"""Stance classification: ``classify`` for everyday use, ``Classifier`` to choose the model and device.

Bad input is refused, never skipped: a non-string raises ``TypeError`` and an empty, whitespace-only or
non-Unicode (lone surrogate) text raises ``ValueError``, each naming its position (``texts[3]``). Texts longer
than the model's window are truncated to it with a ``TruncationWarning``. Results always come back in input order.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, overload

import numpy as np
import torch
from safetensors import SafetensorError
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PretrainedConfig,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from stance.labels import ID2LABEL, LABELS
from stance.paths import model_dir

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
DEFAULT_BATCH_SIZE = 32
CHUNK_BATCHES = 16  # texts are sorted by length within chunks of this many batches, which bounds memory
_GET_A_MODEL = "build one with `make train` in a stance checkout, or set STANCE_MODEL to a model directory"


class ModelError(OSError):
    """A model directory is missing, incomplete or unreadable."""


class TruncationWarning(UserWarning):
    """Some text was longer than the model's window and only its beginning was classified."""


class _Scores(dict):
    """Read-only ``dict`` of label -> probability (JSON-serialisable, hashable, picklable)."""

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("Prediction.scores is read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def __reduce__(self) -> tuple[type, tuple[dict[str, float]]]:
        return type(self), (dict(self),)


@dataclass(frozen=True, slots=True)
class Prediction:
    """Stance of one text: ``label`` (one of ``LABELS``), its probability ``score``, and ``scores`` for all labels."""

    label: str
    score: float
    scores: Mapping[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _Scores(self.scores))

    @classmethod
    def from_probabilities(cls, probabilities: Iterable[float]) -> Prediction:
        """Build from probabilities given in ``LABELS`` order."""
        scores = dict(zip(LABELS, map(float, probabilities), strict=True))
        label = max(LABELS, key=scores.__getitem__)  # ties go to the earlier label
        return cls(label, scores[label], scores)


class Classifier:
    """A sequence-classification model and its tokenizer, with batched, order-preserving inference.

    Tokenization, length-sorted batching and re-ordering live here; ``_forward`` (padded batch -> logits) is the
    only model-specific step, so another backend only needs to replace it.
    """

    classes_ = LABELS  # scikit-learn name: column order of ``predict_proba``

    def __init__(
        self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, *, device: str | torch.device = "auto"
    ) -> None:
        _check_labels(model.config)
        self.device = _resolve_device(device)
        self.model = model.to(self.device).eval()
        self.tokenizer = tokenizer
        self.max_length = min(
            tokenizer.model_max_length, getattr(model.config, "max_position_embeddings", tokenizer.model_max_length)
        )
        self._tokenizer_lock = threading.Lock()  # the Rust tokenizer's settings are mutated by every call

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, device: str | torch.device = "auto") -> Classifier:
        """Load a model directory (Hugging Face format); ``None`` means ``$STANCE_MODEL`` or the shipped model.

        ``device``: ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"`` or ``"cuda:N"``. Weights are
        loaded as float32 whatever their dtype on disk.
        Raises ``ModelError`` naming the path when the directory is missing, incomplete or unreadable.
        """
        path = Path(path) if path is not None else model_dir()
        resolved = _resolve_device(device)
        if not path.is_dir():
            raise ModelError(f"no model directory at {path}; {_GET_A_MODEL}")
        for name, what in ((CONFIG_NAME, "model config"), (WEIGHTS_NAME, "model weights")):
            if not (path / name).is_file():
                raise ModelError(f"no {what} ({name}) in {path}; {_GET_A_MODEL}")
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            model, info = AutoModelForSequenceClassification.from_pretrained(
                path,
                local_files_only=True,
                output_loading_info=True,
                dtype=torch.float32,  # fp16 on disk is storage only
            )
        except (OSError, ValueError, RuntimeError, SafetensorError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise ModelError(f"cannot load the model in {path} ({reason}); {_GET_A_MODEL}") from error
        if info["missing_keys"] or info["mismatched_keys"]:
            keys = sorted(info["missing_keys"]) + [key for key, *_ in info["mismatched_keys"]]
            raise ModelError(
                f"the weights in {path} do not fit the model (missing or mismatched: {', '.join(keys)}); {_GET_A_MODEL}"
            )
        try:
            _check_labels(model.config)
        except ValueError as error:
            raise ModelError(f"{error} in {path}; {_GET_A_MODEL}") from error
        return cls(model, tokenizer, device=resolved)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model.name_or_path!r}, device='{self.device}')"

    @overload
    def classify(self, texts: str, *, batch_size: int = ...) -> Prediction: ...
    @overload
    def classify(self, texts: Iterable[str], *, batch_size: int = ...) -> list[Prediction]: ...
    def classify(
        self, texts: str | Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Prediction | list[Prediction]:
        """Predictions for ``texts`` in input order; a single string gives a single ``Prediction``."""
        if isinstance(texts, str):
            _check_text(texts, "text")
            return self.classify([texts], batch_size=batch_size)[0]
        return list(self.classify_iter(_checked_list(texts), batch_size=batch_size))

    def classify_iter(self, texts: Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Prediction]:
        """Lazily classify any iterable, holding at most ``batch_size * CHUNK_BATCHES`` texts at a time.

        Gives the same predictions as ``classify``; bad input raises when its chunk is reached.
        """
        chunks = self._iter_probabilities(texts, batch_size)  # checks the arguments now, not on first next()
        return (Prediction.from_probabilities(row) for probabilities in chunks for row in probabilities)

    @overload
    def predict(self, texts: str, *, batch_size: int = ...) -> str: ...
    @overload
    def predict(self, texts: Iterable[str], *, batch_size: int = ...) -> list[str]: ...
    def predict(self, texts: str | Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> str | list[str]:
        """Most probable label of each text (a single label for a single string)."""
        probabilities = self.predict_proba(texts, batch_size=batch_size)
        if probabilities.ndim == 1:
            return LABELS[int(probabilities.argmax())]
        return [LABELS[i] for i in probabilities.argmax(axis=1)]

    def predict_proba(self, texts: str | Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Probabilities, shape ``(n, 3)`` with columns in ``LABELS`` order (shape ``(3,)`` for a single string)."""
        if isinstance(texts, str):
            _check_text(texts, "text")
            return self.predict_proba([texts], batch_size=batch_size)[0]
        chunks = list(self._iter_probabilities(_checked_list(texts), batch_size))
        return np.concatenate(chunks) if chunks else np.empty((0, len(LABELS)))

    def _iter_probabilities(self, texts: Iterable[str], batch_size: int) -> Iterator[np.ndarray]:
        """Probability arrays, one per chunk of the input, rows in input order."""
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        return self._chunks_probabilities(_iterable_of_texts(texts), batch_size)

    def _chunks_probabilities(self, texts: Iterator[str], batch_size: int) -> Iterator[np.ndarray]:
        start = 0
        while chunk := list(islice(texts, batch_size * CHUNK_BATCHES)):
            for offset, text in enumerate(chunk):
                _check_text(text, f"texts[{start + offset}]")
            yield self._chunk_probabilities(chunk, batch_size, start)
            start += len(chunk)

    def _chunk_probabilities(self, texts: list[str], batch_size: int, start: int) -> np.ndarray:
        features = self._tokenize(texts, start)
        order = sorted(range(len(texts)), key=lambda i: len(features[i]["input_ids"]))  # dynamic padding
        probabilities = np.empty((len(texts), len(LABELS)))
        for first in range(0, len(order), batch_size):
            rows = order[first : first + batch_size]
            batch = self.tokenizer.pad([features[i] for i in rows], return_tensors="np")
            probabilities[rows] = _softmax(self._forward(batch))
        return probabilities

    def _tokenize(self, texts: list[str], start: int) -> list[dict[str, list[int]]]:
        """Token ids per text, each cut to the model's window (with a ``TruncationWarning`` when that happens)."""
        names = self.tokenizer.model_input_names
        with self._tokenizer_lock:
            encoding = self.tokenizer(texts, truncation=False, verbose=False)
            long = [i for i, ids in enumerate(encoding["input_ids"]) if len(ids) > self.max_length]
            if long:
                cut = self.tokenizer([texts[i] for i in long], truncation=True, max_length=self.max_length)
        features = [{name: encoding[name][i] for name in names} for i in range(len(texts))]
        if long:
            for j, i in enumerate(long):
                features[i] = {name: cut[name][j] for name in names}
            warnings.warn(
                f"{len(long)} text(s) exceed the model's {self.max_length}-token window and were truncated to it "
                f"(first: texts[{start + long[0]}]); only their beginning was classified",
                TruncationWarning,
                stacklevel=2,
            )
        return features

    def _forward(self, batch: Mapping[str, np.ndarray]) -> np.ndarray:
        """Logits, shape ``(len(batch), 3)``, for one padded batch."""
        inputs = {name: torch.from_numpy(array).to(self.device) for name, array in batch.items()}
        with torch.inference_mode():
            return self.model(**inputs).logits.float().cpu().numpy()


@overload
def classify(texts: str, *, batch_size: int = ..., device: str | torch.device | None = ...) -> Prediction: ...
@overload
def classify(
    texts: Iterable[str], *, batch_size: int = ..., device: str | torch.device | None = ...
) -> list[Prediction]: ...
def classify(
    texts: str | Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE, device: str | torch.device | None = None
) -> Prediction | list[Prediction]:
    """Classify one text (-> ``Prediction``) or many (-> ``list[Prediction]``, in input order).

    Uses the default model (``$STANCE_MODEL`` or the shipped one), loaded once per process and shared by threads.
    ``device=None`` means ``"auto"``.
    """
    return _default_classifier(device).classify(texts, batch_size=batch_size)


def classify_iter(
    texts: Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE, device: str | torch.device | None = None
) -> Iterator[Prediction]:
    """Like ``classify`` for an iterable of texts, but lazy and with bounded memory."""
    return _default_classifier(device).classify_iter(texts, batch_size=batch_size)


_default_classifiers: dict[tuple[Path, str], Classifier] = {}
_default_lock = threading.Lock()


def _default_classifier(device: str | torch.device | None) -> Classifier:
    key = (model_dir(), str(device or "auto"))
    with _default_lock:
        if key not in _default_classifiers:
            _default_classifiers[key] = Classifier.load(key[0], device=key[1])
        return _default_classifiers[key]


def _resolve_device(device: str | torch.device) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError):
        resolved = None
    if resolved is None or resolved.type not in ("cpu", "cuda"):
        raise ValueError(f"unsupported device {device!r}; use 'auto', 'cpu', 'cuda' or 'cuda:N'")
    if resolved.type == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(f"device {device!r} requested but CUDA is not available here; use 'auto' or 'cpu'")
        if resolved.index is not None and resolved.index >= torch.cuda.device_count():
            raise RuntimeError(f"device {device!r} requested but only {torch.cuda.device_count()} CUDA device(s) exist")
    return resolved


def _check_labels(config: PretrainedConfig) -> None:
    if dict(config.id2label) != ID2LABEL:
        raise ValueError(f"the model's labels {dict(config.id2label)} are not {ID2LABEL} (stance.LABELS in order)")


def _check_text(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{where} is {type(text).__name__}, expected str")
    if not text.strip():
        raise ValueError(f"{where} is empty or whitespace-only; there is no statement to classify")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"{where} is not valid Unicode (lone surrogate at index {error.start})") from None


def _iterable_of_texts(texts: Iterable[str]) -> Iterator[str]:
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise TypeError(f"expected a str or an iterable of str, got {type(texts).__name__}")
    return iter(texts)


def _checked_list(texts: Iterable[str]) -> list[str]:
    """All texts, each checked before any is classified."""
    texts = list(_iterable_of_texts(texts))
    for i, text in enumerate(texts):
        _check_text(text, f"texts[{i}]")
    return texts


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits.astype(np.float64) - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
