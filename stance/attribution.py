"""Reported speech: every attributed statement of an article, direct or indirect, with its speaker.

    >>> from stance.attribution import extract_attributions
    >>> for q in extract_attributions(article_text):            # kind="all" (default), "direct" or "indirect"
    ...     print(q.kind, q.speaker, q.cue, q.text)

``kind="direct"`` is ``stance.quotes.extract_quotes`` alone (rules, no model). Otherwise the attribution tagger
(``stance.tagger``, a MiniLM token classifier trained on PolNeAR) finds Source, Cue and Content spans, and:

* **kind**: a Content holding a quote mark (``"`` ``“ ”`` ``''`` ``„`` ``« »``, or words between single marks) is
  ``"direct"``, any other is ``"indirect"`` (the definition of ``training/evaluate_quotes.py``).
* **confidence**: a Content span the tagger is unsure of (``TaggedSpan.score``, its mean Content probability,
  below ``min_score``, default ``MIN_CONTENT_SCORE``) is dropped, and so is a Source below ``min_source_score``
  (``MIN_SOURCE_SCORE``) and a Content or Source that holds no letter or digit. Such contents are mostly stray
  fragments (``the``, ``to``, a lone quote mark) or contents PolNeAR's annotators did not mark; such sources
  (``,``, ``s``, ``the``) would otherwise be linked as the speaker. The defaults were chosen on the tune half of
  the PolNeAR dev articles (``training/evaluate_quotes.py --half tune``; docs/quotes.md).
* **linking**: within the sentences the Content touches (``stance.quotes.split_sentences``), its cue is the
  nearest Cue and its source the Source nearest that cue (the nearest Source to the Content when no Cue was
  tagged). The speaker is the source's first comma-separated part (``Mark Holden, chairman of …`` -> ``Mark
  Holden``).
* **merging with the rules**: a Content that overlaps direct quotes of ``extract_quotes`` takes their speaker when
  it has none of its own or only a pronoun (the rules resolve pronouns); a rule quote that no Content overlaps is
  kept as it is (``kind="direct"``).
* **pronouns**: a remaining ``he``/``she``/``they``/``it`` source (or ``his``, ``their`` …) becomes the speaker of
  the closest preceding attribution it agrees with (*he*/*she*: a name not known, from given names and honorifics
  in the text, to be of the other gender); a relative ``who``/``that`` the capitalised words right before it.

Every result is a :class:`stance.quotes.Quote` with ``text == article_text[start:end]``; ``stance.analysis``
gives each its canonical speaker and stance.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from stance.labels import KINDS
from stance.quotes import Quote, _surname_genders, extract_quotes, split_sentences  # genders: the rules' own

if TYPE_CHECKING:
    from stance.tagger import TaggedSpan, Tagger

__all__ = ["KIND_CHOICES", "MIN_CONTENT_SCORE", "MIN_SOURCE_SCORE", "confident", "extract_attributions", "is_direct",
           "link", "default_tagger"]

KIND_CHOICES = ("all", *KINDS)  # what ``extract_attributions(kind=...)`` takes
MIN_CONTENT_SCORE = 0.7  # the least tagger confidence (TaggedSpan.score) a kept Content span has
MIN_SOURCE_SCORE = 0.5  # the same for a kept Source span
_QUOTE_MARK_RE = re.compile(r"''|[\"“”„«»]")
_SINGLE_QUOTED_RE = re.compile(r"(?<![\w’'])‘[A-Za-z](?:[^‘’\n]|’(?=[A-Za-z]))*?[^\s‘’]’(?![\w’'])"
                               r"|(?<![\w’'])'[A-Za-z](?:[^'\n]|'(?=[A-Za-z]))*?[^\s']'(?![\w’'])")
_PRONOUNS = frozenset("he she they it i we".split())
_POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we"}
_RELATIVES = frozenset("who that which".split())
_DEFAULT: dict[str, Tagger] = {}  # loaded taggers by folder
_LOCK = threading.Lock()
_S = TypeVar("_S", "TaggedSpan", Quote)


def is_direct(content: str) -> bool:
    """True when ``content`` holds a quote mark (a direct or mixed quote), False for indirect speech."""
    return bool(_QUOTE_MARK_RE.search(content) or _SINGLE_QUOTED_RE.search(content))


def default_tagger() -> Tagger:
    """The tagger of ``$STANCE_ATTRIBUTION_MODEL`` or the shipped folder, loaded once per process and folder."""
    from stance.paths import attribution_model_dir
    from stance.tagger import Tagger

    folder = str(attribution_model_dir())
    with _LOCK:
        if folder not in _DEFAULT:
            _DEFAULT[folder] = Tagger.load(folder)
        return _DEFAULT[folder]


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


_TRAILING_WORDS = re.compile(r"(?:\s+(?:on|in|at|of|for|to|by|from|with|and|has|had|have|was|is|also))+$")


def _speaker_phrase(text: str) -> str:
    """The source's first comma-separated part, without a leading *according to* or trailing function words
    (``Khamenei on`` of *Khamenei on Monday rejected*)."""
    phrase = re.sub(r"^(?:[Aa]ccording\s+to)\s+", "", text.strip())
    head = _TRAILING_WORDS.sub("", re.split(r",\s|\s[—–]\s|\s\(", phrase)[0].strip())
    return head if re.search(r"\w", head) else phrase


def _within(spans: Sequence[_S], starts: Sequence[int], lo: int, hi: int, *, touching: bool = False) -> list[_S]:
    """The spans (sorted by start, not overlapping; ``starts`` their starts) inside ``[lo, hi)``, or (``touching``)
    overlapping it."""
    i = bisect.bisect_left(starts, lo)
    if touching and i > 0 and spans[i - 1].end > lo:
        i -= 1
    found = []
    while i < len(spans) and spans[i].start < hi:
        if touching or spans[i].end <= hi:
            found.append(spans[i])
        i += 1
    return found


def link(spans: Sequence[TaggedSpan], sentences: Sequence[tuple[int, int]]
         ) -> list[tuple[TaggedSpan, TaggedSpan | None, TaggedSpan | None]]:
    """``(content, source, cue)`` for every Content span (``spans`` in text order), sources and cues looked for
    in the sentences it touches."""
    starts = [a for a, _ in sentences]
    others = [s for s in spans if s.role != "Content"]
    other_starts = [s.start for s in others]
    linked = []
    for content in (s for s in spans if s.role == "Content"):
        first = max(0, bisect.bisect_right(starts, content.start) - 1)
        last = max(0, bisect.bisect_left(starts, content.end) - 1)
        lo, hi = sentences[first][0] if sentences else 0, sentences[last][1] if sentences else content.end
        near = _within(others, other_starts, lo, hi)
        cues = [s for s in near if s.role == "Cue"]
        cue = min(cues, key=lambda s: _gap(s, content), default=None)
        anchor = cue or content
        source = min((s for s in near if s.role == "Source"), key=lambda s: _gap(s, anchor), default=None)
        linked.append((content, source, cue))
    return linked


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def confident(spans: Sequence[TaggedSpan], text: str, *, min_score: float = MIN_CONTENT_SCORE,
              min_source_score: float = MIN_SOURCE_SCORE) -> list[TaggedSpan]:
    """``spans`` without the Content spans scored below ``min_score``, the Source spans scored below
    ``min_source_score`` and the Content or Source spans that hold no letter or digit (Cues such as ``:`` stay)."""
    least = {"Content": min_score, "Source": min_source_score}
    return [s for s in spans if s.role not in least
            or (s.score >= least[s.role] and re.search(r"[^\W_]", text[s.start:s.end]))]


def extract_attributions(text: str, *, kind: str = "all", tagger: Tagger | None = None,
                         min_score: float = MIN_CONTENT_SCORE, min_source_score: float = MIN_SOURCE_SCORE
                         ) -> list[Quote]:
    """Attributed statements of ``text`` in text order, of ``kind`` ``"all"``, ``"direct"`` or ``"indirect"``.

    ``tagger`` defaults to :func:`default_tagger`; ``kind="direct"`` needs none (the rules of
    ``stance.quotes``). Tagged contents scored below ``min_score`` and sources below ``min_source_score`` are
    dropped (0 keeps every one with a letter or digit; see :func:`confident`). Raises
    ``stance.tagger.TaggerNotFoundError`` when the tagger folder is missing.
    """
    if kind not in KIND_CHOICES:
        raise ValueError(f"unknown kind {kind!r}; supported: {', '.join(map(repr, KIND_CHOICES))}")
    rules = extract_quotes(text)
    if kind == "direct":
        return rules
    spans = confident((tagger or default_tagger()).tag(text), text, min_score=min_score,
                      min_source_score=min_source_score)
    rule_starts = [q.start for q in rules]
    quotes: list[Quote] = []
    for content, source, cue in link(spans, split_sentences(text)):
        start, end = _trimmed(text, content.start, content.end)
        if start >= end:
            continue
        overlapping = _within(rules, rule_starts, start, end, touching=True)
        speaker = _speaker_phrase(text[source.start:source.end]) if source else None
        if overlapping and (speaker is None or speaker.lower() in _PRONOUNS | _POSSESSIVES.keys() | _RELATIVES):
            speaker = max(overlapping, key=lambda q: min(q.end, end) - max(q.start, start)).speaker or speaker
        quotes.append(Quote(text[start:end], speaker, text[cue.start:cue.end] if cue else None, start, end,
                            "direct" if is_direct(text[start:end]) else "indirect"))
    starts = [q.start for q in quotes]
    quotes += [q for q in rules if not _within(quotes, starts, q.start, q.end, touching=True)]
    quotes.sort(key=lambda q: q.start)
    quotes = _resolve_pronouns(quotes, text)
    return quotes if kind == "all" else [q for q in quotes if q.kind == kind]


def _genders(text: str) -> dict[str, str]:
    """Surname -> ``"m"``/``"f"`` from the given names and honorifics of ``text`` (``stance.quotes``' rules);
    a surname written with both genders (``Bill Clinton``, ``Hillary Clinton``) is left out."""
    seen = {surname: {gender for _, _, gender in mentions} for surname, mentions in _surname_genders(text).items()}
    return {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}


def _agrees(pronoun: str, speaker: str, genders: dict[str, str]) -> bool:
    """Whether *he*/*she*/*I* can refer to ``speaker``: a name (last word capitalised) not of the other gender."""
    words = speaker.split()
    if pronoun not in ("he", "she", "i") or not words[-1][:1].isupper():
        return pronoun not in ("he", "she", "i")
    gender = genders.get(re.sub(r"(?:’s|'s)$", "", words[-1]))
    return gender is None or pronoun == "i" or gender == ("m" if pronoun == "he" else "f")


def _resolve_pronouns(quotes: list[Quote], text: str) -> list[Quote]:
    """Pronoun speakers replaced by the closest preceding speaker they agree with (``None`` when there is none);
    a relative *who*/*that* takes the capitalised words right before it."""
    genders = _genders(text)
    resolved: list[Quote] = []
    for q in quotes:
        pronoun = _POSSESSIVES.get(q.speaker.lower(), q.speaker.lower()) if q.speaker else None
        if pronoun in _RELATIVES:
            before = re.findall(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*", text[max(0, q.start - 200):q.start])
            q = replace(q, speaker=before[-1] if before else None)
        elif pronoun in _PRONOUNS:
            earlier = (r.speaker for r in reversed(resolved) if r.speaker)
            q = replace(q, speaker=next((name for name in earlier if _agrees(pronoun, name, genders)), None))
        resolved.append(q)
    return resolved
