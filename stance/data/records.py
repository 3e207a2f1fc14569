"""The one JSONL record format of every labelled file under ``data/`` (gold, reused and silver).

Each line is a JSON object with ``FIELDS``. ``read_records`` validates every line and stops at the first
malformed one with the file, the line number and what is allowed, so a bad row never slips into a build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from stance.labels import LABELS

FIELDS: tuple[str, ...] = (
    "id", "source", "doc_id", "start", "end", "speaker", "text", "label", "annotator", "notes",
)
_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "source": (str,), "doc_id": (str,), "start": (int,), "end": (int,),
    "speaker": (str, type(None)), "text": (str,), "label": (str,), "annotator": (str,), "notes": (str,),
}


class RecordError(ValueError):
    """A labelled data file has a malformed row."""


def validate(row: object, where: str) -> dict:
    """Return ``row`` if it is a valid record, else raise :class:`RecordError` naming ``where``."""
    if not isinstance(row, dict):
        raise RecordError(f"{where}: expected a JSON object with fields {', '.join(FIELDS)}")
    missing = [f for f in FIELDS if f not in row]
    if missing:
        raise RecordError(f"{where}: missing field(s) {', '.join(missing)}; every row needs {', '.join(FIELDS)}")
    for field, types in _TYPES.items():
        if not isinstance(row[field], types) or isinstance(row[field], bool):
            allowed = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise RecordError(f"{where}: field {field!r} is {type(row[field]).__name__}, expected {allowed}")
    if row["label"] not in LABELS:
        raise RecordError(f"{where}: unknown label {row['label']!r}; allowed: {', '.join(LABELS)}")
    if not row["text"].strip():
        raise RecordError(f"{where}: empty text")
    return row


def iter_jsonl(path: Path) -> Iterator[tuple[str, object]]:
    """``("FILE:LINE", parsed line)`` for each non-blank line; invalid JSON raises :class:`RecordError`."""
    with Path(path).open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                yield where, json.loads(line)
            except json.JSONDecodeError as err:
                raise RecordError(f"{where}: not valid JSON ({err.msg})") from None


def read_records(path: Path) -> list[dict]:
    """All records of a JSONL file, validated."""
    return [validate(row, where) for where, row in iter_jsonl(path)]


def write_records(rows: Iterable[dict], path: Path) -> int:
    """Write validated records as JSONL (fields in ``FIELDS`` order); returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for count, row in enumerate(rows, start=1):
            validate(row, f"{path}: row {count}")
            f.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    return count
