#!/usr/bin/env bash
# Sweeps beyond one machine (docs/CLUSTER.md): the Slurm end-to-end test, then the Dask example.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/ci/slurm_e2e.sh
tools/ci/dask_example.sh
