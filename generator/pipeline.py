"""The build: read every digest, merge, group, render, write. The only place that ties I/O
to the pure stages."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .config import Settings
from .errors import InputError
from .files import find_digests
from .group import group
from .merge import merge
from .model import Archive, Digest, Grouping, Notice
from .parse import parse_digest
from .registry import load_registry, render_registry
from .render import render_site
from .stopwatch import Stopwatch
from .theme_params import DEFAULT_PARAMETERS, ThemeParameters
from .write import WriteStats, atomic_write, write_plan

OWNED_OUTPUTS = ("index.md", "report.md", "feed.xml", "feed-*.xml", "papers", "digests", "themes")
"""What the build generates under docs/ (git-ignored); everything else there is the user's."""


class BuildFailed(Exception):
    """Fatal input errors, one line each."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary line and for tests."""

    archive: Archive
    grouping: Grouping
    notices: tuple[Notice, ...]
    stats: WriteStats
    seconds: float
    stopwatch: Stopwatch

    def summary(self) -> str:
        """A short human summary of the build."""
        archive = self.archive
        read = sum(len(ref.digest.papers) for ref in archive.digests)
        fragments = sum(len(ref.digest.fragments) for ref in archive.digests)
        largest = max((len(t.members) for t in self.grouping.themes), default=0)
        share = f"{100 * largest / len(archive.entries):.0f}%" if archive.entries else "0%"
        return "\n".join(
            [
                f"Digests read: {len(archive.digests)}; papers read: {read}; unique papers: "
                f"{len(archive.entries)}; lines not read as papers: {fragments}.",
                f"Themes: {len(self.grouping.themes)} (largest holds {share} of the papers).",
                f"Pages written: {self.stats.written}; unchanged: {self.stats.unchanged}; "
                f"removed: {self.stats.removed}.",
                f"Warnings: {len(self.notices)}"
                + (" (listed in docs/report.md)." if self.notices else "."),
                f"Time: {self.seconds:.1f} s ("
                + ", ".join(f"{n} {s:.1f}" for n, s in self.stopwatch.seconds.items())
                + ").",
            ]
        )


def read_digests(folder: Path) -> tuple[list[Digest], list[InputError], list[Notice]]:
    """Parse every digest file; collect fatal errors instead of stopping at the first."""
    if not folder.is_dir():
        raise BuildFailed([InputError(str(folder), "the digests folder does not exist")])
    files, skipped = find_digests(folder)
    digests, errors = [], []
    notices = [Notice(s.source, 0, f"skipped: {s.reason}") for s in skipped]
    for source, path in files:
        try:
            digests.append(parse_digest(path.read_bytes(), source))
        except InputError as error:
            errors.append(error)
        except OSError as error:
            errors.append(InputError(source, f"cannot be read: {error.strerror or error}"))
    return digests, errors, notices


def build(
    root: Path,
    settings: Settings,
    *,
    force: bool = False,
    params: ThemeParameters = DEFAULT_PARAMETERS,
    stopwatch: Stopwatch | None = None,
) -> BuildResult:
    """Generate every page under ``root/settings.docs``; raise ``BuildFailed`` on bad input."""
    started = time.perf_counter()
    stopwatch = stopwatch or Stopwatch()
    with stopwatch.stage("parse"):
        digests, errors, notices = read_digests(root / settings.digests)
        registry_path = root / settings.themes_file
        try:
            registry = load_registry(registry_path)
        except InputError as error:
            errors.append(error)
        if errors:
            raise BuildFailed(errors)
        archive = merge(digests)
    for ref in archive.digests:
        notices.extend(ref.digest.notices)
    notices.extend(archive.notices)
    params = replace(params, related_papers=settings.related_count)
    grouping, new_registry = group(
        archive.entries,
        registry,
        params,
        fixed_k=settings.theme_count,
        digest_members=[ref.entry_keys for ref in archive.digests],
        stopwatch=stopwatch,
    )
    with stopwatch.stage("render"):
        plan = render_site(archive, grouping, notices, settings.site_url)
    with stopwatch.stage("write"):
        try:
            stats = write_plan(root / settings.docs, plan, OWNED_OUTPUTS, force=force)
        except InputError as error:
            raise BuildFailed([error]) from None
        registry_text = render_registry(new_registry).encode("utf-8")
        if not registry_path.is_file() or registry_path.read_bytes() != registry_text:
            atomic_write(registry_path, registry_text)
    seconds = time.perf_counter() - started
    return BuildResult(archive, grouping, tuple(notices), stats, seconds, stopwatch)
