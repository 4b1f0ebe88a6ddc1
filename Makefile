# `make demo` and `make test` each do all set-up on a fresh machine (a venv in .venv).
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
QUESTION ?= 重庆与多少个国家建立了科技合作关系？

.PHONY: demo test install index bench-cmrc bench-pipeline clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	# torch first and pinned: 2.13.0 is the CPU build on this platform's disk; others may pull CUDA
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/reportqa index build

demo: index
	$(BIN)/reportqa ask "$(QUESTION)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench-cmrc: $(STAMP)
	$(BIN)/python -m evals.cmrc

bench-pipeline: $(STAMP)
	$(BIN)/python -m benchmarks.pipeline

clean:
	rm -rf data .pytest_cache
