"""Inter-annotator agreement on the actor/target labels (issue 15).

Compares ``data/actors/second_pass.jsonl`` (independent second annotator, every third sample row) with
``data/actors/gold.jsonl`` on the shared ids. Per field: n, raw agreement and Cohen's kappa, with null
(no code) counted as its own category. Writes ``data/actors/agreement.json``.

    python training/actors_agreement.py
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("speaker_country", "speaker_type", "target_country", "target_type")
NULL = "<null>"


def load(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f) if row}


def norm(value) -> str:
    return NULL if value is None or value == "" else str(value)


def agreement(a: dict[str, dict], b: dict[str, dict]) -> dict:
    ids = sorted(set(a) & set(b))
    out: dict = {"n_shared": len(ids), "fields": {}}
    for field in FIELDS:
        x = [norm(a[i].get(field)) for i in ids]
        y = [norm(b[i].get(field)) for i in ids]
        raw = sum(p == q for p, q in zip(x, y)) / len(ids) if ids else float("nan")
        kappa = float(cohen_kappa_score(x, y)) if len(set(x) | set(y)) > 1 else 1.0
        out["fields"][field] = {"n": len(ids), "raw_agreement": round(raw, 4), "cohen_kappa": round(kappa, 4)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, default=ROOT / "data/actors/second_pass.jsonl")
    parser.add_argument("--gold", type=Path, default=ROOT / "data/actors/gold.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "data/actors/agreement.json")
    args = parser.parse_args(argv)

    result = agreement(load(args.second), load(args.gold))
    result["second"] = str(args.second.relative_to(ROOT)) if args.second.is_relative_to(ROOT) else str(args.second)
    result["gold"] = str(args.gold.relative_to(ROOT)) if args.gold.is_relative_to(ROOT) else str(args.gold)
    print(f"shared ids: {result['n_shared']}")
    print(f"{'field':<16} {'n':>4} {'raw':>7} {'kappa':>7}")
    for field, r in result["fields"].items():
        print(f"{field:<16} {r['n']:>4} {r['raw_agreement']:>7.3f} {r['cohen_kappa']:>7.3f}")
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
