"""A folder bonesim wrote, read as typed tables.

Every CSV is read with the column types of the manifest's `columns` section (`string`,
`integer`, `float`) and its header must equal the manifest's column list, so a file that does
not match the run that produced it fails loudly. Columns and units: docs/OUTPUTS.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: pandas dtype for each manifest column type (nullable integer: ids never become floats).
PANDAS_DTYPE = {"string": "string", "integer": "Int64", "float": "float64"}


class OutputMismatch(ValueError):
    """A CSV whose header differs from the columns its manifest lists."""


def load_manifest(run_dir: str | Path) -> dict:
    """The folder's manifest.json as a dict."""
    return json.loads((Path(run_dir) / "manifest.json").read_text(encoding="utf-8"))


def manifest_columns(manifest: dict, file: str) -> list[dict]:
    """The manifest's column records (name, type, unit, description) of `file`."""
    columns = manifest.get("columns") or {}
    if file not in columns:
        raise OutputMismatch(f"manifest.json lists no columns for {file} (not written by this run, or by an older bonesim)")
    return columns[file]


def load_csv(run_dir: str | Path, file: str = "summary.csv", manifest: dict | None = None, engine: str = "pandas"):
    """Reads `file` of a folder with the types its manifest gives, after checking the header.

    pandas: strings `string`, integers nullable `Int64`, floats `float64` (`nan` for missing
    statistics). polars (`engine="polars"`): `Utf8`, `Int64`, `Float64`.
    """
    run_dir = Path(run_dir)
    manifest = manifest if manifest is not None else load_manifest(run_dir)
    columns = manifest_columns(manifest, file)
    path = run_dir / file
    with path.open(encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
    expected = [c["name"] for c in columns]
    if header != expected:
        raise OutputMismatch(f"{path}: header {header} differs from manifest.json columns {expected}")
    if engine == "polars":
        import polars as pl

        types = {"string": pl.Utf8, "integer": pl.Int64, "float": pl.Float64}
        return pl.read_csv(path, schema={c["name"]: types[c["type"]] for c in columns}, null_values=[""])
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'polars'; got {engine!r}")
    dtypes = {c["name"]: PANDAS_DTYPE[c["type"]] for c in columns}
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=["nan"])


def column_table(manifest: dict, file: str) -> pd.DataFrame:
    """The manifest's columns of `file` as a table: name, type, unit, description."""
    return pd.DataFrame(manifest_columns(manifest, file))[["name", "type", "unit", "description"]]


@dataclass
class Result:
    """A folder written by `bonesim run`, `sweep` or `forecast`; tables are read on first use."""

    path: Path
    manifest: dict = field(repr=False)
    _tables: dict = field(default_factory=dict, repr=False)

    @property
    def files(self) -> list[str]:
        """CSV files the manifest lists (e.g. summary.csv, effects.csv, patients.csv)."""
        return sorted(self.manifest.get("columns") or {})

    def read(self, file: str, engine: str = "pandas"):
        """One of `files` as a typed DataFrame (pandas tables are cached)."""
        if engine != "pandas":
            return load_csv(self.path, file, self.manifest, engine=engine)
        if file not in self._tables:
            self._tables[file] = load_csv(self.path, file, self.manifest)
        return self._tables[file]

    def columns(self, file: str) -> pd.DataFrame:
        """The manifest's columns of `file`: name, type, unit, description."""
        return column_table(self.manifest, file)

    @property
    def summary(self) -> pd.DataFrame:
        return self.read("summary.csv")

    @property
    def effects(self) -> pd.DataFrame:
        return self.read("effects.csv")

    @property
    def patients(self) -> pd.DataFrame:
        """Per patient, arm and output day (runs with `per_patient=True`)."""
        return self.read("patients.csv")

    @property
    def covariates(self) -> pd.DataFrame:
        return self.read("patients_covariates.csv")

    @property
    def design(self) -> pd.DataFrame:
        """Sweeps: one row per design point, numbers typed, units in `<axis>_unit` columns."""
        return self.read("design.csv")

    @property
    def forecast(self) -> pd.DataFrame:
        """Forecasts (`bonesim forecast`): per protocol, day, variable and site, the weighted
        median, prediction-interval quantiles and probabilities (docs/FORECAST.md)."""
        return self.read("forecast.csv")

    @property
    def failed_patients(self) -> pd.DataFrame:
        """Patients excluded for leaving their physiological bounds (empty if none)."""
        if "failed_patients.csv" not in (self.manifest.get("columns") or {}):
            return pd.DataFrame()
        return self.read("failed_patients.csv")


def load(run_dir: str | Path) -> Result:
    """Opens a folder bonesim wrote (it must hold manifest.json)."""
    path = Path(run_dir)
    if not (path / "manifest.json").is_file():
        raise FileNotFoundError(f"{path}: no manifest.json (not a folder written by bonesim run or sweep, or not complete)")
    return Result(path=path, manifest=load_manifest(path))
