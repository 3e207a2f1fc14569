"""Packaging: the wheel ships the default model, and an installed stance classifies from any directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import CLEAR_HOSTILE, build_tiny_model

from stance.labels import LABELS
from stance.onnx_backend import export
from stance.paths import MODEL_DIR, REPO_DIR

LIGHT_PACKAGES = ("onnxruntime", "tokenizers", "numpy", "numpy.libs", "tqdm")  # the default install, no torch
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
        export(model)  # the light install classifies with model.onnx
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


def test_default_install_is_light_and_classifies_and_analyzes_without_torch(source, wheel, tmp_path):
    metadata = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/METADATA"))
    requires = [line.split(":", 1)[1].strip() for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
                if line.startswith("Requires-Dist:")]
    default = {re.split(r"[<>=; \[]", r)[0] for r in requires if "extra ==" not in r}
    assert default == {"onnxruntime", "tokenizers", "numpy", "tqdm"}
    assert any(r.startswith("torch") and "extra == \"torch\"" in r for r in requires)

    venv, light = tmp_path / "venv", tmp_path / "light"  # a fresh environment: the wheel, then only LIGHT_PACKAGES
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    install = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
               "--no-index", wheel]
    subprocess.run(install, check=True)
    light.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for name in LIGHT_PACKAGES:
        if (site / name).exists():
            (light / name).symlink_to(site / name)
    env = {key: value for key, value in os.environ.items() if key not in ("STANCE_MODEL", "PYTHONPATH")}
    env["PYTHONPATH"] = str(light)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "article.txt"
    article.write_text(f'Khamenei said on Monday: "{CLEAR_HOSTILE}"\n', encoding="utf-8")

    def run(*args: object) -> subprocess.CompletedProcess:
        return subprocess.run([*args], cwd=elsewhere, env=env, capture_output=True, text=True)

    code = (
        "import importlib.util, json; from stance import classify, Classifier; p = classify(" + repr(CLEAR_HOSTILE)
        + "); print(json.dumps({'label': p.label, 'backend': Classifier.load().backend, "
        "'torch': importlib.util.find_spec('torch') is not None}))"
    )
    found = run(venv / "bin" / "python", "-c", code)
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["backend"] == "onnx" and result["torch"] is False and result["label"] in LABELS
    if source[1]:
        assert result["label"] == "hostile"
    script = run(venv / "bin" / "stance", "classify", CLEAR_HOSTILE)
    assert script.returncode == 0, script.stderr
    assert json.loads(script.stdout)["label"] == result["label"]
    analyzed = run(venv / "bin" / "stance", "analyze", "--kind", "direct", article)  # reported speech needs torch
    assert analyzed.returncode == 0, analyzed.stderr
    [row] = [json.loads(line) for line in analyzed.stdout.splitlines()]
    assert row["statement"] == CLEAR_HOSTILE and row["speaker"] == "Khamenei"
    reported = run(venv / "bin" / "stance", "analyze", article)
    assert reported.returncode == 1 and "pip install 'stance[torch]'" in reported.stderr
    torch_only = run(venv / "bin" / "python", "-c", "from stance import Classifier; Classifier.load(backend='torch')")
    assert torch_only.returncode == 1
    assert "MissingExtraError: the torch backend needs torch, transformers" in torch_only.stderr
    assert "pip install 'stance[torch]'" in torch_only.stderr
