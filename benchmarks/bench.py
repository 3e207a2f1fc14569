"""Inference speed of stance against the ``transformers`` pipeline, on the same model, device and statements.

    make bench                                              # CPU: ONNX (fp32, int8) and torch against the pipeline
    .venv/bin/python benchmarks/bench.py --device cuda      # GPU: torch float16 against the pipeline, 100,000 texts

Prints one JSON line per engine (ours and the reference ``transformers.pipeline("text-classification",
batch_size=64)`` in fp32), each with the machine, backend and device, then a short summary on stderr:

* ``throughput_per_s``: statements per second on ``--n`` statements drawn with replacement from the gold
  annotations (realistic lengths). All engines run in this one process, in alternating rounds of ``--n / --rounds``
  statements, so that load from other jobs on the machine hits them alike;
* ``latency_ms_p50`` / ``_p95``: one statement per call (``--latency-n`` calls, engines alternating by blocks);
* ``cold_start_s``: import + load + first prediction, in a fresh subprocess (median of ``--cold-runs``), and
  ``process_s``, the same subprocess's wall time including the interpreter's start;
* ``peak_rss_mb``: peak resident memory of that subprocess after it has also classified ``--rss-n`` statements
  (each engine in its own process, so the figures do not mix);
* ``vs_reference``: ours / reference for each figure, and ``label_agreement_with_reference`` on the ``--n`` texts;
* ``cpu_agreement`` (on CUDA, or with ``--cpu-agreement N``): labels and largest probability difference of our torch
  engine against the CPU default (ONNX fp32 when it is there) on the first ``--cpu-agreement`` texts.

On CUDA our engine first classifies every text once, untimed: that captures a CUDA graph for each batch shape.

This is a script, not a test: numbers depend on the machine and on what else runs on it (``load_avg`` is printed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from stance.labels import LABELS  # noqa: E402
from stance.onnx_backend import ONNX_FILE, ONNX_INT8_FILE, onnxruntime_available  # noqa: E402
from stance.paths import ANNOTATIONS_DIR, model_dir  # noqa: E402

GOLD = ANNOTATIONS_DIR / "gold.jsonl"
REFERENCE_BATCH_SIZE = 64
TOKENIZERS_PARALLELISM = "TOKENIZERS_PARALLELISM"  # transformers pipelines set it to "false" when first called
DEFAULT_BATCH_SIZE = {"cpu": 32, "cuda": 512}
DEFAULT_N = {"cpu": 10_000, "cuda": 100_000}
TARGETS = {  # issues 5 (CPU) and 14 (CUDA)
    "cpu": {"throughput_vs_reference": 2.0, "latency_ms_p50": 10.0, "cold_start_s": 3.0, "peak_rss_mb": 600.0},
    "cuda": {"throughput_per_s": 50_000.0},
}

# Runs in a fresh interpreter: import + load + first prediction (timed), then a batch workload for peak memory.
COLD_START = """
import json, re, sys, time, warnings
t0 = time.perf_counter()
engine, model, device, batch_size = sys.argv[1:5]
warnings.simplefilter("ignore")
if engine == "reference":
    import torch, transformers
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    pipe = transformers.pipeline("text-classification", model=model, device=device, dtype=torch.float32,
                                 batch_size=int(batch_size))
    window = min(pipe.tokenizer.model_max_length, pipe.model.config.max_position_embeddings)
    run = lambda texts: pipe(texts, top_k=None, truncation=True, max_length=window)
else:
    from stance.classifier import Classifier
    classifier = Classifier.load(model, device=device, backend=engine)
    run = lambda texts: classifier.classify(texts, batch_size=int(batch_size))
run(["We will never negotiate with them."])
cold = time.perf_counter() - t0
run(json.load(sys.stdin))
status = open("/proc/self/status").read()  # VmHWM: this process's peak RSS (ru_maxrss would carry the parent's)
result = {"cold_start_s": cold, "peak_rss_mb": int(re.search(r"VmHWM:\\s*(\\d+) kB", status)[1]) / 1024}
if device.startswith("cuda"):
    import torch
    result["gpu_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
print(json.dumps(result))
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument(
        "--backend",
        choices=("all", "onnx", "onnx-int8", "torch"),
        default="all",
        help="our backend to measure (default: all that run on the device and whose files exist)",
    )
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--n", type=int, default=None, help="statements for throughput (default: 10,000; GPU 100,000)")
    parser.add_argument("--batch-size", type=int, default=None, help="our batch size (default: 32; GPU 512)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds the throughput run is split into")
    parser.add_argument("--latency-n", type=int, default=200, help="single-statement calls per engine")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh subprocesses per engine (median reported)")
    parser.add_argument("--rss-n", type=int, default=500, help="statements each cold-start subprocess then classifies")
    parser.add_argument("--no-reference", action="store_true", help="skip the transformers pipeline")
    parser.add_argument(
        "--cpu-agreement",
        type=int,
        default=None,
        help="texts on which our torch engine is compared with the CPU default (default: 3,000 on CUDA, else 0)",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    model = (args.model or model_dir()).resolve()
    if not (model / "model.safetensors").is_file():
        parser.error(f"no model in {model}; `make train` (or pass --model DIR)")
    device, n = args.device, args.n or DEFAULT_N[args.device]
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE[device]
    engines = _engines(args.backend, device, model)
    if not args.no_reference:
        engines.append("reference")

    warnings.simplefilter("ignore")  # truncation warnings, pipeline chatter
    texts = _statements(n, args.seed)
    machine = _machine(device)
    started = time.time()
    runners = {engine: _runner(engine, model, device, batch_size) for engine in engines}
    for engine, run in runners.items():  # warm-up: first calls allocate buffers, pick kernels, capture graphs
        run(texts if device == "cuda" and engine != "reference" else texts[:batch_size])
        run(texts[:1])

    throughput, predictions = _throughput(runners, texts, args.rounds)
    latency = _latency(runners, _statements(args.latency_n, args.seed + 1), args.rounds)
    del runners  # free the models before the subprocesses run
    agreement = {}
    compared = args.cpu_agreement if args.cpu_agreement is not None else 3000 if device == "cuda" else 0
    if compared > 0:
        agreement = _cpu_agreement(model, device, batch_size, texts[:compared])
    rss_texts = texts[: args.rss_n]
    cold = {engine: _cold_start(engine, model, device, batch_size, rss_texts, args.cold_runs) for engine in engines}

    rows = []
    for engine in engines:
        row = {
            "bench": "stance-inference",
            "machine": machine,
            "engine": _describe(engine, device),
            "backend": "transformers.pipeline" if engine == "reference" else engine,
            "device": device,
            "precision": _precision(engine, device),
            "batch_size": REFERENCE_BATCH_SIZE if engine == "reference" else batch_size,
            "n": n,
            "throughput_per_s": round(throughput[engine], 1),
            "latency_ms_p50": round(latency[engine][0], 2),
            "latency_ms_p95": round(latency[engine][1], 2),
            **cold[engine],
        }
        if engine != "reference" and "reference" in engines:
            reference = throughput["reference"], *latency["reference"], cold["reference"]
            row["vs_reference"] = {
                "throughput": round(throughput[engine] / reference[0], 2),
                "latency_p50": round(latency[engine][0] / reference[1], 2),
                "latency_p95": round(latency[engine][1] / reference[2], 2),
                "cold_start": round(cold[engine]["cold_start_s"] / reference[3]["cold_start_s"], 2),
                "peak_rss": round(cold[engine]["peak_rss_mb"] / reference[3]["peak_rss_mb"], 2),
            }
            same = sum(a == b for a, b in zip(predictions[engine], predictions["reference"], strict=True))
            row["label_agreement_with_reference"] = round(same / n, 4)
        if engine != "reference" and agreement:
            row["cpu_agreement"] = agreement
        row["load_avg_during"] = _load_since(started)
        rows.append(row)
        print(json.dumps(row), flush=True)
    _summary(rows, device)
    return 0


def _engines(backend: str, device: str, model: Path) -> list[str]:
    files = {"onnx": ONNX_FILE, "onnx-int8": ONNX_INT8_FILE}
    present = [name for name, file in files.items() if (model / file).is_file()] if onnxruntime_available() else []
    if backend in files:
        if device != "cpu" or backend not in present:
            needs = f"--device cpu, onnxruntime and {model / files[backend]} (stance export-onnx [--int8])"
            sys.exit(f"bench: {backend} needs {needs}")
        return [backend]
    if backend == "torch" or device != "cpu":
        return ["torch"]
    for name in files.keys() - set(present):
        print(f"bench: no {files[name]} in {model} (stance export-onnx [--int8]) or no onnxruntime", file=sys.stderr)
    return [name for name in files if name in present] + ["torch"]


def _statements(n: int, seed: int) -> list[str]:
    """``n`` gold texts drawn with replacement: the lengths of real statements."""
    with GOLD.open(encoding="utf-8") as file:
        pool = [json.loads(line)["text"] for line in file]
    return random.Random(seed).choices(pool, k=n)


def _runner(engine: str, model: Path, device: str, batch_size: int) -> Callable[[list[str]], list[str]]:
    """A function texts -> labels for one engine."""
    if engine == "reference":
        import torch
        import transformers

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        pipe = transformers.pipeline(
            "text-classification",
            model=str(model),
            device=device,
            dtype=torch.float32,  # transformers v5 would otherwise keep the fp16 storage dtype
            batch_size=REFERENCE_BATCH_SIZE,
        )

        window = min(pipe.tokenizer.model_max_length, pipe.model.config.max_position_embeddings)

        def run_reference(texts: list[str]) -> list[str]:  # all three scores, as stance returns them
            before = os.environ.get(TOKENIZERS_PARALLELISM)
            try:
                outputs = pipe(texts, top_k=None, truncation=True, max_length=window)
            finally:  # the pipeline turns the Rust tokenizer's threads off for the whole process; not for ours
                if before is None:
                    os.environ.pop(TOKENIZERS_PARALLELISM, None)
                else:
                    os.environ[TOKENIZERS_PARALLELISM] = before
            return [max(scores, key=lambda s: s["score"])["label"] for scores in outputs]

        return run_reference

    from stance.classifier import Classifier

    classifier = Classifier.load(model, device=device, backend=engine)

    def run_ours(texts: list[str]) -> list[str]:
        return [p.label for p in classifier.classify(texts, batch_size=batch_size)]

    return run_ours


def _throughput(
    runners: dict[str, Callable[[list[str]], list[str]]], texts: list[str], rounds: int
) -> tuple[dict[str, float], dict[str, list[str]]]:
    size = -(-len(texts) // max(1, rounds))
    seconds = dict.fromkeys(runners, 0.0)
    labels: dict[str, list[str]] = {engine: [] for engine in runners}
    for first in range(0, len(texts), size):
        part = texts[first : first + size]
        for engine, run in runners.items():
            start = time.perf_counter()
            labels[engine] += run(part)
            seconds[engine] += time.perf_counter() - start
            assert all(label in LABELS for label in labels[engine][-len(part) :])
    return {engine: len(texts) / s for engine, s in seconds.items()}, labels


def _latency(
    runners: dict[str, Callable[[list[str]], list[str]]], texts: list[str], blocks: int
) -> dict[str, tuple[float, float]]:
    """Engines alternate by blocks of calls, not call by call: an engine's idle worker threads keep spinning for a
    moment after each call, which would slow down the next engine's call."""
    times: dict[str, list[float]] = {engine: [] for engine in runners}
    size = -(-len(texts) // max(1, blocks))
    for first in range(0, len(texts), size):
        for engine, run in runners.items():
            run(texts[first : first + 1])  # settle in
            for text in texts[first : first + size]:
                start = time.perf_counter()
                run([text])
                times[engine].append((time.perf_counter() - start) * 1000)
    return {engine: (_quantile(t, 0.5), _quantile(t, 0.95)) for engine, t in times.items()}


def _cpu_agreement(model: Path, device: str, batch_size: int, texts: list[str]) -> dict:
    """Our ``device`` torch engine against the CPU default (``backend="auto"``) on ``texts``."""
    import numpy as np

    from stance.classifier import Classifier

    cpu = Classifier.load(model, device="cpu")
    ours = Classifier.load(model, device=device, backend="torch").predict_proba(texts, batch_size=batch_size)
    theirs = cpu.predict_proba(texts, batch_size=DEFAULT_BATCH_SIZE["cpu"])
    return {
        "cpu_backend": cpu.backend,
        "n": len(texts),
        "labels_agree": round(float((ours.argmax(axis=1) == theirs.argmax(axis=1)).mean()), 4),
        "max_probability_difference": round(float(np.abs(ours - theirs).max()), 5),
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _cold_start(engine: str, model: Path, device: str, batch_size: int, texts: list[str], runs: int) -> dict:
    size = REFERENCE_BATCH_SIZE if engine == "reference" else batch_size
    command = [sys.executable, "-c", COLD_START, engine, str(model), device, str(size)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    results = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        done = subprocess.run(command, input=json.dumps(texts), capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - start
        if done.returncode:
            sys.exit(f"bench: the cold-start subprocess for {engine} failed:\n{done.stderr[-2000:]}")
        results.append({**json.loads(done.stdout.strip().splitlines()[-1]), "process_s": wall})
    summary = {key: round(statistics.median(r[key] for r in results), 2) for key in results[0]}
    summary["cold_start_runs_s"] = [round(r["cold_start_s"], 2) for r in results]
    return summary


def _machine(device: str) -> dict:
    info = {
        "host": platform.node(),
        "cpu": _cpu_model(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    versions = {}
    for module in ("torch", "transformers", "onnxruntime", "tokenizers"):
        with contextlib.suppress(ImportError):
            versions[module] = __import__(module).__version__
    info["versions"] = versions
    if device == "cuda":
        import torch

        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load_since(started: float) -> float:
    """The 1-minute load average now (5-minute when the run took longer): what else the machine was doing."""
    one, five, _ = os.getloadavg()
    return round(one if time.time() - started < 120 else five, 2)


def _describe(engine: str, device: str) -> str:
    return {
        "onnx": "stance ONNX fp32 (onnxruntime), length-sorted batches",
        "onnx-int8": "stance ONNX int8 (onnxruntime), length-sorted batches",
        "torch": f"stance torch {'float16 autocast' if device == 'cuda' else 'fp32'}, length-sorted batches",
        "reference": 'transformers.pipeline("text-classification"), fp32',
    }[engine]


def _precision(engine: str, device: str) -> str:
    if engine == "onnx-int8":
        return "int8 weights, dynamic int8 activations"
    if engine == "torch" and device == "cuda":
        return "float16 autocast"
    return "fp32"


def _summary(rows: list[dict], device: str) -> None:
    targets = TARGETS[device]
    lines = [f"\nstance inference benchmark on {rows[0]['machine']['cpu']} ({device}), n={rows[0]['n']}"]
    for row in rows:
        ratio = row.get("vs_reference", {}).get("throughput")
        lines.append(
            f"  {row['engine']:<58} {row['throughput_per_s']:>9.1f}/s"
            + (f" ({ratio:.2f}x pipeline)" if ratio else "")
            + f"  p50 {row['latency_ms_p50']:.1f} ms  p95 {row['latency_ms_p95']:.1f} ms"
            + f"  cold {row['cold_start_s']:.2f} s  peak RSS {row['peak_rss_mb']:.0f} MB"
        )
    lines.append("  targets: " + ", ".join(f"{key} {value:g}" for key, value in targets.items()))
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
