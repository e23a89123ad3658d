# gongwen development commands. `make help` lists them.
# Everything runs in virtual environments under .venv*/ that the targets create, so a fresh
# machine with a Rust toolchain, Python 3 and pip needs nothing installed by hand.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
DEV := .venv
DEV_PY := $(DEV)/bin/python
TEST_VENV := .venv-test
DIST := dist

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

# The dev environment is keyed on a stamp of its requirements, not on the interpreter: the README's
# first command makes a .venv with gongwen alone, and `make test` after it must still get its tools.
DEV_STAMP := $(DEV)/.gongwen-dev-requirements
$(DEV_STAMP): requirements-dev.txt requirements-test.txt
	test -x $(DEV_PY) || $(PYTHON) -m venv $(DEV)
	$(DEV_PY) -m pip install -q --upgrade pip
	$(DEV_PY) -m pip install -q "maturin==1.16.0" -r requirements-dev.txt
	touch $@

.PHONY: install
install: $(DEV_STAMP) ## Create .venv with the dev, test and benchmark tools
	@echo "dev environment ready: source $(DEV)/bin/activate"

.PHONY: build-dev
build-dev: $(DEV_STAMP) ## Build and install gongwen into .venv (maturin develop --release)
	VIRTUAL_ENV=$(abspath $(DEV)) $(DEV)/bin/maturin develop --release

.PHONY: build-prod
build-prod: $(DEV_STAMP) ## Build the release abi3 wheel into dist/
	rm -rf $(DIST)
	$(DEV)/bin/maturin build --release --out $(DIST)

.PHONY: format
format: $(DEV_STAMP) ## Format Rust and Python code
	cargo fmt
	$(DEV)/bin/ruff format python tests benches tools
	$(DEV)/bin/ruff check --fix python tests benches tools

.PHONY: lint
lint: $(DEV_STAMP) ## cargo fmt --check, clippy -D warnings, ruff, mypy (python/gongwen)
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	$(DEV)/bin/ruff check python tests benches tools
	$(DEV)/bin/ruff format --check python tests benches tools
	$(DEV_PY) -m mypy

.PHONY: test-rs
test-rs: ## Rust tests of the core crate
	cargo test -p gongwen-core --locked

.PHONY: test-py
test-py: build-prod ## Install the built wheel into a fresh venv; check the stub; run the Python tests and the docstring examples against it
	rm -rf $(TEST_VENV)
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/python -m pip install -q --upgrade pip
	$(TEST_VENV)/bin/python -m pip install -q -r requirements-test.txt
	$(TEST_VENV)/bin/python -m pip install -q --no-index --no-deps $(DIST)/*.whl
	cd tests && ../$(TEST_VENV)/bin/python -m mypy.stubtest gongwen._core --allowlist ../tests/stubtest-allowlist.txt
	$(TEST_VENV)/bin/python -m pytest tests -p no:cacheprovider
	cd tests && ../$(TEST_VENV)/bin/python -m pytest --doctest-modules --pyargs gongwen -p no:cacheprovider -q

.PHONY: test
test: lint test-rs test-py ## Every check and test, Rust and Python (what CI runs)

.PHONY: bench
bench: build-dev ## The whole benchmark suite: the peers (tables on stdout), then criterion per Rust stage
	$(DEV_PY) benches/python/report_corpus.py
	$(DEV_PY) benches/python/report.py
	$(DEV_PY) benches/python/report_indicators.py
	$(DEV_PY) benches/python/report_lexicon.py
	cargo bench -p gongwen-core --locked

.PHONY: demo
demo: build-dev ## Run the main job on the bundled sample corpus
	$(DEV)/bin/gongwen demo

.PHONY: clean
clean: ## Remove build outputs and environments
	cargo clean
	rm -rf $(DIST) $(DEV) $(TEST_VENV)
