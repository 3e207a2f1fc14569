"""Optional dependencies: the default install classifies with ONNX Runtime; torch-only features need an extra.

``pip install stance`` brings the CPU fast path (onnxruntime, tokenizers, numpy, tqdm). The extras:

    stance[torch]   torch and transformers: the torch backend (``backend="torch"``, or no ``model.onnx``)
    stance[gpu]     the same, for ``device="cuda"``
    stance[onnx]    ``stance export-onnx``: onnx and onnxscript besides torch and transformers
    stance[train]   ``make data``, ``make train``, ``make eval``: also datasets and scikit-learn
"""

from __future__ import annotations

from importlib.util import find_spec

#: The modules each torch-only extra provides, as checked by :func:`require`.
EXTRA_MODULES = {
    "torch": ("torch", "transformers"),
    "gpu": ("torch", "transformers"),
    "onnx": ("torch", "transformers", "onnx", "onnxscript"),
    "train": ("torch", "transformers", "datasets", "sklearn"),
}


class MissingExtraError(ImportError):
    """A feature needs packages of an extra that is not installed; the message names the extra."""


def require(extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` naming ``pip install 'stance[extra]'`` when a module of it is missing."""
    missing = [name for name in EXTRA_MODULES[extra] if find_spec(name) is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise MissingExtraError(
            f"{feature} needs {', '.join(missing)}, which {verb} not installed; pip install 'stance[{extra}]'"
        )
