PY ?= python

.PHONY: install install-dev run build test lint format bench
install:
	$(PY) -m pip install -q -r requirements.txt
install-dev:
	$(PY) -m pip install -q -r requirements-dev.txt
run: install
	$(PY) -m streamlit run app.py
build:
	$(PY) -m etl build
test: install-dev
	$(PY) -m pytest -q
lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .
bench:
	$(PY) -m benchmarks
