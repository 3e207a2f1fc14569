"""Render ``data/README.md``, the datasheet of the built dataset (written by ``make data``)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from datasets import DatasetDict

from stance.data.records import iter_jsonl
from stance.labels import LABELS
from stance.paths import ANNOTATIONS_DIR, CANDIDATES_DIR

AGREEMENT_FILE = ANNOTATIONS_DIR / "agreement.json"

SOURCES = """\
| source | what | licence / terms | used as |
|---|---|---|---|
| MPQA world press (`mpqa`) | 535 news documents, June 2001 – May 2002 (FBIS translations and other outlets) | MPQA terms: research use only, no sublicensing | gold statements (short excerpts only) |
| SemEval-2023 Task 3 (`semeval23`) | English news articles 2017–2022 on international topics | the task organisers' research terms | gold statements (short excerpts only) |
| Seed article (`seed`) | Daily Caller News Foundation wire copy on Khamenei, 2018 | republication terms in its footer | gold statements (short excerpts only) |
| UN quad class (`un_quadclass`) | UN document sentences with a CAMEO quad class from 2–4 annotators (Osorio et al., `keep_it_local`) | MIT | reused training data (upstream labels, mapped); 1,200 of them also read for gold (round 15) |
| UN relevance (`un_binary`) | UN sentences judged to describe no event | MIT | reused training data (neutral) |
| PLOVER gold standard (`plover_gsr`) | edited example sentences from the CAMEO manual with a PLOVER event type (Open Event Data Alliance) | CC BY-SA 4.0 | reused training data |
| PolNeAR (`polnear`) | 840 + 84 US political news articles of 2016 (seven publishers), every attribution (Source, Cue, Content) annotated (Newell, Margolin and Ruths, LREC 2018) | no licence stated upstream; used for research, articles not stored here | trains (train) and selects (dev) the attribution tagger `models/attribution-minilm/`, not the stance model; measures quote and attribution extraction |
| CAMEO verb dictionary + Goldstein scale | PETRARCH2 verb patterns (MIT) and the Goldstein weights | MIT / published scale | the **silver** rule labeller (`data/silver/`, never test data) |

No whole article is stored in this repository: gold and candidate files hold only the statement (a quote or one
sentence), its offsets in the source document and, for quotes, the sentence around it."""


def rounds_by_id(sample_file: Path) -> dict[str, int]:
    """Candidate id -> the annotation round that drew it, from the annotation queue (``candidates/sample.jsonl``)."""
    return {candidate["id"]: candidate["round"] for _, candidate in iter_jsonl(sample_file)}


def _listed(numbers: list[int]) -> str:
    """``[7, 8, 21]`` -> ``'7, 8 and 21'``."""
    words = [str(n) for n in numbers]
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]])) if words else "none"


def render_datasheet(dataset: DatasetDict, config: dict, counts_table: str) -> str:
    agreement = json.loads(AGREEMENT_FILE.read_text(encoding="utf-8")) if AGREEMENT_FILE.exists() else {}
    gold_counts = agreement.get("gold_label_counts", {})
    gold_total = sum(gold_counts.values()) or 1
    shares = ", ".join(f"{l} {gold_counts.get(l, 0)} ({gold_counts.get(l, 0) / gold_total:.1%})" for l in LABELS)
    round_of = rounds_by_id(CANDIDATES_DIR / "sample.jsonl")
    rounds = Counter(round_of.values())
    gold_rows = [json.loads(line) for line in (ANNOTATIONS_DIR / "gold.jsonl").open(encoding="utf-8")]
    by_round = {r: Counter(g["label"] for g in gold_rows if round_of.get(g["id"]) == r) for r in sorted(rounds)}
    round_shares = "; ".join(
        f"round {r}: " + ", ".join(f"{l} {c[l] / max(sum(c.values()), 1):.1%}" for l in LABELS)
        for r, c in by_round.items()
    )
    batches = agreement.get("batches", {})
    included = ", ".join(f"`{name}` (weight {spec['weight']})" for name, spec in config["sources"].items()
                         if spec["include"])
    excluded = ", ".join(f"`{name}`" for name, spec in config["sources"].items() if not spec["include"]) or "none"
    return f"""# Datasheet: stance training data

Written by `make data` (`python -m stance.data.build`) from the files under `data/`; do not edit by hand.

## Sources, licences and credits

{SOURCES}

## What is in the built dataset

Included by `data/config.json`: {included}. Left out: {excluded}. Gold statements of annotation rounds
{config['sources']['gold'].get('exclude_rounds') or 'none'} are left out. Validation and test hold gold statements only,
split by document (seed {config['seed']}, fractions {config['split_fractions']}); duplicates
(normalised text) are removed across all splits, test first.

{counts_table}

## How the gold statements were made

1. **Candidates** (`make candidates`, `stance/data/candidates.py`): every sentence of the MPQA articles, the
   SemEval articles with at least three mentions of foreign states or international bodies, and the seed article
   that holds a direct quote (the quoted words become the statement) or a reporting verb or cue word (the whole
   sentence, a *reported* statement); 5–70 words; de-duplicated. Round 15 reads UN document sentences instead
   (`un_quadclass`, 5–70 words), each a document of its own for the split.
2. **Sampling**: stratified by cue words so that hostile and conciliatory statements are not drowned by neutral
   ones, at most 10 statements per article and round, in rounds that each answered a gap of the ones before
   (the module docstring of `stance/data/candidates.py` gives each round's shares and reason): round 2 favours
   high-precision conciliatory cues, round 3 takes direct quotes (the statements users classify most), round 4
   every candidate left with a conciliatory cue, round 5 words of courtesy, round 6 the candidates the model of
   its day found most conciliatory, round 7 those it was least sure of, round 8 statements with a negation,
   round 9 again the most conciliatory by the model, round 10 the most conciliatory by the model among the SemEval
   articles with fewer than three international mentions (read for rounds 10, 12 and 16 only), rounds 11 and 12 again
   the most conciliatory by the model in each of the two pools, round 13 a uniform random draw of the
   international candidates left, round 14 every international candidate left with a negation, round 15 1,200
   sentences of UN documents (reports, resolutions, Council statements), half of them from the upstream
   cooperation classes, round 16 every candidate left with a negation among the SemEval articles with fewer than
   three international mentions (the model chose what to read in rounds 6, 7 and 9-12, never the label). Statements per round: {dict(sorted(rounds.items()))}. Gold label
   shares by round: {round_shares}. The cue strata decide only how often a candidate is drawn; they are never
   labels.
3. **Annotation**: each statement was read and labelled against `docs/annotation.md` (three labels, 24 rules,
   50 worked examples) by an annotator session that saw only the statement and its sentence — never a model's
   or a rule's output, and never another annotator's labels. Batches of 150 to 250; raw labels in
   `data/annotations/raw/batch-NN.pK.jsonl`.
4. **Agreement**: {agreement.get('items', 0)} statements (batches {_listed(batches.get('p2', []))}) were labelled
   twice, independently. Cohen's kappa {agreement.get('cohen_kappa')}, raw agreement
   {agreement.get('observed_agreement')} (kappa per batch: {', '.join(f'{b}: {k}' for b, k in
   agreement.get('kappa_by_batch', {}).items()) or 'not computed'}). Batch {_listed(batches.get('p3', []))} (the hardest: statements the model was
   least sure of) was labelled a third time: kappa against the other two
   passes {', '.join(f"{v['cohen_kappa']} ({k})" for k, v in agreement.get('pairs', {}).items() if 'p3' in k)}. Both passes
   were made by annotator sessions of the same kind working from the same guideline, so this agreement is likely
   higher than two human annotators would reach. The {agreement.get('adjudicated', 0)} disagreements were settled
   by a third reading against the guideline (`data/annotations/adjudicated.jsonl`, with the rule that decided).
5. **Result**: `data/annotations/gold.jsonl`, {agreement.get('gold_items', 0)} statements: {shares}.

## Silver labels

`data/silver/cameo_pool.jsonl` holds the CAMEO/Goldstein rule labeller's output for candidates that were not
drawn for annotation. Every row says `SILVER` in its notes and `rule:cameo-goldstein` as annotator; silver rows
are never placed in validation or test, and are left out of training by default.

`data/silver/teacher_pool.jsonl.gz` is the **distillation pool** (`make teacher`, `stance/data/pool.py`): every
statement the data module extracts from the corpora — the candidates above, every other sentence of 5–70 words
of the MPQA, SemEval and seed articles and of the PolNeAR train and dev articles (US political news of 2016; no
licence stated upstream, used for training only, short excerpts), and the UN document sentences (upstream labels
dropped) — deduplicated, less every document of the validation and test splits and every gold statement, with
the probabilities of the fine-tuned teacher (all-mpnet-base-v2). These are *silver* labels: made by a model,
never read by a person, never in validation or test; `teacher_pool.meta.json` beside it holds the teacher's
fingerprint (SHA-256 of its weights), its test metrics and the command. {_pool_summary()}
"""


def _pool_summary() -> str:
    from stance.data.pool import POOL_FILE, meta_file  # stance.data.pool imports stance.data.build, which imports us

    meta = meta_file(POOL_FILE)
    if not meta.is_file():
        return "Not yet written: run `make teacher`."
    info = json.loads(meta.read_text(encoding="utf-8"))
    shares = ", ".join(f"{label} {share:.1%}" for label, share in info["predicted_shares"].items())
    return f"It holds {info['rows']:,} statements; the teacher's most probable label: {shares}."
