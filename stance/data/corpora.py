"""Readers for the raw corpora in ``../shared/corpora`` (see ``stance.paths.corpora_dir``).

One small reader per source. Labelled sets yield :class:`LabelledSentence`, article sets yield
:class:`Document`; both keep provenance (source, document id, character offsets). A missing corpus
raises :class:`CorpusNotFoundError` naming the path and the ``STANCE_CORPORA`` override.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from stance.paths import corpora_dir

UN_QUAD_FILE = "un_quadclass/en_annotations_quad_multiclass.tsv"
UN_BINARY_FILE = "un_quadclass/en_annotations_binary_complete.tsv"
PLOVER_FILE = "plover_gsr/PLOVER_GSR_CAMEO.json"
MPQA_DIR = "mpqa_world_press/raw"
SEMEVAL_DIR = "semeval23_t3_en"
SEED_FILE = "seed/khamenei_no_negotiations.txt"
POLNEAR_DIR = "polnear"

#: QuadClass value -> stance label, in the verified order of ``shared/README.md``.
UN_QUAD_LABELS = {0: "neutral", 1: "hostile", 2: "conciliatory", 3: "hostile", 4: "conciliatory"}
PLOVER_CONCILIATORY = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
PLOVER_HOSTILE = frozenset(
    {"DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT", "FIGHT"}
)


class CorpusNotFoundError(FileNotFoundError):
    """A corpus file or folder is not where the project looks for it."""


class LabelledSentence(NamedTuple):
    source: str
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    original: str  # the label as the source gives it (QuadClass value, PLOVER event type, ...)


class Document(NamedTuple):
    source: str
    doc_id: str
    text: str
    date: str | None = None


class Span(NamedTuple):
    fragments: tuple[tuple[int, int], ...]  # character offsets; a discontinuous span has several
    text: str  # the fragments' text joined by a space

    @property
    def start(self) -> int:
        return self.fragments[0][0]


class Attribution(NamedTuple):
    source: Span | None
    cue: Span | None
    content: Span


class AttributedDocument(NamedTuple):
    doc_id: str
    text: str
    attributions: list[Attribution]


def corpus_path(relative: str, root: Path | None = None) -> Path:
    """Absolute path of a corpus file or folder; raises :class:`CorpusNotFoundError` if it is missing."""
    path = (root or corpora_dir()) / relative
    if not path.exists():
        raise CorpusNotFoundError(
            f"corpus not found: {path}. Put the shared corpora at ../shared/corpora beside the repository "
            "or point STANCE_CORPORA at the folder that holds them."
        )
    return path


def read_un_quadclass(root: Path | None = None) -> Iterator[LabelledSentence]:
    """UN sentences with a CAMEO quad class, mapped to stance labels."""
    path = corpus_path(UN_QUAD_FILE, root)
    with path.open(encoding="utf-8", newline="") as f:
        for line_no, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            text = row["en"].strip().strip('"').strip()
            yield LabelledSentence(
                "un_quadclass", f"quad:{line_no}", 0, len(text), text,
                UN_QUAD_LABELS[int(row["QuadClass"])], row["QuadClass"],
            )


def read_un_irrelevant(root: Path | None = None) -> Iterator[LabelledSentence]:
    """UN sentences judged to describe no event (``Relevant == 0``), labelled neutral."""
    path = corpus_path(UN_BINARY_FILE, root)
    with path.open(encoding="utf-8", newline="") as f:
        for line_no, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if row["Relevant"].strip() != "0":
                continue
            text = row["en"].strip().strip('"').strip()
            yield LabelledSentence("un_binary", f"binary:{line_no}", 0, len(text), text, "neutral", "0")


def read_plover(root: Path | None = None) -> Iterator[LabelledSentence]:
    """PLOVER gold-standard records; INVESTIGATE (context-dependent) and documentation records are skipped."""
    records = json.loads(corpus_path(PLOVER_FILE, root).read_text(encoding="utf-8"))
    for record in records:
        event, text = record.get("event"), record.get("text", "").strip()
        if event in PLOVER_CONCILIATORY:
            label = "conciliatory"
        elif event in PLOVER_HOSTILE:
            label = "hostile"
        else:
            continue
        yield LabelledSentence("plover_gsr", record["id"], 0, len(text), text, label, event)


def read_mpqa(root: Path | None = None) -> Iterator[Document]:
    """MPQA world-press articles, one per file; the folder name is the date (YYYYMMDD)."""
    base = corpus_path(MPQA_DIR, root)
    for path in sorted(base.glob("*/*")):
        folder = path.parent.name
        yield Document("mpqa", f"{folder}/{path.name}", path.read_text(encoding="utf-8"),
                       f"{folder[:4]}-{folder[4:6]}-{folder[6:8]}")


def read_semeval(root: Path | None = None) -> Iterator[Document]:
    """SemEval-2023 Task 3 articles, paragraphs regrouped by article id in line order."""
    base = corpus_path(SEMEVAL_DIR, root)
    for path in sorted(base.glob("*.template")):
        paragraphs: dict[str, list[tuple[int, str]]] = defaultdict(list)
        with path.open(encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 3 and parts[1].isdigit():
                    paragraphs[parts[0]].append((int(parts[1]), parts[2]))
        for article_id, rows in paragraphs.items():
            yield Document("semeval23", article_id, "\n\n".join(p for _, p in sorted(rows)))


def read_seed(root: Path | None = None) -> Document:
    """The article the project started from (Khamenei rejects negotiations with the US, 2018)."""
    return Document("seed", "khamenei_no_negotiations", corpus_path(SEED_FILE, root).read_text(encoding="utf-8"),
                    "2018-08-13")


def read_polnear(split: str = "dev", root: Path | None = None) -> Iterator[AttributedDocument]:
    """PolNeAR articles with their gold attribution relations (Source, Cue, Content spans).

    Annotation files are named ``<article>_<annotator>.ann``; an article annotated twice is read once, from
    its first file in name order.
    """
    if split not in ("train", "dev"):
        raise ValueError(f"unknown PolNeAR split {split!r}; supported: 'train', 'dev' (the test split is withheld)")
    base = corpus_path(f"{POLNEAR_DIR}/{split}", root)
    first_file: dict[str, Path] = {}
    for ann_path in sorted((base / "attributions").glob("*.ann")):
        first_file.setdefault(ann_path.stem.rsplit("_", 1)[0], ann_path)
    for article, ann_path in sorted(first_file.items()):
        text = (base / "text" / f"{article}.txt").read_text(encoding="utf-8")
        spans: dict[str, Span] = {}
        relations: list[dict[str, str]] = []
        for line in ann_path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T") and len(fields) >= 2:
                offsets = fields[1].split(" ", 1)[1]
                fragments = tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))
                spans[fields[0]] = Span(fragments, " ".join(text[a:b] for a, b in fragments))
            elif line.startswith("E") and len(fields) >= 2:
                relations.append(dict(part.split(":", 1) for part in fields[1].split() if ":" in part))
        attributions = [
            Attribution(spans.get(rel.get("Source", "")), spans.get(rel.get("Cue", "")), spans[rel["Content"]])
            for rel in relations if rel.get("Content") in spans
        ]
        yield AttributedDocument(article, text, attributions)
