"""Stance classification: ``classify`` for everyday use, ``Classifier`` to choose the model and device.

Bad input is refused, never skipped: a non-string raises ``TypeError`` and an empty, whitespace-only or
non-Unicode (lone surrogate) text raises ``ValueError``, each naming its position (``texts[3]``). Texts longer
than the model's window are truncated to it with a ``TruncationWarning``. Results always come back in input order.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib.util import find_spec
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, overload

import numpy as np

from stance.batching import bucket_width, length_sorted_batches, ordered_map
from stance.labels import ID2LABEL, LABELS
from stance.extras import require
from stance.onnx_backend import (
    INSTALL_HINT,
    ONNX_FILE,
    ONNX_INT8_FILE,
    OnnxModel,
    StaleExportError,
    onnxruntime_available,
)
from stance.paths import model_dir
from stance.torch_runner import IN_FLIGHT, LENGTH_BUCKETS, TorchRunner

if TYPE_CHECKING:
    import tokenizers
    import torch
    from transformers import PretrainedConfig, PreTrainedModel, PreTrainedTokenizerBase

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
DEFAULT_BATCH_SIZE = 32
CHUNK_BATCHES = 16  # texts are sorted by length within chunks of this many batches, which bounds memory
CUDA_TOKENIZER_WORKERS = 4  # default threads tokenizing ahead of the GPU (at most the CPU count)
BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
_ONNX_FILES = {"onnx": ONNX_FILE, "onnx-int8": ONNX_INT8_FILE}
TOKENIZER_FILE = "tokenizer.json"  # the fast (Rust) tokenizer; the ONNX backend reads it without transformers
TOKENIZER_CONFIG = "tokenizer_config.json"
SPECIAL_TOKENS = "special_tokens_map.json"
_CPU_DEVICE = re.compile(r"cpu(:\d+)?")
_CUDA_DEVICE = re.compile(r"cuda(:\d+)?")
_GPU_DEVICE_FILES = ("/dev/nvidiactl", "/dev/nvidia0", "/dev/kfd", "/dev/dxg")  # NVIDIA, ROCm, WSL
_NO_LIMIT = 2**31  # a window at least this large means none (the Rust tokenizer's lengths are machine words)
_VERY_LARGE = int(1e30)  # transformers' model_max_length when a tokenizer sets none
_GET_A_MODEL = "build one with `make train` in a stance checkout, or set STANCE_MODEL to a model directory"


class ModelError(OSError):
    """A model directory is missing, incomplete or unreadable."""


class _StaleExport(ModelError):
    """The folder's ONNX file was exported from other weights than its ``model.safetensors``."""


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
        if type(self.scores) is not _Scores:
            object.__setattr__(self, "scores", _Scores(self.scores))

    @classmethod
    def from_probabilities(cls, probabilities: Iterable[float]) -> Prediction:
        """Build from probabilities given in ``LABELS`` order."""
        scores = dict(zip(LABELS, map(float, probabilities), strict=True))
        label = max(LABELS, key=scores.__getitem__)  # ties go to the earlier label
        return cls(label, scores[label], scores)


class Classifier:
    """A sequence-classification model and its tokenizer, with batched, order-preserving inference.

    The backends share everything but the runner (padded batches -> logits): ``"torch"`` (the Hugging Face model;
    CPU or CUDA, where it computes under float16 autocast; ``stance.torch_runner``), ``"onnx"`` (``model.onnx`` on
    ONNX Runtime: CPU, fp32, the same results as torch, loaded without torch or transformers) and ``"onnx-int8"``
    (``model.int8.onnx``: faster, but it changes some labels). Tokenization is one fast-tokenizer call per batch, on
    batches of texts of similar length (dynamic padding). On CUDA ``tokenizer_workers`` threads tokenize ahead while
    the GPU works through the batches already launched (widths padded to ``LENGTH_BUCKETS``, CUDA graphs).
    """

    classes_ = LABELS  # scikit-learn name: column order of ``predict_proba``

    def __init__(
        self,
        model: PreTrainedModel,
        tokenizer: PreTrainedTokenizerBase,
        *,
        device: str | torch.device = "auto",
        tokenizer_workers: int | None = None,
        cuda_graphs: bool = True,
    ) -> None:
        """Wrap a Hugging Face model and tokenizer (the torch backend); ``Classifier.load`` reads a folder.

        ``tokenizer_workers`` and ``cuda_graphs`` are described in ``Classifier.load``.
        """
        _check_labels(model.config)
        self._device = _resolve_device(device)
        self.model = model.to(self._device).eval()
        self.tokenizer = tokenizer
        self.max_length = min(
            tokenizer.model_max_length, getattr(model.config, "max_position_embeddings", tokenizer.model_max_length)
        )
        self.backend = "torch"
        self._encode = _encoder_for(tokenizer, self.max_length)
        cuda = self._device.type == "cuda"
        self.tokenizer_workers = _tokenizer_workers(tokenizer_workers, cuda)
        self._runner: _Runner = TorchRunner(
            self.model,
            self._device,
            in_flight=IN_FLIGHT if cuda else 0,
            widths=LENGTH_BUCKETS if cuda else (),
            cuda_graphs=bool(cuda_graphs) and cuda,
        )

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        device: str | torch.device = "auto",
        backend: str = "auto",
        tokenizer_workers: int | None = None,
        cuda_graphs: bool = True,
    ) -> Classifier:
        """Load a model directory (Hugging Face format); ``None`` means ``$STANCE_MODEL`` or the shipped model.

        ``device``: ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"`` or ``"cuda:N"``. Weights are
        loaded as float32 whatever their dtype on disk (on CUDA the forward pass runs under float16 autocast).
        ``backend``: ``"torch"``; ``"onnx"`` (``model.onnx`` in the folder, written by ``stance export-onnx``; CPU
        only; needs onnxruntime); ``"onnx-int8"`` (``model.int8.onnx``, written by ``stance export-onnx --int8``;
        faster, less exact); or ``"auto"``: ``"onnx"`` on the CPU when ``model.onnx`` exists, fits the weights and
        onnxruntime is installed, else torch.
        ``tokenizer_workers``: threads that tokenize batches ahead of the model; ``None`` means
        ``CUDA_TOKENIZER_WORKERS`` (at most the CPU count) on CUDA and 0 (the calling thread) on the CPU, where they
        would compete with the model for the same cores. ``cuda_graphs``: on CUDA, run batches of common shapes as
        CUDA graphs (captured on first use of each shape, which takes GPU memory; see ``stance.torch_runner``).
        Raises ``ModelError`` naming the path when the directory (or the requested ONNX file) is missing, incomplete,
        unreadable or exported from other weights, and ``RuntimeError`` when an ONNX backend is asked for without
        onnxruntime installed.
        """
        if backend not in BACKENDS:
            raise ValueError(f"unsupported backend {backend!r}; use 'auto', 'torch', 'onnx' or 'onnx-int8'")
        path = Path(path) if path is not None else model_dir()
        device_name = _device_name(device, backend)
        if not path.is_dir():
            raise ModelError(f"no model directory at {path}; {_GET_A_MODEL}")
        for name, what in ((CONFIG_NAME, "model config"), (WEIGHTS_NAME, "model weights")):
            if not (path / name).is_file():
                raise ModelError(f"no {what} ({name}) in {path}; {_GET_A_MODEL}")
        workers = _tokenizer_workers(tokenizer_workers, device_name != "cpu")  # checked before loading anything
        if backend == "auto" and device_name == "cpu" and (path / ONNX_FILE).is_file() and onnxruntime_available():
            try:
                return cls._load_onnx(path, "onnx", workers)
            except _StaleExport as error:
                warnings.warn(f"{error}; using torch meanwhile", UserWarning, stacklevel=2)
        if backend in _ONNX_FILES:
            return cls._load_onnx(path, backend, workers)
        return cls._load_torch(path, _resolve_device(device_name), workers, cuda_graphs)

    @classmethod
    def _load_torch(cls, path: Path, device: torch.device, workers: int, cuda_graphs: bool) -> Classifier:
        import torch
        from safetensors import SafetensorError
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            model, info = AutoModelForSequenceClassification.from_pretrained(
                path,
                local_files_only=True,
                output_loading_info=True,
                dtype=torch.float32,  # fp16 on disk is storage only
            )
        except (OSError, ValueError, RuntimeError, SafetensorError) as error:
            raise ModelError(f"cannot load the model in {path} ({_first_line(error)}); {_GET_A_MODEL}") from error
        if info["missing_keys"] or info["mismatched_keys"]:
            keys = sorted(info["missing_keys"]) + [key for key, *_ in info["mismatched_keys"]]
            raise ModelError(
                f"the weights in {path} do not fit the model (missing or mismatched: {', '.join(keys)}); {_GET_A_MODEL}"
            )
        try:
            _check_labels(model.config)
        except ValueError as error:
            raise ModelError(f"{error} in {path}; {_GET_A_MODEL}") from error
        return cls(model, tokenizer, device=device, tokenizer_workers=workers, cuda_graphs=cuda_graphs)

    @classmethod
    def _load_onnx(cls, path: Path, backend: str, workers: int) -> Classifier:
        """An ONNX backend: onnxruntime, the ``tokenizers`` library and numpy; no torch, no transformers."""
        file = _ONNX_FILES[backend]
        if not (path / file).is_file():
            option = " --int8" if backend == "onnx-int8" else ""
            raise ModelError(
                f"no ONNX model ({file}) in {path}; write it with `stance export-onnx{option} --model {path}` "
                "(`make export-onnx` for the shipped model), or use backend='torch'"
            )
        if not onnxruntime_available():
            raise RuntimeError(f"backend={backend!r} needs onnxruntime, which is not installed; {INSTALL_HINT}")
        try:
            config = _read_json(path / CONFIG_NAME)
        except (OSError, ValueError) as error:
            raise ModelError(f"cannot load the model in {path} ({_first_line(error)}); {_GET_A_MODEL}") from error
        try:
            _check_id2label(config.get("id2label", {}))
        except ValueError as error:
            raise ModelError(f"{error} in {path}; {_GET_A_MODEL}") from error
        try:
            model = OnnxModel(path / file, config)
            model.check_weights(path / WEIGHTS_NAME)
            tokenizer, encode, max_length = _encoder_from_files(
                path, model.input_names, config.get("max_position_embeddings")
            )
        except StaleExportError as error:
            raise _StaleExport(f"{error}; {_GET_A_MODEL}") from error
        except ModelError:
            raise
        except Exception as error:  # onnxruntime's and tokenizers' errors derive from Exception only
            reason = _first_line(error)
            raise ModelError(f"cannot load the ONNX model in {path} ({reason}); {_GET_A_MODEL}") from error
        self = cls.__new__(cls)
        self._device, self.model, self.tokenizer, self.max_length = "cpu", model, tokenizer, max_length
        self.backend, self._encode, self.tokenizer_workers = backend, encode, workers
        self._runner = _Synchronous(model)
        return self

    @property
    def device(self) -> torch.device:
        """The ``torch.device`` the model runs on (always the CPU for the ONNX backend)."""
        if isinstance(self._device, str):
            import torch

            return torch.device(self._device)
        return self._device

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(model={self.model.name_or_path!r}, device='{self._device}', backend='{self.backend}')"

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
        chunks = self._iter_probabilities(_checked_list(texts), batch_size, read_ahead=True)
        return [prediction for probabilities in chunks for prediction in _predictions(probabilities)]

    def classify_iter(self, texts: Iterable[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Prediction]:
        """Lazily classify any iterable, holding at most ``batch_size * CHUNK_BATCHES`` texts at a time.

        Gives the same predictions as ``classify``; bad input raises when its chunk is reached.
        """
        chunks = self._iter_probabilities(texts, batch_size, read_ahead=False)  # checks the arguments now
        return chain.from_iterable(map(_predictions, chunks))

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
        chunks = list(self._iter_probabilities(_checked_list(texts), batch_size, read_ahead=True))
        return np.concatenate(chunks) if chunks else np.empty((0, len(LABELS)))

    def _iter_probabilities(self, texts: Iterable[str], batch_size: int, *, read_ahead: bool) -> Iterator[np.ndarray]:
        """Probability arrays, one per chunk of the input, rows in input order.

        ``read_ahead``: batches of the next chunk may be tokenized and run before this chunk's results are yielded
        (for texts already in memory); otherwise each chunk is read only once the previous one is done.
        """
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        chunks = _checked_chunks(_iterable_of_texts(texts), batch_size * CHUNK_BATCHES)
        if read_ahead:
            return self._probabilities(chunks, batch_size)
        return chain.from_iterable(self._probabilities([chunk], batch_size) for chunk in chunks)

    def _probabilities(self, chunks: Iterable[_Chunk], batch_size: int) -> Iterator[np.ndarray]:
        """Each chunk's probabilities: its batches tokenized (by the workers) and run ahead, in input order."""
        batches = ((chunk, rows) for chunk in chunks for rows in length_sorted_batches(chunk.texts, batch_size))
        prepared = ordered_map(
            partial(self._prepare, batch_size=batch_size),
            batches,
            workers=self.tokenizer_workers,
            ahead=max(2, 2 * self.tokenizer_workers),
        )
        staged = (((chunk, rows, cut), batch) for (chunk, rows), (batch, cut) in prepared)
        for (chunk, rows, cut), logits in self._runner.logits(staged):
            if chunk.add(rows, cut, _softmax(logits)):
                chunk.warn_truncated(self.max_length)
                yield chunk.probabilities

    def _prepare(self, batch: tuple[_Chunk, list[int]], batch_size: int) -> tuple[Any, list[int]]:
        """A batch tokenized and staged for the runner, and the positions in it that were truncated."""
        chunk, rows = batch
        encoded, cut = self._encode([chunk.texts[i] for i in rows], widths=self._runner.widths)
        return self._runner.stage(encoded, batch_size), cut


class _Runner(Protocol):
    """Padded batches -> logits: ``stage`` prepares one (in a tokenizer thread), ``logits`` runs them in order."""

    widths: tuple[int, ...]

    def stage(self, batch: Mapping[str, np.ndarray], batch_size: int) -> Any: ...

    def logits(self, items: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, np.ndarray]]: ...


class _Synchronous:
    """The runner of the ONNX backends: each batch runs in the calling thread when its turn comes."""

    widths: tuple[int, ...] = ()

    def __init__(self, model: OnnxModel) -> None:
        self._model = model

    def stage(self, batch: Mapping[str, np.ndarray], batch_size: int) -> Mapping[str, np.ndarray]:
        return batch

    def logits(self, items: Iterable[tuple[Any, Mapping[str, np.ndarray]]]) -> Iterator[tuple[Any, np.ndarray]]:
        return ((tag, self._model(batch)) for tag, batch in items)


@dataclass(eq=False)
class _Chunk:
    """A run of consecutive input texts (checked), and their probabilities as their batches come back."""

    start: int  # position of the first text in the whole input
    texts: list[str]
    probabilities: np.ndarray = field(init=False)
    truncated: list[int] = field(default_factory=list)  # rows truncated to the model's window
    missing: int = field(init=False)  # rows not yet filled

    def __post_init__(self) -> None:
        self.probabilities = np.empty((len(self.texts), len(LABELS)))
        self.missing = len(self.texts)

    def add(self, rows: list[int], cut: list[int], probabilities: np.ndarray) -> bool:
        """Fill ``rows`` (``cut``: positions among them that were truncated); ``True`` once every row is filled."""
        self.probabilities[rows] = probabilities
        self.truncated += [rows[j] for j in cut]
        self.missing -= len(rows)
        return self.missing == 0

    def warn_truncated(self, window: int) -> None:
        if self.truncated:
            warnings.warn(
                f"{len(self.truncated)} text(s) exceed the model's {window}-token window and were truncated to "
                f"it (first: texts[{self.start + min(self.truncated)}]); only their beginning was classified",
                TruncationWarning,
                stacklevel=4,
            )


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


_COLUMNS = ("input_ids", "attention_mask", "token_type_ids")  # model inputs the encoders can fill


class _FastEncoder:
    """One call of the Rust tokenizer per batch -> padded int64 arrays, and the positions of truncated texts.

    The tokenizer leaves the texts unpadded; numpy pads them (to the longest text, or to the smallest of ``widths``
    that holds it), which costs the host far less than reading padded columns back from every encoding. The arrays
    equal the tokenizer's own padded output.
    """

    def __init__(
        self,
        tokenizer: tokenizers.Tokenizer,
        names: Iterable[str],
        *,
        max_length: int,
        pad_token: str,
        pad_type_id: int = 0,
        padding_side: str = "right",
        truncation_side: str = "right",
    ) -> None:
        from tokenizers import Tokenizer

        own = Tokenizer.from_str(tokenizer.to_str())  # a private copy whose settings never change: no lock needed
        if max_length < _NO_LIMIT:
            own.enable_truncation(max_length, direction=truncation_side)
        else:
            own.no_truncation()
        own.no_padding()
        self._pad_id = own.token_to_id(pad_token)
        if self._pad_id is None:
            raise ValueError(f"the padding token {pad_token!r} is not in the tokenizer's vocabulary")
        if padding_side not in ("right", "left"):
            raise ValueError(f"unsupported padding side {padding_side!r}; use 'right' or 'left'")
        self._names, self._max_length, self._pad_type_id = list(names), max_length, pad_type_id
        self._left = padding_side == "left"
        self._encode_batch = getattr(own, "encode_batch_fast", own.encode_batch)  # without character offsets
        # A single text's type ids come from the post-processor's template, whatever the text: one probe tells
        # whether they are all 0 (BERT-like), so that they need not be read back from every encoding.
        self._zero_types = all(not any(e.type_ids) for e in own.encode_batch(["a", "a b. c"]))

    def __call__(self, texts: list[str], *, widths: Sequence[int] = ()) -> tuple[dict[str, np.ndarray], list[int]]:
        encodings = self._encode_batch(texts)
        ids = [encoding.ids for encoding in encodings]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        width = bucket_width(int(lengths.max()), widths)
        if self._left:
            filled = np.arange(width) >= (width - lengths)[:, None]
        else:
            filled = np.arange(width) < lengths[:, None]
        batch = {}
        for name in self._names:
            if name == "input_ids":
                batch[name] = _scatter(ids, filled, self._pad_id)
            elif name == "attention_mask":
                batch[name] = filled.astype(np.int64)
            elif self._zero_types:
                batch[name] = np.where(filled, 0, self._pad_type_id).astype(np.int64)
            else:
                batch[name] = _scatter([encoding.type_ids for encoding in encodings], filled, self._pad_type_id)
        truncated = [i for i in np.flatnonzero(lengths >= self._max_length).tolist() if encodings[i].overflowing]
        return batch, truncated


def _scatter(rows: list[list[int]], filled: np.ndarray, fill: int) -> np.ndarray:
    """A ``filled.shape`` int64 array: the values of ``rows`` where ``filled`` is true (row by row), else ``fill``."""
    array = np.full(filled.shape, fill, dtype=np.int64)
    array[filled] = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(filled.sum()))
    return array


class _PretrainedEncoder:
    """Fallback for a tokenizer without a Rust backend: two calls of the Hugging Face tokenizer per batch.

    It pads to the longest text of each batch whatever ``widths`` says (on CUDA such batches run eagerly).
    """

    def __init__(self, tokenizer: PreTrainedTokenizerBase, max_length: int) -> None:
        self._tokenizer, self._max_length = tokenizer, max_length
        self._lock = threading.Lock()  # the tokenizer's settings are mutated by every call

    def __call__(self, texts: list[str], *, widths: Sequence[int] = ()) -> tuple[dict[str, np.ndarray], list[int]]:
        with self._lock:
            lengths = self._tokenizer(texts, truncation=False, return_length=True, verbose=False)["length"]
            encoded = self._tokenizer(
                texts, padding=True, truncation=True, max_length=self._max_length, return_tensors="np", verbose=False
            )
        batch = {name: encoded[name].astype(np.int64) for name in self._tokenizer.model_input_names}
        return batch, [i for i, length in enumerate(lengths) if length > self._max_length]


def _encoder_for(tokenizer: PreTrainedTokenizerBase, max_length: int) -> _FastEncoder | _PretrainedEncoder:
    backend = getattr(tokenizer, "backend_tokenizer", None)
    names = list(tokenizer.model_input_names)
    if backend is None or tokenizer.pad_token is None or not set(names) <= set(_COLUMNS):
        return _PretrainedEncoder(tokenizer, max_length)
    return _FastEncoder(
        backend,
        names,
        max_length=max_length,
        pad_token=str(tokenizer.pad_token),
        pad_type_id=tokenizer.pad_token_type_id,
        padding_side=tokenizer.padding_side,
        truncation_side=tokenizer.truncation_side,
    )


def _encoder_from_files(
    path: Path, names: Iterable[str], max_positions: int | None
) -> tuple[tokenizers.Tokenizer, _FastEncoder, int]:
    """The tokenizer of a model folder, its batch encoder and the window, read without transformers."""
    from tokenizers import Tokenizer

    if not (path / TOKENIZER_FILE).is_file():
        raise ModelError(f"no tokenizer ({TOKENIZER_FILE}) in {path}; {_GET_A_MODEL}")
    tokenizer = Tokenizer.from_file(str(path / TOKENIZER_FILE))
    settings = _read_json(path / TOKENIZER_CONFIG) if (path / TOKENIZER_CONFIG).is_file() else {}
    special = _read_json(path / SPECIAL_TOKENS) if (path / SPECIAL_TOKENS).is_file() else {}
    window = settings.get("model_max_length") or _VERY_LARGE  # as transformers reads it
    max_length = min(window, max_positions if max_positions is not None else window)
    pad_token = settings.get("pad_token") or special.get("pad_token")
    if isinstance(pad_token, Mapping):  # a serialised AddedToken
        pad_token = pad_token.get("content")
    if not pad_token:
        raise ModelError(f"the tokenizer in {path} has no padding token; {_GET_A_MODEL}")
    names = list(names)
    if not set(names) <= set(_COLUMNS):
        raise ModelError(f"the ONNX model in {path} takes inputs {names}; expected some of {list(_COLUMNS)}")
    encoder = _FastEncoder(
        tokenizer,
        names,
        max_length=max_length,
        pad_token=pad_token,
        pad_type_id=settings.get("pad_token_type_id", 0),
        padding_side=settings.get("padding_side", "right"),
        truncation_side=settings.get("truncation_side", "right"),
    )
    return tokenizer, encoder, max_length


_default_classifiers: dict[tuple[Path, str], Classifier] = {}
_default_lock = threading.Lock()


def _default_classifier(device: str | torch.device | None) -> Classifier:
    key = (model_dir(), str(device or "auto"))
    with _default_lock:
        if key not in _default_classifiers:
            _default_classifiers[key] = Classifier.load(key[0], device=key[1])
        return _default_classifiers[key]


def _device_name(device: str | torch.device, backend: str) -> str:
    """``"cpu"`` or a CUDA device name, checked as ``_resolve_device`` does; imports torch only if CUDA may be used."""
    onnx = backend in _ONNX_FILES
    if device == "auto":
        name = "cpu" if onnx or not _cuda_available() else "cuda"
    elif isinstance(device, str) and _CPU_DEVICE.fullmatch(device):
        name = "cpu"
    elif onnx and isinstance(device, str) and _CUDA_DEVICE.fullmatch(device):
        name = device
    else:
        resolved = _resolve_device(device)
        name = "cpu" if resolved.type == "cpu" else str(resolved)
    if onnx and name != "cpu":
        raise ValueError(f"the ONNX backends run on the CPU only, not {device!r}; use device='cpu' or backend='torch'")
    return name


def _cuda_available() -> bool:
    """``torch.cuda.is_available()``, without importing torch where it cannot be true (CPU-only torch, no GPU)."""
    if "torch" not in sys.modules and not _gpu_possible():
        return False
    import torch

    return torch.cuda.is_available()


def _gpu_possible() -> bool:
    spec = find_spec("torch")
    if spec is None or spec.origin is None:
        return False
    try:
        version = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except OSError:
        return True  # cannot tell: ask torch
    builds = re.findall(r"^(?:cuda|hip)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", version, re.MULTILINE)
    if builds and all(value == "None" for value in builds):
        return False  # a CPU-only build of torch
    return not sys.platform.startswith("linux") or any(os.path.exists(file) for file in _GPU_DEVICE_FILES)


def _resolve_device(device: str | torch.device) -> torch.device:
    require("gpu" if str(device).startswith("cuda") else "torch", "the torch backend")
    import torch

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
    _check_id2label(config.id2label)


def _check_id2label(id2label: Mapping[Any, str]) -> None:
    try:
        labels = {int(key): value for key, value in id2label.items()}  # JSON keys are strings
    except (TypeError, ValueError):
        labels = dict(id2label)
    if labels != ID2LABEL:
        raise ValueError(f"the model's labels {labels} are not {ID2LABEL} (stance.LABELS in order)")


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        return json.load(file)


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


def _checked_chunks(texts: Iterator[str], size: int) -> Iterator[_Chunk]:
    """Consecutive chunks of ``size`` texts, each checked when it is read."""
    start = 0
    while chunk := list(islice(texts, size)):
        for offset, text in enumerate(chunk):
            _check_text(text, f"texts[{start + offset}]")
        yield _Chunk(start, chunk)
        start += len(chunk)


def _tokenizer_workers(workers: int | None, cuda: bool) -> int:
    if workers is None:
        return min(CUDA_TOKENIZER_WORKERS, os.cpu_count() or 1) if cuda else 0
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise ValueError(f"tokenizer_workers must be None (automatic) or an int >= 0, got {workers!r}")
    return workers


def _predictions(probabilities: np.ndarray) -> list[Prediction]:
    """``Prediction.from_probabilities`` for each row, built in bulk (the same label, ties to the earlier one)."""
    best = probabilities.argmax(axis=1).tolist()  # the first maximum, as ``max`` over LABELS
    return [
        Prediction(LABELS[i], row[i], _Scores(zip(LABELS, row)))
        for row, i in zip(probabilities.tolist(), best, strict=True)
    ]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits.astype(np.float64) - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
