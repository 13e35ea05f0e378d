# Quick start: `make build` then `make test`. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build install test lint typecheck unit browser bench bench-quick bench-incremental bench-viewer bench-query screenshot lock clean

build: $(STAMP)
	$(BIN)/kg build seeds/ --out out/

install: $(STAMP)

# Installs exactly what requirements.lock pins (hash-checked), then kg itself without deps.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "kg needs Python 3.11+" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

test: $(STAMP) lint typecheck unit

# lint-imports checks the layer contracts in .importlinter (which stage may import which).
lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

# Chromium and its driver (Debian packages) for the viewer's browser tests, which skip
# without them (and fail under CI=true). Installs only if missing; needs root.
browser:
	@if [ -x /usr/bin/chromedriver ]; then \
	  echo "chromium-driver is installed: /usr/bin/chromedriver"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
	  echo "make browser: installing chromium and chromium-driver needs root: sudo make browser" >&2; exit 1; \
	fi

# kg build against bare spaCy on Reuters-21578 and AG News (../shared/benchmarks), 1 and 2
# workers, then the no-change and +10-article rebuilds; prints one table. Takes about 40
# minutes on 2 cores; then bench-incremental. Not part of test. `make bench-quick` runs both
# on the first 500 records.
bench: $(STAMP)
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/incremental_bench.py

bench-quick: $(STAMP)
	$(BIN)/python bench/build_bench.py --limit 500 --repeat 3
	$(BIN)/python bench/incremental_bench.py --limit 500 --copies 2

# Issue 18's incremental rows: a first build, then +10 and +100 articles on Reuters-21578,
# +10 on AG News, +100 on a corpus of 100,000 re-keyed copies of both, each checked against
# a build from scratch of the same inputs. Takes about two hours on 2 cores (the scaled
# corpus most of it); one scenario: `bench/incremental_bench.py --scenario agnews`.
bench-incremental: $(STAMP)
	$(BIN)/python bench/incremental_bench.py

# The viewer on 5,000 actors and 20,000 relations in headless Chromium (not part of test).
bench-viewer: $(STAMP) browser
	$(BIN)/python bench/viewer_bench.py

# The saved queries on a synthetic graph of one million triples: pyoxigraph vs rdflib, load
# times and median latencies in one table. Takes 10-20 minutes. Not part of test.
bench-query: $(STAMP)
	$(BIN)/python bench/query_bench.py

# Rebuilds docs/seed-graph.png, the README's picture of the seed graph's viewer.
screenshot: $(STAMP) browser
	$(BIN)/python bench/viewer_bench.py --seed-screenshot docs/seed-graph.png

# Regenerates the lock from pyproject.toml (needs `uv`; not part of the normal flow).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
