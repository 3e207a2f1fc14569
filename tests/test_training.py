"""The training code path end to end on a tiny subset (as `make train-smoke`), and the atomic model write."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from stance import Classifier
from stance.data.build import build, load_config
from stance.labels import LABELS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

import metrics  # noqa: E402
import train  # noqa: E402

SMOKE = ["--config", "training/config.json", "--max_train_samples", "48", "--max_eval_samples", "24",
         "--max_steps", "3", "--batch_size", "16"]


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dataset")
    build(load_config()).save_to_disk(str(path))
    return path


@pytest.fixture(scope="module")
def smoke_model(dataset_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("models") / "stance-smoke"
    train.main([*SMOKE, "--dataset_dir", str(dataset_dir), "--output_dir", str(out)])
    return out


def test_smoke_training_writes_a_complete_loadable_model(smoke_model: Path) -> None:
    for name in ("config.json", "model.safetensors", "tokenizer.json", "metrics.json", "README.md",
                 "confusion_matrix.png", "reliability.png", "training_settings.json"):
        assert (smoke_model / name).is_file(), name
    saved = json.loads((smoke_model / "metrics.json").read_text())
    assert saved["history"][-1]["step"] == 3
    assert set(saved["test"]["per_class"]) == set(LABELS) and saved["temperature"] > 0
    assert "## Results on the gold test split" in (smoke_model / "README.md").read_text()
    assert not list(smoke_model.parent.glob(".stance-smoke*")), "temporary folders must not be left behind"
    prediction = Classifier.load(smoke_model, device="cpu").classify("We will never negotiate with them.")
    assert prediction.label in LABELS and abs(sum(prediction.scores.values()) - 1) < 1e-5


def test_frozen_word_embeddings_are_saved_as_the_pretrained_ones(smoke_model: Path) -> None:
    from safetensors.torch import load_file

    assert json.loads(Path("training/config.json").read_text())["freeze_word_embeddings"] is True
    saved = load_file(smoke_model / "model.safetensors")["bert.embeddings.word_embeddings.weight"]
    base = load_file(train.base_model_dir(train.Settings()) / "model.safetensors")
    assert saved.equal(base["embeddings.word_embeddings.weight"].half())
    trained = load_file(smoke_model / "model.safetensors")["bert.encoder.layer.0.output.dense.weight"]
    assert not trained.equal(base["encoder.layer.0.output.dense.weight"].half())


def test_a_failed_write_leaves_the_previous_model_intact(smoke_model: Path, dataset_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.read_bytes() for p in smoke_model.iterdir()}

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(train, "write_card_and_plots", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        train.main([*SMOKE, "--dataset_dir", str(dataset_dir), "--output_dir", str(smoke_model)])
    assert {p.name: p.read_bytes() for p in smoke_model.iterdir()} == before
    assert not list(smoke_model.parent.glob(".stance-smoke*"))


def test_settings_come_from_the_config_file_and_the_command_line_overrides_them() -> None:
    settings = train.parse_settings(["--config", "training/config.json", "--epochs", "1"])
    assert settings.epochs == 1
    assert settings.learning_rate == json.loads(Path("training/config.json").read_text())["learning_rate"]
    with pytest.raises(SystemExit):
        train.parse_settings(["--class_weighting", "sometimes"])


def test_temperature_scaling_reduces_calibration_error_of_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 600)
    logits = rng.normal(size=(600, 3))
    logits[np.arange(600), labels] += 1.0
    logits *= 6.0  # overconfident
    t = metrics.calibrate_temperature(logits, labels)
    assert t > 2.0
    before = metrics.classification_metrics(labels, logits)["ece"]
    after = metrics.classification_metrics(labels, logits, temperature=t)["ece"]
    assert after < before / 2


def test_expected_calibration_error_of_a_perfectly_calibrated_toy_case() -> None:
    probs = np.array([[0.5, 0.25, 0.25]] * 4)
    labels = np.array([0, 0, 1, 2])  # confidence 0.5, accuracy 0.5
    assert metrics.expected_calibration_error(probs, labels) == pytest.approx(0.0)
    assert metrics.expected_calibration_error(probs, np.array([1, 1, 1, 2])) == pytest.approx(0.5)


def test_the_un_only_baseline_is_trained_again_when_its_training_rows_change(tmp_path: Path, monkeypatch) -> None:
    import evaluate

    calls = []

    def fake_main(argv: list[str]) -> None:  # stands in for a 15-minute training run
        calls.append(argv)
        out = Path(argv[argv.index("--output_dir") + 1])
        out.mkdir(parents=True, exist_ok=True)
        (out / "model.safetensors").write_bytes(b"")

    monkeypatch.setattr(train, "main", fake_main)
    model_dir = tmp_path / "minilm-un-only"
    assert evaluate.un_only_model(model_dir) == model_dir and len(calls) == 1
    evaluate.un_only_model(model_dir)
    assert len(calls) == 1, "kept while its training rows are the same"
    (model_dir / evaluate.UN_ONLY_STAMP).write_text("rows of an older dataset")
    evaluate.un_only_model(model_dir)
    assert len(calls) == 2 and "--dataset_dir" in calls[1]
