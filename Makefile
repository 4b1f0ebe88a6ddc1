# `make demo` and `make test` each do all set-up on a fresh machine (a venv in .venv). The demo installs only
# the base dependencies; the tests add the extras they exercise (llama-cpp-python builds from source: ~6 min).
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed-base
STAMP := $(VENV)/.installed-stamp
QUESTION ?= 重庆与多少个国家建立了科技合作关系？
TYPED := corpus index assistant ui evals  # mypy

.PHONY: demo test lint install install-base index system-deps serve eval bench-cmrc bench-formats bench-pipeline bench-scale bench-reference bench-llm bench-load clean

$(BASE): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	# torch first and pinned: 2.13.0 is the CPU build on this platform's disk; others may pull CUDA.
	# --no-compile: Python compiles what is imported when it is first imported; byte-compiling all of torch,
	# gradio and llama-index at install time made the demo's first answer take 3 min 14 s instead of 1 min 58 s
	$(BIN)/pip install -q --no-compile torch==2.13.0
	$(BIN)/pip install -q --no-compile -e .
	touch $(BASE)

$(STAMP): $(BASE)
	$(BIN)/pip install -q --no-compile -e ".[dev,llamacpp,milvus,postgres]"
	touch $(STAMP)

# the browser tests drive Debian's chromium (Playwright with executable_path); CJK fonts for screenshots;
# the log tests start a PostgreSQL server of their own when its binaries are there
system-deps:
	@if ! command -v postgres >/dev/null && [ ! -x /usr/lib/postgresql/15/bin/postgres ] \
		&& command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get install -y -q postgresql >/dev/null || echo "postgresql missing: its log tests will be skipped"; \
	fi
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get install -y -q chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null \
			|| (apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null); \
		else echo "chromium missing: the browser tests will be skipped (apt-get install chromium)"; fi; \
	fi
	@# scanned PDF pages are read by Tesseract (simplified Chinese); the format tests draw pages with a TrueType CJK font
	@if ! command -v tesseract >/dev/null || [ ! -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] \
		|| [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get install -y -q tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei >/dev/null \
			|| (apt-get update -q >/dev/null && apt-get install -y -q tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei >/dev/null); \
		else echo "tesseract-ocr/chi-sim missing: scanned PDFs cannot be read and the OCR tests will be skipped"; fi; \
	fi

install-base: $(BASE)

install: $(STAMP)

index: $(BASE)
	$(BIN)/reportqa index build

demo: index
	$(BIN)/reportqa ask "$(QUESTION)"
	$(BIN)/reportqa serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)

# the tests start dozens of Python processes (servers, workers, the llama.cpp server): they cache bytecode, as
# Python does by default, even where the environment turns that off (PYTHONDONTWRITEBYTECODE=1); otherwise each
# one compiles llama-index, gradio and the rest again (~5 s a process on 2 cores)
test: lint system-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q

bench-cmrc: $(STAMP)
	$(BIN)/python -m evals.cmrc --out artifacts/cmrc.json --report artifacts/cmrc

bench-formats: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.formats

bench-pipeline: $(STAMP)
	$(BIN)/python -m benchmarks.pipeline

bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale

bench-reference: $(STAMP)
	$(BIN)/python -m benchmarks.reference

bench-llm: $(STAMP)
	$(BIN)/python -m benchmarks.llm

bench-load: index
	$(BIN)/python -m benchmarks.load

serve: index
	$(BIN)/reportqa serve

eval: index
	$(BIN)/reportqa eval

clean:
	rm -rf data .pytest_cache
