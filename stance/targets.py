"""Whom a statement is about or addressed to: the parties it names, the main target first.

    >>> find_targets("We will never negotiate with the U.S.", speaker=Actor("IRNGOV", "IRN", "GOV"))
    (Actor(code='USA', country='USA', type=None, entry='UNITED STATES OF AMERICA'),)

Rules:

* The targets are the actors named in the statement (``stance.actors``), in text order, one per party.
* A statement that names none but speaks of a third party by pronoun (*they*, *them*, *he*, *she*, *you* …)
  takes the actors of its sentence in the article (the quote's own words left out): *"We will make them
  pay," Khamenei said of the Americans* -> USA.
* The main target (first in the result) is the first party other than the speaker's own; the speaker's own
  party is the main target only when no other is named.
"""

from __future__ import annotations

import re
from datetime import date

from stance.actors import Actor, Mention, actor_index

__all__ = ["find_targets", "sentence_bounds"]

_THIRD_PARTY_RE = re.compile(r"\b(?:they|them|their|theirs|he|him|his|she|her|hers|you|your|yours)\b", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’')\]]*\s|\n")


def sentence_bounds(article: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence(s) of ``article`` that hold ``article[start:end]``."""
    left = 0
    for match in _SENTENCE_END_RE.finditer(article, 0, start):
        left = match.end()
    right = _SENTENCE_END_RE.search(article, end)
    return left, right.start() + 1 if right else len(article)


def _order(mentions: list[Mention], speaker: Actor | None) -> tuple[Actor, ...]:
    seen: dict[str | None, Actor] = {}
    for mention in mentions:
        party = mention.actor.party
        if party is not None and party not in seen:
            seen[party] = mention.actor
    actors = list(seen.values())
    own = speaker.party if speaker is not None else None
    others = [a for a in actors if a.party != own]
    return tuple(others + [a for a in actors if a.party == own]) if others else tuple(actors)


def find_targets(
    statement: str,
    *,
    speaker: Actor | None = None,
    article: str | None = None,
    start: int | None = None,
    end: int | None = None,
    day: date | None = None,
) -> tuple[Actor, ...]:
    """The parties ``statement`` is about or addressed to, the main target first (rules in the module
    docstring). ``article``, ``start`` and ``end`` (the statement's offsets in it) give the sentence for
    pronouns; ``speaker`` is the speaker's own actor; ``day`` picks the dictionaries' codes of that date."""
    index = actor_index()
    mentions = index.find(statement, day=day)
    if not mentions and article is not None and start is not None and end is not None and (
        _THIRD_PARTY_RE.search(statement)
    ):
        left, right = sentence_bounds(article, start, end)
        mentions = index.find(article[left:start], day=day) + index.find(article[end:right], day=day)
    return _order(mentions, speaker)
