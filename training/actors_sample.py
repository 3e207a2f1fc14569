"""Draw the hand-checked actor/target evaluation sample (issue 15): ``data/actors/sample.jsonl``.

Deterministic (seed 15). The gold statements carry no speaker (``speaker`` is null in all 11,583 rows of
``data/annotations/gold.jsonl``), so the draw keeps the statements that *can* have a speaker: article
sentences (mpqa, semeval23, seed) whose text has a reporting cue or a quote mark. This is a selection
filter only; the speaker itself and every actor label are read by hand (``data/actors/gold.jsonl``).
MPQA dates come from 8-digit folder names; the ``non_fbis``/``temp_fbis`` folders give none (null), nor does
semeval23. At most one statement per article; the sources are interleaved so both are spread evenly.

    python training/actors_sample.py [--n 290]
    python training/actors_sample.py --n 490 --exclude data/actors/sample.jsonl --out data/actors/fresh/sample.jsonl

The second line draws the fresh set (``data/actors/fresh/``): the same draw continued past the first 290 rows,
less every article the first set already holds, so the two sets share no article.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stance.data.corpora import read_mpqa, read_seed, read_semeval  # noqa: E402

SEED = 15
SOURCES = ("mpqa", "semeval23", "seed")
CUE = re.compile(
    r"\b(said|says|say|told|tells|stated|declared|announced|warned|accused|urged|called|insisted|"
    r"added|according to|claimed|argued|denied|vowed|threatened|demanded|rejected|condemned|praised)\b"
    r"|[\"“”]", re.I)
CONTEXT = 400  # characters on each side when the paragraph is long


def context(text: str, start: int, end: int) -> str:
    """The paragraph holding the statement, or ~CONTEXT characters on each side of it if that is longer."""
    a = text.rfind("\n\n", 0, start)
    a = 0 if a < 0 else a + 2
    b = text.find("\n\n", end)
    b = len(text) if b < 0 else b
    if b - a > 2 * CONTEXT + (end - start):
        a, b = max(a, start - CONTEXT), min(b, end + CONTEXT)
    return re.sub(r"\s+", " ", text[a:b]).strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=290)
    parser.add_argument("--gold", type=Path, default=ROOT / "data/annotations/gold.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "data/actors/sample.jsonl")
    parser.add_argument("--exclude", type=Path, help="a sample file whose articles are left out of this draw")
    args = parser.parse_args(argv)
    excluded: set[tuple[str, str]] = set()
    if args.exclude:
        with args.exclude.open(encoding="utf-8") as f:
            excluded = {(r["source"], r["doc_id"]) for r in map(json.loads, f)}

    docs = {("mpqa", d.doc_id): d for d in read_mpqa()}
    docs.update({("semeval23", d.doc_id): d for d in read_semeval()})
    seed = read_seed()
    docs[("seed", seed.doc_id)] = seed

    by_doc: dict[tuple[str, str], list[dict]] = {}
    with args.gold.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["source"] in SOURCES and CUE.search(row["text"]):
                by_doc.setdefault((row["source"], row["doc_id"]), []).append(row)

    rng = random.Random(SEED)
    per_source: dict[str, list[dict]] = {s: [] for s in SOURCES}
    for key in sorted(by_doc):
        rows = sorted(by_doc[key], key=lambda r: r["id"])
        per_source[key[0]].append(rng.choice(rows))  # one statement per article
    for rows in per_source.values():
        rng.shuffle(rows)

    picked: list[dict] = []
    while len(picked) < args.n and any(per_source.values()):
        for s in SOURCES:  # round robin: seed gives its one row, then mpqa and semeval alternate
            if per_source[s] and len(picked) < args.n:
                picked.append(per_source[s].pop())

    picked = [row for row in picked if (row["source"], row["doc_id"]) not in excluded]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in picked:
            doc = docs[(row["source"], row["doc_id"])]
            assert doc.text[row["start"]:row["end"]] == row["text"], row["id"]
            f.write(json.dumps({
                "id": row["id"], "source": row["source"], "doc_id": row["doc_id"],
                "date": doc.date if doc.date and re.fullmatch(r"\d{4}-\d\d-\d\d", doc.date) else None,
                "start": row["start"], "end": row["end"], "speaker": row["speaker"], "text": row["text"],
                "context": context(doc.text, row["start"], row["end"]),
            }, ensure_ascii=False) + "\n")
    print(f"{len(picked)} rows -> {args.out}")


if __name__ == "__main__":
    main()
