"""Whom a statement is about or addressed to: the parties it names, the main target first.

    >>> find_targets("We will never negotiate with the U.S.", speaker=Actor("IRNGOV", "IRN", "GOV"))
    (Actor(code='USA', country='USA', type=None, entry='UNITED STATES OF AMERICA'),)

Rules:

* The targets are the actors named in the statement (``stance.actors``), in text order, one per party. The
  names are read in the statement's sentence, so a name the statement's edge cuts is the statement's
  (``… he does not believe the United`` | ``States will interfere`` -> USA).
* A role noun of a state's offices or parties that no party owns (``the government``, ``police``, ``members of
  parliament``; not ``Iran's army`` nor ``the army of Iran``: ``stance.actors.HOME_TYPES``) is the article's home
  country's (``stance.actors.home_country``: its dateline's, else the country it names most); an article
  without one leaves it no party.
* A surname alone is the person or body the article names in full with that last word (*Chavez* after
  *President Hugo Chavez* -> VENGOV), when the article's full mentions of it agree; before *administration*,
  *government*, *regime* or *cabinet* it is that person's government (*the Sharon government* -> ISRGOV,
  also by the office holder of the date when the article does not name them in full).
* A statement that names none takes the actors of the rest of its sentence in the article (the statement's
  own words left out): *"We will make them pay," Khamenei said of the Americans* -> USA; a fragment of a
  sentence takes the parties of the sentence around it. Nothing there: no target (the sentence before is not
  read: on the development half of ``data/actors/`` it gave more wrong targets than right ones).
* A country or city named as a place (``in Madagascar``, ``in Brussels``, ``at Guantanamo Bay, Cuba``, ``in Tashkent,
  Uzbekistan``: after *in*, *at*, *near*, *inside*, *across* or *throughout*) is where something happens, no party;
  not after a word that aims at a party (``aimed at Iran``, ``interfere in Venezuela``), nor after another
  country's name (``After talks in Geneva, Russia warned …``).
* A dateline that opens the statement or its sentence (``Seoul, Feb. 14 (Yonhap) --``) is no target, nor are
  the words that name the speaker (``US Attorney General John Ashcroft said …``).
* The speaker's own actor is no target: a mention of the speaker's country as a whole (Khamenei, IRNGOV, on
  "Iran"), of the speaker's own entry, or a body of the speaker's own country and type that is no entry
  (*the government*, *the Sharon government* said by a government) is left out, so a statement about the speaker
  alone has no target.
  Another body or person of the same state stays (a foreign secretary on his country's army, the attorney
  general on the Justice Department).
* The main target (first in the result) is the first party other than the speaker's own, then the others in
  text order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from operator import itemgetter

from stance.actors import (CITIES_FOR_BODIES, HOME_TYPES, Actor, Mention, actor_index, article_people, dateline,
                           find_agents, home_country, leaders_governments, merge_mentions, surname_key)
from stance.quotes import split_sentences

__all__ = ["find_targets", "mentioned_actors", "sentence_bounds"]

_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+(?:['’]s)?\b")
#: The words before a place: "in", "at Guantanamo Bay,", "in the"; group 1 is the word before the preposition.
_LOCATIVE_RE = re.compile(r"(?:\b([A-Za-z]+)\s+)?\b(?i:in|at|near|inside|across|throughout)\s+(?:the\s+)?"
                          r"(?:[A-Z][\w.'’-]*,?\s+){0,3}$")
#: Between a party and its role noun: "Iran army", "Iran's (new) army"; between a role noun and its party: "army
#: of (the)", "police in".
_OWNER_BEFORE_RE = re.compile(r"(?:(?<=['’]s)|['’]s)\s+(?:[a-z]+\s+){0,2}|\s*")
_OWNER_AFTER_RE = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?")
#: A role noun another word owns: "its army", "their new government".
_PRONOUN_OWNER_RE = re.compile(r"\b(?i:its|their|his|her|our|my|your)\s+(?:[a-z]+\s+){0,2}$")
#: Between two role nouns of one owner: "Iraq's government and army".
_ROLES_JOINED_RE = re.compile(r"\s*(?:,|and|or)\s*")
#: Words after which *in* or *at* leads to the party itself: "aimed at Iran", "interfere in Venezuela".
_AT_A_PARTY = frozenset("aimed directed pointed angry furious fired firing struck strike strikes lashed interfere "
                        "interfering interference meddle meddling meddled intervene intervening intervention".split())


@lru_cache(maxsize=16)
def _sentences(article: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(article))


def sentence_bounds(article: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence(s) of ``article`` (``stance.quotes.split_sentences``) that hold
    ``article[start:end]``; ``(start, end)`` when none does."""
    spans = _sentences(article)  # in text order, not overlapping
    first = bisect_right(spans, start, key=itemgetter(1))  # the first sentence ending after start
    last = bisect_left(spans, max(end, start + 1), key=itemgetter(0))  # past the last starting before end
    return (min(spans[first][0], start), max(spans[last - 1][1], end)) if first < last else (start, end)


def _is_self(actor: Actor, speaker: Actor | None) -> bool:
    """The speaker's own party as a whole, or the speaker's own entry (any of its type when it has none), or a
    body of the speaker's party and type that is no entry of the dictionaries (*the government*, *the Sharon
    government* in a government's statement)."""
    return speaker is not None and actor.party == speaker.party and (
        actor.type is None
        or actor.type == speaker.type and (actor.entry is None or speaker.entry in (None, actor.entry)))


def _outside(mentions: list[Mention], statement: str, speaker_text: str | None) -> list[Mention]:
    """``mentions`` outside each place where ``statement`` names the speaker (``US Attorney General John
    Ashcroft said …``: neither US Attorney General nor John Ashcroft is a target)."""
    if not speaker_text:
        return mentions
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(speaker_text), statement)]
    return [m for m in mentions if not any(a < m.end and m.start < b for a, b in spans)]


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
    speaker_text: str | None = None,
) -> tuple[Actor, ...]:
    """The parties ``statement`` is about or addressed to, the main target first (rules in the module
    docstring). ``article``, ``start`` and ``end`` (the statement's offsets in it) give the surnames and the
    sentence; ``speaker`` is the speaker's own actor and ``speaker_text`` the words that name the speaker (left
    out where they occur); ``day`` picks the dictionaries' codes of that date."""
    if article is None or start is None or end is None:
        opening = _opening(statement)
        return _order([m for m in _named(statement, article, day, speaker_text) if m.start >= opening], speaker)
    left, right = sentence_bounds(article, start, end)
    sentence = article[left:right]
    opening = _opening(sentence)
    named = [m for m in _named(sentence, article, day, speaker_text) if m.start >= opening]
    first, last = start - left, end - left  # the statement's offsets in its sentence
    mentions = [m for m in named if m.end > first and m.start < last]  # a name the statement cuts is its own
    return _order(mentions or [m for m in named if m.end <= first or m.start >= last], speaker)


def _opening(text: str) -> int:
    """Where ``text`` starts past a dateline that opens it (``Seoul, Feb. 14 (Yonhap) --``), else 0."""
    place = dateline(text)
    return place.end if place is not None and not text[: place.start].strip() else 0


def mentioned_actors(text: str, *, article: str | None = None, day: date | None = None) -> list[Mention]:
    """Every actor ``text`` names (the dictionaries, a government named by its leader, the surnames of the
    article's people and the home country's bare roles), places and the speaker's words included: what the rules
    choose the targets from."""
    mentions = merge_mentions(actor_index().find(text, day=day, article=article),
                              leaders_governments(text, article, day))
    if article is not None:
        people = article_people(article, day)
        mentions = merge_mentions(mentions, (Mention(people[surname_key(m.group())], m.start(), m.end(), m.group())
                                      for m in _CAPITALISED_RE.finditer(text) if surname_key(m.group()) in people))
        mentions = merge_mentions(mentions, _home_roles(text, mentions, article, day))
    return mentions


def _named(text: str, article: str | None, day: date | None, speaker_text: str | None) -> list[Mention]:
    """The actors ``text`` names as parties, outside the speaker's words."""
    mentions = mentioned_actors(text, article=article, day=day)
    mentions = [m for m in mentions if not _is_place(m) or not _named_as_place(m, text, mentions)]
    return _outside(mentions, text, speaker_text)


def _home_roles(text: str, named: list[Mention], article: str, day: date | None) -> list[Mention]:
    """The role nouns of a state's offices in ``text`` (``HOME_TYPES``: ``the government``, ``police``) that no
    party of ``named`` owns (``Iran's new army``, ``the army of Iran``, ``police in Karachi``) and no possessive
    pronoun does (``its army``), as the article's home country's; a role joined to an owned one (``Iraq's
    government and army``) is owned too."""
    home = home_country(article, day)
    if home is None:
        return []
    parties = [(m.start, m.end) for m in named]
    roles: list[tuple[int, int]] = []  # the role nouns owned so far
    found = []
    for kind, start, end in find_agents(text):
        if _PRONOUN_OWNER_RE.search(text, 0, start) or any(
                a < end and start < b or _OWNER_BEFORE_RE.fullmatch(text, b, start)
                or _OWNER_AFTER_RE.fullmatch(text, end, a) for a, b in parties) or any(
                _ROLES_JOINED_RE.fullmatch(text, b, start) for _, b in roles):
            roles.append((start, end))
        elif kind in HOME_TYPES:
            found.append(Mention(Actor(home + kind, home, kind), start, end, text[start:end]))
    return found


def _is_place(mention: Mention) -> bool:
    """A country or city, or a city named for a body (``Brussels``: ``CITIES_FOR_BODIES``)."""
    return mention.actor.type is None or mention.text.upper() in CITIES_FOR_BODIES


def _named_as_place(mention: Mention, text: str, mentions: list[Mention]) -> bool:
    """Whether a country or city is named as where something happens (``in Tashkent, Uzbekistan``), not as a
    party: after *in*, *at* … that no verb like *aimed* governs, with no other country's name between."""
    match = _LOCATIVE_RE.search(text, 0, mention.start)
    return match is not None and (match.group(1) or "").lower() not in _AT_A_PARTY and not any(
        match.start() <= n.start and n.end <= mention.start and n.actor.country != mention.actor.country
        for n in mentions)  # "After talks in Geneva, Russia warned …": Russia is a party
