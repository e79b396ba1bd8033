#!/usr/bin/env python3
"""Keep only the named metrics in package-benchmark's p90 threshold files.

    keep_threshold_metrics.py FOLDER METRIC [METRIC ...]

`swift package benchmark thresholds update` writes every metric of a benchmark; wall time and
throughput vary too much between runs of a shared machine to be checked against a fixed value,
so `make bench-thresholds` keeps the steady ones (allocations, peak memory).
"""
import json
import sys
from pathlib import Path

folder, keep = Path(sys.argv[1]), set(sys.argv[2:])
files = sorted(folder.glob("*.p90.json"))
if not files:
    sys.exit(f"no *.p90.json in {folder}")
for path in files:
    values = json.loads(path.read_text())
    missing = keep - values.keys()
    if missing:
        sys.exit(f"{path}: no {', '.join(sorted(missing))}")
    path.write_text(json.dumps({k: values[k] for k in sorted(keep)}, indent=2) + "\n")
    print(f"{path}: kept {', '.join(sorted(keep))}")
