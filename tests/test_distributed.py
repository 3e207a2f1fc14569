"""stance.distributed on a local Ray instance of 2 CPUs: exact equality with classify, faults, malformed rows.

Equality is exact with the shipped model (the ONNX backend on CPU gives every statement the same probabilities
whatever batch it falls in); the tiny model runs on torch, whose results move in the last bits with the padding.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from stance import Classifier, analyze  # noqa: E402
from stance.analysis import RESULT_FIELDS  # noqa: E402
from stance.distributed import CRASH_ONCE_ENV, ERROR_COLUMN, analyze_dataset, classify_dataset  # noqa: E402
from stance.labels import LABELS  # noqa: E402
from stance.paths import ANNOTATIONS_DIR  # noqa: E402

from conftest import requires_shipped_model  # noqa: E402

SEED_ARTICLE = Path(__file__).parent / "fixtures" / "seed_quotes.txt"


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory: pytest.TempPathFactory):
    """A local Ray instance whose workers die once on their first batch if the crash marker file is missing."""
    crash_dir = tmp_path_factory.mktemp("ray-crash")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {CRASH_ONCE_ENV: str(crash_dir / "crashed")}})
    (crash_dir / "crashed").touch()  # no crash unless a test removes the marker
    yield crash_dir / "crashed"
    ray.shutdown()


def gold_texts(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ANNOTATIONS_DIR / "gold.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows[:n]]


def assert_rows_equal_classify(rows: list[dict], texts: list[str], classifier: Classifier, *, tol: float = 0) -> None:
    """Every id once, each row with the label and probabilities of ``classify`` (equal, or within ``tol``)."""
    assert sorted(r["id"] for r in rows) == list(range(len(texts))), "no row lost, none duplicated"
    expected = classifier.classify(texts)
    for row in rows:
        prediction = expected[row["id"]]
        assert row["text"] == texts[row["id"]]
        assert row["label"] == prediction.label
        got = [row[f"p_{label}"] for label in LABELS]
        want = [prediction.scores[label] for label in LABELS]
        assert got == want if tol == 0 else max(abs(g - w) for g, w in zip(got, want)) <= tol


@requires_shipped_model
def test_classify_dataset_equals_classify_on_2000_statements(local_ray: Path) -> None:
    texts = gold_texts(2000)
    ds = ray.data.from_items([{"id": i, "text": t, "source": "gold"} for i, t in enumerate(texts)])
    rows = classify_dataset(ds, concurrency=2).take_all()
    assert_rows_equal_classify(rows, texts, Classifier.load(device="cpu"))
    assert all(row["source"] == "gold" for row in rows), "the input columns are kept"


@requires_shipped_model
def test_a_worker_that_dies_is_replaced_and_the_output_stays_exact(local_ray: Path) -> None:
    texts = gold_texts(600)
    ds = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)], override_num_blocks=12)
    local_ray.unlink()  # the first worker to take a batch exits abruptly
    rows = classify_dataset(ds, batch_size=50, concurrency=2).take_all()
    assert local_ray.exists(), "a worker crashed"
    assert_rows_equal_classify(rows, texts, Classifier.load(device="cpu"))


BAD_ROWS = [{"id": 0, "text": "We welcome the agreement."}, {"id": 1, "text": ""}, {"id": 2, "text": None},
            {"id": 3, "text": "   "}, {"id": 4, "text": "They will pay a heavy price."}]


def test_malformed_rows_are_reported_with_their_id_and_the_others_classified(
    local_ray: Path, tiny_model_dir: Path
) -> None:
    ds = ray.data.from_items(BAD_ROWS)
    rows = {r["id"]: r for r in classify_dataset(ds, model=tiny_model_dir, on_error="report", concurrency=1).take_all()}
    assert sorted(rows) == [0, 1, 2, 3, 4]
    for good in (0, 4):
        assert rows[good][ERROR_COLUMN] is None and rows[good]["label"] in LABELS
    for bad, problem in ((1, "empty"), (2, "missing"), (3, "empty")):
        assert rows[bad]["label"] is None and rows[bad]["p_hostile"] is None
        assert f"id={bad}" in rows[bad][ERROR_COLUMN] and problem in rows[bad][ERROR_COLUMN]


def test_a_malformed_row_fails_the_job_by_default_naming_its_id(local_ray: Path, tiny_model_dir: Path) -> None:
    ds = ray.data.from_items(BAD_ROWS)
    with pytest.raises(Exception, match=r"row id=1: 'text' is empty") as caught:
        classify_dataset(ds, model=tiny_model_dir, concurrency=1).take_all()
    assert "on_error='report'" in str(caught.value)


def test_bad_arguments_fail_before_any_worker_starts(local_ray: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    ds = ray.data.from_items([{"id": 0, "body": "text"}])
    with pytest.raises(ValueError, match="no column 'text'; its columns: id, body"):
        classify_dataset(ds, model=tiny_model_dir)
    with pytest.raises(ValueError, match="unsupported on_error 'skip'; use one of: raise, report"):
        classify_dataset(ds, text_column="body", model=tiny_model_dir, on_error="skip")
    with pytest.raises(OSError, match=f"no config.json in model directory {tmp_path}"):
        classify_dataset(ds, text_column="body", model=tmp_path)


@requires_shipped_model
def test_analyze_dataset_equals_analyze_article_by_article(local_ray: Path) -> None:
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    articles = [{"id": f"a{i}", "text": article[: len(article) * (i + 1) // 4], "date": "2018-08-13"} for i in range(4)]
    articles.append({"id": "no-quotes", "text": "Nothing was said.", "date": None})
    rows = analyze_dataset(ray.data.from_items(articles), concurrency=1).take_all()
    classifier = Classifier.load(device="cpu")
    expected = [s.to_row(date=a["date"])._asdict() for a in articles
                for s in analyze(a["text"], source=a["id"], date=a["date"], classifier=classifier)]
    assert expected, "the seed article has quotes"
    key = lambda row: (row["article"], row["start"])  # noqa: E731
    assert sorted(rows, key=key) == sorted(expected, key=key)
    assert set(rows[0]) == set(RESULT_FIELDS)


def run_cli(*args: str, address: str) -> subprocess.CompletedProcess:
    """``stance ARGS`` in a fresh process joined to the test's Ray instance (as ``RAY_ADDRESS`` would)."""
    return subprocess.run([sys.executable, "-m", "stance", *args, "--engine", "ray", "--address", address],
                          capture_output=True, text=True, timeout=300)


@requires_shipped_model
def test_cli_classify_on_ray_writes_every_row_in_input_order(local_ray: Path, tmp_path: Path) -> None:
    texts = gold_texts(300)
    source = tmp_path / "quotes.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    done = run_cli("classify", "--input", str(source), "--output", str(tmp_path / "out"),
                   address=ray.get_runtime_context().gcs_address)
    assert done.returncode == 0, done.stderr
    rows = ray.data.read_json(str(tmp_path / "out")).take_all()
    assert [r["id"] for r in rows] == list(range(len(texts)))
    assert_rows_equal_classify(rows, texts, Classifier.load(device="cpu"), tol=1e-14)  # JSON keeps 15 digits


@requires_shipped_model
def test_cli_analyze_on_ray_reads_and_writes_parquet(local_ray: Path, tmp_path: Path) -> None:
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    ray.data.from_items([{"id": "seed", "text": article}]).write_parquet(str(tmp_path / "articles.parquet"))
    done = run_cli("analyze", str(tmp_path / "articles.parquet"), "--output", str(tmp_path / "out.parquet"),
                   address=ray.get_runtime_context().gcs_address)
    assert done.returncode == 0, done.stderr
    rows = ray.data.read_parquet(str(tmp_path / "out.parquet")).take_all()
    expected = [s.to_row()._asdict() for s in analyze(article, source="seed", classifier=Classifier.load(device="cpu"))]
    assert rows == expected


def test_cli_on_ray_stops_on_a_malformed_row_with_one_line_naming_it(local_ray: Path, tiny_model_dir: Path,
                                                                      tmp_path: Path) -> None:
    source = tmp_path / "quotes.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in BAD_ROWS))
    done = run_cli("classify", "--input", str(source), "--output", str(tmp_path / "out"), "--model",
                   str(tiny_model_dir), address=ray.get_runtime_context().gcs_address)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("stance: error: row id=1: 'text' is empty")
