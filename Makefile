# flopgrid: everything a fresh machine needs, in make targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= runs

.PHONY: run test coverage bench fuzz lint clean venv chromium

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Runtime install (stamp file so repeated runs are fast).
$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/flopgrid scenarios validate --all
	$(BIN)/flopgrid plan global-36-fabs --force

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Debian's Chromium for the report's browser test (never a browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "chromium missing and cannot be installed here: the browser test will skip"; fi; }

# --dist loadscope: a module's tests run in one worker, so a module's shared fixture (plans,
# a sweep) is computed once, not once per worker: 8 min 30 s -> 7 min 34 s on 2 cores.
test: $(VENV)/.installed-dev chromium
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q -p randomly -n auto --dist loadscope --durations=12

# The same suite under coverage (line coverage by module; Python 3.11's tracer makes it
# ~45 % slower, so it is not part of make test, which must stay under 10 minutes on CI).
coverage: $(VENV)/.installed-dev chromium
	$(BIN)/pytest -q -p randomly -n auto --dist loadscope --cov=flopgrid --cov-report=term:skip-covered

# Planning scaling (flopgrid vs Pyomo, up to 1M variables), hourly dispatch, a small plan's
# own time and sweep throughput (both side by side with the commit before issue 17).
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/startup_bench.py --importtime
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/dispatch_bench.py abu-dhabi-5gw
	$(BIN)/python benchmarks/plan_speed.py --repeats 5
	$(BIN)/python benchmarks/sweep_bench.py --tasks 24
	$(BIN)/python benchmarks/warm_order.py --samples 24
	$(BIN)/python benchmarks/periods_scaling.py abu-dhabi-5gw --periods 1,2,4,8,12 --segments 6

# Hypothesis fuzzing of scenario files (scenarios validate) and series CSVs (the reader):
# 10,000 of each, zero tracebacks expected; minutes, so not part of make test.
fuzz: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/fuzz.py --scenarios 10000 --csv 10000

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
