"""The build: read every digest, merge, prepare, group, relate, render, write. The only
sequencer of the stages, and the only place that ties I/O to them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import NOT_A_PROJECT, Settings, is_project
from .dates import today
from .errors import InputError
from .ingest.files import find_digests
from .ingest.merge import merge
from .ingest.parse import parse_digest
from .model import Archive, Digest, Grouping, Notice
from .output.cache import load_cache, save_cache
from .output.record import code_hash, fingerprint, inputs_hash, load_record, save_record
from .output.write import WriteStats, atomic_write, outputs_intact, write_plan
from .runtime import cyclic_gc_paused, one_numeric_thread, paper_map, usable_cores
from .stopwatch import Stopwatch
from .themes.registry import load_registry, render_registry

if TYPE_CHECKING:
    from .themes.params import ThemeParameters

STAGES = ("read", "merge", "prepare", "group", "relate", "render", "write")
"""The build's stages, in the order they run (each timed by the pipeline)."""
OWNED_OUTPUTS = (
    ".page-dates.json",
    ".arrival-order.json",
    "index.md",
    "report.md",
    "reading-list.md",
    "search-terms.json",
    "search-facets.json",
    "search-sites.json",
    "feeds",
    "papers",
    "digests",
    "themes",
    "tags",
)
"""What the build generates under docs/ (git-ignored); everything else there is the user's."""


class BuildFailed(Exception):
    """Fatal input errors, one line each."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary, ``--json`` and tests."""

    counts: dict[str, float]
    """Digests, papers read, unique papers, fragments, themes, largest theme share."""
    notices: tuple[str, ...]
    """Every warning, one line each."""
    stats: WriteStats
    seconds: float
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    reused: dict[str, int] = field(default_factory=dict)
    """Per-paper results the build's cache gave and those it computed (``cache.figures``)."""
    archive: Archive | None = None
    """The archive, when the build ran (not when nothing had changed)."""
    grouping: Grouping | None = None
    """The themes, when the build ran."""

    def figures(self) -> dict[str, object]:
        """The build's measurable figures, for ``--json`` and the benchmark."""
        return {
            **self.counts,
            "pages_written": self.stats.written,
            "pages_unchanged": self.stats.unchanged,
            "pages_removed": self.stats.removed,
            "pages_written_by_folder": self.stats.written_by_folder,
            "warnings": len(self.notices),
            "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stopwatch.seconds.items()},
            "stage_peak_mb": {k: round(v, 1) for k, v in self.stopwatch.peak_mb.items()},
            **self.reused,
        }

    def summary(self) -> str:
        """A short human summary of the build."""
        c = self.counts
        stages = ", ".join(f"{n} {s:.1f}" for n, s in self.stopwatch.seconds.items())
        return "\n".join(
            [
                f"Digests read: {c['digests']}; papers read: {c['papers_read']}; unique papers: "
                f"{c['unique_papers']}; lines not read as papers: {c['fragments']}.",
                f"Themes: {c['themes']} (largest holds {c['largest_share']:.0%} of the papers).",
                f"Pages written: {self.stats.written}; unchanged: {self.stats.unchanged}; "
                f"removed: {self.stats.removed}.",
                f"Warnings: {len(self.notices)}"
                + (" (listed in docs/report.md)." if self.notices else "."),
                f"Time: {self.seconds:.1f} s" + (f" ({stages})." if stages else "."),
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


def counts_of(archive: Archive, grouping: Grouping, basis: int) -> dict[str, float]:
    """The headline counts of a build (``basis``: papers the vector space was fit on)."""
    largest = max((len(t.members) for t in grouping.themes), default=0)
    return {
        "digests": len(archive.digests),
        "papers_read": sum(len(ref.digest.papers) for ref in archive.digests),
        "unique_papers": len(archive.entries),
        "fragments": sum(len(ref.digest.fragments) for ref in archive.digests),
        "themes": len(grouping.themes),
        "largest_share": round(largest / len(archive.entries), 4) if archive.entries else 0.0,
        "vector_basis": basis,
    }


def refuse_outside_a_project(root: Path) -> None:
    """Raise ``BuildFailed`` unless ``root`` is a project folder (``is_project``)."""
    if not is_project(root):
        raise BuildFailed([InputError(str(root.resolve()), NOT_A_PROJECT)])


def unchanged_build(root: Path, settings: Settings, inputs: str) -> BuildResult | None:
    """The recorded result, when the inputs and every generated file are as last built."""
    docs = root / settings.docs
    record = load_record(docs)
    if not record or record.get("inputs") != inputs:
        return None
    intact = outputs_intact(docs)
    if intact is None:
        return None
    return BuildResult(
        counts=record["figures"],
        notices=tuple(record["notices"]),
        stats=WriteStats(0, intact, 0),
        seconds=0.0,
    )


def build(
    root: Path,
    settings: Settings,
    *,
    force: bool = False,
    regroup: bool = False,
    params: ThemeParameters | None = None,
    stopwatch: Stopwatch | None = None,
) -> BuildResult:
    """Generate every page under ``root/settings.docs``; raise ``BuildFailed`` on bad input.
    ``regroup`` draws the themes afresh instead of from the recorded ones (slugs still pass
    to the new themes that hold most of an old one's papers)."""
    refuse_outside_a_project(root)
    started = time.perf_counter()
    stopwatch = stopwatch or Stopwatch()
    registry_path = root / settings.themes_file
    inputs, code = "", code_hash()
    if (root / settings.digests).is_dir():
        files, _ = find_digests(root / settings.digests)
        inputs = inputs_hash(files, (settings, params), code)
        record = fingerprint(inputs, registry_path)
        last = None if force or regroup else unchanged_build(root, settings, record)
        if last is not None:
            return replace(last, seconds=time.perf_counter() - started)
    with cyclic_gc_paused():
        return _generate(root, settings, inputs, code, force, regroup, params, stopwatch, started)


def _generate(
    root: Path,
    settings: Settings,
    inputs: str,
    code: str,
    force: bool,
    regroup: bool,
    params: ThemeParameters | None,
    stopwatch: Stopwatch,
    started: float,
) -> BuildResult:
    """``build`` once it has found that the pages must be generated: the ``STAGES`` in order,
    each timed here."""
    registry_path = root / settings.themes_file
    docs = root / settings.docs
    # Imported here: a build with nothing to do never pays for scikit-learn's start-up.
    from .pages.citekeys import citation_keys
    from .pages.render import render_site
    from .themes.group import group, relate
    from .themes.paper_text import paper_texts
    from .themes.params import DEFAULT_PARAMETERS

    with stopwatch.stage("read"):
        digests, errors, notices = read_digests(root / settings.digests)
        try:
            registry = load_registry(registry_path)
        except InputError as error:
            errors.append(error)
        if errors:
            raise BuildFailed(errors)
    with stopwatch.stage("merge"):
        archive = merge(digests, registry.first_built, today(), registry.addresses)
    for ref in archive.digests:
        notices.extend(ref.digest.notices)
    notices.extend(archive.notices)
    params = replace(params or DEFAULT_PARAMETERS, related_papers=settings.related_count)
    with stopwatch.stage("prepare"), paper_map(usable_cores()) as map_papers:
        cache = load_cache(docs, code)
        texts = paper_texts(archive.entries, params, cache.mapped(map_papers))
    with one_numeric_thread():
        with stopwatch.stage("group"):
            grouped = group(
                archive.entries,
                texts,
                registry,
                params,
                fixed_k=settings.theme_count,
                regroup=regroup,
            )
            notices.extend(grouped.notices)
        del texts  # the prepared texts are large and only grouping reads them
        with stopwatch.stage("relate"):
            members = [ref.entry_keys for ref in archive.digests]
            grouping = relate(archive.entries, grouped, members, params)
    with stopwatch.stage("render"):
        keys = citation_keys(archive, registry.citation_keys)
        plan = render_site(
            archive,
            grouping,
            notices,
            settings.site_url,
            keys,
            settings.search_sites,
            cache.mapped(),
        )
    with stopwatch.stage("write"):
        try:
            stats = write_plan(docs, plan, OWNED_OUTPUTS, force=force)
        except InputError as error:
            raise BuildFailed([error]) from None
        recorded = replace(
            grouped.registry,
            first_built=archive.first_built,
            addresses=archive.addresses,
            citation_keys={
                **registry.citation_keys,
                **{entry.slug: keys[entry.key] for entry in archive.entries},
            },
        )
        registry_text = render_registry(recorded).encode("utf-8")
        if not registry_path.is_file() or registry_path.read_bytes() != registry_text:
            atomic_write(registry_path, registry_text)
        counts = counts_of(archive, grouping, params.basis_size(len(archive.entries)))
        lines = [str(n) for n in notices]
        save_record(docs, fingerprint(inputs, registry_path), counts, lines)
        save_cache(docs, cache)
    return BuildResult(
        counts=counts,
        notices=tuple(lines),
        stats=stats,
        seconds=time.perf_counter() - started,
        stopwatch=stopwatch,
        reused=cache.figures(),
        archive=archive,
        grouping=grouping,
    )
