"""Speaker -> actor and target accuracy on the hand-checked set of ``data/actors/`` (rule: ``docs/actors.md``).

For each row of ``sample.jsonl`` the article is read from the corpora (``STANCE_CORPORA``, default
``../shared/corpora``) by ``source`` and ``doc_id``; the code under test then gives the statement's speaker, its
actor and its targets as ``stance analyze`` does (``stance.analysis.describe_statement``), with the speaker of
the attribution ``extract_attributions`` finds over the statement (the attribution tagger's, loaded once;
``--no-tagger``: the quote rules' alone) where the rules of ``stance.reported`` find none; a statement no
attribution covers has only those rules. ``gold.jsonl`` is read only to score:

* speaker country: rows whose gold ``speaker_country`` is not null (any speaker whose country the annotator
  could tell: officials, but also private persons, companies, media);
* speaker country of officials: those of them whose gold type is a state's office, a party or an IGO
  (``OFFICIAL_TYPES``: the issue's "named official or institution");
* speaker type: rows whose gold ``speaker_type`` is not null;
* target: every row, the main target's country against the gold ``target_country``, nulls included.

Each figure also gives ``answered`` (rows with a prediction, not null) and ``precision`` (accuracy on those).

``--half`` scores part of the rows: the sample sorted by ``id`` and taken alternately, the first, third … row
``dev`` (145 rows, the ones to read errors on while developing), the others ``heldout`` (145, reported apart,
never read); ``all`` (the default) scores every row.

``--reach`` scores no prediction: it says, for each gold target, where the actors the code can recognise
(``stance.targets.mentioned_actors``, places and the speaker's words included) first name its country: the
statement, the rest of its sentence, the sentence before, elsewhere in the article, or nowhere. Null targets and
those named in the statement or its sentence (where the rules look, as the issue asks) are the most any choice
among those parties could get right: the ceiling of the rules' reach.

Codes are compared as the rule writes them: an IGO's country is the three letters after ``IGO``
(``IGOUNO`` -> ``UNO``); a transnational armed group (``IMG``) has type REB; an elite out of office (``ELI``)
is CVL.

    python training/evaluate_actors.py                       # data/actors/sample.jsonl and gold.jsonl
    python training/evaluate_actors.py --half dev --errors errors.jsonl   # the dev rows and their errors
    python training/evaluate_actors.py --half heldout
    python training/evaluate_actors.py --half dev --reach                 # where the gold targets are named
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm.auto import tqdm

from stance.actors import Actor, Mention
from stance.analysis import describe_statement, parse_date
from stance.attribution import default_tagger, extract_attributions
from stance.data.corpora import MPQA_DIR, corpus_path, read_seed, read_semeval
from stance.paths import DATA_DIR
from stance.quotes import Quote, split_sentences
from stance.targets import mentioned_actors, sentence_bounds

if TYPE_CHECKING:
    from stance.tagger import Tagger

TYPE_AS_WRITTEN = {"IMG": "REB", "ELI": "CVL"}
HALVES = ("dev", "heldout", "all")
OFFICIAL_TYPES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "PTY", "IGO"})
FIGURES = {"speaker_country": "speaker -> country (gold country not null)",
           "speaker_country_official": "speaker -> country, officials (gold type GOV MIL COP SPY JUD LEG OPP PTY IGO)",
           "speaker_type": "speaker -> type (gold type not null)",
           "target_country": "main target's country (nulls included)"}
REACH = ("null", "statement", "sentence", "sentence before", "article", "nowhere")


def country(actor: Actor | None) -> str | None:
    """The rule's country: the state, the three letters after IGO for an IGO, else null."""
    if actor is None:
        return None
    if actor.code.startswith("IGO"):
        return actor.code[3:6] or None
    return actor.country


def kind(actor: Actor | None) -> str | None:
    """The rule's type (``IMG`` -> REB, ``ELI`` -> CVL)."""
    if actor is None or actor.type is None:
        return None
    return TYPE_AS_WRITTEN.get(actor.type, actor.type)


@lru_cache(maxsize=1)
def _semeval() -> dict[str, str]:
    return {d.doc_id: d.text for d in read_semeval()}


def article_text(source: str, doc_id: str) -> str:
    """The article a sample row comes from, as ``stance.data.corpora`` reads it (offsets refer to it)."""
    if source == "mpqa":
        return (corpus_path(MPQA_DIR) / doc_id).read_text(encoding="utf-8")
    if source == "semeval23":
        return _semeval()[doc_id]
    if source == "seed":
        return read_seed().text
    raise ValueError(f"unknown source {source!r}; supported: mpqa, semeval23, seed")


def predict(row: dict, *, tagger: Tagger | None = None) -> dict:
    """Speaker phrase, speaker actor and targets of one sample row (module docstring)."""
    article = article_text(row["source"], row["doc_id"])
    start, end = row["start"], row["end"]
    if article[start:end] != row["text"]:
        raise ValueError(f"{row['id']}: the article's text at {start}:{end} is not the row's text")
    day = parse_date(row["date"]) if row.get("date") else None
    found = [q for q in extract_attributions(article, kind="direct" if tagger is None else "all", tagger=tagger)
             if q.start < end and start < q.end]
    covering = max(found, key=lambda q: min(q.end, end) - max(q.start, start), default=None)
    speaker, cue = (covering.speaker, covering.cue) if covering is not None else (None, None)
    phrase, _, who, targets = describe_statement(article, Quote(row["text"], speaker, cue, start, end), day=day)
    main = targets[0] if targets else None
    return {"id": row["id"], "speaker": phrase, "speaker_id": who.speaker_id,
            "source_actor": who.actor and who.actor.code,
            "speaker_country": country(who.actor), "speaker_type": kind(who.actor),
            "target_actor": main and main.code, "target_country": country(main)}


def reach(row: dict, target_country: str | None) -> str:
    """Where the gold target's country is first named (``REACH``; module docstring)."""
    if target_country is None:
        return "null"
    article = article_text(row["source"], row["doc_id"])
    day = parse_date(row["date"]) if row.get("date") else None
    start, end = row["start"], row["end"]

    def named(a: int, b: int) -> list[Mention]:
        return [m for m in mentioned_actors(article[a:b], article=article, day=day)
                if country(m.actor) == target_country]

    left, right = sentence_bounds(article, start, end)
    in_sentence = named(left, right)
    if any(m.end > start - left and m.start < end - left for m in in_sentence):  # a name the statement cuts too
        return "statement"
    if in_sentence:
        return "sentence"
    before = [span for span in split_sentences(article) if span[1] <= left][-1:]
    if any(named(a, b) for a, b in before):
        return "sentence before"
    return "article" if named(0, len(article)) else "nowhere"


def reach_table(places: Counter) -> str:
    """Counts of ``reach`` and the ceiling of the rules' reach (null, statement or its sentence)."""
    n = sum(places.values())
    lines = ["| gold target | rows | share |", "| --- | ---: | ---: |"]
    lines += [f"| {place} | {places[place]} | {places[place] / n:.3f} |" for place in REACH]
    within = places["null"] + places["statement"] + places["sentence"]
    lines.append(f"| ceiling (null, statement or its sentence) | {within} | {within / n:.3f} |")
    return "\n".join(lines)


def half_rows(sample: list[dict], half: str) -> list[dict]:
    """The rows of ``half`` (module docstring), in the sample's order."""
    if half == "all":
        return list(sample)
    ids = sorted(row["id"] for row in sample)
    chosen = set(ids[HALVES.index(half) :: 2])
    return [row for row in sample if row["id"] in chosen]


def table(figures: dict) -> str:
    """The README's table of the figures of ``score(...)["all"]``."""
    lines = ["| figure | rows | accuracy | rows answered | precision when answered |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for key, label in FIGURES.items():
        f = figures[key]
        precision = f"{f['precision']:.3f}" if f["precision"] is not None else "-"
        lines.append(f"| {label} | {f['n']} | {f['accuracy']:.3f} | {f['answered']} | {precision} |")
    return "\n".join(lines)


def _accuracy(pairs: list[tuple[object, object]]) -> dict:
    """Accuracy over ``(predicted, gold)`` pairs, and precision over the pairs with a prediction (not null)."""
    right = sum(p == g for p, g in pairs)
    answered = [(p, g) for p, g in pairs if p is not None]
    right_answered = sum(p == g for p, g in answered)
    return {"n": len(pairs), "correct": right, "accuracy": round(right / len(pairs), 4) if pairs else None,
            "answered": len(answered),
            "precision": round(right_answered / len(answered), 4) if answered else None}


def score(predictions: list[dict], gold: list[dict]) -> dict:
    """The four accuracies (module docstring), overall and per source."""
    by_id = {g["id"]: g for g in gold}
    missing = [p["id"] for p in predictions if p["id"] not in by_id]
    if missing:
        raise ValueError(f"{len(missing)} sample rows have no gold row, e.g. {missing[0]}")

    def figures(rows: list[dict]) -> dict:
        pairs = [(p, by_id[p["id"]]) for p in rows]
        return {
            "speaker_country": _accuracy([(p["speaker_country"], g["speaker_country"]) for p, g in pairs
                                          if g["speaker_country"] is not None]),
            "speaker_country_official": _accuracy([(p["speaker_country"], g["speaker_country"]) for p, g in pairs
                                                   if g["speaker_country"] is not None
                                                   and g["speaker_type"] in OFFICIAL_TYPES]),
            "speaker_type": _accuracy([(p["speaker_type"], g["speaker_type"]) for p, g in pairs
                                       if g["speaker_type"] is not None]),
            "target_country": _accuracy([(p["target_country"], g["target_country"]) for p, g in pairs]),
        }

    sources = Counter(p["id"].split("-", 1)[0] for p in predictions)
    return {"all": figures(predictions),
            **{source: figures([p for p in predictions if p["id"].startswith(source + "-")]) for source in sources}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR / "actors", help="folder of sample.jsonl, gold.jsonl")
    parser.add_argument("--errors", type=Path, help="write the rows where a prediction differs from gold (JSONL)")
    parser.add_argument("--half", choices=HALVES, default="all", help="score the dev or held-out half (default: all)")
    parser.add_argument("--no-tagger", action="store_true", help="find attributions by the quote rules alone, "
                        "without the attribution tagger (no torch needed; speakers of reported speech from the "
                        "rules of stance.reported only)")
    parser.add_argument("--reach", action="store_true", help="say where each gold target is named instead of "
                        "scoring predictions (module docstring)")
    args = parser.parse_args(argv)
    sample_path, gold_path = args.data / "sample.jsonl", args.data / "gold.jsonl"
    for path in (sample_path, gold_path):
        if not path.is_file():
            print(f"{path}: not found; the hand-checked set lives in data/actors/ (docs/actors.md)", file=sys.stderr)
            return 1
    sample = [json.loads(line) for line in sample_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = half_rows(sample, args.half)
    if args.reach:
        by_id = {g["id"]: g for g in gold}
        places = Counter(reach(row, by_id[row["id"]]["target_country"]) for row in tqdm(sample, disable=None))
        print(f"{args.half} ({len(sample)} statements):\n{reach_table(places)}")
        return 0
    tagger = None if args.no_tagger else default_tagger()
    predictions = [predict(row, tagger=tagger) for row in tqdm(sample, desc="statements", disable=None)]
    result = score(predictions, gold)
    print(json.dumps(result, indent=2))
    print(f"\n{args.half} ({len(sample)} statements):\n{table(result['all'])}")
    if args.errors:
        by_id = {g["id"]: g for g in gold}
        with args.errors.open("w", encoding="utf-8") as out:
            for p, row in zip(predictions, sample, strict=True):
                g = by_id[p["id"]]
                if (p["speaker_country"], p["speaker_type"], p["target_country"]) != (
                        g["speaker_country"], g["speaker_type"], g["target_country"]):
                    out.write(json.dumps({"text": row["text"], "predicted": p, "gold": g}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
