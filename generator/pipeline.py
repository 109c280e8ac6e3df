"""The build: read every digest, merge, prepare, group, relate, render, write. The only
sequencer of the stages, and the only place that ties I/O to them."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import NOT_A_PROJECT, Settings, is_project
from .dates import today
from .errors import InputError
from .ingest.files import find_digests
from .ingest.merge import merge
from .ingest.parse import parsed_digest
from .model import Digest, Notice
from .outcome import (
    BuildFailed,
    BuildOptions,
    BuildResult,
    counts_of,
    vector_space_counts,
)
from .output.cache import load_cache, save_cache
from .output.record import code_hash, fingerprint, inputs_hash, load_record, save_record
from .output.write import WriteStats, atomic_write, outputs_intact, write_plan
from .runtime import cyclic_gc_paused, one_numeric_thread, paper_map, usable_cores
from .stopwatch import Stopwatch
from .themes.registry import load_registry, registry_key, render_registry

if TYPE_CHECKING:
    from .runtime import PaperMap
    from .themes.params import ThemeParameters

STAGES = ("read", "merge", "prepare", "group", "relate", "render", "write")
"""The build's stages, in the order they run (each timed by the pipeline)."""
OWNED_OUTPUTS = (
    ".page-dates.json",
    ".arrival-order.json",
    ".unlisted-pages.json",
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


def read_digests(
    folder: Path, map_files: PaperMap = map
) -> tuple[list[Digest], list[InputError], list[Notice]]:
    """Parse every digest file (``parsed_digest`` mapped with ``map_files``: the built-in map,
    or the pipeline's cache); collect fatal errors instead of stopping at the first."""
    if not folder.is_dir():
        raise BuildFailed([InputError(str(folder), "the digests folder does not exist")])
    files, skipped = find_digests(folder)
    notices = [Notice(s.source, 0, f"skipped: {s.reason}") for s in skipped]
    results: list[Digest | InputError | tuple[bytes, str]] = []
    for source, path in files:
        try:
            results.append((path.read_bytes(), source))
        except OSError as error:
            results.append(InputError(source, f"cannot be read: {error.strerror or error}"))
    read = [i for i, result in enumerate(results) if isinstance(result, tuple)]
    for i, result in zip(read, map_files(parsed_digest, [results[i] for i in read])):
        results[i] = result
    digests = [result for result in results if isinstance(result, Digest)]
    errors = [result for result in results if isinstance(result, InputError)]
    return digests, errors, notices


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
    refit: bool = False,
    params: ThemeParameters | None = None,
    stopwatch: Stopwatch | None = None,
) -> BuildResult:
    """Generate every page under ``root/settings.docs``; raise ``BuildFailed`` on bad input.
    ``regroup`` draws the themes afresh instead of from the recorded ones (slugs still pass
    to the new themes that hold most of an old one's papers); ``refit`` fits the vector space
    on the ladder's step of the archive instead of the papers themes.yml records."""
    options = BuildOptions(force, regroup, refit)
    refuse_outside_a_project(root)
    started = time.perf_counter()
    stopwatch = stopwatch or Stopwatch()
    registry_path = root / settings.themes_file
    inputs, code = "", code_hash()
    if (root / settings.digests).is_dir():
        files, _ = find_digests(root / settings.digests)
        inputs = inputs_hash(files, (settings, params), code)
        record = fingerprint(inputs, registry_path)
        asked = force or regroup or refit
        last = None if asked else unchanged_build(root, settings, record)
        if last is not None:
            return replace(last, seconds=time.perf_counter() - started)
    with cyclic_gc_paused():
        return _generate(root, settings, inputs, code, options, params, stopwatch, started)


def _generate(
    root: Path,
    settings: Settings,
    inputs: str,
    code: str,
    options: BuildOptions,
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
    from .themes.changes import theme_changes
    from .themes.group import group, relate
    from .themes.paper_text import paper_texts
    from .themes.params import DEFAULT_PARAMETERS
    from .themes.semantic import paper_embeddings, verified_model

    # One pool for the per-paper work of every stage, forked before the build reads anything
    # (see ``runtime.paper_map``); its workers wait while the numeric steps run here.
    with paper_map(usable_cores()) as map_papers:
        with stopwatch.stage("read"):
            # Parsed digests, prepared texts, pages...: see output/cache.
            cache = load_cache(docs, code)
            digests, errors, notices = read_digests(root / settings.digests, cache.mapped())
            try:
                registry = load_registry(registry_path, cache)
            except InputError as error:
                errors.append(error)
            model = None
            if settings.semantic:  # checked before any work: a missing model stops the build now
                try:
                    folder = (
                        str(root / settings.semantic_model) if settings.semantic_model else None
                    )
                    model = verified_model(folder, str(root / "pyproject.toml"))
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
        with stopwatch.stage("prepare"):
            texts = paper_texts(archive.entries, params, cache.mapped(map_papers))
            meaning = None  # sentence embeddings, with ``semantic = true``
            if model is not None:
                meaning = paper_embeddings(archive.entries, model, cache.mapped(map_papers))
        with one_numeric_thread():
            with stopwatch.stage("group"):
                grouped = group(
                    archive.entries,
                    texts,
                    registry,
                    params,
                    fixed_k=settings.theme_count,
                    regroup=options.regroup,
                    refit=options.refit,
                    cache=cache,
                    meaning=meaning,
                    joined={moved.slug: archive.by_key[moved.key].slug for moved in archive.moved},
                )
                notices.extend(grouped.notices)
            del texts, meaning  # large, and only grouping reads them
            with stopwatch.stage("relate"):
                members = [ref.entry_keys for ref in archive.digests]
                grouping = relate(archive.entries, grouped, members, params)
            # Only grouping and relating read the vectors and neighbour lists: keep what the
            # registry and the summary need, and free them before the pages (60 MB at 18,000).
            grouped_registry = grouped.registry
            space = vector_space_counts(len(archive.entries), grouped, registry, params)
            changes = theme_changes(registry, grouped_registry)
            del grouped
        with stopwatch.stage("render"):
            keys = citation_keys(archive, registry.citation_keys)
            plan = render_site(
                archive,
                grouping,
                notices,
                settings.site_url,
                keys,
                settings.search_sites,
                cache.mapped(map_papers),
                cache.mapped_pages(map_papers),
            )
    with stopwatch.stage("write"):
        try:
            stats = write_plan(docs, plan, OWNED_OUTPUTS, force=options.force)
        except InputError as error:
            raise BuildFailed([error]) from None
        del plan  # written; the cache, saved last, frees its pages as it writes them
        recorded = replace(
            grouped_registry,
            first_built=archive.first_built,
            addresses=archive.addresses,
            citation_keys={
                **registry.citation_keys,
                **{entry.slug: keys[entry.key] for entry in archive.entries},
            },
        )
        registry_text = render_registry(recorded, cache.mapped()).encode("utf-8")
        if not registry_path.is_file() or registry_path.read_bytes() != registry_text:
            atomic_write(registry_path, registry_text)
        cache.keep(registry_key(registry_text), recorded)  # what reading the text would give
        counts = {**counts_of(archive, grouping), **space, **changes.figures()}
        lines = [str(n) for n in notices]
        # The basis before this build and what it changed in the themes are news to this
        # build's summary only, not to a rerun's.
        news = {"vector_basis_before", *changes.figures()}
        lasting = {k: v for k, v in counts.items() if k not in news}
        save_record(docs, fingerprint(inputs, registry_path), lasting, lines)
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
        theme_changes=changes.line() or "",
    )
