"""Runs the bonesim command: one process per call, its error message raised as BonesimError."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable

from .results import Result, load


class BonesimError(RuntimeError):
    """bonesim exited non-zero; the message is its standard error."""

    def __init__(self, command: list[str], status: int, stderr: str):
        self.command, self.status, self.stderr = command, status, stderr
        super().__init__(stderr.strip() or f"{' '.join(command)} exited with status {status}")


def repository_root(start: Path | None = None) -> Path | None:
    """The BoneSim folder containing `start` (default: the current folder), else the one this
    package's source lives in; None if neither is inside one."""
    candidates = [Path(start or Path.cwd()).resolve(), Path(__file__).resolve().parent]
    for first in candidates:
        for folder in [first, *first.parents]:
            if (folder / "Package.swift").is_file() and (folder / "Sources" / "bonesim").is_dir():
                return folder
    return None


def executable(build: bool = True) -> Path:
    """The bonesim binary: `$BONESIM`; else the repository's release build (built with
    `make build` when missing, unless `build=False`); else `bonesim` on PATH."""
    if os.environ.get("BONESIM"):
        return Path(os.environ["BONESIM"])
    root = repository_root()
    if root is not None:
        binary = root / ".build-release" / "release" / "bonesim"
        if not binary.is_file() and build:
            done = subprocess.run(["make", "build"], cwd=root, capture_output=True, text=True)
            if done.returncode != 0:
                raise BonesimError(["make", "build"], done.returncode, done.stderr[-4000:] or done.stdout[-4000:])
        if binary.is_file():
            return binary
    on_path = shutil.which("bonesim")
    if on_path:
        return Path(on_path)
    raise FileNotFoundError(
        "no bonesim binary: set BONESIM=/path/to/bonesim, work inside the BoneSim folder (make build), or put bonesim on PATH"
    )


def _call(arguments: list[str]) -> subprocess.CompletedProcess:
    command = [str(executable()), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, cwd=repository_root() or Path.cwd())
    if done.returncode != 0:
        raise BonesimError(command, done.returncode, done.stderr)
    return done


def _options(out: Path, patients, threads, per_patient, outputs: Iterable[str] | None, max_failed_fraction) -> list[str]:
    args = ["--out", str(out), "--quiet"]
    if patients is not None:
        args += ["--patients", str(int(patients))]
    if threads is not None:
        args += ["--threads", str(int(threads))]
    if per_patient:
        args.append("--per-patient")
    if outputs is not None:
        args += ["--outputs", ",".join(outputs)]
    if max_failed_fraction is not None:
        args += ["--max-failed-fraction", str(max_failed_fraction)]
    return args


def _folder(out, name: str) -> Path:
    if out is not None:
        return Path(out).resolve()
    return Path(tempfile.mkdtemp(prefix="bonesim-")) / name


def _uncertainty(parameter_uncertainty: bool, ensemble) -> list[str]:
    if ensemble is not None and not parameter_uncertainty:
        raise ValueError("ensemble= needs parameter_uncertainty=True")
    args = ["--parameter-uncertainty"] if parameter_uncertainty else []
    if ensemble is not None:
        args += ["--ensemble", str(Path(ensemble).resolve())]
    return args


def _scenario_argument(scenario) -> str:
    """A YAML file by absolute path; a standard scenario's name as it is."""
    return str(Path(scenario).resolve()) if Path(str(scenario)).suffix in (".yaml", ".yml") else str(scenario)


def run(scenario: str | os.PathLike, out: str | os.PathLike | None = None, *, patients: int | None = None,
        threads: int | None = None, seed: int | None = None, per_patient: bool = False,
        outputs: Iterable[str] | None = None, max_failed_fraction: float | None = None,
        parameter_uncertainty: bool = False, ensemble: str | os.PathLike | None = None) -> Result:
    """`bonesim run SCENARIO` (a standard scenario's name or a YAML file) into `out` (default a
    new temporary folder); returns the folder's typed tables. `parameter_uncertainty=True` gives
    each patient one member of the calibrated parameter ensemble (`ensemble`: another file)."""
    target = _folder(out, Path(str(scenario)).stem)
    args = ["run", _scenario_argument(scenario), *_options(target, patients, threads, per_patient, outputs, max_failed_fraction)]
    if seed is not None:
        args += ["--seed", str(int(seed))]
    _call(args + _uncertainty(parameter_uncertainty, ensemble))
    return load(target)


def sweep(file: str | os.PathLike, out: str | os.PathLike | None = None, *, patients: int | None = None,
          threads: int | None = None, per_patient: bool = False, outputs: Iterable[str] | None = None,
          max_failed_fraction: float | None = None, resume: bool = False,
          parameter_uncertainty: bool = False, ensemble: str | os.PathLike | None = None) -> Result:
    """`bonesim sweep FILE` into `out` (default a new temporary folder); returns the folder's
    typed tables (`design`, `summary`, `effects`; per point under `path / "points"`)."""
    target = _folder(out, Path(str(file)).stem)
    args = ["sweep", str(Path(file).resolve()), *_options(target, patients, threads, per_patient, outputs, max_failed_fraction)]
    if resume:
        args.append("--resume")
    _call(args + _uncertainty(parameter_uncertainty, ensemble))
    return load(target)


def forecast(patient: str | os.PathLike, protocols: str | os.PathLike, out: str | os.PathLike | None = None, *,
             twins: int | None = None, seed: int | None = None, threads: int | None = None,
             interval_days: int | None = None, min_ess: float | None = None,
             parameter_uncertainty: bool = False, ensemble: str | os.PathLike | None = None) -> Result:
    """`bonesim forecast PATIENT --protocols PROTOCOLS` (a scenario file or a standard scenario's
    name) into `out` (default a new temporary folder); returns the folder, whose `forecast` is
    forecast.csv typed (docs/FORECAST.md). Raises BonesimError (status 2) when her data are
    outside what the twins produce. A research tool, not medical advice."""
    target = _folder(out, Path(str(patient)).stem)
    args = ["forecast", str(Path(patient).resolve()), "--protocols", _scenario_argument(protocols), "--out", str(target), "--quiet"]
    for flag, value in (("--twins", twins), ("--seed", seed), ("--threads", threads), ("--interval-days", interval_days)):
        if value is not None:
            args += [flag, str(int(value))]
    if min_ess is not None:
        args += ["--min-ess", str(float(min_ess))]
    _call(args + _uncertainty(parameter_uncertainty, ensemble))
    return load(target)


def check(scenario: str | os.PathLike) -> str:
    """`bonesim check`: bonesim's one-line description of a valid scenario or sweep file."""
    path = Path(str(scenario))
    return _call(["check", str(path.resolve()) if path.suffix in (".yaml", ".yml") else str(scenario)]).stdout.strip()
