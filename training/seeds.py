"""Train with several seeds and report the spread of the test metrics.

Each run is ``training/train.py --config training/config.json --seed S --output_dir OUT/run-I-seed-S`` plus any
extra options given after ``--``; runs go ``--parallel`` at a time (useful on a GPU, which one small model
leaves mostly idle). A seed listed twice measures run-to-run reproducibility.

    python training/seeds.py --seeds 13 14 15 --output /tmp/seeds [--parallel 3] [-- --base_model DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from stance.labels import LABELS

TRAIN = Path(__file__).resolve().parent / "train.py"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15], help="seeds to train with")
    parser.add_argument("--output", type=Path, required=True, help="folder for the run folders")
    parser.add_argument("--parallel", type=int, default=1, help="runs at a time")
    parser.add_argument("--json", type=Path, help="write every run's metrics and the summary here")
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)

    runs = [(i, seed, args.output / f"run-{i}-seed-{seed}") for i, seed in enumerate(args.seeds)]
    for start in range(0, len(runs), args.parallel):
        procs = []
        for i, seed, out in runs[start:start + args.parallel]:
            out.parent.mkdir(parents=True, exist_ok=True)
            log = (args.output / f"run-{i}-seed-{seed}.log").open("w")
            cmd = [sys.executable, str(TRAIN), "--config", "training/config.json", "--seed", str(seed),
                   "--output_dir", str(out), *extra]
            procs.append((subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log, out))
        for proc, log, out in procs:
            if proc.wait() != 0:
                sys.exit(f"training run failed: see {log.name}")
            log.close()

    results = []
    for i, seed, out in runs:
        test = json.loads((out / "metrics.json").read_text())["test"]
        results.append({"run": i, "seed": seed, "macro_f1": test["macro_f1"], "accuracy": test["accuracy"],
                        "ece": test["ece"], **{f"f1_{l}": test["per_class"][l]["f1"] for l in LABELS}})
    keys = [k for k in results[0] if k not in ("run", "seed")]
    summary = {k: {"mean": round(statistics.mean(r[k] for r in results), 4),
                   "std": round(statistics.stdev(r[k] for r in results), 4) if len(results) > 1 else 0.0}
               for k in keys}
    for r in results:
        print(json.dumps(r))
    print(json.dumps({"summary": summary}))
    if args.json:
        args.json.write_text(json.dumps({"runs": results, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
