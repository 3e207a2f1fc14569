"""Packaging: the wheel ships the default model, and an installed stance classifies from any directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import CLEAR_HOSTILE, build_tiny_model

from stance.labels import LABELS
from stance.paths import MODEL_DIR, REPO_DIR

PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md", "stance", "models")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool]:
    """A copy of the project whose models/stance-minilm holds a model (the shipped one, else a tiny one)."""
    root = tmp_path_factory.mktemp("source")
    for name in PROJECT_FILES:
        if (REPO_DIR / name).is_dir():
            shutil.copytree(REPO_DIR / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO_DIR / name, root / name)
    model = root / "models" / MODEL_DIR.name
    shipped = (model / "model.safetensors").is_file()
    if not shipped:
        shutil.rmtree(model, ignore_errors=True)
        build_tiny_model(model)
    return root, shipped


@pytest.fixture(scope="module")
def wheel(source: tuple[Path, bool], tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*pip, "--wheel-dir", dist, source[0]], check=True)
    [built] = dist.glob("stance-*.whl")
    return built


def test_wheel_holds_the_package_and_the_model(source, wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    model = source[0] / "models" / MODEL_DIR.name
    model_files = {f"stance_models/{MODEL_DIR.name}/{p.relative_to(model)}" for p in model.rglob("*") if p.is_file()}
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {Path(n).name for n in model_files}
    assert model_files <= names
    assert {
        "stance/__init__.py",
        "stance/classifier.py",
        "stance/cli.py",
        "stance/labels.py",
        "stance/paths.py",
    } <= names
    assert not any(name.startswith(("tests/", "stance/__pycache__")) for name in names)


def test_installed_wheel_classifies_from_another_directory(source, wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel]
    subprocess.run(install, check=True)
    env = {key: value for key, value in os.environ.items() if key != "STANCE_MODEL"}
    env |= {"PYTHONPATH": sysconfig.get_paths()["purelib"], "HF_HUB_OFFLINE": "1"}  # torch & co. from this venv
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        f"import json, stance, stance.paths; from stance import classify; p = classify({CLEAR_HOSTILE!r}); "
        "print(json.dumps({'module': stance.__file__, 'model': str(stance.paths.MODEL_DIR), 'label': p.label}))"
    )
    result = subprocess.run([python, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    assert Path(found["module"]).is_relative_to(venv)  # the installed copy, not the checkout
    assert Path(found["model"]).is_relative_to(venv) and Path(found["model"]).name == MODEL_DIR.name
    assert found["label"] in LABELS
    if source[1]:
        assert found["label"] == "hostile"

    script = subprocess.run(
        [venv / "bin" / "stance", "classify", CLEAR_HOSTILE], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert script.returncode == 0, script.stderr
    assert json.loads(script.stdout)["label"] == found["label"]
