"""Render the theme-independent parts of paper pages in a second process while the main one
groups the papers into themes.

Grouping is mostly single-threaded Python, and abstracts, links, BibTeX and provenance make
up most of a paper page's rendering, so on a machine with two cores the two overlap. The
worker is forked: it inherits the archive instead of receiving a copy, and runs only pure
rendering code (no numerical library). Where fork is missing, the archive is small, or only
one core is usable, the parts are rendered in this process when asked for. Either way the
parts are the same, so the pages are byte-identical.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator

from .model import Archive
from .paper_page import PaperParts, paper_parts
from .stopwatch import peak_memory_mb

PARALLEL_FROM = 2_000
"""Archives with fewer papers render in one process: a fork costs more than it saves."""

_archive: Archive | None = None
"""The archive the forked worker renders; set just before the fork."""


def _render_all() -> tuple[list[PaperParts], float]:
    """In the worker: every paper's parts, in archive order, and the worker's peak memory."""
    archive = _archive
    assert archive is not None
    digests = {ref.digest.source: ref for ref in archive.digests}
    return [paper_parts(entry, digests) for entry in archive.entries], peak_memory_mb()


class PendingParts:
    """Papers' parts being rendered; ``result`` waits for them."""

    def __init__(self, result: Callable[[], dict[str, PaperParts]]) -> None:
        self._result = result
        self.worker_peak_mb: float | None = None
        """Peak memory of the worker process, once its result is in (None in-process)."""

    def result(self) -> dict[str, PaperParts]:
        """Every paper's parts by entry key."""
        return self._result()


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def paper_parts_started(
    archive: Archive, *, parallel_from: int = PARALLEL_FROM
) -> Iterator[PendingParts]:
    """Start rendering every paper's parts; yield them as pending parts.

    The worker is stopped on leaving the block, whether or not its result was asked for.
    """
    global _archive
    keys = [entry.key for entry in archive.entries]
    parallel = (
        len(keys) >= parallel_from
        and usable_cores() >= 2
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        digests = {ref.digest.source: ref for ref in archive.digests}
        yield PendingParts(
            lambda: {entry.key: paper_parts(entry, digests) for entry in archive.entries}
        )
        return
    _archive = archive
    try:
        pool = multiprocessing.get_context("fork").Pool(1)
    finally:
        _archive = None
    try:
        running = pool.apply_async(_render_all)
        pool.close()

        def result() -> dict[str, PaperParts]:
            parts, pending.worker_peak_mb = running.get()
            return dict(zip(keys, parts))

        pending = PendingParts(result)
        yield pending
    finally:
        pool.terminate()
        pool.join()
