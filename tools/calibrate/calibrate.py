"""Fit the free parameters of BoneSim's integrated model to science/CALIBRATION.md.

Default (cohort) mode: each evaluation runs `bonesim validate --patients N --set NAME=VALUE
...`, i.e. the standard scenarios as virtual trials with their cohorts, and reads every
target of validation/targets.csv from the validation.csv it writes. `--typical` instead
runs `bonesim calibrate --json` (one typical patient per trial design; seconds per
hundred evaluations) for exploration. The objective rewards landing near the published
value of rows that have one and penalises leaving any row's acceptance band.

Free parameters (BLUEPRINT.md §7, plus the estrogen-dependent osteoclast apoptosis that
C6 needs): estrogen.RANKLExcess (P0), estrogen.halfEffect (K_E), femoralNeck.turnover
(tau_FN), mechanics.formationGain (lambda), exercise.highIntensityStimulus,
exercise.moderateResistanceStimulus, estrogen.osteoclastApoptosisGain (a_E).
Everything else is fixed at its table value (lumbarSpine.turnover is pinned: the seven
BMD rows leave a ridge along turnover, BLUEPRINT.md §7).

Run from the repository root after `make build`:
    python3 tools/calibrate/calibrate.py                 # fit on cohorts, print table and values
    python3 tools/calibrate/calibrate.py --typical       # fit on the typical patient
    python3 tools/calibrate/calibrate.py --check         # only print the table at the table values
Needs numpy and scipy (tools/calibrate/requirements.txt).
"""
import argparse
import csv
import json
import math
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import minimize

BONESIM = ".build-release/release/bonesim"

# name: (start, lower, upper) — starting values are BLUEPRINT.md §6.
FREE = {
    "estrogen.RANKLExcess": (1100.0, 200.0, 5000.0),
    "estrogen.halfEffect": (0.41, 0.15, 0.9),
    "femoralNeck.turnover": (0.09, 0.03, 0.25),
    "mechanics.formationGain": (6.4, 1.0, 30.0),
    "exercise.highIntensityStimulus": (0.27, 0.02, 1.5),
    "exercise.moderateResistanceStimulus": (0.04, 0.005, 0.5),
    "estrogen.osteoclastApoptosisGain": (0.3, 0.0, 0.8),
}

# id: (published point or None, band low, band high) — CALIBRATION.md.
TARGETS = {
    "C1": (-10.6, -12.7, -8.5),
    "C2": (-9.1, -10.9, -7.3),
    "C3 LS": (70.0, 55.0, 85.0),
    "C3 FN": (64.0, 49.0, 79.0),
    "C4": (6.76, 5.83, 7.89),
    "C6": (-60.0, -75.0, -40.0),
    "C6b": (-42.0, -55.0, -25.0),
    "C7": (1.0, 0.0, 3.0),
    "C8": (4.1, 3.0, 5.2),
    "C9": (1.03, 0.24, 1.82),
    "C16": (-1.0, -1.6, -0.4),
    "synergy": (None, 0.3, math.inf),  # property: exercise gains larger with estrogen (fit margin 0.3 pp)
    "C12 LS": (None, 0.0, math.inf),
    "C12 FN": (None, 0.0, math.inf),
}


MODE = {"typical": False, "patients": 300}


def simulate(values):
    sets = []
    for name, value in values.items():
        sets += ["--set", f"{name}={value!r}"]
    if MODE["typical"]:
        out = subprocess.run([BONESIM, "calibrate", "--json"] + sets, check=True, capture_output=True, text=True).stdout
        return json.loads(out)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([BONESIM, "validate", "--quiet", "--patients", str(MODE["patients"]), "--out", out] + sets,
                       check=True, capture_output=True, text=True)
        with open(f"{out}/validation.csv") as f:
            return {row["id"]: float(row["simulated"]) for row in csv.DictReader(f)}


def objective(values):
    sim = simulate(values)
    total = 0.0
    for row, (point, low, high) in TARGETS.items():
        if row not in sim:
            continue
        x = sim[row]
        width = (high - low) if math.isfinite(high) else 1.0
        # Leaving the band (with a 5 % margin inside it) costs a lot ...
        margin = 0.05 * width
        outside = max(0.0, (low + margin) - x, x - (high - margin)) / width
        total += 100.0 * outside ** 2
        # ... and rows with a published value pull towards it.
        if point is not None:
            total += ((x - point) / (0.5 * width)) ** 2
    return total, sim


def to_values(z):
    names = list(FREE)
    return {n: float(np.clip(math.exp(v), FREE[n][1], FREE[n][2])) if FREE[n][1] > 0 else float(np.clip(v, FREE[n][1], FREE[n][2]))
            for n, v in zip(names, z)}


def to_vector(values):
    return np.array([math.log(values[n]) if FREE[n][1] > 0 else values[n] for n in FREE])


def table(sim):
    for row, (point, low, high) in TARGETS.items():
        if row not in sim:
            continue
        ok = low <= sim[row] <= high
        print(f"{row:8s} {sim[row]:10.3f}  band [{low}, {high}]  {'pass' if ok else 'FAIL'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the table at the table values only")
    parser.add_argument("--iterations", type=int, default=600)
    parser.add_argument("--typical", action="store_true", help="fit on the typical patient (bonesim calibrate)")
    parser.add_argument("--patients", type=int, default=300, help="patients per arm in cohort mode")
    args = parser.parse_args()
    MODE["typical"] = args.typical
    MODE["patients"] = args.patients
    if args.check:
        table(simulate({}))
        return
    start = {n: v[0] for n, v in FREE.items()}
    result = minimize(lambda z: objective(to_values(z))[0], to_vector(start), method="Nelder-Mead",
                      options={"maxfev": args.iterations, "xatol": 1e-4, "fatol": 1e-6})
    best = to_values(result.x)
    value, sim = objective(best)
    print(f"objective {value:.4f} after {result.nfev} evaluations")
    table(sim)
    print("fitted values (paste into IntegratedModel+Parameters.swift):")
    for n, v in best.items():
        print(f"  {n} = {v:.6g}")


if __name__ == "__main__":
    sys.exit(main())
