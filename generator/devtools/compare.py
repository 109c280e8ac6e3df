"""Side-by-side builds: one archive built by this generator and by the generator of another
git revision, alternating, each in a fresh copy of the same project, so that both are
measured on the same machine at the same time (shared machines are noisy)."""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

from .measure import measured

HELPER_REVISION = "9a15d6bc0ef54f7f267b2f86168aed68c8ded212"
"""The last commit whose build shared its work with a forked helper process."""
RUNS = 2
"""Builds of each generator per size; the figures compared are their medians."""


def checkout_generator(root: Path, revision: str, target: Path) -> Path | None:
    """The ``generator`` package of ``revision`` extracted under ``target`` (for
    ``PYTHONPATH``), or None when git does not know the revision here."""
    done = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", revision, "generator"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(target, filter="data")
    return target


def side_by_side(
    project: Path,
    other_code: Path,
    workdir: Path,
    runs: int = RUNS,
    next_digest: tuple[str, str] | None = None,
) -> dict:
    """Build copies of ``project`` (digests only, never built) with this generator and with
    the one under ``other_code``, alternating, ``runs`` times each: ``generator build`` from
    nothing, as a first ``make site`` does, then, given ``next_digest`` (file name, text),
    again after adding it, as a daily update does (this generator reuses its build cache; a
    generator without one redoes everything). Wall seconds, peak memory, and median ratios."""
    builds = {"from_nothing": _empty_figures(), "one_digest_added": _empty_figures()}
    command = [sys.executable, "-m", "generator", "build", "--quiet"]
    for run in range(runs):
        for name, code in (("this", None), ("other", other_code)):
            copy = workdir / f"{project.name}-{name}-{run}"
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(project, copy)
            env = {**os.environ, "PYTHONPATH": str(code)} if code else None
            _record(builds["from_nothing"][name], measured(command, copy, env=env))
            if next_digest:
                file_name, text = next_digest
                (copy / "digests" / file_name).write_text(text, "utf-8")
                _record(builds["one_digest_added"][name], measured(command, copy, env=env))
    result = {"runs": runs, **_medians(builds["from_nothing"])}
    if next_digest:
        result["one_digest_added"] = _medians(builds["one_digest_added"])
    return result


def _empty_figures() -> dict[str, dict[str, list[float]]]:
    return {name: {"seconds": [], "peak_mb": []} for name in ("this", "other")}


def _record(figures: dict[str, list[float]], measurement: tuple[float, float, str]) -> None:
    seconds, peak, _ = measurement
    figures["seconds"].append(round(seconds, 2))
    figures["peak_mb"].append(round(peak, 1))


def _medians(figures: dict[str, dict[str, list[float]]]) -> dict:
    """Both generators' runs, their median seconds, and the ratio this / other."""
    medians = {name: statistics.median(f["seconds"]) for name, f in figures.items()}
    return {
        "this": figures["this"],
        "other": figures["other"],
        "this_median_seconds": round(medians["this"], 2),
        "other_median_seconds": round(medians["other"], 2),
        "ratio": round(medians["this"] / medians["other"], 3),
    }
