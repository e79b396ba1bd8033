"""Side by side: bone-models (PyPI) vs a vectorized NumPy step vs BoneSim, one run, one script.

The same core model (Scheiner, Pivonka & Hellmich 2013: Pivonka bone-cell core, strain-energy
mechanostat, Mori–Tanaka micromechanics), the same disuse load case (axial stress −30 → −25 MPa
on days 50..<2050), a cohort of perturbed patients (patient 0 at the steady state, patient p > 0
with the three cell states × exp(0.1·z), z ~ N(0, 1) from Philox4x32-10 (seed, p) exactly as
BoneSim draws it), over `--days` days:

1. bone-models 0.1.0: each patient its own fresh `Scheiner_Model`, its own
   `calculate_steady_state()` and its own right-hand side, integrated by SciPy `solve_ivp`
   (RK45, the package's rtol = atol = 1e-8, max_step 0.5 day; piecewise between the load
   switching times with t clamped into each segment, as tools/reference/make_fixtures.py does).
   Slow, so a few patients are timed and the rate is extrapolated per patient-day.
2. NumPy: BoneSim's Scheiner2013 rates (BoneCellCore, Scheiner2013, MoriTanaka reduced to one
   3×3 solve) in the same arithmetic order, vectorized over patients (arrays of shape (N,)),
   stepped by BoneSim's split implicit Euler at one step per day; per-day cohort mean kept, as
   BoneSim does. Validated against BoneSim's output for the same cohort.
3. BoneSim: `bonesim reference scheiner2013 --load-case 1 --stepper split-euler --substeps 1`,
   release build with -target-cpu native, OPENBLAS_NUM_THREADS=1; wall time of the whole
   process (set-up, Philox draws, stepping, per-day mean, CSV), peak RSS from /usr/bin/time -f %M.

Usage (see run.sh, docs/PERFORMANCE.md):
  python compare.py [--quick] [--scaling] [--floor-bone-models R1] [--floor-numpy R2]
Exit status 1 if a ratio is below its floor or validation fails.
"""
import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_BONESIM = os.path.join(ROOT, ".build-release", "release", "bonesim")
DISUSE_DAYS = (50, 2050)  # bone-models Scheiner_Load_Case start_time, end_time
HABITUAL_MPA, DISUSE_MPA = -30.0, -25.0

# ----------------------------------------------------------------------------------------
# Philox4x32-10 and BoneSim's PatientRandom.normal (BoneSimCore/Random), vectorized.

_MASK = np.uint64(0xFFFFFFFF)


def philox4x32(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10 on uint64 arrays holding 32-bit words; key (k0, k1) Python ints."""
    m0, m1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
    c = [np.asarray(x, dtype=np.uint64) & _MASK for x in (c0, c1, c2, c3)]
    for r in range(10):
        if r > 0:
            k0 = (k0 + 0x9E3779B9) & 0xFFFFFFFF
            k1 = (k1 + 0xBB67AE85) & 0xFFFFFFFF
        p0 = m0 * c[0]
        p1 = m1 * c[2]
        c = [(p1 >> np.uint64(32)) ^ c[1] ^ np.uint64(k0), p1 & _MASK,
             (p0 >> np.uint64(32)) ^ c[3] ^ np.uint64(k1), p0 & _MASK]
    return c


def _unit(lo, hi):
    bits = ((hi << np.uint64(32)) | lo) >> np.uint64(11)
    return (bits.astype(np.float64) + 0.5) * 2.0 ** -53


def patient_normals(seed, patients, index, stream=0):
    """z for draw `index` of (seed, patient, stream) for every patient id in `patients`."""
    p = np.asarray(patients, dtype=np.uint64)
    n = p.shape[0]
    w = philox4x32(np.full(n, index, np.uint64), np.full(n, stream, np.uint64), p & _MASK,
                   p >> np.uint64(32), seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF)
    u1, u2 = _unit(w[0], w[1]), _unit(w[2], w[3])
    return np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)


def check_philox():
    """Random123 known-answer vectors (as in Tests/BoneSimCoreTests/PhiloxTests.swift)."""
    kat = [((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
           ((0xFFFFFFFF,) * 4, (0xFFFFFFFF, 0xFFFFFFFF), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
           ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
            (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1))]
    for counter, key, expected in kat:
        out = philox4x32(*[np.array([x], np.uint64) for x in counter], *key)
        assert tuple(int(o[0]) for o in out) == expected, "Philox4x32-10 known-answer mismatch"


def initial_cells(steady, seed, n):
    """(3, n) initial cells: patient 0 at steady state, p > 0 × exp(0.1·z) (BoneSim's rule)."""
    ids = np.arange(n, dtype=np.uint64)
    cells = np.empty((3, n))
    for s in range(3):
        z = patient_normals(seed, ids, s)
        cells[s] = steady[s] * np.exp(0.1 * z)
        cells[s, 0] = steady[s]
    return cells


# ----------------------------------------------------------------------------------------
# BoneSim's Scheiner2013 in NumPy (parameters: Scheiner2013+Parameters.swift).

P = dict(
    D_OBu=7.0e-4, D_OBp=0.16569631297603, A_OBa=0.211072625806496, D_OCp=2.1e-3,
    A_OCa=5.64874468409633, K_TGFb_OBu=0.000563278809675429, K_TGFb_OBp=0.000175426051821094,
    K_TGFb_OCa=0.000563278809675429, alpha_TGFb=1.0, D_TGFb=1.0, beta_PTH=250.0, D_PTH=86.0,
    K_PTH_act=150.0, K_PTH_rep=0.222581427709954, beta_OPG=162490033.7835679, OPG_max=2.0e8,
    D_OPG=0.35, N_RANKL=2703476.379131062, beta_RANKL=168.4195714712206,
    D_RANKL=10.132471014805027, K_A1=1.0e-3, K_A2=0.03411764705882353, RANK=10.0,
    K_RANKL=5.67971833061048, k_form=40.0, k_res=200.0, f_vas0=5.0, f_bm0=95.0,
    Pi_ss=0.5, Pi_max=1.0, a_P=0.1, lam=1.25, kappa=1.0e5, sigma_hab=HABITUAL_MPA,
    C11=18.5, C22=20.8, C33=28.4, C12=10.3, C13=10.4, C23=11.0, C44=12.9, C55=11.5, C66=9.3,
    k_pore=2.3, mu_pore=0.0, quadrature=50)


def mori_tanaka_blocks(p):
    """3×3 normal blocks u = (c_vas:A_vas0)_nn and c = (c_bm)_nn, as MoriTanaka.init builds them."""
    c6 = np.array([[p["C11"], p["C12"], p["C13"], 0, 0, 0], [p["C12"], p["C22"], p["C23"], 0, 0, 0],
                   [p["C13"], p["C23"], p["C33"], 0, 0, 0], [0, 0, 0, p["C44"], 0, 0],
                   [0, 0, 0, 0, p["C55"], 0], [0, 0, 0, 0, 0, p["C66"]]], float)
    vol = np.zeros((6, 6))
    vol[:3, :3] = 1.0 / 3
    pore = 3 * p["k_pore"] * vol + 2 * p["mu_pore"] * (np.eye(6) - vol)
    pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
    fac = lambda a, b: 1.0 if (a < 3 and b < 3) else (2.0 if (a >= 3 and b >= 3) else np.sqrt(2.0))
    t = np.zeros((3, 3, 3, 3))
    for ii, (i, j) in enumerate(pairs):
        for kk, (k, l) in enumerate(pairs):
            v = c6[ii, kk] / fac(ii, kk)
            for a, b in [(i, j), (j, i)]:
                for cc, d in [(k, l), (l, k)]:
                    t[a, b, cc, d] = v
    n = p["quadrature"]
    hill = np.zeros((3, 3, 3, 3))
    for q in range(n):
        phi = 2 * np.pi * q / n
        xi = np.array([np.cos(phi), np.sin(phi), 0.0])
        g = np.linalg.inv(np.einsum("j,jikl,l->ik", xi, t, xi))
        s = (np.einsum("i,jk,l->ijkl", xi, g, xi) + np.einsum("i,jl,k->ijkl", xi, g, xi)
             + np.einsum("j,ik,l->ijkl", xi, g, xi) + np.einsum("j,il,k->ijkl", xi, g, xi))
        hill += 0.25 * s / n
    h6 = np.array([[fac(ii, kk) * hill[i, j, k, l] for kk, (k, l) in enumerate(pairs)]
                   for ii, (i, j) in enumerate(pairs)])
    a0 = np.linalg.inv(np.eye(6) + h6 @ (pore - c6))
    pore_term = pore @ a0
    return pore_term[:3, :3].ravel().tolist(), c6[:3, :3].ravel().tolist()


def strain_energy(u, c, fvas, fbm, sigma):
    """MoriTanaka.strainEnergyDensity, same operation order (works on scalars and arrays)."""
    fv, fb = fvas * 0.01, fbm * 0.01
    k00 = fv * u[0] + fb * c[0]; k01 = fv * u[1] + fb * c[1]; k02 = fv * u[2] + fb * c[2]
    k10 = fv * u[3] + fb * c[3]; k11 = fv * u[4] + fb * c[4]; k12 = fv * u[5] + fb * c[5]
    k20 = fv * u[6] + fb * c[6]; k21 = fv * u[7] + fb * c[7]; k22 = fv * u[8] + fb * c[8]
    c20 = k01 * k12 - k02 * k11
    c21 = k02 * k10 - k00 * k12
    c22 = k00 * k11 - k01 * k10
    det = k20 * c20 + k21 * c21 + k22 * c22
    scale = sigma / det
    x0, x1, x2 = c20 * scale, c21 * scale, c22 * scale
    y0 = c[0] * x0 + c[1] * x1 + c[2] * x2
    y1 = c[3] * x0 + c[4] * x1 + c[5] * x2
    y2 = c[6] * x0 + c[7] * x1 + c[8] * x2
    return 0.5 * (x0 * y0 + x1 * y1 + x2 * y2)


def core_derivative(p, x):
    """BoneCellCore.derivative without inputs (steady-state search)."""
    OBp, OBa, OCa = x
    tgfb = (p["alpha_TGFb"] * OCa) / p["D_TGFb"]
    pth = p["beta_PTH"] / p["D_PTH"]
    opg_prod = p["beta_OPG"] * OBa * (p["K_PTH_rep"] / (pth + p["K_PTH_rep"]))
    opg = opg_prod / (opg_prod / p["OPG_max"] + p["D_OPG"])
    eff = p["N_RANKL"] * OBp * (pth / (pth + p["K_PTH_act"]))
    rankl = (eff / (1 + p["K_A1"] * opg + p["K_A2"] * p["RANK"]) * p["beta_RANKL"]
             / (p["beta_RANKL"] + p["D_RANKL"] * eff))
    bound = p["K_A2"] * p["RANK"] * rankl
    t_obu = tgfb / (tgfb + p["K_TGFb_OBu"])
    t_obp = p["K_TGFb_OBp"] / (tgfb + p["K_TGFb_OBp"])
    t_oca = tgfb / (tgfb + p["K_TGFb_OCa"])
    pil = bound / (bound + p["K_RANKL"])
    return np.array([p["D_OBu"] * t_obu - p["D_OBp"] * OBp * t_obp,
                     p["D_OBp"] * OBp * t_obp - p["A_OBa"] * OBa,
                     p["D_OCp"] * pil - p["A_OCa"] * OCa * t_oca])


def steady_state(p, guess=(1.0e-3, 5.0e-4, 1.0e-4)):
    """Newton with central-difference Jacobian (as BoneSimCore SteadyState), to rounding."""
    x = np.array(guess, float)
    for _ in range(50):
        f = core_derivative(p, x)
        jac = np.empty((3, 3))
        for j in range(3):
            h = 1e-6 * abs(x[j]) if x[j] != 0 else 1e-12
            e = np.zeros(3)
            e[j] = h
            jac[:, j] = (core_derivative(p, x + e) - core_derivative(p, x - e)) / (2 * h)
        step = np.linalg.solve(jac, -f)
        x = x + step
        if np.max(np.abs(step) / np.maximum(np.abs(x), 1e-300)) < 1e-14:
            break
    return x


class NumpyScheiner:
    """Scheiner2013.rates + SplitImplicitEuler over (N,) arrays. All injections are zero in
    this load case, so their `+ 0` terms are left out (x + 0 == x exactly); scalar-only
    subexpressions (PTH and its Hill factors, K_A2·RANK, D_OBu·(1 − a_P)) are computed once,
    as the Swift compiler hoists them."""

    def __init__(self, p=P):
        self.p = p
        self.u, self.c = mori_tanaka_blocks(p)
        self.ss = steady_state(p)
        self.psi_hab = strain_energy(self.u, self.c, p["f_vas0"], p["f_bm0"], p["sigma_hab"] / 1000)
        self.inv_psi_hab = 1 / self.psi_hab
        tgfb_ss = (p["alpha_TGFb"] * self.ss[2]) / p["D_TGFb"]
        t_obu_ss = tgfb_ss / (tgfb_ss + p["K_TGFb_OBu"])
        self.prolif = p["a_P"] * p["D_OBu"] * t_obu_ss / (p["Pi_ss"] * self.ss[0])
        pth = p["beta_PTH"] / p["D_PTH"]
        self.rep_pth = p["K_PTH_rep"] / (pth + p["K_PTH_rep"])
        self.act_pth = pth / (pth + p["K_PTH_act"])
        self.ka2_rank = p["K_A2"] * p["RANK"]
        self.supply = p["D_OBu"] * (1 - p["a_P"])

    def run(self, cells0, days, h=1.0):
        """Integrate from (3, N) initial cells; returns the (days + 1, 5) per-day cohort mean."""
        p, u, c = self.p, self.u, self.c
        n = cells0.shape[1]
        x = np.empty((5, n))
        x[:3] = cells0
        x[3] = p["f_vas0"]
        x[4] = p["f_bm0"]
        OBp, OBa, OCa, fvas, fbm = x
        mean = np.empty((days + 1, 5))
        mean[0] = x.mean(axis=1)
        zero = 0.0
        for d in range(days):
            sigma = (DISUSE_MPA if DISUSE_DAYS[0] <= d < DISUSE_DAYS[1] else HABITUAL_MPA) * 0.001
            # Mechanostat: MoriTanaka.strainEnergyDensity, Eq. (13)–(15).
            psi = strain_energy(u, c, fvas, fbm, sigma)
            r = (psi - self.psi_hab) * self.inv_psi_hab
            effect = np.minimum(p["Pi_ss"] * (1 + p["lam"] * np.maximum(r, zero)), p["Pi_max"])
            disuse = p["kappa"] * np.maximum(-r, zero)
            # BoneCellCore.signals, Eq. (1)–(7).
            tgfb = (p["alpha_TGFb"] * OCa) / p["D_TGFb"]
            opg_prod = p["beta_OPG"] * OBa * self.rep_pth
            opg = opg_prod / (opg_prod / p["OPG_max"] + p["D_OPG"])
            eff = p["N_RANKL"] * OBp * self.act_pth
            rankl = (eff / (1 + p["K_A1"] * opg + self.ka2_rank) * (p["beta_RANKL"] + disuse)
                     / (p["beta_RANKL"] + p["D_RANKL"] * eff))
            bound = self.ka2_rank * rankl
            t_obu = tgfb / (tgfb + p["K_TGFb_OBu"])
            t_obp = p["K_TGFb_OBp"] / (tgfb + p["K_TGFb_OBp"])
            t_oca = tgfb / (tgfb + p["K_TGFb_OCa"])
            pil = bound / (bound + p["K_RANKL"])
            # Production P and loss D, Eq. (11), (9), (10), (12).
            diff = p["D_OBp"] * t_obp
            P0 = self.supply * t_obu + self.prolif * effect * OBp
            P1 = diff * OBp
            P2 = p["D_OCp"] * pil
            D2 = p["A_OCa"] * t_oca
            form = p["k_form"] * OBa - p["k_res"] * OCa
            # SplitImplicitEuler: explicit for all but OCa, linearly implicit for OCa.
            OBp += h * (P0 - diff * OBp)
            OBa += h * (P1 - p["A_OBa"] * OBa)
            OCa += h * P2
            OCa /= 1 + h * D2
            fvas += h * (-form)
            fbm += h * form
            mean[d + 1] = x.mean(axis=1)
        return mean

    def run_preallocated(self, cells0, days, h=1.0):
        """`run` with every temporary preallocated once and every ufunc writing with `out=`
        (no allocation in the time loop); same operations in the same order."""
        p, u, c = self.p, self.u, self.c
        n = cells0.shape[1]
        x = np.empty((5, n))
        x[:3] = cells0
        x[3] = p["f_vas0"]
        x[4] = p["f_bm0"]
        OBp, OBa, OCa, fvas, fbm = x
        mean = np.empty((days + 1, 5))
        mean[0] = x.mean(axis=1)
        K = np.empty((9, n))
        w = np.empty((12, n))
        fv, fb, t, c20, c21, c22, det, x0, x1, x2, y, psi = w
        mul, add, sub, div = np.multiply, np.add, np.subtract, np.divide
        for d in range(days):
            sigma = (DISUSE_MPA if DISUSE_DAYS[0] <= d < DISUSE_DAYS[1] else HABITUAL_MPA) * 0.001
            # MoriTanaka.strainEnergyDensity
            mul(fvas, 0.01, out=fv)
            mul(fbm, 0.01, out=fb)
            for i in range(9):
                mul(fv, u[i], out=K[i])
                mul(fb, c[i], out=t)
                add(K[i], t, out=K[i])
            k00, k01, k02, k10, k11, k12, k20, k21, k22 = K
            mul(k01, k12, out=c20); mul(k02, k11, out=t); sub(c20, t, out=c20)
            mul(k02, k10, out=c21); mul(k00, k12, out=t); sub(c21, t, out=c21)
            mul(k00, k11, out=c22); mul(k01, k10, out=t); sub(c22, t, out=c22)
            mul(k20, c20, out=det); mul(k21, c21, out=t); add(det, t, out=det)
            mul(k22, c22, out=t); add(det, t, out=det)
            div(sigma, det, out=det)  # scale
            mul(c20, det, out=x0); mul(c21, det, out=x1); mul(c22, det, out=x2)
            for row, xi in ((0, x0), (1, x1), (2, x2)):
                mul(x0, c[3 * row], out=y); mul(x1, c[3 * row + 1], out=t); add(y, t, out=y)
                mul(x2, c[3 * row + 2], out=t); add(y, t, out=y)
                mul(xi, y, out=y)
                if row == 0:
                    psi, y = y, psi  # psi = x0*y0 without adding to 0 (keeps the order exact)
                else:
                    add(psi, y, out=psi)
            mul(psi, 0.5, out=psi)
            # mechanostat: r, effect (in fv), disuse (in fb)
            r = psi
            sub(r, self.psi_hab, out=r); mul(r, self.inv_psi_hab, out=r)
            np.maximum(r, 0.0, out=fv); mul(fv, p["lam"], out=fv); add(fv, 1, out=fv)
            mul(fv, p["Pi_ss"], out=fv); np.minimum(fv, p["Pi_max"], out=fv)
            effect = fv
            np.negative(r, out=fb); np.maximum(fb, 0.0, out=fb); mul(fb, p["kappa"], out=fb)
            disuse = fb
            # BoneCellCore.signals (K rows reused as scratch from here on)
            tgfb, opg, eff, rankl, tmp2, t_obu, t_obp, t_oca, pil = K
            mul(OCa, p["alpha_TGFb"], out=tgfb); div(tgfb, p["D_TGFb"], out=tgfb)
            mul(OBa, p["beta_OPG"], out=opg); mul(opg, self.rep_pth, out=opg)  # opg production
            div(opg, p["OPG_max"], out=t); add(t, p["D_OPG"], out=t); div(opg, t, out=opg)
            mul(OBp, p["N_RANKL"], out=eff); mul(eff, self.act_pth, out=eff)
            mul(opg, p["K_A1"], out=t); add(t, 1, out=t); add(t, self.ka2_rank, out=t)
            div(eff, t, out=rankl)
            add(disuse, p["beta_RANKL"], out=t); mul(rankl, t, out=rankl)
            mul(eff, p["D_RANKL"], out=t); add(t, p["beta_RANKL"], out=t); div(rankl, t, out=rankl)
            mul(rankl, self.ka2_rank, out=rankl)  # bound
            add(tgfb, p["K_TGFb_OBu"], out=t); div(tgfb, t, out=t_obu)
            add(tgfb, p["K_TGFb_OBp"], out=t); div(p["K_TGFb_OBp"], t, out=t_obp)
            add(tgfb, p["K_TGFb_OCa"], out=t); div(tgfb, t, out=t_oca)
            add(rankl, p["K_RANKL"], out=t); div(rankl, t, out=pil)
            # P, D and the split implicit Euler update
            diff = t_obp
            mul(diff, p["D_OBp"], out=diff)
            mul(t_obu, self.supply, out=t_obu)                       # supply term
            mul(effect, self.prolif, out=effect); mul(effect, OBp, out=effect)
            add(t_obu, effect, out=t_obu)                            # P0
            mul(diff, OBp, out=tmp2)                                 # P1 (from old OBp)
            mul(diff, OBp, out=t); sub(t_obu, t, out=t_obu)          # P0 - D0·OBp
            mul(t_obu, h, out=t_obu); add(OBp, t_obu, out=OBp)
            mul(OBa, p["A_OBa"], out=t); sub(tmp2, t, out=tmp2)
            mul(pil, p["D_OCp"], out=pil)                            # P2
            mul(t_oca, p["A_OCa"], out=t_oca)                        # D2
            mul(OBa, p["k_form"], out=t); mul(OCa, p["k_res"], out=y); sub(t, y, out=t)  # formation
            mul(tmp2, h, out=tmp2); add(OBa, tmp2, out=OBa)
            mul(pil, h, out=pil); add(OCa, pil, out=OCa)
            mul(t_oca, h, out=t_oca); add(t_oca, 1, out=t_oca); div(OCa, t_oca, out=OCa)
            np.negative(t, out=y); mul(y, h, out=y); add(fvas, y, out=fvas)
            mul(t, h, out=t); add(fbm, t, out=fbm)
            mean[d + 1] = x.mean(axis=1)
        return mean


# ----------------------------------------------------------------------------------------
# bone-models

def bone_models_patient(cells_factor, days):
    """One patient with bone-models: fresh model, own steady state, solve_ivp over [0, days].
    Returns (seconds, final state, RHS calls)."""
    from scipy.integrate import solve_ivp
    from bone_models.load_cases.scheiner_load_cases import Scheiner_Load_Case
    from bone_models.models.scheiner_model import Scheiner_Model

    start = time.perf_counter()
    model = Scheiner_Model(Scheiner_Load_Case())
    with contextlib.redirect_stdout(io.StringIO()):
        ss = model.calculate_steady_state()
    x = np.array([ss[0] * cells_factor[0], ss[1] * cells_factor[1], ss[2] * cells_factor[2],
                  model.parameters.bone_volume.vascular_pore_fraction,
                  model.parameters.bone_volume.bone_fraction])
    lc = model.load_case
    edges = [0.0] + [float(s) for s in (lc.start_time, lc.end_time) if 0 < s < days] + [float(days)]
    calls = 0
    for a, b in zip(edges[:-1], edges[1:]):
        lo, hi = np.nextafter(a, b), np.nextafter(b, a)

        def rhs(t, y, lo=lo, hi=hi):
            nonlocal calls
            calls += 1
            return model.bone_cell_population_model(y, min(max(t, lo), hi))

        sol = solve_ivp(rhs, (a, b), x, rtol=1e-8, atol=1e-8, max_step=0.5)
        x = sol.y[:, -1]
    return time.perf_counter() - start, x, calls


# ----------------------------------------------------------------------------------------
# BoneSim

def run_bonesim(exe, patients, days, seed, threads, out):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    cmd = [exe, "reference", "scheiner2013", "--load-case", "1", "--days", str(days),
           "--stepper", "split-euler", "--substeps", "1", "--patients", str(patients),
           "--seed", str(seed), "--threads", str(threads), "--out", out]
    # Peak RSS through /usr/bin/time: wait4's ru_maxrss of a child forked from this Python
    # process also counts the Python process's own pages (Linux keeps the pre-exec high-water mark).
    rss_file = out + ".rss"
    timer = ["/usr/bin/time", "-f", "%M", "-o", rss_file] if os.access("/usr/bin/time", os.X_OK) else []
    start = time.perf_counter()
    proc = subprocess.Popen(timer + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    peak = usage.ru_maxrss * 1024
    if timer:
        with open(rss_file) as f:
            peak = int(f.read().split()[-1]) * 1024
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bonesim failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    internal = None
    for line in err.splitlines():
        if " s (" in line and line.startswith("simulated"):
            internal = float(line.split(" in ")[1].split(" s ")[0])
    return wall, internal, peak


def read_mean_csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1)[:, 1:]


# ----------------------------------------------------------------------------------------

def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def fmt_table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(v).rjust(w) if i else str(v).ljust(w)
                                        for i, (v, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes for CI (< 2 min)")
    ap.add_argument("--patients", type=int, help="N for NumPy and BoneSim (default 100000; quick 10000)")
    ap.add_argument("--days", type=int, help="horizon (default 3650; quick 730)")
    ap.add_argument("--bm-patients", type=int, help="bone-models patients timed (default 3; quick 1)")
    ap.add_argument("--repeats", type=int, help="repeats, median quoted (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="BoneSim threads in the main table")
    ap.add_argument("--scaling", action="store_true",
                    help="also BoneSim 1 vs 2 threads and N = 1e3 … 1e6 (time, peak RSS)")
    ap.add_argument("--bonesim", default=DEFAULT_BONESIM)
    ap.add_argument("--floor-bone-models", type=float, help="fail if BoneSim/bone-models < this")
    ap.add_argument("--floor-numpy", type=float, help="fail if BoneSim/NumPy < this")
    ap.add_argument("--validate-tol", type=float, default=1e-10,
                    help="max relative difference NumPy vs BoneSim cohort mean (default 1e-10)")
    ap.add_argument("--json", help="write all numbers to this file")
    a = ap.parse_args()
    n = a.patients or (10_000 if a.quick else 100_000)
    days = a.days or (730 if a.quick else 3650)
    bm_n = a.bm_patients or (1 if a.quick else 3)
    repeats = a.repeats or 3
    if not os.access(a.bonesim, os.X_OK):
        raise SystemExit(f"no bonesim binary at {a.bonesim}; build it (see run.sh)")

    print(f"# BoneSim vs NumPy vs bone-models: Scheiner 2013, disuse load case, {days} days, seed {a.seed}")
    print(f"# host {platform.node()}, Python {platform.python_version()}, NumPy {np.__version__}, "
          f"OPENBLAS_NUM_THREADS=1 for bonesim; load average {os.getloadavg()[0]:.2f}")
    check_philox()
    results = {"days": days, "patients": n, "seed": a.seed, "repeats": repeats}
    tmpdir = tempfile.TemporaryDirectory(prefix="bonesim-compare-")
    tmp = tmpdir.name
    ok = True

    # 3. BoneSim (first: its output validates NumPy).
    out = os.path.join(tmp, "bonesim.csv")
    bs = [run_bonesim(a.bonesim, n, days, a.seed, a.threads, out) for _ in range(repeats)]
    bs_wall = statistics.median(b[0] for b in bs)
    bs_loop = statistics.median(b[1] for b in bs)
    bs_mean = read_mean_csv(out)

    # 2. NumPy.
    model = NumpyScheiner()
    cells0 = initial_cells(model.ss, a.seed, n)
    variants = {}
    max_rel = 0.0
    for name, fn in (("expressions", model.run), ("preallocated", model.run_preallocated)):
        holder = {}
        wall, times = median_time(lambda: holder.__setitem__("m", fn(cells0, days)), repeats)
        variants[name] = (wall, times)
        np_mean = holder["m"]
        rel = np.abs(np_mean - bs_mean) / np.abs(bs_mean)
        col_rel = rel.max(axis=0)
        max_rel = max(max_rel, float(rel.max()))
        print(f"# validation, NumPy ({name}) vs BoneSim per-day cohort mean, {days + 1} days × 5 "
              f"states: max relative difference {rel.max():.2e} (OBp {col_rel[0]:.1e}, OBa "
              f"{col_rel[1]:.1e}, OCa {col_rel[2]:.1e}, f_vas {col_rel[3]:.1e}, f_bm {col_rel[4]:.1e}); "
              f"bit-identical entries {np.mean(np_mean == bs_mean) * 100:.1f} %")
    if not max_rel <= a.validate_tol:
        print(f"# VALIDATION FAILED: {max_rel:.2e} > {a.validate_tol:.0e}")
        ok = False
    # One unperturbed patient (BoneSim --patients 1 writes the state itself, no mean): how far
    # apart does the per-patient arithmetic drift, and from which day?
    run_bonesim(a.bonesim, 1, days, a.seed, 1, out)
    b1, n1 = read_mean_csv(out), model.run_preallocated(cells0[:, :1], days)
    differs = np.flatnonzero(np.any(b1 != n1, axis=1))
    print(f"# validation, one patient (no averaging): bit-identical on days 0..."
          f"{(differs[0] - 1) if len(differs) else days} of {days}; max relative difference "
          f"{np.max(np.abs(b1 - n1) / np.abs(b1)):.1e} (BoneSim's rate function shares one division among "
          f"four quotients and NumPy's divides each, so the last bits differ from the first step; the Mori–Tanaka "
          f"3×3 constants also come from LAPACK here and from BoneSim's Matrix.inverse there)")
    np_name = min(variants, key=lambda k: variants[k][0])
    np_wall, np_times = variants[np_name]

    # 1. bone-models, a few patients.
    factors = np.exp(0.1 * np.stack([patient_normals(a.seed, np.arange(bm_n, dtype=np.uint64), s)
                                     for s in range(3)]))
    factors[:, 0] = 1.0
    bm = [bone_models_patient(factors[:, i], days) for i in range(bm_n)]
    bm_per_patient = statistics.median(b[0] for b in bm)
    bm_calls = statistics.median(b[2] for b in bm)
    # patient 0 (unperturbed) after `days`: continuous solution vs split Euler at 1 day
    one = model.run(cells0[:, :1], days)[-1]
    drift = np.abs(bm[0][1] - one) / np.abs(bm[0][1])
    print(f"# bone-models {bm_n} patient(s) × {days} days, {bm_calls:.0f} RHS calls each; "
          f"patient 0 at day {days} vs NumPy split Euler (h = 1 day): relative difference "
          + ", ".join(f"{v:.1e}" for v in drift) + " (integrator error, not a mismatch)")

    rate_bs = n * days / bs_wall
    rate_np = n * days / np_wall
    rate_bm = days / bm_per_patient
    r_bm, r_np = rate_bs / rate_bm, rate_bs / rate_np
    rows = [
        ["bone-models 0.1.0 (solve_ivp RK45, max_step 0.5)", bm_n, days,
         f"{bm_per_patient * bm_n:.2f}", f"{rate_bm:.3g}", f"{r_bm:,.0f}×"],
        [f"NumPy vectorized split Euler ({np_name}, 1 thread)", n, days, f"{np_wall:.2f}",
         f"{rate_np:.3g}", f"{r_np:.1f}×"],
        [f"BoneSim split Euler ({a.threads} thread{'s' if a.threads > 1 else ''})", n, days,
         f"{bs_wall:.2f}", f"{rate_bs:.3g}", "1×"],
    ]
    print()
    print(fmt_table(rows, ["implementation", "patients", "days", "wall s (median)",
                           "patient-days/s", "BoneSim/x"]))
    print(f"\nBoneSim / bone-models = {r_bm:,.0f}× (target ≥ 1000×);  BoneSim / NumPy = {r_np:.1f}× "
          f"(target ≥ 5× on one thread, ≥ 10× on two: issue 15).  bone-models: {bm_per_patient:.2f} s per patient for {days} days = "
          f"{bm_per_patient * 3650 / days:.1f} s per patient-decade.")
    print(f"BoneSim wall is the whole process; its own stepping+mean+CSV timer says "
          f"{bs_loop:.2f} s ({n * days / bs_loop:.3g} patient-days/s).  Repeats: BoneSim "
          + ", ".join(f"{b[0]:.2f}" for b in bs) + " s; NumPy " + "; ".join(
              f"{k} " + ", ".join(f"{t:.2f}" for t in v[1]) for k, v in variants.items())
          + " s (the faster variant is in the table).")
    results.update(bone_models={"patients": bm_n, "seconds_per_patient": bm_per_patient,
                                "patient_days_per_s": rate_bm, "rhs_calls": bm_calls},
                   numpy={"variant": np_name, "seconds": np_wall, "patient_days_per_s": rate_np,
                          "variants": {k: v[1] for k, v in variants.items()}},
                   bonesim={"seconds": bs_wall, "all": [b[0] for b in bs], "internal": bs_loop,
                            "patient_days_per_s": rate_bs, "peak_rss": bs[0][2]},
                   ratio_bone_models=r_bm, ratio_numpy=r_np, validation_max_rel=max_rel)

    if a.scaling:
        print("\n## BoneSim threads (N = %d, %d days)" % (n, days))
        trows, base = [], None
        for t in (1, 2):
            runs = [run_bonesim(a.bonesim, n, days, a.seed, t, out) for _ in range(repeats)]
            w = statistics.median(r[0] for r in runs)
            base = base or w
            trows.append([t, f"{w:.2f}", f"{n * days / w:.3g}", f"{base / w:.2f}×",
                          ", ".join(f"{r[0]:.2f}" for r in runs)])
            results.setdefault("threads", []).append({"threads": t, "seconds": w})
        print(fmt_table(trows, ["threads", "wall s (median)", "patient-days/s", "speed-up", "runs"]))
        print("\n## BoneSim N scaling (%d days; 1 and 2 threads; peak RSS from /usr/bin/time)" % days)
        srows = []
        for size in (1_000, 10_000, 100_000, 1_000_000):
            for t in (1, 2):
                reps = repeats if size <= 100_000 else 1
                runs = [run_bonesim(a.bonesim, size, days, a.seed, t, out) for _ in range(reps)]
                w = statistics.median(r[0] for r in runs)
                rss = max(r[2] for r in runs)
                srows.append([f"{size:,}", t, f"{w:.2f}", f"{size * days / w:.3g}",
                              f"{rss / 2**20:.0f}", reps])
                results.setdefault("scaling", []).append(
                    {"patients": size, "threads": t, "seconds": w, "peak_rss": rss})
        print(fmt_table(srows, ["patients", "threads", "wall s (median)", "patient-days/s",
                                "peak RSS MiB", "runs"]))

    for name, floor, ratio in (("bone-models", a.floor_bone_models, r_bm), ("NumPy", a.floor_numpy, r_np)):
        if floor is not None and ratio < floor:
            print(f"FAIL: BoneSim/{name} = {ratio:.1f}× is below the floor {floor}×")
            ok = False
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    tmpdir.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
