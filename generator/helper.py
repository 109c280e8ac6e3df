"""A second process for the build's work that does not wait on the main one.

Grouping is mostly single-threaded Python, so on a machine with two cores a helper process
renders the theme-independent parts of every paper page (abstract, links, provenance,
BibTeX) while the main process vectorises and clusters, then counts the theme label phrases
while the main process searches related papers. The helper is forked: it inherits the archive
instead of receiving a copy, and runs only pure Python (no numerical library calls). Where
fork is missing, the archive is small, or one core is usable, the same functions run in the
main process, so the pages are byte-identical either way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import Pool

import numpy as np

from .labels import Candidate, theme_terms
from .model import Archive, Entry
from .paper_page import PaperParts, paper_parts
from .stopwatch import peak_memory_mb
from .textprep import clean_for_statistics
from .theme_params import ThemeParameters

PARALLEL_FROM = 2_000
"""Archives with fewer papers build in one process: a fork costs more than it saves."""

_archive: Archive | None = None
"""The archive the forked helper works on; set just before the fork."""


class _Texts(Sequence[str]):
    """Papers' texts for statistics, cleaned only when read (the helper needs a sample)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, row):  # type: ignore[override]
        paper = self._entries[row].paper
        return clean_for_statistics(paper.title, paper.abstract)


def _all_paper_parts() -> tuple[list[PaperParts], float]:
    """In the helper: every paper's parts, in archive order, and the helper's peak memory."""
    assert _archive is not None
    digests = {ref.digest.source: ref for ref in _archive.digests}
    return [paper_parts(entry, digests) for entry in _archive.entries], peak_memory_mb()


def _label_phrases(labels: np.ndarray, params: ThemeParameters) -> list[list[Candidate]]:
    """In the helper: ``labels.theme_terms`` for the archive's papers."""
    assert _archive is not None
    return theme_terms(_Texts(_archive.entries), labels, params)  # type: ignore[arg-type]


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Helper:
    """Work started in the helper process (or done here, when there is none)."""

    def __init__(self, archive: Archive, pool: Pool | None) -> None:
        self._archive = archive
        self._pool = pool
        self._parts = pool.apply_async(_all_paper_parts) if pool else None
        self.worker_peak_mb: float | None = None
        """The helper's peak memory, once its paper parts are in (None without a helper)."""

    def paper_parts(self) -> dict[str, PaperParts]:
        """Every paper's theme-independent parts, by entry key."""
        entries = self._archive.entries
        if self._parts is None:
            digests = {ref.digest.source: ref for ref in self._archive.digests}
            return {entry.key: paper_parts(entry, digests) for entry in entries}
        parts, self.worker_peak_mb = self._parts.get()
        return {entry.key: part for entry, part in zip(entries, parts)}

    def label_counter(
        self, params: ThemeParameters
    ) -> Callable[[np.ndarray], Callable[[], list[list[Candidate]]]] | None:
        """A ``group.LabelCounter`` that counts in the helper, or None to count in-process."""
        pool = self._pool
        if pool is None:
            return None
        return lambda labels: pool.apply_async(_label_phrases, (labels, params)).get


@contextlib.contextmanager
def helper_started(archive: Archive, *, parallel_from: int = PARALLEL_FROM) -> Iterator[Helper]:
    """Start the helper (when it pays); stop it on leaving the block, whatever happened."""
    global _archive
    parallel = (
        len(archive.entries) >= parallel_from
        and usable_cores() >= 2
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        yield Helper(archive, None)
        return
    _archive = archive
    try:
        pool = multiprocessing.get_context("fork").Pool(1)
    finally:
        _archive = None
    try:
        yield Helper(archive, pool)
    finally:
        pool.terminate()
        pool.join()
