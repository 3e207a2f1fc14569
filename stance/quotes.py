"""Direct-quote extraction from news text: ``extract_quotes`` and ``split_sentences``.

Pure Python (``re`` only). ``extract_quotes(text)`` returns one :class:`Quote` per quoted stretch, in text
order, with the speaker and the reporting verb (cue) when they can be found. Offsets always satisfy
``text[q.start:q.end] == q.text``.

Rules
=====

Quote marks
    Double quote marks delimit quotes: straight ``"``, curly ``“ ”``, the doubled apostrophe ``''`` (used as a
    double quote by some wire copy; in ``'''`` the last two close), ``„`` and ``« »``. Single quotes
    (``‘…’``, ``'…'``) delimit a quote only outside a double-quoted stretch, and such a stretch is kept only
    when it is directly attributed with a speaker and has more than ``SHORT_QUOTE_WORDS`` words (headline
    style: ``Kasich: ‘We Are Going All The Way To Cleveland.’``); an opening single mark follows white space,
    a bracket or a dash and precedes a letter, a closing one is not followed by a letter, so apostrophes
    (``I’m``, ``don't``, ``the ’90s``) open and close nothing. Inside a double-quoted stretch single quotes
    are part of the text (nested quotes). Straight marks (and curly marks used the wrong way round) are read
    as opening or closing from their neighbours: a mark after a space and before a word opens, a mark after a
    word and before a space or punctuation closes; otherwise it closes when a quote is open and opens when
    none is. An invisible direction mark (U+202A …) before a mark counts as white space.

Paragraphs and unbalanced marks
    A quote never crosses a paragraph end. Each line is a paragraph, except in hard-wrapped text (most lines
    that run on into another line are 40-100 characters long, as in wire copy), where paragraphs are the
    blocks between blank lines. A quote still open at the end of its
    paragraph ends there. This covers the newspaper convention for quotes running over several paragraphs
    (opening mark repeated on each paragraph, closing mark only on the last) and also a stray opening mark.
    A closing mark with no open quote is ignored; an opening mark met while a quote is open drops the
    earlier, unclosed opening. Nothing raises on unbalanced marks.

Quote text
    ``.text`` is the stretch between the marks with surrounding white space and a trailing comma removed
    (the comma of ``"We will never," he said`` belongs to the attribution, not to the words). A stretch
    without letters or digits is not a quote.

Split quotes and multi-paragraph quotes: two Quotes, same speaker
    ``"We will never," he said, "negotiate."`` gives two Quotes, ``We will never`` and ``negotiate.``,
    both with the speaker and cue of the attribution between them (each Quote is a contiguous stretch of the
    input, so the offsets invariant holds). Likewise each paragraph of a multi-paragraph quote is its own
    Quote; paragraphs that carry no attribution of their own take the speaker of the previous part (rule 10).
    Consumers that want whole statements join consecutive Quotes with the same speaker.

Attribution (speaker and cue)
    Tried in this order, within the quote's sentence (see ``split_sentences``); the first that applies wins:

    1. right after the closing mark, when the quote ends with ``, ? ! — …`` or a comma or dash follows
       (a quote ending in ``."`` ends its sentence): ``"…," Trump said`` / ``"…," the senator from Texas told
       reporters`` / ``"…," said Sen. Ted Cruz, R-Texas`` / ``"…," according to Clinton`` / ``"…,"
       Braynard was quoted (by the Post) as saying``; also without the comma when a name and a reporting
       verb follow a quote ending in a word (``"… too" Sweeny said``). ``said`` followed by a phrase and a
       verb is a reported clause, not an inversion (``"…," said the candidate could win``). Failing a listed
       reporting verb, any ``-ed``/``-s`` verb (or ``shot back``, ``fired back``, …) next to a capitalised
       name: ``"…!" beamed Donald Hartley``;
    2. before the opening mark: the last reporting verb between the sentence start (or the end of the
       previous quote in the sentence) and the mark, with its subject: ``Khamenei wrote on Twitter: "…"``,
       ``Trump told reporters "…"``, ``he said, "…"`` (second half of a split quote), ``According to X, "…"``,
       ``Said Dorothy Poynter, "…"``, ``Trump said … that he would meet them "anytime they want"`` (a
       partial quote). A reporting verb right before the mark wins over rule 1 (``what Mr. Hedge called
       "the old model," the club said``). A participle (``saying``, ``writing``, ``calling``) takes the
       subject of the sentence (``Clinton responded on Facebook writing, "…"``) unless it has its own after
       *with* (``…, with Donald Trump tweeting "…"``); a verb without a subject next to it takes the phrase
       that opens the sentence, or the speaker of an earlier quote in the sentence (``Bush called Rubio "…"
       but described his skills as a "…"``);
    3. a colon introduction without a reporting verb (speaker, cue None): ``Trump: "…"``, ``… contests -
       Philip Bump: "…"``, ``More from Jones: "…"``, a transcript line ``Former secretary of state Hillary
       Rodham Clinton: "…"``, ``She then addressed the crowd: "…"``, ``Clinton’s response was: "…"`` and
       ``From Bush's Facebook post: "…"`` (speakers Clinton, Bush); also a previous paragraph ending in a
       colon (``Trump said Monday:``);
    4. a signature: a dash and a name after a quote that ends its paragraph, or opening the next paragraph
       (``"…" ¶ - Bernie Sanders.``, ``"…" ¶ -President Obama, tweeting after the speech.``);
    5. a reporting verb that closes the quote's sentence after more words, for a quote that starts its
       sentence or has more than ``SHORT_QUOTE_WORDS`` words: ``"…" that Sanders can catch Clinton, said
       Steve Elmendorf.`` / ``"…," like the recent volatility, said Richard Curtin.``;
    6. a quote in the same sentence as an earlier attributed quote shares its attribution
       (``… "anytime they want" and "without preconditions"``), and one followed in its sentence by an
       attributed quote takes that one (``"A" and "B," Dean proclaimed``);
    7. a quote inside a sentence with no reporting verb takes the phrase that opens the sentence as speaker,
       cue None: ``The ad targets a "corrupt political system …"``;
    8. (pronouns, below);
    9. a quote with no attribution at all that opens its sentence right after a sentence without quote
       marks (same or previous paragraph) takes that sentence's speaker, cue None: the named subject of its
       reporting verb, else its opening name or pronoun (resolved), never a passive subject
       (``Two Americans were killed.``): ``Clinton touted her credentials. "We need …"``, ``Carter said that
       … ¶ "That's because …"``;
    10. a quote that still has no speaker takes the speaker of the previous quote when that one is at most
        two paragraphs back (consecutive quote paragraphs, the continuation of a multi-paragraph quote).

    The reporting verbs are ``CUE_VERBS`` (say, tell, add, write, tweet, warn, insist, …; ``according to``;
    verbs that are as often nouns, like *tweet*, *call*, *claim*, only in their ``-ed``/``-ing`` forms).
    ``.cue`` is the verb as written (``said``, ``told``, ``According to``; None for rules 3, 4, 7, 9 and 10);
    ``.speaker`` is the subject phrase as written (``Spokeswoman Haley Morris``, ``the senator from Texas``,
    ``Sen. Ted Cruz``), without a leading conjunction, sentence adverb or introductory phrase (``Amid …,``,
    ``Informed of …,``, ``Here in Columbia,``), without a party tag (``Sen. Ted Cruz (R-Tex.) said``) and
    without an appositive (``Murray Clark, a former state GOP chair, said`` and ``Mark Holden, chairman of
    Freedom Partners, the network's arm, said`` give the name; so does ``Sam Lau, the party's spokesman
    said`` with its second comma missing).
    A nested attribution keeps the inner speaker: ``"…," Walker said, according to an AP account`` gives
    Walker (PolNeAR annotates the outer source, the account).

Pronoun speakers
    A pronoun speaker (he, she, they, it, and the relative ``who``) is replaced by the most recent preceding
    *named speaker* it agrees with, or None when there is none (rule 10 may then apply). Named speakers are
    the subjects holding a capitalised word of every reporting verb in the text (so ``Khamenei also
    dismissed …`` makes Khamenei the antecedent of a later ``he wrote``), the names that open a sentence
    (``Vladimir Putin spoke …``; a single capitalised word only when it is also capitalised mid-sentence
    somewhere or a verb-like word follows it), names followed by a verb in a main clause (``…, Ban
    demurred.``; not after *because*, *though*, *where*, a preposition, …), and the speakers of earlier
    quotes; never a phrase inside a quote. For ``it``/``they`` the subjects ``the statement``,
    ``officials``, … count too. Agreement: ``he`` takes a male or unknown-gender person, ``she`` a female or
    unknown-gender person, neither a known place (``Iran``, ``Ohio``) nor a single word of unknown gender
    that the text uses as a place (``in Asmara``) or, capitalised only where it opens a sentence, also in
    lower case (``Cost estimates …`` beside ``the cost``), unless the text uses it as a person's name
    elsewhere (after a title or a given name, or as the subject of *said*); ``they``
    a plural or an organisation; ``it`` an organisation. Gender comes from a short list of given names, then
    honorifics (Mr., Mrs., Ms.) and gendered role nouns (spokeswoman, congressman, …), then earlier full-name
    mentions in the same text (``Hillary Clinton`` makes a later ``Clinton`` female). ``I``/``we`` as
    speakers resolve to None.

Scare quotes, titles and markup
    A Title Case stretch of at most ``TITLE_WORDS`` words right after ``on``, ``of``, ``’s``, ``the``, … is a
    title and is skipped (``on NBC's "Meet the Press"``). Otherwise a stretch that is directly attributed
    (rule 1, or a reporting verb or colon right before the mark) or that starts its sentence is kept; any
    other stretch is skipped when it is in Title Case with at most ``TITLE_WORDS`` words (a film, book or
    programme title: ``watched "The Last Jedi"``) or when it has at most ``SHORT_QUOTE_WORDS`` words and no
    reporting verb before it in its sentence (a scare quote: ``was "relatively calm" on Tuesday``,
    ``the so-called "alt-right"``); an exclamation or a question is never a scare quote (``chanting "Lock
    her up!"``). So ``Trump said he would meet them "anytime they want"`` is kept as a partial quote, and
    ``"Make America Great Again," Trump said`` is kept. A stretch opened right after ``=`` is a markup
    attribute (``<tweet author="…">``) and is skipped.

Sentences
    ``split_sentences`` splits at line breaks and after ``. ? ! …`` (with any closing quote marks or
    brackets) followed by white space and a capital letter, digit or opening mark, except after known
    abbreviations (Mr., Sen., Gov., Jan., …) and initials (``U.S.`` ends a sentence only before a usual
    sentence opener such as *The*, *He*, *But*), never inside a quote, and never between a quote's closing
    mark and its attribution (``"Why not?" Merkel asked.`` is one sentence). So a multi-sentence quote stays
    in one sentence, and every sentence without quote marks is narrative text (a *reported* statement when
    it has a reporting verb). A sentence longer than ``MAX_SENTENCE_CHARS`` (a transcript or a scraped page
    without sentence breaks) is cut at white space.

Time
    Extraction is linear in the text's length: rules read a bounded stretch around each quote or reporting
    verb, and look-ups (sentence, quote mark, pronoun antecedent) are binary searches.
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass

__all__ = [
    "Quote", "extract_quotes", "split_sentences", "quote_spans", "CUE_VERBS", "SHORT_QUOTE_WORDS", "TITLE_WORDS",
    "MAX_SENTENCE_CHARS", "is_abbreviation",
]


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted stretch: the words (without marks), who said them, the reporting verb, and offsets.

    ``kind`` is ``"direct"`` for quoted words; ``stance.attribution`` also gives ``"indirect"`` (reported speech).
    """

    text: str
    speaker: str | None
    cue: str | None
    start: int
    end: int
    kind: str = "direct"


#: Quotes of at most this many words are subject to the scare-quote rule.
SHORT_QUOTE_WORDS = 3
#: Title Case quotes of at most this many words are subject to the title rule.
TITLE_WORDS = 8

# Reporting verbs. Irregular verbs are written out; regular ones get base, -s, -ed and -ing forms, except the
# verbs that are as often nouns ("a tweet", "the posts", "his call"), which get only -ed and -ing forms.
_IRREGULAR = (
    "say says said saying tell tells told telling write writes wrote writing written began went_on goes_on "
    "put_it puts_it pointed_out points_out point_out sang according_to read reads"
)
_REGULAR = (
    "add ask respond explain declare insist warn argue contend continue recall acknowledge admit announce "
    "assert complain concede emphasize emphasise stress suggest observe exclaim proclaim predict threaten "
    "urge accuse criticize criticise dismiss reject deny describe testify reiterate confirm conclude "
    "attribute retort lament condemn apologize remind scream wonder"
)
_NOUN_LIKE = (
    "tweet post answer reply note state claim joke quip remark shout yell promise vow pledge demand charge "
    "blast slam praise mock boast brag report tout call welcome thank plead chant caution counter scoff question "
    "marvel muse"
)


def _verb_forms(base: str, noun_like: bool) -> tuple[str, ...]:
    if base.endswith("y") and base[-2] not in "aeiou":
        forms = (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    elif base.endswith("e"):
        forms = (base, base + "s", base + "d", base[:-1] + "ing")
    else:
        doubled = base + base[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", base) else base
        plural = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
        forms = (base, plural, doubled + "ed", doubled + "ing")
    return forms[2:] if noun_like else forms


#: Every reporting-verb form recognised as a cue (lower case; "according to" included).
CUE_VERBS: frozenset[str] = frozenset(
    [w.replace("_", " ") for w in _IRREGULAR.split()]
    + [f for base in _REGULAR.split() for f in _verb_forms(base, False)]
    + [f for base in _NOUN_LIKE.split() for f in _verb_forms(base, True)]
)

def _trie_pattern(words: list[str]) -> str:
    """One regex alternative for ``words`` factored as a trie (much faster than a flat alternation)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


_CUE_ALT = _trie_pattern(sorted(CUE_VERBS))
# Case-sensitive on purpose: "State" (Secretary of State) and "Post" (Washington Post) are not cues.
_CUE_RE = re.compile(r"(?<![\w’'-])(According\s+to|Said|Says|Added|Asked|Wrote|" + _CUE_ALT + r")(?![\w’'-])")

# ---------------------------------------------------------------------------------------------- marks

_OPENERS = "“„«"
_CLOSERS = "”»"
_MARK_RE = re.compile(r"''(?!')|[\"“”„«»]")
_FORMAT_CHARS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff"
_OPEN_BEFORE = "([{—–-/"  # characters after which an ambiguous mark opens
_CLOSE_AFTER = ",.;:!?)]}—–-…"  # characters before which an ambiguous mark closes


def _mark_role(text: str, pos: int, length: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'ambig' for the quote mark at ``text[pos:pos+length]`` in paragraph [lo, hi)."""
    prev = text[pos - 1] if pos > lo else " "
    nxt = text[pos + length] if pos + length < hi else " "
    prev = " " if prev in _FORMAT_CHARS else prev  # an invisible direction mark before a quote is white space
    opens = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER or nxt in "\"'”’")
    mark = text[pos:pos + length]
    if mark in _OPENERS:
        return "close" if closes and not opens else "open"
    if mark in _CLOSERS:
        return "open" if opens and not closes else "close"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "ambig"


@dataclass(frozen=True, slots=True)
class _Raw:
    """A quoted stretch before attribution: mark positions, inner text span, paragraph index."""

    open_at: int  # position of the opening mark
    inner_start: int
    inner_end: int
    close_end: int  # end of the closing mark, or the paragraph end when unclosed
    closed: bool
    para: int
    single: bool = False  # delimited by single quote marks (‘…’ or '…')


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: the non-blank lines, or the blocks between blank lines when the text is hard-wrapped."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), bool(line.strip())))
        pos += len(line) + 1
    if not _hard_wrapped(text, lines):
        return [(a, b) for a, b, filled in lines if filled]
    spans: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None
    for a, b, filled in lines:
        if filled:
            block = (block[0], b) if block else (a, b)
        elif block:
            spans.append(block)
            block = None
    if block:
        spans.append(block)
    return spans


def _hard_wrapped(text: str, lines: list[tuple[int, int, bool]]) -> bool:
    """True when most lines followed by another line are 40-100 characters long (wire copy wrapped at a
    fixed width, paragraphs separated by blank lines), so that a single line break is not a paragraph end."""
    inner = [b - a for (a, b, filled), (_, _, nxt) in zip(lines, lines[1:]) if filled and nxt]
    return len(inner) >= 3 and sum(40 <= n <= 100 for n in inner) >= 0.7 * len(inner)


def _pair_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[_Raw]:
    raws: list[_Raw] = []
    for para, (lo, hi) in enumerate(paragraphs):
        first = len(raws)  # this paragraph's stretches are raws[first:]
        open_at = open_len = -1
        for m in _MARK_RE.finditer(text, lo, hi):
            role = _mark_role(text, m.start(), m.end() - m.start(), lo, hi)
            if open_at < 0:
                if role in ("open", "ambig"):
                    open_at, open_len = m.start(), m.end() - m.start()
            elif role in ("close", "ambig"):
                raws.append(_Raw(open_at, open_at + open_len, m.start(), m.end(), True, para))
                open_at = -1
            else:  # a second opening mark: the earlier one was never closed
                open_at, open_len = m.start(), m.end() - m.start()
        if open_at >= 0:
            raws.append(_Raw(open_at, open_at + open_len, hi, hi, False, para))
        raws.extend(_single_quoted(text, lo, hi, para, raws[first:]))
    raws.sort(key=lambda r: r.open_at)
    return raws


# A single-quoted stretch: an opening mark before a letter, after white space, a bracket or a dash; a closing
# mark of the same kind not followed by a letter (apostrophes inside words, "I’m", "don't", stay inside).
_SINGLE_RE = re.compile(
    r"(?<![^\s(\[—–/-])(?:‘(?=[A-Za-z])(?P<c>(?:[^‘’\n“”\"]|’(?=[A-Za-z]))*?[^\s‘’])’(?![A-Za-z0-9’'])"
    r"|'(?=[A-Za-z])(?P<s>(?:[^'\n“”\"]|'(?=[A-Za-z]))*?[^\s'])'(?![A-Za-z0-9’']))"
)


def _single_quoted(text: str, lo: int, hi: int, para: int, doubles: list[_Raw]) -> list[_Raw]:
    """Single-quoted stretches of the paragraph [lo, hi) outside its double-quoted ones (headline style:
    ``Kasich: ‘We Are Going All The Way.’``). Inside a double quote they stay part of it (nested quotes)."""
    out = []
    opens = [r.open_at for r in doubles]  # in text order and disjoint, so their ends are in order too
    for m in _SINGLE_RE.finditer(text, lo, hi):
        k = bisect.bisect_right(opens, m.end())
        if k and m.start() <= doubles[k - 1].close_end:
            continue
        group = "c" if m.group("c") is not None else "s"
        out.append(_Raw(m.start(), m.start(group), m.end(group), m.end(), True, para, True))
    return out


# ------------------------------------------------------------------------------------------ sentences

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm maj rep reps sen sens gov pres st jr sr rev hon atty supt "
    "det ft mt jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc corp ltd co gov't messrs "
    "ca approx dept univ est fig".split()
)


def is_abbreviation(word: str) -> bool:
    """A word whose full stop ends no sentence: a title, month or other short form (``Sen.``, ``Gen.``, ``Jan.``)
    or an initial (``J.``); not ``East.`` or ``Iran.``."""
    return re.fullmatch(r"[A-Z]\.", word) is not None or word.endswith(".") and word[:-1].lower() in _ABBREVIATIONS


_SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i but and in on this that these those there his her its their our when while "
    "if as after before since for at some many most one two however meanwhile still yet so".split()
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"”’'»)\]]*\s+(?=(?:''|[\"“‘'(«\[])?[A-Z0-9])")


def _is_boundary(text: str, m: re.Match) -> bool:
    dot = text.find(".", m.start(), m.end())
    if dot != m.start():  # ends with ! ? or … (or the dot is not the first char): always a boundary
        return True
    word = re.search(r"([\w.’'-]*)$", text[max(0, dot - 30):dot]).group(1)
    if not word:
        return True
    bare = word.lower().rstrip(".")
    if bare in ("no", "nos"):  # "No. 5", but "he said no. It left."
        return not text[m.end():m.end() + 1].isdigit()
    if bare in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word):
        return False
    if "." in word:  # U.S. / D.C. / a.m.: a boundary only before a typical sentence opener
        following = re.match(r"[\"“‘'(]?([A-Za-z]+)", text[m.end():])
        return bool(following) and following.group(1).lower() in _SENTENCE_STARTERS
    return True


def _sentences(text: str, paragraphs: list[tuple[int, int]], raws: list[_Raw]) -> list[tuple[int, int]]:
    opens = [r.open_at for r in raws]
    spans = []
    for lo, hi in paragraphs:
        cuts = [lo]
        for m in _BOUNDARY_RE.finditer(text, lo, hi):
            punct_end = m.start() + len(m.group().rstrip())
            i = bisect.bisect_left(opens, m.start()) - 1  # last quote opened before the punctuation
            if i >= 0 and punct_end < raws[i].close_end:
                continue  # inside a quote
            if i >= 0 and punct_end == raws[i].close_end and _attribution_follows(text, m.end(), hi):
                continue  # '“Why not?” Trump asked.' is one sentence
            if _is_boundary(text, m):
                cuts.append(m.end())
        cuts.append(hi)
        for a, b in zip(cuts, cuts[1:]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.extend(_capped(text, a, b))
    return spans


#: Longer sentences (a transcript or a scraped page without a sentence break) are cut at white space, so
#: that the work per quote stays bounded and extraction linear in the text's length.
MAX_SENTENCE_CHARS = 3000


def _capped(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The sentence [a, b) in pieces of at most ``MAX_SENTENCE_CHARS``, cut at the last white space that fits."""
    pieces = []
    while b - a > MAX_SENTENCE_CHARS:
        cut = max(text.rfind(" ", a + 1, a + MAX_SENTENCE_CHARS), text.rfind("\t", a + 1, a + MAX_SENTENCE_CHARS))
        cut = cut if cut > a else a + MAX_SENTENCE_CHARS
        end = cut
        while end > a and text[end - 1].isspace():
            end -= 1
        pieces.append((a, end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        pieces.append((a, b))
    return pieces


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Every quoted stretch ``(start, end)`` between paired marks (white space and a trailing comma trimmed),
    before attribution and before the scare-quote, title and markup rules: the raw material of
    ``extract_quotes``. Stretches without a letter or digit are left out."""
    spans = []
    for raw in _pair_marks(text, _paragraphs(text)):
        a, b = _trim(text, raw.inner_start, raw.inner_end)
        if a < b and any(c.isalnum() for c in text[a:b]):
            spans.append((a, b))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, white space trimmed, in order.

    Line breaks always end a sentence; a sentence never ends inside a quote (see the module docstring).
    """
    paragraphs = _paragraphs(text)
    return _sentences(text, paragraphs, _pair_marks(text, paragraphs))


# --------------------------------------------------------------------------------------- noun phrases

_WORD_RE = re.compile(r"[\w’'.&-]+|[^\w\s]")
_POSSESSIVE_END_RE = re.compile(r"(?:’s|'s)$")
_PRONOUNS = frozenset("he she they it who i we you".split())
_DETERMINERS = frozenset(
    "the a an his her their its our this that these those another some many several both each every all few "
    "most no one two three".split()
)
_CLAUSE_WORDS = frozenset(
    "that and but or which when while because if as after before since though although so then than where "
    "whether what how why also to with by in on at into from about over under during until unless not "
    "is was were are be been being has have had do does did will would can could should may might must "
    "said says say told there here".split()
)
_NP_CONNECTORS = frozenset("of for de la van von bin al del da du le at".split())
_SENTENCE_ADVERBS = frozenset(
    "meanwhile however later earlier still yet then now also but and so instead indeed afterward afterwards "
    "separately similarly speaking asked today yesterday tonight moreover again finally first".split()
)
_TITLE_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. capt. adm. maj. prof. rev. pres. st. jr. sr. u.s. "
    "u.n. d.c. hon.".split()
)
_AUXILIARY_RE = re.compile(
    r"(?:\s+(?:also|later|then|has|had|have|would|will|could|once|previously|recently|repeatedly|again|"
    r"often|first|earlier|yesterday|today|tonight|now|simply|further|separately|similarly|long|had\s+been|has\s+been|"
    r"(?:(?:on|last|this|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?|(?:on|in)\s+(?:a|an|his|her|the|their)\s+"
    r"(?:statement|interview|tweet|speech|email|e-mail|letter|post|memo|release|call)|\w+ly))+\s*$"
)


def _is_name_token(tok: str) -> bool:
    return tok[:1].isupper() or tok.lower() in _TITLE_ABBREVIATIONS


def _last_commas(s: str, lo: int, n: int) -> list[int]:
    """The positions of the last ``n`` commas of ``s[lo:]``, in order."""
    found: list[int] = []
    at = len(s)
    while len(found) < n and (at := s.rfind(",", lo, at)) >= 0:
        found.append(at)
    return found[::-1]


def _subject_before(lead: str) -> tuple[str, int] | None:
    """The noun phrase that ends ``lead`` (the subject of a verb that follows it), with its offset."""
    end = lead.rstrip()
    if end.endswith(_AUXILIARY_ENDINGS):
        lead = _cut_end(_AUXILIARY_RE, lead)
        end = lead.rstrip()
    if end.endswith((")", "),")):
        lead = _cut_end(_PARTY_TAG_RE, lead)  # "Sen. Ted Cruz (R-Tex.) said"
    stripped = lead.rstrip()
    if stripped.endswith(","):  # "X, an appositive, said": the subject is before the appositive
        inner = stripped[:-1]
        first_found = None
        # The subject is before the first comma of the appositive run, so try the commas of the last 200
        # characters from the left: "Cecelia Purner, 67, a retired teacher in Allentown, Pa., said".
        lo = max(0, len(inner) - 250)
        commas = _last_commas(inner, lo, 5)
        # The appositive run starts at the first part that opens with a determiner, a number or "who":
        # "As Andrew J. Tabler, an expert on Syria, noted" / "In Iowa, Trump, the nominee, said".
        for k, comma in enumerate(commas):
            part = inner[comma + 1:commas[k + 1] if k + 1 < len(commas) else len(inner)].strip()
            first = part.split()[0].lower() if part.split() else ""
            if first in _DETERMINERS or first in ("who", "which", "whose") or first[:1].isdigit():
                found = _subject_before(inner[:comma])
                # "Mark Holden, chairman of the board of Freedom Partners, the network's arm, said": a
                # lower-case role phrase between commas is an appositive too; the name is before it
                j = k
                while found and j > 0 and found[0][:1].islower() and found[1] > commas[j - 1] \
                        and found[0].split()[0].lower() not in _DETERMINERS:
                    earlier = _subject_before(inner[:commas[j - 1]])
                    if not (earlier and earlier[0][:1].isupper() and _is_named(earlier[0])):
                        break
                    found, j = earlier, j - 1
                if found and _is_named(found[0]):
                    return found
                break
        for comma in commas[-4:]:
            if re.fullmatch(r"\s*" + _LEADING_ADVERBIAL, inner[:comma + 1]):
                continue  # "In a statement, Trump, the nominee, said"
            found = _subject_before(inner[:comma])
            if found and not _is_named(found[0]):  # "Another pollster, David Woodard of Clemson, said"
                appositive = _phrase_after(inner[comma + 1:])
                if appositive and _is_named(appositive[0]):
                    return appositive[0], comma + 1 + appositive[1]
            if found and _is_named(found[0]):
                return found
            first_found = first_found or found
        return first_found
    # the subject ends the lead: read the tokens of its last characters first (from a space, so that they are
    # the tokens of the whole lead), more of them only when the scan gets near the first of those read
    for size in _SCAN_CHARS:
        cut = stripped.rfind(" ", 0, max(0, len(stripped) - size)) + 1
        tokens = [(m.group(), m.start()) for m in _WORD_RE.finditer(stripped, cut)]
        if not tokens:
            return None
        last = _POSSESSIVE_END_RE.sub("", tokens[-1][0])  # "He's warned"
        if last.lower() in _PRONOUNS:
            if last.lower() == "who":  # "X, who said": the antecedent is right before
                before = stripped[: tokens[-1][1]].rstrip().rstrip(",")
                found = _subject_before(before)
                return found
            return last, tokens[-1][1]
        picked, stop = _scan_back(tokens)
        if not cut or stop >= 2:
            break
    if not picked:
        return None
    first = min(picked)
    # drop leading sentence adverbs / conjunctions ("Meanwhile Trump said")
    while first <= max(picked) and tokens[first][0].lower() in _SENTENCE_ADVERBS:
        first += 1
    if first < max(picked) and tokens[first][0].lower() in ("that", "which") and tokens[first + 1][0][:1].isupper():
        first += 1  # a relative pronoun, not a determiner: 'a clip that Judge Mosman called'
    if first > max(picked):
        return None
    start = tokens[first][1]
    phrase = stripped[start:].strip()
    if tokens[first][0].lower() in ("the", "a", "an") and stripped[:start].rstrip().endswith(","):
        named = _subject_before(stripped[:start].rstrip()[:-1])  # "Sam Lau, the director of X said"
        if named and named[0][:1].isupper() and _is_named(named[0]) and named[0].split()[0].lower() not in \
                _DETERMINERS and " " in named[0] and not stripped[:named[1]].strip():
            return named  # only a name that opens the clause: not "In an interview with Mika Brzezinski, the …"
    if not any(c.isalpha() for c in phrase):
        return None
    if not any(_is_name_token(t) for t, _ in tokens[first:]) and not tokens[first][0].lower() in _DETERMINERS:
        # a bare lowercase phrase: only plural nouns ("officials", "aides") make a subject
        if not phrase.endswith("s") or len(phrase.split()) > 3:
            return None
    return phrase, start


#: How many characters at the end of a lead ``_subject_before`` tokenizes, in turn, until the subject fits.
_SCAN_CHARS = (24, 80, 1_000_000)
# how the words that _AUXILIARY_RE removes end (a lead that ends otherwise has none: no search needed)
_AUXILIARY_ENDINGS = (
    "ly", "day", "also", "later", "then", "has", "had", "have", "would", "will", "could", "once", "again", "often",
    "first", "earlier", "tonight", "now", "further", "long", "been", "night", "morning", "afternoon", "evening",
    "statement", "interview", "tweet", "speech", "mail", "letter", "post", "memo", "release", "call",
)
_PARTY_TAG_RE = re.compile(r"\s*\([^()]{1,40}\)(?=,?\s*$)")


def _cut_end(pattern: re.Pattern, s: str, window: int = 120) -> str:
    """``pattern.sub("", s)`` for a pattern anchored at the end of ``s``, reading only its last ``window``
    characters (a search over all of ``s`` for every reporting verb would be quadratic in a long sentence)."""
    head = max(0, len(s) - window)
    return s[:head] + pattern.sub("", s[head:])


def _scan_back(tokens: list[tuple[str, int]]) -> tuple[list[int], int]:
    """The indices of the subject's tokens, scanning back from the last token, and the index where it stopped."""
    picked: list[int] = []
    i = len(tokens) - 1
    lowercase_run = 0
    while i >= 0 and len(picked) < 10:
        tok = tokens[i][0]
        low = tok.lower()
        if _is_name_token(tok) or re.fullmatch(r"[A-Z][\w’'.&-]*", tok):
            if low in _CLAUSE_WORDS and low not in ("us",):
                break
            picked.append(i)
        elif low in _DETERMINERS and picked:
            picked.append(i)
            # "a spokeswoman for the campaign": continue over "for"/"of" before a determiner phrase
            if i >= 2 and tokens[i - 1][0] in _NP_CONNECTORS and not tokens[i - 2][0].lower() in _CLAUSE_WORDS:
                i -= 1
                picked.append(i)
                i -= 1
                continue
            break
        elif tok in _NP_CONNECTORS and picked and i > 0 and _is_name_token(tokens[i - 1][0]):
            picked.append(i)
        elif tok in _NP_CONNECTORS and picked and i > 0 and tokens[i - 1][0].isalpha():
            picked.append(i)
        elif re.fullmatch(r"[a-z][\w’'-]*", tok) and low not in _CLAUSE_WORDS and low not in _CUE_WORDS:
            if lowercase_run >= 4:
                break
            lowercase_run += 1
            picked.append(i)
        elif tok in ("’s", "'s") and picked:
            picked.append(i)
        else:
            break
        i -= 1
    return picked, i


_CUE_WORDS = frozenset(w for v in CUE_VERBS for w in v.split())


def _phrase_after(tail: str) -> tuple[str, int] | None:
    """The noun phrase that starts ``tail`` (inverted attribution: 'said Sen. Ted Cruz, R-Texas')."""
    m = re.match(r"\s*", tail)
    pos = m.end()
    picked_end = None
    seen = 0
    for t in _WORD_RE.finditer(tail, pos):
        tok, at = t.group(), t.start()
        low = tok.lower()
        if seen == 0 and low in _PRONOUNS:
            return tok, at
        if seen == 0 and low in ("of", "for", "with", "by", "from", "into", "than"):
            return None  # 'said of Mr. Trump': not a speaker
        if tok in (",", ";", ":", "(", "—", "–", "“", "”", '"') or (tok == "." ):
            break
        if low in ("on", "in", "at", "during", "after", "before", "while", "when", "as", "to", "who", "that",
                   "last", "this", "earlier", "later", "and", "but", "because", "about", "adding", "saying",
                   "could", "would", "will", "is", "was", "were", "are", "has", "had", "have", "should", "may",
                   "might", "must", "can", "did", "does", "do", "not"):
            break
        if low.endswith(".") and low not in _TITLE_ABBREVIATIONS and not re.fullmatch(r"(?:[A-Za-z]\.)+", tok):
            picked_end = at + len(tok) - 1
            break
        picked_end = at + len(tok)
        seen += 1
        if seen >= 8:
            break
    if picked_end is None:
        return None
    phrase = tail[pos:picked_end].strip()
    if not phrase or not any(c.isalpha() for c in phrase) or _TIME_RE.fullmatch(phrase):
        return None
    return phrase, pos


_TIME_RE = re.compile(
    r"(?:(?:on|last|this|late|early|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
    r"yesterday|tonight|week|month|year|morning|afternoon|evening|night)(?:\s+(?:night|morning|afternoon|evening))?",
    re.IGNORECASE,
)


# ----------------------------------------------------------------------------------------- attribution

@dataclass(slots=True)
class _Attribution:
    speaker: str | None
    speaker_at: int  # absolute offset of the speaker phrase (-1 when unknown)
    cue: str | None
    direct: bool  # attribution adjacent to the quote (not a reporting verb somewhere earlier)


_TRAILER_RE = re.compile(
    r"\s*[,—–-]*\s*(?P<np>[^,;:!?“”\"]{1,80}?(?:(?:,[^,;:!?“”\"]{1,160}){1,4},)?)\s+"
    r"(?P<aux>(?:(?:also|later|then|has|had|have|would|will|once|previously|recently|again|first|earlier|"
    r"simply|further|[A-Za-z]+ly)\s+)*)(?P<cue>" + _CUE_ALT + r")(?![\w’'-])",
)
_QUOTED_AS_RE = re.compile(
    r"\s*[,—–-]*\s*(?P<np>[^,;:!?“”\"]{1,60}?)\s+(?:is|was|has\s+been|had\s+been)\s+(?:\w+ly\s+)?quoted"
    r"(?:\s+(?:by|in|on)\s+[^,;:!?“”\"]{1,60}?)?\s+as\s+(?P<cue>saying|telling|writing)\b"
)
# _TRAILER_RE needs a reporting verb after white space: searching for one first is much faster than the match
_SPACE_CUE_RE = re.compile(r"\s(?:" + _CUE_ALT + r")(?![\w’'-])")


def _trailer(tail: str) -> re.Match | None:
    """``_TRAILER_RE.match(tail)``: an attribution 'X said' opening ``tail``."""
    return _TRAILER_RE.match(tail) if _SPACE_CUE_RE.search(tail) else None


_INVERTED_RE = re.compile(r"\s*[,—–-]*\s*(?P<cue>" + _CUE_ALT + r")(?![\w’'-])")
_COLON_RE = re.compile(r"(?:^|(?<=[\s(]))(?P<np>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|al|bin|van))*)"
                       r"(?:\s+(?:on|in|via)\s+[^:,.]{1,40})?\s*:\s*$")
_BAD_NP_WORDS = frozenset(
    "is was were are be been being do does did can could should may might must not it's that which "
    "because if when but".split()
)


#: Cues that put the speaker after them ("…," said Sen. Ted Cruz).
_INVERTING_CUES = frozenset(
    "said says added adds asked asks wrote writes continued explained noted recalled replied responded tweeted "
    "declared insisted argued warned quipped joked read reads screamed wondered".split()
) | {"according to"}
_TITLE_CONTEXT_RE = re.compile(r"(?:\b(?:on|in|of|from|by|to|at|for|the|a|an|its|his|her|their|called|titled|"
                               r"entitled|host|hosts)|[’']s)\s*$", re.IGNORECASE)


def _attribution_follows(text: str, pos: int, limit: int) -> bool:
    """True when ``text[pos:limit]`` opens with an attribution ('Trump said', 'said Trump')."""
    tail = text[pos:min(limit, pos + 120)]
    m = _INVERTED_RE.match(tail)
    if m and m.group("cue").lower() in _INVERTING_CUES:
        return True
    m = _trailer(tail)
    return bool(m) and len(m.group("np").split()) <= 6 and not any(
        w in _BAD_NP_WORDS for w in m.group("np").lower().split())


_COMMA_OR_DASH_RE = re.compile(r"\s*[,—–]")
_NAME_START_RE = re.compile(r"\s*(?:[A-Z]|(?:the|a|an)\s)")


def _after_quote(doc: _Doc, raw: _Raw) -> _Attribution | None:
    """Rule 1: attribution right after the closing mark, up to the next quote mark in the paragraph."""
    if not raw.closed:
        return None
    text = doc.text
    inner = text[raw.inner_start:raw.inner_end].rstrip().rstrip("'’ ")
    tail = text[raw.close_end:doc.next_mark(raw.close_end, min(doc.paragraphs[raw.para][1], raw.close_end + 200))]
    # '."' ends a sentence (American punctuation puts the comma of '," he said' inside the marks)
    ends_open = bool(inner) and inner[-1] in ",?!—–-…"
    if not ends_open and not _COMMA_OR_DASH_RE.match(tail):
        # a missing comma ('“… too" Sweeny said after an event'): a name and a reporting verb still attribute
        m = _trailer(tail) if inner and inner[-1].isalnum() and _NAME_START_RE.match(tail) else None
        if not (m and not m.group("cue").endswith("ing") and len(m.group("np").split()) <= 6):
            return None
    return _tail_attribution(tail, raw.close_end)


def _tail_attribution(tail: str, offset: int) -> _Attribution | None:
    """An attribution opening ``tail`` (which starts at ``offset`` in the text): 'said X', 'X said'."""
    m = _INVERTED_RE.match(tail)
    if m and m.group("cue").lower() in _INVERTING_CUES:
        cue = m.group("cue")
        after = tail[m.end():]
        found = _phrase_after(after)
        if found and re.match(r"\s+(?:could|would|will|is|was|were|are|has|had|have|should|may|might|must|can|"
                              r"did|does|do|not)\b", after[found[1] + len(found[0]):]):
            return None  # '“…,” said the candidate could win': a reported clause, not an inversion
        if found and found[0].lower() not in _CUE_WORDS and (
                found[0][:1].isupper() or found[0].split()[0].lower() in _DETERMINERS | _PRONOUNS
                or _is_named(found[0])):  # "said undecided Republican voter Stephanie Hooton"
            return _Attribution(found[0], offset + m.end() + found[1], cue, True)
        if cue.lower() != "according to":
            return None
    m = _QUOTED_AS_RE.match(tail) if "quoted" in tail else None  # the passive: '“…,” Braynard was quoted (by the Post) as saying'
    if m and not any(w in _BAD_NP_WORDS for w in m.group("np").lower().split()):
        return _Attribution(m.group("np"), offset + m.start("np"), m.group("cue"), True)
    m = _trailer(tail)
    if not m:
        return _after_quote_any_verb(tail, offset)
    np_text = m.group("np").strip()
    # bad words are checked in the speaker part only: "Mr. Guerrero, who is an actor, said" is fine
    words = np_text.lower().split(",")[0].split()
    if "," in np_text and not re.match(r"\s*(?:who|whose|which|a|an|the|\d|[a-z]+\s+(?:of|for|at)\b|[A-Z])",
                                       np_text.split(",", 1)[1]):
        words += np_text.lower().split(",", 1)[1].replace(",", " ").split()
    if not words or len(words) > 14 or any(w in _BAD_NP_WORDS for w in words) or words[0] in _CUE_WORDS:
        return None
    if words[0] in ("and", "but", "or", "so", "as", "while", "which", "that", "if", "when", "because") \
            or words[0] in _PREPOSITIONS or words[0] in ("in", "on", "at", "to", "from", "by", "about"):
        return None
    np_at = offset + m.start("np")
    speaker = np_text.split(",", 1)[0].strip()  # "Clinton, the Democratic nominee," -> the name
    lead_words = speaker.split()
    if not lead_words:  # nothing but commas before the verb (found by make fuzz)
        return None
    while len(lead_words) > 1 and lead_words[0].lower() in _SENTENCE_ADVERBS:  # "Meanwhile Trump said"
        lead_words.pop(0)
    speaker = " ".join(lead_words)
    return _Attribution(speaker, np_at + np_text.find(lead_words[0]), m.group("cue"), True)


_ANY_VERB_AFTER_RE = re.compile(r"\s*[,—–-]*\s*(?P<verb>[a-z]{3,}ed)\s+(?=[A-Z]|the\s|a\s|an\s)")
_NAME_THEN_VERB_RE = re.compile(
    r"\s*[,—–-]*\s*(?P<np>[A-Z][^,;:!?“”\"]{0,60}?(?:,[^,;:!?“”\"]{1,160},)?)\s+(?:[a-z]+ly\s+)?"
    r"(?P<verb>[a-z]{3,}(?:ed|s)|(?:shot|fired|snapped|spoke|went|cried|broke|struck|began|chimed|wrote)"
    r"(?:\s+(?:back|out|in|on|up))?)\b"
)


def _after_quote_any_verb(tail: str, offset: int) -> _Attribution | None:
    """Rule 1 with a verb that is not a listed cue: '"This is fantastic!" beamed Donald Hartley',
    '"Your reputation is amazing," Trump assured Jones'. The speaker must hold a capitalised name."""
    m = _ANY_VERB_AFTER_RE.match(tail)
    if m:
        found = _phrase_after(tail[m.end():])
        if found and _is_named(found[0]):
            return _Attribution(found[0], offset + m.end() + found[1], m.group("verb"), True)
    m = _NAME_THEN_VERB_RE.match(tail)
    if m:
        np_text = m.group("np").split(",")[0].strip()
        words = np_text.lower().split()
        if words and len(words) <= 6 and _is_named(np_text) and not any(w in _BAD_NP_WORDS for w in words):
            return _Attribution(np_text, offset + m.start("np"), m.group("verb"), True)
    return None


_TRANSCRIPT_NAME_RE = re.compile(r"\s*(?P<np>[A-Z][\w’'.-]*(?:\s+[\w’'.-]+){1,7}?\s+[A-Z][\w’'.-]*)\s*:\s*")


def _before_quote(text: str, sent_start: int, lead_start: int, open_at: int) -> _Attribution | None:
    """Rules 2 and 3: a reporting verb (or a name and a colon) between the sentence start and the mark."""
    lead = text[lead_start:open_at]
    if lead.isspace() or not lead:
        return None  # every rule below needs a word
    cues = list(_CUE_RE.finditer(lead))
    if cues:
        m = cues[-1]
        cue = m.group(1)
        rest = lead[m.end():].strip()
        direct = not rest or rest.endswith((":", ","))
        if cue.lower() == "according to":
            found = _phrase_after(lead[m.end():])
            if found:
                return _Attribution(found[0], lead_start + m.end() + found[1], cue, direct)
            return None
        if cue.endswith("ing"):
            # "Christie …, calling him a “talented guy”", "Clinton responded on Facebook writing, “…”": the
            # subject of the sentence; but "…, with Donald Trump tweeting “…”": the subject of the participle
            before = lead[:m.start()]
            own = _subject_before(before)
            if not (own and re.search(r"\bwith\s*$", before[:own[1]])):
                found = _sentence_subject(text[sent_start:lead_start + m.start()])
                if found:
                    return _Attribution(found[0], sent_start + found[1], cue, direct)
        found = _subject_before(lead[:m.start()])
        if found is None and cue.lower() in _INVERTING_CUES:
            found_after = _phrase_after(lead[m.end():])  # "said Trump:" inverted, the name runs up to the mark
            after = lead[m.end() + found_after[1] + len(found_after[0]):] if found_after else ""
            if found_after and (not after.strip(" \t,:—–-") or after.lstrip().startswith(",")):
                return _Attribution(found_after[0], lead_start + m.end() + found_after[1], cue, direct)
        if found is None:  # a verb with a distant subject: the sentence's opening phrase
            found = _sentence_subject(text[sent_start:lead_start + m.start()])
            if found:
                return _Attribution(found[0], sent_start + found[1], cue, direct)
        if found is None:
            return _Attribution(None, -1, cue, direct)
        return _Attribution(found[0], lead_start + found[1], cue, direct)
    m = _COLON_RE.search(lead)
    if m and (not lead[:m.start()].strip(" \t—–-") or re.search(r"(?:\s[—–-]+|^[—–-]*|\bfrom)\s*$", lead[:m.start()])):
        # "Trump: “…”", "… contests - Philip Bump: “…”", "More from Jones: “…”"
        return _Attribution(m.group("np"), lead_start + m.start("np"), None, True)
    m = _TRANSCRIPT_NAME_RE.fullmatch(lead)
    if m and not any(w in _CLAUSE_WORDS for w in m.group("np").lower().split()):
        # "Former secretary of state Hillary Rodham Clinton: “…”" (a transcript line)
        return _Attribution(m.group("np"), lead_start + m.start("np"), None, True)
    if lead.rstrip().endswith(":"):  # "She then addressed the supporters again: “…”"
        found = _sentence_subject(lead)
        if found:
            return _Attribution(found[0], lead_start + found[1], None, True)
        # "Clinton’s response was: “…”", "From Bush's Facebook post: “…”", "From the report: “…”"
        m = re.match(r"\s*(?:From\s+)?(?P<np>(?:the\s+|The\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}?)"
                     r"(?:’s|'s|’)?\s+[^:“”\"]{0,60}:\s*$", lead)
        if m and not any(w.lower() in _PRONOUNS | _CLAUSE_WORDS for w in m.group("np").split()[1:]) \
                and m.group("np").split()[0].lower() not in _PRONOUNS | _CLAUSE_WORDS | _SENTENCE_ADVERBS:
            return _Attribution(re.sub(r"(?:’s|'s|’)$", "", m.group("np")), lead_start + m.start("np"), None, True)
    return None


_PERSON_NOUNS = "woman|man|wife|husband|son|daughter|father|mother|brother|sister|friend|lawyer|team|staff"
_ORG_WORDS_LIST = (
    "campaign administration committee party group government ministry department agency office company "
    "corporation organization organisation team council court network newspaper magazine paper report "
    "statement ad advertisement website site release memo letter post poll survey study foundation institute "
    "association union coalition commission bureau board panel center centre embassy army military police "
    "regime email e-mail tweet document filing lawsuit complaint"
).split()
_ROLE_NOUNS = (
    "columnist|candidate|front-runner|frontrunner|nominee|speechwriter|spokesman|spokeswoman|spokesperson|"
    "senator|governor|adviser|advisor|aide|chairman|chairwoman|director|president|secretary|strategist|"
    "pollster|host|anchor|analyst|reporter|correspondent|leader|minister|ambassador|official|representative|"
    "congressman|congresswoman|mayor|manager|chief|businessman|businesswoman|mogul|billionaire|activist|"
    "author|writer|commentator|professor|economist|lawyer|attorney|judge|justice|officer|executive|founder|"
    "chair|member|staffer|operative|consultant|superdelegate|delegate|hopeful|contender|rival|challenger|"
    "lawmaker|legislator|premier|chancellor|diplomat|envoy|general|commander|pundit|journalist|editor|"
    "neurosurgeon|surgeon|doctor|veteran|insider|source|supporter|voter|critic|expert|nominee|incumbent|"
    "billionaire|developer|star|actor|actress|comedian|businessman|entrepreneur|ex-wife|widow|mother|father"
)
# A leading adverbial ("Eight years ago,", "In a statement,", "Asked about it,") before the subject.
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|"
    "Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|D\\.C\\.|"
    "[A-Z][a-z]{1,4}\\.|[A-Z]\\.[A-Z]\\."
)
_LEADING_ADVERBIAL = (
    r"(?:(?:(?:In|On|At|After|Before|During|When|While|Since|As|Although|Though|Despite|Until|With|Without|"
    r"Like|Unlike|For|From|Over|Under|Among|Amid|Amidst|Throughout|Following|Given|Against|Across|Along|"
    r"Alongside|Behind|Beyond|Within|Upon|Once|Because|If|Unless|Through|Back|Here|There|Ever|Even|Just|"
    r"Outside|Inside|Near|Around|Beside|Between|Toward|Towards|"
    r"Immediately|Shortly|Soon|Long|Days|Hours|Weeks|Months|Years|Moments|Minutes|"
    r"Earlier|Later|Last|This|Asked|Pressed|Told|Reached|Contacted|Interviewed|"
    r"[A-Z][a-z]+ed(?=\s+(?:of|on|about|by|with|to|in|at|for|from|after|that)\b)|"
    r"[A-Z]\w+ing|\w+\s+(?:years?|months?|weeks?|days?)\s+ago)\b[^,;:“”\"]{0,80},"
    r"(?:\s*(?:" + _US_STATES + r"),)?"  # "Speaking in Salem, New Hampshire, Trump said"
    r"|(?:However|Meanwhile|Moreover|Separately|Still|Yet|Now|Then|Instead|Indeed|Also|Rather|Often|Sometimes|"
    r"Again|Otherwise|Thus|Therefore|Hence|Nonetheless|Nevertheless|Besides|Plus|Overall|Ultimately|Finally|"
    r"First|Second|Third|Too|Likewise|Today|Yesterday|Tonight|Afterward|Afterwards|Previously|[A-Z]\w+ly)\s*,)\s*)"
)
_DATELINE = r"(?:[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .]+\)\s*)?[—–-]+\s*)"
_OPENER_RE = re.compile(
    r"\s*" + _DATELINE + r"?(?:" + _LEADING_ADVERBIAL
    + r"|(?:However|Meanwhile|Later|Earlier|But|And|Still|Yet|Then|Now|Also|So|[A-Z][a-z]+ly)\s+)*"
    r"(?P<np>(?:He|he|She|she|They|they|It|it|I|We|we)(?=\s)|"
    r"(?:(?:[Aa]bout|[Ss]ome|[Nn]early|[Rr]oughly|[Oo]ver|[Mm]ore\s+than|[Aa]t\s+least)\s+)?"
    r"\d[\d,]*\s+[a-z]+s(?=\s+[a-z]|,)|"
    r"(?:the|The)\s+(?:" + "|".join(sorted(_ORG_WORDS_LIST)) + r")(?=\s)|"
    # "The retired neurosurgeon", "One operative", "A Clinton campaign official" (a role noun ends the phrase)
    r"(?:The|the|A|a|An|an|One|Another|Some|Several|Two|Three)\s+(?:[\w’'-]+\s+){0,3}?(?:" + _ROLE_NOUNS
    + r")s?(?=\s+[a-z]|,)|"
    r"(?:(?:The|the|A|a|An|an)\s+)?[A-Z][\w’'.&-]*"
    r"(?:\s+(?:[A-Z][\w’'.&-]*|of|de|al|bin)|(?:\s+[a-z][\w’'-]*){0,3}?\s+(?:" + _ROLE_NOUNS + r")(?=\s+[A-Z]))*"
    r"(?:(?<=’s|'s|s’|s')(?:\s+[a-z][\w’'-]*){0,2}?\s+(?:" + _ROLE_NOUNS + "|" + _PERSON_NOUNS + "|"
    + "|".join(_ORG_WORDS_LIST) + r")(?=[\s,]))?(?:\s*\([^()]{1,30}\))?)"
    r"(?=\s+[a-z]|,)"
)


def _sentence_subject(lead: str) -> tuple[str, int] | None:
    """The name phrase or pronoun that opens a clause ('Trump attacked Clinton on Twitter, saying')."""
    m = _OPENER_RE.match(lead)
    if not m:
        return None
    np_text = m.group("np")
    first = np_text.split()[0].lower()
    if np_text.lower() in _DETERMINERS or (" " not in np_text and lead[m.end("np"):].startswith(",") and (
            np_text.endswith("ly") or np_text.lower() in _SENTENCE_ADVERBS)):
        return None  # "Specifically, “…”"
    if first in _PRONOUNS and len(np_text.split()) == 1:
        return np_text, m.start("np")
    if re.match(r"(?:[A-Za-z]+\s+){0,2}\d", np_text):
        return np_text, m.start("np")  # "about 200 protesters gathered"
    if first in _CLAUSE_WORDS | _SENTENCE_ADVERBS | _PREPOSITIONS | {"his", "her", "their", "its", "our", "my",
                                                                      "your"} or \
            re.search(r"(?:’s|'s|s’|s')$", np_text):
        return None
    return np_text, m.start("np")


_PREPOSITIONS = frozenset(
    "like unlike behind amid amidst despite among without throughout following against across along alongside "
    "beyond within upon once through near inside outside between toward towards for of off per via except "
    "besides beside around above below beneath regarding concerning including given even just".split()
)


# ---------------------------------------------------------------------------------- pronoun resolution

_MALE_NAMES = frozenset(
    "donald ted marco ben jeb john chris mike bernie barack joe paul tim rand bill george jim james robert "
    "michael david richard mark mitch newt rudy reince corey paul steve stephen kevin eric jared sean scott "
    "bob tom thomas martin jeff jason rick lindsey harry chuck charles ron jon jonathan dan daniel peter "
    "andrew matt matthew brian frank gary greg william ali hassan vladimir xi kim benjamin recep emmanuel "
    "angela_ boris justin narendra mohammed mohammad muhammad ahmed abdullah ayatollah bashar sergei "
    "javad hossein abbas ehud ariel yasser shimon moshe nicolas fidel raul hugo evo ivan viktor bibi "
    "robby john podesta larry carl carlos jose luis juan pedro manuel mahmoud barry rex mike jeff sam roger "
    "anthony tony kenneth ken keith kyle brad bradley patrick pat sean shawn ryan adam alan allen bruce "
    "craig dennis doug douglas ed edward fred gerald harold henry howard jack jerry jesse joel joseph josh "
    "joshua karl keith larry lawrence louis marcus mario max nathan nick nicholas norman oliver phil philip "
    "ralph randy ray raymond roy russell samuel stanley terry todd travis trey troy victor walter wayne "
    "willie zach dick newt lamar orrin mitt ben wolf anderson jake".split()
)
_FEMALE_NAMES = frozenset(
    "hillary carly nikki sarah nancy elizabeth michelle melania ivanka kellyanne huma hope jennifer "
    "jessica mary patricia linda barbara susan margaret dorothy lisa karen betty helen sandra donna carol "
    "ruth sharon laura amy anna angela emily kimberly deborah rebecca stephanie cynthia kathleen heather "
    "christine debbie debra diane julie joyce virginia victoria kelly lauren christina catherine katherine "
    "kate kathy maria megyn theresa teresa condoleezza madeleine samantha hilary tulsi kamala kirsten "
    "dianne claire jeanne marsha susana mia jill chelsea ann anne maxine loretta janet sally sheila "
    "rachel rosa amanda brenda caroline irene jane jean joan judith judy julia katie lori marie martha "
    "melissa monica nicole pamela paula penny sue tina tracy valerie wendy yvonne golda benazir indira "
    "aung ellen gail jacqueline jackie lynn robin".split()
)
_MALE_WORDS = frozenset(
    "mr. mr spokesman congressman chairman businessman father son husband brother king prince "
    "sir uncle grandfather boy man nephew".split()
)
_FEMALE_WORDS = frozenset(
    "mrs. mrs ms. ms miss spokeswoman congresswoman chairwoman businesswoman mother daughter wife sister "
    "queen princess lady aunt grandmother girl woman niece madam".split()
)
_ORG_WORDS = frozenset(_ORG_WORDS_LIST) | frozenset(
    "house senate congress pac times journal news press cnn fox msnbc nbc abc cbs service state states nation "
    "country".split()
)
_GIVEN_SURNAME_RE = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'-]+)")


@dataclass(slots=True)
class _Candidate:
    at: int
    name: str
    gender: str | None  # 'm', 'f' or None
    kind: str  # 'person', 'plural', 'org'
    known: bool = True  # False: a single word never seen as a person's name in the text ('Asmara')


_PERSON_TITLE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Adm|Rev|Prof|Sgt|Capt)\.?\s+(?:[A-Z][\w’'-]+\s+)*([A-Z][\w’'-]+)"
    r"|\b(?:President|Secretary|Senator|Governor|Representative|Mayor|Judge|Justice|Speaker|Chairman|Chairwoman|"
    r"Director|Minister|Ambassador|Pope|King|Queen|Prince|Sheikh|Ayatollah|Pastor|Bishop|Rabbi|Imam|Father|"
    r"Sister|Coach|Commissioner|Attorney General|Leader)\s+(?:[A-Z][\w’'-]+\s+)*([A-Z][\w’'-]+)"
    r"|\b([A-Z][\w’'-]+)\s+(?:also\s+|then\s+)?(?:said|says|told|tells|added|adds|wrote|writes|asked)\b"
    r"|\b(?:said|says|added|wrote|asked)\s+([A-Z][\w’'-]+)(?=[\s,.])"
)
_CAPITALISED_RUN_RE = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]*)+")
_RUN_SEPARATOR_RE = re.compile(r"\s+(?:[A-Z]\.\s+)?")
_NOT_GIVEN = frozenset(
    "new north south east west united supreme white democratic republican national american federal state "
    "senate house congress university college county city saint st fort lake mount great grand old "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


_NAME_STOP = _NOT_GIVEN | _CLAUSE_WORDS | _PREPOSITIONS | _DETERMINERS | _SENTENCE_STARTERS | _SENTENCE_ADVERBS \
    | _PRONOUNS | frozenset("was were is are has had both neither either nobody everyone everybody opponents "
                            "critics supporters".split())


_GIVEN_STOP = _NOT_GIVEN | _CLAUSE_WORDS | _PREPOSITIONS | _DETERMINERS | _SENTENCE_STARTERS | _SENTENCE_ADVERBS


def _person_names(text: str) -> frozenset[str]:
    """Capitalised words the text uses as a person's (sur)name: after a title ('Sen. Cruz', 'President
    Obama'), after a given name ('Berhanu Nega'), or as the subject of 'said' ('Pate said', 'said Pate')."""
    names = {m.group(m.lastindex) for m in _PERSON_TITLE_RE.finditer(text)}
    for m in _CAPITALISED_RUN_RE.finditer(text):  # "… met Berhanu Nega": the word after a given name
        words = _RUN_SEPARATOR_RE.split(m.group())
        names.update(b for a, b in zip(words, words[1:])
                     if len(a) > 1 and a[1:].isalpha() and a[1:].islower() and a.lower() not in _GIVEN_STOP)
    return frozenset(names)


_PLACE_CONTEXT_RE = re.compile(r"\b(?:in|at|near|across|outside|inside|throughout)\s+([A-Z][\w-]+)\b(?![’'])")


def _surname_genders(text: str) -> dict[str, list[tuple[int, str, str]]]:
    """``(offset, surname, gender)`` of each mention of a surname after a gendered given name or honorific,
    grouped by surname, in text order."""
    out = []
    for m in _GIVEN_SURNAME_RE.finditer(text):
        given = m.group(1).lower()
        gender = "m" if given in _MALE_NAMES else "f" if given in _FEMALE_NAMES else None
        if gender:
            out.append((m.start(), m.group(2), gender))
    for m in re.finditer(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w’'-]+)", text):
        out.append((m.start(), m.group(2), "m" if m.group(1) == "Mr" else "f"))
    by_surname: dict[str, list[tuple[int, str, str]]] = {}
    for entry in sorted(out):
        by_surname.setdefault(entry[1], []).append(entry)
    return by_surname


_first = operator.itemgetter(0)


def _describe(name: str, at: int, surnames: dict[str, list[tuple[int, str, str]]]) -> _Candidate:
    words = [w.strip(",").lower() for w in name.split()]
    head = _POSSESSIVE_END_RE.sub("", words[-1]) if words else ""
    gender = None
    for male, female in ((_MALE_NAMES, _FEMALE_NAMES), (_MALE_WORDS, _FEMALE_WORDS)):  # "spokesman Hope Hicks"
        for w in words:
            if w in male:
                gender = "m"
                break
            if w in female:
                gender = "f"
                break
        if gender:
            break
    if gender is None:
        # the gender of the last mention of one of its words at or before ``at``, else of the first after it
        before, after = [], []
        for token in {w.rstrip("’s'") for w in name.split()}:
            mentions = surnames.get(token, [])
            k = bisect.bisect_right(mentions, at, key=_first)
            before += mentions[k - 1:k]
            after += mentions[k:k + 1]
        gender = max(before)[2] if before else min(after)[2] if after else None
    if head in _ORG_WORDS:
        kind = "org"
    elif head.endswith("s") and not name.split()[-1][:1].isupper() or head in ("democrats", "republicans",
                                                                               "officials", "aides"):
        kind = "plural"
    else:
        kind = "person"
    return _Candidate(at, name, gender, kind)


_PLACES = frozenset(
    _US_STATES.replace("\\", "").split("|")[:-2]
    + "America|U.S.|US|United States|Iowa|Mexico|Canada|China|Russia|Iran|Iraq|Syria|Israel|Cuba|Britain|"
      "England|France|Germany|Italy|Spain|Japan|Korea|North Korea|South Korea|India|Pakistan|Afghanistan|Europe|"
      "Asia|Africa|Paris|London|Moscow|Beijing|Tehran|Baghdad|Damascus|Jerusalem|Berlin|Brussels|Havana|"
      "Ukraine|Turkey|Egypt|Libya|Benghazi|Brazil|Venezuela|Chicago|Boston|Philadelphia|Cleveland|Miami|"
      "Atlanta|Detroit|Denver|Houston|Dallas|Phoenix|Manhattan|Brooklyn|Las Vegas|Orlando|Tampa|Columbia|"
      "Charleston|Des Moines|Capitol Hill|Wall Street|Silicon Valley|Hollywood|Twitter|Facebook".split("|")
)


_THE_RE = re.compile(r"^(?:the|The)\s+")


_PERSON_PRONOUNS = {None: ("he", "she"), "m": ("he",), "f": ("she",)}
_GROUP_PRONOUNS = {"plural": ("they",), "org": ("they", "it")}


def _pronouns_for(cand: _Candidate) -> tuple[str, ...]:
    """The pronouns that may refer to ``cand``: he/she for a person (none for a place, an abbreviation or a single
    word of unknown gender never used as a name), they for a plural or an organisation, it for an organisation."""
    if cand.kind != "person":
        return _GROUP_PRONOUNS[cand.kind]
    name = cand.name
    if name in _PLACES or name.rstrip(".").endswith(".") or _THE_RE.sub("", name) in _PLACES:
        return ()
    if not cand.known and cand.gender is None:
        return ()
    return _PERSON_PRONOUNS[cand.gender]


_at = operator.attrgetter("at")  # a candidate's position: the sort key of the antecedent lists


class _Antecedents:
    """The pronoun antecedents of a text in text order (``.all``), with those that agree with each pronoun
    kept apart, so that resolving a pronoun is a binary search rather than a walk back through the text."""

    def __init__(self, candidates: list[_Candidate]) -> None:
        self.all = candidates
        self._agreeing: dict[str, list[_Candidate]] = {p: [] for p in ("he", "she", "they", "it")}
        for cand in candidates:
            for pronoun in _pronouns_for(cand):
                self._agreeing[pronoun].append(cand)

    def add(self, cand: _Candidate) -> None:
        bisect.insort(self.all, cand, key=_at)
        for pronoun in _pronouns_for(cand):
            bisect.insort(self._agreeing[pronoun], cand, key=_at)

    def resolve(self, pronoun: str, at: int) -> str | None:
        """The most recent candidate before ``at`` that agrees with ``pronoun``."""
        agreeing = self._agreeing.get(pronoun.lower(), [])
        k = bisect.bisect_left(agreeing, at, key=_at)
        return agreeing[k - 1].name if k else None


def _is_named(phrase: str) -> bool:
    words = phrase.split()
    return any(w[:1].isupper() and w.lower() not in _DETERMINERS and w.lower() not in _PRONOUNS for w in words)


# ------------------------------------------------------------------------------------------ extraction

_COUNTED_WORD_RE = re.compile(r"[\w’'-]+")


def _word_count(s: str) -> int:
    return len(_COUNTED_WORD_RE.findall(s))


_LETTER_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
_MINOR_TITLE_WORDS = frozenset("a an the of and or in on to for at by with from vs".split())


def _is_title_case(s: str) -> bool:
    words = _LETTER_WORD_RE.findall(s)
    content = [w for w in words if w.lower() not in _MINOR_TITLE_WORDS]
    return bool(content) and all(w[0].isupper() for w in content) and words[0][0].isupper()


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


@dataclass
class _Doc:
    """A text with its paragraphs, raw quoted stretches and sentences, and position look-ups."""

    text: str
    paragraphs: list[tuple[int, int]]
    raws: list[_Raw]
    sentences: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self._sent_starts = [a for a, _ in self.sentences]
        self._raw_starts = [r.inner_start for r in self.raws]
        self._para_starts = [a for a, _ in self.paragraphs]
        self._mark_starts = [m.start() for m in _MARK_RE.finditer(self.text)]

    @classmethod
    def parse(cls, text: str) -> _Doc:
        paragraphs = _paragraphs(text)
        raws = _pair_marks(text, paragraphs)
        return cls(text, paragraphs, raws, _sentences(text, paragraphs, raws))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return self.sentences[i] if i >= 0 else (0, len(self.text))

    def next_mark(self, lo: int, hi: int) -> int:
        """Where the first double quote mark in [lo, hi) starts, else ``hi``."""
        k = bisect.bisect_left(self._mark_starts, lo)
        return self._mark_starts[k] if k < len(self._mark_starts) and self._mark_starts[k] < hi else hi

    def has_mark(self, lo: int, hi: int) -> bool:
        """True when a double quote mark starts in [lo, hi)."""
        return self.next_mark(lo, hi) < hi

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._raw_starts, pos) - 1
        return i >= 0 and self.raws[i].inner_start <= pos < self.raws[i].inner_end


_VERB_LIKE_RE = re.compile(
    r"\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|[a-z]+s|is|was|has|had|will|would|can|could|did|does|said|told|spoke|"
    r"wrote|made|took|gave|went|came|met|led|won|lost|ran|sent|left|held|began|got|saw|knew|thought|also)\b"
)


def _candidates(doc: _Doc, surnames: dict[str, list[tuple[int, str, str]]], persons: frozenset[str],
                midsentence: set[str]) -> list[_Candidate]:
    """Antecedents for pronouns, in text order: sentence-opening names, the subjects of reporting verbs, and
    names followed by a verb in a main clause."""
    text = doc.text
    found_all: list[_Candidate] = []
    for s_start, s_end in doc.sentences:
        first = len(found_all)  # this sentence's candidates are found_all[first:]
        opener = _sentence_subject(text[s_start:s_end])
        if opener and not doc.in_quote(s_start + opener[1]) and opener[0].lower() not in _PRONOUNS:
            cand = _describe(opener[0], s_start + opener[1], surnames)
            # a single capitalised word opening a sentence is a name when it is capitalised mid-sentence too,
            # or when a verb-like word follows it ("Putin spoke", not "Eyebrows raised" … mostly)
            after = text[s_start + opener[1] + len(opener[0]):s_end]
            single_ok = opener[0] in midsentence or (
                not re.search(r"(?:ed|ing|ly|s)$", opener[0]) and _VERB_LIKE_RE.match(after))
            if cand.kind != "person" or (_is_named(opener[0]) and (" " in opener[0] or single_ok)):
                found_all.append(cand)
        for m in _CUE_RE.finditer(text, s_start, s_end):
            if doc.in_quote(m.start()) or m.group(1).lower() == "according to":
                continue
            found, at = _subject_before(text[s_start:m.start()]), s_start
            if found is None and m.group(1).lower() in _INVERTING_CUES:  # "…, said Alan Abramowitz, a demographer"
                found, at = _phrase_after(text[m.end():s_end]), m.end()
            if found and found[0].lower() not in _PRONOUNS and not doc.in_quote(at + found[1]):
                cand = _describe(found[0], at + found[1], surnames)
                if _is_named(found[0]) or cand.kind != "person":  # "the letter", "officials" (for it/they)
                    found_all.append(cand)
        # a name and a verb in a main clause: '…, Ban demurred.' / 'Nega defended his decision'; not one
        # inside a subject already found ("Iran’s supreme leader Ayatollah Ali Khamenei spoke")
        spans = [(c.at, c.at + len(c.name)) for c in found_all[first:]]
        for m in _CLAUSE_SUBJECT_RE.finditer(text, s_start, s_end):
            if any(a <= m.start() < b for a, b in spans):
                continue
            before = text[max(s_start, m.start() - 12):m.start()].split()
            if doc.in_quote(m.start()) or (before and before[-1].lower() in _NOT_SUBJECT_BEFORE):
                continue  # not in a subordinate clause: "even though Sanders won", "where Trump spoke"
            words = m.group("np").split()
            if words[0].lower().rstrip(".") in _NAME_STOP or (len(words) == 1 and words[0] not in persons):
                continue
            found_all.append(_describe(m.group("np"), m.start("np"), surnames))
    found_all.sort(key=lambda c: c.at)
    return found_all


_NOT_SUBJECT_BEFORE = _PREPOSITIONS | _DETERMINERS | frozenset(
    "though although because where if unless that than whether even only and or to in on at by from with about "
    "into over under".split()
)
# A name followed by a finite verb anywhere in a sentence: "…, Ban demurred." / "Nega defended his decision"
_CLAUSE_SUBJECT_RE = re.compile(
    r"(?=[A-Z])(?<![\w’'.-])(?P<np>(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.\s+)?[A-Z][a-z][\w’'-]*(?:\s+(?:[A-Z]\.\s+)?"
    r"[A-Z][\w’'-]+){0,3})(?<!’s)(?<!'s)(?<!s’)(?<!s')(?:\s+\([^()]{1,30}\))?\s+(?:[a-z]+ly\s+)?"
    r"(?:[a-z]{3,}ed|said|told|wrote|spoke|says|tells|argues|insists|thinks|believes|knows|took|gave|made|"
    r"went|came|began|held|led|won|lost|ran)\b"
)


def _attribute(doc: _Doc, idx: int, prev_attr: _Attribution | None) -> _Attribution | None:
    """Rules 1-7 for the quoted stretch ``doc.raws[idx]``; ``prev_attr``: the previous quote's, same sentence."""
    text, raw = doc.text, doc.raws[idx]
    s_start, _ = doc.sentence_of(raw.open_at)
    lead_start = s_start  # after the previous quote's closing mark when it is in the same sentence
    if idx > 0 and s_start < doc.raws[idx - 1].close_end <= raw.open_at:
        lead_start = doc.raws[idx - 1].close_end
    attr = _after_quote(doc, raw)
    before = _before_quote(text, s_start, lead_start, raw.open_at)
    if attr is None or (before is not None and before.cue and before.speaker and before.direct
                        and not re.search(r"\w", text[lead_start:raw.open_at].rsplit(before.cue, 1)[-1])):
        # a reporting verb right before the mark wins: 'what Mr. Hedge called “the model,” the club said'
        attr = before if before is not None else attr
    if attr is None and raw.para > 0 and raw.open_at == doc.paragraphs[raw.para][0]:
        p_lo, p_hi = doc.paragraphs[raw.para - 1]  # "Trump said Monday:" closing the previous paragraph
        if text[p_lo:p_hi].rstrip().endswith(":"):
            ps = doc.sentence_of(p_hi - 1)
            attr = _before_quote(text, ps[0], ps[0], p_hi)
    if attr is None and raw.closed:
        attr = _dash_attribution(doc, raw)
    if attr is None and raw.closed and (not text[lead_start:raw.open_at].strip(" \t—–-(")
                                        or _word_count(text[raw.inner_start:raw.inner_end]) > SHORT_QUOTE_WORDS):
        attr = _late_attribution(doc, raw)  # not for a short quote inside the sentence: a scare quote
    if attr is None and prev_attr is not None:
        attr = prev_attr  # '… "anytime they want" and "without preconditions"': same attribution
    elif attr is not None and attr.speaker is None and prev_attr is not None and prev_attr.speaker:
        # 'Bush referred to Rubio as “…” but described his skills as a “…”': the same subject
        attr = _Attribution(prev_attr.speaker, prev_attr.speaker_at, attr.cue, attr.direct)
    if attr is None and lead_start == s_start and text[s_start:raw.open_at].strip():
        found = _sentence_subject(text[s_start:raw.open_at])  # "The ad targets a “corrupt system …”"
        if found:
            attr = _Attribution(found[0], s_start + found[1], None, False)
    return attr


_DASH_NAME_RE = re.compile(r"[ \t]*[—–-]+[ \t]*(?P<np>[A-Z][\w’'.-]*(?:[ \t]+(?:[A-Z][\w’'.-]*|of|de|al|bin|van)){0,5})"
                           r"[ \t]*(?:[,(].{0,120})?[.]?[ \t]*$")


_NON_SPACE_RE = re.compile(r"\S")


def _dash_attribution(doc: _Doc, raw: _Raw) -> _Attribution | None:
    """A quote closing its paragraph, signed with a dash and a name after it or on the next line:
    '“…” - Bernie Sanders.' / '“…” ¶ -President Obama, tweeting after Clinton's speech.'"""
    text = doc.text
    _, hi = doc.paragraphs[raw.para]
    if doc.has_mark(raw.close_end, hi):
        return None
    m = _DASH_NAME_RE.match(text, raw.close_end, hi)
    if m is None and not _NON_SPACE_RE.search(text, raw.close_end, hi) and raw.para + 1 < len(doc.paragraphs):
        n_lo, n_hi = doc.paragraphs[raw.para + 1]
        m = _DASH_NAME_RE.match(text, n_lo, n_hi) if text[n_lo:n_lo + 1] in "—–-" else None
    if m is None or m.group("np").split()[0].lower() in _PRONOUNS | _DETERMINERS:
        return None
    return _Attribution(re.sub(r"(?<=[a-z]{2})\.$", "", m.group("np")), m.start("np"), None, True)


_COMMA_RE = re.compile(r",\s*")


def _late_attribution(doc: _Doc, raw: _Raw) -> _Attribution | None:
    """An attribution that closes the quote's sentence after more words: '"…" that Sanders can catch
    Clinton, said Steve Elmendorf.' / '"…," like the recent volatility, Mr. Curtin said.'"""
    text = doc.text
    _, s_end = doc.sentence_of(raw.open_at)
    tail = text[raw.close_end:doc.next_mark(raw.close_end, min(s_end, raw.close_end + 250))]
    for comma in _COMMA_RE.finditer(tail):
        if comma.start() == 0:
            continue
        attr = _tail_attribution(tail[comma.start():], raw.close_end + comma.start())
        if attr is not None and attr.speaker and attr.cue and not attr.cue.endswith("ing"):
            cue_end = tail.find(attr.cue, attr.speaker_at - raw.close_end) if attr.cue else -1
            rest = tail[cue_end + len(attr.cue):] if cue_end >= 0 else ""
            # the attribution ends the sentence (a trailing time, place or appositive is fine)
            if "," in rest or not re.search(r"[;:]|\bthat\b|\b(?:is|was|are|were|has|had|will|would)\b", rest):
                return _Attribution(attr.speaker, attr.speaker_at, attr.cue, True)
    return None


def _skipped(doc: _Doc, raw: _Raw, quote_text: str, attr: _Attribution | None) -> bool:
    """The markup, title and scare-quote rules of the module docstring."""
    text = doc.text
    if raw.open_at > 0 and text[raw.open_at - 1] == "=":
        return True  # a markup attribute: <tweet author="…">
    if raw.single and not (attr and attr.direct and attr.speaker and _word_count(quote_text) > SHORT_QUOTE_WORDS):
        return True  # a single-quoted stretch is a quote only when directly attributed: "Trump: 'We will win.'"
    s_start, _ = doc.sentence_of(raw.open_at)
    lead = text[s_start:raw.open_at]
    words = _word_count(quote_text)
    title = words <= TITLE_WORDS and _is_title_case(quote_text)
    if title and _TITLE_CONTEXT_RE.search(lead, max(0, len(lead.rstrip()) - 20)):
        return True  # a title after "on", "of", "’s", …: on NBC’s “Meet the Press”
    if (attr and attr.direct) or not lead.strip(" \t—–-("):
        return False  # directly attributed, or the quote starts its sentence
    if quote_text.rstrip("'’ ").endswith(("!", "?")) and not title:
        return False  # an exclamation or a question is said, not a scare quote: 'chanting “Lock her up!”'
    return title or (words <= SHORT_QUOTE_WORDS and (attr is None or attr.cue is None))


def _narrative_speaker(doc: _Doc, raw: _Raw, antecedents: _Antecedents) -> str | None:
    """Rule 9: a quote that opens its sentence with no attribution, right after a narrative sentence (no
    quote marks), takes that sentence's speaker: 'Clinton touted her credentials. “We need …”'."""
    text = doc.text
    s_start, _ = doc.sentence_of(raw.open_at)
    if text[s_start:raw.open_at].strip(" \t—–-("):
        return None
    i = bisect.bisect_right(doc._sent_starts, s_start) - 2
    if i < 0:
        return None
    ps, pe = doc.sentences[i]
    if doc.has_mark(ps, pe) or text[pe:s_start].count("\n") > 2 \
            or bisect.bisect_left(doc._para_starts, s_start) - bisect.bisect_left(doc._para_starts, ps) > 1:
        return None
    found = None
    for m in _CUE_RE.finditer(text, ps, pe):
        if m.group(1).lower() == "according to":
            after = _phrase_after(text[m.end():pe])
            found = (after[0], m.end() + after[1]) if after else None
        else:
            sub = _subject_before(text[ps:m.start()])
            found = (sub[0], ps + sub[1]) if sub else None
        if found and (_is_named(found[0]) or found[0].lower() in _PRONOUNS):
            break
        found = None  # "… that superdelegates currently pledged …": not the speaker; try the next
    if found is None:
        sub = _sentence_subject(text[ps:pe])
        if sub and sub[0].lower() in _PRONOUNS:
            found = (sub[0], ps + sub[1])
        else:  # the sentence's opening name, when it is a pronoun antecedent too (a name, not 'Often')
            candidates = antecedents.all
            k = bisect.bisect_left(candidates, ps, key=_at)
            if k < len(candidates) and candidates[k].at < pe and (sub is None or candidates[k].at == ps + sub[1]):
                found = (candidates[k].name, candidates[k].at)
    if found is None:
        return None
    name, at = found
    if re.match(r"\s+(?:was|were|is|are|(?:has|have|had)\s+been)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b",
                text[at + len(name):pe]):
        return None  # a passive subject ('Two Americans were killed') is not a speaker
    if name.split()[-1].lower() in _PRONOUNS:
        return antecedents.resolve(name.split()[-1], at)
    return name if _is_named(name) else None


def extract_quotes(text: str) -> list[Quote]:
    """Direct quotes in ``text`` with speaker and cue; see the module docstring for the rules."""
    if not text:
        return []
    doc = _Doc.parse(text)
    surnames = _surname_genders(text)
    persons = _person_names(text)
    midsentence = {m.group() for m in re.finditer(r"(?<=[a-z,;] )[A-Z][\w’'-]+", text)}
    candidates = _candidates(doc, surnames, persons, midsentence)
    places = {m.group(1) for m in _PLACE_CONTEXT_RE.finditer(text)} - persons  # 'in Asmara'
    lowercase = set(re.findall(r"\b[a-z][a-z’'-]+\b", text))
    for cand in candidates:
        if " " not in cand.name.strip():
            # a single word is a person unless the text uses it as a place ('in Asmara') or, capitalised
            # only at sentence starts, as a common word too ('Cost estimates' beside 'the cost')
            word = re.sub(r"(?:’s|'s)$", "", cand.name.strip())
            cand.known = word in persons or (word not in places and (word in midsentence
                                                                     or word.lower() not in lowercase))
    antecedents = _Antecedents(candidates)

    attrs: list[_Attribution | None] = []
    for idx, raw in enumerate(doc.raws):
        same_sentence = idx > 0 and doc.raws[idx - 1].close_end > doc.sentence_of(raw.open_at)[0]
        attrs.append(_attribute(doc, idx, attrs[-1] if same_sentence else None))
    for idx in range(len(doc.raws) - 2, -1, -1):  # '“A” and “B,” X said': A takes B's attribution
        nxt = doc.raws[idx + 1]
        if (attrs[idx] is None or attrs[idx].speaker is None) and attrs[idx + 1] is not None \
                and doc.sentence_of(nxt.open_at) == doc.sentence_of(doc.raws[idx].open_at):
            attrs[idx] = attrs[idx + 1]

    quotes: list[Quote] = []
    prev: tuple[_Raw, str | None] | None = None  # previous kept quote and its speaker
    for raw, attr in zip(doc.raws, attrs):
        a, b = _trim(text, raw.inner_start, raw.inner_end)
        if a >= b or not any(c.isalnum() for c in text[a:b]) or _skipped(doc, raw, text[a:b], attr):
            continue
        speaker = attr.speaker if attr else None
        if speaker and speaker.split()[-1].lower() in _PRONOUNS:
            at = attr.speaker_at if attr.speaker_at >= 0 else raw.open_at
            speaker = antecedents.resolve(speaker.split()[-1], at)
        elif speaker and _is_named(speaker) and attr.speaker_at >= 0:
            antecedents.add(_describe(speaker, attr.speaker_at, surnames))
        if attr is None:
            speaker = _narrative_speaker(doc, raw, antecedents)
        if speaker is None and prev is not None and raw.para - prev[0].para <= 2:
            speaker = prev[1]  # rule 10: consecutive quote paragraphs continue the previous speaker
        quotes.append(Quote(text[a:b], speaker, attr.cue if attr else None, a, b))
        prev = (raw, speaker)
    return quotes
