#!/usr/bin/env bash
# CI (issue 7): the analysts' path on a fresh clone. Makes sure results/ exist (`make run` only
# if a standard scenario's files are missing: the committed ones must stay what
# `make check-results` compares against), runs `make figures` (release build, the PK scenario,
# the sweep, examples/.venv from examples/requirements.txt, every figure), runs the pandas and
# polars recipes of docs/OUTPUTS.md, then executes examples/analysis.ipynb headlessly in that
# venv (nbclient). Fails if any step or any notebook cell fails. Prints a few lines; the logs of
# a failing step are printed in full.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive OPENBLAS_NUM_THREADS=1 MPLBACKEND=Agg
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

step() { # step NAME TIMEOUT_SECONDS COMMAND...: run quietly, show the log if it fails
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  if ! timeout "$limit" "$@" >"$log/$name.log" 2>&1; then
    echo "notebook.sh: step '$name' failed (or exceeded ${limit} s):"; tail -n 60 "$log/$name.log"; exit 1
  fi
  echo "notebook.sh: $name ok ($((SECONDS - t0)) s)"
}

missing=0
for s in natural_menopause hrt_only exercise_only combined fha_energy_deficit hrt_discontinuation testosterone_anastrozole; do
  for f in summary.csv effects.csv manifest.json; do [ -f "results/$s/$f" ] || missing=1; done
done
if [ $missing -eq 1 ]; then step make-run 2400 make run; fi
step make-figures 2400 make --no-print-directory figures
step output-recipes 300 examples/.venv/bin/python tools/ci/output_recipes.py
step plot-check 600 env BONESIM=.build-release/release/bonesim examples/.venv/bin/python tools/ci/plot_check.py
step python-package 600 env BONESIM=.build-release/release/bonesim examples/.venv/bin/python tools/ci/python_package_check.py
# The notebook is committed without outputs (images would bloat the repository).
examples/.venv/bin/python -c "import json, sys; n = sum(len(c.get('outputs', [])) for c in json.load(open('examples/analysis.ipynb'))['cells']); sys.exit(f'notebook.sh: examples/analysis.ipynb is committed with {n} cell outputs: clear them' if n else 0)"
t0=$SECONDS
step notebook 900 examples/.venv/bin/python - <<'PY'
import nbformat
from nbclient import NotebookClient
nb = nbformat.read("examples/analysis.ipynb", as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "examples"}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
assert not errors, errors
print(f"{sum(c.cell_type == 'code' for c in nb.cells)} code cells executed")
PY
echo "notebook.sh: examples/analysis.ipynb executed headlessly in $((SECONDS - t0)) s; figures in results/figures/"
