#!/usr/bin/env bash
# The training that is cheap on one GPU and slow on a CPU, all at once on the same card (issue: "the GPU time that
# quality needs"). Students of `make train`'s configuration (training/config.json: gold + the teacher's pool):
# seeds 13, 14, 15; pools of 5k and 10k rows; 2 epochs; temperature 1; pool rows at half weight; and the gold-only
# MiniLM (5 epochs, as before distillation).
# Each run writes OUTDIR/runs/NAME (model folder) and NAME.log; OUTDIR/summary.json collects the metrics.
#   training/gpu_runs.sh OUTDIR [-- TRAIN_OPTS]       e.g. -- --base_model DIR --device cuda
# Rehearse on the CPU: training/gpu_runs.sh /tmp/gpu -- --max_train_samples 64 --max_eval_samples 32 --max_steps 2
set -euo pipefail
out=${1:?usage: training/gpu_runs.sh OUTDIR [-- TRAIN_OPTS]}; shift
[ "${1:-}" = "--" ] && shift
py=${PYTHON:-python3}
mkdir -p "$out/runs"
$py -m stance.data.build --output "$out/data" >/dev/null

declare -A runs=(
  [student-seed-13]="--seed 13"
  [student-seed-14]="--seed 14"
  [student-seed-15]="--seed 15"
  [student-pool-5k]="--pool_max_rows 5000"
  [student-pool-10k]="--pool_max_rows 10000"
  [student-epochs-2]="--epochs 2"
  [student-temperature-1]="--distill_temperature 1.0"
  [student-weight-0.5]="--distill_weight 0.5"
  [gold-only]="--distill_pool= --epochs 5"
)
for name in "${!runs[@]}"; do
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=1 $py training/train.py --config training/config.json --dataset_dir "$out/data" \
    --output_dir "$out/runs/$name" ${runs[$name]} "$@" >"$out/runs/$name.log" 2>&1 &
done
status=0
wait || status=$?
$py - "$out" "${!runs[@]}" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
summary = {}
for log in sorted(out / "runs" / f"{name}.log" for name in sys.argv[2:]):
    metrics = log.with_suffix("") / "metrics.json"
    if not metrics.exists():
        summary[log.stem] = {"error": log.read_text(errors="replace")[-2000:]}
        continue
    m = json.loads(metrics.read_text())
    summary[log.stem] = {
        "validation_macro_f1": m["validation"]["macro_f1"], "best_epoch": m["best_epoch"],
        "pool_rows": m.get("pool_rows"), "train_seconds": m["train_seconds"], "device": m["device"],
        **{f"test_{part}": {"macro_f1": p["macro_f1"], "ece": p["ece"],
                            "f1": {k: v["f1"] for k, v in p["per_class"].items()}}
           for part, p in m.get("test_parts", {}).items()},
    }
(out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
print(json.dumps(summary, indent=1))
PY
exit $status
