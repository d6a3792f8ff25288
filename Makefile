PY ?= python
PIP ?= $(PY) -m pip

.PHONY: run install install-dev system-deps build test lint lint-install format bench

## The README's first command: install, then start the dashboard on the embedded data.
run: install
	$(PY) -m streamlit run app.py

install:
	$(PIP) install -q -r requirements.txt

install-dev:
	$(PIP) install -q -r requirements-dev.txt

## Chromium and CJK fonts from Debian, for image export and the browser tests.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "chromium and fonts-noto-cjk present"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		echo "warning: install chromium and fonts-noto-cjk (sudo apt-get install chromium fonts-noto-cjk); image and browser tests will be skipped"; \
	fi

build:
	$(PY) -m etl build

## The README's second command (and what .ci/run calls): install, then run every test.
test: install-dev system-deps
	$(PY) -m pytest -q

lint-install:
	$(PIP) install -q "ruff>=0.8"

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench:
	$(PY) -m benchmarks
