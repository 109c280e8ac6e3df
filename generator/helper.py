"""A second process for the build's work that does not wait on the main one.

Grouping is mostly single-threaded Python, so on a machine with two cores a forked helper
process works beside the main one, in this order:

1. it cleans the second half of the papers' texts for statistics (the main one, the first);
2. it works ahead while the main process counts terms, runs the SVD and k-means: it finds the
   label phrases of the papers the label count is likely to need, then renders the
   theme-independent parts of paper pages (abstract, links, provenance, BibTeX). A thread of
   the lowest priority does it, so that the SVD and k-means keep both cores. The parts of
   the papers whose pages the main process renders go to it in messages as they are done;
3. it counts the theme label phrases while the main process searches related papers, then
   goes on rendering paper parts until the main process asks for those it has;
4. it renders and writes its share of the pages (the first 15% of the papers' pages and
   every other page) while the main process renders and writes the rest (with the parts
   the helper did not get to); ``write.write_plan`` records both shares before either is
   written.

Label phrases come first because the main process needs them first; and the main process
takes the paper parts as they are when it needs them instead of waiting for all of them:
with all the paper parts first, it waited about a second for labels at 20,000 papers.

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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .bibtex import bibtex_entry
from .labels import Candidate, LabelPhrases, candidate_phrases, theme_terms
from .model import Archive, Entry, Grouping, Notice, Related
from .paper_page import PaperParts, paper_parts
from .related import related_papers, same_digest_papers
from .render import render_paper_pages, render_shared_pages
from .stopwatch import peak_memory_mb
from .textprep import statistics_text
from .theme_params import ThemeParameters
from .write import PagesElsewhere, digest_of, write_files

if TYPE_CHECKING:
    from .group import LabelCounter, RelatedFinder

PARALLEL_FROM = 2_000
"""Archives with fewer papers build in one process: a fork costs more than it saves."""

_archive: Archive | None = None
"""The archive the forked helper works on; set just before the fork."""
LOWEST_PRIORITY = 19
"""Niceness of the thread that works ahead (Linux sets it per thread)."""
_requests: Any = None
"""In the helper: its end of the pipe, to see whether a call is waiting."""
_texts: list[str | None] = []
"""In the helper: the papers' ``statistics_text`` by row, once known (its half, then the main
process's)."""
_phrases: LabelPhrases | None = None
"""In the helper: the papers' label phrases, some of them found ahead."""
_parts: list[PaperParts] = []
"""In the helper: the parts of the archive's first papers, rendered so far."""
_parts_sent = 0
"""In the helper: how many of ``_parts`` went to the main process already."""
_pages: dict[str, bytes] = {}
"""In the helper: its share of the pages (``_render_pages``), by path under docs/."""
PARTS_PER_MESSAGE = 1_000
"""Paper parts sent as soon as this many are rendered, so that the main process receives
them while it works instead of waiting for all at once (1.5 s at 46,000 papers)."""


def _statistics_texts(start: int) -> list[str]:
    """In the helper: ``textprep.statistics_text`` of the papers from row ``start`` on (kept
    here too, for label phrases)."""
    assert _archive is not None
    texts = [statistics_text(e.paper) for e in _archive.entries[start:]]
    _texts[:] = [None] * start + texts
    return texts


def _text_of(row: int) -> str:
    """In the helper: paper ``row``'s ``statistics_text``."""
    text = _texts[row] if row < len(_texts) else None
    if text is None:
        assert _archive is not None
        text = statistics_text(_archive.entries[row].paper)
    return text


def _render_parts(stop: Callable[[], bool]) -> None:
    """In the helper: render the paper parts not rendered yet, in archive order, until they
    are all done (then send the last of them: the main process can tell the helper is free)
    or ``stop()`` is true."""
    assert _archive is not None
    digests = {ref.digest.source: ref for ref in _archive.digests}
    for entry in _archive.entries[len(_parts) :]:
        if stop():
            return
        _parts.append(paper_parts(entry, digests))
        if len(_parts) - _parts_sent >= PARTS_PER_MESSAGE:
            _send_parts()
    _send_parts()


def _send_parts() -> None:
    """In the helper: send the parts rendered since the last message to the main process
    (only those of the papers whose pages it renders: from ``first_paper_there`` on)."""
    global _parts_sent
    assert _archive is not None
    start = max(_parts_sent, first_paper_there(len(_archive.entries)))
    if len(_parts) > start:
        _requests.send((_MORE_PARTS, _parts[start:]))
        _parts_sent = len(_parts)


def _render_parts_until_asked() -> None:
    """In the helper: render paper parts until they are all done or the next call arrives."""
    _render_parts(_requests.poll)


def _render_pages(grouping: Grouping, notices: list[Notice], site_url: str) -> dict[str, str]:
    """In the helper: render its share of the pages (those of the papers before
    ``first_paper_there``, and every page but the papers'); keep them, return their content
    hashes by path."""
    global _pages
    assert _archive is not None
    entries = _archive.entries
    share = entries[: first_paper_there(len(entries))]
    parts = {entry.key: part for entry, part in zip(entries, _parts)}
    pages = render_paper_pages(_archive, grouping, parts, share)
    bibtex = {key: part.bibtex for key, part in parts.items()}
    bibtex.update((e.key, bibtex_entry(e)) for e in entries if e.key not in bibtex)
    pages.update(render_shared_pages(_archive, grouping, notices, site_url, bibtex))
    _pages = {path: text.encode("utf-8") for path, text in pages.items()}
    return {path: digest_of(data) for path, data in _pages.items()}


def _write_pages(docs: str, paths: list[str]) -> None:
    """In the helper: write those of its pages (``write.write_files``)."""
    write_files(docs, [(path, _pages[path]) for path in paths])


def _related_elsewhere(
    dense: np.ndarray,
    labels: np.ndarray,
    terms: list[list[str]],
    members: Sequence[Sequence[str]],
    params: ThemeParameters,
) -> tuple[dict[str, tuple[Related, ...]], dict[str, tuple[Related, ...]]]:
    """In the helper: the related papers of the second part (``related_papers(part=1)``) and
    every paper's same-digest papers (``group.RelatedFinder``)."""
    assert _archive is not None
    entries = _archive.entries
    return (
        related_papers(entries, dense, labels, params, terms, part=1),
        same_digest_papers(entries, dense, members, params, terms),
    )


def _label_phrases_reader(longest: int) -> LabelPhrases:
    """In the helper: the ``LabelPhrases`` of the papers' ``statistics_text``."""
    global _phrases
    if _phrases is None:
        _phrases = LabelPhrases(lambda row: candidate_phrases(_text_of(row), longest))
    return _phrases


def _work_ahead(first_texts: list[str], phrase_rows: int, longest: int) -> None:
    """In the helper, until the next call arrives: find the label phrases of the first
    ``phrase_rows`` papers (``theme_terms`` counts each theme's first papers), then render
    paper parts. A thread of the lowest priority does it, so it only takes a core the main
    process leaves idle: k-means and the SVD use both. ``first_texts`` are the statistics
    texts the main process cleaned."""
    _texts[: len(first_texts)] = first_texts
    stop = threading.Event()
    phrases = _label_phrases_reader(longest)

    def work() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
        except (AttributeError, OSError):  # no priority per thread: no head start either
            return
        for row in range(phrase_rows):
            if stop.is_set():
                return
            phrases.read_ahead(row)
        _render_parts(stop.is_set)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    _requests.poll(None)  # wait for the next call, then let it run alone
    stop.set()
    thread.join()


def _label_phrases(labels: np.ndarray, params: ThemeParameters) -> list[list[Candidate]]:
    """In the helper: ``labels.theme_terms`` for the archive's papers, with the phrases found
    beforehand where there are some."""
    phrases = _label_phrases_reader(params.label_ngram_range[1])
    candidates = theme_terms(phrases, labels, params)
    phrases.found.clear()  # those of papers the count did not need
    return candidates


def first_paper_there(papers: int) -> int:
    """The row of the first paper whose page the main process renders and writes: the helper
    takes the first 15% (it renders their parts first), as it also renders every page but the
    papers', which take about as long as 40% (20,000 papers) to 70% (46,000 papers) of the
    paper pages."""
    return papers * 3 // 20


def phrase_rows_ahead(papers: int, params: ThemeParameters) -> int:
    """How many of the first papers' label phrases to find ahead: as many as the label count
    takes with the fewest themes searched (``label_sample`` per theme), at most all."""
    return min(papers, params.label_sample * params.k_bounds(papers)[0])


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_RESULT, _ERROR, _MORE_PARTS = range(3)
"""Kinds of message from the worker: a call's result, the exception a call raised, paper
parts sent ahead of any call's result."""


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
        self._answers: dict[int, tuple[int, Any]] = {}
        self.parts: list[PaperParts] = []
        """Paper parts the worker sent so far (``_send_parts``), in archive order."""
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
            if answer[0] == _MORE_PARTS:
                self.parts.extend(answer[1])
                continue
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
                kind, value = self._answers.pop(number)
            if kind == _ERROR:
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
            connection.send((_RESULT, function(*args)))
        except Exception as error:  # sent back and raised in the main process
            connection.send((_ERROR, error))


class Helper:
    """Work started in the helper process (or done here, when there is none)."""

    def __init__(self, archive: Archive, params: ThemeParameters, worker: _Worker | None):
        self._archive = archive
        self._params = params
        self._worker = worker
        self._split = len(archive.entries) // 2
        self._texts_after_split = worker.send(_statistics_texts, self._split) if worker else None

    def statistics_texts(self) -> list[str] | None:
        """Every paper's text for statistics (``textprep.statistics_text``), the second
        half cleaned by the helper meanwhile; None without a helper (``group`` cleans them).
        The helper then gets the first half and starts working ahead."""
        if self._texts_after_split is None or self._worker is None:
            return None
        entries = self._archive.entries[: self._split]
        texts = [statistics_text(e.paper) for e in entries]
        rows = phrase_rows_ahead(len(self._archive.entries), self._params)
        self._worker.send(_work_ahead, texts, rows, self._params.label_ngram_range[1])
        return texts + self._texts_after_split()

    def label_counter(self) -> LabelCounter | None:
        """A ``group.LabelCounter`` that counts in the helper, or None to count in-process.
        Once it has counted, the helper goes on rendering paper parts."""
        worker = self._worker
        if worker is None:
            return None

        def count(labels: np.ndarray) -> Callable[[], list[list[Candidate]]]:
            candidates = worker.send(_label_phrases, labels, self._params)
            self._keep_rendering_parts()
            return candidates

        return count

    def related_finder(self) -> RelatedFinder | None:
        """A ``group.RelatedFinder`` that finds them in the helper once it has sent every
        paper part this process needs, that is once it has rendered them all (before that,
        rendering parts is the better use of its time: at 20,000 papers, taking the related
        papers made this process render more parts than the search saved), or None to find
        them all in-process."""
        worker = self._worker
        if worker is None:
            return None

        def find(
            dense: np.ndarray,
            labels: np.ndarray,
            terms: list[list[str]],
            members: Sequence[Sequence[str]],
        ) -> Any:
            if len(worker.parts) < len(self.papers_here):
                return None
            found = worker.send(_related_elsewhere, dense, labels, terms, members, self._params)
            self._keep_rendering_parts()
            return found

        return find

    def _keep_rendering_parts(self) -> None:
        """Let the helper render paper parts until the next call (each call stops it)."""
        if self._worker is not None:
            self._worker.send(_render_parts_until_asked)

    def peak_memory_mb(self) -> float | None:
        """The helper's peak memory so far, or None without a helper."""
        return None if self._worker is None else self._worker.send(peak_memory_mb)()

    def paper_parts(self) -> dict[str, PaperParts]:
        """The theme-independent parts of the papers in ``papers_here``, by entry key, as far
        as the helper rendered them (``render.render_paper_pages`` renders the others)."""
        if self._worker is None:
            return {}
        self._keep_rendering_parts()
        self._worker.send(_send_parts)()  # answered after the last parts
        return {entry.key: part for entry, part in zip(self.papers_here, self._worker.parts)}

    @property
    def papers_here(self) -> Sequence[Entry]:
        """The papers whose pages this process renders and writes: all of them without a
        helper, those from ``first_paper_there`` on with one."""
        entries = self._archive.entries
        return entries if self._worker is None else entries[first_paper_there(len(entries)) :]

    def pages_elsewhere(
        self, grouping: Grouping, notices: list[Notice], site_url: str, docs: Path
    ) -> Callable[[], PagesElsewhere] | None:
        """Start rendering the helper's share of the pages (the other papers' pages and every
        page but the papers'), to be written under ``docs`` by the helper itself; a function
        that waits for their hashes, or None without a helper. Only what those pages use is
        sent: the other papers' related papers are not."""
        worker = self._worker
        if worker is None:
            return None
        keys = {entry.key for entry in self.papers_here}
        light = dataclasses.replace(
            grouping,
            related={k: v for k, v in grouping.related.items() if k not in keys},
            same_digest={k: v for k, v in grouping.same_digest.items() if k not in keys},
        )
        hashes = worker.send(_render_pages, light, notices, site_url)
        return lambda: PagesElsewhere(
            hashes(), lambda paths: worker.send(_write_pages, os.fspath(docs), paths)
        )


@contextlib.contextmanager
def helper_started(
    archive: Archive, params: ThemeParameters, *, parallel_from: int = PARALLEL_FROM
) -> Iterator[Helper]:
    """Start the helper (when it pays); stop it on leaving the block, whatever happened."""
    global _archive
    parallel = (
        len(archive.entries) >= parallel_from
        and usable_cores() >= 2
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not parallel:
        yield Helper(archive, params, None)
        return
    _archive = archive
    try:
        worker = _Worker()
    finally:
        _archive = None
    try:
        yield Helper(archive, params, worker)
    finally:
        worker.stop()
