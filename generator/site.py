"""``python -m generator site`` (``make site``): generate the pages, then build the site with
MkDocs and index it with Pagefind, unless ``site/`` was already built from the same sources.

MkDocs has no incremental build: it renders every page each time. The generator leaves pages
whose content did not change untouched, so when nothing under ``docs/`` (nor ``mkdocs.yml``,
the theme overrides, the tool versions or ``SITE_URL``) changed since the last site build,
the site is up to date and both steps are skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .config import Settings
from .errors import InputError
from .pipeline import BuildResult, build
from .stopwatch import maxrss_mb

SITE_DIR = "site"
"""Where MkDocs writes the site (``site_dir`` in mkdocs.yml)."""
STAMP = ".reading-digest-site.json"
"""Fingerprint of the sources of the last complete site build, inside ``site/``."""
TOOLS = ("mkdocs", "mkdocs-material", "pagefind")
TEMPLATES = Path("generator") / "templates"


@dataclass(frozen=True)
class SiteResult:
    """What a site build did."""

    build: BuildResult
    up_to_date: bool
    """True when MkDocs and Pagefind were skipped: the site was built from the same sources."""
    steps: dict[str, dict[str, float]] = field(default_factory=dict)
    """Seconds and peak memory (MB) of each step that ran: ``mkdocs``, ``pagefind``."""
    seconds: float = 0.0

    def summary(self) -> str:
        """One line on the site, after the generator's own summary."""
        if self.up_to_date:
            return "Site: up to date (no source changed since the last site build)."
        steps = ", ".join(
            f"{name} {figures['seconds']:.1f} s" for name, figures in self.steps.items()
        )
        return f"Site: built in {SITE_DIR}/ ({steps})."


def site_sources(root: Path, settings: Settings) -> str:
    """A fingerprint of what MkDocs and Pagefind read: each file under docs/ and the theme
    overrides (path, size, modification time), mkdocs.yml, ``SITE_URL`` and tool versions."""
    digest = hashlib.sha256()
    for tool in TOOLS:
        try:
            digest.update(f"{tool} {metadata.version(tool)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{tool} missing\n".encode())
    digest.update(f"SITE_URL={os.environ.get('SITE_URL', '')}\n".encode())
    config = root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.is_file() else b"no mkdocs.yml")
    for folder in (root / settings.docs, root / TEMPLATES):
        for path, stat in _walk(folder):
            name = path.relative_to(root).as_posix()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _walk(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Every file under a folder with its status, in a stable order."""
    found = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                found.append((Path(entry.path), entry.stat()))
    return sorted(found, key=lambda item: item[0].as_posix())


def run_step(command: list[str], root: Path) -> dict[str, float]:
    """Run one step; its wall seconds and peak memory. Its output passes through."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise InputError(" ".join(command[2:4]), "failed; its messages are above")
    return {"seconds": round(seconds, 3), "peak_mb": round(maxrss_mb(usage.ru_maxrss), 1)}


def build_site(
    root: Path, settings: Settings, *, force: bool = False, quiet: bool = False
) -> SiteResult:
    """Generate the pages, then build and index the site unless it is up to date (``force``
    rebuilds it anyway; ``quiet`` keeps MkDocs to its warnings and errors)."""
    started = time.perf_counter()
    result = build(root, settings, force=force)
    sources = site_sources(root, settings)
    stamp = root / SITE_DIR / STAMP
    if (
        not force
        and stamp.is_file()
        and (root / SITE_DIR / "index.html").is_file()
        and _recorded(stamp) == sources
    ):
        return SiteResult(result, True, seconds=time.perf_counter() - started)
    stamp.unlink(missing_ok=True)  # an interrupted build must not look complete
    steps = {
        "mkdocs": run_step(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else [])], root
        ),
        "pagefind": run_step(
            [sys.executable, "-m", "pagefind", "--site", SITE_DIR, "--silent"], root
        ),
    }
    stamp.write_text(json.dumps({"sources": sources}) + "\n", "utf-8")
    return SiteResult(result, False, steps, time.perf_counter() - started)


def _recorded(stamp: Path) -> str | None:
    try:
        return json.loads(stamp.read_text("utf-8")).get("sources")
    except (OSError, ValueError, AttributeError):
        return None
