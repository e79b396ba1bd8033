"""A parameter ensemble of BoneSim's integrated model consistent with the fit rows of validation/targets.csv.

Three stages (docs/MODEL.md §2.13):
  1. Surrogate. The fit-row outputs as a linear function of the log free parameters around the
     table values: y(z) = y0 + J (z - z0). J by one-sided finite differences, one evaluation per
     free parameter (step +0.1 in log space, -0.1 where +0.1 would leave calibrate.py's bounds),
     on the same cohorts as calibrate.py (`bonesim calibrate --json --patients 100`). Cached in
     --jacobian FILE (reused while the free parameters, their table values, the fit rows, the
     targets file and the cohort size are unchanged).
  2. Surrogate posterior. Each fit row Gaussian, centred on the published value (band midpoint
     when there is none), sigma = (band_high - band_low)/(2 x 1.96) (the band read as a 95 %
     interval); prior uniform in log space within calibrate.py's FREE bounds. Sampled with emcee
     (affine-invariant ensemble sampler, fixed seed).
  3. ABC acceptance on the real model. K candidates (default 288) drawn from the thinned chain,
     among the draws whose surrogate prediction already puts every fit row in its band (--prescreen
     band; `none` draws from every draw), are each run with the real simulator (`bonesim calibrate
     --json --all`); a candidate is accepted when every fit row lies inside its band [band_low,
     band_high]. The accepted candidates are the ensemble. About 1 candidate in 18 passes (the
     surrogate misses the real model's curvature; docs/MODEL.md §2.13), hence K = 288 rather than 48.
     A few members are also run through `bonesim validate --set ...` (full cohorts, every row).

Outputs (validation/ensemble/): parameter_ensemble.csv (wide: member, then one column per free
parameter in the unit `bonesim parameters` lists), candidates.csv (every candidate: accepted or
not, parameter values, simulated value of every row), validate_members.csv, provenance.json;
the figure docs/figures/ensemble_diagnostics.png.

Run from the repository root after `make build` (or `make ensemble`):
    python3 tools/calibrate/ensemble.py --jacobian validation/ensemble/jacobian.json
Needs numpy, scipy, emcee and matplotlib (tools/calibrate/requirements.txt).
"""
import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibrate  # noqa: E402  (FREE, fit_rows, simulate, table_values)
from calibrate import FREE, fit_rows, simulate, table_values  # noqa: E402

import emcee  # noqa: E402

ENSEMBLE_VERSION = 1
OUT = "validation/ensemble"
FIGURE = "docs/figures/ensemble_diagnostics.png"
STEP = 0.1
Z95 = 1.96
DPI = 60


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parameter_rows():
    """name -> row of `bonesim parameters --format csv` (value, unit, symbol, range, ...)."""
    out = subprocess.run([calibrate.BONESIM, "parameters", "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    return {r["name"]: r for r in csv.DictReader(out.splitlines())}


def all_targets():
    with open(calibrate.TARGETS) as f:
        return list(csv.DictReader(f))


def bonesim_version():
    try:
        return subprocess.run([calibrate.BONESIM, "--version"], check=True, capture_output=True,
                              text=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError):
        return None


def git(*args):
    try:
        return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError):
        return None


# --------------------------------------------------------------------------- stage 1: surrogate

def jacobian(args, rows, start, targets_sha):
    """Base outputs y0 and J[row, parameter] = d y / d log parameter (cached in args.jacobian)."""
    names = list(FREE)
    key = {
        "free": names,
        "table_values": {n: start[n] for n in names},
        "fit_rows": [r[0] for r in rows],
        "targets_sha256": targets_sha,
        "patients": args.patients,
        "step": STEP,
    }
    if args.jacobian and os.path.exists(args.jacobian):
        with open(args.jacobian) as f:
            cached = json.load(f)
        if cached.get("key") == key:
            log(f"surrogate: Jacobian read from {args.jacobian} (computed {cached['created']})")
            if cached.get("bonesim_sha256") != args.binary_sha:
                log("  note: it was computed with another binary (sha256 differs); the model inputs match")
            return cached, 0.0
        log(f"surrogate: {args.jacobian} is for other inputs; recomputing")
    t0 = time.time()
    base = simulate(start, args.patients, args.threads)
    log(f"surrogate: base run at the table values ({time.time() - t0:.1f} s)")
    steps, columns = {}, {}
    for n in names:
        lower, upper = FREE[n]
        h = STEP if start[n] * math.exp(STEP) <= upper else -STEP
        moved = dict(start)
        moved[n] = start[n] * math.exp(h)
        sim = simulate(moved, args.patients, args.threads)
        steps[n] = h
        columns[n] = [(sim[rid] - base[rid]) / h for rid, *_ in rows]
        log(f"  d/dlog {n} (step {h:+.1f}) done, {time.time() - t0:.0f} s")
    result = {
        "description": "fit-row outputs y(z) ~ base + J (z - log(table_values)); z = log parameter; "
                       "J by one-sided finite differences in log space (bonesim calibrate --json)",
        "key": key,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "bonesim_sha256": args.binary_sha,
        "bonesim_version": bonesim_version(),
        "steps": steps,
        "base": {rid: base[rid] for rid, *_ in rows},
        "jacobian": {rid: {n: columns[n][i] for n in names} for i, (rid, *_) in enumerate(rows)},
        "seconds": round(time.time() - t0, 1),
    }
    if args.jacobian:
        os.makedirs(os.path.dirname(args.jacobian) or ".", exist_ok=True)
        with open(args.jacobian, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        log(f"surrogate: Jacobian written to {args.jacobian}")
    return result, time.time() - t0


def likelihood_terms(rows):
    """Centre and sigma of each fit row's Gaussian."""
    centre, sigma = [], []
    for rid, point, low, high in rows:
        if not (math.isfinite(low) and math.isfinite(high)):
            raise SystemExit(f"fit row {rid} has an open band; the Gaussian needs a finite one")
        centre.append(point if point is not None else 0.5 * (low + high))
        sigma.append((high - low) / (2 * Z95))
    return np.array(centre), np.array(sigma)


# --------------------------------------------------------------------------- stage 2: emcee

class LocalLinear:
    """Round 1: y(z) = y0 + J (z - z0), the finite-difference Jacobian at the table values."""

    def __init__(self, y0, J, z0):
        self.y0, self.J, self.z0 = y0, J, z0
        self.error = np.zeros(len(y0))
        self.description = ("linear in log parameters around the table values, finite-difference Jacobian "
                            f"(one bonesim calibrate run per parameter, step {STEP} in log space)")

    def predict(self, z):
        return self.y0 + (np.atleast_2d(z) - self.z0) @ self.J.T


class Posterior:
    """Gaussian band likelihood of the fit rows under a surrogate; uniform prior on the log box."""

    def __init__(self, surrogate, centre, sigma, lo, hi):
        self.surrogate, self.centre, self.lo, self.hi = surrogate, centre, lo, hi
        self.sigma = np.sqrt(sigma ** 2 + surrogate.error ** 2)

    def predict(self, z):
        return self.surrogate.predict(z)

    def __call__(self, z):  # vectorised: z has shape (walkers, parameters)
        z = np.atleast_2d(z)
        inside = np.all((z >= self.lo) & (z <= self.hi), axis=1)
        r = (self.predict(z) - self.centre) / self.sigma
        lp = -0.5 * np.sum(r * r, axis=1)
        return np.where(inside, lp, -np.inf)


def run_emcee(post, z0, args, seed):
    ndim = len(z0)
    rng = np.random.default_rng(seed)
    p0 = z0 + 0.01 * rng.standard_normal((args.walkers, ndim))
    p0 = np.where(p0 < post.lo, 2 * post.lo - p0, p0)  # reflect into the box (two parameters sit on a bound)
    p0 = np.where(p0 > post.hi, 2 * post.hi - p0, p0)
    sampler = emcee.EnsembleSampler(args.walkers, ndim, post, vectorize=True)
    sampler.run_mcmc(p0, args.steps, rstate0=np.random.RandomState(seed).get_state(), progress=False)
    tau = sampler.get_autocorr_time(discard=args.burn, tol=0)
    return sampler, tau


# --------------------------------------------------------------------------- stage 3: ABC acceptance

class SimCache:
    """Simulated outputs by binary, cohort and parameter values (reruns skip the simulator)."""

    def __init__(self, path, binary_sha):
        self.path, self.binary_sha = path, binary_sha
        self.data = {}
        if path and os.path.exists(path):
            with open(path) as f:
                self.data = json.load(f)

    def key(self, values, patients):
        return json.dumps([self.binary_sha, patients, sorted((n, repr(v)) for n, v in values.items())])

    def get(self, values, patients):
        return self.data.get(self.key(values, patients))

    def put(self, values, patients, sim):
        self.data[self.key(values, patients)] = sim
        if self.path:
            tmp = self.path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(self.data, f)
            os.replace(tmp, self.path)


def round_value(v, lower, upper):
    return min(max(float(f"{v:.6g}"), lower), upper)


def inside(sim, rows):
    return [low <= sim[rid] <= high for rid, _, low, high in rows]


def validate_member(values, args):
    out = tempfile.mkdtemp(prefix="bonesim-ensemble-validate-")
    try:
        cmd = [calibrate.BONESIM, "validate", "--out", out, "--threads", str(args.threads), "--quiet"]
        for n, v in values.items():
            cmd += ["--set", f"{n}={v!r}"]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        with open(os.path.join(out, "validation.csv")) as f:
            return list(csv.DictReader(f))
    finally:
        shutil.rmtree(out, ignore_errors=True)


# --------------------------------------------------------------------------- figure

def draw_figure(path, names, params, start, rounds, members_z, rows, targets, args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.gridspec import GridSpec

    last = rounds[-1]
    chain_z, accepted, cand_sims = last["chain"], last["accepted"], last["sims"]
    check = [t for t in targets if t["role"] == "check"]
    fit_grid = math.ceil((len(rows) + 1) / 7)
    check_grid = math.ceil(len(check) / 7)
    ratios = [1, 1, 0.25, 1.6, 1.6, 0.3] + [1] * fit_grid + [0.2] + [1] * check_grid
    fig = plt.figure(figsize=(17, 1.45 * sum(ratios)))
    gs = GridSpec(len(ratios), 7, figure=fig, height_ratios=ratios, hspace=0.85, wspace=0.35,
                  top=0.955, bottom=0.02, left=0.03, right=0.985)
    fit_first = 6
    check_first = fit_first + fit_grid + 1
    fig.suptitle(f"BoneSim parameter ensemble: {members_z.shape[0]} members = candidates of round {last['number']} "
                 f"(of {len(accepted)}) with every fit row in its band on the real model", fontsize=14, y=0.99)

    # marginals
    for k, n in enumerate(names):
        ax = fig.add_subplot(gs[k // 7, k % 7])
        lo, hi = np.log10(FREE[n][0]), np.log10(FREE[n][1])
        bins = np.linspace(lo, hi, 31)
        if len(rounds) > 1:
            ax.hist(rounds[0]["chain"][:, k] / np.log(10), bins=bins, density=True, histtype="step", color="0.6",
                    ls=":", label="round 1 surrogate posterior")
        ax.hist(chain_z[:, k] / np.log(10), bins=bins, density=True, histtype="step", color="0.2",
                label=f"round {last['number']} surrogate posterior (emcee)")
        if len(members_z):
            ax.hist(members_z[:, k] / np.log(10), bins=bins, density=True, color="tab:blue", alpha=0.6,
                    label="accepted members")
        ax.axvline(np.log10(start[n]), color="tab:red", lw=1.5, label="table value")
        for b in (lo, hi):
            ax.axvline(b, color="k", ls="--", lw=0.8)
        ax.set_xlim(lo - 0.03 * (hi - lo), hi + 0.03 * (hi - lo))
        ticks = [lo, (lo + hi) / 2, hi]
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{10 ** t:.3g}" for t in ticks], fontsize=7)
        ax.set_yticks([])
        unit = params[n]["unit"]
        ax.set_title(f"{params[n]['symbol']} [{unit}]\n{n}", fontsize=7.5)
        if k == 0:
            handles, labels = ax.get_legend_handles_labels()
    ax = fig.add_subplot(gs[2, :])
    ax.axis("off")
    ax.legend(handles + [plt.Line2D([], [], color="k", ls="--", lw=0.8)],
              labels + ["prior bounds (log-uniform prior); x axes logarithmic"], loc="center", ncol=4,
              fontsize=9.5, frameon=False)

    # correlation heatmap of the accepted members (log parameters)
    ax = fig.add_subplot(gs[3:5, 0:3])
    if members_z.shape[0] >= 3:
        corr = np.corrcoef(members_z.T)
    else:
        corr = np.full((len(names), len(names)), np.nan)
    im = ax.imshow(corr, cmap="RdBu_r", vmin=-1, vmax=1)
    labels = [params[n]["symbol"] for n in names]
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(labels, fontsize=8)
    for i in range(len(names)):
        for j in range(len(names)):
            if np.isfinite(corr[i, j]):
                ax.text(j, i, f"{corr[i, j]:.1f}", ha="center", va="center", fontsize=5.5,
                        color="white" if abs(corr[i, j]) > 0.6 else "black")
    ax.set_title(f"pairwise correlation of log parameters, {members_z.shape[0]} accepted members", fontsize=9)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.02)

    # text block: diagnostics
    ax = fig.add_subplot(gs[3:5, 3:7])
    ax.axis("off")
    lines = ["acceptance rule: every fit row inside [band_low, band_high]",
             f"(bonesim calibrate --all, {args.patients} patients per arm); never loosened", ""]
    for rd in rounds:
        n, a = len(rd["accepted"]), sum(rd["accepted"])
        lines += [
            f"round {rd['number']}: surrogate {'local Jacobian' if rd['number'] == 1 else 'regression on real runs'}",
            f"  emcee {args.walkers} walkers x {args.steps} steps (burn {args.burn}), acceptance fraction "
            f"{rd['acceptance_fraction']:.2f}, tau max {np.max(rd['tau']):.0f}",
            f"  surrogate draws with all rows in band {100 * rd['surrogate_all_inside']:.1f} %",
            f"  candidates {n}, accepted {a} ({100 * a / max(n, 1):.0f} %), failures {rd['failed']}",
            "  rows outside among rejected: " + ", ".join(
                f"{r} {v}" for v, r in sorted(((v, r) for r, v in rd["outside_by_row"].items() if v), reverse=True)[:8]),
        ]
    lines.append(f"autocorrelation time, round {last['number']} (steps):")
    for k in range(0, len(names), 5):
        lines.append("   " + "  ".join(f"{params[n]['symbol']} {last['tau'][k + i]:.0f}" for i, n in enumerate(names[k:k + 5])))
    ax.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=8.5, family="monospace")

    # posterior predictive: every fit row, then every check row
    def strip(ax, rid, low, high, published, values_acc, values_rej, role):
        finite = [v for v in list(values_acc) + [low, high] + ([published] if published is not None else [])
                  if math.isfinite(v)]
        a, b = min(finite), max(finite)
        pad = 0.25 * (b - a if b > a else 1.0)
        xlo, xhi = a - pad, b + pad
        values_rej = np.clip(values_rej, xlo, xhi)  # rejected candidates beyond the axis sit on its edge
        ax.axvspan(max(low, xlo), min(high, xhi), color="tab:green", alpha=0.18, lw=0)
        rng = np.random.default_rng(zlib.crc32(rid.encode()))
        if len(values_rej):
            ax.scatter(values_rej, rng.uniform(-0.4, 0.4, len(values_rej)), marker="x", s=10, color="0.6", lw=0.7)
        ax.scatter(values_acc, rng.uniform(-0.4, 0.4, len(values_acc)), s=9, color="tab:blue", alpha=0.8)
        if published is not None:
            ax.axvline(published, color="k", lw=1.3)
        ax.set_xlim(xlo, xhi)
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([])
        ax.tick_params(axis="x", labelsize=6.5)
        ax.set_title(f"{rid} ({role})", fontsize=9)

    acc_idx = [i for i, a in enumerate(accepted) if a]
    rej_idx = [i for i, a in enumerate(accepted) if not a and cand_sims[i]]
    for k, (rid, point, low, high) in enumerate(rows):
        ax = fig.add_subplot(gs[fit_first + k // 7, k % 7])
        strip(ax, rid, low, high, point,
              [cand_sims[i][rid] for i in acc_idx], [cand_sims[i][rid] for i in rej_idx], "fit")
    k = len(rows)
    ax = fig.add_subplot(gs[fit_first + k // 7, k % 7:])
    ax.axis("off")
    ax.text(0, 0.5, "posterior predictive, fit rows (above) and held-out check rows (below):\n"
                    "blue dots = accepted members, grey x = rejected candidates (fit rows only;\n"
                    "those beyond the axis drawn on its edge),\n"
                    "green = band, black line = published value;\n"
                    "bonesim calibrate --all, 100 patients per arm",
            fontsize=8.5, va="center")
    for k, t in enumerate(check):
        ax = fig.add_subplot(gs[check_first + k // 7, k % 7])
        published = float(t["published"]) if t["published"] else None
        strip(ax, t["id"], float(t["band_low"]), float(t["band_high"]), published,
              [cand_sims[i][t["id"]] for i in acc_idx if t["id"] in cand_sims[i]], [], "check")
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)


# --------------------------------------------------------------------------- main

def run_round(number, surrogate, centre, sigma, lo, hi, z0, rows, names, args, cache, K):
    """emcee on one surrogate, then K candidates on the real model; returns the round's record."""
    seed = args.seed + number - 1
    t0 = time.time()
    post = Posterior(surrogate, centre, sigma, lo, hi)
    sampler, tau = run_emcee(post, z0, args, seed)
    thin = max(1, int(math.ceil(np.max(tau))))
    chain = sampler.get_chain(discard=args.burn, thin=thin, flat=True)
    acceptance_fraction = float(np.mean(sampler.acceptance_fraction))
    emcee_s = time.time() - t0
    log(f"round {number}: emcee {args.walkers} walkers x {args.steps} steps, mean acceptance fraction "
        f"{acceptance_fraction:.3f}, tau max {np.max(tau):.0f} (chain/tau = {args.steps / np.max(tau):.0f}), "
        f"thin {thin}, {len(chain)} draws")
    if args.steps < 50 * np.max(tau):
        log(f"  warning: the chain is shorter than 50 autocorrelation times ({args.steps} < 50 x {np.max(tau):.0f})")
    band_low = np.array([r[2] for r in rows])
    band_high = np.array([r[3] for r in rows])
    predicted = post.predict(chain)
    surrogate_inside = (predicted >= band_low) & (predicted <= band_high)
    surrogate_all_inside = surrogate_inside.all(axis=1)
    log(f"  surrogate: {100 * surrogate_all_inside.mean():.1f} % of the draws have every fit row in its band; per row: "
        + ", ".join(f"{r[0]} {100 * f:.0f} %" for r, f in zip(rows, surrogate_inside.mean(axis=0))))
    pool = np.flatnonzero(surrogate_all_inside) if args.prescreen == "band" else np.arange(len(chain))
    if len(pool) < K:
        log(f"  warning: only {len(pool)} draws to choose {K} candidates from (lengthen --steps)")
    rng = np.random.default_rng(seed)
    pick = pool[rng.permutation(len(pool))[:K]]  # a prefix: a smaller K runs the first K of these
    t0 = time.time()
    values_list, sims, accepted, failed, cached = [], [], [], 0, 0
    for k, i in enumerate(pick):
        values = {n: round_value(math.exp(chain[i, j]), *FREE[n]) for j, n in enumerate(names)}
        sim = cache.get(values, args.patients)
        cached += sim is not None
        if sim is None:
            try:
                sim = simulate(values, args.patients, args.threads, all_rows=True)
            except subprocess.CalledProcessError as e:
                log(f"  candidate {k + 1}: bonesim failed ({e.stderr.strip().splitlines()[-1] if e.stderr else e})")
                sim = {}
                failed += 1
            else:
                cache.put(values, args.patients, sim)
        ok = bool(sim) and all(inside(sim, rows))
        values_list.append(values)
        sims.append(sim)
        accepted.append(ok)
        log(f"  round {number} candidate {k + 1}/{len(pick)}: {'accepted' if ok else 'rejected'}"
            + ("" if ok or not sim else " (outside: " + ", ".join(
                rid for (rid, *_), o in zip(rows, inside(sim, rows)) if not o) + ")"))
    n_acc = sum(accepted)
    log(f"round {number}: {n_acc} of {len(pick)} candidates accepted ({100 * n_acc / max(len(pick), 1):.0f} %)")
    outside_by_row = {rid: sum(1 for sm, a in zip(sims, accepted) if sm and not a and not (low <= sm[rid] <= high))
                      for rid, _, low, high in rows}
    only_row = {rid: sum(1 for sm in sims if sm and [r for (r, _, lw, hg) in rows if not lw <= sm[r] <= hg] == [rid])
                for rid, *_ in rows}
    # how well the surrogate predicted the real model at the candidates
    real = np.array([[sm[rid] for rid, *_ in rows] for sm in sims if sm])
    pred = post.predict(np.log([[v[n] for n in names] for v, sm in zip(values_list, sims) if sm]))
    surrogate_rmse = np.sqrt(np.mean((real - pred) ** 2, axis=0)) if len(real) else np.full(len(rows), np.nan)
    return {
        "number": number, "seed": seed, "surrogate": surrogate, "post": post, "sampler": sampler, "tau": tau,
        "thin": thin, "chain": chain, "acceptance_fraction": acceptance_fraction,
        "surrogate_all_inside": float(surrogate_all_inside.mean()),
        "surrogate_row_inside": {r[0]: float(f) for r, f in zip(rows, surrogate_inside.mean(axis=0))},
        "pool": len(pool), "cached": cached, "values": values_list, "sims": sims, "accepted": accepted, "failed": failed,
        "outside_by_row": outside_by_row, "only_row": only_row, "surrogate_rmse": surrogate_rmse,
        "emcee_s": round(emcee_s, 1), "candidates_s": round(time.time() - t0, 1),
    }


def round_record(rd, rows, names, args):
    """The JSON description of one round."""
    n = len(rd["values"])
    n_acc = sum(rd["accepted"])
    sampler = rd["sampler"]
    return {
        "round": rd["number"],
        "seed": rd["seed"],
        "surrogate": rd["surrogate"].description,
        "likelihood_sigma": {r[0]: round(float(sg), 4) for r, sg in zip(rows, rd["post"].sigma)},
        "sampler": {
            "library": "emcee", "version": emcee.__version__, "move": "StretchMove (default, a = 2)",
            "walkers": args.walkers, "steps": args.steps, "burn_in": args.burn, "thin": rd["thin"],
            "initial": "table values + N(0, 0.01^2) in log space, reflected into the bounds",
            "mean_acceptance_fraction": round(rd["acceptance_fraction"], 4),
            "acceptance_fraction_range": [round(float(np.min(sampler.acceptance_fraction)), 4),
                                          round(float(np.max(sampler.acceptance_fraction)), 4)],
            "autocorrelation_time": {nm: round(float(t), 1) for nm, t in zip(names, rd["tau"])},
            "chain_length_over_max_tau": round(args.steps / float(np.max(rd["tau"])), 1),
            "thinned_draws": int(len(rd["chain"])),
        },
        "candidates": {
            "rule": f"the first {n} of a random permutation (numpy default_rng(seed)) of the pool (so a smaller K "
                    "runs a prefix of these); values rounded to 6 significant digits before running",
            "prescreen": args.prescreen,
            "pool": "thinned post-burn-in draws whose surrogate prediction puts every fit row inside its band"
                    if args.prescreen == "band" else "every thinned post-burn-in draw",
            "pool_size": int(rd["pool"]),
            "surrogate_all_rows_in_band_fraction": round(rd["surrogate_all_inside"], 4),
            "surrogate_row_in_band_fraction": {k: round(v, 3) for k, v in rd["surrogate_row_inside"].items()},
        },
        "counts": {"proposed": n, "accepted": n_acc, "simulator_failures": rd["failed"],
                   "acceptance_fraction": round(n_acc / max(n, 1), 4),
                   "accepted_in_first_48": sum(rd["accepted"][:48]),
                   "rejected_with_row_outside_band": rd["outside_by_row"],
                   "rejected_with_only_this_row_outside": rd["only_row"]},
        "surrogate_rmse_at_candidates": {r[0]: round(float(e), 4) for r, e in zip(rows, rd["surrogate_rmse"])},
        "seconds": {"emcee": rd["emcee_s"], "candidates": rd["candidates_s"],
                    "candidates_read_from_cache": rd["cached"]},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bonesim", default=calibrate.BONESIM, help="the bonesim executable (default: %(default)s)")
    parser.add_argument("--binary-commit", default=None,
                        help="commit the executable was built from, recorded in provenance.json when given")
    parser.add_argument("--jacobian", default=None, help="JSON file caching the surrogate (base outputs, Jacobian)")
    parser.add_argument("--patients", type=int, default=100, help="patients per arm of every evaluation")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20140, help="seed of emcee and of the candidate draw (round r: seed + r - 1)")
    parser.add_argument("--walkers", type=int, default=64)
    parser.add_argument("--steps", type=int, default=50000, help="emcee steps per walker")
    parser.add_argument("--burn", type=int, default=5000, help="emcee steps discarded")
    parser.add_argument("--candidates", type=int, default=288,
                        help="K: candidates run with the real model (about 6 s each; about 1 in 18 is accepted)")
    parser.add_argument("--prescreen", choices=["band", "none"], default="band",
                        help="band: draw candidates only among posterior draws whose surrogate prediction puts "
                             "every fit row in its band (default); none: from every draw")
    parser.add_argument("--validate-members", type=int, default=8,
                        help="accepted members also run through `bonesim validate --set` (full cohorts)")
    parser.add_argument("--out", default=OUT)
    parser.add_argument("--figure", default=FIGURE)
    parser.add_argument("--work", default=".build-ensemble", help="cache of simulated outputs (not committed)")
    args = parser.parse_args()

    calibrate.BONESIM = args.bonesim
    if not os.path.exists(args.bonesim):
        raise SystemExit(f"no bonesim at {args.bonesim}: run `make build` or pass --bonesim PATH")
    args.binary_sha = sha256_file(args.bonesim)
    created = datetime.datetime.now(datetime.timezone.utc)
    commit = git("rev-parse", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))

    rows = fit_rows()
    row_names = [r[0] for r in rows]
    targets = all_targets()
    targets_sha = sha256_file(calibrate.TARGETS)
    params = parameter_rows()
    start = table_values()
    names = list(FREE)
    lo = np.log([FREE[n][0] for n in names])
    hi = np.log([FREE[n][1] for n in names])
    z0 = np.log([start[n] for n in names])
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    cache = SimCache(os.path.join(args.work, "simulations.json") if args.work else None, args.binary_sha)

    # 1. local surrogate
    jac, jacobian_s = jacobian(args, rows, start, targets_sha)
    y0 = np.array([jac["base"][rid] for rid in row_names])
    J = np.array([[jac["jacobian"][rid][n] for n in names] for rid in row_names])
    centre, sigma = likelihood_terms(rows)
    scaled = J / sigma[:, None]
    singular = np.linalg.svd(scaled, compute_uv=False)
    singular_halfband = np.linalg.svd(J / (Z95 * sigma)[:, None], compute_uv=False)
    _, _, vt = np.linalg.svd(scaled)
    dead_rows = [rid for rid, g in zip(row_names, J) if np.all(np.abs(g) < 1e-9)]

    # 2. rounds: emcee on a surrogate, candidates on the real model
    rounds = []
    rounds.append(run_round(1, LocalLinear(y0, J, z0), centre, sigma, lo, hi, z0, rows, names, args, cache,
                            args.candidates))
    last = rounds[-1]
    cand_values, cand_sims, accepted = last["values"], last["sims"], last["accepted"]
    n_acc = sum(accepted)
    if n_acc < 10:
        log("  warning: fewer than 10 members; the acceptance rule was not loosened (raise --candidates)")

    # outputs
    os.makedirs(args.out, exist_ok=True)
    member_ids = {}
    with open(os.path.join(args.out, "parameter_ensemble.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["member"] + names)
        for k, (values, ok) in enumerate(zip(cand_values, accepted)):
            if ok:
                member_ids[k] = len(member_ids) + 1
                w.writerow([member_ids[k]] + [f"{values[n]:.6g}" for n in names])
    row_ids = [t["id"] for t in targets]
    with open(os.path.join(args.out, "candidates.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["round", "candidate", "accepted", "member"] + names + row_ids)
        for rd in rounds:
            final = rd is last
            for k, (values, sim, ok) in enumerate(zip(rd["values"], rd["sims"], rd["accepted"])):
                w.writerow([rd["number"], k + 1, "yes" if ok else "no", member_ids.get(k, "") if final else ""]
                           + [f"{values[n]:.6g}" for n in names] + [f"{sim[r]:.6g}" if r in sim else "" for r in row_ids])

    # a few members through `bonesim validate` (full cohorts, every row)
    t0 = time.time()
    validated = []
    members = [(member_ids[k], cand_values[k]) for k in sorted(member_ids)][:args.validate_members]
    with open(os.path.join(args.out, "validate_members.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        cols = ["id", "role", "required", "band_low", "band_high", "simulated", "simulated_low", "simulated_high", "pass"]
        w.writerow(["member"] + cols)
        for m, values in members:
            key = dict(values, __validate__=1.0)
            result = cache.get(key, "validate")
            if result is None:
                result = validate_member(values, args)
                cache.put(key, "validate", result)
            passes = {"fit": [0, 0], "check": [0, 0], "property": [0, 0]}
            fails = []
            for r in result:
                w.writerow([m] + [r[c] for c in cols])
                passes[r["role"]][1] += 1
                if r["pass"] == "pass":
                    passes[r["role"]][0] += 1
                else:
                    fails.append(r["id"])
            validated.append({"member": m, "pass": {k: f"{a}/{b}" for k, (a, b) in passes.items()}, "failed": fails})
            log(f"  validate member {m}: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in passes.items())
                + (f"; failed {', '.join(fails)}" if fails else ""))
    validate_s = round(time.time() - t0, 1)

    # summaries
    members_z = np.log(np.array([[cand_values[k][n] for n in names] for k in sorted(member_ids)])) \
        if member_ids else np.zeros((0, len(names)))
    chain = last["chain"]

    def q(a, p):
        return float(np.quantile(a, p)) if len(a) else None

    summary = {}
    for j, n in enumerate(names):
        width = hi[j] - lo[j]
        s = {"unit": params[n]["unit"], "symbol": params[n]["symbol"], "table_value": start[n],
             "prior_bounds": list(FREE[n])}
        for rd in rounds:
            c = rd["chain"]
            s[f"surrogate_posterior_round{rd['number']}"] = {
                "median": math.exp(q(c[:, j], 0.5)), "p05": math.exp(q(c[:, j], 0.05)), "p95": math.exp(q(c[:, j], 0.95)),
                "width90_over_prior_width90": round((q(c[:, j], 0.95) - q(c[:, j], 0.05)) / (0.9 * width), 3)}
        if len(members_z):
            s["ensemble"] = {"median": math.exp(q(members_z[:, j], 0.5)), "p05": math.exp(q(members_z[:, j], 0.05)),
                             "p95": math.exp(q(members_z[:, j], 0.95)),
                             "width90_over_prior_width90":
                                 round((q(members_z[:, j], 0.95) - q(members_z[:, j], 0.05)) / (0.9 * width), 3)}
        summary[n] = s

    provenance = {
        "ensemble_version": ENSEMBLE_VERSION,
        "created": created.isoformat(timespec="seconds"),
        "command": "python3 " + " ".join(sys.argv),
        "files": {
            "parameter_ensemble.csv": "wide: column member (1..N), then one column per free parameter, "
                                      "values in the unit `bonesim parameters` lists (units below); "
                                      "every other parameter stays at its table value",
            "candidates.csv": "every candidate run on the real model, both rounds: accepted yes/no, member number "
                              "if it is in the ensemble, parameter values, then the simulated value of every row "
                              "of validation/targets.csv (bonesim calibrate --json --all, point values)",
            "validate_members.csv": "the first members run through `bonesim validate --set` (each scenario's own cohort)",
            "jacobian.json": "the round-1 surrogate: base outputs and d(output)/d(log parameter) at the table values",
        },
        "bonesim": {"version": bonesim_version(), "executable": args.bonesim, "sha256": args.binary_sha,
                    "built_from_commit": args.binary_commit},
        "repository": {"commit": commit, "tracked_files_modified": dirty},
        "targets": {"path": calibrate.TARGETS, "sha256": targets_sha, "fit_rows": row_names,
                    "check_rows": [t["id"] for t in targets if t["role"] == "check"]},
        "free_parameters": {n: {"unit": params[n]["unit"], "symbol": params[n]["symbol"], "table_value": start[n],
                                "prior_bounds": list(FREE[n])} for n in names},
        "seed": args.seed,
        "patients_per_arm": args.patients,
        "likelihood": "each fit row Gaussian, centre = published value (band midpoint when none), "
                      "sigma = (band_high - band_low)/(2 x 1.96); rows independent",
        "prior": "uniform in log parameter within calibrate.py FREE bounds, independent",
        "jacobian": {
            "steps": jac["steps"], "evaluations": 1 + len(names),
            "singular_values_scaled_by_sigma": [round(float(x), 4) for x in singular],
            "singular_values_scaled_by_half_band": [round(float(x), 4) for x in singular_halfband],
            "least_identified_directions": [
                {"singular_value": round(float(singular[-k]), 4),
                 "loadings": {n: round(float(v), 3) for n, v in zip(names, vt[-k]) if abs(v) >= 0.2}}
                for k in (1, 2, 3)],
            "rows_no_parameter_moves": dead_rows,
        },
        "rounds": [round_record(rd, rows, names, args) for rd in rounds],
        "ensemble": f"the accepted candidates of round {last['number']}",
        "acceptance_rule": "accept a candidate when the real model (bonesim calibrate --json --all --patients "
                           f"{args.patients} --threads {args.threads} --set ...) puts every fit row inside its band "
                           "band_low <= simulated <= band_high (inclusive); no tolerance, no distance threshold; "
                           "check and property rows are never used for acceptance",
        "counts": {"proposed": len(cand_values), "accepted": n_acc,
                   "acceptance_fraction": round(n_acc / max(len(cand_values), 1), 4),
                   "real_model_runs_all_rounds": sum(len(rd["values"]) for rd in rounds) + (1 + len(names))},
        "validate_members": validated,
        "posterior": summary,
        "seconds": {"jacobian": round(jacobian_s, 1), "validate": validate_s,
                    **{f"round{rd['number']}": {"emcee": rd["emcee_s"], "candidates": rd["candidates_s"]} for rd in rounds}},
    }
    with open(os.path.join(args.out, "provenance.json"), "w") as f:
        json.dump(provenance, f, indent=1, ensure_ascii=False)
        f.write("\n")

    os.makedirs(os.path.dirname(args.figure), exist_ok=True)
    draw_figure(args.figure, names, params, start, rounds, members_z, rows, targets, args)

    # report
    print(f"singular values of J / sigma: {np.round(singular, 3).tolist()}")
    print(f"rows no free parameter moves: {', '.join(dead_rows) or 'none'}")
    for rd in rounds:
        n = len(rd["values"])
        print(f"round {rd['number']}: emcee {emcee.__version__} mean acceptance fraction {rd['acceptance_fraction']:.3f}; "
              "autocorrelation times " + ", ".join(f"{params[nm]['symbol']} {t:.0f}" for nm, t in zip(names, rd["tau"])))
        print(f"  surrogate all rows in band {100 * rd['surrogate_all_inside']:.1f} %, pool {rd['pool']}; "
              f"candidates {n}, accepted {sum(rd['accepted'])} ({100 * sum(rd['accepted']) / max(n, 1):.0f} %), "
              f"failures {rd['failed']}")
        print("  rejected with the row outside its band: " + ", ".join(f"{r} {v}" for r, v in rd["outside_by_row"].items() if v))
        print("  surrogate RMSE at the candidates: " + ", ".join(f"{r} {e:.3g}" for r, e in zip(row_names, rd["surrogate_rmse"])))
    print(f"{'parameter':38s} {'unit':7s} {'table':>9s} " + " ".join(f"{'round ' + str(rd['number']) + ' median [p05, p95]':>34s}" for rd in rounds)
          + f" {'ensemble median [p05, p95]':>34s}")
    for n, s in summary.items():
        parts = []
        for rd in rounds:
            sp = s[f"surrogate_posterior_round{rd['number']}"]
            parts.append(f"{sp['median']:.4g} [{sp['p05']:.4g}, {sp['p95']:.4g}]")
        e = s.get("ensemble")
        parts.append(f"{e['median']:.4g} [{e['p05']:.4g}, {e['p95']:.4g}]" if e else "-")
        print(f"{n:38s} {s['unit']:7s} {s['table_value']:9.4g} " + " ".join(f"{p:>34s}" for p in parts))
    for v in validated:
        print(f"validate member {v['member']}: {v['pass']} failed {v['failed']}")
    print(f"seconds: {provenance['seconds']}")
    print(f"wrote {args.out}/parameter_ensemble.csv ({n_acc} members), candidates.csv, validate_members.csv, "
          f"provenance.json; {args.figure}")


if __name__ == "__main__":
    sys.exit(main())
