#!/usr/bin/env python3
"""CI (issue 17): `bonesim plot` on a run with 12 arms and on a 3-axis sweep.

Runs the built bonesim (BONESIM, default .build-release/release/bonesim) on the fixtures of
Tests/Fixtures/usability/, then draws with examples/bonesim_figures.py (the module behind
`bonesim plot`) and checks: every arm of the 12 has its own colour, the figures exist, and a
heat map can be drawn over every pair of the sweep's three axes with the third held.
Run in examples/.venv (pandas, matplotlib): `examples/.venv/bin/python tools/ci/plot_check.py`.
"""
import os
import subprocess
import sys
import tempfile
from itertools import permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import bonesim_figures as bf  # noqa: E402

bonesim = os.environ.get("BONESIM", str(ROOT / ".build-release/release/bonesim"))
fixtures = ROOT / "Tests/Fixtures/usability"
with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    run = tmp / "twelve"
    subprocess.run([bonesim, "run", fixtures / "twelve_arms.yaml", "--out", run, "--quiet"], check=True,
                   stderr=subprocess.DEVNULL)
    arms = list(dict.fromkeys(bf.load_csv(run, "summary.csv", bf.load_manifest(run))["arm"]))
    assert len(arms) == 12, arms
    colors = bf._arm_colors(arms)
    assert len(set(colors.values())) == 12, "12 arms need 12 distinct colours"
    written = bf.plot_result(run, tmp / "f")
    assert {p.name for p in written} >= {"bmd.png", "hormones.png"}, written

    sweep = tmp / "sweep"
    subprocess.run([bonesim, "sweep", fixtures / "three_axis_sweep.yaml", "--out", sweep, "--quiet"], check=True,
                   stderr=subprocess.DEVNULL)
    manifest = bf.load_manifest(sweep)
    design = bf.load_csv(sweep, "design.csv", manifest)
    effects = bf.load_csv(sweep, "effects.csv", manifest)
    axes = bf.design_axes(design)
    assert len(axes) == 3, axes
    for y, x in permutations(axes, 2):
        table = bf.sweep_heatmap_table(design, effects, x, y)
        assert table.shape == (2, 2) and table.notna().all().all(), (x, y, table)
    held = bf.sweep_heatmap_table(design, effects, axes[0], axes[1], fixed={axes[2]: "6"})
    assert held.shape == (2, 2)
    assert [p.name for p in bf.plot_result(sweep, tmp / "h", axes=[axes[2], axes[0]])] == ["heatmap.png", "heatmap.svg"]
print("plot_check: 12 distinct arm colours; run figures; heat maps over every pair of 3 sweep axes")
