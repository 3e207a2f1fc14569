"""Every filesystem location the project uses, defined once.

Environment overrides:
    STANCE_MODEL    model directory used by ``classify`` (default: the shipped model)
    STANCE_CORPORA  folder holding the raw corpora (default: ``../shared/corpora`` beside the repository)
"""

from __future__ import annotations

import os
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


def corpora_dir() -> Path:
    """Folder of the raw corpora: ``$STANCE_CORPORA`` or ``../shared/corpora`` beside the repository."""
    return Path(os.environ.get("STANCE_CORPORA", REPO_DIR.parent / "shared" / "corpora"))
