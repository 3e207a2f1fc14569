"""CPU speed and results of ``stance/classifier.py`` against the same file at another git revision, in one process.

    python benchmarks/compare_revision.py --rev main --n 2000

The other revision's ``classifier.py`` is loaded as a separate module (it must work with this checkout's other
``stance`` modules). Both classify the same ``--n`` gold statements in alternating rounds, so that load from other
jobs hits them alike, for each CPU backend. Prints one JSON line per backend and call: statements/s of each, their
ratio (this checkout / the revision), and whether the probabilities (``predict_proba``) or the predictions
(``classify``) are identical. A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from stance import classifier as current  # noqa: E402
from stance.paths import ANNOTATIONS_DIR, model_dir  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--n", type=int, default=2000, help="statements per round set")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--backends", nargs="+", default=["onnx", "torch"])
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")  # truncation warnings
    old = _module_at(args.rev)
    with (ANNOTATIONS_DIR / "gold.jsonl").open(encoding="utf-8") as file:
        pool = [json.loads(line)["text"] for line in file]
    texts = random.Random(0).choices(pool, k=args.n)
    for backend in args.backends:
        engines = {
            "current": current.Classifier.load(model_dir(), device="cpu", backend=backend),
            args.rev: old.Classifier.load(model_dir(), device="cpu", backend=backend),
        }
        for method in ("predict_proba", "classify"):
            seconds, outputs = dict.fromkeys(engines, 0.0), {name: [] for name in engines}
            size = -(-len(texts) // args.rounds)
            for first in range(0, len(texts), size):
                for name, engine in engines.items():
                    run, part = getattr(engine, method), texts[first : first + size]
                    start = time.perf_counter()
                    outputs[name].append(run(part, batch_size=args.batch_size))
                    seconds[name] += time.perf_counter() - start
            identical = all(_same(a, b) for a, b in zip(*outputs.values(), strict=True))
            rates = {name: round(len(texts) / s, 1) for name, s in seconds.items()}
            row = {"backend": backend, "method": method, "n": len(texts), "statements_per_s": rates}
            row |= {"ratio_current_to_rev": round(rates["current"] / rates[args.rev], 3), "identical": identical}
            row["load_avg"] = [round(x, 2) for x in os.getloadavg()]
            print(json.dumps(row), flush=True)
    return 0


def _module_at(rev: str) -> ModuleType:
    """``stance/classifier.py`` as it is at ``rev``, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{rev}:stance/classifier.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "classifier_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("classifier_at_rev", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _same(a: Any, b: Any) -> bool:
    """Equal probability arrays, or predictions with equal labels and bit-equal scores."""
    if hasattr(a, "shape"):
        return a.shape == b.shape and bool((a == b).all())
    return [(p.label, p.score, dict(p.scores)) for p in a] == [(p.label, p.score, dict(p.scores)) for p in b]


if __name__ == "__main__":
    sys.exit(main())
