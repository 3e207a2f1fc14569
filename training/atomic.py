"""Write a model folder atomically: into a temporary sibling folder, swapped in at the very end."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


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
