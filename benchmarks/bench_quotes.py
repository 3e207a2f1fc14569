"""Speed of ``extract_quotes`` in characters per second (JSON lines), on real articles and adversarial shapes.

    python benchmarks/bench_quotes.py               # every shape at 1 MB; `make bench` runs it
    python benchmarks/bench_quotes.py --mb 0.25     # quicker
    python benchmarks/bench_quotes.py --fingerprint [--code DIR]   # a hash of the outputs on the real articles

``--fingerprint`` hashes what ``extract_quotes``, ``split_sentences`` and ``quote_spans`` return on every real
article, to check that a change of the code (``--code``: a folder holding another version of the ``stance``
package, e.g. from ``git archive COMMIT stance | tar -x -C DIR``) leaves its outputs as they were.

Real articles (when the corpora are there, ``STANCE_CORPORA``): PolNeAR (train and dev), MPQA and SemEval,
each article extracted on its own. Wall-clock and CPU seconds are both reported (``os.getloadavg()`` first). Adversarial shapes, one text of ``--mb`` megabytes each: ``said``, one paragraph
of ``"a," he said.`` repeated (no sentence break: a lower-case word follows each period); ``run_on``, plain
lower-case sentences without quotes on one line; ``single``, single-quoted words ('a' 'a' …); ``colon``,
``Trump: "a"`` repeated; ``articles_one_line``, the MPQA articles joined on one line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SHAPES = {
    "said": '"a," he said. ',
    "run_on": "the minister said the talks would continue on monday and ",
    "single": "'a' ",
    "colon": 'Trump: "a" ',
}


def fingerprint(texts: list[str]) -> str:
    """sha256 of the quotes, sentences and quoted spans of ``texts``."""
    from stance.quotes import extract_quotes, quote_spans, split_sentences

    digest = hashlib.sha256()
    for text in texts:
        quotes = [(q.text, q.speaker, q.cue, q.start, q.end) for q in extract_quotes(text)]
        digest.update(json.dumps([quotes, split_sentences(text), quote_spans(text)]).encode())
    return digest.hexdigest()


def timed(texts: list[str]) -> dict[str, float]:
    """Wall-clock and CPU seconds (the CPU time of this process, steadier when other jobs share the CPUs)."""
    from stance.quotes import extract_quotes

    start, start_cpu = time.perf_counter(), time.process_time()
    quotes = sum(len(extract_quotes(text)) for text in texts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    chars = sum(map(len, texts))
    return {"chars": chars, "quotes": quotes, "seconds": round(seconds, 3), "chars_per_s": round(chars / seconds),
            "cpu_seconds": round(cpu, 3), "chars_per_cpu_s": round(chars / cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="size of each adversarial text in megabytes")
    parser.add_argument("--fingerprint", action="store_true", help="print a hash of the outputs on the real articles")
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the stance package to run")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    sys.path.insert(1, str(REPO))  # the corpus readers
    from stance.data.corpora import CorpusNotFoundError, read_mpqa, read_polnear, read_semeval, read_seed

    size = int(args.mb * 1_000_000)
    try:
        corpora = {
            "polnear": [d.text for split in ("train", "dev") for d in read_polnear(split)],
            "mpqa": [d.text for d in read_mpqa()],
            "semeval": [d.text for d in read_semeval()],
            "seed": [read_seed().text],
        }
    except CorpusNotFoundError as error:
        print(f"real articles skipped: {error}", file=sys.stderr)
        corpora = {}
    if args.fingerprint:
        texts = [text for texts in corpora.values() for text in texts]
        print(json.dumps({"articles": len(texts), "sha256": fingerprint(texts)}))
        return
    print(json.dumps({"bench": "extract_quotes", "load_average": [round(x, 2) for x in os.getloadavg()]}))
    for name, texts in corpora.items():
        print(json.dumps({"bench": "extract_quotes", "input": f"{name} ({len(texts)} articles)", **timed(texts)}))
    shapes = {name: (unit * (size // len(unit) + 1))[:size] for name, unit in SHAPES.items()}
    if "mpqa" in corpora:
        joined = " ".join(text.replace("\n", " ") for text in corpora["mpqa"])
        shapes["articles_one_line"] = (joined * (size // len(joined) + 1))[:size]
    for name, text in shapes.items():
        print(json.dumps({"bench": "extract_quotes", "input": f"{name} ({args.mb:g} MB)", **timed([text])}), flush=True)


if __name__ == "__main__":
    main()
