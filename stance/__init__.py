"""stance: classify statements from international politics as hostile, conciliatory or neutral.

    >>> from stance import classify
    >>> classify("Iran rejects negotiations with the United States.").label
    'hostile'

Names are imported on first use, so ``import stance`` (and ``stance --help``) does not load torch.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from stance.labels import LABELS

if TYPE_CHECKING:
    from stance.analysis import QuoteStance, analyze  # noqa: F401
    from stance.attribution import extract_attributions  # noqa: F401
    from stance.classifier import Classifier, ModelError, Prediction, classify, classify_iter  # noqa: F401
    from stance.quotes import Quote, extract_quotes, split_sentences  # noqa: F401

# public name -> module that defines it
_EXPORTS = {
    "Classifier": "stance.classifier",
    "ModelError": "stance.classifier",
    "Prediction": "stance.classifier",
    "classify": "stance.classifier",
    "classify_iter": "stance.classifier",
    "QuoteStance": "stance.analysis",
    "analyze": "stance.analysis",
    "Quote": "stance.quotes",
    "extract_quotes": "stance.quotes",
    "split_sentences": "stance.quotes",
    "extract_attributions": "stance.attribution",
}

__all__ = ["LABELS", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
