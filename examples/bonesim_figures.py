"""BoneSim figures: the one plotting module behind `make figures` and examples/analysis.ipynb.

Loading follows manifest.json, through the `bonesim` Python package (python/): every CSV is
read with the column types of the manifest's `columns` section (string / integer / float), and
its header must equal the manifest's column list, so a file that does not match what produced
it fails loudly instead of plotting garbage.
Units come from the manifest too (`summary.csv`'s statistics carry their unit in the `unit`
column of each row). Columns and units: docs/OUTPUTS.md.

Plot any run or sweep (`bonesim plot DIR` runs this):

    python examples/bonesim_figures.py plot RESULT_DIR [--out DIR] [--axes A B] [--fix AXIS=VALUE] [--arm ARM]

writes into DIR (default RESULT_DIR/figures) for a run: bmd.png (BMD change per arm and site,
effects vs control) and hormones.png (every serum level it has); for a sweep: heatmap_<site>.png
over two of its axes (--axes, default the first two; other axes held at --fix values, default
their first), for one arm (--arm, default the last non-control arm).

Command line (what `make figures` runs):

    python examples/bonesim_figures.py --results results --out results/figures

draws, as PNG and SVG,
  <scenario>.png            BMD change over time per arm and site (median, p05-p95 band) and,
                            with a control arm, each arm's paired effect (mean, 95 % interval),
                            published targets (validation/targets.csv) beside them
  forest.png                every arm's BMD effect vs control at the trial days, with the
                            published values of validation/targets.csv
  pk_dosing_interval.png    estradiol and testosterone day by day over 8 weeks (patch, weekly SC)
  sweep_testosterone_exercise.png  heat map: testosterone dose x exercise sessions -> BMD effect at 2 y
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

try:  # the package of python/ (pip install ./python); from the repository without installing
    from bonesim.results import PANDAS_DTYPE, OutputMismatch, column_table, load_csv, load_manifest, manifest_columns
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))
    from bonesim.results import PANDAS_DTYPE, OutputMismatch, column_table, load_csv, load_manifest, manifest_columns

STANDARD_SCENARIOS = [
    "natural_menopause",
    "hrt_only",
    "exercise_only",
    "combined",
    "fha_energy_deficit",
    "hrt_discontinuation",
    "testosterone_anastrozole",
]
SITES = ["lumbar_spine", "femoral_neck"]
SITE_LABEL = {"lumbar_spine": "Lumbar spine", "femoral_neck": "Femoral neck", "systemic": "Systemic"}
#: Fixed colours per arm position, so an arm keeps its colour across panels: 12 distinct
#: colours (the first six as before; then cyan, brown, pink, olive, navy, wine). Beyond 12 arms
#: colours repeat with a dashed line (`_arm_styles`).
COLORS = ["#4d4d4d", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
          "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#000080", "#882255"]
PUBLISHED_COLOR = "#e69f00"
DAYS_PER_YEAR = 365.25


def arm_descriptions(manifest: dict) -> dict[str, str]:
    """Arm name -> description, from the resolved scenario in the manifest."""
    resolved = json.loads(manifest["scenarios"][0]["resolved"])
    return {a["name"]: a.get("description") or "" for a in resolved["arms"]}


def scenario_description(manifest: dict) -> str:
    resolved = json.loads(manifest["scenarios"][0]["resolved"])
    return resolved.get("description") or resolved["name"]


def load_targets(path: str | Path) -> pd.DataFrame:
    """validation/targets.csv (published effects), numbers as floats (`inf` for open bands)."""
    t = pd.read_csv(path, dtype={"id": "string", "arm": "string", "comparator": "string"})
    for c in ["published", "published_low", "published_high", "band_low", "band_high", "day_end", "scale"]:
        t[c] = pd.to_numeric(t[c], errors="coerce")
    return t


def bmd_targets(targets: pd.DataFrame, scenario: str, control: str | None) -> pd.DataFrame:
    """Targets comparable with effects.csv: BMD differences of an arm vs the control arm."""
    return targets[
        (targets.scenario == scenario)
        & (targets.variable == "bmd_pct_change")
        & (targets.statistic == "difference")
        & (targets.comparator == control)
    ]


# ----------------------------------------------------------------------------------------------
# Figures


def change_targets(targets: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Targets comparable with summary.csv's means: an arm's mean BMD change from day 0."""
    start = pd.to_numeric(targets.day_start, errors="coerce")
    return targets[
        (targets.scenario == scenario)
        & (targets.variable == "bmd_pct_change")
        & (targets.statistic == "change")
        & (start == 0)
    ]


def _arm_colors(arms) -> dict:
    return {a: COLORS[i % len(COLORS)] for i, a in enumerate(arms)}


def _arm_styles(arms) -> dict:
    """Line style per arm: solid for the first 12, then dashed, dotted (colours repeat)."""
    return {a: ["-", "--", ":", "-."][(i // len(COLORS)) % 4] for i, a in enumerate(arms)}


def _years(days) -> np.ndarray:
    return np.asarray(days, dtype=float) / DAYS_PER_YEAR


def _wrap(text: str, width: int = 110) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _published_marker(ax, x, target, y_is_x=False, label=True):
    """Draws a published value (diamond with its interval) or, without one, its acceptance band."""
    lo, hi = target.published_low, target.published_high
    if not math.isnan(target.published):
        err = None
        if not (math.isnan(lo) or math.isnan(hi)):
            err = [[target.published - lo], [hi - target.published]]
        kw = dict(fmt="D", color=PUBLISHED_COLOR, ms=6, capsize=3, zorder=5)
        if y_is_x:
            ax.errorbar(target.published, x, xerr=err, **kw)
        else:
            ax.errorbar(x, target.published, yerr=err, **kw)
    else:
        blo = target.band_low if np.isfinite(target.band_low) else None
        bhi = target.band_high if np.isfinite(target.band_high) else None
        if y_is_x:
            xlim = ax.get_xlim()
            ax.plot([blo if blo is not None else xlim[0], bhi if bhi is not None else xlim[1]], [x, x],
                    color=PUBLISHED_COLOR, lw=6, alpha=0.45, solid_capstyle="butt", zorder=1)
        else:
            ylim = ax.get_ylim()
            ax.plot([x, x], [blo if blo is not None else ylim[0], bhi if bhi is not None else ylim[1]],
                    color=PUBLISHED_COLOR, lw=6, alpha=0.45, solid_capstyle="butt", zorder=1)
    if label:
        candidates = [target.published_high, target.published, target.band_high, target.band_low]
        pos = next(v for v in candidates if np.isfinite(v))
        if y_is_x:
            ax.annotate(f" {target.id}", (pos, x), fontsize=7, color="#8a5a00", va="center")
        else:
            ax.annotate(f" {target.id}", (x, pos), fontsize=7, color="#8a5a00")


def scenario_figure(summary: pd.DataFrame, effects: pd.DataFrame, manifest: dict,
                    targets: pd.DataFrame | None = None) -> plt.Figure:
    """BMD change per arm and site over time (median line, p05-p95 band); below, with a control
    arm, each arm's paired effect vs control (mean difference, 95 % interval) and the published
    targets at their trial days."""
    name = manifest["scenarios"][0]["name"]
    arms = list(dict.fromkeys(summary["arm"]))
    colors, styles = _arm_colors(arms), _arm_styles(arms)
    has_effects = len(effects) > 0
    control = effects["comparator"].iloc[0] if has_effects else arms[0]
    rows = 2 if has_effects else 1
    fig, axes = plt.subplots(rows, 2, figsize=(11, 3.7 * rows + 1.0), sharex=True, squeeze=False, layout="constrained")
    bmd = summary[summary.variable == "bmd_pct_change"]
    unit = bmd["unit"].iloc[0]
    for j, site in enumerate(SITES):
        ax = axes[0, j]
        for arm in arms:
            d = bmd[(bmd.site == site) & (bmd.arm == arm)].sort_values("day")
            x = _years(d["day"])
            ax.fill_between(x, d["p05"], d["p95"], color=colors[arm], alpha=0.15, lw=0)
            ax.plot(x, d["p50"], color=colors[arm], ls=styles[arm], lw=2, label=arm)
        ax.axhline(0, color="k", lw=0.6)
        if targets is not None:
            # Published mean changes from day 0 (validation/targets.csv `change` rows), beside
            # the simulated mean (a small open circle) at the same day.
            for t in change_targets(targets, name)[lambda t: t.site == site].itertuples():
                m = bmd[(bmd.site == site) & (bmd.arm == t.arm) & (bmd.day == int(t.day_end))]
                if not m.empty:
                    ax.plot(t.day_end / DAYS_PER_YEAR, m["mean"].iloc[0], "o", mfc="white", color=colors[t.arm], ms=6)
                _published_marker(ax, t.day_end / DAYS_PER_YEAR, t)
        ax.set_title(f"{SITE_LABEL[site]}: BMD change (median, p05-p95 of patients)", fontsize=10.5)
        ax.set_ylabel(f"BMD change from day 0 [{unit}]")
        ax.grid(alpha=0.3)
        if has_effects:
            ax2 = axes[1, j]
            e = effects[(effects.variable == "bmd_pct_change") & (effects.site == site)]
            for arm in arms:
                d = e[e.arm == arm].sort_values("day")
                if d.empty:
                    continue
                x = _years(d["day"])
                ax2.fill_between(x, d["ci_low"], d["ci_high"], color=colors[arm], alpha=0.25, lw=0)
                ax2.plot(x, d["mean_difference"], color=colors[arm], ls=styles[arm], lw=2, label=f"{arm} - {control}")
            ax2.axhline(0, color=colors[control], lw=1, ls="--")
            if targets is not None:
                for t in bmd_targets(targets, name, control)[lambda t: t.site == site].itertuples():
                    _published_marker(ax2, t.day_end / DAYS_PER_YEAR, t)
            ax2.set_title(f"{SITE_LABEL[site]}: effect vs {control} (mean, 95 % interval)", fontsize=10.5)
            ax2.set_ylabel("difference [percentage points]")
            ax2.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("years since day 0")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    if targets is not None and not (bmd_targets(targets, name, control).empty and change_targets(targets, name).empty):
        handles.append(plt.Line2D([], [], marker="D", color=PUBLISHED_COLOR, ls="none"))
        labels.append("published (validation/targets.csv)")
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 5), frameon=False, fontsize=9)
    patients = manifest.get("patients")
    fig.suptitle(f"{name}  ({patients:,} virtual patients per arm)\n{_wrap(scenario_description(manifest))}",
                 fontsize=10.5)
    return fig


def outcome_days(scenario: str, effects: pd.DataFrame, targets: pd.DataFrame | None) -> list[int]:
    """The trial days a forest plot shows: the days of the scenario's BMD targets (validation/
    targets.csv: `day_start` and `day_end`) that are output days, else the scenario's last day."""
    available = set(effects["day"].astype(int))
    days: set[int] = set()
    if targets is not None:
        t = targets[(targets.scenario == scenario) & (targets.variable == "bmd_pct_change")]
        for d in pd.concat([pd.to_numeric(t.day_start, errors="coerce"), t.day_end]).dropna():
            if int(d) in available and int(d) > 0:
                days.add(int(d))
    return sorted(days) or [max(available)]


def forest_rows(effects_by_scenario: dict[str, pd.DataFrame], targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The forest plot's numbers: one row per scenario x arm x outcome day x site, with the
    matching published target (validation/targets.csv) where there is one."""
    rows = []
    for scenario, effects in effects_by_scenario.items():
        if effects.empty:
            continue
        control = effects["comparator"].iloc[0]
        e = effects[effects.variable == "bmd_pct_change"]
        tg = bmd_targets(targets, scenario, control) if targets is not None else None
        for arm in dict.fromkeys(e["arm"]):
            for day in outcome_days(scenario, effects, targets):
                for site in SITES:
                    r = e[(e.arm == arm) & (e.day == day) & (e.site == site)]
                    if r.empty:
                        continue
                    r = r.iloc[0]
                    t = None
                    if tg is not None:
                        m = tg[(tg.arm == arm) & (tg.site == site) & (tg.day_end == day)]
                        t = next(m.itertuples(), None)
                    rows.append({"scenario": scenario, "arm": arm, "comparator": control, "day": day, "site": site,
                                 "mean_difference": r.mean_difference, "ci_low": r.ci_low, "ci_high": r.ci_high,
                                 "target": t.id if t is not None else None,
                                 "published": t.published if t is not None else np.nan,
                                 "band_low": t.band_low if t is not None else np.nan,
                                 "band_high": t.band_high if t is not None else np.nan,
                                 "target_record": t})
    return pd.DataFrame(rows)


def forest_figure(effects_by_scenario: dict[str, pd.DataFrame], targets: pd.DataFrame | None = None) -> plt.Figure:
    """Every arm's BMD effect vs its scenario's control (mean difference, 95 % interval) at the
    trial days, lumbar spine and femoral neck side by side in one row, with the published values
    of validation/targets.csv beside them."""
    data = forest_rows(effects_by_scenario, targets)
    groups = list(dict.fromkeys(zip(data.scenario, data.arm, data.comparator, data.day)))
    n = len(groups)
    fig, ax = plt.subplots(figsize=(9.5, 0.3 * n + 1.5), layout="constrained")
    site_color = {"lumbar_spine": "#1f77b4", "femoral_neck": "#2ca02c"}
    offset = {"lumbar_spine": 0.17, "femoral_neck": -0.17}
    ypos = {g: n - 1 - i for i, g in enumerate(groups)}
    for r in data.itertuples():
        y = ypos[(r.scenario, r.arm, r.comparator, r.day)] + offset[r.site]
        ax.errorbar(r.mean_difference, y, xerr=[[r.mean_difference - r.ci_low], [r.ci_high - r.mean_difference]],
                    fmt="o", color=site_color[r.site], ms=4, capsize=2, zorder=4)
    ax.axvline(0, color="k", lw=0.7)
    lo = min(-2.0, float(data.ci_low.min()) - 1)
    hi = float(data.ci_high.max()) + 3
    ax.set_xlim(lo, hi)
    for r in data.itertuples():
        if r.target_record is not None:
            y = ypos[(r.scenario, r.arm, r.comparator, r.day)] + offset[r.site]
            _published_marker(ax, y, r.target_record, y_is_x=True)
    ax.set_yticks([ypos[g] for g in groups])
    ax.set_yticklabels([f"{a} vs {c}, day {d}" for (_, a, c, d) in groups], fontsize=8)
    last = None
    for g in groups:
        if g[0] != last:
            y = ypos[g]
            ax.axhline(y + 0.5, color="#999999", lw=0.6)
            ax.annotate(g[0], (0.995, y + 0.47), xycoords=("axes fraction", "data"), ha="right", va="top",
                        fontsize=8.5, fontweight="bold", color="#333333")
            last = g[0]
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlabel("BMD effect vs control [percentage points]: paired mean, 95 % interval")
    ax.grid(axis="x", alpha=0.3)
    handles = [plt.Line2D([], [], marker="o", color=site_color[s], ls="none", label=SITE_LABEL[s]) for s in SITES]
    handles.append(plt.Line2D([], [], marker="D", color=PUBLISHED_COLOR, ls="none", label="published value (95 % CI)"))
    handles.append(plt.Line2D([], [], color=PUBLISHED_COLOR, lw=6, alpha=0.45, label="published acceptance band"))
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.95)
    ax.set_title("BoneSim: BMD effect of each arm vs control at the trial days, with published targets",
                 fontsize=10)
    return fig


def pk_figure(summary: pd.DataFrame, manifest: dict | None = None) -> plt.Figure:
    """Serum estradiol and testosterone day by day (median, p05-p95 band) per arm, dose times marked."""
    arms = list(dict.fromkeys(summary["arm"]))
    colors = _arm_colors(arms)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharex=True, layout="constrained")
    days_max = int(summary["day"].max())
    for ax, variable, doses in [
        (axes[0], "estradiol", (3.5, "patch change (every 3.5 days)")),
        (axes[1], "testosterone", (7.0, "SC injection (weekly)")),
    ]:
        s = summary[summary.variable == variable]
        for k, arm in enumerate(arms):
            d = s[s.arm == arm].sort_values("day")
            ax.fill_between(d["day"], d["p05"], d["p95"], color=colors[arm], alpha=0.15, lw=0)
            ax.plot(d["day"], d["p50"], color=colors[arm], lw=2.6 - 0.7 * k, ls=["-", "-", "--", ":"][k % 4],
                    marker=".", ms=4, label=arm)
        for k, x in enumerate(np.arange(0, days_max, doses[0])):
            ax.axvline(x, color="#bbbbbb", lw=0.6, ls=":", label=doses[1] if k == 0 else None, zorder=0)
        ax.set_title(f"serum {variable} (median, p05-p95)")
        ax.set_ylabel(f"{variable} [{s['unit'].iloc[0]}]")
        ax.set_xlabel("day of treatment")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left")
    title = "Hormone levels over the dosing intervals (daily outputs)"
    if manifest is not None:
        title += f"\n{_wrap(scenario_description(manifest))}"
    fig.suptitle(title, fontsize=10)
    return fig


def parse_quantity(value: str) -> float:
    """The number of a design value as written (`10 mg` -> 10.0, `2` -> 2.0, 2.5 -> 2.5)."""
    return float(str(value).split()[0])


def design_axes(design: pd.DataFrame) -> list[str]:
    """The axis columns of design.csv (not design_point, not the `<axis>_unit` columns)."""
    return [c for c in design.columns if c != "design_point" and not (c.endswith("_unit") and c[:-5] in design.columns)]


def axis_unit(design: pd.DataFrame, axis: str) -> str:
    """The unit of an axis: its `<axis>_unit` column, or the unit written after the number."""
    if f"{axis}_unit" in design.columns:
        return str(design[f"{axis}_unit"].iloc[0])
    parts = str(design[axis].iloc[0]).split()
    return parts[1] if len(parts) > 1 else ""


def sweep_table(design: pd.DataFrame, effects: pd.DataFrame, site: str = "femoral_neck",
                variable: str = "bmd_pct_change", day: int | None = None) -> pd.DataFrame:
    """Effect at `day` (default: last) per design point, as a grid: rows axis 1, columns axis 2."""
    day = int(effects["day"].max()) if day is None else day
    e = effects[(effects.site == site) & (effects.variable == variable) & (effects.day == day)]
    axes = design_axes(design)
    if len(axes) != 2:
        raise ValueError(f"a heat map needs a two-axis sweep, got axes {axes}")
    d = design.copy()
    for a in axes:
        d[a] = d[a].map(parse_quantity)
    merged = d.merge(e[["design_point", "mean_difference"]], on="design_point")
    return merged.pivot(index=axes[0], columns=axes[1], values="mean_difference")


def _axis_label(field: str, unit: str) -> str:
    nice = {"dose": "testosterone cypionate dose", "sessions_per_week": "high-intensity sessions per week"}
    last = field.split(".")[-1]
    return f"{nice.get(last, field)}" + (f" [{unit}/week]" if unit else "")


def sweep_figure(design: pd.DataFrame, effects: pd.DataFrame, day: int | None = None) -> plt.Figure:
    """Heat maps of the BMD effect vs control at `day` over the sweep's two axes, per site."""
    day = int(effects["day"].max()) if day is None else day
    axes_names = design_axes(design)
    control = effects["comparator"].iloc[0]
    arm = effects["arm"].iloc[0]
    tables = {site: sweep_table(design, effects, site, day=day) for site in SITES}
    vmax = max(float(np.nanmax(t.values)) for t in tables.values())
    vmin = min(0.0, min(float(np.nanmin(t.values)) for t in tables.values()))
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")
    for ax, site in zip(axs, SITES):
        t = tables[site]
        im = ax.imshow(t.values, origin="lower", cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto")
        ax.set_xticks(range(len(t.columns)), [f"{c:g}" for c in t.columns])
        ax.set_yticks(range(len(t.index)), [f"{i:g}" for i in t.index])
        ax.set_xlabel(_axis_label(axes_names[1], axis_unit(design, axes_names[1])))
        ax.set_ylabel(_axis_label(axes_names[0], axis_unit(design, axes_names[0])))
        for (i, j), v in np.ndenumerate(t.values):
            ax.text(j, i, f"{v:+.1f}", ha="center", va="center", fontsize=9,
                    color="white" if v < vmin + 0.6 * (vmax - vmin) else "black")
        ax.set_title(f"{SITE_LABEL[site]}: BMD effect at day {day}")
    fig.colorbar(im, ax=axs, label=f"{arm} - {control} [percentage points]", shrink=0.9)
    fig.suptitle(f"Sweep: what weekly testosterone and high-intensity exercise add to HRT "
                 f"(mean paired difference vs {control}, {len(design)} design points)", fontsize=10)
    return fig


# ----------------------------------------------------------------------------------------------
# Any run or sweep (`bonesim plot`)

HORMONES = ["estradiol", "testosterone", "progesterone", "anastrozole"]


def hormones_figure(summary: pd.DataFrame, manifest: dict) -> plt.Figure | None:
    """Every serum level of a run over time (median, p05-p95 band) per arm; None if it has none.

    A hormone's mean over the dosing interval is drawn instead of its output-day level when the
    run wrote it (a visit day can fall on a missed patch), with the trough's median dotted."""
    written = set(summary["variable"])
    present = [v for v in HORMONES if v in written or f"{v}_mean_over_interval" in written]
    if not present:
        return None
    arms = list(dict.fromkeys(summary["arm"]))
    colors, styles = _arm_colors(arms), _arm_styles(arms)
    cols = min(len(present), 2)
    rows = math.ceil(len(present) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.6 * cols, 3.6 * rows + 0.8), squeeze=False, layout="constrained")
    for ax, variable in zip(axes.flat, present):
        interval = f"{variable}_mean_over_interval" in written
        s = summary[summary.variable == (f"{variable}_mean_over_interval" if interval else variable)]
        trough = summary[summary.variable == f"{variable}_trough"]
        for arm in arms:
            d = s[s.arm == arm].sort_values("day")
            ax.fill_between(_years(d["day"]), d["p05"], d["p95"], color=colors[arm], alpha=0.12, lw=0)
            ax.plot(_years(d["day"]), d["p50"], color=colors[arm], ls=styles[arm], lw=1.8, label=arm)
            t = trough[trough.arm == arm].sort_values("day")
            if len(t):
                ax.plot(_years(t["day"]), t["p50"], color=colors[arm], ls=":", lw=1.1)
        what = "mean over the dosing interval" if interval else "at output days"
        dotted = "; dotted: trough" if len(trough) else ""
        ax.set_title(f"serum {variable}\n(median, p05-p95, {what}{dotted})", fontsize=10)
        ax.set_ylabel(f"{variable} [{s['unit'].iloc[0]}]")
        ax.set_xlabel("years since day 0")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(present):]:
        ax.set_visible(False)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 6), frameon=False, fontsize=9)
    fig.suptitle(f"{manifest['scenarios'][0]['name']}: hormone levels", fontsize=10.5)
    return fig


def sweep_heatmap_table(design: pd.DataFrame, effects: pd.DataFrame, x: str, y: str, fixed: dict | None = None,
                        arm: str | None = None, site: str = "femoral_neck", variable: str = "bmd_pct_change",
                        day: int | None = None) -> pd.DataFrame:
    """Effect (mean paired difference vs control) at `day` over axes `y` (rows) x `x` (columns)
    of a sweep with any number of axes: every other axis held at `fixed[axis]` (default its
    first value), for one `arm` (default the last non-control arm)."""
    axes = design_axes(design)
    for a in (x, y):
        if a not in axes:
            raise ValueError(f"unknown axis {a!r}; axes: {axes}")
    if x == y:
        raise ValueError("choose two different axes")
    fixed = dict(fixed or {})
    d = design.copy()
    for a in axes:
        d[a] = d[a].map(parse_quantity)
    for a in axes:
        if a in (x, y):
            continue
        value = parse_quantity(fixed[a]) if a in fixed else d[a].iloc[0]
        d = d[d[a] == value]
        if d.empty:
            raise ValueError(f"no design point has {a} = {value}")
    day = int(effects["day"].max()) if day is None else day
    arms = list(dict.fromkeys(effects["arm"]))
    arm = arms[-1] if arm is None else arm
    e = effects[(effects.site == site) & (effects.variable == variable) & (effects.day == day) & (effects.arm == arm)]
    merged = d.merge(e[["design_point", "mean_difference"]], on="design_point")
    return merged.pivot_table(index=y, columns=x, values="mean_difference", aggfunc="mean")


def sweep_heatmap_figure(design: pd.DataFrame, effects: pd.DataFrame, x: str, y: str, fixed: dict | None = None,
                         arm: str | None = None, day: int | None = None) -> plt.Figure:
    """Heat maps, one per site, of `sweep_heatmap_table` with the values written in each cell."""
    day = int(effects["day"].max()) if day is None else day
    arm = list(dict.fromkeys(effects["arm"]))[-1] if arm is None else arm
    control = effects["comparator"].iloc[0]
    tables = {site: sweep_heatmap_table(design, effects, x, y, fixed, arm, site, day=day) for site in SITES}
    values = np.concatenate([t.values.ravel() for t in tables.values()])
    vmax, vmin = float(np.nanmax(values)), min(0.0, float(np.nanmin(values)))
    fig, axs = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")
    for ax, site in zip(axs, SITES):
        t = tables[site]
        im = ax.imshow(t.values, origin="lower", cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto")
        ax.set_xticks(range(len(t.columns)), [f"{c:g}" for c in t.columns])
        ax.set_yticks(range(len(t.index)), [f"{i:g}" for i in t.index])
        ax.set_xlabel(f"{x} [{axis_unit(design, x)}]" if axis_unit(design, x) else x, fontsize=8)
        ax.set_ylabel(f"{y} [{axis_unit(design, y)}]" if axis_unit(design, y) else y, fontsize=8)
        for (i, j), v in np.ndenumerate(t.values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:+.2f}", ha="center", va="center", fontsize=8,
                        color="white" if v < vmin + 0.6 * (vmax - vmin) else "black")
        ax.set_title(f"{SITE_LABEL[site]}: BMD effect at day {day}", fontsize=10)
    fig.colorbar(im, ax=axs, label=f"{arm} - {control} [percentage points]", shrink=0.9)
    others = [a for a in design_axes(design) if a not in (x, y)]
    held = ", ".join(f"{a} = {(fixed or {}).get(a, design[a].iloc[0])} {axis_unit(design, a)}".rstrip() for a in others)
    fig.suptitle(f"Sweep: {arm} vs {control}" + (f" (held: {held})" if held else ""), fontsize=10)
    return fig


def forecast_figure(forecast: pd.DataFrame, manifest: dict, variable: str = "t_score") -> plt.Figure:
    """One woman's forecast (`bonesim forecast`): per site, each protocol's weighted median and
    90 % prediction band over years from as_of, the fitted past in grey, her DXA results as dots."""
    record = manifest["forecast"]
    as_of = pd.Timestamp(record["asOf"])
    sites = [s for s in ("lumbar_spine", "femoral_neck") if ((forecast.variable == variable) & (forecast.site == s)).any()]
    fig, axes = plt.subplots(1, len(sites), figsize=(6.2 * len(sites), 4.6), squeeze=False, sharey=True)
    arms = list(dict.fromkeys(forecast.protocol))
    colors = _arm_colors(arms)
    refs = record.get("tScoreReferences", {})
    for ax, site in zip(axes[0], sites):
        rows = forecast[(forecast.variable == variable) & (forecast.site == site)]
        past = rows[(rows.day <= 0) & (rows.protocol == arms[0])]
        ax.fill_between(past.day / 365.25, past.p05, past.p95, color="0.85", lw=0)
        ax.plot(past.day / 365.25, past["median"], color="0.4", lw=1.2, label="fitted past")
        for arm in arms:
            r = rows[(rows.protocol == arm) & (rows.day >= 0)]
            ax.fill_between(r.day / 365.25, r.p05, r.p95, color=colors[arm], alpha=0.10, lw=0)
            ax.plot(r.day / 365.25, r["median"], color=colors[arm], lw=1.6, label=arm)
        for o in record.get("observations", []):
            if o["kind"] != "dxa" or o["name"] != site:
                continue
            years = (pd.Timestamp(o["date"]) - as_of).days / 365.25
            ref = refs.get(site, "")
            mean, sd = (float(x) for x in ref.split(" g/cm2")[0].split(" ± ")) if ref else (None, None)
            y = o["tScore"] if o.get("tScore") is not None else ((o["value"] - mean) / sd if mean else None)
            if variable == "bmd":
                y = o["value"]
            if y is not None:
                ax.plot([years], [y], "o", color="black", ms=5, zorder=5)
        if variable == "t_score":
            ax.axhline(-2.5, color="0.3", lw=0.8, ls=":")
            ax.text(ax.get_xlim()[0], -2.5, " T = −2.5", va="bottom", fontsize=8, color="0.3")
        ax.axvline(0, color="0.5", lw=0.8)
        database = refs.get(site, "").split("g/cm2 (", 1)[-1][:-1]
        ax.set_title(f"{site.replace('_', ' ')}: T-score vs {database}", fontsize=9)
        ax.set_xlabel(f"years from {record['asOf']}")
        ax.set_ylabel("T-score" if variable == "t_score" else variable)
        ax.grid(alpha=0.3)
    axes[0][-1].legend(fontsize=7, loc="best")
    fig.suptitle(
        f"Forecast for {manifest['scenarios'][0]['name']}: weighted median and 90 % prediction band of her twins "
        f"(effective sample size {record['effectiveSampleSize']:.0f} of {record['twins']}); dots: her DXA results", fontsize=9)
    fig.tight_layout()
    return fig


def plot_result(run_dir: Path, out: Path, axes: list[str] | None = None, fixed: dict | None = None,
                arm: str | None = None) -> list[Path]:
    """Every figure `bonesim plot` draws for a run, sweep or forecast folder; returns the files written."""
    manifest = load_manifest(run_dir)
    written: list[Path] = []
    if manifest.get("forecast") is not None:
        forecast = load_csv(run_dir, "forecast.csv", manifest)
        written += save(forecast_figure(forecast, manifest), out, "forecast")
        return written
    if manifest.get("sweep") is not None:
        design = load_csv(run_dir, "design.csv", manifest)
        effects = load_csv(run_dir, "effects.csv", manifest)
        names = design_axes(design)
        chosen = axes or names[:2]
        if len(chosen) == 1:
            raise ValueError(f"a heat map needs two axes; the sweep has {names}")
        written += save(sweep_heatmap_figure(design, effects, chosen[1], chosen[0], fixed, arm), out, "heatmap")
        return written
    summary = load_csv(run_dir, "summary.csv", manifest)
    effects = load_csv(run_dir, "effects.csv", manifest)
    if "bmd_pct_change" in set(summary["variable"]):
        written += save(scenario_figure(summary, effects, manifest), out, "bmd")
    fig = hormones_figure(summary, manifest)
    if fig is not None:
        written += save(fig, out, "hormones")
    return written


def plot_main(argv: list[str]) -> int:
    matplotlib.use("Agg")
    p = argparse.ArgumentParser(prog="bonesim_figures.py plot", description="Figures of any BoneSim run or sweep folder.")
    p.add_argument("result", type=Path, help="a folder written by `bonesim run` or `bonesim sweep`")
    p.add_argument("--out", type=Path, help="where to write (default RESULT/figures)")
    p.add_argument("--axes", nargs=2, metavar=("ROWS", "COLUMNS"), help="sweep: the two axes of the heat map")
    p.add_argument("--fix", action="append", default=[], metavar="AXIS=VALUE", help="sweep: hold another axis at a value")
    p.add_argument("--arm", help="sweep: the arm whose effect is shown (default: the last non-control arm)")
    a = p.parse_args(argv)
    fixed = dict(f.split("=", 1) for f in a.fix)
    out = a.out or a.result / "figures"
    try:
        written = plot_result(a.result, out, a.axes, fixed, a.arm)
    except (OutputMismatch, FileNotFoundError, ValueError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    pngs = [w for w in written if w.suffix == ".png"]
    print(f"{out}/: " + ", ".join(w.name for w in pngs))
    return 0


# ----------------------------------------------------------------------------------------------
# make figures


def save(fig: plt.Figure, out_dir: Path, stem: str) -> list[Path]:
    """Writes `stem`.png (110 dpi) and `stem`.svg without timestamps (reproducible bytes)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{stem}.png", out_dir / f"{stem}.svg"]
    fig.savefig(paths[0], dpi=110, metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return paths


def render_all(results: Path, out: Path, targets_path: Path, pk_dir: Path | None, sweep_dir: Path | None) -> list[Path]:
    targets = load_targets(targets_path) if targets_path.exists() else None
    written: list[Path] = []
    effects_by_scenario = {}
    for name in STANDARD_SCENARIOS:
        run = results / name
        if not (run / "manifest.json").exists():
            raise FileNotFoundError(f"{run}/manifest.json missing: run `make run` first")
        manifest = load_manifest(run)
        summary = load_csv(run, "summary.csv", manifest)
        effects = load_csv(run, "effects.csv", manifest)
        effects_by_scenario[name] = effects
        written += save(scenario_figure(summary, effects, manifest, targets), out, name)
    written += save(forest_figure(effects_by_scenario, targets), out, "forest")
    if pk_dir is not None:
        manifest = load_manifest(pk_dir)
        written += save(pk_figure(load_csv(pk_dir, "summary.csv", manifest), manifest), out, "pk_dosing_interval")
    if sweep_dir is not None:
        manifest = load_manifest(sweep_dir)
        design = load_csv(sweep_dir, "design.csv", manifest)
        effects = load_csv(sweep_dir, "effects.csv", manifest)
        written += save(sweep_figure(design, effects), out, "sweep_testosterone_exercise")
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "plot":
        return plot_main(argv[1:])
    matplotlib.use("Agg")  # files only (the notebook keeps its inline backend)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--results", type=Path, default=Path("results"), help="folder of the standard scenarios' runs")
    p.add_argument("--out", type=Path, default=Path("results/figures"))
    p.add_argument("--targets", type=Path, default=Path("validation/targets.csv"))
    p.add_argument("--pk", type=Path, default=Path("results/pk_dosing_interval"), help="run of examples/scenarios/pk_dosing_interval.yaml")
    p.add_argument("--sweep", type=Path, default=Path("results/testosterone_exercise_sweep"),
                   help="run of scenarios/sweeps/testosterone_exercise.yaml")
    a = p.parse_args(argv)
    try:
        written = render_all(a.results, a.out, a.targets, a.pk if a.pk.exists() else None,
                             a.sweep if a.sweep.exists() else None)
    except (OutputMismatch, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    pngs = [w for w in written if w.suffix == ".png"]
    print(f"{a.out}/: {len(pngs)} figures (PNG + SVG): " + ", ".join(w.name for w in pngs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
