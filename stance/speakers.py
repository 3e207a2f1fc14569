"""Who a speaker is: a name apart from its role, an id that is the same across articles, and an actor.

    >>> describe_speaker("Army Lt. Col. William Costello")
    Speaker(speaker_id='William Costello', role='Army Lt. Col.', actor=Actor(code='MIL', ...))

Rules:

* **Not a speaker.** A phrase is left out (``None``) when it is a document (``the document``, ``the study``,
  ``a press release of …``, ``the judge's decision``, ``the data``), a page element (``view picture of
  Garcia Ponce``), starts with a pronoun or ``this``/``that`` with no role noun after it (``we view this``; not
  ``this Supreme Court nominee``, ``One of the officials``), ends with a preposition
  (``Text of``), or holds only function words and adverbs (``More``, ``Shortly thereafter``).
* **Role and name.** The name is the run of capitalised words at the end of the phrase back to a title or
  role word (role nouns of the agents dictionary, ranks, honorifics: ``Defense Secretary``, ``Army Lt.
  Col.``), without a trailing ``of <country>``; the role is what comes before it. A phrase that starts in lower
  case or with *The* has a name only in capitalised words at its end that hold a title or follow a word in lower
  case, no preposition, article or quantifier, and are no body of the dictionaries (``her spokesman Rigoberto
  Tiglao``, ``the financier George Soros``; not ``the senator from Texas``, ``The Russian Foreign Ministry``,
  ``every Republican``); a phrase that ends in a role word (``Foreign Minister``) is a role without a name; the
  name of a country or body alone (``United States``) is a name without a role.
* **speaker_id.** The name of the dictionary entry when the name is in the dictionaries (``President Bush``
  and ``George W. Bush`` are ``George W Bush`` in 2001), else the name as written without role; a role
  without a name is its own id. ``link_speaker_ids`` then merges, over a corpus, a one-word id into the one
  longer id that ends with it (``Costello`` -> ``William Costello``).
* **Actor.** The actor of the phrase's part before a comma when that has a country (``US Ambassador to the UN
  Nikki Haley, the most outspoken supporter of decertifying Iranian compliance``). Else the country or body named
  in the phrase, a name of two words or more also in lower case (``the state department``): the typed one first,
  a person or body of the dictionaries, then a country, whose type comes from the role noun (``Iranian
  officials`` -> IRN GOV). A nationality in the phrase beats a namesake of another country in the dictionaries,
  and one right before the name of an international body makes it the state's own (``Russian Security Council
  Secretary`` -> RUS GOV) unless the phrase ends with a person of the dictionaries (``French EU Commissioner
  Michel Barnier``). Names after ``to``, ``in``, ``at``, ``against`` … are where the speaker is sent, not whom
  they speak for.
  Without one in the phrase, the article's words right before the name (``Belgian Foreign Minister Annemie Neyts``;
  ``Zuma's spokeswoman Lakela Kaunda``: the side of the person the article names in full) or in a short apposition
  with a role noun after it (``Neyts, Belgium's foreign minister,``; not a clause: ``Trump, who threatened Iran``)
  decide, the mention nearest the quote first. A surname alone is the person the article names in full in the
  dictionaries (``General Barr`` after ``Attorney General William Barr``), else (``Powell``) the office holder of
  the dictionaries with that surname in office on the article's date, when they are all of one country. A bare role
  (``the minister``, ``the officials``) is the nearest earlier mention of its last role noun in the article, in any
  case and number, that has a country or body next to it (``French Foreign Minister …`` -> FRA GOV; ``a Russian
  military official`` -> RUS MIL, the type of the fuller mention) or a name after it with a country (``Attorney
  General John Ashcroft`` -> his actor); without one, the role words right before the nearest earlier mention give a
  bare role its type when it has none (``the spokesman`` after ``a Foreign Office spokesman``: GOV), and a bare role
  of a state or its politics (a government, military, police, intelligence, judicial, legislative, opposition or
  party type: ``the Foreign Office``, ``the police``, ``the main opposition party``) is of the article's home
  country (``stance.actors.home_country``: its dateline's, ``LONDON, Jan 18 (AFP) --`` -> GBR GOV, else the
  country it names clearly most), and any other gives its type only, no country. A spokesman is GOV only where no
  other role word or earlier mention gives a type (``a spokesman for the police``: COP; ``the spokesman`` after ``a
  company spokesman``: BUS). A named person found nowhere else whose
  role, in the phrase or next to the name in the article (``foreign ministry spokeswoman Zhang Qiyue``, ``Juneidi,
  director general of …``, ``Sen. Mazie Hirono``), is a state's is of the home country too; nothing else is guessed.
  A country or capital alone speaks for its government (``Washington``, ``Beijing said``: GOV); its people in the
  plural are civilians (``the Israelis``: CVL). A government named by its leader (``officials of the Chavez
  government``, ``the Blair administration``) is that person's country, GOV: the person as the article names them,
  else the office holder of that surname on the article's date.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from stance.actors import (HOME_TYPES, JOINING_WORDS, Actor, ActorIndex, Mention, actor_index, article_people,
                           home_country, leaders_governments, merge_mentions, surname_key)
from stance.quotes import _ORG_WORDS

if TYPE_CHECKING:
    from stance.analysis import ResultRow

__all__ = ["Speaker", "describe_speaker", "is_body", "is_speaker", "split_role", "link_speaker_ids", "link_speakers"]

_DOCUMENT_NOUNS = frozenset(
    "document documents study text release article paper letter report reports statement communique communiqué "
    "resolution declaration survey poll polling editorial book memo memorandum website page transcript draft "
    "bill law act order decree directive lawsuit complaint indictment filing emails data figures results "
    "evidence findings record records timeline note decision wish design aid claims".split()
)
_PAGE_WORDS = frozenset("view click photo picture image watch see read caption".split())
_PRONOUNS = frozenset("i we you it its this that these those there here he his she her they their our my one".split())
_POINTERS = frozenset("this that these those one".split())  # before a role: "this Supreme Court nominee", "one of …"
_PREPOSITIONS = frozenset("of for to in at by with from on about against toward towards".split())
_AWAY = frozenset("to in at against toward towards with".split())  # "ambassador to Botswana": not his side
_AWAY_THE = frozenset("to against toward towards".split())  # "envoy to the United States"; not "in the ministry"
_CLAUSE_WORDS = frozenset("who whom whose which that where when while and but".split())
#: A name after a role noun: ``Minister of Foreign Affairs, Cde Stan Mudenge``, ``General William Barr``.
_ROLE_NAME_RE = re.compile(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?,?\s+"
                           r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)")
_NAME_START_RE = re.compile(r"(?:[a-z]{1,3}-)?[A-Z]")  # Zhu, al-Assad
_PARENTHESISED_ACRONYM_RE = re.compile(r"\([A-Z][A-Z.&-]+\)")  # World Health Organization (WHO) official
_POSSESSIVE_NAME_RE = re.compile(r"\b([A-Z][\w'’-]+)['’]s\b")  # Zuma's (spokeswoman)
_SPOKESMEN = frozenset({"SPOKESMAN", "SPOKESWOMAN", "SPOKESPERSON"})
_LAWYERS = frozenset({"ATTORNEY", "ATTORNEYS", "LAWYER", "LAWYERS", "COUNSEL"})
#: Words that make a lawyer a public one: ``U.S. Attorney``, ``district attorney``, ``government lawyers``.
_PUBLIC = frozenset("u.s us federal district state state's county city prosecuting government crown special "
                    "independent".split())  # not "general": a company's general counsel is private
_FUNCTION = frozenset(
    "the a an more most other others true false shortly thereafter then also so yet still only all some "
    "many much few such same every each any both several".split()
)
_TITLES = frozenset(
    "MR MRS MS MISS DR SIR DAME LORD LADY PROF CDE COMRADE LT COL GEN ADM SGT MAJ CAPT CPL PVT CMDR REAR VICE SEN "
    "REP GOV PRES AMB AYATOLLAH HOJATOLISLAM SHEIKH SHEIK KING QUEEN PRINCE PRINCESS EMIR CROWN CHANCELLOR DEPUTY "
    "ASSISTANT ACTING FORMER CHIEF SUPREME HIGH SENIOR TOP GRAND MULLAH IMAM RABBI BISHOP POPE FIELD MARSHAL "
    "STAFF SERGEANT MAJOR FIRST SECOND UNDER SPECIAL ENVOY ADVISER ADVISOR SPOKESMAN SPOKESWOMAN DEPARTMENT "
    "MINISTRY OFFICE COUNCIL COMMITTEE COMMISSION EMBASSY AGENCY ADMINISTRATION PARLIAMENT ASSEMBLY COURT PARTY "
    "FORCES TROOPS SERVICE BUREAU".split()
)


class Speaker(NamedTuple):
    """A speaker as ``stance analyze`` reports it: the id it shares across articles, its role, its actor."""

    speaker_id: str | None
    role: str | None
    actor: Actor | None


def _words(phrase: str) -> list[str]:
    return phrase.split()


def _plain(word: str) -> str:
    return word.strip(".,;:'’\"()").lower()


def is_speaker(phrase: str | None) -> bool:
    """``False`` for phrases that are not a person or body (rules in the module docstring)."""
    if not phrase or not re.search(r"[^\W\d_]", phrase):
        return False
    words = [_plain(w) for w in _words(phrase)]
    words = [w for w in words if w]
    if not words or words[0] in _PAGE_WORDS or words[-1] in _PREPOSITIONS:
        return False
    if words[0] in _PRONOUNS and not (words[0] in _POINTERS and not _CLAUSE_WORDS & set(words[1:])
                                      and _role_types(actor_index(), " ".join(words[1:]))[0]):
        return False
    head = words[: words.index("of")] if "of" in words[1:] else words
    if head[-1] in _DOCUMENT_NOUNS or (len(head) > 1 and head[-2] == "press" and head[-1] == "release"):
        return False
    return not all(w in _FUNCTION or w.endswith("ly") for w in words)


def _key(word: str) -> str:
    return re.sub(r"['’]S$", "", word.strip(".,").upper()).replace(".", "")


def _is_rank(word: str, agent_words: frozenset[str]) -> bool:
    """A title or role word (``Lt.``, ``Minister``, ``Army``)."""
    return _key(word) in _TITLES or _key(word) in agent_words


def _is_title(word: str, agent_words: frozenset[str]) -> bool:
    """A title, role word, nationality or body name (``Belgian``, ``UN``): words before a name in a role."""
    return _is_rank(word, agent_words) or _key(word) in _nationality_words()


@lru_cache(maxsize=1)
def _agent_words() -> frozenset[str]:
    """Words of the role nouns of the agents dictionary (``MINISTER``, ``ARMY``), without the joining words of
    longer ones (``AND``, ``THE``: ``Archbishop of Dakar and President`` is two roles)."""
    return frozenset(w for phrase in actor_index().agents for w in phrase.split() if len(w) > 2) - JOINING_WORDS


@lru_cache(maxsize=1)
def _nationality_words() -> frozenset[str]:
    """One-word names of countries and IGOs (``IRANIAN``, ``UN``): title words before a name."""
    index = actor_index()
    return frozenset(
        phrase for phrase, owners in index.phrases.items() if " " not in phrase and any(
            not any(c.code[3:] for c in index.entries[i][1]) or index.entries[i][1][0].code[:3] == "IGO"
            for i in owners)
    )


_HEAD_TYPES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "IGO", "NGO", "UAF", "MED"})


def _is_role_head(word: str) -> bool:
    """A word that ends a role rather than a name: ``Ministry``, ``President``, ``officials``, ``Gen.``."""
    key = re.sub(r"['’]S$", "", word.strip(".,").upper()).replace(".", "")
    agents = actor_index().agents
    return key in _TITLES or any(agents.get(form) in _HEAD_TYPES for form in (key, key[:-1] if key.endswith("S")
                                                                                else key))


def split_role(phrase: str) -> tuple[str | None, str | None]:
    """``Army Lt. Col. William Costello`` -> (``Army Lt. Col.``, ``William Costello``); see the module docstring."""
    words = _words(phrase.strip())
    cut = re.search(r"\s(?:of|from)\s", phrase)
    if cut and words and words[0][:1].isupper():  # "President Hugo Chavez of Venezuela"
        before, place = _words(phrase[: cut.start()]), phrase[cut.end() :].strip()
        places = actor_index().find(place)
        if len(before) >= 2 and len(places) == 1 and places[0].actor.type is None and places[0].start == 0 and (
            places[0].end >= len(place.rstrip("."))
        ):
            words = before
    if not words:
        return None, None
    if not words[0][:1].isupper() or words[0] in ("The", "A", "An"):
        return _lower_role(words)
    mentions = actor_index().find(" ".join(words))
    whole = len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(" ".join(words).rstrip("."))
    if whole and (mentions[0].actor.type is None or mentions[0].actor.country is None):
        return None, " ".join(words)  # "United States", "Moscow": the name of a body or place
    agents = _agent_words()
    first = len(words)
    while first > 0 and words[first - 1][:1].isupper() and not (
        _is_role_head(words[first - 1]) if first == len(words) else _is_rank(words[first - 1], agents)
    ):
        first -= 1
    if first == len(words):
        return " ".join(words), None  # "President", "Foreign Ministry"
    first = _after_place(words, first, mentions)
    role = " ".join(words[:first]) or None
    return role, re.sub(r"['’]s$", "", " ".join(words[first:]))


def _lower_role(words: list[str]) -> tuple[str | None, str | None]:
    """``split_role`` of a phrase that starts in lower case or with *The*: a role, with a name only where its
    capitalised words at the end, after a word that is no preposition or article, hold a title or follow a word
    in lower case (``her spokesman Rigoberto Tiglao``, ``the visiting Chinese Premier Zhu Rongji``, ``the
    financier George Soros``) and are no body or place of the dictionaries; not ``the senator from Texas``, ``the
    Washington Times``, ``The Russian Foreign Ministry``, ``the Japan Coast Guard``."""
    tail = len(words)
    while tail > 1 and _NAME_START_RE.match(words[tail - 1]):
        tail -= 1
    if tail == len(words) or words[tail - 1] in _PREPOSITIONS or words[tail - 1] in _FUNCTION:
        return " ".join(words), None
    run = " ".join(words[tail:])
    index = actor_index()
    body = [m for m in index.find(run) if m.start == 0 and m.end >= len(run) and m.actor.entry not in index.people]
    role, name = split_role(run)
    if name and not body and (role or words[tail - 1].islower()):
        return " ".join(words[:tail] + ([role] if role else [])), name
    return " ".join(words), None


def _after_place(words: list[str], first: int, mentions: Sequence[Mention]) -> int:
    """Where the name starts when a country, place or body ends the role (``Representative to the United States
    Chen Chien-jen``: ``Chen``; ``Ambassador to the UN Nikki Haley``): ``first`` is the first capitalised word
    of the name, ``mentions`` the actors of ``" ".join(words)``."""
    starts = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
    phrase = " ".join(words)
    for mention in mentions:
        if mention.end > starts[first] and mention.end < starts[-1] - 1 and _after_away(phrase, mention):
            first = max(first, bisect_left(starts, mention.end + 1))
    return first


def _after_away(phrase: str, mention: Mention) -> bool:
    """Whether ``mention`` follows ``to``, ``in``, ``against`` … (``ambassador to Botswana``), or ``to the``,
    ``against the`` … (``envoy to the United States``, not ``according to``; ``an official in the Iranian
    Foreign Ministry`` is Iran's): a place or party the speaker is not."""
    before = [w.lower() for w in phrase[: mention.start].split()[-3:]]
    if len(before) >= 2 and before[-1] == "the" and before[-2] in _AWAY_THE:
        before.pop()
    return bool(before) and before[-1] in _AWAY and before[-2:] != ["according", "to"]


def _choose(mentions: Sequence[Mention], phrase: str) -> Mention | None:
    """The speaker's own side among the actors named in ``phrase`` (see the module docstring)."""
    own = [m for m in mentions if not _after_away(phrase, m)]
    typed = [m for m in own if m.actor.type is not None]
    at_end = [m for m in typed if not phrase[m.end :].strip(" .,'’s") and m.actor.type != "ELI"]
    states = [m for m in own if m.actor.type is None and m.actor.country]
    if at_end and states and at_end[0].actor.country != states[0].actor.country:
        return states[0]  # "Former British ambassador Craig Murray": not the dictionary's Australian namesake
    national = [s for s in states for m in typed if m.actor.type == "IGO" and not phrase[s.end : m.start].strip()]
    if national and not at_end:  # "French EU Commissioner Michel Barnier": the person of the dictionaries
        return national[0]  # "Russian Security Council Secretary": Russia's council, not the UN's
    return (at_end or typed or own or [None])[0]


def _with_type(actor: Actor, kind: str | None) -> Actor:
    """A bare country (or an elite: ``ELI``) with the type of the role noun next to it: IRN + GOV -> IRNGOV."""
    if actor.type not in (None, "ELI") or kind is None or actor.country is None:
        return actor
    return Actor(actor.country + kind, actor.country, kind, actor.entry)


def _is_plural_people(mention: Mention) -> bool:
    """``Israelis``, ``Americans``: a demonym in the plural (the word without its ``s`` names the same country)."""
    word = mention.text.split()[-1].upper()
    return word.endswith("S") and word[:-1] in actor_index().phrases


def _names_only(phrase: str, mention: Mention) -> bool:
    """The phrase is the name of a country or capital alone (``Washington``, ``the Israelis``)."""
    rest = (phrase[: mention.start] + phrase[mention.end :]).lower().split()
    return all(w in ("the", "'s", "’s") for w in rest)


def _role_types(index: ActorIndex, text: str) -> tuple[str | None, str | None]:
    """The type of the first role noun in ``text`` that has one and is no spokesman, and a spokesman's (GOV).
    *Deputy* before another role noun is part of it (``Deputy Foreign Minister``: GOV, not a sheriff's deputy);
    a lawyer is a private one (CVL) unless a word of public office comes right before (``U.S. Attorney``,
    ``district attorney``, ``special counsel``: JUD)."""
    agents = [a for a in index.agents_in(text) if a[0] is not None]
    found = []
    for i, (kind, start, end) in enumerate(agents):
        words = _key(text[start:end])
        if words == "DEPUTY" and i + 1 < len(agents) and not text[end : agents[i + 1][1]].strip():
            continue
        if words.split()[-1] in _LAWYERS:
            before = text[:end].split()[:-1]  # the word before the lawyer: "U.S." Attorney, "defense" attorney
            if not before or _plain(before[-1]) not in _PUBLIC:
                kind = "CVL"
        found.append((kind, words))
    return (next((kind for kind, words in found if words not in _SPOKESMEN), None),
            next((kind for kind, words in found if words in _SPOKESMEN), None))


def _first_type(index: ActorIndex, text: str) -> str | None:
    """The type of the first role noun in ``text`` that has one; a spokesman's only where no other has (``a
    spokesman for the police``: COP)."""
    kind, spokesman = _role_types(index, text)
    return kind or spokesman


def _apposition(article: str, end: int) -> str | None:
    """The short apposition right after ``article[:end]`` (``, Belgium's foreign minister,``, ``(Danish People's
    Party)``): up to 12 words after a comma or in brackets, not opening a clause (``, who threatened …``); ``None``
    when there is none."""
    match = re.match(r"\s*[,(]\s*([^,.;:()\n]+)", article[end : end + 100])
    words = match.group(1).split() if match else []
    return match.group(1) if words and len(words) <= 12 and words[0].lower() not in _CLAUSE_WORDS else None


def _around(match: re.Match[str], article: str, day: date | None) -> tuple[Mention, str | None] | None:
    """The country or body the article names right before ``match`` (only title words between; a person named in
    full, possessive: ``Zuma's spokeswoman``) or in a short apposition with a role noun after it, with the type of
    the role words there."""
    index = actor_index()
    line_start = article.rfind("\n", 0, match.start()) + 1
    before = article[max(line_start, match.start() - 80) : match.start()]
    mentions = [m for m in index.find(before, day=day, article=article) if not _after_away(before, m)]
    people = article_people(article, day)  # "Zuma's spokeswoman Lakela Kaunda": the side of the one named in full
    mentions = merge_mentions(mentions, (Mention(people[key]._replace(entry=None), m.start(), m.end(), m.group())
                                         for m in _POSSESSIVE_NAME_RE.finditer(before)
                                         if (key := surname_key(m.group(1))) in people))
    if mentions:
        between = [w for w in before[mentions[-1].end :].split() if not _PARENTHESISED_ACRONYM_RE.fullmatch(w)]
        if all(_is_title(w, _agent_words()) for w in between):
            return mentions[-1], _first_type(index, " ".join([*between, match.group()]))
    text = _apposition(article, match.end())
    if text is not None:
        mentions = [m for m in index.find(text, day=day, article=article) if not _after_away(text, m)]
        if mentions and index.agents_in(text):
            return mentions[0], _first_type(index, text)
    return None


def _context_mentions(name: str, article: str, at: int | None, day: date | None) -> list[tuple[Mention, str | None]]:
    """``_around`` each whole-word mention of ``name`` in the article, the mention nearest ``at`` first."""
    found = []
    for match in re.finditer(r"\b" + re.escape(name) + r"\b", article):
        context = _around(match, article, day)
        if context is not None:
            found.append((abs(match.start() - (at or 0)), context))
    return [context for _, context in sorted(found, key=lambda item: item[0])]


def _singular(word: str) -> str:
    """``officials`` -> ``official``, ``agencies`` -> ``agency``; other words as they are."""
    if re.search(r"(?i)[^aeiou]ies$", word):
        return word[:-3] + "y"
    return word[:-1] if re.search(r"(?i)[^su]s$", word) else word


def _holder(match: re.Match[str], article: str, day: date | None) -> Actor | None:
    """The actor of the person a role mention names (``the Minister of Foreign Affairs, Cde Stan Mudenge``,
    ``Attorney General William Barr``), when it has a country."""
    name = _ROLE_NAME_RE.match(article, match.end())
    if name is None or not re.search(r"[a-z]", name.group(1)):
        return None
    actor = describe_speaker(name.group(1), article=article, at=match.start(), day=day).actor
    return actor if actor is not None and actor.country else None


def _earlier_role(phrase: str, article: str, at: int, day: date | None) -> tuple[Actor | None, str | None] | None:
    """A bare role (``the minister``) as the article introduced it before ``at``: the nearest earlier mention of
    its last role noun, in any case and number, with a country or body next to it (``French Foreign Minister``)
    or a name after it whose actor has a country; without one, ``(None, type)`` with the type of the role words
    right before the nearest mention that has some (``the spokesman`` after ``a Foreign Office spokesman``: GOV);
    ``None`` when there is neither."""
    index = actor_index()
    agents = index.agents_in(phrase)
    if not agents:
        return None
    _, start, end = agents[-1]
    words = phrase[start:end].split()
    head = r"\s+".join(map(re.escape, [*words[:-1], _singular(words[-1])]))
    kind = None
    for match in reversed(list(re.finditer(r"\b" + head + r"(?:s|es)?\b", article[:at], re.I))):
        context = _around(match, article, day)
        if context is not None:
            return context[0].actor, context[1]
        holder = _holder(match, article, day)
        if holder is not None:
            return holder, holder.type
        kind = kind or _first_type(index, _words_before(article, match.start()))
    return (None, kind) if kind is not None else None


def _role_in_article(name: str, article: str) -> str | None:
    """The type of the role words the article writes next to ``name``: right before its last word, over the
    capitalised words between (``Prime Minister Datuk Seri Dr Mahathir Mohamad``, ``foreign ministry spokeswoman
    Zhang Qiyue``), or in a short apposition after it (``Juneidi, director general of …``)."""
    index = actor_index()
    for match in re.finditer(r"\b" + re.escape(name.split()[-1]) + r"\b", article):
        for text in (_words_before(article, match.start()), _apposition(article, match.end()) or ""):
            kind = _first_type(index, text)
            if kind is not None:
                return kind
    return None


def _words_before(article: str, at: int) -> str:
    """The capitalised or title words right before ``article[at:]`` on its line, up to 8 (``foreign ministry
    spokeswoman`` before ``Zhang Qiyue``, ``Foreign Office`` before ``spokesman``)."""
    agents = _agent_words()
    line_start = article.rfind("\n", 0, at) + 1
    run: list[str] = []
    for word in reversed(article[max(line_start, at - 100) : at].split()):
        if len(run) == 8 or not (word[:1].isupper() or _is_title(word, agents)) or (
            word[-1] in ",;:" or (word[-1] == "." and not _is_rank(word, agents))
        ):
            break
        run.insert(0, word)
    return " ".join(run)


def describe_speaker(
    phrase: str | None, *, article: str | None = None, at: int | None = None, day: date | None = None
) -> Speaker:
    """The ``Speaker`` of a speaker phrase (best its fullest form in the article), rules in the module
    docstring. ``article`` and ``at`` (the quote's offset) let the words around the name decide the actor;
    ``day`` (the article's date) chooses between the dated codes of the dictionaries."""
    if phrase is None or not is_speaker(phrase):
        return Speaker(None, None, None)
    phrase = re.sub(r"(?<=[a-z]{3})\.$", "", " ".join(phrase.split()).strip(" ,;:"))  # "said Tang." ends a sentence
    head = phrase.split(",")[0].strip()
    if head and head != phrase and is_speaker(head):
        first = describe_speaker(head, article=article, at=at, day=day)
        if first.actor is not None and first.actor.country:
            return first  # "US Ambassador to the UN Nikki Haley, the most outspoken supporter of decertifying Iranian …"
    index = actor_index()
    role, name = split_role(phrase)
    mentions = index.find(phrase, day=day, article=article)
    if not mentions and phrase.islower():  # "the state department": a name of two words or more, in lower case
        mentions = [m for m in index.find(phrase.title(), day=day, article=article) if " " in m.text]
    kind, spokesman = _role_types(index, phrase)  # "the spokesman": the type of an earlier mention first
    chosen = _choose(mentions, phrase)
    speaker_id = name or phrase
    if chosen is not None and chosen.actor.entry and name and not phrase[chosen.end :].strip(" .,'’s") and (
        chosen.actor.type is not None and chosen.actor.country is not None
    ):
        speaker_id = chosen.actor.entry.title()  # the person of the dictionaries
    if chosen is None and name and article is not None:
        context = _context_mentions(name, article, at, day)
        if context:
            chosen, kind = context[0][0], kind or context[0][1]
    if chosen is None and name is None:
        government = next((g for g in leaders_governments(phrase, article, day) if not _after_away(phrase, g)), None)
        if government is not None:  # not "the ambassador to the Blair government"
            return Speaker(speaker_id, role, government.actor)
    if chosen is None and name is None and article is not None and at is not None:
        earlier = _earlier_role(phrase, article, at, day)
        if earlier is not None and earlier[0] is not None:
            return Speaker(speaker_id, role, _with_type(earlier[0], earlier[1] or kind))
        kind = kind or (earlier[1] if earlier is not None else None) or spokesman
        home = home_country(article, day) if kind in HOME_TYPES else None
        if home is not None:
            return Speaker(speaker_id, role, Actor(home + kind, home, kind))
    if chosen is None and name and " " not in name and article is not None:
        person = article_people(article, day).get(surname_key(name))
        if person is not None:  # "Minister Janik": the dictionaries' Krzysztof Janik (POL), GOV by the role
            return Speaker(person.entry.title() if person.entry else speaker_id, role, _with_type(person, kind))
    if chosen is None and name and day is not None:
        person = index.person(name, day)
        if person is not None:
            return Speaker(person.entry.title() if person.entry else speaker_id, role, _with_type(person, kind))
    if chosen is None and name and article is not None:
        office = kind or _role_in_article(name, article)
        home = home_country(article, day) if office in HOME_TYPES else None
        if home is not None:
            return Speaker(speaker_id, role, Actor(home + office, home, office))
    if chosen is not None:
        if kind is None and chosen.actor.type is None and _names_only(phrase, chosen):
            kind = "CVL" if _is_plural_people(chosen) else "GOV"
        return Speaker(speaker_id, role, _with_type(chosen.actor, kind))
    kind = kind or spokesman
    return Speaker(speaker_id, role, Actor(kind, None, kind) if kind else None)


def is_body(name: str) -> bool:
    """A name that stands for no person, which *it* can refer to: an organisation (``the Russian Aerospace
    Agency``, ``Congo's government``) or a country, capital or body named alone (``Iran``, ``Beijing``, ``the
    United Nations``)."""
    words = name.split()
    if not words:
        return False
    if re.sub(r"(?:'s|’s)$", "", words[-1]).lower() in _ORG_WORDS:
        return True
    mentions = actor_index().find(name)
    bare = [re.sub(r"^(?:the|The) ", "", text) for text in (name, mentions[0].text if mentions else "")]
    return len(mentions) == 1 and bare[0] == bare[1] and mentions[0].actor.type in (None, "IGO")


def link_speaker_ids(ids: Iterable[str | None]) -> dict[str, str]:
    """Over a corpus: each one-word id -> the one longer id ending with that word, when there is exactly one
    (``Costello`` -> ``William Costello``); ids not in the mapping stay as they are."""
    longer: dict[str, set[str]] = defaultdict(set)
    singles = set()
    for speaker_id in ids:
        if not speaker_id or not speaker_id[:1].isupper():
            continue
        words = speaker_id.split()
        if len(words) == 1:
            singles.add(speaker_id)
        else:
            longer[words[-1].lower()].add(speaker_id)
    return {s: next(iter(longer[s.lower()])) for s in singles if len(longer.get(s.lower(), ())) == 1}


def link_speakers(rows: Iterable[ResultRow]) -> list[ResultRow]:
    """``rows`` with their ``speaker_id``s linked over all of them (``link_speaker_ids``)."""
    rows = list(rows)
    links = link_speaker_ids(r.speaker_id for r in rows)
    return [r._replace(speaker_id=links[r.speaker_id]) if r.speaker_id in links else r for r in rows]
