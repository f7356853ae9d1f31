# The two commands a new machine needs: `make demo` and `make test`.
# uv is installed on first use when missing (it installs in seconds, where pip takes minutes).

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
LEDGER := $(UV) run --locked ledger

.PHONY: install demo test bench clean-demo

install:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --locked
	@# This machine sets PYTHONDONTWRITEBYTECODE, so nothing is cached on import: compile once here,
	@# or every `ledger` command pays seconds of compiling at start-up.
	@$(UV) run --locked python -m compileall -q -j 0 .venv/lib ledger predictions reports benchmarks >/dev/null

demo: install
	$(LEDGER) db upgrade
	$(LEDGER) ingest examples/articles --manifest examples/publications.toml --by "demo loader"
	$(LEDGER) due --limit 10 --by "demo loader"
	$(LEDGER) resolve --file examples/resolutions.jsonl
	$(LEDGER) report
	@echo
	@echo "Demo done: sample articles ingested into data/ledger.db (see config.toml), due claims flagged,"
	@echo "sample resolutions applied, scorecards written to reports-out/ (open reports-out/index.html)."
	@echo "Next: uv run ledger claims list --status due   |   uv run ledger resolve   |   uv run ledger --help"

test: install
	$(UV) run --locked pytest $(PYTEST_ARGS)

bench: install
	$(UV) run --locked python -m benchmarks $(BENCH_ARGS)

clean-demo:
	rm -rf data reports-out
