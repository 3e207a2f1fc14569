"""The distillation pool (no held-out document, no gold statement, no duplicate) and the student's loss."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

from stance.data.build import normalise
from stance.data.pool import POOL_FILE, build_pool, held_out_documents, meta_file, read_pool, write_pool
from stance.labels import LABELS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

import label_pool  # noqa: E402
import train  # noqa: E402


def test_labels_are_kept_only_from_the_same_teacher(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl.gz"
    assert label_pool.labelled_rows(path, "abc") == {}
    write_pool([{"id": "pool-000000", "text": "Talks resume.", "probs": [0.1, 0.2, 0.7]}], path)
    meta_file(path).write_text('{"teacher_sha256": "abc"}', encoding="utf-8")
    assert label_pool.labelled_rows(path, "abc") == {("pool-000000", "Talks resume."): [0.1, 0.2, 0.7]}
    with pytest.raises(SystemExit, match="another teacher"):
        label_pool.labelled_rows(path, "def")


def test_a_pool_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl.gz"
    write_pool([{"id": "pool-000000", "text": "Old.", "probs": [1, 0, 0]}], path)
    with pytest.raises(TypeError):
        write_pool([{"id": "pool-000000", "text": "New.", "probs": [0, 1, 0]}, {"not json": object()}], path)
    assert read_pool(path)[0]["text"] == "Old."


def test_the_pool_leaves_out_held_out_documents_gold_statements_and_duplicates() -> None:
    rows = [
        {"source": "mpqa", "doc_id": "a", "text": "The minister condemned the attack.", "kind": "sentence"},
        {"source": "mpqa", "doc_id": "b", "text": "The minister  condemned the attack!", "kind": "sentence"},
        {"source": "mpqa", "doc_id": "test-doc", "text": "We welcome the talks.", "kind": "quote"},
        {"source": "semeval23", "doc_id": "c", "text": "A gold statement.", "kind": "sentence"},
        {"source": "semeval23", "doc_id": "c", "text": "Talks resume on Monday.", "kind": "sentence"},
    ]
    pool = build_pool(rows, held_out={"mpqa/test-doc"}, gold_texts={normalise("A gold statement.")})
    assert [r["text"] for r in pool] == ["The minister condemned the attack.", "Talks resume on Monday."]
    assert [r["id"] for r in pool] == ["pool-000000", "pool-000001"]


def test_pool_files_round_trip_byte_for_byte(tmp_path: Path) -> None:
    rows = [{"id": "pool-000000", "text": "Ça va.", "probs": [0.2, 0.3, 0.5]}]
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    write_pool(rows, a), write_pool(rows, b)
    assert a.read_bytes() == b.read_bytes() and read_pool(a) == rows
    assert meta_file(a).name == "a.meta.json"
    with pytest.raises(FileNotFoundError, match="make teacher"):
        read_pool(tmp_path / "missing.jsonl.gz")


@pytest.mark.skipif(not POOL_FILE.is_file(), reason="no committed teacher pool yet (make teacher)")
def test_the_committed_pool_is_silver_outside_validation_and_test() -> None:
    import json

    meta = json.loads(meta_file(POOL_FILE).read_text(encoding="utf-8"))
    assert meta["kind"].startswith("silver") and meta["labels"] == list(LABELS)
    rows = read_pool()
    assert len(rows) == meta["rows"]
    held_out, gold_texts = held_out_documents()
    assert not [r for r in rows if f"{r['source']}/{r['doc_id']}" in held_out or normalise(r["text"]) in gold_texts]
    assert all(abs(sum(r["probs"]) - 1) < 2e-3 for r in rows)


def test_gold_rows_take_the_class_weighted_cross_entropy() -> None:
    logits = torch.tensor([[2.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    labels, weights = torch.tensor([0, 2]), torch.tensor([1.0, 0.5])
    class_weights = torch.tensor([1.0, 2.0, 3.0])
    loss = train.batch_loss(logits, labels, weights, torch.zeros(2, 3), class_weights, 2.0)
    ce = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
    w = weights * class_weights[labels]
    assert torch.isclose(loss, (ce * w).sum() / w.sum())


def test_pool_rows_learn_the_teachers_probabilities() -> None:
    logits = torch.tensor([[1.0, 0.0, -1.0]], requires_grad=True)
    labels, weights, class_weights = torch.tensor([-100]), torch.ones(1), torch.ones(3)
    same = torch.softmax(logits.detach(), dim=-1)
    assert train.batch_loss(logits, labels, weights, same, class_weights, 1.0).abs() < 1e-6
    other = torch.tensor([[0.1, 0.1, 0.8]])
    loss = train.batch_loss(logits, labels, weights, other, class_weights, 2.0)
    loss.backward()
    assert loss > 0 and logits.grad[0, 2] < 0  # the step raises the teacher's favourite


def test_the_pool_never_brings_a_held_out_document_or_a_known_statement_into_training(tmp_path: Path) -> None:
    from datasets import Dataset, DatasetDict

    def split(doc: str, text: str) -> Dataset:
        return Dataset.from_dict({"text": [text], "source": ["mpqa"], "doc_id": [doc]})

    dataset = DatasetDict({"train": split("a", "Gold train."), "validation": split("v", "Gold validation."),
                           "test": split("t", "Gold test.")})
    pool = [{"source": "mpqa", "doc_id": d, "text": t, "probs": [1 / 3] * 3}
            for d, t in (("t", "Other sentence of a test article."), ("a", "gold  TRAIN"), ("x", "Fine."))]
    write_pool(pool, tmp_path / "pool.jsonl.gz")
    settings = train.Settings(distill_pool=str(tmp_path / "pool.jsonl.gz"))
    assert [r["text"] for r in train.distillation_rows(dataset, settings)] == ["Fine."]
    assert train.distillation_rows(dataset, train.Settings(distill_pool="")) == []
