#!/usr/bin/env bash
# Training runs that are cheap on one GPU and slow on a CPU, all at once on the same card:
# the shipped configuration with seeds 13, 14, 15 and 13 again (spread and reproducibility), the data-mix
# variants in data/variants/ and the UN-only baseline (seed 13 each). Usage: training/gpu_runs.sh OUTDIR [-- TRAIN_OPTS]
set -euo pipefail
out=${1:?usage: training/gpu_runs.sh OUTDIR [-- TRAIN_OPTS]}; shift
[ "${1:-}" = "--" ] && shift
py=${PYTHON:-python3}
mkdir -p "$out/data" "$out/runs"
$py -m stance.data.build --output "$out/data/default" >/dev/null
$py -m stance.data.build --config data/config.un_only.json --output "$out/data/un_only" >/dev/null
variants=()
for config in data/variants/*.json; do
  v=$(basename "$config" .json); variants+=("$v")
  $py -m stance.data.build --config "$config" --output "$out/data/$v" >/dev/null
done
$py training/seeds.py --seeds 13 14 15 13 --parallel 4 --output "$out/runs" --json "$out/seeds.json" \
  -- --dataset_dir "$out/data/default" "$@" &
for v in un_only "${variants[@]}"; do
  $py training/train.py --config training/config.json --dataset_dir "$out/data/$v" \
    --output_dir "$out/runs/variant-$v" "$@" >"$out/runs/variant-$v.log" 2>&1 &
done
wait
$py - "$out" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
rows = {}
for d in sorted((out / "runs").glob("variant-*")):
    if (d / "metrics.json").exists():
        m = json.loads((d / "metrics.json").read_text())
        rows[d.name] = {"validation_macro_f1": m["validation"]["macro_f1"], "test_macro_f1": m["test"]["macro_f1"],
                        "test_f1": {k: v["f1"] for k, v in m["test"]["per_class"].items()}, "test_ece": m["test"]["ece"],
                        "best_epoch": m["best_epoch"], "train_seconds": m["train_seconds"]}
seeds = json.loads((out / "seeds.json").read_text())
m0 = json.loads((out / "runs" / "run-0-seed-13" / "metrics.json").read_text())
rows["default-seed-13"] = {"validation_macro_f1": m0["validation"]["macro_f1"], "test_macro_f1": m0["test"]["macro_f1"]}
(out / "variants.json").write_text(json.dumps(rows, indent=2))
print(json.dumps({"variants": rows, "seeds": seeds["summary"]}, indent=1))
PY
