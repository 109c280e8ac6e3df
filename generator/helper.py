"""A second process for the build's work that does not wait on the main one.

Grouping is mostly single-threaded Python, so on a machine with two cores a forked helper
process works beside the main one, in this order:

1. it cleans the second half of the papers' texts for statistics (the main one, the first);
2. it renders the theme-independent parts of every paper page (abstract, links, provenance,
   BibTeX) while the main process counts terms;
3. it finds label phrases ahead, in a thread of the lowest priority so that the main
   process's SVD and k-means keep both cores, until it is asked to count them;
4. it counts the theme label phrases while the main process searches related papers;
5. it renders every page but the papers' while the main process renders those.

The helper inherits the archive instead of receiving a copy, and runs only pure Python. Where
fork is missing, the archive is small, or one core is usable, the same functions run in the
main process, so the pages are byte-identical either way (tested).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from .labels import Candidate, candidate_phrases, theme_terms
from .model import Archive, Grouping, Notice
from .paper_page import PaperParts, all_paper_parts
from .render import render_shared_pages
from .stopwatch import peak_memory_mb
from .textprep import statistics_text
from .theme_params import ThemeParameters

if TYPE_CHECKING:
    from .group import LabelCounter

PARALLEL_FROM = 2_000
"""Archives with fewer papers build in one process: a fork costs more than it saves."""

_archive: Archive | None = None
"""The archive the forked helper works on; set just before the fork."""
LOWEST_PRIORITY = 19
"""Niceness of the thread that works ahead (Linux sets it per thread)."""
_requests: Any = None
"""In the helper: its end of the pipe, to see whether a call is waiting."""
_bibtex: dict[str, str] = {}
"""In the helper: each paper's BibTeX entry by key, from its parts."""
_phrases: dict[int, list[str]] = {}
"""In the helper: label phrases of the papers analysed while it had nothing else to do."""


def _statistics_texts(start: int) -> list[str]:
    """In the helper: ``textprep.statistics_text`` of the papers from row ``start`` on."""
    assert _archive is not None
    return [statistics_text(e.paper) for e in _archive.entries[start:]]


def _all_paper_parts() -> tuple[list[PaperParts], float]:
    """In the helper: every paper's parts, in archive order, and the helper's peak memory.
    Their BibTeX entries are kept for the shared pages."""
    assert _archive is not None
    parts = all_paper_parts(_archive)
    _bibtex.update((entry.key, part.bibtex) for entry, part in zip(_archive.entries, parts))
    return parts, peak_memory_mb()


def _shared_pages(grouping: Grouping, notices: list[Notice], site_url: str) -> dict[str, str]:
    """In the helper: ``render.render_shared_pages``."""
    assert _archive is not None
    return render_shared_pages(_archive, grouping, notices, site_url, _bibtex)


def _phrases_of_row(row: int, longest: int) -> list[str]:
    """In the helper: ``labels.candidate_phrases`` of one paper's ``statistics_text``."""
    assert _archive is not None
    return candidate_phrases(statistics_text(_archive.entries[row].paper), longest)


def _analyse_label_phrases(longest: int) -> None:
    """In the helper, until the next call arrives: find papers' label phrases in archive order
    (``theme_terms`` counts each theme's first papers). A thread of the lowest priority does
    it, so it only takes a core the main process leaves idle: k-means and the SVD use both."""
    assert _archive is not None
    entries = len(_archive.entries)
    stop = threading.Event()

    def analyse() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
        except (AttributeError, OSError):  # no priority per thread: no head start either
            return
        for row in range(entries):
            if stop.is_set():
                return
            _phrases[row] = _phrases_of_row(row, longest)

    thread = threading.Thread(target=analyse, daemon=True)
    thread.start()
    _requests.poll(None)  # wait for the next call, then let it run alone
    stop.set()
    thread.join()


def _label_phrases(labels: np.ndarray, params: ThemeParameters) -> list[list[Candidate]]:
    """In the helper: ``labels.theme_terms`` for the archive's papers, with the phrases found
    beforehand where there are some."""
    longest = params.label_ngram_range[1]

    def phrases_of(row: int) -> list[str]:
        found = _phrases.pop(row, None)
        return _phrases_of_row(row, longest) if found is None else found

    return theme_terms(phrases_of, labels, params)


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Worker:
    """One forked process that runs the functions it is sent, in order, and sends back each
    result (or the exception it raised). A thread here receives the answers as they come, so
    the worker never waits for the main process to read. Public multiprocessing calls only:
    a worker that dies (killed for memory, say) is an error here, never a wait without end."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._sent = 0
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._stopped = False
        self._ready = threading.Condition()
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self) -> None:
        number = 0
        while True:
            try:
                answer = self._connection.recv()
            except (EOFError, OSError):
                break
            with self._ready:
                self._answers[number] = answer
                self._ready.notify_all()
            number += 1
        with self._ready:
            self._stopped = True
            self._ready.notify_all()

    def send(self, function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """Queue a call; return a function that waits for its result (asked for once)."""
        self._connection.send((function, args))
        number = self._sent
        self._sent += 1

        def result() -> Any:
            with self._ready:
                self._ready.wait_for(lambda: number in self._answers or self._stopped)
                if number not in self._answers:
                    self._process.join(timeout=5)
                    raise RuntimeError(
                        f"the build's helper process stopped (exit code {self._process.exitcode})"
                    )
                ok, value = self._answers.pop(number)
            if not ok:
                raise value
            return value

        return result

    def stop(self) -> None:
        """End the process, whether or not it finished its work."""
        self._process.terminate()
        self._process.join()
        self._connection.close()


def _serve(connection: Any) -> None:
    """In the worker: run each call received, in order, until the pipe closes."""
    global _requests
    _requests = connection
    while True:
        try:
            function, args = connection.recv()
        except EOFError:
            return
        try:
            connection.send((True, function(*args)))
        except Exception as error:  # sent back and raised in the main process
            connection.send((False, error))


class Helper:
    """Work started in the helper process (or done here, when there is none)."""

    def __init__(self, archive: Archive, worker: _Worker | None) -> None:
        self._archive = archive
        self._worker = worker
        self._split = len(archive.entries) // 2
        self._texts_after_split = worker.send(_statistics_texts, self._split) if worker else None
        self._parts = worker.send(_all_paper_parts) if worker else None
        self.worker_peak_mb: float | None = None
        """The helper's peak memory, once its paper parts are in (None without a helper)."""

    def statistics_texts(self) -> list[str] | None:
        """Every paper's text for statistics (``textprep.statistics_text``), the second
        half cleaned by the helper meanwhile; None without a helper (``group`` cleans them)."""
        if self._texts_after_split is None:
            return None
        entries = self._archive.entries[: self._split]
        texts = [statistics_text(e.paper) for e in entries]
        return texts + self._texts_after_split()

    def paper_parts(self) -> dict[str, PaperParts] | None:
        """Every paper's theme-independent parts by entry key, or None without a helper
        (``render.render_site`` then renders them)."""
        if self._parts is None:
            return None
        parts, self.worker_peak_mb = self._parts()
        return {entry.key: part for entry, part in zip(self._archive.entries, parts)}

    def shared_pages(
        self, grouping: Grouping, notices: list[Notice], site_url: str
    ) -> Callable[[], dict[str, str]] | None:
        """Start rendering every page but the papers' in the helper (while this process
        renders the papers' pages); a function that waits for them, or None without a helper.
        Only what those pages use is sent: not the related papers."""
        if self._worker is None:
            return None
        light = dataclasses.replace(grouping, related={}, same_digest={})
        return self._worker.send(_shared_pages, light, notices, site_url)

    def label_counter(self, params: ThemeParameters) -> LabelCounter | None:
        """A ``group.LabelCounter`` that counts in the helper, or None to count in-process.
        Once the paper parts are done, the helper finds label phrases until it is asked to
        count them."""
        worker = self._worker
        if worker is None:
            return None
        worker.send(_analyse_label_phrases, params.label_ngram_range[1])
        return lambda labels: worker.send(_label_phrases, labels, params)


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
        worker = _Worker()
    finally:
        _archive = None
    try:
        yield Helper(archive, worker)
    finally:
        worker.stop()
