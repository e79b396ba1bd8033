#!/usr/bin/env python3
"""A whole `bonesim run` as users see it (issue 15): wall time, throughput, peak memory and
where the time goes, over cohort sizes and threads.

    python3 Benchmarks/compare/end_to_end.py [--bonesim PATH] [--scenario natural_menopause]
        [--patients 1000 10000 100000] [--threads 1 2] [--repeats 3] [--outputs-every DAYS]

Each configuration runs `repeats` times; the table shows medians. Throughput counts the
scenario's patient-days (patients × arms × duration_days, the history run-in not counted).
Peak memory is the child's maximum resident set (wait4 rusage). The time split comes from the
run's manifest.json (`phaseSeconds`). `--outputs-every 1` rewrites the scenario with daily
outputs (output_interval_days: 1) to show what the number of output days costs.
Standard library only (no venv needed).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHASES = ["initialState", "history", "stepping", "outputs", "screening", "summaries", "writing"]


def run_once(bonesim: str, scenario: str, patients: int, threads: int, out: Path) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([bonesim, "run", scenario, "--patients", str(patients), "--threads", str(threads),
                             "--quiet", "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    if status != 0:
        raise SystemExit(f"bonesim failed ({status}): {stderr}")
    manifest = json.loads((out / "manifest.json").read_text())
    resolved = json.loads(manifest["scenarios"][0]["resolved"])
    patient_days = patients * len(resolved["arms"]) * resolved["durationDays"]
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "rate": patient_days / wall,
            "phases": manifest.get("phaseSeconds", {})}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bonesim", default=str(ROOT / ".build-release/release/bonesim"))
    p.add_argument("--scenario", default="natural_menopause")
    p.add_argument("--patients", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--outputs-every", type=int, default=None, help="rewrite output_interval_days (and drop output_days)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scenario = args.scenario
        if args.outputs_every:
            text = (ROOT / "scenarios" / f"{scenario}.yaml").read_text()
            text = re.sub(r"(?m)^output_interval_days:.*$", f"output_interval_days: {args.outputs_every}", text)
            text = re.sub(r"(?m)^output_days:.*$", "", text)
            path = Path(tmp) / f"{scenario}.yaml"
            path.write_text(text)
            scenario = str(path)
        print(f"# {args.scenario}{f', outputs every {args.outputs_every} d' if args.outputs_every else ''}; "
              f"medians of {args.repeats}; bonesim {args.bonesim}")
        print("| patients | threads | wall s | patient-days/s | peak RSS MB | " + " | ".join(PHASES) + " |")
        print("|---:|---:|---:|---:|---:|" + "---:|" * len(PHASES))
        for n in args.patients:
            for t in args.threads:
                runs = [run_once(args.bonesim, scenario, n, t, Path(tmp) / f"r{n}-{t}-{i}") for i in range(args.repeats)]
                med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
                phases = [statistics.median(r["phases"].get(k, float("nan")) for r in runs) for k in PHASES]
                print(f"| {n} | {t} | {med('wall'):.2f} | {med('rate'):.3g} | {med('rss_mb'):.0f} | "
                      + " | ".join(f"{x:.2f}" for x in phases) + " |", flush=True)


if __name__ == "__main__":
    main()
