#!/usr/bin/env python3
"""CI (issue 17): the bonesim Python package (python/) as a notebook uses it.

Run in examples/.venv after `make figures` installed the package there (not from the source
folder: the import must be the installed copy). Checks, against the files themselves:
- `bonesim.run` on a fixture returns tables equal to the CSVs read with the csv module, typed
  as the manifest says (string / Int64 / float64), per-patient rows included;
- `bonesim.sweep` returns the design with numbers as floats and the sweep's summary;
- polars reads the same table with the same values;
- a bad scenario raises BonesimError carrying bonesim's own message (file:line), and leaves
  nothing at `out`;
- `bonesim.load` refuses a folder without manifest.json.
"""
import csv
import math
import os
import sys
import tempfile
from pathlib import Path

import bonesim

ROOT = Path(__file__).resolve().parents[2]
assert "site-packages" in bonesim.__file__, f"bonesim imported from {bonesim.__file__}, not the installed package"
os.chdir(ROOT)
fixtures = ROOT / "Tests/Fixtures"

with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    r = bonesim.run(fixtures / "usability/interval_statistics.yaml", tmp / "run", per_patient=True, threads=2)
    assert r.path == (tmp / "run").resolve(), r.path
    for name, table in [("summary.csv", r.summary), ("effects.csv", r.effects), ("patients.csv", r.patients)]:
        with open(r.path / name, newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(table), (name, len(rows), len(table))
        for column in r.manifest["columns"][name]:
            kind, key = column["type"], column["name"]
            expected = {"string": "string", "integer": "Int64", "float": "float64"}[kind]
            assert str(table[key].dtype) == expected, (name, key, table[key].dtype)
            for i in (0, len(rows) // 2, len(rows) - 1):
                raw, got = rows[i][key], table[key].iloc[i]
                if kind == "float":
                    assert (math.isnan(got) and raw == "nan") or float(raw) == got, (name, key, i, raw, got)
                elif kind == "integer":
                    assert int(raw) == got, (name, key, i, raw, got)
                else:
                    assert raw == got, (name, key, i, raw, got)
    assert "testosterone_trough" in set(r.summary["variable"])
    pl_table = r.read("summary.csv", engine="polars")
    assert pl_table.shape == r.summary.shape
    assert pl_table["mean"].to_list()[:50] == r.summary["mean"].tolist()[:50]

    s = bonesim.sweep(fixtures / "manifest_columns/tiny_sweep.yaml", tmp / "sweep", patients=2, outputs=["bmd.lumbar_spine"])
    numeric = [c["name"] for c in s.manifest["columns"]["design.csv"] if c["type"] == "float"]
    assert numeric and all(str(s.design[c].dtype) == "float64" for c in numeric), s.design.dtypes
    assert set(s.summary["variable"]) == {"bmd"}

    bad = tmp / "bad.yaml"
    bad.write_text((fixtures / "usability/interval_statistics.yaml").read_text().replace("duration_days: 40", "duration_days: forty"))
    try:
        bonesim.run(bad, tmp / "bad")
        sys.exit("python_package_check: a bad scenario did not raise")
    except bonesim.BonesimError as e:
        assert f"{bad}:" in str(e) and "duration_days" in str(e), str(e)
        assert e.status != 0
    assert not (tmp / "bad").exists(), "a failed run left a folder"
    try:
        bonesim.load(tmp)
        sys.exit("python_package_check: load accepted a folder without manifest.json")
    except FileNotFoundError:
        pass
print(f"python_package_check: ok (bonesim package {bonesim.__file__}; binary {bonesim.executable(build=False)})")
