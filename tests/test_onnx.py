"""The ONNX backends: export, parity with torch, backend selection, errors, and the bench script's output.

Parity on the tiny random model always; on the shipped model and the gold test split when both exist (issue 5:
labels agree on >= 99 % of statements, probabilities within 0.02, macro-F1 at most 0.01 lower). The opt-in int8
model does not meet the first two bounds on the shipped model; its test records how far it is and holds macro-F1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import SEED_HOSTILE, STATEMENTS, TINY_WINDOW, check_classify_iter_is_lazy

import stance.classifier
from stance.classifier import Classifier, ModelError, TruncationWarning
from stance.cli import main
from stance.onnx_backend import FINGERPRINT_KEY, ONNX_FILE, ONNX_INT8_FILE, OnnxModel, export
from stance.paths import DATASET_DIR, MODEL_DIR, REPO_DIR

pytest.importorskip("onnxruntime")

TEXTS = STATEMENTS * 6  # 48 texts of mixed lengths: several batches, and several chunks at small batch sizes


@pytest.fixture(scope="session")
def onnx_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tiny model with both ONNX exports."""
    folder = Path(shutil.copytree(tiny_model_dir, tmp_path_factory.mktemp("onnx") / "model"))
    assert export(folder, int8=True) == [folder / ONNX_FILE, folder / ONNX_INT8_FILE]
    return folder


@pytest.fixture(scope="session")
def fast(onnx_dir: Path) -> Classifier:
    return Classifier.load(onnx_dir, backend="onnx")


@pytest.fixture(scope="session")
def int8(onnx_dir: Path) -> Classifier:
    return Classifier.load(onnx_dir, backend="onnx-int8")


@pytest.fixture(scope="session")
def reference(onnx_dir: Path) -> Classifier:
    return Classifier.load(onnx_dir, backend="torch", device="cpu")


# --- export -----------------------------------------------------------------------------------------------------


def test_export_writes_a_graph_that_reads_the_weights_file(onnx_dir):
    import onnx

    path = onnx_dir / ONNX_FILE
    model = onnx.load(path, load_external_data=False)
    graph = model.graph
    external = [t for t in graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    locations = {entry.value for t in external for entry in t.external_data if entry.key == "location"}
    assert locations == {"model.safetensors"}
    inline = [t for t in graph.initializer if t.data_location != onnx.TensorProto.EXTERNAL]
    assert not [t.name for t in inline if t.data_type == onnx.TensorProto.FLOAT and np.prod(t.dims) > 1]
    assert {t.name for t in external} >= {
        "model.bert.embeddings.word_embeddings.weight::stored",
        "model.classifier.bias::stored",
    }  # (identical tensors, such as the freshly initialised layer norms of the tiny model, are stored once)
    assert [i.name for i in graph.input] == ["input_ids", "token_type_ids", "attention_mask"]
    for tensor in graph.input:
        assert [d.dim_param for d in tensor.type.tensor_type.shape.dim] == ["batch", "sequence"]  # dynamic axes
    assert [o.name for o in graph.output] == ["logits"]
    assert {p.key for p in model.metadata_props} == {FINGERPRINT_KEY}
    assert not list(onnx_dir.glob("*.tmp"))  # written atomically


def test_export_int8(onnx_dir):
    import onnx

    graph = onnx.load(onnx_dir / ONNX_INT8_FILE).graph
    ops = Counter(node.op_type for node in graph.node)
    assert ops["MatMulInteger"] >= 2 * 6  # every linear layer of both tiny layers runs in int8
    assert all(t.data_location != onnx.TensorProto.EXTERNAL for t in graph.initializer)  # self-contained


def test_export_onnx_command(tiny_model_dir, tmp_path, capsys):
    folder = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    assert main(["export-onnx", "--model", str(folder)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {folder / ONNX_FILE} (")
    assert not (folder / ONNX_INT8_FILE).exists()
    assert Classifier.load(folder, device="cpu").backend == "onnx"


def test_export_onnx_command_without_a_model(tmp_path, capsys):
    assert main(["export-onnx", "--model", str(tmp_path / "none")]) == 1
    assert f"no model weights (model.safetensors) in {tmp_path / 'none'}" in capsys.readouterr().err


# --- parity with torch ------------------------------------------------------------------------------------------


def test_onnx_agrees_with_torch(fast, int8, reference):
    want = reference.predict_proba(TEXTS)
    got = fast.predict_proba(TEXTS)
    assert (got.argmax(axis=1) == want.argmax(axis=1)).all()
    np.testing.assert_allclose(got, want, atol=1e-5)  # the same weights in fp32: only rounding differs
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-12)
    approximate = int8.predict_proba(TEXTS)
    assert (approximate.argmax(axis=1) == want.argmax(axis=1)).all()
    np.testing.assert_allclose(approximate, want, atol=0.05)


def test_tokenization_without_transformers_matches_the_hugging_face_tokenizer(fast, reference):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(fast.model.name_or_path)
    texts = [*STATEMENTS, "Ünïcödé, emoji 🙂 and 中文 too", "war " * 200]
    want = tokenizer(texts, padding=True, truncation=True, max_length=TINY_WINDOW, return_tensors="np")
    for classifier in (fast, reference):  # tokenizer.json read directly / the tokenizer's Rust backend
        batch, truncated = classifier._encode(texts)
        assert list(batch) == ["input_ids", "token_type_ids", "attention_mask"]
        for name, array in batch.items():
            np.testing.assert_array_equal(array, want[name])
        assert truncated == [len(texts) - 1]
    fallback = stance.classifier._PretrainedEncoder(tokenizer, TINY_WINDOW)  # tokenizers without a Rust backend
    batch, truncated = fallback(texts)
    for name, array in batch.items():
        np.testing.assert_array_equal(array, want[name])
    assert truncated == [len(texts) - 1]


def test_batch_results_equal_one_at_a_time(fast, int8):
    batched = fast.predict_proba(TEXTS, batch_size=8)
    singles = np.array([fast.predict_proba(text) for text in TEXTS])
    np.testing.assert_allclose(batched, singles, atol=1e-5)
    # int8 quantises activations per batch, so batch-mates move a text's probabilities, but only slightly
    batched = int8.predict_proba(TEXTS, batch_size=8)
    singles = np.array([int8.predict_proba(text) for text in TEXTS])
    assert (batched.argmax(axis=1) == singles.argmax(axis=1)).all()
    np.testing.assert_allclose(batched, singles, atol=0.02)


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_same_input_same_output(onnx_dir, backend):
    classifier = Classifier.load(onnx_dir, backend=backend)
    first = classifier.classify(TEXTS, batch_size=5)
    assert classifier.classify(TEXTS, batch_size=5) == first
    assert Classifier.load(onnx_dir, backend=backend).classify(TEXTS, batch_size=5) == first


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_classify_iter_is_lazy_and_matches_classify(onnx_dir, backend):
    check_classify_iter_is_lazy(Classifier.load(onnx_dir, backend=backend))


def test_truncation_warns_as_with_torch(fast):
    too_long = "war " * 300
    warning = rf"1 text\(s\) exceed the model's {TINY_WINDOW}-token window.*texts\[2\]"
    with pytest.warns(TruncationWarning, match=warning):
        got = fast.classify(["short", "also short", too_long])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fits = fast.classify("war " * (TINY_WINDOW - 2))
    assert got[2].label == fits.label


def test_tokenizing_ahead_gives_the_same_results(onnx_dir, reference):
    """The CUDA path tokenizes the next batch in a thread while the current one runs; check that logic on the CPU."""
    ahead = Classifier.load(onnx_dir, backend="torch", device="cpu")
    ahead._prefetch = True
    assert ahead.classify(TEXTS, batch_size=3) == reference.classify(TEXTS, batch_size=3)


# --- backend selection ------------------------------------------------------------------------------------------


def test_auto_picks_onnx_on_the_cpu_when_the_file_exists(onnx_dir, tiny_model_dir, monkeypatch):
    assert Classifier.load(onnx_dir, device="cpu").backend == "onnx"
    assert Classifier.load(tiny_model_dir, device="cpu").backend == "torch"  # no ONNX file
    assert Classifier.load(onnx_dir, device="cpu", backend="torch").backend == "torch"
    assert Classifier.load(onnx_dir, device="cpu", backend="onnx-int8").backend == "onnx-int8"  # only when asked
    monkeypatch.setattr(stance.classifier, "onnxruntime_available", lambda: False)
    assert Classifier.load(onnx_dir, device="cpu").backend == "torch"


def test_an_export_of_other_weights_is_refused(onnx_dir, tmp_path):
    from transformers import AutoModelForSequenceClassification

    folder = Path(shutil.copytree(onnx_dir, tmp_path / "model"))
    retrained = AutoModelForSequenceClassification.from_pretrained(folder)
    retrained.classifier.bias.data += 1.0
    retrained.save_pretrained(folder)  # as `make train` would: new weights, the old ONNX files stay
    for backend, file in (("onnx", ONNX_FILE), ("onnx-int8", ONNX_INT8_FILE)):
        with pytest.raises(ModelError, match=rf"{folder / file} was exported from other weights.*stance export-onnx"):
            Classifier.load(folder, backend=backend)
    with pytest.warns(UserWarning, match="exported from other weights.*using torch meanwhile"):
        assert Classifier.load(folder, device="cpu").backend == "torch"


def test_onnx_backend_attributes(fast, onnx_dir):
    assert isinstance(fast.model, OnnxModel)
    assert fast.device.type == "cpu"
    assert fast.max_length == TINY_WINDOW
    assert repr(fast) == f"Classifier(model='{onnx_dir}', device='cpu', backend='onnx')"
    assert fast.classify(SEED_HOSTILE).label in stance.LABELS


def test_onnx_backend_loads_without_torch_or_transformers(onnx_dir):
    code = (
        "import sys; from stance.classifier import Classifier; "
        f"c = Classifier.load({str(onnx_dir)!r}); p = c.classify({SEED_HOSTILE!r}); "
        "assert c.backend == 'onnx', c; "
        "assert not {'torch', 'transformers'} & set(sys.modules), 'heavy modules imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- errors -----------------------------------------------------------------------------------------------------


def test_onnx_requested_without_the_file(tiny_model_dir):
    with pytest.raises(ModelError, match=rf"no ONNX model \({ONNX_FILE}\) in {tiny_model_dir}; .*stance export-onnx"):
        Classifier.load(tiny_model_dir, backend="onnx")
    with pytest.raises(ModelError, match=rf"no ONNX model \({ONNX_INT8_FILE}\) in .*`stance export-onnx --int8"):
        Classifier.load(tiny_model_dir, backend="onnx-int8")


def test_onnx_requested_without_onnxruntime(onnx_dir, monkeypatch):
    monkeypatch.setattr(stance.classifier, "onnxruntime_available", lambda: False)
    with pytest.raises(RuntimeError, match=r"backend='onnx' needs onnxruntime.*pip install 'stance\[onnx\]'"):
        Classifier.load(onnx_dir, backend="onnx")


def test_bad_backend_and_device_combinations(onnx_dir):
    with pytest.raises(ValueError, match="unsupported backend 'tpu'; use 'auto', 'torch', 'onnx' or 'onnx-int8'"):
        Classifier.load(onnx_dir, backend="tpu")
    for backend in ("onnx", "onnx-int8"):
        with pytest.raises(ValueError, match="the ONNX backends run on the CPU only, not 'cuda'"):
            Classifier.load(onnx_dir, backend=backend, device="cuda")
    with pytest.raises(ValueError, match="unsupported device 'tpu'"):
        Classifier.load(onnx_dir, backend="onnx", device="tpu")


def test_corrupt_onnx_file(onnx_dir, tmp_path):
    folder = Path(shutil.copytree(onnx_dir, tmp_path / "model"))
    (folder / ONNX_FILE).write_bytes(b"not a model")
    with pytest.raises(ModelError, match=rf"cannot load the ONNX model in {folder} "):
        Classifier.load(folder, backend="onnx")


def test_wrong_labels_in_config(onnx_dir, tmp_path):
    folder = Path(shutil.copytree(onnx_dir, tmp_path / "model"))
    config = json.loads((folder / "config.json").read_text())
    config["id2label"] = {"0": "neutral", "1": "conciliatory", "2": "hostile"}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match=rf"the model's labels .* are not .* in {folder}"):
        Classifier.load(folder, backend="onnx")


# --- the shipped model on the gold test split ---------------------------------------------------------------------

requires_shipped_onnx = pytest.mark.skipif(
    not ((MODEL_DIR / "model.safetensors").is_file() and (MODEL_DIR / ONNX_FILE).is_file()),
    reason=f"no trained model with {ONNX_FILE} in {MODEL_DIR} yet (`make train`, then `make export-onnx`)",
)


@pytest.fixture(scope="module")
def gold_test() -> tuple[list[str], np.ndarray]:
    """Texts and labels of the gold test split (``make data``; built here when it is missing)."""
    if (DATASET_DIR / "dataset_dict.json").is_file():
        from datasets import load_from_disk

        test = load_from_disk(str(DATASET_DIR))["test"]
    else:
        from stance.data.build import build, load_config

        test = build(load_config())["test"]
    return list(test["text"]), np.array(test["label"])


@pytest.fixture(scope="module")
def shipped_torch(gold_test) -> np.ndarray:
    return Classifier.load(MODEL_DIR, backend="torch", device="cpu").predict_proba(gold_test[0])


def parity(probabilities: np.ndarray, reference: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    return {
        "agreement": float((probabilities.argmax(axis=1) == reference.argmax(axis=1)).mean()),
        "largest_difference": float(np.abs(probabilities - reference).max()),
        "macro_f1": float(f1_score(gold, probabilities.argmax(axis=1), average="macro")),
        "macro_f1_torch": float(f1_score(gold, reference.argmax(axis=1), average="macro")),
    }


@requires_shipped_onnx
def test_shipped_onnx_model_keeps_the_quality_of_torch(gold_test, shipped_torch):
    texts, gold = gold_test
    fast = Classifier.load(MODEL_DIR, backend="onnx")  # after `make train` without `make export-onnx`: ModelError
    assert Classifier.load(MODEL_DIR, device="cpu").backend == "onnx"  # the default on the CPU
    found = parity(fast.predict_proba(texts), shipped_torch, gold)
    print(f"\nonnx vs torch on {len(texts)} gold test statements: {found}")
    assert found["agreement"] >= 0.99
    assert found["largest_difference"] <= 0.02
    assert found["macro_f1"] >= found["macro_f1_torch"] - 0.01
    assert list(fast.classify_iter(iter(texts[:100]))) == fast.classify(texts[:100])


@requires_shipped_onnx
def test_shipped_int8_model_keeps_macro_f1(gold_test, shipped_torch, tmp_path):
    """int8 holds macro-F1 but not the agreement bounds: 3 to 5 % of labels flip, probabilities move up to ~0.25."""
    folder = tmp_path / "model"
    folder.mkdir()
    for file in MODEL_DIR.iterdir():
        if file.is_file() and not file.name.endswith(".onnx"):
            (folder / file.name).symlink_to(file)
    export(folder, int8=True)
    texts, gold = gold_test
    found = parity(Classifier.load(folder, backend="onnx-int8").predict_proba(texts), shipped_torch, gold)
    print(f"\nonnx-int8 vs torch on {len(texts)} gold test statements: {found}")
    assert found["macro_f1"] >= found["macro_f1_torch"] - 0.01
    assert found["agreement"] >= 0.9  # a guard against a broken export, not the bound (0.99)


# --- the bench script (its output, never its timings) ---------------------------------------------------------------


def test_bench_script_prints_json_lines_with_the_reference(onnx_dir):
    command = [
        sys.executable, str(REPO_DIR / "benchmarks" / "bench.py"), "--model", str(onnx_dir), "--n", "40",
        "--latency-n", "4", "--cold-runs", "1", "--rss-n", "8", "--rounds", "2",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["backend"] for row in rows] == ["onnx", "onnx-int8", "torch", "transformers.pipeline"]
    for row in rows:
        assert row["device"] == "cpu" and row["n"] == 40 and row["machine"]["cores"] >= 1
        for key in ("throughput_per_s", "latency_ms_p50", "latency_ms_p95", "cold_start_s", "peak_rss_mb"):
            assert row[key] > 0, key
    for row in rows[:2]:
        assert set(row["vs_reference"]) == {"throughput", "latency_p50", "latency_p95", "cold_start", "peak_rss"}
        assert 0 <= row["label_agreement_with_reference"] <= 1
    assert "targets" in done.stderr
