"""A content-keyed cache of per-paper results, owned by the pipeline.

A build after one new digest parses the same files and cleans and cites the same papers as
the build before it, with the same inputs. The cache keeps each result of a pure per-paper
function under a hash of all it reads: the function's name and bound arguments (their
``repr``), the item (its pickle: every field of a frozen record) and the generator's code, so a
result is reused only where it would be computed again byte for byte, and another version of
the code never reads it.

Of a page (``mapped_pages``) only the hash of its text is kept: the write stage needs the text
of a page only when its file must be written, and the texts were more than a third of the
cache (290 MB at 46,000 papers). It lives in ``docs/.build-cache/`` as pickles, as Sphinx keeps
its environment: the results are records, and loading 80 MB of them takes a twentieth of the
time JSON takes (200 MB at 16,700 papers). The files are the build's own (git-ignored, like the
pages); one that cannot be read, or was written by other code, is ignored and rewritten. What
is kept follows the archive: the results the builds use, not every past version of them; and a
daily build writes only its new results, not the whole cache (``save_cache``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .write import TEMP_PREFIX, KnownText, planned_hash

if TYPE_CHECKING:
    from ..runtime import PaperMap

CACHE_DIR = ".build-cache"
"""Under docs/: the results the last builds used, in two pickles: ``BASE``, rewritten only when
it has drifted far from what builds use, and ``RECENT``, what builds since then added."""
BASE, RECENT = "base.pickle", "recent.pickle"


class ResultCache:
    """Results by content key: those the last build left (``found``) and those this build
    used (``used``, what ``save`` keeps)."""

    def __init__(
        self, code: str, found: dict[str, Any] | None = None, base: set[str] | None = None
    ):
        self.code = code
        """A hash of the generator's code: part of every key."""
        self.found = found or {}
        self.base = base or set()
        """The keys of ``found`` that are in the base file."""
        self.used: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def mapped(self, map_papers: PaperMap = map) -> PaperMap:
        """A ``PaperMap`` that takes each result from the cache when it is there and
        computes the others with ``map_papers`` (the pool's map, say), in the items' order."""
        return functools.partial(self._map, map_papers)

    def mapped_pages(self, map_papers: PaperMap = map) -> PaperMap:
        """``mapped`` for a function that renders a generated file's text: the cache keeps the
        text's ``content_hash``, not the text, and a record whose page it has rendered before
        comes back as a ``KnownText``, rendered again only if its file must be written."""
        return functools.partial(self._map_pages, map_papers)

    def _map(
        self, map_papers: PaperMap, function: Callable[[Any], Any], items: Sequence[Any]
    ) -> list[Any]:
        results = []
        for key, _, result in self._lookup(map_papers, function, items, ""):
            self.used[key] = result
            results.append(result)
        return results

    def _map_pages(
        self, map_papers: PaperMap, function: Callable[[Any], str], items: Sequence[Any]
    ) -> list[str | KnownText]:
        results: list[str | KnownText] = []
        for (key, found, result), item in zip(
            self._lookup(map_papers, function, items, "hash of "), items
        ):
            if found:
                results.append(KnownText(result, functools.partial(function, item)))
                self.used[key] = result
            else:
                results.append(result)
                self.used[key] = planned_hash(result)
        return results

    def _lookup(
        self,
        map_papers: PaperMap,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        kind: str,
    ) -> list[tuple[str, bool, Any]]:
        """Each item's key, whether its result was found, and the result found or computed
        (``kind``: what of the function's result the cache keeps, part of the key)."""
        prefix = self.code + "\0" + kind + function_key(function) + "\0"
        keys = [content_key(prefix, item) for item in items]
        missing = [i for i, key in enumerate(keys) if key not in self.found]
        computed = dict(zip(missing, map_papers(function, [items[i] for i in missing])))
        self.misses += len(missing)
        self.hits += len(items) - len(missing)
        return [
            (key, False, computed[i]) if i in computed else (key, True, self.found[key])
            for i, key in enumerate(keys)
        ]

    def get(self, key: str) -> Any | None:
        """The result the last build kept under ``key`` (``runtime.BuildCache``), if any."""
        return self.found.get(key)

    def keep(self, key: str, result: Any) -> None:
        """Keep ``result`` under ``key``, as results this build used are kept."""
        self.used[key] = result

    def figures(self) -> dict[str, int]:
        """Results reused and computed by this build."""
        return {"cache_hits": self.hits, "cache_misses": self.misses}


def function_key(function: Callable[[Any], Any]) -> str:
    """A function's name, and its bound arguments for a ``functools.partial``: what the
    function reads besides the item. A closure is refused: what it captured is in no key."""
    if isinstance(function, functools.partial):
        bound = repr(function.args) + repr(sorted(function.keywords.items()))
        return function_key(function.func) + bound
    if getattr(function, "__closure__", None):
        raise ValueError(f"a closure cannot be cached by content: {function.__qualname__}")
    return f"{getattr(function, '__module__', '')}.{function.__qualname__}"


def content_key(prefix: str, item: object) -> str:
    """The key of one item's result: a hash of ``prefix`` (code and function) and the item's
    pickle, which holds every field of a record (a third faster than its ``repr``). Equal
    items whose parts are shared differently could pickle differently: that costs a result
    computed again, never a wrong one. SHA-256, which processors now compute in hardware, hashed
    the 209,000 pickles of a build at 44,000 papers (465 MB) in 0.42-0.50 s against 0.66 s
    with BLAKE2b; its first 160 bits are kept, as many as BLAKE2b's were."""
    digest = hashlib.sha256(prefix.encode())
    digest.update(pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()[:40]


def load_cache(docs: Path, code: str) -> ResultCache:
    """The cache the last builds left under ``docs`` (its base and its recent results), or an
    empty one (none, unreadable, or written by other code)."""
    base = _load(docs / CACHE_DIR / BASE, code)
    recent = _load(docs / CACHE_DIR / RECENT, code) if base else {}
    return ResultCache(code, {**base, **recent}, set(base))


def save_cache(docs: Path, cache: ResultCache) -> None:
    """Keep the results this build used: those the base lacks go to the recent file, which
    is small; when the base and what the build used differ by more than ``REWRITE_SHARE``,
    the base is rewritten with what it used and the recent file emptied. Files whose content
    would not change are left alone.

    This is the build's last use of the cache: ``cache.used`` is handed to the base file as it
    is written, and is empty afterwards. Pickling a text that is not pure ASCII keeps a UTF-8
    copy of it inside the string, so holding every result until the end added 110 MB to
    the peak memory of a first build at 18,000 papers; handed over, each chunk is freed once
    written (when the build holds no other reference to it)."""
    folder = docs / CACHE_DIR
    new = {key for key in cache.used if key not in cache.base}
    unused = len(cache.base) - (len(cache.used) - len(new))
    if cache.base and len(new) + unused <= REWRITE_SHARE * len(cache.used):
        if new != cache.found.keys() - cache.base:
            _save(folder / RECENT, cache.code, {key: cache.used[key] for key in new})
    else:
        _save(folder / BASE, cache.code, cache.used)
        _save(folder / RECENT, cache.code, {})
    cache.used.clear()


REWRITE_SHARE = 0.25
"""How far the base may drift from what a build uses (results added or no longer used, as a
share of those used) before it is rewritten: a daily digest adds about 1% (its papers, and the
pages it changes)."""


def _load(path: Path, code: str) -> dict[str, Any]:
    """The results of a file ``_save`` wrote for ``code``, or none (no file, another code's,
    or one that is not whole)."""
    results: dict[str, Any] = {}
    try:
        with open(path, "rb") as file:
            header = pickle.load(file)
            if not isinstance(header, dict) or header.get("code") != code:
                return {}
            chunks = header.get("chunks")
            if not isinstance(chunks, int) or chunks < 0:
                return {}
            for _ in range(chunks):
                chunk = pickle.load(file)
                if not isinstance(chunk, dict):
                    return {}
                results.update(chunk)
            if file.read(1):  # more after the last chunk: not a file _save wrote
                return {}
    except Exception:  # any unreadable cache (truncated, other Python) is a slower build
        return {}
    return results


def _save(path: Path, code: str, results: dict[str, Any]) -> None:
    """Pickle ``results`` straight into a temporary file beside ``path``, then put it in place:
    never half a file. They go in chunks of ``CHUNK``, pickled one after another after a
    header with the code's hash, each taken out of ``results`` as it is written (see
    ``save_cache``). A cache that cannot be written (a full disk) only makes the next build
    slower."""
    temp = path.with_name(TEMP_PREFIX + path.name)
    keys = list(results)
    starts = range(0, len(keys), CHUNK)
    try:
        path.parent.mkdir(exist_ok=True)
        with open(temp, "wb") as file:
            pickle.dump({"code": code, "chunks": len(starts)}, file, pickle.HIGHEST_PROTOCOL)
            for start in starts:
                chunk = {key: results.pop(key) for key in keys[start : start + CHUNK]}
                pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()


CHUNK = 2000
"""Results per pickle in a cache file."""
