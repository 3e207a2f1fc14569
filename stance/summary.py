"""Per-speaker figures over ``stance analyze`` results: pure functions over ``ResultRow``s, plus a reader.

A row's speaker is its ``speaker_id`` (the same person across articles), else its ``canonical_speaker``; rows
without one (and phrases that are no speaker, whose ``canonical_speaker`` is ``None``) are grouped under
``None`` (shown as ``(unattributed)``). Results written before ``speaker_id`` existed are read with the actor
fields ``None``. Net tone is mean P(conciliatory) - mean P(hostile): from -1 (all hostile) to +1 (all
conciliatory).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from stance.analysis import ACTOR_FIELDS, RESULT_FIELDS, ResultRow, parse_date
from stance.labels import KINDS, LABELS

UNATTRIBUTED = "(unattributed)"


class SpeakerSummary(NamedTuple):
    """The statements of one speaker: how many, the share of each label, mean P(hostile), net tone, extremes."""

    speaker: str | None
    statements: int
    shares: Mapping[str, float]  # label -> share of the speaker's statements, in LABELS order
    mean_p_hostile: float
    net_tone: float
    most_hostile: ResultRow  # highest P(hostile); the first one on ties
    most_conciliatory: ResultRow  # highest P(conciliatory); the first one on ties
    indirect: int = 0  # how many of the statements are reported speech (kind "indirect")


class TonePoint(NamedTuple):
    """Net tone of one speaker's statements in one period (``date`` is its first day)."""

    speaker: str | None
    date: date
    statements: int
    net_tone: float


def speaker_of(row: ResultRow) -> str | None:
    """``speaker_id``, else ``canonical_speaker`` (``None`` for a phrase that is not a speaker)."""
    return row.speaker_id or row.canonical_speaker or None


def net_tone(rows: Iterable[ResultRow]) -> float:
    """Mean P(conciliatory) - mean P(hostile) of ``rows`` (which must not be empty)."""
    rows = list(rows)
    if not rows:
        raise ValueError("net tone of no statements")
    return sum(r.p_conciliatory for r in rows) / len(rows) - sum(r.p_hostile for r in rows) / len(rows)


def _by_speaker(rows: Iterable[ResultRow]) -> dict[str | None, list[ResultRow]]:
    groups: dict[str | None, list[ResultRow]] = defaultdict(list)
    for row in rows:
        groups[speaker_of(row)].append(row)
    return groups


def summarise(rows: Iterable[ResultRow]) -> list[SpeakerSummary]:
    """One ``SpeakerSummary`` per speaker, most statements first (then by name, unattributed last)."""
    summaries = []
    for speaker, group in _by_speaker(rows).items():
        n = len(group)
        summaries.append(
            SpeakerSummary(
                speaker,
                n,
                {label: sum(r.label == label for r in group) / n for label in LABELS},
                sum(r.p_hostile for r in group) / n,
                net_tone(group),
                max(group, key=lambda r: r.p_hostile),  # max keeps the first of equal maxima
                max(group, key=lambda r: r.p_conciliatory),
                sum(r.kind == "indirect" for r in group),
            )
        )
    return sorted(summaries, key=lambda s: (-s.statements, s.speaker is None, s.speaker or ""))


PERIODS = ("day", "week", "month")


def period_start(day: date, period: str) -> date:
    """First day of the ``period`` (``day``, ``week`` starting on Monday, or ``month``) that holds ``day``."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")


def tone_over_time(rows: Iterable[ResultRow], period: str = "day") -> list[TonePoint]:
    """Net tone per speaker per period, for the rows that have a date; sorted by speaker, then date."""
    groups: dict[tuple[str | None, date], list[ResultRow]] = defaultdict(list)
    for row in rows:
        if row.date:
            groups[speaker_of(row), period_start(parse_date(row.date), period)].append(row)
    points = [TonePoint(speaker, day, len(group), net_tone(group)) for (speaker, day), group in groups.items()]
    return sorted(points, key=lambda p: (p.speaker is None, p.speaker or "", p.date))


def top_statements(rows: Iterable[ResultRow], label: str, n: int = 5) -> list[ResultRow]:
    """The ``n`` rows labelled ``label`` with the highest probability of it, highest first."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    chosen = [r for r in rows if r.label == label]
    return sorted(chosen, key=lambda r: -r.probability(label))[:n]


# ------------------------------------------------------------------------------------------ reading results

def row_from_mapping(record: Mapping[str, object], where: str) -> ResultRow:
    """A ``ResultRow`` from a JSON object or CSV row (strings), checked; ``ValueError`` naming ``where``."""
    optional_fields = {"kind", *ACTOR_FIELDS}  # older files lack them
    missing = [name for name in RESULT_FIELDS if name not in record and name not in optional_fields]
    if missing:
        raise ValueError(f"{where}: missing field(s) {', '.join(missing)}; is this `stance analyze` output?")

    def optional(name: str) -> str | None:
        value = record[name]
        if value is None or value == "":
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError(f"{where}: {name} is {type(value).__name__}, expected a string")
        return str(value)

    try:
        start, end = (int(record[name]) for name in ("start", "end"))  # type: ignore[call-overload]
        probabilities = [float(record[f"p_{label}"]) for label in LABELS]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{where}: start and end must be integers and p_* numbers") from None
    if not all(0.0 <= p <= 1.0 for p in probabilities):
        raise ValueError(f"{where}: probabilities must lie between 0 and 1")
    label = record["label"]
    if label not in LABELS:
        raise ValueError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
    statement = record["statement"]
    if not isinstance(statement, str):
        raise ValueError(f"{where}: statement is {type(statement).__name__}, expected a string")
    kind = record.get("kind") or "direct"
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    day = optional("date")
    if day is not None:
        try:
            parse_date(day)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
    actors = {name: optional(name) if name in record else None for name in ACTOR_FIELDS}
    return ResultRow(
        optional("article"), day, optional("speaker"), optional("canonical_speaker"), statement, start, end,
        str(label), *probabilities, kind=str(kind), **actors,
    )


def read_results(source: str) -> list[ResultRow]:
    """The rows of a ``stance analyze`` output: a ``.csv`` file, else JSON lines (a file, or ``-`` for stdin)."""
    if source == "-":
        name, text = "<stdin>", sys.stdin.read()
    else:
        try:
            text = Path(source).read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"{source}: not UTF-8 text ({error.reason} at byte {error.start})") from None
        name = source
    if source.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        return [row_from_mapping(record, f"{name}:{reader.line_num}") for record in reader]
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{name}:{number}: not a JSON object ({error.msg})") from None
        if not isinstance(record, dict):
            raise ValueError(f"{name}:{number}: not a JSON object")
        rows.append(row_from_mapping(record, f"{name}:{number}"))
    return rows
