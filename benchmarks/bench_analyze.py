"""Throughput of ``stance analyze`` (articles/s) and the share of it spent on actors and targets.

    .venv/bin/python benchmarks/bench_analyze.py                  # 100 MPQA articles, 3 rounds
    PYTHONPATH=OTHER_CHECKOUT .venv/bin/python benchmarks/bench_analyze.py   # the same on another version

Reads ``--n`` MPQA world-press articles (every fifth, from ``STANCE_CORPORA``), loads the default model once,
then times ``analyze`` (quotes, speakers, classification and, where this version has them, actors and
targets) over all of them, ``--rounds`` times; prints one JSON line with the median articles/s. Where
``stance.speakers`` exists it also times the actor step alone (``describe_speaker`` and ``find_targets`` for
every quote of the same articles; where ``stance.analysis.describe_statement`` exists, that function for every
statement ``extract_attributions`` finds, as ``analyze`` runs it, the fallback speaker rules included) and
reports its share of the ``analyze`` time. A script, not a test: the
numbers depend on the machine and its load (``load_avg`` is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from importlib.util import find_spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="articles (default: 100)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the articles (default: 3)")
    args = parser.parse_args()

    from stance.analysis import analyze
    from stance.classifier import Classifier
    from stance.data.corpora import read_mpqa

    articles = [d for i, d in enumerate(read_mpqa()) if i % 5 == 0][: args.n]
    classifier = Classifier.load(device="cpu")
    analyze(articles[0].text, classifier=classifier)  # warm-up
    passes = []
    statements = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        statements = sum(len(analyze(a.text, source=a.doc_id, classifier=classifier)) for a in articles)
        passes.append(time.perf_counter() - start)
    result = {"articles": len(articles), "statements": statements, "rounds": args.rounds,
              "articles_per_s": round(len(articles) / statistics.median(passes), 2),
              "load_avg": os.getloadavg()[0], "stance": find_spec("stance").origin}
    if find_spec("stance.speakers") is not None:
        import stance.analysis
        from stance.quotes import extract_quotes
        from stance.speakers import describe_speaker
        from stance.targets import find_targets

        describe_statement = getattr(stance.analysis, "describe_statement", None)
        if describe_statement is not None:
            from stance.attribution import extract_attributions

            quotes = [(a.text, extract_attributions(a.text)) for a in articles]
        else:
            quotes = [(a.text, extract_quotes(a.text)) for a in articles]
        actor_passes = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for text, found in quotes:
                for q in found:
                    if describe_statement is not None:
                        describe_statement(text, q)
                    else:
                        who = describe_speaker(q.speaker, article=text, at=q.start)
                        find_targets(q.text, speaker=who.actor, article=text, start=q.start, end=q.end)
            actor_passes.append(time.perf_counter() - start)
        result["actor_step_s"] = round(statistics.median(actor_passes), 3)
        result["actor_share_of_analyze"] = round(statistics.median(actor_passes) / statistics.median(passes), 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
