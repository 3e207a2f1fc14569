"""Where the time goes on a GPU: the tokenizer alone, the forward passes alone and ``classify`` end to end.

    python3 benchmarks/gpu_breakdown.py                         # CUDA, 100,000 gold statements, batch 512 and 1024
    python3 benchmarks/gpu_breakdown.py --device cpu --n 500    # a rehearsal of every step on the CPU

Prints one JSON line per measurement (``statements_per_s`` on ``--n`` statements drawn with replacement from the
gold annotations), or ``{"measure": ..., "error": ...}`` when one fails, and goes on with the next:

* ``tokenizer``: the model's batch encoder (padded widths as on the device) over length-sorted batches, with 0
  (the calling thread) or N worker threads, the Rust tokenizer's own threads on or off (``TOKENIZERS_PARALLELISM``);
* ``forward``: the batches tokenized and staged beforehand, then only the runner (copy in, forward pass, logits
  back), with and without CUDA graphs;
* ``classify``: strings to ``Prediction`` objects with the default settings, without CUDA graphs, and with other
  numbers of tokenizer threads;
* ``graphs_vs_eager``: label agreement and largest probability difference between the two, on all ``--n`` texts.

This is a script, not a test: the figures depend on the machine. It needs torch, transformers and tokenizers only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from stance.batching import length_sorted_batches, ordered_map  # noqa: E402
from stance.classifier import CHUNK_BATCHES, Classifier  # noqa: E402
from stance.paths import ANNOTATIONS_DIR, model_dir  # noqa: E402

GOLD = ANNOTATIONS_DIR / "gold.jsonl"
PARALLELISM = "TOKENIZERS_PARALLELISM"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda", help="cuda (default), cuda:N or cpu (a rehearsal)")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--n", type=int, default=100_000, help="statements per measurement")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[512, 1024])
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2, 4, 8], help="tokenizer threads to try")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore", UserWarning)  # truncation warnings; RuntimeWarnings (graphs off) stay visible
    model = (args.model or model_dir()).resolve()
    texts = _statements(args.n, args.seed)
    _emit({"measure": "machine", **_machine(args.device)})
    graphed = _measure("load", lambda: Classifier.load(model, device=args.device, backend="torch"))
    eager = _measure("load", lambda: Classifier.load(model, device=args.device, backend="torch", cuda_graphs=False))
    if graphed is None or eager is None:
        return 1
    for batch_size in args.batch_sizes:
        common = {"batch_size": batch_size, "n": len(texts)}
        for workers in args.workers:
            tokenize = partial(_tokenize, graphed, texts, batch_size, workers)
            _measure("tokenizer", tokenize, workers=workers, **common)
        most = max(args.workers)
        tokenize = partial(_tokenize, graphed, texts, batch_size, most, parallel=False)
        _measure("tokenizer", tokenize, workers=most, rust_threads=False, **common)
        for runner, classifier in (("graphs", graphed), ("eager", eager)):
            _measure("forward", partial(_forward, classifier, texts, batch_size), runner=runner, **common)
        for runner, classifier in (("graphs", graphed), ("eager", eager)):
            run = partial(_classify, classifier, texts, batch_size)
            _measure("classify", run, runner=runner, workers=classifier.tokenizer_workers, **common)
        default = graphed.tokenizer_workers
        for workers in sorted({max(1, default // 2), 2 * default} - {default}):
            graphed.tokenizer_workers = workers
            run = partial(_classify, graphed, texts, batch_size)
            _measure("classify", run, runner="graphs", workers=workers, **common)
        graphed.tokenizer_workers = default
    _measure("graphs_vs_eager", lambda: _agreement(graphed, eager, texts, max(args.batch_sizes)), n=len(texts))
    _emit({"measure": "graph_shapes", "shapes": graphed._runner.graph_shapes})
    return 0


def _tokenize(classifier: Classifier, texts: list[str], batch_size: int, workers: int, *, parallel: bool = True):
    """The encoder alone over the batches ``classify`` would make."""
    batches = _sorted_batches(texts, batch_size)
    widths = classifier._runner.widths
    before = os.environ.get(PARALLELISM)
    os.environ[PARALLELISM] = "true" if parallel else "false"
    try:
        start = time.perf_counter()
        encode = partial(classifier._encode, widths=widths)
        for _ in ordered_map(encode, batches, workers=workers, ahead=max(2, 2 * workers)):
            pass
        return {"statements_per_s": round(len(texts) / (time.perf_counter() - start), 1)}
    finally:
        if before is None:
            os.environ.pop(PARALLELISM, None)
        else:
            os.environ[PARALLELISM] = before


def _forward(classifier: Classifier, texts: list[str], batch_size: int) -> dict:
    """The runner alone, on batches tokenized and staged beforehand (a first untimed pass captures the graphs)."""
    runner = classifier._runner
    staged = [
        (None, runner.stage(classifier._encode(batch, widths=runner.widths)[0], batch_size))
        for batch in _sorted_batches(texts, batch_size)
    ]
    for _ in runner.logits(staged):
        pass
    start = time.perf_counter()
    rows = sum(len(logits) for _, logits in runner.logits(staged))
    seconds = time.perf_counter() - start
    return {"statements_per_s": round(rows / seconds, 1), "batches": len(staged)}


def _classify(classifier: Classifier, texts: list[str], batch_size: int) -> dict:
    classifier.classify(texts[: batch_size * CHUNK_BATCHES * 2], batch_size=batch_size)  # warm-up, graph captures
    start = time.perf_counter()
    predictions = classifier.classify(texts, batch_size=batch_size)
    seconds = time.perf_counter() - start
    assert len(predictions) == len(texts)
    return {"statements_per_s": round(len(texts) / seconds, 1), "seconds": round(seconds, 3)}


def _agreement(graphed: Classifier, eager: Classifier, texts: list[str], batch_size: int) -> dict:
    import numpy as np

    ours, theirs = (c.predict_proba(texts, batch_size=batch_size) for c in (graphed, eager))
    return {
        "labels_agree": round(float((ours.argmax(axis=1) == theirs.argmax(axis=1)).mean()), 5),
        "max_probability_difference": round(float(np.abs(ours - theirs).max()), 5),
    }


def _sorted_batches(texts: list[str], batch_size: int) -> list[list[str]]:
    """The batches of texts ``classify`` makes: chunks of ``CHUNK_BATCHES`` batches, sorted by length within each."""
    chunk = batch_size * CHUNK_BATCHES
    return [
        [texts[first + i] for i in rows]
        for first in range(0, len(texts), chunk)
        for rows in length_sorted_batches(texts[first : first + chunk], batch_size)
    ]


def _measure(measure: str, run: Callable[[], object], **labels: object) -> object:
    """Run one measurement and print its line; on failure print the error and return ``None``."""
    try:
        result = run()
    except Exception as error:  # report and go on: one failed optimisation must not end the check
        _emit({"measure": measure, **labels, "error": f"{type(error).__name__}: {error}"[:2000]})
        traceback.print_exc(file=sys.stderr)
        return None
    if isinstance(result, dict):
        _emit({"measure": measure, **labels, **result})
    return result


def _emit(row: dict) -> None:
    print(json.dumps(row), flush=True)


def _statements(n: int, seed: int) -> list[str]:
    with GOLD.open(encoding="utf-8") as file:
        pool = [json.loads(line)["text"] for line in file]
    return random.Random(seed).choices(pool, k=n)


def _machine(device: str) -> dict:
    import tokenizers
    import torch
    import transformers

    info = {
        "device": device,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "versions": {module.__name__: module.__version__ for module in (torch, transformers, tokenizers)},
    }
    if device.startswith("cuda"):
        info["gpu"] = torch.cuda.get_device_name(torch.device(device))
    return info


if __name__ == "__main__":
    sys.exit(main())
