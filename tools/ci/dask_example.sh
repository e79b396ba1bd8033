#!/usr/bin/env bash
# Tests examples/dask_sweep.py: a 12-point sweep as 5 shards on a Dask LocalCluster (2 worker
# processes), merged and compared byte for byte with a one-process sweep. Installs dask into
# a private virtual environment (PyPI). Bounded by `timeout`.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .build-release/release/bonesim ] || make -s build >/dev/null
VENV=${DASK_VENV:-/tmp/bonesim-dask-venv}
if ! "$VENV/bin/python" -c "import dask.distributed" 2>/dev/null; then
  python3 -m venv "$VENV" 2>/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$VENV"
  }
  timeout 600 "$VENV/bin/pip" install -q "dask[distributed]"
fi
OUT=$(mktemp -d /tmp/bonesim-dask.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
timeout 600 "$VENV/bin/python" examples/dask_sweep.py Tests/Fixtures/scenarios/sweeps/cluster_grid.yaml \
  --shards 5 --out "$OUT" --bonesim .build-release/release/bonesim --check 2>/dev/null
