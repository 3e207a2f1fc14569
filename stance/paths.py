"""Every filesystem location the project uses, defined once.

Environment overrides:
    STANCE_MODEL    model directory used by ``classify`` (default: the shipped model)
    STANCE_ATTRIBUTION_MODEL  attribution tagger used by ``stance.attribution`` (default: the shipped one)
    STANCE_CORPORA  folder holding the raw corpora (default: ``../shared/corpora`` beside the repository)
    STANCE_ACTORS   compiled actor dictionaries used by ``stance.actors`` (default: the shipped ``ACTORS_FILE``)
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
CACHE_DIR = REPO_DIR / ".cache"  # downloaded teacher weights and training by-products, never committed
ACTORS_FILE = PACKAGE_DIR / "resources" / "actors.json.gz"  # compiled PETRARCH2 dictionaries (stance.cameo)
ACTOR_ADDITIONS_FILE = PACKAGE_DIR / "resources" / "additions.actors.txt"  # the project's own actor entries


def _models_dir() -> Path:
    """``models/`` of the checkout this package runs from (whichever environment runs it), else the installed
    copy: the wheel ships it as the ``stance_models`` package."""
    spec = find_spec("stance_models")
    if (REPO_DIR / "pyproject.toml").is_file() or spec is None or not spec.submodule_search_locations:
        return REPO_DIR / "models"
    return Path(next(iter(spec.submodule_search_locations)))


MODELS_DIR = _models_dir()
MODEL_DIR = MODELS_DIR / "stance-minilm"  # the shipped model, in Hugging Face format
ATTRIBUTION_MODEL_DIR = MODELS_DIR / "attribution-minilm"  # the attribution tagger (`make train-attribution`)


def in_repo(path: str | Path) -> Path:
    """``path`` as given when absolute, else relative to the repository (settings files store such paths)."""
    return Path(path) if Path(path).is_absolute() else REPO_DIR / path


def model_dir() -> Path:
    """Model directory used by ``classify``: ``$STANCE_MODEL`` or the shipped model ``MODEL_DIR``."""
    return Path(os.environ.get("STANCE_MODEL") or MODEL_DIR)


def attribution_model_dir() -> Path:
    """Tagger directory used by ``stance.attribution``: ``$STANCE_ATTRIBUTION_MODEL`` or ``ATTRIBUTION_MODEL_DIR``."""
    return Path(os.environ.get("STANCE_ATTRIBUTION_MODEL") or ATTRIBUTION_MODEL_DIR)


def corpora_dir() -> Path:
    """Folder of the raw corpora: ``$STANCE_CORPORA`` or ``../shared/corpora`` beside the repository."""
    return Path(os.environ.get("STANCE_CORPORA", REPO_DIR.parent / "shared" / "corpora"))


def cameo_actors_dir() -> Path:
    """Folder of the PETRARCH2 actor dictionaries that ``stance.cameo`` compiles into ``ACTORS_FILE``."""
    return corpora_dir() / "cameo" / "actors"


def actors_file() -> Path:
    """Compiled actor dictionaries used by ``stance.actors``: ``$STANCE_ACTORS`` or the shipped ``ACTORS_FILE``."""
    return Path(os.environ.get("STANCE_ACTORS") or ACTORS_FILE)
