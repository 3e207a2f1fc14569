"""Assemble the gold annotations and measure inter-annotator agreement (``python -m stance.data.annotations``).

Annotators write ``data/annotations/raw/batch-NN.<pass>.jsonl`` (``{"id", "label", "notes"}``, one line per
candidate of batch NN of ``data/candidates/sample.jsonl``). A batch labelled by two independent passes is
compared with Cohen's kappa; a third pass (``p3``) on a batch is compared too but never enters gold; each disagreement must be settled in ``data/annotations/adjudicated.jsonl``
(``{"id", "label", "notes"}``, decided by re-reading against ``docs/annotation.md``). The result is
``data/annotations/gold.jsonl`` in the record format of :mod:`stance.data.records` and
``data/annotations/agreement.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, confusion_matrix

from stance.data.candidates import SAMPLE_FILE
from stance.data.records import RecordError, iter_jsonl, write_records
from stance.labels import LABELS
from stance.paths import ANNOTATIONS_DIR

RAW_DIR = ANNOTATIONS_DIR / "raw"
GOLD_FILE = ANNOTATIONS_DIR / "gold.jsonl"
ADJUDICATED_FILE = ANNOTATIONS_DIR / "adjudicated.jsonl"
AGREEMENT_FILE = ANNOTATIONS_DIR / "agreement.json"
RAW_NAME = re.compile(r"batch-(\d+)\.(p\d)\.jsonl$")


def read_labels(path: Path) -> dict[str, dict]:
    """``{id: {"label", "notes"}}`` of one raw or adjudication file, validated line by line."""
    labels: dict[str, dict] = {}
    for where, row in iter_jsonl(path):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise RecordError(f'{where}: expected {{"id": str, "label": str, "notes": str}}')
        if row.get("label") not in LABELS:
            raise RecordError(f"{where}: unknown label {row.get('label')!r}; allowed: {', '.join(LABELS)}")
        if row["id"] in labels:
            raise RecordError(f"{where}: id {row['id']!r} labelled twice in one file")
        labels[row["id"]] = {"label": row["label"], "notes": str(row.get("notes") or "")}
    return labels


def load_passes() -> dict[str, dict[str, dict]]:
    """``{pass: {id: label row}}`` with the annotator's name (``annotator-bNNpK``) and batch number in each row."""
    passes: dict[str, dict[str, dict]] = {}
    for path in sorted(RAW_DIR.glob("batch-*.jsonl")):
        match = RAW_NAME.search(path.name)
        if not match:
            raise RecordError(f"{path}: raw annotation files are named batch-NN.pK.jsonl")
        batch, pass_name = match.groups()
        for id_, row in read_labels(path).items():
            passes.setdefault(pass_name, {})[id_] = {**row, "annotator": f"annotator-b{batch}{pass_name}",
                                                     "batch": int(batch)}
    return passes


def agreement(first: dict[str, dict], second: dict[str, dict]) -> dict:
    """Cohen's kappa, raw agreement and confusion matrix on the ids both passes labelled."""
    ids = sorted(first.keys() & second.keys())
    a, b = [first[i]["label"] for i in ids], [second[i]["label"] for i in ids]
    return {
        "items": len(ids),
        "observed_agreement": round(sum(x == y for x, y in zip(a, b)) / len(ids), 4) if ids else None,
        "cohen_kappa": round(float(cohen_kappa_score(a, b, labels=list(LABELS))), 4) if ids else None,
        "labels": list(LABELS),
        "confusion_first_rows_second_cols": confusion_matrix(a, b, labels=list(LABELS)).tolist() if ids else [],
    }


def assemble() -> tuple[list[dict], dict]:
    """Gold records (sample order) and the agreement report; unsettled disagreements are an error."""
    passes = load_passes()
    first, second = passes.get("p1", {}), passes.get("p2", {})
    settled = read_labels(ADJUDICATED_FILE) if ADJUDICATED_FILE.exists() else {}
    unsettled = [i for i in first.keys() & second.keys() if first[i]["label"] != second[i]["label"] and i not in settled]
    if unsettled:
        raise RecordError(
            f"{len(unsettled)} double-annotated items disagree and are not settled in {ADJUDICATED_FILE}, "
            f"e.g. {sorted(unsettled)[:3]}; settle each by re-reading it against docs/annotation.md"
        )
    gold = []
    for line in SAMPLE_FILE.read_text(encoding="utf-8").splitlines():
        cand = json.loads(line)
        if cand["id"] not in first:
            continue
        row, annotator = first[cand["id"]], first[cand["id"]]["annotator"]
        if cand["id"] in second:
            annotator += "+" + second[cand["id"]]["annotator"]
            if cand["id"] in settled:
                row, annotator = settled[cand["id"]], annotator + "+adjudicated"
        gold.append({
            "id": cand["id"], "source": cand["source"], "doc_id": cand["doc_id"], "start": cand["start"],
            "end": cand["end"], "speaker": cand["speaker"], "text": cand["text"], "label": row["label"],
            "annotator": annotator, "notes": row["notes"],
        })
    report = agreement(first, second)
    names = sorted(passes)
    report["pairs"] = {  # every pair of passes; a third pass is read for agreement only, never for gold
        f"{a}-{b}": {k: v for k, v in agreement(passes[a], passes[b]).items() if k != "labels"}
        for i, a in enumerate(names) for b in names[i + 1:]
    }
    report["batches"] = {name: sorted({row["batch"] for row in rows.values()}) for name, rows in sorted(passes.items())}
    report["kappa_by_batch"] = {  # first and second pass, each double-annotated batch on its own
        str(batch): agreement({i: r for i, r in second.items() if r["batch"] == batch}, first)["cohen_kappa"]
        for batch in report["batches"].get("p2", [])
    }
    report["adjudicated"] = len(settled)
    report["gold_items"] = len(gold)
    report["gold_label_counts"] = dict(Counter(r["label"] for r in gold))
    return gold, report


def disagreements() -> list[dict]:
    """Double-annotated items whose two labels differ, with both labels and notes, for adjudication."""
    passes = load_passes()
    first, second = passes.get("p1", {}), passes.get("p2", {})
    texts = {c["id"]: c for c in map(json.loads, SAMPLE_FILE.read_text(encoding="utf-8").splitlines())}
    return [
        {"id": i, "text": texts[i]["text"], "context": texts[i]["context"],
         "p1": first[i]["label"], "p1_notes": first[i]["notes"], "p2": second[i]["label"], "p2_notes": second[i]["notes"]}
        for i in sorted(first.keys() & second.keys()) if first[i]["label"] != second[i]["label"]
    ]


def main() -> None:
    gold, report = assemble()
    print(f"{write_records(gold, GOLD_FILE)} gold records -> {GOLD_FILE}")
    AGREEMENT_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
