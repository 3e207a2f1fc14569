"""Extract candidate statements from the raw article corpora for annotation (``make candidates``).

A candidate is one statement in one article: the words inside a direct quote when a sentence holds one,
otherwise a whole sentence that reports a statement or an act between parties (a reporting verb or a cue
word below).
Only articles on international affairs are read (all of MPQA world press; SemEval articles that name
foreign states or international bodies), plus the seed article.

Sampling for annotation is stratified so that hostile and conciliatory statements are not drowned by neutral
ones: each candidate is put in a *sampling stratum* by cue words (``HOSTILE_CUES``, ``CONCILIATORY_CUES``,
``CONCILIATORY_STRONG``). The strata only decide how often a candidate is drawn; they are never labels and are
not stored with gold. The draw went in two rounds (``ROUNDS``): round 1 drew 3,000 candidates with
``ROUND1_SHARES``, of which the first 1,500 were annotated; they held too few conciliatory statements (the
shares per round are in ``data/README.md``), so the other 1,500 were re-drawn from the rest of the pool as round 2 with ``ROUND2_SHARES``, which favour the
high-precision conciliatory cues. Rounds 1–2 held few direct quotes (14 %), the statements users classify most,
so round 3 drew up to ``ROUND3_SIZE`` more from the direct quotes left in the pool, with ``ROUND3_SHARES``
(``MAX_PER_DOC`` counted within the round). Round 3 held only 9 % conciliatory statements, which put the
gold share of that class below a fifth, so round 4 drew the candidates left with a conciliatory cue (up to
``ROUND4_SIZE``). That still left the class just under a fifth (19.7 %), so round 5 drew the candidates left
with a word of courtesy or cooperation (``COURTESY_CUES``) and no hostile cue (up to ``ROUND5_SIZE``). It held
only 16 % conciliatory statements, so round 6 (``--rank-by-model``) ranked the candidates left by the shipped
model's probability of *conciliatory* and drew the top 150: the model chose what to read, the
annotators still labelled each statement by reading it. A model-ranked round depends on the model of its day
(the commit is in each row's ``drawn_by``), so rebuilding the queue keeps such rows from the existing file.
The model trained on rounds 1–6 still failed on negated statements ("there will be no war, nor will we
negotiate" read as conciliatory) and sat near 0.69 macro-F1, so round 7 (``--rank-by-model`` again, with
``--by margin``) drew the 750 candidates left on which that model was least sure (smallest gap
between its two most probable labels), and round 8 drew up to ``ROUND8_SIZE`` of those left that hold a
negation (``NEGATION_CUES``), seed-fixed. Rounds 7-8 held few conciliatory statements (7 %), which put that
class at 18 % of gold, below the fifth the project asks for, so round 9 (``--rank-by-model --by conciliatory
--size 600``) again drew the candidates left that the model found most conciliatory. It held only 10 %: the
pool had no conciliatory statements left to find. So round 10 (``--rank-by-model --by conciliatory --pool other``)
read the SemEval articles with fewer international mentions too (``other_documents``: news on domestic politics,
where stance toward domestic rivals counts the same) and drew the ``--size`` candidates of those the model found
most conciliatory. With conciliatory statements at 18.8 % of gold, rounds 11 and 12 (``--rank-by-model ac88b89
--by conciliatory``, then the same with ``--pool other``) drew the 600 candidates left in each pool that the model
trained on rounds 1-10 found most conciliatory; the command prints how many of each label the model expects
(the sum of its probabilities), and even these were only 6 % conciliatory once read: what is left in these
articles is hostile or neutral, so a fifth is out of reach from them. Round 13 (``--random --size 1500``) read
a uniform random draw of the international candidates left, for more gold in the pool's own label mix. The
model trained with it still read the seed tweet "THERE WILL BE NO WAR, NOR WILL WE NEGOTIATE WITH THE U.S." as
conciliatory, so round 14 (``--random --negated --size 400``) read every international candidate left that holds a
negation (333). Round 15 (``--un --size 1200``) left the articles: the users' text also includes diplomatic
sentences, and a model trained on the UN quad classes as they are mapped to stance fails on neutral statements
(procedure and reports count as cooperation or conflict there). So it drew 1,200 UN document sentences
(``un_round``), half of them from the upstream cooperation classes, for annotators to read against the
guideline like any other candidate. The model trained with it read the seed tweet as conciliatory again, so
round 16 (``--random --negated --pool other --size 800``) read every candidate with a negation left among the
SemEval articles of ``other_documents`` (733): the international pool has none left. Models trained with rounds
15-16 read UN sentences far better but still read that tweet as conciliatory (three seeds out of three), so the
default data config leaves both rounds out for now (``exclude_rounds``; ``data/variants/README.md``).

The finder here is deliberately simple and frozen (one regex for sentences, one for quoted words inside a
sentence), so that the committed annotation queue can be rebuilt exactly; ``stance.extract_quotes`` is the
full extractor used at inference time.

Writes ``data/candidates/pool.jsonl`` (every candidate, not committed) and ``data/candidates/sample.jsonl``
(the drawn candidates with their round, committed as the annotation queue).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from stance.data.corpora import Document, read_mpqa, read_seed, read_semeval, read_un_quadclass
from stance.paths import CANDIDATES_DIR

POOL_FILE = CANDIDATES_DIR / "pool.jsonl"
SAMPLE_FILE = CANDIDATES_DIR / "sample.jsonl"

MIN_WORDS, MAX_WORDS = 5, 70
MAX_PER_DOC = 10

REPORTING = re.compile(
    r"\b(said|says|say|told|tells|stated|added|announced|declared|insisted|stressed|warned|vowed|urged|"
    r"called|accused|rejected|denied|condemned|criticized|criticised|demanded|threatened|praised|welcomed|"
    r"agreed|offered|promised|pledged|signed|according to|wrote|tweeted|argued|claimed|noted)\b",
    re.IGNORECASE,
)
HOSTILE_CUES = re.compile(
    r"\b(war|attack\w*|threat\w*|warn\w*|accus\w*|condemn\w*|reject\w*|refus\w*|sanction\w*|terror\w*|"
    r"kill\w*|bomb\w*|invad\w*|aggress\w*|hostil\w*|enem\w*|demand\w*|retaliat\w*|crimin\w*|"
    r"destroy\w*|punish\w*|violat\w*|oppos\w*|blam\w*|denounc\w*|strike\w*|fight\w*|arrest\w*|expel\w*)\b",
    re.IGNORECASE,
)
CONCILIATORY_CUES = re.compile(
    r"\b(peace\w*|talks?|negotiat\w*|dialogue|cooperat\w*|agree\w*|welcom\w*|prais\w*|thank\w*|"
    r"support\w*|aid|assist\w*|friend\w*|partner\w*|ceasefire|cease-fire|reconcil\w*|apolog\w*|"
    r"help\w*|restraint|goodwill|solidarity|together|ready to|willing\w*|offer\w*|resum\w*)\b",
    re.IGNORECASE,
)
INTERNATIONAL = re.compile(
    r"\b(Iran\w*|Iraq\w*|Israel\w*|Palestin\w*|Syria\w*|Russia\w*|Moscow|Kremlin|China|Chinese|Beijing|"
    r"North Korea\w*|Pyongyang|Korea\w*|Afghan\w*|Taliban|Pakistan\w*|India\w*|Turk\w*|Saudi\w*|Yemen\w*|"
    r"Venezuela\w*|Cuba\w*|Ukrain\w*|NATO|United Nations|U\.N\.|UN|European Union|EU|Brussels|sanctions|"
    r"diplomat\w*|foreign minist\w*|embassy|treaty|Tehran|Damascus|Kabul|Libya\w*|Egypt\w*|Lebanon|"
    r"Hezbollah|Hamas|Mexic\w*|Brexit|Germany|German|France|French|Japan\w*|Taiwan\w*)\b"
)
CONCILIATORY_STRONG = re.compile(
    r"\b(welcom\w*|prais\w*|appreciat\w*|cooperat\w*|co-operat\w*|dialogue|reconcil\w*|goodwill|peace\w*|"
    r"agreed|pledg\w*|talks|ready to|calm\w*|relations|visit\w*|stability|friendship|ceasefire|cease-fire)\b",
    re.IGNORECASE,
)
COURTESY_CUES = re.compile(  # round 5: words of courtesy and cooperation missing from the lists above
    r"\b(thank\w*|grateful|congratulat\w*|condolence\w*|sympath\w*|reassur\w*|assur\w*|promis\w*|commit\w*|"
    r"hope\w*|donat\w*|humanitarian|reconstruct\w*|invit\w*|honou?r\w*|friendly|warm\w*|cordial\w*|ally|allies|"
    r"joint\w*|mutual\w*|understanding|compromise\w*|concession\w*|releas\w*|freed|withdr\w*|truce|"
    r"peaceful\w*|diplomatic|normali[sz]\w*|ties|welcom\w*|support\w*)\b",
    re.IGNORECASE,
)
MIN_INTERNATIONAL_MENTIONS = 3
ROUND1_SIZE, ROUND1_DRAWN = 1500, 3000
ROUND1_SHARES = {"hostile-cue": 0.4, "conciliatory-cue": 0.35, "other": 0.25}
ROUND2_SIZE = 1500
ROUND2_SHARES = {"conciliatory-strong": 0.45, "conciliatory-cue": 0.25, "hostile-cue": 0.2, "other": 0.1}
ROUND3_SIZE = 1000
ROUND3_SHARES = {"hostile-cue": 0.35, "conciliatory-strong": 0.25, "conciliatory-cue": 0.15, "other": 0.25}
ROUND4_SIZE = 600
ROUND4_SHARES = {"conciliatory-strong": 1.0, "conciliatory-cue": 1.0}  # every one left, up to the size
ROUND5_SIZE = 300
ROUND8_SIZE = 250
ROUND9_SIZE = 600
NEGATION_ROUND = 8
UN_ROUND_SHARES = {"conciliatory": 0.5, "hostile": 0.25, "neutral": 0.25}  # by the upstream quad class: a draw aid
NEGATION_CUES = re.compile(
    r"\b(no|not|never|nor|neither|nothing|none|cannot|won't|wouldn't|don't|doesn't|didn't|isn't|aren't|"
    r"wasn't|can't|shouldn't|without|refus\w*|reject\w*|den(?:y|ies|ied)|rul(?:e|es|ed) out)\b|n't\b",
    re.IGNORECASE,
)
BOUNDARY = re.compile(r"[.!?]+[\"”’']*\s+(?=[\"“‘'(]?[A-Z0-9])|\n\s*")
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Pres|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|No|vs|etc|Inc|Corp|Ltd|Co|Jr|Sr|U\.S|U\.N|U\.K))\.$"
)
QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,}?)[\"”]")


def international_documents() -> Iterator[Document]:
    """MPQA world press, SemEval articles on international affairs, and the seed article."""
    yield read_seed()
    yield from read_mpqa()
    for doc in read_semeval():
        if len(INTERNATIONAL.findall(doc.text)) >= MIN_INTERNATIONAL_MENTIONS:
            yield doc


def other_documents() -> Iterator[Document]:
    """The SemEval articles that ``international_documents`` leaves out (round 10 only)."""
    for doc in read_semeval():
        if len(INTERNATIONAL.findall(doc.text)) < MIN_INTERNATIONAL_MENTIONS:
            yield doc


def candidates_from(doc: Document) -> Iterator[dict]:
    """Candidate statements of one article: direct quotes, else reported sentences, with offsets."""
    for start, end in _sentence_spans(doc.text):
        sentence = doc.text[start:end]
        inside = [(start + m.start(1), start + m.end(1)) for m in QUOTED.finditer(sentence)]
        if inside:
            units = inside
        elif REPORTING.search(sentence) or HOSTILE_CUES.search(sentence) or CONCILIATORY_CUES.search(sentence):
            units = [(start, end)]
        else:
            continue
        for u_start, u_end in units:
            text = doc.text[u_start:u_end]
            if not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                continue
            yield {
                "id": _candidate_id(doc, u_start, u_end),
                "source": doc.source,
                "doc_id": doc.doc_id,
                "start": u_start,
                "end": u_end,
                "speaker": None,
                "text": text,
                "context": sentence if (u_start, u_end) != (start, end) else None,
                "kind": "quote" if (u_start, u_end) != (start, end) else "sentence",
            }


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of sentences (not split after initials and common abbreviations), white space stripped."""
    start = 0
    for m in BOUNDARY.finditer(text):
        if "\n" not in m.group() and ABBREVIATION.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        yield from _stripped(text, start, m.end())
        start = m.end()
    yield from _stripped(text, start, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    if chunk.strip():
        start += len(chunk) - len(chunk.lstrip())
        yield start, start + len(chunk.strip())


def _candidate_id(doc: Document, start: int, end: int) -> str:
    digest = hashlib.sha1(f"{doc.source}/{doc.doc_id}/{start}/{end}".encode()).hexdigest()[:10]
    return f"{doc.source}-{digest}"


def sampling_stratum(text: str, *, strong: bool = False) -> str:
    """Cue-word stratum used only to balance the draw.

    'hostile-cue', 'conciliatory-cue' or 'other'; with ``strong``, 'conciliatory-strong' first for texts with a
    high-precision conciliatory cue.
    """
    if strong and CONCILIATORY_STRONG.search(text):
        return "conciliatory-strong"
    hostile, conciliatory = len(HOSTILE_CUES.findall(text)), len(CONCILIATORY_CUES.findall(text))
    if hostile > conciliatory:
        return "hostile-cue"
    if conciliatory > hostile:
        return "conciliatory-cue"
    return "other"


def build_pool(documents: Iterable[Document], *, seen: Iterable[dict] = ()) -> list[dict]:
    """All candidates, de-duplicated on normalised text (also against the candidates ``seen``)."""
    seen_keys = {_text_key(c["text"]) for c in seen}
    pool = []
    for doc in documents:
        for cand in candidates_from(doc):
            key = _text_key(cand["text"])
            if key not in seen_keys:
                seen_keys.add(key)
                pool.append(cand)
    return pool


def _text_key(text: str) -> str:
    return " ".join(text.lower().split())


def draw_sample(
    pool: list[dict], n: int, *, shares: dict[str, float], seed: int = 13, per_doc: dict[str, int] | None = None
) -> list[dict]:
    """Draw ``n`` candidates: ``shares`` of each stratum, at most ``MAX_PER_DOC`` per article, seed-fixed."""
    rng = random.Random(seed)
    strong = "conciliatory-strong" in shares
    by_stratum: dict[str, list[dict]] = defaultdict(list)
    for cand in pool:
        by_stratum[sampling_stratum(cand["text"], strong=strong)].append(cand)
    per_doc = defaultdict(int, per_doc or {})
    sample = []
    for stratum, share in shares.items():
        items = by_stratum[stratum][:]
        rng.shuffle(items)
        want = round(n * share)
        for cand in items:
            if want == 0:
                break
            doc_key = f"{cand['source']}/{cand['doc_id']}"
            if per_doc[doc_key] >= MAX_PER_DOC:
                continue
            per_doc[doc_key] += 1
            sample.append(cand)
            want -= 1
    rng.shuffle(sample)
    return sample[:n]


def draw_rounds(pool: list[dict], *, seed: int = 13) -> list[dict]:
    """The annotation queue: round 1, then round 2 drawn from what round 1 left (see the module docstring)."""
    round1 = draw_sample(pool, ROUND1_DRAWN, shares=ROUND1_SHARES, seed=seed)[:ROUND1_SIZE]
    taken = {c["id"] for c in round1}
    per_doc: dict[str, int] = defaultdict(int)
    for cand in round1:
        per_doc[f"{cand['source']}/{cand['doc_id']}"] += 1
    rest = [c for c in pool if c["id"] not in taken]
    round2 = draw_sample(rest, ROUND2_SIZE, shares=ROUND2_SHARES, seed=seed, per_doc=per_doc)
    taken |= {c["id"] for c in round2}
    quotes = [c for c in pool if c["id"] not in taken and c["kind"] == "quote"]
    round3 = draw_sample(quotes, ROUND3_SIZE, shares=ROUND3_SHARES, seed=seed)  # its own per-article cap
    taken |= {c["id"] for c in round3}
    rest = [c for c in pool if c["id"] not in taken]
    round4 = draw_sample(rest, ROUND4_SIZE, shares=ROUND4_SHARES, seed=seed)
    taken |= {c["id"] for c in round4}
    courteous = [c for c in pool if c["id"] not in taken and COURTESY_CUES.search(c["text"])
                 and not HOSTILE_CUES.search(c["text"])]
    round5 = draw_sample(courteous, ROUND5_SIZE, shares={"other": 1.0, "conciliatory-cue": 1.0}, seed=seed)
    rounds = (round1, round2, round3, round4, round5)
    return [{**c, "round": r} for r, drawn in enumerate(rounds, start=1) for c in drawn]


def rank_by_model(pool: list[dict], queue: list[dict], *, by: str, n: int, drawn_by: str) -> list[dict]:
    """The ``n`` candidates not yet queued that the shipped model ranks first (a sampling aid only).

    ``by`` is ``"conciliatory"`` (highest probability of that label first) or ``"margin"`` (least sure first:
    smallest gap between the two most probable labels).
    """
    from stance import Classifier

    rest = _left(pool, queue)
    classifier = Classifier.load()
    probs = classifier.predict_proba([c["text"] for c in rest], batch_size=64)
    if by == "margin":
        top2 = -np.sort(-probs, axis=1)[:, :2]
        key = top2[:, 0] - top2[:, 1]
    elif by in classifier.classes_:
        key = -probs[:, classifier.classes_.index(by)]
    else:
        raise ValueError(f"unknown ranking {by!r}; supported: margin, {', '.join(classifier.classes_)}")
    order = sorted(range(len(rest)), key=lambda i: (key[i], rest[i]["id"]))[:n]
    for what, rows in ((f"the {len(rest)} candidates left", probs), (f"the {len(order)} drawn", probs[order])):
        expected = ", ".join(f"{label} {total:.0f}" for label, total in zip(classifier.classes_, rows.sum(axis=0)))
        print(f"labels the model expects among {what} (sum of its probabilities): {expected}")
    return [{**rest[i], "round": _next_round(queue), "drawn_by": drawn_by} for i in order]


def random_round(pool: list[dict], queue: list[dict], *, n: int, seed: int = 13,
                 negated: bool = False) -> list[dict]:
    """``n`` candidates not yet queued (only those with a negation if ``negated``), drawn uniformly at random."""
    rest = [c for c in _left(pool, queue) if not negated or NEGATION_CUES.search(c["text"])]
    drawn = random.Random(seed).sample(rest, min(n, len(rest)))
    drawn_by = f"random{', negated' if negated else ''}, seed {seed}"
    return [{**c, "round": _next_round(queue), "drawn_by": drawn_by} for c in drawn]


def un_round(queue: list[dict], *, n: int, seed: int = 13, root: Path | None = None) -> list[dict]:
    """``n`` UN sentences (``read_un_quadclass``, ``MIN_WORDS`` to ``MAX_WORDS`` words) not yet queued.

    Drawn with ``UN_ROUND_SHARES`` of each upstream quad class mapped to stance; like the cue strata, the upstream
    class only decides how often a sentence is drawn and is not stored with the candidate.
    """
    candidates, upstream = [], {}
    for sentence in read_un_quadclass(root):
        if MIN_WORDS <= len(sentence.text.split()) <= MAX_WORDS:
            candidates.append({"id": f"{sentence.source}-{sentence.doc_id.replace(':', '')}", "source": sentence.source,
                               "doc_id": sentence.doc_id, "start": sentence.start, "end": sentence.end,
                               "speaker": None, "text": sentence.text, "context": None, "kind": "sentence"})
            upstream[candidates[-1]["id"]] = sentence.label
    by_class: dict[str, list[dict]] = defaultdict(list)
    for cand in _left(candidates, queue):
        by_class[upstream[cand["id"]]].append(cand)
    rng = random.Random(seed)
    drawn = [c for label, share in UN_ROUND_SHARES.items() for c in rng.sample(by_class[label], round(n * share))]
    rng.shuffle(drawn)
    return [{**c, "round": _next_round(queue), "drawn_by": f"UN quad class, seed {seed}"} for c in drawn]


def negation_round(pool: list[dict], queue: list[dict], *, seed: int = 13) -> list[dict]:
    """Round ``NEGATION_ROUND``: up to ``ROUND8_SIZE`` candidates not yet queued that hold a negation, seed-fixed."""
    negated = [c for c in _left(pool, queue) if NEGATION_CUES.search(c["text"])]
    drawn = draw_sample(negated, ROUND8_SIZE, shares={"hostile-cue": 1.0, "conciliatory-cue": 1.0, "other": 1.0},
                        seed=seed)
    return [{**c, "round": NEGATION_ROUND} for c in drawn]


def _left(pool: list[dict], queue: list[dict]) -> list[dict]:
    """The candidates of ``pool`` not yet in ``queue``, in pool order."""
    queued = {c["id"] for c in queue}
    return [c for c in pool if c["id"] not in queued]


def _next_round(queue: list[dict]) -> int:
    return max(c["round"] for c in queue) + 1


def write_jsonl(rows: Iterable[dict], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=13, help="random seed of the draw")
    parser.add_argument("--rank-by-model", metavar="COMMIT", help="append a round ranked by the shipped model "
                        "(trained at commit COMMIT), see --by")
    parser.add_argument("--by", default="margin", help="ranking of --rank-by-model: 'margin' (least sure first) "
                        "or a label (most probable first)")
    parser.add_argument("--pool", choices=("international", "other"), default="international",
                        help="where the appended round draws from: the pool, or the candidates of other_documents()")
    parser.add_argument("--random", action="store_true", help="append a round drawn at random (--seed) from "
                        "the candidates left in --pool")
    parser.add_argument("--negated", action="store_true", help="with --random: draw only candidates that hold a "
                        "negation (NEGATION_CUES)")
    parser.add_argument("--un", action="store_true", help="append a round of UN document sentences "
                        "(un_round) instead of article statements")
    parser.add_argument("--size", type=int, default=ROUND9_SIZE, help="candidates in the appended round")
    args = parser.parse_args(argv)
    pool = build_pool(international_documents())
    print(f"{write_jsonl(pool, POOL_FILE)} candidates -> {POOL_FILE}")
    queue = draw_rounds(pool, seed=args.seed)
    kept = []  # model-ranked and random rounds are kept as drawn; the negation round is drawn in its turn
    if SAMPLE_FILE.exists():
        kept = [c for c in map(json.loads, SAMPLE_FILE.open(encoding="utf-8")) if c.get("drawn_by")]
    for number in sorted({c["round"] for c in kept} | {NEGATION_ROUND}):
        queue += negation_round(pool, queue, seed=args.seed) if number == NEGATION_ROUND else [
            c for c in kept if c["round"] == number]
    if sum(map(bool, (args.rank_by_model, args.random, args.un))) > 1:
        parser.error("--rank-by-model, --random and --un each append a round: give one of them")
    if args.negated and not args.random:
        parser.error("--negated goes with --random")
    if args.un:
        queue += un_round(queue, n=args.size, seed=args.seed)
    elif args.rank_by_model or args.random:
        drawn_from = pool if args.pool == "international" else build_pool(other_documents(), seen=pool)
        if args.random:
            queue += random_round(drawn_from, queue, n=args.size, seed=args.seed, negated=args.negated)
        else:
            queue += rank_by_model(drawn_from, queue, by=args.by, n=args.size, drawn_by=args.rank_by_model)
    print(f"{write_jsonl(queue, SAMPLE_FILE)} sampled -> {SAMPLE_FILE}")


if __name__ == "__main__":
    main()
