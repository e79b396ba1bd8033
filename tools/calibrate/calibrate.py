"""Fit the free parameters of BoneSim's integrated model to the `fit` rows of validation/targets.csv.

Each evaluation runs `bonesim calibrate --json --patients N --set NAME=VALUE ...`: the scenarios
named by the fit rows (standard scenarios and validation/scenarios/*.yaml) as virtual trials
with their cohorts, reading the targets from the same file `bonesim validate` reads. Rows tagged
`check` and `property` are never seen here: `bonesim validate` reports them as held-out evidence.

The residuals, per fit row: (simulated - published)/half-band when the row has a published value
(else the band midpoint), and 30 x (distance outside the band / band width). Parameters move in
log space within the bounds below; scipy.optimize.least_squares (trust-region reflective, finite
-difference Jacobian) minimises the sum of squares.

Free parameters (17) and why each is identified (docs/MODEL.md §2.12 has the sensitivity table that
`--sensitivity` prints):
  estrogen.RANKLExcess            P0: postmenopausal activation excess; C1, C4, C6 (scale of loss, HRT gain, CTX fall)
  estrogen.halfEffect             K_E: low-estrogen end of the response; C27 (14 ug patch), C29 (AI stopped)
  estrogen.osteoclastApoptosisGain a_E: estrogen on osteoclast life span; C4, C6, C29
  lumbarSpine.turnover            tau_LS: premenopausal turnover; C6 with C1 and C4. BMD rows alone see only
                                  turnover x activation excess (a ridge); the CTX fall on HRT (C6) sees the
                                  excess itself, so C6 separates them
  femoralNeck.turnover            tau_FN: FN vs LS for estrogen; C2, C23
  remodeling.estrogenBalanceDeficit d_E: irreversible loss while estrogen-deficient; C1, C16, C29
  remodeling.estrogenDeficitWaningTime T_d: how fast that under-fill wanes after the FMP; C16 vs C22
  remodeling.ageBalanceDeficit    k_d: age-related under-fill; C22, C23 (acceleration with age)
  exercise.highIntensityStimulus  x_hi: C8 (LIFTMOR 8 months)
  exercise.moderateResistanceStimulus x_mod: C9, B4
  exercise.femoralNeckShare       s_FN: FN vs LS for exercise; C9, C19
  mechanics.activationGain        q_m: fast (remodeling-space) part of exercise gains; C8 vs C18
  mechanics.sensitivityFloor      m0: mechanosensitivity without estrogen; B4 (exercise on HRT) vs the
                                  exercise rows in untreated postmenopausal women (C8, C9, C18-C20)
  mechanics.nonTargetedShare      phi_nt: share of the hormonal activation excess that loading cannot gate;
                                  C8 (exercise at a high postmenopausal activation) vs B4 (exercise on HRT)
  mechanics.modelingRate          k_mod: slow part; C18, C20
  mechanics.accommodatedFraction  rho: how much of a sustained load modeling accommodates; C18 vs C20
  estradiol.patchExponent         n_pk: exposure at low patch doses; C26 (with C5 at 50 ug/day)
Everything else is fixed at its table value.

Run from the repository root after `make build`:
    python3 tools/calibrate/calibrate.py --check          # the fit rows at the table values
    python3 tools/calibrate/calibrate.py                  # fit (300 evaluations, about 15 min on 2 cores)
    python3 tools/calibrate/calibrate.py --sensitivity    # d(row)/d(log parameter) at the table values
Needs numpy and scipy (tools/calibrate/requirements.txt). Paste the printed values into
Sources/BoneSimPhysiology/Integrated/IntegratedModel+Parameters.swift and rerun `make validate`.
"""
import argparse
import csv
import json
import math
import subprocess
import sys

import numpy as np
from scipy.optimize import least_squares

BONESIM = ".build-release/release/bonesim"
TARGETS = "validation/targets.csv"

# name: (lower, upper) bounds; the start is the value in the parameter table.
FREE = {
    "estrogen.RANKLExcess": (100.0, 3000.0),
    "estrogen.halfEffect": (0.05, 2.0),
    "estrogen.osteoclastApoptosisGain": (0.01, 0.9),
    "lumbarSpine.turnover": (0.04, 0.2),
    "femoralNeck.turnover": (0.02, 0.25),
    "remodeling.estrogenBalanceDeficit": (0.001, 0.2),
    "remodeling.estrogenDeficitWaningTime": (1.0, 40.0),
    "remodeling.ageBalanceDeficit": (1e-8, 1e-5),
    "exercise.highIntensityStimulus": (0.1, 8.0),
    "exercise.moderateResistanceStimulus": (0.01, 1.0),
    "exercise.femoralNeckShare": (0.1, 1.5),
    "mechanics.activationGain": (0.1, 10.0),
    "mechanics.sensitivityFloor": (0.02, 0.6),
    "mechanics.nonTargetedShare": (0.01, 1.0),
    "mechanics.modelingRate": (0.005, 0.5),
    "mechanics.accommodatedFraction": (0.3, 0.95),
    "estradiol.patchExponent": (1.0, 2.5),
}


def fit_rows():
    """(id, published or None, band low, band high) of every fit row."""
    rows = []
    with open(TARGETS) as f:
        for r in csv.DictReader(f):
            if r["role"] != "fit":
                continue
            low, high = float(r["band_low"]), float(r["band_high"])
            rows.append((r["id"], float(r["published"]) if r["published"] else None, low, high))
    return rows


def table_values():
    out = subprocess.run([BONESIM, "parameters", "--format", "csv"], check=True, capture_output=True, text=True).stdout
    values = {}
    for r in csv.DictReader(out.splitlines()):
        values[r["name"]] = float(r["value"])
    return {n: values[n] for n in FREE}


def simulate(values, patients, threads, all_rows=False):
    """{row id: simulated} of the fit rows (of every row of the targets file with all_rows)."""
    cmd = [BONESIM, "calibrate", "--json", "--patients", str(patients), "--threads", str(threads)]
    if all_rows:
        cmd.append("--all")
    for name, value in values.items():
        cmd += ["--set", f"{name}={value!r}"]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def residuals(sim, rows):
    out = []
    for rid, point, low, high in rows:
        x = sim[rid]
        finite = math.isfinite(low) and math.isfinite(high)
        width = (high - low) if finite else 1.0
        out.append(30.0 * max(0.0, low - x, x - high) / width)
        centre = point if point is not None else ((low + high) / 2 if finite else None)
        out.append((x - centre) / (0.5 * width) if centre is not None else 0.0)
    return np.array(out)


def objective(sim, rows):
    return float(np.sum(residuals(sim, rows) ** 2))


def to_values(z):
    return {n: float(np.clip(math.exp(v), *FREE[n])) for n, v in zip(FREE, z)}


def table(sim, rows):
    for rid, point, low, high in rows:
        ok = low <= sim[rid] <= high
        print(f"{rid:10s} {sim[rid]:10.3f}  published {point!s:>8}  band [{low}, {high}]  {'pass' if ok else 'FAIL'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the fit rows at the table values only")
    parser.add_argument("--sensitivity", action="store_true", help="print d(row)/d(log parameter) at the table values (one-sided, step 0.1; -0.1 at an upper bound)")
    parser.add_argument("--iterations", type=int, default=300, help="most model evaluations (Jacobian columns included)")
    parser.add_argument("--patients", type=int, default=100, help="patients per arm")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    rows = fit_rows()
    start = table_values()
    if args.check:
        table(simulate(start, args.patients, args.threads), rows)
        return
    if args.sensitivity:
        base = simulate(start, args.patients, args.threads)
        print("row        " + " ".join(f"{n.split('.')[-1][:10]:>10s}" for n in FREE))
        columns = {}
        for n in FREE:
            # Step down where a step up would leave the bounds (e.g. a fraction at 0.95).
            step = 0.1 if start[n] * math.exp(0.1) <= FREE[n][1] else -0.1
            moved = dict(start)
            moved[n] = start[n] * math.exp(step)
            sim = simulate(moved, args.patients, args.threads)
            columns[n] = {rid: (sim[rid] - base[rid]) / step for rid, *_ in rows}
        for rid, _, low, high in rows:
            width = (high - low) if math.isfinite(high - low) else 1.0
            print(f"{rid:10s} " + " ".join(f"{columns[n][rid] / (0.5 * width):10.3f}" for n in FREE))
        matrix = np.array([[columns[n][rid] / (0.5 * ((high - low) if math.isfinite(high - low) else 1.0))
                            for n in FREE] for rid, _, low, high in rows])
        print("singular values (scaled by half-bands):", np.round(np.linalg.svd(matrix, compute_uv=False), 3))
        return
    evaluations = [0]
    best = [math.inf, start]

    class Budget(Exception):
        pass

    def f(z):
        if evaluations[0] >= args.iterations:
            raise Budget()
        evaluations[0] += 1
        values = to_values(z)
        r = residuals(simulate(values, args.patients, args.threads), rows)
        value = float(np.sum(r ** 2))
        if value < best[0]:
            best[:] = [value, values]
            print(f"[{evaluations[0]}] objective {value:.4f} (best) " + json.dumps(values), file=sys.stderr, flush=True)
        else:
            print(f"[{evaluations[0]}] objective {value:.4f}", file=sys.stderr, flush=True)
        return r

    z0 = np.array([math.log(start[n]) for n in FREE])
    bounds = (np.log([FREE[n][0] for n in FREE]), np.log([FREE[n][1] for n in FREE]))
    try:
        least_squares(f, z0, bounds=bounds, diff_step=0.05, x_scale=1.0)
    except Budget:
        print(f"stopped after {args.iterations} evaluations (the budget)", file=sys.stderr)
    best = best[1]
    sim = simulate(best, args.patients, args.threads)
    print(f"objective {objective(sim, rows):.4f} after {evaluations[0]} evaluations")
    table(sim, rows)
    print("fitted values (paste into IntegratedModel+Parameters.swift):")
    for n, v in best.items():
        print(f"  {n} = {v:.4g}")


if __name__ == "__main__":
    sys.exit(main())
