"""Every filesystem location the project uses, defined once.

Environment overrides:
    STANCE_MODEL    model directory used by ``classify`` (default: the shipped model)
    STANCE_CORPORA  folder holding the raw corpora (default: ``../shared/corpora`` beside the repository)
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DATA_DIR = REPO_DIR / "data"
ANNOTATIONS_DIR = DATA_DIR / "annotations"
CANDIDATES_DIR = DATA_DIR / "candidates"
REUSED_DIR = DATA_DIR / "reused"
SILVER_DIR = DATA_DIR / "silver"
DATASET_DIR = DATA_DIR / "build"
DATA_CONFIG = DATA_DIR / "config.json"


def _models_dir() -> Path:
    """``models/`` of the checkout this package runs from (whichever environment runs it), else the installed
    copy: the wheel ships it as the ``stance_models`` package."""
    spec = find_spec("stance_models")
    if (REPO_DIR / "pyproject.toml").is_file() or spec is None or not spec.submodule_search_locations:
        return REPO_DIR / "models"
    return Path(next(iter(spec.submodule_search_locations)))


MODELS_DIR = _models_dir()
MODEL_DIR = MODELS_DIR / "stance-minilm"  # the shipped model, in Hugging Face format


def model_dir() -> Path:
    """Model directory used by ``classify``: ``$STANCE_MODEL`` or the shipped model ``MODEL_DIR``."""
    return Path(os.environ.get("STANCE_MODEL") or MODEL_DIR)


def corpora_dir() -> Path:
    """Folder of the raw corpora: ``$STANCE_CORPORA`` or ``../shared/corpora`` beside the repository."""
    return Path(os.environ.get("STANCE_CORPORA", REPO_DIR.parent / "shared" / "corpora"))
