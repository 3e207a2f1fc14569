"""Articles per second of attribution extraction: the quote rules alone (``kind="direct"``) against the tagger
and the rules (``kind="all"``), on the same PolNeAR dev articles.

    make bench                                                          # CPU, 40 articles
    .venv/bin/python benchmarks/bench_attribution.py --n 84 --device cuda --tagger DIR

Prints one JSON line: articles/s and tokens/s of each path (extraction only, no stance classification), the
torch threads and ``load_avg``. A script, not a test: the numbers depend on what else runs on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="PolNeAR dev articles (84 at most)")
    parser.add_argument("--tagger", default=None, help="tagger folder (default: the shipped one)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    args = parser.parse_args(argv)

    import torch

    from stance.attribution import extract_attributions
    from stance.data.corpora import read_polnear
    from stance.tagger import Tagger

    texts = [doc.text for doc, _ in zip(read_polnear("dev"), range(args.n))]
    tagger = Tagger.load(args.tagger, device=args.device)
    tokens = sum(len(tagger.tokenizer(t, add_special_tokens=False)["input_ids"]) for t in texts)
    extract_attributions(texts[0], tagger=tagger)  # warm-up
    result = {"articles": len(texts), "tokens": tokens, "device": args.device, "torch_threads": torch.get_num_threads(),
              "load_avg": round(os.getloadavg()[0], 2)}
    for kind in ("direct", "all"):
        started = time.perf_counter()
        found = sum(len(extract_attributions(t, kind=kind, tagger=tagger)) for t in texts)
        seconds = time.perf_counter() - started
        result[kind] = {"articles_per_s": round(len(texts) / seconds, 2), "tokens_per_s": round(tokens / seconds),
                        "statements": found}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
