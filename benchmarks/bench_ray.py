"""Cost of Ray Data on one machine: ``stance.distributed.classify_dataset`` against single-process ``classify``.

    make bench                                                 # CPU: 20,000 statements, workers of 1 CPU each
    .venv/bin/python benchmarks/bench_ray.py --device cuda     # GPU: one GPU worker, 200,000 statements

Both sides classify the same statements (drawn with replacement from the gold annotations) and are timed from a
cold start: single-process is model load + ``Classifier.classify``; Ray is ``ray.init`` (a local instance) +
``classify_dataset(...).take_all()`` (workers start, load the model, classify, rows come back to the driver).
Prints one JSON line with both throughputs and ``ray_overhead`` = 1 - ray / single (the issue's bound: 0.25),
and checks that every row came back with the label ``classify`` gives it. A script, not a test: the numbers
depend on what else runs on the machine (``load_avg`` is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--n", type=int, default=None, help="statements (default: 20,000; GPU 200,000)")
    parser.add_argument("--workers", type=int, default=None, help="Ray workers (default: one per CPU; GPU 1)")
    parser.add_argument("--batch-size", type=int, default=None, help="statements per forward pass (default: 32; "
                        "GPU 512)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    gpu = args.device == "cuda"
    n = args.n or (200_000 if gpu else 20_000)
    batch_size = args.batch_size or (512 if gpu else 32)
    texts = _statements(n, args.seed)
    load_avg = os.getloadavg()[0]

    from stance import Classifier

    started = time.perf_counter()
    expected = Classifier.load(device=args.device).predict(texts, batch_size=batch_size)
    single_s = time.perf_counter() - started

    import ray

    from stance.distributed import classify_dataset

    started = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    ray.data.DataContext.get_current().enable_progress_bars = False
    cpus = int(ray.cluster_resources()["CPU"])
    workers = args.workers or (1 if gpu else cpus)
    ds = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
    rows = classify_dataset(ds, concurrency=workers, num_gpus=1 if gpu else 0, model_batch_size=batch_size,
                            batch_size=max(256, batch_size)).take_all()
    ray_s = time.perf_counter() - started
    ray.shutdown()

    same = len(rows) == n and all(row["label"] == expected[row["id"]] for row in rows)
    result = {
        "device": args.device, "n": n, "cpus": cpus, "ray_workers": workers, "batch_size": batch_size,
        "single_process_per_s": round(n / single_s, 1), "single_process_s": round(single_s, 2),
        "ray_per_s": round(n / ray_s, 1), "ray_s": round(ray_s, 2),
        "ray_overhead": round(1 - single_s / ray_s, 3), "rows_complete_and_equal": same,
        "load_avg_at_start": round(load_avg, 2), "ray": ray.__version__,
    }
    print(json.dumps(result))
    print(f"\nRay Data on one machine ({args.device}, {n} statements): single process {result['single_process_per_s']}/s,"
          f" Ray {result['ray_per_s']}/s with {workers} workers: overhead {result['ray_overhead']:.0%} "
          f"(bound 25%), rows complete and equal: {same}", file=sys.stderr)
    return 0 if same else 1


def _statements(n: int, seed: int) -> list[str]:
    """``n`` gold statements drawn with replacement: the lengths users send."""
    from stance.paths import ANNOTATIONS_DIR

    pool = [json.loads(line)["text"] for line in (ANNOTATIONS_DIR / "gold.jsonl").open(encoding="utf-8")]
    return random.Random(seed).choices(pool, k=n)


if __name__ == "__main__":
    sys.exit(main())
