"""Running the site's tools: a command, or several at once (``run_at_once``); a full MkDocs
build in parts at once, and what an incremental (``--dirty``) build must remove first.

In: the docs/ listing and the command line of a build. Out: the site folder, built or
cleaned. See ``mkdocs_hooks.py`` for how a part renders only its pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..stopwatch import maxrss_mb
from .mkdocs_hooks import CHECKED_DIRTY, SITE_PART

Listing = dict[str, tuple[int, int]]
"""Files under docs/ (dot files aside, as MkDocs ignores them): size and mtime (ns) by
path (``builder.docs_listing``)."""

MATERIAL_NOTICE = "NO_MKDOCS_2_WARNING"
"""Set, Material for MkDocs does not print its end-of-life notice (May 2027; see the README on
Zensical): a build in parts prints it once, not once per part, and a quiet build not at all."""
MOST_PARTS = 4
"""Each part holds the whole file list and navigation (about 0.8 GB at 18,000 papers)."""


def site_parts(names: Iterable[str], split_pages: int, cores: int) -> int:
    """How many MkDocs builds at once render these docs/ files (all of them in a full build,
    the new and changed ones in an incremental one): one per core (at most ``MOST_PARTS``)
    from ``split_pages`` pages (``Settings.site_split_pages``)."""
    pages = sum(1 for name in names if name.endswith(".md"))
    return min(cores, MOST_PARTS) if pages >= split_pages else 1


def run_at_once(command: list[str], root: Path, envs: list[dict[str, str]]) -> dict[str, float]:
    """Run ``command`` once per environment in ``envs`` (added to this one), all at once;
    the wall seconds and the largest peak memory of one run. Their output passes through."""
    started = time.perf_counter()
    running = [subprocess.Popen(command, cwd=root, env={**os.environ, **env}) for env in envs]
    peak, failed = 0.0, False
    for process in running:
        _, status, usage = os.wait4(process.pid, 0)
        peak = max(peak, maxrss_mb(usage.ru_maxrss))
        failed = failed or os.waitstatus_to_exitcode(status) != 0
    if failed:
        raise InputError(" ".join(command[2:4]), "failed; its messages are above")
    return {"seconds": round(time.perf_counter() - started, 3), "peak_mb": round(peak, 1)}


def run_parts(
    command: list[str], root: Path, parts: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Run ``command`` (a ``--dirty`` MkDocs build, with ``env``) as parts 1 to ``parts`` at
    once (see ``mkdocs_hooks.SITE_PART``), or whole for one part; ``run_at_once``'s figures
    and the number of parts when more than one."""
    env = {**(env or {}), CHECKED_DIRTY: "1"}
    if parts == 1:
        return run_at_once(command, root, [env])
    envs = [{**env, SITE_PART: f"{number}/{parts}"} for number in range(1, parts + 1)]
    for later in envs[1:]:  # part 1 speaks for the build (see mkdocs_hooks.on_startup)
        later[MATERIAL_NOTICE] = "1"
    return {**run_at_once(command, root, envs), "parts": float(parts)}


def empty_folder(folder: Path) -> None:
    """Remove what ``folder`` holds (as MkDocs cleans its site folder before a full build)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def built_path(source: str) -> str:
    """Where MkDocs writes a docs/ file in the site (directory URLs: ``papers/a.md`` ->
    ``papers/a/index.html``; other files keep their path)."""
    if not source.endswith(".md"):
        return source
    stem = source[: -len(".md")]
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def remove_built(site: Path, sources: list[str]) -> None:
    """Remove from the site what MkDocs built from these docs/ files, now gone (a full build
    would not write them), and the folders left empty."""
    for source in sources:
        target = site / built_path(source)
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
