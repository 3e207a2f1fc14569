"""ONNX Runtime backend: the CPU fast path, which needs neither torch nor transformers at run time.

``export(model_dir)`` (``stance export-onnx``, ``make export-onnx``) writes, next to the weights:

* ``ONNX_FILE`` (``model.onnx``, about 150 kB): the graph only. ``torch.onnx.export`` (opset ``OPSET``, dynamic batch
  and sequence axes, eager attention) traces the model; every weight is then replaced by a reference into
  ``model.safetensors`` (ONNX external data: the same fp16 bytes, cast to fp32 and transposed once when ONNX Runtime
  loads the graph). Computation is fp32, so it agrees with the torch backend to about 1e-6, and the shipped folder
  holds the weights once.
* with ``int8=True``, also ``ONNX_INT8_FILE`` (``model.int8.onnx``, about 23 MB, self-contained):
  ``onnxruntime.quantization.quantize_dynamic`` with int8 weights per output channel and activations quantised on
  the fly, per batch. About 1.8 times as fast again, but it moves probabilities by up to 0.35 and flips about 4 % of
  the labels of the shipped model on the gold test split (see the README's Speed section), so it is opt-in
  (``backend="onnx-int8"``), never picked by ``"auto"``.

Both files record a fingerprint of the weights they were exported from; loading one against other weights (after
``make train``) is refused with a message saying to export again.

``OnnxModel`` runs a file with ONNX Runtime on the CPU: intra-op threads = usable cores (capped by ``OMP_NUM_THREADS``), all graph optimisations,
idle threads sleeping rather than spinning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import tempfile
import warnings
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from stance.extras import require

ONNX_FILE = "model.onnx"  # fp32 graph whose weights are model.safetensors (external data)
ONNX_INT8_FILE = "model.int8.onnx"  # dynamic int8 quantisation, self-contained
WEIGHTS_FILE = "model.safetensors"
OPSET = 17
OUTPUT_NAME = "logits"
FINGERPRINT_KEY = "stance.weights_fingerprint"
INSTALL_HINT = "pip install 'stance[onnx]' (onnxruntime, onnx, onnxscript)"
_SAFETENSORS_TYPES = {"F16": (np.float16, 10), "F32": (np.float32, 1), "BF16": (None, 16)}  # numpy, onnx type


class StaleExportError(ValueError):
    """An ONNX file was exported from other weights than the folder's ``model.safetensors``."""


def onnxruntime_available() -> bool:
    """Whether onnxruntime can be imported (checked without importing it)."""
    return find_spec("onnxruntime") is not None


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask), at least 1, and at most ``$OMP_NUM_THREADS``.

    ``OMP_NUM_THREADS`` is the usual cap on a process's compute threads; Ray sets it to a worker's ``num_cpus``.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    cap = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, min(cores, int(cap)) if cap.isdigit() and int(cap) > 0 else cores)


def weights_fingerprint(path: str | os.PathLike[str]) -> str:
    """Size and SHA-256 of a weights file (about 0.08 s for the shipped model's 45 MB)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return f"{Path(path).stat().st_size}:{digest.hexdigest()}"


class OnnxModel:
    """An ONNX Runtime session on the CPU: padded batch (numpy int arrays) -> logits. Thread-safe."""

    def __init__(self, path: str | os.PathLike[str], config: Mapping[str, Any], *, threads: int | None = None) -> None:
        if not onnxruntime_available():
            raise RuntimeError(f"the ONNX backend needs onnxruntime, which is not installed; {INSTALL_HINT}")
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or usable_cores()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only
        # Idle worker threads sleep instead of spinning: on a busy machine spinning cost a third of the throughput
        # (145 against 229 statements/s on 2 shared cores) and doubled the single-statement latency.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.path = Path(path)
        self.config = dict(config)
        self.name_or_path = str(self.path.parent)
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        self.input_names = tuple(node.name for node in self.session.get_inputs())
        self.metadata = dict(self.session.get_modelmeta().custom_metadata_map)

    def check_weights(self, weights: str | os.PathLike[str]) -> None:
        """Raise ``StaleExportError`` unless this file was exported from ``weights`` (as it is now)."""
        recorded = self.metadata.get(FINGERPRINT_KEY)
        if recorded is not None and recorded != weights_fingerprint(weights):
            raise StaleExportError(
                f"{self.path} was exported from other weights than {weights}; export it again with "
                f"`stance export-onnx --model {self.path.parent}`"
            )

    def __call__(self, batch: Mapping[str, np.ndarray]) -> np.ndarray:
        feeds = {name: np.ascontiguousarray(batch[name], dtype=np.int64) for name in self.input_names}
        return self.session.run([OUTPUT_NAME], feeds)[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"


def export(model_dir: str | os.PathLike[str], *, int8: bool = False) -> list[Path]:
    """Write ``ONNX_FILE`` (and ``ONNX_INT8_FILE`` when ``int8``) into ``model_dir``; returns the paths written.

    Each file is written atomically (a temporary file renamed at the end).
    """
    if not onnxruntime_available() or find_spec("onnx") is None:
        raise RuntimeError(f"exporting to ONNX needs onnx and onnxruntime; {INSTALL_HINT}")
    require("onnx", "exporting to ONNX")
    model_dir = Path(model_dir)
    weights = model_dir / WEIGHTS_FILE
    if not weights.is_file():
        raise FileNotFoundError(
            f"no model weights ({WEIGHTS_FILE}) in {model_dir}; train one with `make train`, or pass --model DIR"
        )
    import onnx

    fingerprint = weights_fingerprint(weights)
    with tempfile.TemporaryDirectory(prefix="stance-onnx-") as tmp:
        fp32 = Path(tmp) / "model.fp32.onnx"
        _trace(model_dir, fp32)
        graph = onnx.load(fp32)
        _set_metadata(graph, fingerprint)
        written = [_write(onnx, _weights_by_reference(graph, weights), model_dir / ONNX_FILE)]
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantized = Path(tmp) / ONNX_INT8_FILE
            root = logging.getLogger()  # quantize_dynamic logs a pre-processing tip on the root logger
            level = root.level
            root.setLevel(logging.ERROR)
            try:
                quantize_dynamic(fp32, quantized, weight_type=QuantType.QInt8, per_channel=True)
            finally:
                root.setLevel(level)
            model = onnx.load(quantized)
            _set_metadata(model, fingerprint)
            written.append(_write(onnx, model, model_dir / ONNX_INT8_FILE))
    return written


def _trace(model_dir: Path, output: Path) -> None:
    """``torch.onnx.export`` of the model in fp32: input names of its tokenizer, output ``logits``."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir, local_files_only=True, dtype=torch.float32, attn_implementation="eager"
    ).eval()
    names = list(tokenizer.model_input_names)
    examples = ["an example statement", "a second, longer example statement"]
    example = tokenizer(examples, padding=True, return_tensors="pt")

    class Logits(torch.nn.Module):  # positional inputs in ``names`` order -> logits only
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(names, inputs, strict=True))).logits

    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches BERT never takes
        torch.onnx.export(
            Logits(),
            tuple(example[name] for name in names),
            str(output),
            input_names=names,
            output_names=[OUTPUT_NAME],
            dynamic_axes={**{name: {0: "batch", 1: "sequence"} for name in names}, OUTPUT_NAME: {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter gives a plain graph that ONNX Runtime optimises well
            do_constant_folding=True,
        )


def _weights_by_reference(model: Any, weights: Path) -> Any:
    """Replace each initializer equal to a tensor of ``weights`` (or to its transpose) by a reference into it."""
    from onnx import TensorProto, helper, numpy_helper

    stored = _safetensors_index(weights)
    by_shape: dict[tuple[int, ...], list[str]] = {}
    for name, (array, *_) in stored.items():
        by_shape.setdefault(array.shape, []).append(name)
    graph = model.graph
    loaders = []
    for initializer in list(graph.initializer):
        value = numpy_helper.to_array(initializer)
        if value.dtype != np.float32 or value.ndim == 0:
            continue
        match = _find(value, stored, by_shape)
        if match is None:
            continue  # stays in the graph file
        source, transposed = match
        array, onnx_type, offset, length = stored[source]
        reference = TensorProto(name=f"{initializer.name}::stored", data_type=onnx_type, dims=list(array.shape))
        reference.data_location = TensorProto.EXTERNAL
        for key, item in (("location", weights.name), ("offset", str(offset)), ("length", str(length))):
            entry = reference.external_data.add()
            entry.key, entry.value = key, item
        graph.initializer.remove(initializer)
        graph.initializer.append(reference)
        cast = f"{initializer.name}::fp32" if transposed else initializer.name
        loaders.append(helper.make_node("Cast", [reference.name], [cast], to=TensorProto.FLOAT, name=f"{cast}::cast"))
        if transposed:
            loaders.append(
                helper.make_node("Transpose", [cast], [initializer.name], perm=[1, 0], name=f"{cast}::transpose")
            )
    nodes = loaders + list(graph.node)  # constant subgraphs: ONNX Runtime folds them once, at load time
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def _find(
    value: np.ndarray, stored: dict[str, tuple], by_shape: dict[tuple[int, ...], list[str]]
) -> tuple[str, bool] | None:
    for transposed in (False, True) if value.ndim == 2 else (False,):
        target = value.T if transposed else value
        for name in by_shape.get(target.shape, []):
            if np.array_equal(stored[name][0].astype(np.float32), target):
                return name, transposed
    return None


def _safetensors_index(path: Path) -> dict[str, tuple[np.ndarray, int, int, int]]:
    """name -> (array, ONNX element type, byte offset in the file, byte length), for float tensors numpy can read."""
    with path.open("rb") as file:
        (size,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r")
    start = 8 + size
    index = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] not in _SAFETENSORS_TYPES:
            continue
        dtype, onnx_type = _SAFETENSORS_TYPES[info["dtype"]]
        if dtype is None:
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[start + begin : start + end], dtype=dtype).reshape(info["shape"])
        index[name] = (array, onnx_type, start + begin, end - begin)
    return index


def _set_metadata(model: Any, fingerprint: str) -> None:
    for entry in list(model.metadata_props):
        if entry.key == FINGERPRINT_KEY:
            model.metadata_props.remove(entry)
    entry = model.metadata_props.add()
    entry.key, entry.value = FINGERPRINT_KEY, fingerprint


def _write(onnx: Any, model: Any, path: Path) -> Path:
    partial = path.with_name(path.name + ".tmp")
    try:
        onnx.save(model, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
