"""Convert the reusable labelled corpora and the silver rule labels into the project's record format.

Reads ``../shared/corpora`` (see ``stance.paths.corpora_dir``) and writes, for ``make data`` to use later
without the corpora:

* ``data/reused/un_quadclass.jsonl`` — UN sentences, quad class mapped to stance (upstream annotators);
* ``data/reused/un_irrelevant.jsonl`` — UN sentences judged to describe no event, as neutral;
* ``data/reused/plover.jsonl`` — PLOVER gold-standard records (hostile / conciliatory only);
* ``data/silver/cameo_pool.jsonl`` — SILVER: the CAMEO/Goldstein rule labeller's labels for candidate
  statements that were not drawn for annotation (only those where a CAMEO pattern matched).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from stance.data.candidates import POOL_FILE, SAMPLE_FILE
from stance.data.corpora import LabelledSentence, read_plover, read_un_irrelevant, read_un_quadclass
from stance.data.records import write_records
from stance.data.silver import ANNOTATOR as SILVER_ANNOTATOR
from stance.data.silver import CameoLabeller
from stance.paths import REUSED_DIR, SILVER_DIR

UPSTREAM_ANNOTATORS = {
    "un_quadclass": "upstream:keep_it_local (2-4 annotators, CAMEO quad class)",
    "un_binary": "upstream:keep_it_local (relevance annotation)",
    "plover_gsr": "upstream:PLOVER gold standard (Parus Analytics)",
}


def reused_records(sentences: Iterable[LabelledSentence]) -> Iterator[dict]:
    for s in sentences:
        yield {
            "id": f"{s.source}:{s.doc_id}", "source": s.source, "doc_id": s.doc_id, "start": s.start,
            "end": s.end, "speaker": None, "text": s.text, "label": s.label,
            "annotator": UPSTREAM_ANNOTATORS[s.source], "notes": f"upstream label {s.original}",
        }


def silver_records(labeller: CameoLabeller) -> Iterator[dict]:
    """Rule labels for pool candidates outside the annotation sample, where the rule matched anything."""
    drawn = {json.loads(line)["id"] for line in SAMPLE_FILE.open(encoding="utf-8")}
    for line in POOL_FILE.open(encoding="utf-8"):
        cand = json.loads(line)
        score = labeller.score(cand["text"])
        if cand["id"] in drawn or score is None:
            continue
        yield {
            "id": cand["id"], "source": cand["source"], "doc_id": cand["doc_id"], "start": cand["start"],
            "end": cand["end"], "speaker": cand["speaker"], "text": cand["text"],
            "label": labeller.label(cand["text"]), "annotator": SILVER_ANNOTATOR,
            "notes": f"SILVER (rule label, not gold); goldstein={score:.2f}",
        }


def main() -> None:
    outputs = {
        REUSED_DIR / "un_quadclass.jsonl": reused_records(read_un_quadclass()),
        REUSED_DIR / "un_irrelevant.jsonl": reused_records(read_un_irrelevant()),
        REUSED_DIR / "plover.jsonl": reused_records(read_plover()),
        SILVER_DIR / "cameo_pool.jsonl": silver_records(CameoLabeller()),
    }
    for path, rows in outputs.items():
        print(f"{write_records(rows, path)} records -> {path}")


if __name__ == "__main__":
    main()
