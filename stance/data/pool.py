"""The distillation pool: unlabelled statements for the teacher to label (``make teacher``).

Every statement the data module can extract from ``../shared/corpora``: the candidates of
:func:`stance.data.candidates.candidates_from` (direct quotes and reported sentences) and every other sentence
of 5 to 70 words of the MPQA, SemEval and seed articles and of the PolNeAR train and dev articles, plus the UN
document sentences (quad-class and no-event files; their upstream labels are not kept). Rows are deduplicated on
normalised text, and a row is left out when its article (or UN sentence) belongs to the validation or test split
of the data build, or when its text is a gold statement. The teacher's probabilities for these rows are *silver*:
``training/label_pool.py`` writes them to ``POOL_FILE`` with the teacher's fingerprint.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from stance.data.build import load_config, normalise, split_documents
from stance.data.candidates import (
    MAX_WORDS, MIN_WORDS, _sentence_spans, candidates_from, international_documents, other_documents,
)
from stance.data.corpora import Document, read_polnear, read_un_irrelevant, read_un_quadclass
from stance.data.records import read_records
from stance.paths import DATA_CONFIG, DATA_DIR, SILVER_DIR

POOL_FILE = SILVER_DIR / "teacher_pool.jsonl.gz"  # silver: teacher probabilities, one row a statement


def documents() -> Iterator[Document]:
    """Every article the pool reads: seed, MPQA, all SemEval, PolNeAR train and dev."""
    yield from international_documents()
    yield from other_documents()
    for split in ("train", "dev"):
        for article in read_polnear(split):
            yield Document("polnear", f"{split}/{article.doc_id}", article.text)


def statements_of(doc: Document) -> Iterator[dict]:
    """The candidates of an article, then its other sentences of ``MIN_WORDS`` to ``MAX_WORDS`` words."""
    spans = set()
    for cand in candidates_from(doc):
        spans.add((cand["start"], cand["end"]))
        yield {"source": doc.source, "doc_id": doc.doc_id, "text": cand["text"], "kind": cand["kind"]}
    for start, end in _sentence_spans(doc.text):
        text = doc.text[start:end]
        if (start, end) not in spans and MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            yield {"source": doc.source, "doc_id": doc.doc_id, "text": text, "kind": "sentence"}


def un_sentences() -> Iterator[dict]:
    for sentence in (*read_un_quadclass(), *read_un_irrelevant()):
        yield {"source": sentence.source, "doc_id": sentence.doc_id, "text": sentence.text, "kind": "un_sentence"}


def held_out_documents(config_path: Path = DATA_CONFIG, data_dir: Path = DATA_DIR) -> tuple[set[str], set[str]]:
    """``source/doc_id`` of every validation and test document, and the normalised text of every gold row."""
    config = load_config(config_path)
    gold = read_records(data_dir / config["sources"]["gold"]["file"])
    assignment = split_documents(gold, config["split_fractions"], config["seed"])
    return {doc for doc, split in assignment.items() if split != "train"}, {normalise(r["text"]) for r in gold}


def build_pool(rows: Iterable[dict], *, held_out: set[str], gold_texts: set[str]) -> list[dict]:
    """Deduplicated pool rows with an ``id``, less held-out documents and gold statements."""
    seen = set(gold_texts)
    pool = []
    for row in rows:
        key = normalise(row["text"])
        if f"{row['source']}/{row['doc_id']}" in held_out or not key or key in seen:
            continue
        seen.add(key)
        pool.append({"id": f"pool-{len(pool):06d}", **row})
    return pool


def collect() -> list[dict]:
    """The whole pool, read from the corpora."""
    held_out, gold_texts = held_out_documents()
    rows = (row for doc in documents() for row in statements_of(doc))
    return build_pool((*rows, *un_sentences()), held_out=held_out, gold_texts=gold_texts)


def write_pool(rows: Iterable[dict], path: Path = POOL_FILE) -> int:
    """Write pool rows as gzipped JSONL; the same rows give the same bytes (no name or time in the header). The
    file is written beside ``path`` and then renamed, so a failed run leaves the old one whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("wb") as f, gzip.GzipFile(filename="", fileobj=f, mode="wb", mtime=0) as raw:
        for count, row in enumerate(rows, start=1):
            raw.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    tmp.replace(path)
    return count


def meta_file(pool_file: Path) -> Path:
    """The sidecar of a pool file: the teacher's fingerprint, metrics and command (``teacher_pool.meta.json``)."""
    return pool_file.with_name(pool_file.name.removesuffix(".jsonl.gz") + ".meta.json")


def read_pool(path: Path = POOL_FILE) -> list[dict]:
    """Pool rows with teacher probabilities; a missing file says how to make it."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no distillation pool at {path}: run `make teacher`, or set distill_pool to ''")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
