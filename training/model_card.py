"""Write the model card (``README.md``), the confusion-matrix and reliability PNGs into a model folder."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from baselines import cameo_rules, tfidf_logreg, vader
from metrics import classification_metrics
from stance.data.corpora import CorpusNotFoundError
from stance.data.pool import meta_file
from stance.labels import LABELS
from stance.paths import in_repo

CARD_FILE = "README.md"
CONFUSION_PNG = "confusion_matrix.png"
RELIABILITY_PNG = "reliability.png"
PROBES = (  # hard cases of docs/annotation.md with the label the guideline gives them; the card shows the model's
    ("THERE WILL BE NO WAR, NOR WILL WE NEGOTIATE WITH THE U.S.", "hostile"),  # step 3: the refusal is the news
    ("We will never negotiate with the United States.", "hostile"),
    ("We have no plans to attack anyone.", "conciliatory"),  # rule 8: denying hostile intent reassures
    ("Pakistan denied that its troops crossed the border.", "neutral"),  # rule 8: a bare denial
    ("We are ready to talk, but we will respond to any attack.", "conciliatory"),  # step 3: the offer is the news
    ("What a generous gift the Americans have sent us: more sanctions.", "hostile"),  # rule 9: sarcasm
    ("The talks will probably last two days.", "neutral"),  # rule 12: a forecast blaming no one
)


def baseline_rows(dataset) -> dict[str, dict]:
    """Test-split metrics of the cheap baselines, trained (where they learn) on the same training split."""
    train, test = dataset["train"], dataset["test"]
    labels = np.asarray(test["label"])
    rows = {"TF-IDF + logistic regression": classification_metrics(
        labels, tfidf_logreg(train["text"], train["label"], train["weight"], test["text"]), are_probs=True)}
    try:
        rows["CAMEO/Goldstein rules (silver labeller)"] = classification_metrics(
            labels, cameo_rules(test["text"]), are_probs=True)
    except CorpusNotFoundError:  # the verb dictionary is read from ../shared/corpora
        pass
    rows["VADER sentiment mapped to stance"] = classification_metrics(labels, vader(test["text"]), are_probs=True)
    return rows


def parts_table(rows: dict[str, dict[str, dict]]) -> str:
    """Macro-F1, per-class F1 and ECE of each model on each test part (``metrics.metrics_by_part``)."""
    lines = ["| model | part | statements | macro-F1 | " + " | ".join(f"F1 {l}" for l in LABELS) + " | ECE |",
             "|---" * (len(LABELS) + 5) + "|"]
    for name, parts in rows.items():
        for part, m in parts.items():
            per_class = " | ".join(f"{m['per_class'][l]['f1']:.3f}" for l in LABELS)
            lines.append(f"| {name} | {part} | {m['n']} | {m['macro_f1']:.3f} | {per_class} | {m['ece']:.3f} |")
    return "\n".join(lines)


def distillation_section(metrics: dict, settings: dict) -> str:
    """What the student learnt from: the teacher's pool, its settings and the teacher's own test metrics."""
    pool = settings.get("distill_pool")
    if not pool or not metrics.get("pool_rows"):
        return "Trained on gold alone (no distillation pool)."
    meta_path = meta_file(in_repo(pool))
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    teacher = ""
    if meta:
        teacher = (f"\n\nThe teacher on the same test split (its own run, `make teacher`: best epoch "
                   f"{meta['teacher_best_epoch']} of {len(meta['teacher_history'])}, "
                   f"{meta['teacher_train_seconds']:.0f} s on {meta['teacher_device']}; the pool labelled in "
                   f"{meta['label_seconds']:.0f} s on {meta['label_device']}; weights SHA-256 "
                   f"`{meta['teacher_sha256'][:16]}…`):\n\n"
                   + parts_table({"teacher (all-mpnet-base-v2, fine-tuned)": meta["teacher_test_parts"]}))
    return (f"Distilled from a teacher: all-mpnet-base-v2 (12 layers, 768 wide, ~110 M parameters, Apache-2.0) "
            f"fine-tuned on the same gold training split, which labelled a pool of unlabelled statements from the "
            f"project's corpora (`data/silver/teacher_pool.jsonl.gz`, *silver*: never in validation or test, "
            f"no document of theirs in it). This model learnt from {metrics['train_rows']} gold and reused rows "
            f"(cross-entropy) and {metrics['pool_rows']} pool rows (KL divergence to the teacher's probabilities, "
            f"both softened by temperature {settings['distill_temperature']}, weight {settings['distill_weight']} "
            f"a row)." + teacher)


def metrics_table(rows: dict[str, dict]) -> str:
    head = "| model | macro-F1 | " + " | ".join(f"F1 {l}" for l in LABELS) + " | accuracy | ECE |"
    lines = [head, "|---" * (len(LABELS) + 4) + "|"]
    for name, m in rows.items():
        per_class = " | ".join(f"{m['per_class'][l]['f1']:.3f}" for l in LABELS)
        lines.append(f"| {name} | {m['macro_f1']:.3f} | {per_class} | {m['accuracy']:.3f} | {m['ece']:.3f} |")
    return "\n".join(lines)


def plot_confusion(matrix: list[list[int]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(LABELS)), LABELS)
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    top = max(max(r) for r in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value > top / 2 else "black")
    ax.set_title("Test split confusion matrix")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_reliability(bins: list[dict], ece: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", label="model")
    ax.set_xlabel("confidence (probability of the predicted label)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability on test (ECE {ece:.3f})")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def probe_rows(folder: Path) -> str:
    """Markdown rows: each of ``PROBES`` with the guideline's label and the label and probability of the model."""
    from stance import Classifier

    predictions = Classifier.load(folder, device="cpu", backend="torch").classify([text for text, _ in PROBES])
    return "\n".join(
        f"| {text} | {label} | {p.label} ({p.score:.2f}){'' if p.label == label else ' ✗'} |"
        for (text, label), p in zip(PROBES, predictions, strict=True)
    )


def write_card_and_plots(folder: Path, metrics: dict, *, settings: dict, dataset) -> None:
    """The card and plots of the model saved in ``folder`` (its weights must be there: the probes run it)."""
    test = metrics["test"]
    plot_confusion(test["confusion_matrix"], folder / CONFUSION_PNG)
    plot_reliability(test["reliability"], test["ece"], folder / RELIABILITY_PNG)
    rows = {"stance-minilm (this model)": test, **baseline_rows(dataset)}
    sources = {split: Counter(dataset[split]["source"]) for split in ("train", "validation", "test")}
    per_class = "\n".join(
        f"| {l} | {test['per_class'][l]['precision']:.3f} | {test['per_class'][l]['recall']:.3f} | "
        f"{test['per_class'][l]['f1']:.3f} | {test['per_class'][l]['support']} |" for l in LABELS
    )
    confusion = "\n".join(f"| **{l}** | " + " | ".join(str(v) for v in row) + " |"
                          for l, row in zip(LABELS, test["confusion_matrix"]))
    history = "\n".join(f"| {h['epoch']} | {h['train_loss']:.4f} | {h['validation_macro_f1']:.3f} |"
                        for h in metrics["history"])
    class_weights = "and by class (balanced)" if settings["class_weighting"] == "balanced" else "with no class weights"
    card = f"""---
language: en
license: apache-2.0
library_name: transformers
pipeline_tag: text-classification
base_model: sentence-transformers/all-MiniLM-L6-v2
---

# stance-minilm

Classifies a statement from international politics — a quote of a leader, minister or spokesperson, or a
sentence reporting what one party did or said to another — as **hostile**, **conciliatory** or **neutral**,
with calibrated probabilities. Fine-tuned from all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7 M parameters) by
`make train` in the stance repository, on gold statements and on the probabilities of a larger teacher
(Distillation, below). All figures below were written by that run.

## Intended use

Tracking the tone of official statements between governments, parties and organisations in news text, in
aggregate (per speaker, per month). Use it with `from stance import classify` or `stance classify`.

## Out of scope

Single high-stakes decisions about a person or a country; non-English text; social-media chatter, reviews or
general sentiment (the model reads *stance toward a party*, not mood); statements longer than
{settings['max_length']} tokens (they are truncated). Labels follow `docs/annotation.md`; other definitions of
hostility will disagree with it.

## Labels

`hostile` (threats, accusations, condemnation, rejection, demands, sanctions, attacks), `conciliatory` (offers
to talk, agreements, praise, thanks, aid, de-escalation, calls for dialogue), `neutral` (facts, procedure,
schedules, stance-free predictions). The guideline with 24 rules and 50 worked examples is
`docs/annotation.md` in the repository.

## Training data

Rows per source and split (see `data/README.md` for licences and credits):

| split | {" | ".join(sorted({s for c in sources.values() for s in c}))} |
|---|{"---|" * len({s for c in sources.values() for s in c})}
""" + "\n".join(
        f"| {split} | " + " | ".join(str(sources[split][s]) for s in sorted({s for c in sources.values() for s in c}))
        + " |" for split in sources
    ) + f"""

Validation and test are gold-annotated statements from news articles (MPQA world press 2001–2002, SemEval-2023
Task 3 articles 2017–2022) and UN document sentences, split by article (a UN sentence is its own document). Reused sets: UN sentences with CAMEO quad classes (MIT), PLOVER
gold-standard records (CC BY-SA 4.0).

## Results on the gold test split ({test['n']} statements)

{metrics_table(rows)}

By part of the test split (news articles: MPQA, SemEval, seed; UN document sentences):

{parts_table({"stance-minilm (this model)": metrics["test_parts"]}) if "test_parts" in metrics else ""}

## Distillation

{distillation_section(metrics, settings)}

Baselines are trained (where they learn) on the same training split. ECE is the top-label expected calibration
error over {len(test['reliability'])} non-empty of 15 bins.

Per class:

| label | precision | recall | F1 | support |
|---|---|---|---|---|
{per_class}

Confusion matrix (rows gold, columns predicted; also `{CONFUSION_PNG}`):

| | {" | ".join(LABELS)} |
|---|---|---|---|
{confusion}

## Calibration

A temperature of {metrics['temperature']:.3f} was fitted on validation and folded into the classifier layer.
ECE on test: {metrics['uncalibrated']['test_ece']:.3f} before, {test['ece']:.3f} after (validation:
{metrics['uncalibrated']['validation_ece']:.3f} before, {metrics['validation']['ece']:.3f} after). Reliability
diagram: `{RELIABILITY_PNG}`.

## Training

Best epoch {metrics['best_epoch']} of {len(metrics['history'])} by validation macro-F1; {metrics['train_rows']}
training rows; {metrics['train_seconds']:.0f} s on {metrics['device']} (torch {metrics['torch']}).

| epoch | train loss | validation macro-F1 |
|---|---|---|
{history}

Settings: `training_settings.json`. Loss: cross-entropy on gold rows, weighted by source (`data/config.json`)
{class_weights}; KL divergence to the teacher on pool rows (above).
Word embeddings {"kept fixed at the pretrained ones" if settings.get('freeze_word_embeddings') else "trained"}.

## Known failure modes

- Reported events without a quote are labelled by what is reported: a neutral news sentence about an attack
  reads as hostile, by design of the guideline.
- Mixed statements ("ready to talk, but will respond to any attack") take one label; read `scores` to see the
  runner-up.
- Sarcasm, and stance that sits only in the attribution ("she gushed"), are often missed.
- Training news comes from 2001–2002 and 2017–2022; names and conflicts outside those years are less covered.

Hard cases of the guideline (negation, denials, mixed statements, sarcasm): the label `docs/annotation.md` gives
them and this model's, with its probability (✗ where they differ).

| statement | guideline | this model |
|---|---|---|
{probe_rows(folder)}

## Reproduce

```
make data && make train     # writes models/stance-minilm/ atomically (the pool is committed)
make teacher                # only to relabel the pool: fine-tunes the teacher, writes data/silver/teacher_pool.*
make eval                   # the table above plus a MiniLM trained on UN sentences alone
```
"""
    (folder / CARD_FILE).write_text(card, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Write the card and plots of a trained model folder again, from its metrics and settings files."""
    import argparse

    from datasets import load_from_disk

    from stance.paths import DATASET_DIR, MODEL_DIR
    from train import METRICS_FILE, SETTINGS_FILE

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=MODEL_DIR, help="model folder (default: shipped)")
    folder = parser.parse_args(argv).folder
    metrics = json.loads((folder / METRICS_FILE).read_text(encoding="utf-8"))
    settings = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    write_card_and_plots(folder, metrics, settings=settings, dataset=load_from_disk(str(DATASET_DIR)))
    print(f"card -> {folder / CARD_FILE}")


if __name__ == "__main__":
    main()
