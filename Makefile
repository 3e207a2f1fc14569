# Every target sets itself up: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test fuzz data candidates train train-smoke eval bench export-onnx clean

install: $(STAMP)

# torch first, pinned to the CPU wheel: a bare `torch` requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[train,onnx,ray,dev]"
	touch $@

test: install
	$(PY) -m pytest -q

# 10,000 generated inputs (tests/test_fuzz.py: 4 tests x 2,500); `make test` runs 150 per test.
fuzz: install
	STANCE_FUZZ_N=2500 $(PY) -m pytest -q tests/test_fuzz.py

# The quotes of the seed article with speaker, label and probability: the article itself when ../shared (or
# $STANCE_CORPORA) has it, else its quotes kept as a test fixture.
SEED_ARTICLE := $(firstword $(wildcard $(or $(STANCE_CORPORA),../shared/corpora)/seed/khamenei_no_negotiations.txt) \
	tests/fixtures/seed_quotes.txt)
demo: install
	$(VENV)/bin/stance analyze --format table $(SEED_ARTICLE)

# Everything read from ../shared/corpora: the annotation queue, the reused sets, the silver labels and the
# assembled gold file. `make data` and `make train` need only what these commit.
candidates: install
	$(PY) -m stance.data.candidates
	$(PY) -m stance.data.convert
	$(PY) -m stance.data.annotations

data: install
	$(PY) -m stance.data.build

# The ONNX graph is tied to the weights it was exported from, so it is exported again after training.
train: data
	$(PY) training/train.py --config training/config.json
	$(VENV)/bin/stance export-onnx

# The training code path on a tiny subset, into a temporary folder (the tests run it too).
train-smoke: data
	$(PY) training/train.py --config training/config.json --max_train_samples 64 --max_eval_samples 32 \
		--max_steps 3 --batch_size 16 --output_dir $$(mktemp -d)/stance-smoke

eval: data
	$(PY) training/evaluate.py

# The CPU fast path: models/stance-minilm/model.onnx, a graph that reads the weights from model.safetensors.
# `make export-onnx ONNX_ARGS=--int8` also writes model.int8.onnx (faster, changes a few labels; opt-in).
export-onnx: install
	$(VENV)/bin/stance export-onnx $(ONNX_ARGS)

# Throughput, latency, cold start and peak memory of our backends against the transformers pipeline, then the
# speed of quote extraction in characters/s (JSON lines).
# `make bench BENCH_ARGS="--device cuda"` on a GPU; `--n 2000` for a quicker run.
bench: install
	$(PY) benchmarks/bench.py $(BENCH_ARGS)
	$(PY) benchmarks/bench_ray.py
	$(PY) benchmarks/bench_quotes.py

clean:
	rm -rf $(VENV) data/build build dist *.egg-info

# Quote extraction measured on PolNeAR (docs/quotes.md): standard library only, no install needed.
# `make eval-quotes` reports dev; `make eval-quotes QUOTES_SPLIT=train` is the development split.
.PHONY: eval-quotes
QUOTES_SPLIT ?= dev
eval-quotes:
	$(PYTHON) training/evaluate_quotes.py --split $(QUOTES_SPLIT)
