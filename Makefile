# Everything a person repeats. `make run` and `make test` set up a fresh clone alone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: run test test-moved-clock lint bench snapshots report-png clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,lint]'
	@touch $@

run: $(STAMP)
	$(BIN)/coach $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -rs $(PYTEST_ARGS)

# The suite again with the wall clock moved (time-machine) to just after local midnight
# a year and a day ahead: it must pass whatever the machine's clock says. The tmux tests
# run the installed command, whose clock cannot be moved from here; they are left out.
test-moved-clock: $(STAMP)
	COACH_TEST_WALL_CLOCK=ahead $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -rs -m "not e2e" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check coach tests bench
	$(BIN)/ruff check coach tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/timer.py
	$(BIN)/python bench/diary.py
	$(BIN)/python bench/save.py
	$(BIN)/python bench/busy.py

# docs/report.png, the README's picture of `coach report`, made by headless Chromium.
report-png: $(STAMP)
	COACH_WRITE_DOCS=1 $(BIN)/python -m pytest -q -n 1 tests/cli/test_report_browser.py

snapshots: $(STAMP)
	$(BIN)/python -m pytest tests/snapshots --snapshot-update -q
	@echo "Look at the SVGs in tests/snapshots/__snapshots__ before committing."

clean:
	rm -rf $(VENV) dist build
