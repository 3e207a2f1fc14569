"""Build the training dataset from files committed in the repository (``make data``).

Reads ``data/config.json`` (which sources to include, their loss weights, split fractions, seed) and the
JSONL files it names, and writes a ``datasets.DatasetDict`` to ``data/build/``:

* ``validation`` and ``test`` hold gold statements only, split by document (no article in two splits);
* a source's ``"exclude_rounds"`` leaves out the gold statements drawn in those annotation rounds;
* ``train`` holds the remaining gold statements (unless the gold source says ``"train": false``) and the included
  reused (and, if enabled, silver) sets;
* no training row (gold or silver) comes from an article of validation or test, and no silver row repeats a
  gold statement;
* duplicates (normalised text) are removed across all splits, test first, then validation, then train.

Silver rows are never placed in validation or test. A malformed row or unknown label stops the build with the
file, the line and the allowed values (:mod:`stance.data.records`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from stance.data.datasheet import render_datasheet, rounds_by_id
from stance.data.records import read_records
from stance.labels import LABELS
from stance.paths import DATA_CONFIG, DATA_DIR, DATASET_DIR

SPLITS = ("train", "validation", "test")
DATASHEET = DATA_DIR / "README.md"
FEATURES = Features({
    "id": Value("string"), "text": Value("string"), "label": ClassLabel(names=list(LABELS)),
    "source": Value("string"), "doc_id": Value("string"), "weight": Value("float32"),
})
_NON_WORD = re.compile(r"\W+")


def normalise(text: str) -> str:
    """Key for duplicate detection: lower case, punctuation and white space collapsed."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def load_config(path: Path = DATA_CONFIG) -> dict:
    config = json.loads(path.read_text(encoding="utf-8"))
    kinds = {spec.get("kind") for spec in config["sources"].values()}
    if not kinds <= {"gold", "reused", "silver"}:
        raise ValueError(f"{path}: source kinds must be gold, reused or silver, got {sorted(kinds - {None})}")
    return config


def split_documents(rows: list[dict], fractions: dict[str, float], seed: int) -> dict[str, str]:
    """Assign each gold document to a split by a hash of (seed, document).

    About ``fractions`` of the documents go to validation and test; a document keeps its split when others are
    added, so the test split stays comparable as annotation grows.
    """
    test_cut = fractions["test"]
    validation_cut = test_cut + fractions["validation"]
    assignment = {}
    for doc in sorted({f"{r['source']}/{r['doc_id']}" for r in rows}):
        u = int(hashlib.sha256(f"{seed}/{doc}".encode()).hexdigest()[:12], 16) / 16**12
        assignment[doc] = "test" if u < test_cut else "validation" if u < validation_cut else "train"
    return assignment


def _without_rounds(rows: list[dict], rounds: set[int], data_dir: Path) -> list[dict]:
    """Gold rows less those drawn in ``rounds`` of the annotation queue (``candidates/sample.jsonl``)."""
    round_of = rounds_by_id(data_dir / "candidates" / "sample.jsonl")
    return [r for r in rows if round_of.get(r["id"]) not in rounds]


def build(config: dict, data_dir: Path = DATA_DIR) -> DatasetDict:
    seed, fractions = config["seed"], config["split_fractions"]
    splits: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for name, spec in config["sources"].items():
        if not spec["include"]:
            continue
        rows = read_records(data_dir / spec["file"])
        if "exclude_rounds" in spec:
            rows = _without_rounds(rows, set(spec["exclude_rounds"]), data_dir)
        if "max_rows" in spec:
            rows = random.Random(seed).sample(rows, min(spec["max_rows"], len(rows)))
        rows = [{**r, "weight": float(spec["weight"]), "kind": spec["kind"]} for r in rows]
        if spec["kind"] == "gold":
            assignment = split_documents(rows, fractions, seed)
            for r in rows:
                split = assignment[f"{r['source']}/{r['doc_id']}"]
                if split != "train" or spec.get("train", True):
                    splits[split].append(r)
        else:
            splits["train"].extend(rows)
    held_out = {f"{r['source']}/{r['doc_id']}" for name in ("validation", "test") for r in splits[name]}
    gold_ids = {r["id"] for name in SPLITS for r in splits[name] if r["kind"] == "gold"}
    splits["train"] = [r for r in splits["train"] if f"{r['source']}/{r['doc_id']}" not in held_out
                       and not (r["kind"] == "silver" and r["id"] in gold_ids)]
    seen: set[str] = set()
    for name in ("test", "validation", "train"):
        kept = []
        for r in splits[name]:
            key = normalise(r["text"])
            if key and key not in seen:
                seen.add(key)
                kept.append(r)
        splits[name] = kept
    return DatasetDict({
        name: Dataset.from_list([{k: r[k] for k in FEATURES} for r in rows], features=FEATURES)
        for name, rows in splits.items()
    })


def counts_table(dataset: DatasetDict) -> str:
    """Markdown table: statements per label and per source kind in each split."""
    lines = ["| split | source | " + " | ".join(LABELS) + " | total |", "|---|---|" + "---|" * (len(LABELS) + 1)]
    for split in SPLITS:
        by_source: dict[str, Counter] = defaultdict(Counter)
        for source, label in zip(dataset[split]["source"], dataset[split]["label"]):
            by_source[source][LABELS[label]] += 1
        for source, counts in sorted(by_source.items()):
            lines.append(f"| {split} | {source} | " + " | ".join(str(counts[l]) for l in LABELS)
                         + f" | {sum(counts.values())} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the training dataset from the committed data files.")
    parser.add_argument("--config", type=Path, default=DATA_CONFIG, help="data config (default: data/config.json)")
    parser.add_argument("--output", type=Path, default=DATASET_DIR, help="where to save the DatasetDict")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    dataset = build(config)
    dataset.save_to_disk(str(args.output))
    for split in SPLITS:
        print(f"{split}: {len(dataset[split])} statements")
    table = counts_table(dataset)
    print(table)
    print(f"saved -> {args.output}")
    if args.config == DATA_CONFIG:
        DATASHEET.write_text(render_datasheet(dataset, config, table), encoding="utf-8")
        print(f"datasheet -> {DATASHEET}")


if __name__ == "__main__":
    main()
