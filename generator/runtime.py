"""How a build uses the machine, the same way on every machine: the numeric steps in one
thread (so results never depend on the core count), a process pool for pure per-paper work
(results in order), and Python's cyclic garbage collector paused."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol


@contextlib.contextmanager
def one_numeric_thread() -> Iterator[None]:
    """Run NumPy's BLAS and scikit-learn's OpenMP code in one thread for the block.

    With more threads, sums are split differently (k-means' centre updates, the SVD's and
    the similarity search's matrix products), so their last bits, and with them rounded
    similarities, ties and theme members, followed the machine's core count: the same
    18,000-paper archive built on one core and on two differed in 16 of 17,455 pages. One
    thread gives the same bytes on every machine.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


PARENT_CHECK_SECONDS = 0.5
"""How often a pool worker checks that its build is still running."""

PaperMap = Callable[[Callable[[Any], Any], Sequence[Any]], Iterable[Any]]
"""``map`` over a pure per-paper function: results in the order of the items."""


class BuildCache(Protocol):
    """The build's cache of results (``output.cache.ResultCache``), as the stages use it."""

    def mapped(self, map_papers: PaperMap = map) -> PaperMap:
        """``map_papers`` wrapped with the cache: results computed before are taken from it,
        the others mapped."""

    def get(self, key: str) -> Any | None:
        """The result the last build kept under ``key`` (one whose key its caller computes,
        as for a result that a later build extends instead of computing again), if any."""

    def keep(self, key: str, result: Any) -> None:
        """Keep ``result`` under ``key`` for the next build."""


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def paper_map(workers: int) -> Iterator[PaperMap]:
    """A map over pure per-paper functions in a pool of ``workers`` processes (the built-in
    ``map`` for one). The pool only computes; its results come back in the papers' order,
    so the pages are the same whatever the number of processes.

    The workers are forked when the pool opens, not at its first map: a worker shares its
    parent's memory copy-on-write, so the parent pays a page copy for every page it touches
    afterwards. Forked before a daily build loads its cache (700 MB at 46,000 papers), they
    share almost nothing."""
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield map
        return
    # Forked, the workers start with the generator already imported: no start-up to pay.
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    ) as pool:
        pool.submit(int).result()  # forks every worker now (see above)
        yield lambda function, items: pool.map(
            function, items, chunksize=max(1, len(items) // (4 * workers))
        )


def _start_worker(parent: int) -> None:
    """In a pool worker: run the cyclic collector, and end the worker when the build that
    forked it is gone (killed with ``kill -9``, say).

    A worker is forked with the collector paused (``cyclic_gc_paused``), but what it computes
    lives only until it is sent back, and some libraries make cycles: pylatexenc leaves 18 KB
    of them per formula. With it paused, a worker that turned 40,000 titles with two formulas
    each into plain text grew to 841 MB; with it running, to 41 MB, in 9.0-9.6 s rather than
    10.9-11.6 s (two runs each). Forked workers hold both ends of their task pipe,
    so without the check they would wait for work forever."""
    gc.enable()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    A build allocates millions of objects that live until it ends and form almost no
    reference cycles, so each full collection walks them all for nothing: with it paused a
    20,000-paper build took 8.0-8.1 s instead of 8.7-8.8 s for 15-40 MB more memory (two
    runs each). Reference counting still frees everything else as usual.

    The objects made meanwhile then go straight to the oldest generation (``gc.freeze``, then
    ``gc.unfreeze``), as they would after surviving the young collections: left in the
    youngest, the first allocation after the block walked them all (0.4-0.7 s after a
    build at 44,000 papers, before the site's steps could start).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
