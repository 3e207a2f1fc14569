"""Evaluate models and baselines on the gold test split and print one table (``make eval``).

Rows: the model folder (default: the shipped model, through ``stance.Classifier`` as users run it), a TF-IDF +
logistic-regression baseline and VADER mapped to stance (trained/run on the same data), the CAMEO/Goldstein rule
labeller, and the same MiniLM fine-tuned on the UN quad-class sentences alone (``data/config.un_only.json``,
``UN_ONLY_EPOCHS`` epochs on 3,000 of them, less any that are gold statements of validation or test; trained into
``models/baselines/minilm-un-only`` on first use and again whenever its training rows change, ~15 min on two CPU
cores; ``--skip-un-only`` leaves it out).

    python training/evaluate.py [--model DIR] [--data FILE.jsonl] [--source NAME ...] [--skip-un-only] [--parts]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from datasets import load_from_disk

sys.path.insert(0, str(Path(__file__).resolve().parent))

from model_card import baseline_rows, metrics_table, parts_table  # noqa: E402
from metrics import classification_metrics, metrics_by_part  # noqa: E402

from stance import Classifier  # noqa: E402
from stance.data.build import build, load_config  # noqa: E402
from stance.data.records import read_records  # noqa: E402
from stance.labels import LABEL2ID  # noqa: E402
from stance.paths import DATA_DIR, DATASET_DIR, MODEL_DIR, MODELS_DIR  # noqa: E402

UN_ONLY_CONFIG = DATA_DIR / "config.un_only.json"
UN_ONLY_MODEL = MODELS_DIR / "baselines" / "minilm-un-only"
UN_ONLY_EPOCHS = 3  # the shipped settings otherwise; with 3,000 UN sentences the first `make eval` takes ~15 min on CPU


def model_metrics(model_dir: Path, texts: list[str], labels: np.ndarray) -> dict:
    probs = Classifier.load(model_dir).predict_proba(texts)
    return classification_metrics(labels, probs, are_probs=True)


UN_ONLY_STAMP = "train_ids.sha256"  # beside the UN-only model: which training rows it was trained on


def un_only_model(model_dir: Path = UN_ONLY_MODEL) -> Path:
    """The MiniLM trained on UN sentences alone with the project's training script, trained again when its rows change.

    Gold UN sentences in validation or test leave its training set (``stance.data.build``), so a model kept from
    before they were annotated would have seen test statements.
    """
    dataset = build(load_config(UN_ONLY_CONFIG))
    fingerprint = hashlib.sha256("\n".join(sorted(dataset["train"]["id"])).encode()).hexdigest()
    stamp = model_dir / UN_ONLY_STAMP
    if not (model_dir / "model.safetensors").exists() or not stamp.exists() or stamp.read_text() != fingerprint:
        import train

        with tempfile.TemporaryDirectory() as tmp:
            dataset.save_to_disk(tmp)
            train.main(["--config", "training/config.json", "--epochs", str(UN_ONLY_EPOCHS), "--dataset_dir", tmp,
                        "--output_dir", str(model_dir)])
        stamp.write_text(fingerprint)
    return model_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="model folder to evaluate")
    parser.add_argument("--data", type=Path, help="evaluate on this labelled JSONL file instead of the test split")
    parser.add_argument("--source", nargs="+", metavar="NAME", help="evaluate only on the statements of these "
                        "sources, e.g. `un_quadclass` (UN documents) or `mpqa semeval23` (news articles)")
    parser.add_argument("--skip-un-only", action="store_true", help="leave out the UN-only MiniLM baseline")
    parser.add_argument("--parts", action="store_true", help="only the model, on the whole test split and on each "
                        "part (news articles, UN documents), without the baselines")
    parser.add_argument("--json", type=Path, help="also write the metrics of every row to this file")
    args = parser.parse_args(argv)

    if not DATASET_DIR.exists():
        sys.exit(f"no dataset at {DATASET_DIR}: run `make data` first")
    dataset = load_from_disk(str(DATASET_DIR))
    if args.data:
        rows = read_records(args.data)
        texts, labels = [r["text"] for r in rows], np.array([LABEL2ID[r["label"]] for r in rows])
        dataset["test"] = dataset["test"].from_dict(
            {"id": [r["id"] for r in rows], "text": texts, "label": labels.tolist(), "source": [r["source"] for r in rows],
             "doc_id": [r["doc_id"] for r in rows], "weight": [1.0] * len(rows)}, features=dataset["test"].features)
    if args.source:
        present = set(dataset["test"]["source"])
        if not set(args.source) <= present:
            sys.exit(f"no test statements from {sorted(set(args.source) - present)}; sources: {sorted(present)}")
        dataset["test"] = dataset["test"].filter(lambda row: row["source"] in args.source)
    texts, labels = dataset["test"]["text"], np.asarray(dataset["test"]["label"])

    if args.parts:
        probs = Classifier.load(args.model).predict_proba(texts)
        parts = metrics_by_part(labels, probs, list(dataset["test"]["source"]), are_probs=True)
        print(parts_table({str(args.model): parts}))
        if args.json:
            args.json.write_text(json.dumps(parts, indent=2) + "\n", encoding="utf-8")
        return
    rows = {f"{args.model.name} (model)": model_metrics(args.model, texts, labels)}
    rows.update(baseline_rows(dataset))
    if not args.skip_un_only:
        rows["MiniLM trained on UN sentences alone"] = model_metrics(un_only_model(), texts, labels)
    sources = f" ({', '.join(args.source)})" if args.source else ""
    print(f"{len(texts)} statements from {args.data or 'the gold test split'}{sources}")
    print(metrics_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
