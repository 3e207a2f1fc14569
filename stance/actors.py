"""Actors mentioned in text: countries, governments, armed groups, IGOs and office holders, with CAMEO codes.

    >>> from stance.actors import find_actors
    >>> [(m.text, m.actor.code) for m in find_actors("Iran rejects talks with the U.S.", day=date(2018, 8, 13))]
    [('Iran', 'IRN'), ('U.S.', 'USA')]

The PETRARCH2 dictionaries (``stance.cameo``, shipped as ``stance/resources/actors.json.gz``) are compiled once
per process into a phrase index: each token position looks up only the phrases that start with its word, so a
text costs a few dictionary look-ups per word whatever the size of the dictionaries.

Matching rules:

* Words compare in upper case without full stops or a possessive ending (``U.S.`` = ``US``, ``Iran's`` =
  ``IRAN``); the last word of a phrase may be a regular plural (``Iranians``, ``officials``). A capitalised
  hyphenated word is read part by part, as a name written with hyphens in the dictionaries is (``Kim Jong-il``
  = ``KIM_JONG_IL``, ``al-Assad``), but a phrase covers it whole: ``Iran-backed`` or ``Spanish-Israeli`` name no
  country.
* Actor phrases (names) match capitalised words only: every word starts with a capital or digit, except
  joining words inside (``of``, ``the``, ``al`` …). A name of three letters or fewer (``US``, ``UN``) must
  be written in capitals. A one-word name of a person or body (a code with a type) does not match a word
  followed by another capitalised word other than a role noun, so ``Hassan`` in ``Hassan Rouhani`` is not
  King Hassan, while ``Taliban`` in ``Taliban Ambassador`` is the Taliban; nor one after a first name that
  none of the entry's names has (``Aleksandr Medvedev`` is not Dmitry Medvedev; ``Ali Khamenei`` is Khamenei).
* The longest phrase wins, left to right. When a phrase names several entries, or an entry has several
  codes, the code that holds on ``day`` wins (a dated code over an undated one, of two dated ones the later
  start: an office taken later); without a day, an open-ended code (the later start first), then the latest
  dated one, then an undated one (George W. Bush: USAGOV to 2009, not the undated ELI).
  When no code holds on ``day``, the nearest one in time gives the country alone (a person keeps a
  nationality, not an office): Jack Straw, GBRGOV from 2003, is GBR in 2001.
* Agents (role nouns: ``ministry``, ``army``, ``officials``) match in any case and give a type only.
* Two names change with the text around them: ``Brussels`` is the EU (``CITIES_FOR_BODIES``), and
  given the article, *Georgia* is the US state where the article names another US state and nothing of the
  country (``us_georgia``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from stance.cameo import Code
from stance.paths import actors_file

__all__ = ["Actor", "Mention", "ActorIndex", "actor_index", "find_actors", "find_agents", "actor_from_code",
           "article_people", "surname_key", "dateline", "home_country", "leaders_governments", "merge_mentions",
           "ROLE_TYPES", "NON_STATE", "JOINING_WORDS", "HOME_TYPES"]

#: Leading code parts that are not a country: intergovernmental and non-governmental organisations, armed
#: groups that cross borders (``IMG``), multinational companies, unidentified actors, elites without a country.
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "ELI"})
#: Types whose bare role (``the ministry``, ``police``) is of the article's home country: a state's offices and
#: its parties.
HOME_TYPES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "PTY"})
#: The CAMEO role codes read as an actor's type (the first one after the country wins: ``USAGOVMIL`` is GOV).
ROLE_TYPES = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY LEG IGO NGO IMG MNC UAF ELI BUS CVL MED EDU REL HLH REF LAB AGR CRM HRI "
    "ENV DEV INS SEP MOD RAD UIS".split()
)
#: Role nouns the agents file lacks or types otherwise, and the type they carry (``None``: a role without a
#: type of its own, such as ``leader``, whose type comes from the body named with it; a spokesman's GOV counts
#: only where no other role word gives a type, ``stance.speakers._first_type``).
EXTRA_AGENTS: dict[str, str | None] = {
    "OFFICIAL": "GOV", "SENIOR OFFICIAL": "GOV", "SPOKESMAN": "GOV", "SPOKESWOMAN": "GOV", "SPOKESPERSON": "GOV",
    "LEADER": None, "SECRETARY": None, "SOURCE": None, "STATE MEDIA": "GOV", "STATE TELEVISION": "GOV",
    "ANALYST": "CVL", "EXPERT": "CVL", "WITNESS": "CVL", "RESIDENT": "CVL", "SEN": "LEG", "REP": "LEG",
    "DEPARTMENT": "GOV", "PRESIDENTIAL OFFICE": "GOV", "PRESIDENCY": "GOV", "CABINET OFFICE": "GOV",
    "SUPERINTENDENT": None, "DIRECTOR": None, "COMMISSIONER": None, "CHAIRMAN": None, "CHAIRWOMAN": None,
    "ADVISER": None, "ADVISOR": None, "AIDE": None, "INVESTIGATOR": None, "AGENT": None, "INSPECTOR": None,
    "OFFICER": None, "COORDINATOR": None, "DELEGATION": None,
}
#: Names the actor dictionaries lack that English news uses for one body alone (added to the index).
EXTRA_ACTORS: dict[str, str] = {"STATE DEPARTMENT": "USAGOV", "JUSTICE DEPARTMENT": "USAGOV", "EU": "IGOEUREEC",
                                "WORLD HEALTH ORGANISATION": "IGOUNOHLHWHO", "WORLD TRADE ORGANIZATION": "IGOBUSWTO",
                                "WORLD TRADE ORGANISATION": "IGOBUSWTO", "WTO": "IGOBUSWTO",
                                "COMMONWEALTH": "IGOCWN", "COMMONWEALTH SECRETARIAT": "IGOCWN",
                                # US federal bodies whose names are the US's alone
                                "DEPARTMENT OF JUSTICE": "USAGOV", "TREASURY DEPARTMENT": "USAGOV",
                                "DEPARTMENT OF HOMELAND SECURITY": "USAGOV", "HOMELAND SECURITY DEPARTMENT": "USAGOV",
                                "NATIONAL WEATHER SERVICE": "USAGOV", "NATIONAL HURRICANE CENTER": "USAGOV",
                                "CENTERS FOR DISEASE CONTROL AND PREVENTION": "USAGOV",
                                "CENTERS FOR DISEASE CONTROL": "USAGOV", "FOOD AND DRUG ADMINISTRATION": "USAGOV",
                                "CENSUS BUREAU": "USAGOV", "IMMIGRATION AND CUSTOMS ENFORCEMENT": "USACOP",
                                "ICE": "USACOP"}
#: Cities that news names for a body rather than their country (``Brussels said`` -> the EU, not Belgium); they
#: replace the dictionaries' city in the index, and where named as a place (``talks in Brussels``) they are no
#: party (``stance.targets``).
CITIES_FOR_BODIES: dict[str, str] = {"BRUSSELS": "IGOEUREEC"}
#: Words of the US in an article that names Georgia (``us_georgia``): another state (not Washington or New York,
#: which international news names for the city), a county, Atlanta, a party member of the state.
_US_STATE_RE = re.compile(
    r"\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|"
    r"Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|"
    r"Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|"
    r"Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Wisconsin|"
    r"Wyoming|Atlanta)\b|County, Georgia\b|\bGeorgia (?:Democrat|Republican)|"
    r"(?:Democrat|Republican) (?:of|from) Georgia")
_GEORGIA_COUNTRY_RE = re.compile(r"Georgian|Tbilisi|Abkhaz|Ossetia|Caucasus|Soviet|Russia|Kremlin|Moscow|Ukrain|"
                                 r"Armenia|Azerbaijan|Chechn|NATO")
#: A dateline at the start of a line near the top of a text: ``LONDON, Jan 18 (AFP) --``, ``Taipei, Aug. 17``,
#: ``MOSCOW. May 23``, ``JAKARTA (Agency):``, ``HARARE:``, ``Geneva - ``, ``Amman -- ``, ``CHICAGO —``,
#: ``KINSHASA, Congo --``, ``SYDNEY, AUSTRALIA - ``, ``JOHANNESBURG Aug 19 Sapa``, ``Nuevo Laredo, Mexico, 6 Dec``;
#: the place is the group that matched (``place``, or ``caps`` for a dash dateline or one in capitals before the
#: date), else the country after it (``country``).
_DATELINE_PLACE_RE = re.compile(r"^[ \t]*(?:(?P<place>[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+){0,2})"
                                r"(?:,[ \t]*(?:[A-Z][a-z]+\.?[ \t]+)?\d|\.[ \t]+[A-Z][a-z]+\.?[ \t]+\d|[ \t]*\(|:| --? "
                                r"|,[ \t]*(?P<country>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?),[ \t]*(?:[A-Z][a-z]+\.?[ \t]+)?\d)"
                                r"|(?P<caps>[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2})"  # AP style, the place in capitals
                                r"(?:(?:,[ \t]*(?P<caps_country>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?))?[ \t]*(?:\(|—|–|--|- )"
                                r"|[ \t]+[A-Z][a-z]+\.?[ \t]+\d))", re.M)
#: A government named by its leader: ``the Chavez government``, ``the Blair administration`` (after *the*: not
#: ``In May government forces``, ``Key government officials``).
_LEADERS_GOVERNMENT_RE = re.compile(r"\b[Tt]he\s+([A-Z][\w'’-]+)\s+(?:administration|government|regime|cabinet)\b")
_DATELINE_CHARS = 600  # how far from the top a dateline is looked for
_HOME_MIN_MENTIONS = 2  # an article without a dateline is of the country it names most, at least this often
_HOME_LEAD = 1.5  # and this many times as often as the next country
#: Joining words a name holds inside (``Ministry of Defence``, ``Sam van Rooy``), in upper case.
JOINING_WORDS = frozenset("OF THE AND FOR DE DEL DA DI DU AL EL BIN IBN BEN VAN VON DER DEN LA LE ON IN".split())
_TOKEN_RE = re.compile(r"[^\W_][\w'’.&-]*")


class Actor(NamedTuple):
    """A party: CAMEO ``code`` (``IRNGOV``, ``IGOUNO``, ``USA``), its ``country`` (ISO-3 / CAMEO; ``None`` for
    IGOs, NGOs, transnational groups) and ``type`` (``GOV``, ``MIL``, ``REB``, ``IGO`` …; ``None`` for a
    country as a whole). ``entry`` is the name of the dictionary entry it came from, if one."""

    code: str
    country: str | None
    type: str | None
    entry: str | None = None

    @property
    def party(self) -> str | None:
        """The side in a dyad: the country, else the whole code (``IGOUNO``); ``None`` for a bare type."""
        if self.country:
            return self.country
        return self.code if self.code != self.type else None


class Mention(NamedTuple):
    """An actor named in a text: the words as written and their character offsets."""

    actor: Actor
    start: int
    end: int
    text: str


def _start(code: Code) -> int:
    """The day a code starts as an ordinal, 0 for none: a later start is a later office."""
    return code.start.toordinal() if code.start else 0


def actor_from_code(code: str, entry: str | None = None) -> Actor | None:
    """``IRNGOV`` -> ``Actor('IRNGOV', 'IRN', 'GOV')``; ``~MIL`` (an agent code) -> type only; ``None`` if empty."""
    code = code.lstrip("~").strip()
    if len(code) < 3:
        return None
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    if parts[0] in ROLE_TYPES:  # an agent code, or a non-state body such as IGOUNO
        return Actor(code, None, parts[0], entry)
    kind = next((part for part in parts[1:] if part in ROLE_TYPES), None)
    return Actor(code, parts[0], kind, entry)


_USA = actor_from_code("USA", "UNITED STATES OF AMERICA")  # Georgia the US state (``us_georgia``)


def _word_key(token: str) -> str:
    """``Iran's`` -> ``IRAN``; ``U.S.`` -> ``US``."""
    word = token.upper().replace("’", "'")
    word = re.sub(r"'S?$", "", word) if len(word) > 2 else word
    return word.replace(".", "")


def _singulars(word: str) -> tuple[str, ...]:
    forms = [word]
    if len(word) > 3 and word.endswith("IES"):
        forms.append(word[:-3] + "Y")
    if len(word) > 3 and word.endswith("ES"):
        forms.append(word[:-2])
    if len(word) > 3 and word.endswith("S") and not word.endswith("SS"):
        forms.append(word[:-1])
    if word.endswith("MEN"):
        forms.append(word[:-3] + "MAN")
    return tuple(forms)


class _Token(NamedTuple):
    key: str
    start: int
    end: int
    capital: bool  # starts with a capital letter or a digit
    upper: bool  # written in capitals or with full stops (U.S.)
    opens: bool = True  # a phrase may start here: a word's first part, or the part after al- (al-Assad)
    closes: bool = True  # a phrase may end here: a word's last part (not Iran in Iran-backed)


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group().rstrip("'’&-")
        if raw.endswith(".") and not re.fullmatch(r"(?:\w\.)+", raw):  # "Iran." ends a sentence; "U.S." stays
            raw = raw.rstrip(".")
        tokens.extend(_word_tokens(raw, match.start()))
    return tokens


def _joined_name(parts: list[str]) -> bool:
    """The parts of a hyphenated word start with a joining word and a name: ``al-Assad``, ``el-Sisi``."""
    return len(parts) > 1 and parts[0].upper() in JOINING_WORDS and parts[1][:1].isupper()


def _word_tokens(raw: str, start: int) -> list[_Token]:
    """One word's tokens: a capitalised hyphenated word is one token per part, each as capitalised as the word
    (``Shui-bian``, ``Jean-Claude``, ``al-Assad``), a phrase starting at its first part (or after ``al-``) and
    ending at its last, so a part alone names nothing (``Iran-backed``, ``Spanish-Israeli``, ``Soviet-era``); a
    lower-case compound (``anti-American``) is one token."""
    parts = raw.split("-")
    name = raw[0].isupper() or _joined_name(parts)
    if len(parts) == 1 or not name or not all(parts):
        parts = [raw]
    tokens, at = [], start
    for i, part in enumerate(parts):
        key = _word_key(part)
        if key:
            letters = [c for c in re.sub(r"['’]s?$", "", part) if c.isalpha()]  # CNN's, the UN's: in capitals
            tokens.append(_Token(key, at, at + len(part), name or part[0].isdigit(),
                                 bool(letters) and (all(c.isupper() for c in letters) or "." in part),
                                 opens=i == 0 or parts[i - 1].upper() in JOINING_WORDS, closes=i == len(parts) - 1))
        at += len(part) + 1
    return tokens


class ActorIndex:
    """The compiled dictionaries: phrase -> entries, agent phrase -> type, and the longest phrase per first word."""

    def __init__(self, data: dict) -> None:
        self.entries: list[tuple[str, tuple[Code, ...]]] = []
        self.entry_words: list[frozenset[str]] = []  # every word of every name of an entry
        self.phrases: dict[str, list[int]] = {}
        self.longest: dict[str, int] = {}
        extra = [[[name], [[code, None, None]]] for name, code in {**EXTRA_ACTORS, **CITIES_FOR_BODIES}.items()]
        for names, codes in [*data["actors"], *extra]:
            index = len(self.entries)
            self.entries.append((names[0], tuple(
                Code(code, date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)
                for code, start, end in codes
            )))
            for name in names:
                if name in CITIES_FOR_BODIES:
                    self.phrases.pop(name, None)  # "Brussels": the body alone, not also the dictionaries' Belgium
                self._add(name, index)
                if "-" in name:  # text words are split at hyphens (``_word_tokens``)
                    self._add(name.replace("-", " "), index)
            self.entry_words.append(frozenset(w for name in names for w in name.replace("-", " ").split()))
        self.agents: dict[str, str | None] = {}
        self.agent_longest: dict[str, int] = {}
        self.agent_words: set[str] = set()
        for phrase, code in [*data["agents"], *EXTRA_AGENTS.items()]:
            actor = actor_from_code(code) if code else None
            for form in {phrase, phrase.replace("-", " ")}:
                self.agents[form] = actor.type if actor else None
                words = form.split()
                self.agent_longest[words[0]] = max(self.agent_longest.get(words[0], 0), len(words))
                self.agent_words.update(words)

    def _add(self, name: str, index: int) -> None:
        owners = self.phrases.setdefault(name, [])
        if index not in owners:
            owners.append(index)
        words = name.split()
        self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def resolve(self, phrase: str, day: date | None) -> Actor | None:
        """The actor a dictionary phrase names on ``day`` (rules in the module docstring)."""
        best: tuple[tuple[int, float], Actor] | None = None
        for index in self.phrases.get(phrase, ()):
            name, codes = self.entries[index]
            for code in codes:
                if day is not None:
                    if not code.holds_on(day):
                        nearest = min(abs((edge - day).days) for edge in (code.start, code.end) if edge)
                        actor = actor_from_code(code.code[:3], name)
                        if actor is not None and actor.country and (best is None or (2, nearest) < best[0]):
                            best = ((2, nearest), actor)
                        continue
                    rank = (0, -_start(code)) if code.start or code.end else (1, 0.0)
                elif code.start or code.end:
                    rank = (0, -_start(code)) if code.end is None else (1, -code.end.toordinal())
                else:
                    rank = (2, 0.0)
                actor = actor_from_code(code.code, name)
                if actor is not None and (best is None or rank < best[0]):
                    best = (rank, actor)
        return best[1] if best else None

    @cached_property
    def _surnames(self) -> dict[str, list[int]]:
        """Last word of each name of two words or more -> the entries with that name."""
        found: dict[str, list[int]] = {}
        for phrase, owners in self.phrases.items():
            words = phrase.split()
            if len(words) >= 2:
                for index in owners:
                    if index not in found.setdefault(words[-1], []):
                        found[words[-1]].append(index)
        return found

    def person(self, name: str, day: date) -> Actor | None:
        """The office holder on ``day`` whose names agree with ``name`` (``Powell``, ``Dr Mahathir``): the entries
        with a name ending in its last word and, for a longer name, holding its first word too, and of each (the
        entries of one name taken together) the latest dated code that holds on ``day``, unless it is ELI (out of
        office); ``None`` unless they all have a country and it is one."""
        keys = [_word_key(w) for w in name.split()]
        if not keys:
            return None
        codes: dict[str, list[Code]] = {}
        for index in self._surnames.get(keys[-1], ()):
            if len(keys) > 1 and not any(k in self.entry_words[index] for k in keys[:-1]):
                continue
            entry, entry_codes = self.entries[index]
            codes.setdefault(entry, []).extend(entry_codes)
        found: list[Actor] = []
        for entry, entry_codes in codes.items():
            held = [actor_from_code(code.code, entry) for code in sorted(entry_codes, key=_start, reverse=True)
                    if (code.start or code.end) and code.holds_on(day)]
            actor = next((a for a in held if a is not None), None)
            if actor is not None and actor.type != "ELI":  # the latest code ELI: out of office that day
                found.append(actor)
        return found[0] if found and all(a.country for a in found) and len({a.country for a in found}) == 1 else None

    @cached_property
    def people(self) -> frozenset[str]:
        """The entries (by first name) with a dated code: people in an office, not bodies or places."""
        return frozenset(name for name, codes in self.entries if any(c.start or c.end for c in codes))

    @cached_property
    def _leaders(self) -> dict[str, set[str]]:
        """Surname -> the countries whose government (plain GOV code) a person of that name has been part of; the
        surname is the last word of a name, or the first of three (``MA YING JEOU``, ``KIM JONG IL``)."""
        governments = {index: countries for index, (_, codes) in enumerate(self.entries)
                       if (countries := {c.code[:3] for c in codes if c.code[3:] == "GOV" and (c.start or c.end)})}
        found: dict[str, set[str]] = {}
        for phrase, owners in self.phrases.items():
            words = phrase.split()
            if len(words) < 2 or JOINING_WORDS.intersection(words):
                continue
            for index in owners:
                for key in {words[-1], *(words[:1] if len(words) == 3 else ())} if index in governments else ():
                    found.setdefault(key, set()).update(governments[index])
        return found

    def governments(self, surname: str) -> frozenset[str]:
        """The countries whose government a person called ``surname`` has been part of, at any time."""
        return frozenset(self._leaders.get(_word_key(surname), ()))

    def _actor_match(self, tokens: Sequence[_Token], i: int) -> tuple[int, str] | None:
        """The longest actor phrase starting at token ``i``: (number of tokens, phrase)."""
        first = tokens[i]
        if not first.capital or not first.opens:
            return None
        longest = max(self.longest.get(form, 0) for form in _singulars(first.key))
        for n in range(min(longest, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if not all(t.capital or t.key in JOINING_WORDS for t in span) or span[-1].key in JOINING_WORDS or (
                    not span[-1].closes):
                continue
            head = " ".join(t.key for t in span[:-1])
            for last in _singulars(span[-1].key):
                phrase = f"{head} {last}" if head else last
                if phrase not in self.phrases:
                    continue
                if n == 1 and len(phrase) <= 3 and not first.upper:
                    continue
                return n, phrase
        return None

    def _joined(self, following: _Token | None, token: _Token) -> bool:
        """``Hassan`` in ``Hassan Rouhani``: a capitalised word other than a role noun follows the name."""
        return following is not None and following.capital and following.start - token.end <= 1 and (
            following.key not in self.agent_words)

    def _other_first_name(self, previous: _Token | None, token: _Token, phrase: str) -> bool:
        """``Aleksandr Medvedev``: the word before a one-word name is a name no entry of the phrase has."""
        if previous is None or not previous.capital or token.start - previous.end > 1 or previous.upper or (
                not previous.opens):  # "the Gaza-based Hamas": "based" is no first name
            return False
        if previous.key in self.agent_words or previous.key in JOINING_WORDS or previous.key in self.phrases:
            return False
        return not any(previous.key in self.entry_words[i] for i in self.phrases[phrase])

    def find(self, text: str, *, day: date | None = None, article: str | None = None) -> list[Mention]:
        """The actors named in ``text``, left to right (see the module docstring); ``article``, the text ``text``
        is part of, tells Georgia the US state from the country (``us_georgia``)."""
        if article is not None and us_georgia(article):
            return [m._replace(actor=_USA) if m.text.upper() == "GEORGIA" else m for m in self.find(text, day=day)]
        tokens = _tokens(text)
        mentions = []
        i = 0
        while i < len(tokens):
            match = self._actor_match(tokens, i)
            if match is None:
                i += 1
                continue
            n, phrase = match
            actor = self.resolve(phrase, day)
            following = tokens[i + n] if i + n < len(tokens) else None
            single_name = n == 1 and actor is not None and actor.type is not None and not tokens[i].upper
            if actor is not None and not (single_name and (
                self._joined(following, tokens[i]) or self._other_first_name(tokens[i - 1] if i else None, tokens[i],
                                                                               phrase))):
                start, end = tokens[i].start, tokens[i + n - 1].end
                mentions.append(Mention(actor, start, end, text[start:end]))
            i += n
        return mentions

    def agents_in(self, text: str) -> list[tuple[str | None, int, int]]:
        """Role nouns in ``text``: (type or ``None``, start, end), left to right, longest first."""
        tokens = _tokens(text)
        found = []
        i = 0
        while i < len(tokens):
            longest = max(self.agent_longest.get(form, 0) for form in _singulars(tokens[i].key)) if (
                tokens[i].opens) else 0
            for n in range(min(longest, len(tokens) - i), 0, -1):
                if not tokens[i + n - 1].closes:
                    continue
                head = " ".join(t.key for t in tokens[i : i + n - 1])
                phrase = next((p for last in _singulars(tokens[i + n - 1].key)
                               if (p := f"{head} {last}" if head else last) in self.agents), None)
                if phrase is not None:
                    found.append((self.agents[phrase], tokens[i].start, tokens[i + n - 1].end))
                    i += n
                    break
            else:
                i += 1
        return found


def actor_index(path: Path | None = None) -> ActorIndex:
    """The compiled dictionaries of ``path`` (default: ``stance.paths.actors_file()``), read once per process."""
    return _load(path or actors_file())


@lru_cache(maxsize=4)
def _load(path: Path) -> ActorIndex:
    if not path.is_file():
        raise FileNotFoundError(f"actor dictionaries not found at {path}; run `make actors` (python -m stance.cameo)")
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return ActorIndex(json.load(file))


def merge_mentions(mentions: list[Mention], extra: Iterable[Mention]) -> list[Mention]:
    """``mentions`` and those of ``extra`` that overlap none of them, in text order."""
    return sorted(mentions + [e for e in extra if not any(n.start < e.end and e.start < n.end for n in mentions)],
                  key=attrgetter("start"))


def find_actors(text: str, *, day: date | None = None) -> list[Mention]:
    """The actors named in ``text`` on ``day``, left to right, with the shipped dictionaries."""
    return actor_index().find(text, day=day)


def find_agents(text: str) -> list[tuple[str | None, int, int]]:
    """The role nouns of ``text`` with their type (``ministry`` -> ``GOV``), with the shipped dictionaries."""
    return actor_index().agents_in(text)


def surname_key(word: str) -> str:
    """``Chavez's`` -> ``CHAVEZ``: a last word as ``article_people`` keys it."""
    return re.sub(r"['’]s$", "", word.strip(".,;:")).upper()


@lru_cache(maxsize=16)
def _article_mentions(article: str, day: date | None) -> tuple[Mention, ...]:
    """``find`` over a whole article, once: its people, its countries and its home country read it."""
    return tuple(actor_index().find(article, day=day, article=article))


@lru_cache(maxsize=16)
def us_georgia(article: str) -> bool:
    """Whether ``article`` writes *Georgia* for the US state: it names another US state or writes ``County,
    Georgia``, ``Atlanta``, ``a Republican of Georgia``, ``the Georgia Democrat``, and names nothing of the country
    (``Georgian``, ``Tbilisi``, ``Abkhazia``, ``South Ossetia``, the Caucasus, a Soviet past) nor its neighbours
    (Russia, Ukraine, Armenia, Azerbaijan, NATO)."""
    return ("Georgia" in article and _US_STATE_RE.search(article) is not None
            and _GEORGIA_COUNTRY_RE.search(article) is None)


@lru_cache(maxsize=16)
def article_people(article: str, day: date | None = None) -> dict[str, Actor]:
    """Last word -> actor of each person or body ``article`` names in full with a type (``President Hugo
    Chavez``: ``CHAVEZ`` -> VENGOV), or with a country alone on ``day`` when the dictionaries type it at another
    time (``Robin Cook`` in November 2001: GBR, his dated office having ended), when all of its full mentions
    with that last word agree; read once per article."""
    index = actor_index()
    found: dict[str, set[Actor]] = {}
    for mention in _article_mentions(article, day):
        words = mention.text.split()
        if len(words) >= 2 and mention.actor.party is not None and (
                mention.actor.type is not None or _typed_at_other_times(mention)):
            person = mention.actor.entry in index.people  # not "Ansar al-Islam": no ISLAM
            for key in _surname_keys(words) if person else [surname_key(words[-1])]:
                found.setdefault(key, set()).add(mention.actor)
    return {key: next(iter(actors)) for key, actors in found.items() if len(actors) == 1}


def _surname_keys(words: list[str]) -> list[str]:
    """The words a person of the full name ``words`` is called by alone: the last (``Chavez``), also without
    its joining word (``al-Assad``: ``Assad``), and the first before a hyphenated given name written
    surname-first (``Chen Shui-bian``: ``Chen``; ``Kim Jong-il``: ``Kim``)."""
    last = words[-1].split("-")
    keys = [surname_key(words[-1])]
    if len(last) == 2 and _joined_name(last):
        keys.append(surname_key(last[1]))
    elif len(last) == 2 and last[0][:1].isupper() and last[1][:1].islower():
        keys.append(surname_key(words[-2]))
    return keys


def _typed_at_other_times(mention: Mention) -> bool:
    """Whether the entry of a mention with a country alone is a person or body of the dictionaries, not a place."""
    undated = actor_index().find(mention.text)
    return any(m.text == mention.text and m.actor.entry == mention.actor.entry and m.actor.type is not None
               for m in undated)


def leaders_governments(text: str, article: str | None = None, day: date | None = None) -> Iterator[Mention]:
    """The governments ``text`` names by their leader's surname (``officials of the Chavez government``, ``the
    Blair administration``) as GOV of the leader's country: the person ``article`` names in full with that
    surname, else the holder of a government office with it on ``day`` (``ActorIndex.person``) when there is no
    article or the article names that country (``the Conte government`` in Rome is not Guinea's Conté), else the
    one country the article names whose government a person of that name has been part of at any time (``the Obama
    administration`` in 2018, or undated; ``the Bush administration`` in a story naming the United States is not
    McKeeva Bush's Cayman Islands)."""
    people = article_people(article, day) if article else {}
    for match in _LEADERS_GOVERNMENT_RE.finditer(text):
        person = people.get(surname_key(match.group(1)))
        if person is None and day is not None:
            person = actor_index().person(match.group(1), day)
            if person is not None and article and person.country not in _countries_named(article, day):
                person = None
        country = person.country if person is not None and person.type == "GOV" else None
        if person is None and article:  # a government of another time: "the Obama administration" in 2018, or undated
            countries = actor_index().governments(match.group(1)) & _countries_named(article, day)
            country = next(iter(countries)) if len(countries) == 1 else None
        if country:
            yield Mention(Actor(country + "GOV", country, "GOV"), match.start(), match.end(), match.group())


@lru_cache(maxsize=16)
def home_country(article: str, day: date | None = None) -> str | None:
    """The country an article reports from: its dateline's (``dateline``), else the country its actors name most
    (people, bodies, places; IGOs count for none), when that is at least twice and 1.5 times as often as the next
    (a story from Washington naming Trump, Congress and the FBI: USA); ``None`` when no country leads so."""
    place = dateline(article)
    if place is not None:
        return place.actor.country
    counts = Counter(m.actor.country for m in _article_mentions(article, day) if m.actor.country)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _HOME_MIN_MENTIONS:
        return None
    if len(ranked) == 2 and ranked[0][1] < _HOME_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


@lru_cache(maxsize=16)
def _countries_named(article: str, day: date | None) -> frozenset[str]:
    return frozenset(m.actor.country for m in _article_mentions(article, day) if m.actor.country)


def dateline(text: str) -> Mention | None:
    """The place of the dateline near the top of ``text`` (``LONDON, Jan 18 (AFP) --`` -> London, GBR): the first
    line start there shaped like one whose place is a country or a city of the dictionaries."""
    for match in _DATELINE_PLACE_RE.finditer(text[:_DATELINE_CHARS]):  # past header lines (``Author: AFP``)
        for group in ("place", "caps", "country", "caps_country"):
            if match.group(group) is None:
                continue
            mentions = actor_index().find(match.group(group))
            if len(mentions) == 1 and mentions[0].text == match.group(group) and mentions[0].actor.type is None:
                return mentions[0]._replace(start=match.start(group), end=match.end(group))
    return None
