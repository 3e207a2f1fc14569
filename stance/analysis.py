"""Article analysis: every attributed statement of an article with its speaker and stance.

    >>> from stance import analyze
    >>> for s in analyze(article_text, source="khamenei.txt"):           # kind="all", "direct" or "indirect"
    ...     print(s.kind, s.canonical_speaker, s.prediction.label, s.text)

``analyze`` runs ``stance.attribution.extract_attributions`` on the article (direct quotes and reported speech;
``kind="direct"``: the quote rules of ``stance.quotes`` alone, no tagger), takes each statement's speaker as it
found it, else from the rules of ``stance.reported`` (the subject of its sentence's reporting verb, a
*he*/*she*/*it*/*they* resolved from the sentences before: ``speaker_of``), names it canonically within
the article (``canonical_speaker``) and classifies all its statements in one batched call (``stance_input``: a
direct quote's words; for reported speech the cue and the content, ``rejected the offer``). ``iter_articles`` reads
articles from ``.txt`` and ``.jsonl`` files, folders and stdin for ``stance analyze``; ``ResultRow`` is the flat
row that command writes and that ``stance summary`` and ``stance report`` read.

Speaker normalisation
=====================
``canonical_speaker`` maps a speaker as written to the fullest form of that name in the same article:

* *Names* in the article are runs of capitalised words (with lower-case particles such as *bin*, *al*, *van*
  inside). A run ends at punctuation, at a possessive (``Iran’s Khamenei`` gives ``Khamenei``), at an acronym
  (``U.S.``) and at a function word (``While``, ``The``, ``In`` …, so a Title Case headline is not one long
  name). A run's first word is dropped when it is a common word that only starts a sentence (it is written in
  lower case elsewhere in the article, or it is an adverb like *Officially*), and a nationality is dropped
  before a name of two words or more (``Iranian President Hassan Rouhani`` gives ``President Hassan Rouhani``).
* A speaker that is a name (all its words capitalised, or a role before a name: ``supreme leader Ayatollah Ali
  Khamenei``) becomes the longest name of the article that ends with its words; the last word also matches a
  one-letter misspelling of a word of six letters or more (``Khameni`` -> ``Ayatollah Ali Khamenei``). When two
  different names fit (``Bill Clinton``, ``Hillary Clinton`` for ``Clinton``), the one mentioned last before the
  quote wins.
  An honorific (``Mr``, ``Mrs``, ``Dr`` …) is left out when matching, so ``Mr Veness`` is the ``Assistant
  Commissioner David Veness`` of the article; a speaker without a fitting name keeps its name part as written.
* Pronoun speakers (*he*, *she*, *they*) are resolved to a name by ``extract_attributions`` before this step. A speaker
  that is not a name (``the senator from Texas``) is its own canonical form; only a phrase that is no person or
  body (below) has ``canonical_speaker`` ``None``.

Actors and targets
==================
Each result also carries ``speaker_id``, ``role`` and ``source_actor`` (``stance.speakers.describe_speaker`` of
the canonical speaker, with the article's words around the name and its date) and ``targets``
(``stance.targets.find_targets``: the parties the statement names, the main target first). A phrase that is
not a person or body by rule (``the document``, ``view picture of …``) keeps ``speaker`` but has
``canonical_speaker`` and ``speaker_id`` ``None``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stance.attribution import extract_attributions
from stance.labels import LABELS
from stance.quotes import is_abbreviation
from stance.speakers import Speaker, describe_speaker, is_speaker
from stance.targets import find_targets

if TYPE_CHECKING:
    from stance.actors import Actor
    from stance.classifier import Classifier, Prediction
    from stance.quotes import Quote
    from stance.tagger import Tagger

__all__ = [
    "QuoteStance", "ResultRow", "RESULT_FIELDS", "Article", "analyze", "analyze_many", "canonical_speaker", "iter_articles",
    "count_articles", "describe_statement", "StatementParties", "speaker_of", "stance_input", "parse_date", "ARTICLE_SUFFIXES",
]

ARTICLE_SUFFIXES = (".txt", ".jsonl")  # what `stance analyze` reads from a folder


@dataclass(frozen=True, slots=True)
class QuoteStance:
    """One attributed statement of an article: the words, who said them, where, and their stance.

    ``speaker`` is the name as written (``speaker_of``: a pronoun already resolved), ``canonical_speaker``
    the fullest form of that name in the article; ``text == article_text[start:end]``; ``kind`` is ``"direct"``
    (quoted words) or ``"indirect"`` (reported speech). ``speaker_id``, ``role``, ``source_actor`` and ``targets``
    (main target first) are described in the module docstring.
    """

    text: str
    speaker: str | None
    canonical_speaker: str | None
    cue: str | None
    start: int
    end: int
    prediction: Prediction
    source: str | None = None
    kind: str = "direct"
    speaker_id: str | None = None
    role: str | None = None
    source_actor: Actor | None = None
    targets: tuple[Actor, ...] = ()

    def to_row(self, *, date: str | None = None) -> ResultRow:
        """The flat row written by ``stance analyze`` (``source`` becomes ``article``; actors as CAMEO codes)."""
        scores = self.prediction.scores
        return ResultRow(
            self.source, date, self.speaker, self.canonical_speaker, self.text, self.start, self.end,
            self.prediction.label, *(float(scores[label]) for label in LABELS), kind=self.kind,
            speaker_id=self.speaker_id, role=self.role,
            source_actor=self.source_actor.code if self.source_actor else None,
            target_actor=self.targets[0].code if self.targets else None,
        )


class ResultRow(NamedTuple):
    """One row of ``stance analyze`` output: a statement with its article, speaker, offsets and probabilities."""

    article: str | None
    date: str | None
    speaker: str | None
    canonical_speaker: str | None
    statement: str
    start: int
    end: int
    label: str
    p_hostile: float
    p_conciliatory: float
    p_neutral: float
    kind: str = "direct"  # "direct" (quoted words) or "indirect" (reported speech)
    speaker_id: str | None = None  # the same person across articles (stance.speakers)
    role: str | None = None  # the speaker's role or title, apart from the name
    source_actor: str | None = None  # CAMEO code of the speaker's side: IRNGOV, IGOUNO, USA
    target_actor: str | None = None  # CAMEO code of the statement's main target

    def probability(self, label: str) -> float:
        return getattr(self, f"p_{label}")


RESULT_FIELDS: tuple[str, ...] = ResultRow._fields
ACTOR_FIELDS = ("speaker_id", "role", "source_actor", "target_actor")  # optional when reading older results
assert set(RESULT_FIELDS) >= {f"p_{label}" for label in LABELS} | {"kind"} | set(ACTOR_FIELDS)


def analyze(
    article_text: str,
    *,
    source: str | None = None,
    date: str | None = None,
    classifier: Classifier | None = None,
    batch_size: int = 32,
    kind: str = "all",
    tagger: Tagger | None = None,
) -> list[QuoteStance]:
    """Every attributed statement of ``article_text`` of ``kind`` (``"all"``, ``"direct"`` or ``"indirect"``), in
    text order, with its speaker and ``Prediction``.

    ``source`` (an article id or file name) is kept on each result; ``date`` (ISO 8601), the article's date,
    chooses the actor dictionaries' codes of that day. ``classifier`` defaults to the model of ``stance.classify``,
    ``tagger`` to ``stance.attribution.default_tagger()`` (not loaded for ``kind="direct"``); all statements of the
    article are classified in one batched call. An article without statements gives ``[]`` without loading a
    classifier.
    """
    return analyze_many([article_text], sources=[source], dates=[date], classifier=classifier,
                        batch_size=batch_size, kind=kind, tagger=tagger)[0]


def analyze_many(
    article_texts: Sequence[str],
    *,
    sources: Sequence[str | None] | None = None,
    dates: Sequence[str | None] | None = None,
    classifier: Classifier | None = None,
    batch_size: int = 32,
    kind: str = "all",
    tagger: Tagger | None = None,
) -> list[list[QuoteStance]]:
    """``analyze`` for several articles, with the quotes of all of them classified in one batched call."""
    sources = [None] * len(article_texts) if sources is None else sources
    dates = [None] * len(article_texts) if dates is None else dates
    if len(sources) != len(article_texts) or len(dates) != len(article_texts):
        raise ValueError(f"{len(sources)} sources and {len(dates)} dates for {len(article_texts)} articles")
    days = [parse_date(day) if day is not None else None for day in dates]
    for i, text in enumerate(article_texts):
        if not isinstance(text, str):
            raise TypeError(f"article_text{f'[{i}]' if len(article_texts) > 1 else ''} is {type(text).__name__}, "
                            "expected str")
    quotes = [extract_attributions(text, kind=kind, tagger=tagger) for text in article_texts]
    texts = [stance_input(q) for article in quotes for q in article]
    if not texts:
        return [[] for _ in article_texts]
    if classifier is None:
        from stance.classifier import classify

        predictions = iter(classify(texts, batch_size=batch_size))
    else:
        predictions = iter(classifier.classify(texts, batch_size=batch_size))
    results = []
    for text, source, day, article in zip(article_texts, sources, days, quotes, strict=True):
        names = _names(text) if article else []
        statements = []
        for q in article:
            speaker, canonical, who, targets = describe_statement(text, q, day=day, names=names)
            statements.append(QuoteStance(q.text, speaker, canonical, q.cue, q.start, q.end, next(predictions),
                                          source, q.kind, who.speaker_id, who.role, who.actor, targets))
        results.append(statements)
    return results


def speaker_of(article_text: str, quote: Quote) -> str | None:
    """The speaker ``analyze`` gives ``quote``: the one ``extract_attributions`` found (the quote rules' or the
    tagger's Source, a pronoun resolved), else that of ``stance.reported.statement_speaker`` (its rules read the
    sentence's reporting verb, resolve *he*, *she*, *it*, *they* and give the name's fullest form)."""
    if quote.speaker is not None:
        return quote.speaker
    from stance.reported import statement_speaker  # imported here: stance.reported reads this module's names

    return statement_speaker(article_text, quote.start, quote.end)[0]


class StatementParties(NamedTuple):
    """Who said a statement and whom it is aimed at, as ``analyze`` gives them."""

    speaker: str | None  #: as found (``speaker_of``)
    canonical: str | None  #: its fullest form in the article
    who: Speaker  #: speaker_id, role and actor
    targets: tuple[Actor, ...]  #: the main target first


def describe_statement(
    article_text: str, quote: Quote, *, day: date | None = None, names: Sequence[_Name] | None = None
) -> StatementParties:
    """The ``StatementParties`` of one statement of the article (module docstring); ``day`` is the article's date,
    ``names`` ``_names(article_text)`` if at hand."""
    names = _names(article_text) if names is None else names
    speaker = speaker_of(article_text, quote)
    canonical = _canonical(speaker, names, quote.start)
    canonical = canonical if is_speaker(canonical) else None
    written = speaker if canonical and speaker and len(speaker) > len(canonical) else None
    who = describe_speaker(written or canonical, article=article_text, at=quote.start, day=day)
    targets = find_targets(quote.text, speaker=who.actor, article=article_text, start=quote.start, end=quote.end,
                           day=day, speaker_text=speaker)
    return StatementParties(speaker, canonical, who, targets)


def stance_input(quote: Quote) -> str:
    """What the stance classifier reads for a statement: the words of a direct quote; for reported speech the
    cue and the content (``rejected`` + ``the offer``), since there the reporting verb carries the stance."""
    if quote.kind == "indirect" and quote.cue and not quote.cue.lower().startswith("according"):
        return f"{quote.cue} {quote.text}"
    return quote.text


# ------------------------------------------------------------------------------------------ speakers

_NAME_WORD_RE = re.compile(r"(?:[a-z]{1,3}-)?[A-Z][\w’'.-]*")  # Khamenei, O'Neill, al-Assad, Sen., J.
#: A word of running text; a full stop right before a capitalised word ends it (``Trump.But``: a missing space).
_TOKEN_RE = re.compile(r"(?:[^\s.]|\.(?![A-Z][a-z]))+\.?|\.")
_PARTICLES = frozenset("al el bin ibn abu ben de del della di da du dos van von der den la le ter".split())
_FUNCTION_WORDS = frozenset(
    "a an the and but or nor in on at of for with while to from by as if when after before although though "
    "because since until unless this that these those it its he she they we i you his her their our my your "
    "not no yes even beside besides recently also so then there here will would all any some every according "
    "about against between during into over under via later earlier now yesterday today tonight tomorrow "
    "meanwhile however still instead already again indeed moreover thus first next last finally separately "
    "asked told speaking".split()
)
_PREPOSITIONS = frozenset("of from in at for with to by on near across and or".split())
_HONORIFICS = frozenset("Mr Mrs Ms Miss Dr Mister Madam".split())
_HONORIFIC_KEYS = frozenset(h.lower() for h in _HONORIFICS)
_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}")  # U.S. Army Col. Terry Carrico
_POSSESSIVE_RE = re.compile(r"(?:’s|'s|’|')$")
_NATIONALITIES = frozenset(
    "american british english scottish irish french german italian spanish portuguese dutch belgian swiss austrian "
    "swedish norwegian danish finnish polish czech hungarian greek turkish russian ukrainian belarusian georgian "
    "armenian serbian croatian bosnian european western arab iranian iraqi israeli palestinian syrian lebanese "
    "jordanian egyptian saudi yemeni qatari emirati kuwaiti omani bahraini libyan sudanese ethiopian nigerian "
    "kenyan afghan pakistani indian bangladeshi chinese taiwanese japanese korean vietnamese thai indonesian "
    "malaysian filipino burmese australian canadian mexican cuban venezuelan brazilian argentine colombian "
    "kurdish zimbabwean zambian ugandan tanzanian rwandan congolese somali ghanaian senegalese malian algerian "
    "moroccan tunisian angolan mozambican namibian lankan nepali kazakh uzbek azerbaijani mongolian".split()
)
_ADVERB_RE = re.compile(r"[A-Z][a-z]{2,}(?:ally|ately|ively|ously|ently|antly|arly|edly)$")  # Officially, Reportedly
_TRAIL = ",;:!?)]}\"”’'»…"
_LEAD = "(\"“‘'[{«"


class _Name(NamedTuple):
    words: tuple[str, ...]  # as written, possessive removed
    keys: tuple[str, ...]  # lower case, particle prefix removed
    at: int  # offset of the first word


def _without_nationality(words: list[str]) -> list[str]:
    """``Iranian President Hassan Rouhani`` -> ``President Hassan Rouhani`` (a name of two words or more stays)."""
    while len(words) >= 3 and words[0].lower() in _NATIONALITIES:
        words = words[1:]
    return words


def _core(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Name keys without a leading honorific: ``Mr Veness`` is a shorter form of ``David Veness``."""
    return keys[1:] if len(keys) >= 2 and keys[0] in _HONORIFIC_KEYS else keys


def _key(word: str) -> str:
    return re.sub(r"^[a-z]{1,3}-", "", _POSSESSIVE_RE.sub("", word)).rstrip(".").lower()


def _is_name_word(word: str) -> bool:
    if not _NAME_WORD_RE.fullmatch(word) or word.lower() in _FUNCTION_WORDS:
        return False
    if re.match(r"[A-Z]{2,}-", word):
        return False  # a dateline: HARARE-Zimbabwean
    letters = [c for c in word if c.isalpha()]
    return any(c.islower() for c in letters) or re.fullmatch(r"[A-Z]\.", word) is not None  # not U.S., REUTERS


def _names(text: str) -> list[_Name]:
    """Capitalised-word runs of ``text`` (the names a speaker can be mapped to), in text order."""
    lower_words = set(re.findall(r"\b[a-z][a-z’'-]*\b", text))
    names: list[_Name] = []
    run: list[tuple[str, int]] = []
    sentence_start = True  # the next word starts a sentence (or line)
    run_at_sentence_start = False

    def close() -> None:
        while run and run[-1][0].lower() in _PARTICLES:
            run.pop()
        words = [w for w, _ in run]
        at = run[0][1] if run else 0
        if len(words) >= 2 and run_at_sentence_start and (words[0].lower() in lower_words or _ADVERB_RE.match(words[0])):
            words, at = words[1:], run[1][1]
        words = _without_nationality(words)
        if words:
            names.append(_Name(tuple(words), tuple(_key(w) for w in words), at))
        run.clear()

    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        token, at = match.group(), match.start()
        if "\n" in text[previous_end:at]:  # a line break ends a name and starts a sentence
            close()
            sentence_start = True
        previous_end = match.end()
        core = token.lstrip(_LEAD)
        if core != token:
            close()
            at += len(token) - len(core)
        core_stripped = core.rstrip(_TRAIL)
        ends_run = core_stripped != core
        word = core_stripped
        if word.endswith(".") and not (re.fullmatch(r"(?:[A-Z]\.)+", word) or is_abbreviation(word)):
            word, ends_run = word[:-1], True  # "Trump." and "East." end a sentence; "Sen." and "J." do not
        possessive = bool(_POSSESSIVE_RE.search(word)) and len(word) > 2
        if possessive:
            word, ends_run = _POSSESSIVE_RE.sub("", word), True
        if _is_name_word(word) or (run and word in _PARTICLES and not ends_run):
            if not run:
                run_at_sentence_start = sentence_start
            run.append((word, at))
        else:
            close()
        if ends_run:
            close()
        sentence_start = bool(re.search(r"[.!?:”\"]$", core)) and not is_abbreviation(core)
    close()
    return names


def _close_spelling(a: str, b: str) -> bool:
    """``a == b``, or one letter inserted, removed or replaced in words of six letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _ends_with(name: tuple[str, ...], speaker: tuple[str, ...]) -> bool:
    if len(speaker) > len(name):
        return False
    tail = name[len(name) - len(speaker) :]
    return tail[:-1] == speaker[:-1] and _close_spelling(tail[-1], speaker[-1])


def _canonical(speaker: str | None, names: Sequence[_Name], at: int | None) -> str | None:
    if speaker is None:
        return None
    speaker = speaker.strip()
    words = speaker.split()
    if words:
        words[-1] = _POSSESSIVE_RE.sub("", words[-1].rstrip(_TRAIL))
    first = len(words)  # the name that ends the speaker phrase: words[first:]
    while first > 0 and (_is_name_word(words[first - 1]) or (words[first - 1] in _PARTICLES and first < len(words))):
        first -= 1
    while first < len(words) and words[first] in _PARTICLES:
        first += 1
    if first == len(words):
        return speaker
    before = words[first - 1] if first > 0 else ""
    if before and not (before.islower() and before not in _PREPOSITIONS) and not _ACRONYM_RE.fullmatch(before):
        return speaker  # "the senator from Texas": not a name; "supreme leader Ayatollah Ali Khamenei": a name
    words = _without_nationality(words[first:])
    if len(words) >= 2 and words[0].rstrip(".") in _HONORIFICS:
        words = words[1:]  # "Mr Veness" is the "Assistant Commissioner David Veness" of the article
    keys = tuple(_key(w) for w in words)
    fitting = [n for n in names if _ends_with(n.keys, keys)]
    if not fitting:
        return " ".join(words)
    exact = {n.keys for n in fitting if n.keys[-1] == keys[-1]}
    # the fullest forms: names that are not the end of a longer fitting name (never empty: the longest stays)
    full = [
        n for n in fitting
        if not any(len(_core(m.keys)) > len(_core(n.keys)) and _ends_with(m.keys, _core(n.keys)) for m in fitting)
    ]
    if len({n.keys for n in full}) > 1:  # different people share the name: the last one mentioned before the quote
        for mention in sorted((n for n in fitting if at is None or n.at < at), key=lambda n: -n.at):
            owners = {n.keys: n for n in full if _ends_with(n.keys, _core(mention.keys))}
            if len(owners) == 1:
                return " ".join(next(iter(owners.values())).words)
        return " ".join(min(full, key=lambda n: n.at).words)
    chosen = max(full, key=lambda n: (len(n.keys), n.keys in exact, -n.at))
    return " ".join(chosen.words)


def canonical_speaker(speaker: str | None, article_text: str, *, at: int | None = None) -> str | None:
    """The fullest form of ``speaker`` among the names of ``article_text`` (rules in the module docstring).

    ``at``: offset of the quote, to choose between different people sharing a name (the last mentioned before
    it). A speaker that is not a name is returned as written (stripped); ``None`` stays ``None``.
    """
    return _canonical(speaker, _names(article_text), at)


# ------------------------------------------------------------------------------------------ reading articles

class Article(NamedTuple):
    """An article to analyse: its id (file name, or the ``id`` of a JSONL record), date (ISO) and text."""

    id: str
    date: str | None
    text: str


def parse_date(value: str) -> date:
    """The day of an ISO 8601 date or date-time string (``2018-08-13``, ``2018-08-13T09:30:00Z``)."""
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"date {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def _input_files(paths: Iterable[str], on_error: Callable[[str], None]) -> Iterator[str | Path]:
    """``-`` and files as given; the ``.txt`` and ``.jsonl`` files under folders, sorted, hidden ones left out."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.suffix.lower() in ARTICLE_SUFFIXES and found.is_file() and not any(
                    part.startswith(".") for part in relative
                ):
                    yield found
        elif path.is_file():
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path
            else:
                on_error(f"{raw}: skipped, not a .txt or .jsonl file")
        else:
            on_error(f"{raw}: skipped, no such file or folder")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValueError(f"not UTF-8 text ({error.reason} at byte {error.start}, line {line})") from None


def _jsonl_articles(path: Path, text: str, on_error: Callable[[str], None]) -> Iterator[Article]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            on_error(f"{where}: skipped, not a JSON object ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            on_error(f'{where}: skipped, no "text" string field')
            continue
        article_id, day = record.get("id"), record.get("date")
        if article_id is not None and not isinstance(article_id, (str, int)):
            on_error(f'{where}: skipped, "id" is {type(article_id).__name__}, expected a string or number')
            continue
        if day is not None:
            try:
                parse_date(day)
            except ValueError as error:
                on_error(f"{where}: skipped, {error}")
                continue
        yield Article(str(article_id) if article_id is not None else where, day, record["text"])


def iter_articles(paths: Iterable[str], on_error: Callable[[str], None]) -> Iterator[Article]:
    """Articles from files, folders (recursively: ``.txt`` files, ``.jsonl`` files) and ``-`` (stdin, one text).

    A ``.txt`` file is one article whose id is its path. A ``.jsonl`` file holds one article a line: a JSON
    object with a ``text`` string and optional ``id`` and ``date`` (ISO 8601); without ``id`` the article is
    ``FILE:LINE``. Files are read whole as UTF-8 before any of their articles is given, so a missing, unreadable
    or non-UTF-8 file gives no article; it is reported to ``on_error`` by name, like a bad JSONL line, and
    reading goes on with the others.
    """
    for source in _input_files(paths, on_error):
        if source == "-":
            stream = sys.stdin
            try:
                data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
                text = data.decode("utf-8") if isinstance(data, bytes) else data
            except (OSError, UnicodeDecodeError) as error:
                on_error(f"<stdin>: skipped, {error}")
                continue
            yield Article("<stdin>", None, text)
            continue
        try:
            text = _read_text(source)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            on_error(f"{source}: skipped, {reason}")
            continue
        if source.suffix.lower() == ".jsonl":
            yield from _jsonl_articles(source, text, on_error)
        else:
            yield Article(str(source), None, text)


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles ``iter_articles`` will give at most (for a progress bar); ``None`` with stdin."""
    total = 0
    for source in _input_files(paths, lambda message: None):
        if source == "-":
            return None
        if source.suffix.lower() == ".jsonl":
            try:
                with source.open("rb") as file:
                    total += sum(1 for line in file if line.strip())
            except OSError:
                pass
        else:
            total += 1
    return total
