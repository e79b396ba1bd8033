"""BoneSim from Python: run scenarios, sweeps and forecasts with the bonesim command and read the results
as DataFrames typed from their manifest.json. See python/README.md."""

from .results import PANDAS_DTYPE, OutputMismatch, Result, column_table, load, load_csv, load_manifest, manifest_columns
from .runner import BonesimError, check, executable, forecast, repository_root, run, sweep

__all__ = [
    "BonesimError", "OutputMismatch", "PANDAS_DTYPE", "Result", "check", "column_table", "executable", "forecast", "load", "load_csv",
    "load_manifest", "manifest_columns", "repository_root", "run", "sweep",
]
