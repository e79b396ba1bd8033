#!/usr/bin/env bash
# Side-by-side benchmark: bone-models (PyPI) vs vectorized NumPy vs BoneSim (docs/PERFORMANCE.md).
#
#   Benchmarks/compare/run.sh                 full run (N = 100,000, 10 years) + thread and N scaling
#   Benchmarks/compare/run.sh --quick --repeats 5 --floor-bone-models 100 --floor-numpy 1.5    CI variant
#
# Arguments go to compare.py (see --help). Creates Benchmarks/compare/.venv from the pinned
# requirements.txt when missing or older than it, and builds the release bonesim
# (-target-cpu native, .build-release, incremental) unless BONESIM points at a binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ] || [ "$here/requirements.txt" -nt "$venv/.installed" ]; then
  echo "run.sh: creating $venv from requirements.txt" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  touch "$venv/.installed"
fi

if [ -z "${BONESIM:-}" ]; then
  (cd "$root" && swift build -c release --scratch-path .build-release \
     -Xswiftc -target-cpu -Xswiftc native --product bonesim >&2)
  BONESIM="$root/.build-release/release/bonesim"
fi

# BoneSim splits patients over its own threads; OpenBLAS stays single-threaded (TOOLCHAIN.md).
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset: the Scheiner reference run does not call
# BLAS, and NumPy's own OpenBLAS is only used at set-up.
export OPENBLAS_NUM_THREADS=1
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
full=()
case " $* " in *" --quick "*) ;; *) full=(--scaling) ;; esac
exec "$venv/bin/python" "$here/compare.py" --bonesim "$BONESIM" "${full[@]}" "$@"
