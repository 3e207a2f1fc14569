"""Who toward whom: net tone between two parties over ``stance analyze`` results.

A statement's dyad is (the party of its ``source_actor``, the party of its ``target_actor``): a country
(``IRN``), else the whole code of a body without one (``IGOUNO``); statements without both are left out.
Net tone is mean P(conciliatory) - mean P(hostile), as in ``stance.summary``.

    >>> [(d.source, d.target, d.statements) for d in dyad_summary(rows)]
    [('IRN', 'USA', 3)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from stance.actors import actor_from_code
from stance.analysis import ResultRow, parse_date
from stance.labels import LABELS
from stance.summary import net_tone, period_start

__all__ = ["Dyad", "DyadPoint", "dyad_of", "dyad_summary", "dyad_over_time", "parties"]


class Dyad(NamedTuple):
    """The statements of one source party toward one target party."""

    source: str
    target: str
    statements: int
    shares: Mapping[str, float]  # label -> share, in LABELS order
    net_tone: float


class DyadPoint(NamedTuple):
    """Net tone of one dyad in one period (``date`` is its first day) and the statements behind it."""

    source: str
    target: str
    date: date
    statements: int
    net_tone: float


def _party(code: str | None) -> str | None:
    actor = actor_from_code(code) if code else None
    return actor.party if actor else None


def dyad_of(row: ResultRow) -> tuple[str, str] | None:
    """(source party, target party) of a row, or ``None`` when either is unknown."""
    source, target = _party(row.source_actor), _party(row.target_actor)
    return (source, target) if source and target else None


def _groups(rows: Iterable[ResultRow]) -> dict[tuple[str, str], list[ResultRow]]:
    groups: dict[tuple[str, str], list[ResultRow]] = defaultdict(list)
    for row in rows:
        dyad = dyad_of(row)
        if dyad is not None:
            groups[dyad].append(row)
    return groups


def dyad_summary(rows: Iterable[ResultRow]) -> list[Dyad]:
    """One ``Dyad`` per (source, target) pair, most statements first, then by source and target."""
    dyads = [
        Dyad(source, target, len(group), {label: sum(r.label == label for r in group) / len(group) for label in LABELS},
             net_tone(group))
        for (source, target), group in _groups(rows).items()
    ]
    return sorted(dyads, key=lambda d: (-d.statements, d.source, d.target))


def dyad_over_time(rows: Iterable[ResultRow], period: str = "month") -> list[DyadPoint]:
    """Net tone per dyad per period for the rows that have a date; sorted by dyad, then date."""
    groups: dict[tuple[str, str, date], list[ResultRow]] = defaultdict(list)
    for (source, target), group in _groups(rows).items():
        for row in group:
            if row.date:
                groups[source, target, period_start(parse_date(row.date), period)].append(row)
    points = [DyadPoint(s, t, day, len(group), net_tone(group)) for (s, t, day), group in groups.items()]
    return sorted(points, key=lambda p: (p.source, p.target, p.date))


def parties(dyads: Iterable[Dyad], limit: int) -> tuple[list[str], list[str]]:
    """The ``limit`` sources and targets with the most statements: the rows and columns of a matrix."""
    sources: dict[str, int] = defaultdict(int)
    targets: dict[str, int] = defaultdict(int)
    for d in dyads:
        sources[d.source] += d.statements
        targets[d.target] += d.statements
    return _top(sources, limit), _top(targets, limit)


def _top(counts: Mapping[str, int], limit: int) -> list[str]:
    return sorted(counts, key=lambda p: (-counts[p], p))[:limit]
