"""Whom a statement is about or addressed to: the parties it names, the main target first.

    >>> find_targets("We will never negotiate with the U.S.", speaker=Actor("IRNGOV", "IRN", "GOV"))
    (Actor(code='USA', country='USA', type=None, entry='UNITED STATES OF AMERICA'),)

Rules:

* The targets are the actors named in the statement (``stance.actors``), in text order, one per party.
* A statement that names none but speaks of a third party by pronoun (*they*, *them*, *he*, *she*, *you* …)
  takes the actors of its sentence in the article (the quote's own words left out): *"We will make them
  pay," Khamenei said of the Americans* -> USA.
* The speaker's own actor is no target: a mention of the speaker's party with no type or the speaker's
  type (Khamenei, IRNGOV, on "Iran") is left out, so a statement about the speaker alone has no target. Another
  body of the same state stays (a foreign secretary on his country's army).
* The main target (first in the result) is the first party other than the speaker's own, then the others in
  text order.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from stance.actors import Actor, Mention, actor_index
from stance.quotes import split_sentences

__all__ = ["find_targets", "sentence_bounds"]

_THIRD_PARTY_RE = re.compile(r"\b(?:they|them|their|theirs|he|him|his|she|her|hers|you|your|yours)\b", re.I)


@lru_cache(maxsize=16)
def _sentences(article: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(article))


def sentence_bounds(article: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence(s) of ``article`` (``stance.quotes.split_sentences``) that hold
    ``article[start:end]``; ``(start, end)`` when none does."""
    spans = [(a, b) for a, b in _sentences(article) if a < max(end, start + 1) and start < b]
    return (min(spans[0][0], start), max(spans[-1][1], end)) if spans else (start, end)


def _is_self(actor: Actor, speaker: Actor | None) -> bool:
    return speaker is not None and actor.party == speaker.party and actor.type in (None, speaker.type)


def _order(mentions: list[Mention], speaker: Actor | None) -> tuple[Actor, ...]:
    seen: dict[tuple[str | None, str | None], Actor] = {}
    for mention in mentions:
        actor = mention.actor
        if actor.party is not None and not _is_self(actor, speaker):
            seen.setdefault((actor.party, actor.type), actor)
    actors = list(seen.values())
    own = speaker.party if speaker is not None else None
    return tuple([a for a in actors if a.party != own] + [a for a in actors if a.party == own])


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
