#!/usr/bin/env bash
# The GPU throughput check, one command (about 3 minutes on one H200, 4 at most):
#
#     bash benchmarks/gpu_check.sh 2>&1 | tee gpu_check.log
#
# Prints JSON lines: benchmarks/gpu_breakdown.py (the tokenizer alone, the forward passes alone and classify end to
# end, for batch sizes 512 and 1024, on 50,000 gold statements), then benchmarks/bench.py on 100,000 statements
# (ours against the transformers pipeline in the same process, and labels against the CPU default on 3,000).
# Each step has a time limit; a step that fails or runs out prints {"step": ..., "exit_status": ...} and the next
# one runs, and inside the breakdown a failing measurement prints its error and the others go on. It needs python3
# with torch, transformers and tokenizers (onnxruntime for the CPU comparison), never datasets or ray.
#
# Rehearsal on a CPU (every step, tiny sizes; LIMITS for a slow machine):
#     DEVICE=cpu N=500 BATCH_SIZES="16 64" LIMITS="1200 1200" BENCH_ARGS="--latency-n 4 --rss-n 8" \
#         bash benchmarks/gpu_check.sh
set -u
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
N=${N:-100000}
BATCH_SIZES=${BATCH_SIZES:-512 1024}
LIMITS=${LIMITS:-100 140}  # seconds for the breakdown and for bench.py
BENCH_ARGS=${BENCH_ARGS:-}  # more options for bench.py
read -r BREAKDOWN_LIMIT BENCH_LIMIT <<<"$LIMITS"

step() {  # step LIMIT_S NAME COMMAND...: run COMMAND under a time limit; report a failure as a JSON line
    local limit=$1 name=$2
    shift 2
    timeout "$limit" "$@"
    local status=$?
    if [ "$status" -ne 0 ]; then echo "{\"step\": \"$name\", \"exit_status\": $status}"; fi
}

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
# shellcheck disable=SC2086  # BATCH_SIZES and BENCH_ARGS are lists
step "$BREAKDOWN_LIMIT" gpu_breakdown "$PYTHON" benchmarks/gpu_breakdown.py --device "$DEVICE" --n $((N / 2)) \
    --batch-sizes $BATCH_SIZES
step "$BENCH_LIMIT" bench "$PYTHON" benchmarks/bench.py --device "$DEVICE" --backend torch --n "$N" --cold-runs 1 \
    --cpu-agreement $((N < 3000 ? N : 3000)) $BENCH_ARGS
