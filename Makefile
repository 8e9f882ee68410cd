# The README's two commands: `make run` builds the warehouse from RAW_DIR, `make test` tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
RAW_DIR ?= data/raw
WAREHOUSE_PATH ?= data/warehouse/warehouse.duckdb
GOLD_DIR ?= gold
EXPORT_DIR ?= $(dir $(WAREHOUSE_PATH))export
REPORT_PATH ?= $(dir $(WAREHOUSE_PATH))report.html
N ?= 1000
CORPUS_DIR ?= data/corpus
BENCH_SIZES ?= 1000 10000
# A DAGSTER_HOME already set in the environment wins; otherwise runs are kept in the project.
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export RAW_DIR WAREHOUSE_PATH DAGSTER_HOME REPORT_PATH EXPORT_DIR

.PHONY: install lock lint run test eval survey rebuild serve shell export report docs corpus bench clean

install: $(VENV)/.installed

# What is installed is requirements.lock, every package pinned with its hashes, so two fresh
# installs a month apart are the same; pyproject.toml keeps the ranges `make lock` resolves.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check  # a dependency added to pyproject.toml but not to the lock file fails here
	touch $@

# Resolve pyproject.toml's ranges (with the dev extra) again, for Python 3.11 on Linux. Pins
# already in the lock file are kept unless UPGRADE=1. It needs only a venv, not an install that
# passes `pip check`: a dependency just added to pyproject.toml is what it is run for.
UPGRADE ?=
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet $(if $(UPGRADE),--upgrade) --generate-hashes --extra dev --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links \
		--output-file=requirements.lock pyproject.toml

# ruff (the rule set and the formatting in pyproject.toml) on everything, mypy --strict on
# the extraction package. CI runs it before the tests.
lint: install
	$(BIN)/ruff check pipelines tests
	$(BIN)/ruff format --check pipelines tests
	$(BIN)/mypy

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $@

# The job refresh_warehouse: parse what changed, publish the warehouse, refresh the page and
# the exports. Progress shows as it goes; then what the run did (files added, changed,
# removed, unchanged; republished or not) and the warehouse's account, or the cause of a
# failure in one line. The whole Dagster log is kept in last_run.log.
run: install $(DAGSTER_HOME)/dagster.yaml
	@echo "refreshing $(WAREHOUSE_PATH) from $(RAW_DIR) (the full Dagster log: $(DAGSTER_HOME)/last_run.log)"
	@$(BIN)/dagster job execute -m pipelines.definitions -j refresh_warehouse 2>&1 \
		| tee "$(DAGSTER_HOME)/last_run.log" \
		| sed -u -n -E 's/^.* - (progress: .*|waiting: .*)$$/\1/p' ; \
		$(BIN)/python -m pipelines.reporting.summary "$(WAREHOUSE_PATH)" \
			--log "$(DAGSTER_HOME)/last_run.log" --exit-status $${PIPESTATUS[0]}

test: install
	$(BIN)/python -m pytest

eval: run
	$(BIN)/python -m pipelines.evaluation.gold --warehouse "$(WAREHOUSE_PATH)" --gold "$(GOLD_DIR)"

# How well RAW_DIR's reports are read, by their own arithmetic (no labels, no warehouse);
# a MANIFEST.tsv in the folder is compared too.
survey: install
	$(BIN)/python -m pipelines.evaluation.survey "$(RAW_DIR)"

rebuild: install
	rm -rf "$(WAREHOUSE_PATH)" "$(basename $(WAREHOUSE_PATH)).parsed" \
		"$(basename $(WAREHOUSE_PATH)).parquet" \
		"$(dir $(WAREHOUSE_PATH)).$(notdir $(basename $(WAREHOUSE_PATH))).versions"
	$(MAKE) run

serve: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m pipelines.definitions

shell: install
	$(BIN)/duckdb -readonly "$(WAREHOUSE_PATH)"

# (make run refreshes both; these write them on demand)
export: install
	@$(BIN)/python -m pipelines.reporting.export "$(WAREHOUSE_PATH)" "$(EXPORT_DIR)"

report: install
	@$(BIN)/python -m pipelines.reporting.report_page "$(WAREHOUSE_PATH)" "$(REPORT_PATH)"

docs: install
	$(BIN)/python -m pipelines.reporting.dictionary docs/data_dictionary.md

# N generated reports in CORPUS_DIR, their labels in CORPUS_DIR/gold: score them with
# make eval RAW_DIR=$(CORPUS_DIR) GOLD_DIR=$(CORPUS_DIR)/gold WAREHOUSE_PATH=/tmp/corpus.duckdb
corpus: install
	$(BIN)/python -m pipelines.synthetic.corpus "$(CORPUS_DIR)" $(N) \
		$(if $(TRADITIONAL_SHARE),--traditional-share $(TRADITIONAL_SHARE))

bench: install
	$(BIN)/python -m pipelines.synthetic.bench --sizes $(BENCH_SIZES)$(if $(BENCH_REAL), --real "$(BENCH_REAL)")

clean:
	rm -rf $(VENV) .dagster_home data/warehouse/*.duckdb data/warehouse/*.parquet \
		data/warehouse/report.html data/warehouse/export \
		data/warehouse/*.parsed data/warehouse/.*.versions
