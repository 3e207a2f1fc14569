"""The speaker of any statement of an article, quoted or reported, given by its offsets.

    >>> statement_speaker(article, start, end)
    'Foreign Minister Annemie Neyts'

``stance.quotes.extract_quotes`` attributes direct quotes only; statements in reported speech ("X said the
talks were over", "according to X, …") need their sentence's reporting verb. Rules, the first that applies:

1. a direct quote of the article that overlaps the statement and has a speaker: that speaker;
2. an inverted attribution, ``…," said X`` / ``…, says X, director of …``: X;
3. ``X said`` (or another reporting verb, in any case in a headline in capitals) in the sentence: the subject
   before the verb, the last comma-separated part of the clause after any clause word (``Pointing to …, Parvin said`` -> ``Parvin``; ``when it accused``
   -> ``it``), the name before an apposition in lower case that opens with an article, *also* or a role noun
   (``Stephanie Kemplin, an Army veteran, says``, ``Boontipa, head of the ministry's department, said``) or a
   role before a name (``The Opposition's spokesman, Kelvin Thomson, said``); a dateline
   (``LONDON, Jan 20 (AFP) --``), an age (``Saucier, 31,``) and auxiliaries (``has``, ``also``) are left out,
   and a subject ending in ``to`` or a modal (``will say``) is none;
4. ``according to X`` in the sentence: X (up to a comma or the end), so the inner speaker of ``X told the
   jury, according to the Chronicle`` wins;
5. a pronoun subject of a clause after a name in its own sentence is that name when it fits as below (``North
   Korea was right when it said`` -> ``North Korea``); else a pronoun subject (*he*, *she*) is the speaker (no
   pronoun) of the nearest of the four sentences before,
   else the last name of two words or more of the article before the statement that is no country, capital or
   body (``United Nations``) and does not end in a role or body word (``Islamic Republic``, ``White House``);
   *they* is that speaker only when it is people named by a plural role noun (``Israeli army officers``,
   ``officials``), *it* only when it is a body (``the Russian Aerospace Agency``, ``Congo's government``, a
   country or capital alone), else unresolved (``None``) like *I* and *we*.

The speaker is then named by its fullest form in the article (``stance.analysis.canonical_speaker``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from stance.actors import JOINING_WORDS, actor_index
from stance.analysis import _canonical, _names
from stance.quotes import extract_quotes
from stance.speakers import _agent_words, _key, is_body
from stance.targets import _sentences, sentence_bounds

__all__ = ["statement_speaker", "REPORTING_VERBS"]

REPORTING_VERBS = (
    "said says say told tells added adds stated states announced announces warned warns insisted insists "
    "accused accuses denied denies claimed claims noted notes stressed stresses urged urges declared declares "
    "argued argues explained explains asserted asserts vowed vows rejected rejects wrote writes reported "
    "confirmed confirms acknowledged acknowledges admitted admits charged charges called calls demanded demands "
    "promised promises threatened threatens condemned condemns criticized criticised criticizes criticises "
    "praised praises welcomed welcomes replied replies responded responds maintained maintains suggested "
    "suggests predicted predicts emphasized emphasised emphasizes emphasises indicated indicates revealed "
    "reveals alleged alleges believes believed complained complains recalled recalls concluded concludes "
    "pointed points proclaimed proclaims spewed tweeted tweets"
).split()
_VERB_RE = re.compile(r"\b(?:" + "|".join(REPORTING_VERBS) + r")\b")
_CAPS_VERB_RE = re.compile(_VERB_RE.pattern, re.I)  # a headline in capitals: "MKAPA SAYS ACTION PREMATURE"
_AUXILIARIES = frozenset(
    "has have had also was is were are will would did does had once then repeatedly publicly previously "
    "recently earlier later reportedly officially further again already even just".split()
)
_LEADING = frozenset(
    "but and however meanwhile also yet so still while as indeed moreover furthermore nevertheless nonetheless "
    "instead separately similarly likewise finally besides thus therefore hence accordingly consequently "
    "otherwise".split()
)
_NOT_SUBJECT = frozenset(
    "who whom whose which that where when it there including like such with for of in on at from by to after "
    "before during since despite will would is are was were has have had do does did can could should may might "
    "must how why what cannot can't don't doesn't didn't not never".split()
) | frozenset(REPORTING_VERBS)
_TIME_WORDS = frozenset(
    "on monday tuesday wednesday thursday friday saturday sunday yesterday today tonight earlier later "
    "morning afternoon evening night".split()
)
_PRONOUNS = {"he", "she"}
_UNRESOLVED = {"i", "we", "you"}
_DATELINE_RE = re.compile(r"^.*?(?:--|—|\)\s*-)\s*")  # "LONDON, Jan 20 (AFP) --", "13 (Agencia Brasil) -"
_CLAUSE_RE = re.compile(r"\b(?:when|that|which|while|because|if|and|but|after|before|as|since|although|who|why)\s+")
_LOOK_BACK = 4  # sentences before a he/she/they/it statement searched for the speaker it refers to

_MODALS = frozenset("to will would can could may might must should shall and or but that".split())


class _Said(NamedTuple):
    """A sentence's end offset and its speaker as ``statement_speaker`` gives it."""

    end: int
    speaker: str | None
    at: int


@lru_cache(maxsize=64)
def _quotes_and_names(article: str) -> tuple[tuple, tuple]:
    return tuple(extract_quotes(article)), tuple(_names(article))


def _clean(phrase: str) -> str | None:
    phrase = _DATELINE_RE.sub("", phrase) if re.search(r"--|—|\)\s*-", phrase) else phrase
    phrase = re.sub(r"^[^:]*\d[^:]*:\s+", "", phrase)  # "WASHINGTON, Feb 7: The White House"
    phrase = re.sub(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)? - ", "", phrase)  # "Geneva - The World Health Organisation"
    words = phrase.strip(" ,;:.\"“”'`-").split()
    while words and words[-1].lower().strip(",") in _TIME_WORDS:  # "China on Thursday"
        words = words[:-1]
    while words and words[0].lower().strip(",") in _LEADING:
        words = words[1:]
    while words and words[-1].lower() in _AUXILIARIES:
        words = words[:-1]
    if not words or len(words) > 12 or words[-1].lower() in _MODALS or (
            words[0].lower() in _NOT_SUBJECT and " ".join(words).lower() != "it"):  # "it" alone: rule 5
        return None
    return " ".join(words).strip(" ,")


def _subject(clause: str) -> str | None:
    """The subject of a reporting verb: the last comma-separated part before it, or a name before an apposition."""
    parts = [p.strip() for p in re.split(r",\s*", clause) if p.strip() and not p.strip().isdigit()]  # "Saucier, 31,"
    if not parts:
        return None
    parts[-1] = _CLAUSE_RE.split(parts[-1])[-1]  # "North Korea was right when it accused" -> "it"
    last = parts[-1]
    if len(parts) >= 2 and _is_apposition(last) and _is_name(parts[-2]) and parts[-2].lower() not in _LEADING:
        name = _clean(parts[-2])  # "Stephanie Kemplin, an Army veteran, says"; "Boontipa, head of …, said"
        if name:
            return name
    words = last.split()
    if len(parts) >= 2 and len(words) <= 4 and all(w[0].isupper() for w in words):
        role = _clean(parts[-2])  # "The Opposition's environment spokesman, Kelvin Thomson, said"
        if role and len(role.split()) <= 8 and _is_role_word(role.split()[-1]):
            return f"{role} {last}"
    return _clean(last)


def _is_apposition(part: str) -> bool:
    """A part after a name that describes it: lower case, opening with an article, *also* or a role noun (``an
    Army veteran``, ``head of the ministry's department``, ``also the party leader``)."""
    first = part.split()[0]
    return first[0].islower() and (first in ("a", "an", "the", "also") or _is_role_word(first))


def _is_name(part: str) -> bool:
    """Capitalised words, with joining words inside (``US Ambassador to the UN Nikki Haley``, ``Sam van Rooy``)."""
    words = part.split()
    return 0 < len(words) <= 8 and words[-1][0].isupper() and all(
        w[0].isupper() or w.upper() in JOINING_WORDS or w == "to" for w in words)


def _is_role_word(word: str) -> bool:
    key = word.strip(".,").upper()
    index = actor_index()
    return key in index.agents or (key.endswith("S") and key[:-1] in index.agents)


def _reported(sentence: str) -> tuple[str, int] | None:
    """(speaker phrase, its offset in ``sentence``) by rules 2-4 of the module docstring."""
    match = re.search(r"(?:^|[,”\"])\s*(?:" + "|".join(REPORTING_VERBS) + r")\s+((?:[A-Z]|the |a |an )[^,;]*?)"
                      r"(?:[,;]|\.\s|\.?$)", sentence)
    if match:
        phrase = _clean(match.group(1))
        if phrase:
            return phrase, match.start(1)
    for verb in (_VERB_RE if re.search(r"[a-z]", sentence) else _CAPS_VERB_RE).finditer(sentence):
        subject = _subject(sentence[: verb.start()])
        if subject:
            return subject, max(sentence.rfind(subject.split()[0], 0, verb.start()), 0)
    match = re.search(r"\b[Aa]ccording to ([^,;.]+(?:\.\s?[A-Z]\.?[^,;.]*)?)", sentence)
    if match:
        phrase = _clean(match.group(1))
        if phrase:
            return phrase, match.start(1)
    return None


def statement_speaker(article: str, start: int, end: int) -> tuple[str | None, int]:
    """The speaker of ``article[start:end]`` (rules in the module docstring) and the offset it is named at;
    ``(None, start)`` when none is found."""
    return _speaker(article, start, end, None)


def _speaker(article: str, start: int, end: int, earlier: Sequence[_Said] | None) -> tuple[str | None, int]:
    """``statement_speaker``, a he/she resolved from ``earlier`` (the speakers of the sentences before, in
    order), or from ``_sentence_speakers`` when ``None``."""
    quotes, names = _quotes_and_names(article)
    for quote in quotes:
        if quote.start < end and start < quote.end and quote.speaker:
            return _canonical(quote.speaker, names, quote.start), quote.start
    left, right = sentence_bounds(article, start, end)
    found = _reported(article[left:right])
    if found is None:
        return None, start
    phrase, offset = found
    at = left + max(offset, 0)
    if phrase.lower() in _UNRESOLVED:
        return None, at
    if phrase.lower() in (*_PRONOUNS, "they", "it"):
        fits = {"they": _is_group, "it": is_body}.get(phrase.lower(), lambda name: not _is_place(name))
        last = bisect_left(names, at, key=attrgetter("at")) - 1  # ``names`` is in text order
        if last >= 0 and names[last].at >= left and _CLAUSE_RE.search(article, names[last].at, at):
            name = " ".join(names[last].words)  # "North Korea was right when it said": the name before
            if fits(name):
                return name, names[last].at
        previous = _previous_speaker(_sentence_speakers(article) if earlier is None else earlier, left)
        if phrase.lower() in ("they", "it"):
            return previous if previous is not None and fits(previous[0]) else (None, at)
        if previous is not None:
            return previous
        before = [n for n in names if n.at < at and len(n.words) >= 2 and not _is_place(" ".join(n.words))]
        return (" ".join(before[-1].words), before[-1].at) if before else (None, at)
    canonical = _canonical(phrase, names, at)
    return max((canonical or phrase, phrase), key=len), at  # "Former British ambassador Craig Murray" stays


@lru_cache(maxsize=16)
def _sentence_speakers(article: str) -> tuple[_Said, ...]:
    """The speaker of each sentence of ``article`` in order, each from those before it, so that a long run of
    he/she sentences is resolved in one pass, not by recursion."""
    said: list[_Said] = []
    for left, right in _sentences(article):
        said.append(_Said(right, *_speaker(article, left, right, said)))
    return tuple(said)


def _previous_speaker(earlier: Sequence[_Said], before: int) -> tuple[str, int] | None:
    """The speaker named (no pronoun) by the nearest of the ``_LOOK_BACK`` sentences of ``earlier`` that end
    before ``before``."""
    last = bisect_right(earlier, before, key=attrgetter("end"))  # ``earlier`` is in text order
    for said in reversed(earlier[max(last - _LOOK_BACK, 0) : last]):
        if said.speaker is not None and said.speaker.lower() not in _PRONOUNS:
            return said.speaker, said.at
    return None


def _is_group(name: str) -> bool:
    """A speaker *they* can stand for: people named by a plural role noun (``Israeli army officers``)."""
    last = name.split()[-1]
    return bool(re.fullmatch(r"[a-z]+s", last)) and (_is_role_word(last) or _key(last[:-1]) in _agent_words())


def _is_place(name: str) -> bool:
    """A name that is no person to resolve he/she to: a country, capital or body as a whole (``Hong Kong``,
    ``United Nations``), or a name ending in a role or body word (``Islamic Republic``, ``White House``)."""
    mentions = actor_index().find(name)
    if len(mentions) == 1 and mentions[0].text == name and (mentions[0].actor.type is None or (
            mentions[0].actor.country is None)):
        return True
    return _key(name.split()[-1]) in _agent_words()
