# Small Steps: `make run` starts the bot, `make test` runs the checks (`make test-fast` leaves
# out the slow real-process tests). Both set up .venv first, from the hashed lock files
# (requirements.lock; requirements-dev.lock adds the dev tools), then
# the project itself without dependencies. Installers' chatter goes to .venv/install.log and is
# shown only when an install fails. `make lock` refreshes the lock files after pyproject changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
STAMP_BENCH := $(VENV)/.installed-bench

LOG := $(VENV)/install.log
QUIET = >>$(LOG) 2>&1 || { cat $(LOG); exit 1; }
LOCK_FLAGS := --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links --quiet

.PHONY: run test test-fast try bench lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip $(QUIET)

$(STAMP_RUN): pyproject.toml requirements.lock | $(BIN)/python
	@echo "Installing Small Steps' dependencies (from requirements.lock)..."
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock $(QUIET)
	@$(BIN)/python -m pip install --quiet --no-deps -e . $(QUIET)
	@touch $@

$(STAMP_DEV): pyproject.toml requirements-dev.lock | $(BIN)/python
	@echo "Installing Small Steps' dependencies and dev tools (from requirements-dev.lock)..."
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock $(QUIET)
	@$(BIN)/python -m pip install --quiet --no-deps -e . $(QUIET)
	@touch $@ $(STAMP_RUN)

$(STAMP_BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@ $(STAMP_DEV) $(STAMP_RUN)

run: $(STAMP_RUN)
	@$(BIN)/python -m bot init-key
	$(BIN)/python -m bot

test: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# The same checks without the slow tests (the real bot process: crashes, chaos, outages).
test-fast: PYTEST_ARGS = -m "not slow"
test-fast: test

try: $(STAMP_RUN)
	$(BIN)/python -m bot try

bench: $(STAMP_BENCH)
	$(BIN)/python bench/run_all.py

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools $(QUIET)
	$(BIN)/pip-compile $(LOCK_FLAGS) --output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra=dev --output-file=requirements-dev.lock pyproject.toml

lint: $(STAMP_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
