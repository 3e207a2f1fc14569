"""Write the attribution tagger's model card (``README.md``) into its folder."""

from __future__ import annotations

from pathlib import Path

from stance.labels import ATTRIBUTION_ROLES, ATTRIBUTION_TAGS

CORPUS = (
    "PolNeAR v1.0.0 (Political News Attribution Relations Corpus; Newell, Margolin and Ruths, LREC 2018): US "
    "political news of 2016 from seven publishers, with every attribution (Source, Cue, Content) annotated. "
    "Upstream states no licence (`polnear/README.upstream.md`); the articles stay outside this repository and "
    "the tagger is trained and measured on them for research use."
)


def write_card(folder: Path, metrics: dict, settings: dict) -> None:
    """``README.md`` of a tagger folder: what it tags, its data, settings and dev scores per epoch."""
    dev = metrics["dev"]
    rows = "\n".join(
        f"| {h['epoch']} | {h['train_loss']} | " + " | ".join(str(h[f"dev_{r}"]) for r in ATTRIBUTION_ROLES)
        + f" | {h['dev_macro_f1']} | {h['epoch_s']} |" for h in metrics["history"]
    )
    changed = {k: v for k, v in settings.items() if k not in ("config", "output_dir", "data_file")}
    text = f"""# attribution-minilm

A token classifier on all-MiniLM-L6-v2 that tags the attributions of news text: who (**Source**), the reporting
verb or phrase (**Cue**) and what was said (**Content**), as BIO tags `{" ".join(ATTRIBUTION_TAGS)}`. Used by
`stance.attribution.extract_attributions` (and `stance analyze`), which links each Content to its Source.

## Data

{CORPUS}

Trained on {metrics["train_articles"]} training articles ({metrics["train_windows"]} windows of
{settings["window"]} tokens, {settings["stride"]} apart), best epoch chosen on {metrics["dev_articles"]} dev articles.

## Dev scores (token F1 per role, every token tagged from its most central window)

Best epoch {metrics["best_epoch"]}: Source {dev["Source"]}, Cue {dev["Cue"]}, Content {dev["Content"]},
mean {dev["macro_f1"]}. Attribution-level figures (content found, speaker accuracy): `make eval-quotes`
(`docs/quotes.md`).

| epoch | train loss | Source | Cue | Content | mean | seconds |
|---|---|---|---|---|---|---|
{rows}

## Training

`training/train_attribution.py` on {metrics["device"]} in {metrics["train_seconds"]} s (torch {metrics["torch"]}),
base encoder `{Path(metrics["base_model"]).name}`, word embeddings
{"frozen" if settings["freeze_word_embeddings"] else "trained"}. Settings: `{changed}`.

## Limits

US political news of one year: other genres, other English varieties and translated wire copy are out of its
domain. A token belongs to at most one attribution (PolNeAR's scheme), so nested attributions are not found.
"""
    (folder / "README.md").write_text(text, encoding="utf-8")
