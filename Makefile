# BoneSim — the two commands of the README:
#   make run    set up, build (release) and run the built-in default into results/
#   make test   set up, build and run the test suite
# Both install Debian's libopenblas-dev and pkg-config when missing (as root, or with sudo).

SWIFT ?= swift
# Release builds use this machine's vector instructions (AVX2/AVX-512; TOOLCHAIN.md §0).
# Set NATIVE=0 for a portable baseline x86-64 build.
NATIVE ?= 1
RELEASE_FLAGS := -c release --scratch-path .build-release
ifeq ($(NATIVE),1)
RELEASE_FLAGS += -Xswiftc -target-cpu -Xswiftc native
endif
BONESIM := .build-release/release/bonesim
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# BoneSim parallelises over patients itself; OpenBLAS must stay single-threaded.
export OPENBLAS_NUM_THREADS := 1

.PHONY: all setup build run check-results validate forecast test bench bench-check bench-thresholds compare reference-fixtures clean figures figures-data

all: build

## Install system packages that are missing (libopenblas-dev, pkg-config).
setup:
	@if ! pkg-config --exists openblas 2>/dev/null; then \
	  echo "make setup: installing libopenblas-dev pkg-config"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    libopenblas-dev pkg-config >/dev/null; \
	fi

build: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product bonesim

## The parameter ensemble (docs/MODEL.md §2.13): linear surrogate of the fit rows, emcee, and
## acceptance of its draws on the real model -> validation/ensemble/, docs/figures/.
## Needs tools/calibrate/requirements.txt; the cached Jacobian is reused while it matches.
.PHONY: ensemble
ensemble: build
	python3 tools/calibrate/ensemble.py --jacobian validation/ensemble/jacobian.json

STANDARD_SCENARIOS := natural_menopause hrt_only exercise_only combined fha_energy_deficit \
  hrt_discontinuation testosterone_anastrozole

## The default job: every standard scenario into results/<scenario>/, and every published
## core model under every load case into results/reference/.
run: build
	@for s in $(STANDARD_SCENARIOS); do \
	  $(BONESIM) run $$s --out results/$$s --quiet || exit 1; \
	  echo "results/$$s/: summary.csv effects.csv manifest.json"; \
	done
	@mkdir -p results/reference
	@for spec in lemaire2004:0:9 pivonka2008:0:1 scheiner2013:0:1; do \
	  model=$${spec%%:*}; range=$${spec#*:}; first=$${range%%:*}; last=$${range##*:}; \
	  for k in $$(seq $$first $$last); do \
	    $(BONESIM) reference $$model --load-case $$k --out results/reference/$${model}_case$$k.csv 2>/dev/null || exit 1; \
	  done; \
	done
	@echo "results/reference/: one CSV per core model and load case (day,OBp,OBa,OCa[,f_vas,f_bm])"
	@echo "columns and units: docs/OUTPUTS.md; what the results show: results/README.md"

## Regenerate the standard scenarios' results and fail if summary.csv/effects.csv differ from
## the committed ones (determinism across builds and runs). OpenBLAS picks its kernels by CPU
## at run time and kernels round differently in the last digit, so the check runs with the
## kernel the committed manifests name (OPENBLAS_CORETYPE; x86-64 with AVX2).
check-results: build
	@tmp=$$(mktemp -d); status=0; \
	core=$$(sed -n 's/.*"core" *: *"\([A-Za-z0-9]*\)".*/\1/p' results/natural_menopause/manifest.json | head -1); \
	export OPENBLAS_CORETYPE=$${core:-Zen}; \
	for s in $(STANDARD_SCENARIOS); do \
	  $(BONESIM) run $$s --out $$tmp/$$s --quiet --threads 2 || exit 1; \
	  for f in summary.csv effects.csv; do \
	    cmp -s $$tmp/$$s/$$f results/$$s/$$f || { echo "results/$$s/$$f differs from a fresh run"; status=1; }; \
	  done; \
	done; rm -rf $$tmp; \
	if [ $$status -eq 0 ]; then echo "check-results: committed results reproduced byte for byte"; fi; exit $$status

## The evidence table: every target of validation/targets.csv (CI: --strict).
validate: build
	$(BONESIM) validate --out results/validation

## The worked example of docs/FORECAST.md: one woman, seven protocols.
forecast: build
	$(BONESIM) forecast examples/forecast/patient.yaml --protocols examples/forecast/protocols.yaml --threads 2

## The test suite's build: optimized, with assertions on (as in a debug build) and
## -enable-testing for @testable imports, in its own folder so the bonesim of `make build`
## stays free of test hooks. Optimized because the end-to-end tests run this build's bonesim
## on real scenarios: the whole suite takes ~45 s on a Zen 1 host, ~40 min as a debug build.
TEST_FLAGS := -c release --scratch-path .build-test -Xswiftc -enable-testing \
  -Xswiftc -assert-config -Xswiftc Debug

## The release build reproduces the committed results and every required validation target
## (CALIBRATION.md) passes; then unit, property, reference and end-to-end tests.
test: setup
	$(MAKE) --no-print-directory check-results
	$(BONESIM) validate --strict --quiet --out .build-release/validation
	$(BONESIM) forecast examples/forecast/patient.yaml --protocols examples/forecast/protocols.yaml --threads 2 --coverage 200
	$(SWIFT) build --build-tests $(TEST_FLAGS)
	$(SWIFT) test --skip-build $(TEST_FLAGS)

## Figures of every standard scenario, the forest plot, the PK and the sweep heat map, as PNG
## and SVG into results/figures/ (after `make run`), drawn by examples/bonesim_figures.py, the
## module the notebook examples/analysis.ipynb uses too. Python: examples/.venv, exact pins.
PYTHON ?= python3
FIGURES_VENV := examples/.venv

$(FIGURES_VENV)/.installed: examples/requirements.txt python/pyproject.toml $(wildcard python/bonesim/*.py)
	rm -rf $(FIGURES_VENV)
	@# Debian's python3 creates no venv without python3-venv (ensurepip): install it, then retry.
	@if ! $(PYTHON) -m venv $(FIGURES_VENV) >/dev/null 2>&1; then \
	  echo "make figures: installing python3 python3-venv"; rm -rf $(FIGURES_VENV); \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null && \
	  $(PYTHON) -m venv $(FIGURES_VENV); \
	fi
	$(FIGURES_VENV)/bin/pip install -q --disable-pip-version-check -r examples/requirements.txt
	@# The bonesim Python package (python/), which the figures and the notebook load results with.
	$(FIGURES_VENV)/bin/pip install -q --disable-pip-version-check --no-deps ./python
	@touch $@

## The runs the figures need beyond `make run` (seconds): daily hormone levels, and the sweep.
figures-data: build
	$(BONESIM) run examples/scenarios/pk_dosing_interval.yaml --out results/pk_dosing_interval --quiet
	$(BONESIM) sweep scenarios/sweeps/testosterone_exercise.yaml --out results/testosterone_exercise_sweep --quiet

figures: figures-data $(FIGURES_VENV)/.installed
	@for s in $(STANDARD_SCENARIOS); do test -f results/$$s/manifest.json || { echo "make figures: results/$$s/ missing: run 'make run' first"; exit 1; }; done
	MPLBACKEND=Agg $(FIGURES_VENV)/bin/python examples/bonesim_figures.py --results results --out results/figures

## Regenerate the reference fixtures from bone-models and libroadrunner (needs PyPI).
reference-fixtures:
	python3 -m venv tools/reference/.venv
	tools/reference/.venv/bin/pip install -q -r tools/reference/requirements.txt
	tools/reference/.venv/bin/python tools/reference/make_fixtures.py

clean:
	rm -rf .build .build-release .build-test .build-bench

## Benchmarks (ordo-one/benchmark), release build with this machine's vector instructions.
BENCHMARK = BONESIM_BENCHMARKS=1 $(SWIFT) package --scratch-path .build-bench -Xswiftc -target-cpu -Xswiftc native
bench: setup
	$(BENCHMARK) benchmark --no-progress

## CI guard: the end-to-end runs' allocations and peak memory (p90) against Benchmarks/Thresholds,
## within the tolerances in Benchmarks/CohortStep (either direction; see docs/PERFORMANCE.md).
bench-check: setup
	$(BENCHMARK) benchmark thresholds check --filter 'run\..*' --path Benchmarks/Thresholds --no-progress

## Rewrite Benchmarks/Thresholds from a run on this machine, keeping the two guarded metrics.
bench-thresholds: setup
	$(BENCHMARK) --allow-writing-to-package-directory benchmark thresholds update --filter 'run\..*' \
	  --path Benchmarks/Thresholds --no-progress
	python3 tools/ci/keep_threshold_metrics.py Benchmarks/Thresholds mallocCountTotal peakMemoryResident

## Side by side with bone-models (PyPI) and a vectorized NumPy step (docs/PERFORMANCE.md);
## needs PyPI for its venv. CI variant: Benchmarks/compare/run.sh --quick --repeats 5 --floor-bone-models 100 --floor-numpy 1.5
compare: setup
	Benchmarks/compare/run.sh
