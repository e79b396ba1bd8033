#!/usr/bin/env python3
"""Memory estimate against measured peak RSS over a grid of runs (docs/OUTPUTS.md, "Memory").

For every grid point (patients × output interval × horizon × arms × --per-patient) this writes a
scenario, runs `bonesim run` under `/usr/bin/time -v` and compares the manifest's
`memoryEstimateBytes` with the maximum resident set size. A point whose estimate exceeds
--limit-gb is run with `--max-memory LIMIT` instead, to show that it is refused (estimate read
from the message, nothing measured). `bonesim reference` points compare the estimate in its
refusal message (run with a tiny --max-memory) with the peak RSS of the real run.

Usage (from anywhere; release build first: `swift build -c release --product bonesim`):
    tools/memory/estimate_grid.py [--bonesim PATH] [--limit-gb 10] [--quick] [--json FILE]
Prints a Markdown table; exit 1 if a measured point is outside [0.9, 1.5] × peak RSS.
Standard library only; needs GNU time (`apt-get install time`).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LOW, HIGH = 0.9, 1.5


def scenario(name, patients, horizon, interval, arms, statistics):
    """A premenopausal cohort (no history before day 0), 1 to 3 arms (estradiol patches)."""
    lines = [f"name: {name}", "description: memory grid point", f"duration_days: {horizon}",
             f"output_interval_days: {interval}", "cohort:", f"  patients: {patients}", "  seed: 1",
             "  covariates:", "    patient.yearsSinceFMP: {value: -40, unit: y}", "control: control",
             "arms:", "  control:", "    description: No treatment."]
    for arm, rate in [("patch_50", 50), ("patch_25", 25)][: arms - 1]:
        lines += [f"  {arm}:", "    description: Estradiol patch.", "    dosing:",
                  f"      - {{agent: estradiol, route: transdermal, rate: {rate} ug/day, interval: 3.5 days, wear: 3.5 days}}"]
    if statistics:
        lines.append("outputs: [bmd, bmd_pct_change, estradiol, estradiol_trough, estradiol_mean_over_interval, estradiol_auc]")
    return "\n".join(lines) + "\n"


def timed(command, cwd):
    """Runs `command` under /usr/bin/time -v; returns (exit code, stderr, peak RSS in bytes)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, capture_output=True, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return result.returncode, result.stderr, int(match.group(1)) * 1024 if match else None


def refused_estimate(stderr):
    match = re.search(r"needs about ([0-9.]+) GB", stderr)
    return float(match.group(1)) * 1e9 if match else None


def grid(quick):
    """(patients, interval, horizon, arms, per_patient, statistics, threads) of every point."""
    points = []
    for patients in ([1, 1000] if quick else [1, 1000, 20000]):
        for horizon in ([365] if quick else [365, 36525]):
            for interval in [1, 30, 365]:
                for arms in [1, 3]:
                    # 20,000 patients over 100 years: one arm (a run of minutes each).
                    if patients == 20000 and horizon == 36525 and arms == 3:
                        continue
                    days = horizon // interval + 2
                    for per_patient in [False, True]:
                        # patients.csv rows: at most a few million (disk, time).
                        if per_patient and patients * arms * days > 3e6:
                            continue
                        points.append((patients, interval, horizon, arms, per_patient, False, 1))
    # Interval statistics (their window index) and two threads (one malloc arena each).
    points.append((1, 1, 36525, 3, False, True, 1))
    points.append((1000, 1, 365, 3, False, True, 1))
    if not quick:
        points.append((20000, 1, 365, 1, False, False, 2))
        points.append((20000, 30, 36525, 1, False, False, 2))
    return points


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bonesim", default=os.path.join(ROOT, ".build/release/bonesim"))
    parser.add_argument("--limit-gb", type=float, default=10.0,
                        help="points estimated above this are only shown to be refused (default 10)")
    parser.add_argument("--quick", action="store_true", help="1 and 1,000 patients over 1 year only")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    bonesim = os.path.abspath(args.bonesim)
    work = tempfile.mkdtemp(prefix="bonesim-memory-grid-")
    rows = []
    print("| patients | output interval | horizon | arms | per-patient | other | estimate | peak RSS | estimate / peak |")
    print("| ---: | ---: | ---: | ---: | :---: | --- | ---: | ---: | ---: |")
    try:
        for k, (patients, interval, horizon, arms, per_patient, statistics, threads) in enumerate(grid(args.quick)):
            name = f"grid{k}"
            path = os.path.join(work, name + ".yaml")
            with open(path, "w") as f:
                f.write(scenario(name, patients, horizon, interval, arms, statistics))
            out = os.path.join(work, name + "_out")
            flags = ["--quiet", "--threads", str(threads)] + (["--per-patient"] if per_patient else [])
            # The estimate first: a point above the limit is only refused.
            probe = subprocess.run([bonesim, "run", path, "--out", out, "--max-memory", str(args.limit_gb)] + flags,
                                   capture_output=True, text=True)
            row = {"patients": patients, "intervalDays": interval, "horizonDays": horizon, "arms": arms,
                   "perPatient": per_patient, "intervalStatistics": statistics, "threads": threads}
            if probe.returncode == 2 and "needs about" in probe.stderr:
                row.update(estimate=refused_estimate(probe.stderr), peak=None, ratio=None, refused=True)
            else:
                shutil.rmtree(out, ignore_errors=True)
                code, stderr, peak = timed([bonesim, "run", path, "--out", out, "--max-memory", "1000"] + flags, work)
                if code != 0:
                    sys.exit(f"grid point {row} failed:\n{stderr}")
                with open(os.path.join(out, "manifest.json")) as f:
                    estimate = json.load(f)["memoryEstimateBytes"]
                row.update(estimate=estimate, peak=peak, ratio=estimate / peak, refused=False)
            shutil.rmtree(out, ignore_errors=True)
            rows.append(row)
            show(row)
        for model, patients, days in [("lemaire2004", 10_000_000, 10), ("scheiner2013", 4_000_000, 10),
                                      ("lemaire2004", 1, 1_000_000)]:
            out = os.path.join(work, "reference.csv")
            probe = subprocess.run([bonesim, "reference", model, "--patients", str(patients), "--days", str(days),
                                    "--out", out, "--max-memory", "0.000001"], capture_output=True, text=True)
            estimate = refused_estimate(probe.stderr)
            code, stderr, peak = timed([bonesim, "reference", model, "--patients", str(patients), "--days", str(days),
                                        "--out", out], work)
            if code != 0 or estimate is None:
                sys.exit(f"reference {model} --patients {patients} failed:\n{probe.stderr}{stderr}")
            row = {"reference": model, "patients": patients, "days": days, "estimate": estimate, "peak": peak,
                   "ratio": estimate / peak, "refused": False}
            rows.append(row)
            show(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    bad = [r for r in rows if r["ratio"] is not None and not LOW <= r["ratio"] <= HIGH]
    if bad:
        print(f"\n{len(bad)} point(s) outside [{LOW}, {HIGH}] × peak RSS", file=sys.stderr)
        sys.exit(1)


def show(row):
    gb = lambda b: f"{b / 1e9:.3f} GB"
    if "reference" in row:
        cells = [f"{row['patients']:,}", "daily", f"{row['days']:,} d", "—", "", f"reference {row['reference']}"]
    else:
        interval = {1: "daily", 30: "30 d", 365: "365 d"}[row["intervalDays"]]
        other = ", ".join(x for x in ["interval statistics" if row["intervalStatistics"] else "",
                                      f"{row['threads']} threads" if row["threads"] > 1 else ""] if x)
        cells = [f"{row['patients']:,}", interval, f"{row['horizonDays']:,} d", str(row["arms"]),
                 "yes" if row["perPatient"] else "", other]
    if row["refused"]:
        cells += [gb(row["estimate"]), "refused", "—"]
    else:
        cells += [gb(row["estimate"]), gb(row["peak"]), f"{row['ratio']:.2f}"]
    print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
