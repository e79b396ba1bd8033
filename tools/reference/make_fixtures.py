"""Regenerate the independent Python reference fixtures for BoneSim's Swift tests.

Provenance
----------
* Cell-population references come from the PyPI package ``bone-models`` 0.1.0
  (C. Modiz, MIT): its own ``calculate_steady_state()`` and its own right-hand side
  ``model.bone_cell_population_model(x, t)``, integrated with SciPy ``solve_ivp``.
* mori_tanaka_check.py (run at the end) rewrites Tests/Fixtures/reference/mori_tanaka_check.txt.
* The Lemaire PTH cross-check comes from libroadrunner simulating the curated
  BioModels SBML BIOMD0000000278 (CC0), stored at Tests/Fixtures/sbml/.

Numerics: Radau, rtol 1e-10, atol 1e-14 (cells, pM) / 1e-10 (volume fractions, %),
max_step 0.5 day, integrated piecewise between the load case's switching times.
Inside a segment [a, b] the package RHS is called with t clamped into the open
interval (a, b), so the solver never evaluates the neighbouring segment's branch of
the package's step functions at a segment end. bone-models' Scheiner RHS mutates
parameters on first use (psi_ss, OBp proliferation rate, RANKL production), so each
run uses a fresh model and is integrated from t=0 forward.

Run:  tools/reference/.venv/bin/python tools/reference/make_fixtures.py
"""
import contextlib
import io
import os

import numpy as np
import roadrunner
from scipy.integrate import solve_ivp

from bone_models.load_cases import lemaire_load_cases as llc
from bone_models.load_cases.pivonka_load_cases import Pivonka_Load_Case_1
from bone_models.load_cases.scheiner_load_cases import Scheiner_Load_Case
from bone_models.models.lemaire_model import Lemaire_Model
from bone_models.models.pivonka_model import Pivonka_Model
from bone_models.models.scheiner_model import Scheiner_Model

import mori_tanaka_check  # sibling script (tools/reference/)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "reference")
SBML = os.path.join(ROOT, "Tests", "Fixtures", "sbml", "BIOMD0000000278.xml")
RTOL, ATOL_CELL, ATOL_FRAC, MAX_STEP = 1e-10, 1e-14, 1e-10, 0.5


def quiet(fn, *args):
    """Call fn with the package's prints suppressed."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args)


def integrate(model, x0, switches, horizon, atol):
    """Integrate model RHS over [0, horizon] piecewise between switches; rows at integer days.

    Returns (days, states, note); rows stop before the first non-finite or negative state
    and note says why (empty if the run completed)."""
    edges = [0.0] + [float(s) for s in switches if 0 < s < horizon] + [float(horizon)]
    days, rows, x, note = [0], [np.asarray(x0, float)], np.asarray(x0, float), ""
    for a, b in zip(edges[:-1], edges[1:]):
        lo, hi = np.nextafter(a, b), np.nextafter(b, a)
        rhs = lambda t, y: model.bone_cell_population_model(y, min(max(t, lo), hi))
        root = lambda t, y: y[0]  # OBp crossing zero (only Lemaire case 8 does this)
        with np.errstate(all="ignore"):
            sol = solve_ivp(rhs, (a, b), x, method="Radau", rtol=RTOL, atol=atol,
                            max_step=MAX_STEP, t_eval=np.arange(a + 1, b + 1), events=root)
        ys = np.reshape(sol.y, (len(x), -1))  # solve_ivp returns [] if it failed before t_eval[0]
        for t, y in zip(sol.t, ys.T):
            if not (np.all(np.isfinite(y)) and np.all(y >= 0)):
                break
            days.append(int(round(t)))
            rows.append(y)
        if sol.status != 0 or len(sol.t) != b - a or days[-1] != b:
            crossing = sol.t_events[0]
            note = (f"OBp crosses 0 at t={crossing[0]:.6f} d; " if len(crossing) else "")
            note += f"solver stopped ({sol.message}); rows kept to day {days[-1]}"
            break
        x = sol.y[:, -1]
    return np.array(days), np.array(rows), note


def write_csv(name, header, days, rows):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(",".join(header) + "\n")
        for d, r in zip(days, rows):
            f.write(",".join([str(int(d))] + [repr(float(v)) for v in r]) + "\n")


def roadrunner_pth():
    """Lemaire PTH step (I_P = 1000 pM/day for 20 < t <= 80) on BIOMD0000000278."""
    rr = roadrunner.RoadRunner(SBML)
    rr.integrator.relative_tolerance = RTOL
    rr.integrator.absolute_tolerance = 1e-16
    rr.integrator.maximum_time_step = MAX_STEP
    rr.steadyStateSolver.relative_tolerance = 1e-20
    rr["I_P"] = 0.0
    rr.steadyState()  # moves R, B, C from the SBML's rounded initial values onto the root
    ss = np.array([rr["R"], rr["B"], rr["C"]])
    out = []
    for a, b, ip in [(0, 20, 0.0), (20, 80, 1000.0), (80, 140, 0.0)]:
        rr["I_P"] = ip
        res = rr.simulate(a, b, b - a + 1, ["time", "R", "B", "C"])
        out.append(res if not out else res[1:])
    res = np.vstack(out)
    assert np.allclose(res[:, 0], np.arange(141)), "roadrunner output grid"
    return ss, res[:, 0], res[:, 1:]


def main():
    os.makedirs(OUT, exist_ok=True)
    summary, steady = [], []

    for k in range(1, 10):
        model = Lemaire_Model(getattr(llc, f"Lemaire_Load_Case_{k}")())
        x0 = quiet(model.calculate_steady_state)
        if k == 1:
            steady.append(("lemaire2004", x0))
        lc = model.load_case
        days, rows, note = integrate(model, x0, [lc.start_time, lc.end_time], 140, ATOL_CELL)
        write_csv(f"lemaire2004_case{k}.csv", ["day", "OBp", "OBa", "OCa"], days, rows)
        summary.append(f"lemaire2004_case{k}: days 0..{days[-1]}" + (f"  [{note}]" if note else ""))

    model = Pivonka_Model(Pivonka_Load_Case_1())
    x0 = quiet(model.calculate_steady_state)
    steady.append(("pivonka2008", x0))
    lc = model.load_case
    days, rows, note = integrate(model, x0, [lc.start_time, lc.end_time], 200, ATOL_CELL)
    write_csv("pivonka2008_case1.csv", ["day", "OBp", "OBa", "OCa"], days, rows)
    summary.append(f"pivonka2008_case1: days 0..{days[-1]} {note}")

    model = Scheiner_Model(Scheiner_Load_Case())
    ss = quiet(model.calculate_steady_state)
    steady.append(("scheiner2013", ss))
    x0 = [ss[0], ss[1], ss[2], 5.0, 95.0]
    lc = model.load_case
    atol = [ATOL_CELL] * 3 + [ATOL_FRAC] * 2
    days, rows, note = integrate(model, x0, [lc.start_time, lc.end_time], 3000, atol)
    write_csv("scheiner2013_case1.csv", ["day", "OBp", "OBa", "OCa", "f_vas", "f_bm"], days, rows)
    mech = model.parameters.mechanics
    summary.append(f"scheiner2013_case1: days 0..{days[-1]} {note}")
    p = model.parameters  # P_OBp froze on the last call with t <= 50; compare with its value at x0
    p_ss = (p.differentiation_rate.OBu * mech.fraction_of_OBu_differentiation_rate
            * model.calculate_TGFb_activation_OBu(ss[2], 0) / ss[0] / mech.strain_effect_on_OBp_steady_state)
    summary.append(f"  psi_ss = {float(mech.strain_energy_density_steady_state)!r} GPa; frozen P_OBp = "
                   f"{float(p.proliferation_rate.OBp)!r} /day (rel. diff to value at x0: "
                   f"{abs(p.proliferation_rate.OBp / p_ss - 1):.1e})")
    summary.append("  f_bm(%) at days 100/200/365/1000/2050/3000: "
                   + ", ".join(f"{rows[d][4]:.10g}" for d in (100, 200, 365, 1000, 2050, 3000)))

    with open(os.path.join(OUT, "steady_states.csv"), "w") as f:
        f.write("model,OBp,OBa,OCa\n")
        for name, x in steady:
            f.write(",".join([name] + [repr(float(v)) for v in x[:3]]) + "\n")
    summary += [f"steady state {n}: " + ", ".join(repr(float(v)) for v in x[:3]) for n, x in steady]

    ss, days, rows = roadrunner_pth()
    write_csv("lemaire2004_pth_roadrunner.csv", ["day", "R", "B", "C"], days, rows)
    expected = np.array([7.734e-4, 7.283e-4, 9.127e-4])
    assert np.allclose(ss, expected, rtol=1e-4), f"roadrunner steady state {ss}"
    assert np.allclose(rows[0], ss, rtol=1e-12)
    ratio = rows[80] / rows[0]
    assert np.allclose(ratio, [5.208, 2.238, 4.037], rtol=1e-3), f"day-80 ratios {ratio}"
    summary.append(f"roadrunner steady state R,B,C = {', '.join(repr(float(v)) for v in ss)}")
    summary.append(f"roadrunner day-80 ratios R,B,C = {', '.join(f'{v:.6f}' for v in ratio)}")
    case3 = np.loadtxt(os.path.join(OUT, "lemaire2004_case3.csv"), delimiter=",", skiprows=1)
    rel = np.max(np.abs(case3[:, 1:] - rows) / np.abs(rows))
    summary.append(f"max rel. diff roadrunner vs bone-models Lemaire case 3: {rel:.3e}")

    quiet(mori_tanaka_check.main)  # also regenerate mori_tanaka_check.txt
    summary.append("mori_tanaka_check.txt regenerated")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
