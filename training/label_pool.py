"""Label the distillation pool with the fine-tuned teacher (the second half of ``make teacher``).

Reads every pool statement from the corpora (:mod:`stance.data.pool`), classifies it with the teacher (its
temperature is folded into its classifier, so these are calibrated probabilities) and writes the *silver* file
``data/silver/teacher_pool.jsonl.gz`` (one row a statement: id, source, doc_id, kind, text, ``probs`` in
``LABELS`` order) and ``teacher_pool.meta.json`` (the teacher's fingerprint, its test metrics, the command)::

    python training/label_pool.py --teacher .cache/teacher
    python training/label_pool.py --keep-labelled   # label only the rows the file lacks (same teacher)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from datasets import load_from_disk

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules when run as a script

from metrics import headline_parts, metrics_by_part  # noqa: E402

from stance.classifier import Classifier  # noqa: E402
from stance.data.pool import POOL_FILE, collect, meta_file, read_pool, write_pool  # noqa: E402
from stance.labels import LABELS  # noqa: E402
from stance.onnx_backend import weights_fingerprint  # noqa: E402
from stance.paths import CACHE_DIR, DATASET_DIR  # noqa: E402

TEACHER_DIR = CACHE_DIR / "teacher"
CHUNK = 2048  # statements per progress step
SEED = 13  # of the --max-rows draw


def labelled_rows(path: Path, fingerprint: str) -> dict[tuple[str, str], list[float]]:
    """``(id, text) -> probs`` of a pool file the teacher with ``fingerprint`` labelled; {} when there is none."""
    if not path.is_file():
        return {}
    written_by = json.loads(meta_file(path).read_text(encoding="utf-8"))["teacher_sha256"]
    if written_by != fingerprint:
        sys.exit(f"{path} was labelled by another teacher (weights {written_by[:12]}…, this one {fingerprint[:12]}…):"
                 " run without --keep-labelled to label every row with this one")
    return {(row["id"], row["text"]): row["probs"] for row in read_pool(path)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", type=Path, default=TEACHER_DIR, help="fine-tuned teacher folder (make teacher)")
    parser.add_argument("--output", type=Path, default=POOL_FILE, help="silver pool file to write (.jsonl.gz)")
    parser.add_argument("--device", default="auto", help="'auto', 'cpu' or 'cuda'")
    parser.add_argument("--batch-size", type=int, default=64, help="statements per forward pass")
    parser.add_argument("--max-rows", type=int, default=None,
                        help="label a seeded random draw of N pool rows instead of all (when CPU time is short)")
    parser.add_argument("--keep-labelled", action="store_true",
                        help="keep the probabilities of the rows --output already has (same id and text), if the "
                             "same teacher wrote them (weights fingerprint); label only the others")
    args = parser.parse_args(argv)

    teacher = Classifier.load(args.teacher, device=args.device, backend="torch")
    fingerprint = weights_fingerprint(args.teacher / "model.safetensors").partition(":")[2]
    kept = labelled_rows(args.output, fingerprint) if args.keep_labelled else {}
    rows = collect()
    pool_statements = len(rows)
    if args.max_rows is not None and args.max_rows < len(rows):
        rows = sorted(random.Random(SEED).sample(rows, args.max_rows), key=lambda r: r["id"])
    todo = [r for r in rows if (r["id"], r["text"]) not in kept]
    started = time.time()
    probs = np.concatenate([
        teacher.predict_proba([r["text"] for r in todo[i:i + CHUNK]], batch_size=args.batch_size)
        for i in tqdm(range(0, len(todo), CHUNK), desc="teacher labels", unit="chunk")
    ] or [np.zeros((0, len(LABELS)))])
    seconds = time.time() - started
    for row, p in zip(todo, probs.tolist(), strict=True):
        row["probs"] = [round(x, 4) for x in p]
    for row in rows:
        row.setdefault("probs", kept.get((row["id"], row["text"])))
    count = write_pool(rows, args.output)
    probs = np.asarray([row["probs"] for row in rows])
    metrics = json.loads((args.teacher / "metrics.json").read_text(encoding="utf-8"))
    test = load_from_disk(str(DATASET_DIR))["test"]
    test_probs = teacher.predict_proba(list(test["text"]), batch_size=args.batch_size)
    test_parts = metrics_by_part(np.asarray(test["label"]), test_probs, list(test["source"]), are_probs=True)
    meta = {
        "kind": "silver: teacher probabilities, never used for validation or test",
        "labels": list(LABELS),
        "rows": count,
        "pool_statements": pool_statements,
        "teacher_sha256": fingerprint,
        "teacher_base": "all-mpnet-base-v2 (Apache-2.0), fine-tuned by `make teacher` (training/teacher.json)",
        "teacher_test_parts": headline_parts(test_parts),
        "teacher_best_epoch": metrics["best_epoch"],
        "teacher_history": metrics["history"],
        "teacher_train_seconds": metrics.get("train_seconds"),
        "teacher_device": metrics.get("device"),
        "label_seconds": round(seconds, 1),
        "rows_labelled": len(todo),
        "rows_kept": count - len(todo),
        "label_device": str(teacher.device),
        "command": "python training/label_pool.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "predicted_shares": dict(zip(LABELS, np.round(np.bincount(probs.argmax(1), minlength=len(LABELS))
                                                       / max(count, 1), 4).tolist())),
    }
    meta_path = meta_file(args.output)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"{len(todo)} statements labelled in {seconds:.0f} s, {count - len(todo)} kept -> {args.output} "
          f"({meta_path.name})")


if __name__ == "__main__":
    main()
