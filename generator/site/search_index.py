"""The site's search index: Pagefind over the built site, its papers in shards past a size.

Pagefind holds the index it builds in memory, about 0.1 MB per page (1.9 GB at 18,890 pages;
a known upstream limit, Pagefind/pagefind#842), and it cannot update an index: it indexes
what it is given, whole. The papers are therefore indexed in shards of ``shard_pages``
papers each, in the order they arrived (the generator's ``docs/.arrival-order.json``), the
recent ones in shards of a quarter as many (past a quarter of ``shard_pages`` papers; one
index below), and the rest of the site in the main index; the search script merges the
shards in the browser (``pagefind.mergeIndex``) from ``pagefind/shards.json``. Memory then
follows a shard, not the site (times the indexings run at once, one per core), and a new
digest's papers all go to the last shard: after an incremental MkDocs build, a shard whose
pages' indexed text is unchanged is kept as it is, and only the others (usually the last)
and the main index are indexed again.

What a page gives the index is read from its HTML without the parts Pagefind skips (marked
``data-pagefind-ignore``: lists of other papers, BibTeX; and the ``UNINDEXED`` furniture, such
as the theme line: what changes on old papers' pages when new papers arrive or a theme is
renamed); everything else counts, so a change Pagefind would see is never missed. Each
page's fingerprint is kept in ``docs/.search-index.json`` with its size and mtime, so only
pages MkDocs rewrote are read again. A shard indexed again or kept gives the same files, so
the site is the one a full build makes (tested).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .search_ids import fragment_papers, write_paper_numbers
from .walk import pages_outside

INDEX_DIR = "pagefind"
"""The main index, inside the site; shards go in folders below it."""
UNINDEXED = (
    ".headerlink",
    ".rd-theme",
    "#related-papers",
    "#similar-papers-in-the-same-digest",
    "#appeared-in",
    "#links",
    "#bibtex",
)
"""Page furniture inside indexed text that Pagefind must skip: Material's ``¶`` heading
permalinks, which ended every result title and started every excerpt; a paper page's "Theme:
..." line, which began every paper's excerpt; and the headings of a paper page's lists and
BibTeX entry (those are ``data-pagefind-ignore``), by the ids their text gives them, which
made every paper a result for "related", "similar", "appeared", "links" or "bibtex" and took
70 bytes a paper of the index (5,000 papers: 7.13 MB against 6.78 MB, before the BibTeX label
became a heading). A hand-written page's heading of the same text gets the same id and is
skipped too (its section is not)."""
SHARD_LIST = "shards.json"
PAPERS = "papers"
EVERY_PAGE = "**/*.{html}"
"""Pagefind's own default: every page of the site."""
ARRIVAL_ORDER = ".arrival-order.json"
"""Paper slugs in arrival order, under docs/ (``generator/pages/metadata.py``)."""
SEARCH_RECORD = ".search-index.json"
"""Under docs/: each paper page's fingerprint and each shard's, from the last indexing."""
UNINDEXED_CLASSES = "|".join(re.escape(s[1:]) for s in UNINDEXED if s.startswith("."))
IGNORED_ELEMENT = re.compile(
    rb"<(?P<tag>[a-z0-9]+)\b[^>]*(?:\bdata-pagefind-ignore\b|\bclass=\"(?:[^\"]*\s)?(?:"
    + UNINDEXED_CLASSES.encode()
    + rb")(?:\s[^\"]*)?\")[^>]*>.*?</(?P=tag)>",
    re.DOTALL,
)
"""An element Pagefind skips (marked ``data-pagefind-ignore``, or of an ``UNINDEXED`` class),
up to the first closing tag of its name: for a nested element of the same name less is cut,
never more, so the fingerprint only ever holds more text (as it does the headings skipped by
their ids)."""


PageSeen = tuple[int, int, str]
"""A paper page's size, mtime (ns) and ``indexed_fingerprint``, as the last indexing saw it."""


@dataclass(frozen=True)
class Shard:
    """One Pagefind run: the pages it indexes and where its bundle goes."""

    folder: str
    """Output folder, relative to the site."""
    glob: str = ""
    """Pages to index, relative to the site (Pagefind's ``--glob``), for the one index of a
    small site. The main index beside paper shards has none: it holds every page outside
    the papers' folder (``pages_outside``)."""
    papers: tuple[str, ...] = ()
    """Paper slugs, for a paper shard."""


RECENT_PARTS = 4
"""Into how many shards the papers past the last full shard are cut, so that a new digest
indexes again a quarter of a shard at most."""


def plan_shards(arrival_order: list[str], shard_pages: int) -> list[Shard]:
    """The main index first, then the paper shards. Up to a quarter of ``shard_pages``
    papers, one index holds every page. Past it, the papers in arrival order are cut into
    full shards of ``shard_pages`` (``papers-1``, ``papers-2``, ...) and the papers after
    them, the recent ones, into ``RECENT_PARTS`` shards of a quarter as many (``papers-3a``,
    ``papers-3b``, ...); the main index holds every other page. A new digest's papers join
    the last recent shard, so a daily build indexes again a quarter of ``shard_pages``
    papers at most, at any size; once the recent ones fill a shard, they become one (indexed
    once more)."""
    part = -(-shard_pages // RECENT_PARTS)
    if len(arrival_order) <= part:
        return [Shard(INDEX_DIR, EVERY_PAGE)]
    shards = [Shard(INDEX_DIR)]
    full = len(arrival_order) // shard_pages
    for number in range(1, full + 1):
        papers = tuple(arrival_order[(number - 1) * shard_pages : number * shard_pages])
        shards.append(Shard(f"{INDEX_DIR}/{PAPERS}-{number}", papers=papers))
    recent = arrival_order[full * shard_pages :]
    for letter, start in zip("abcdefghijklmnopqrstuvwxyz", range(0, len(recent), part)):
        papers = tuple(recent[start : start + part])
        shards.append(Shard(f"{INDEX_DIR}/{PAPERS}-{full + 1}{letter}", papers=papers))
    return shards


def excluded_arguments() -> list[str]:
    """Pagefind's arguments that make it skip the ``UNINDEXED`` furniture."""
    return [argument for selector in UNINDEXED for argument in ("--exclude-selectors", selector)]


def indexed_fingerprint(html: bytes) -> str:
    """A fingerprint of what Pagefind reads in a page: all of it but the ignored elements."""
    return hashlib.sha256(IGNORED_ELEMENT.sub(b"", html)).hexdigest()


def shard_fingerprint(shard: Shard, pages: dict[str, PageSeen]) -> str:
    """A fingerprint of a paper shard's input: its papers, in order, and their pages'."""
    digest = hashlib.sha256(" ".join(UNINDEXED).encode())
    for slug in shard.papers:
        seen = pages.get(slug)
        digest.update(f"{slug}\0{seen[2] if seen else ''}\n".encode())
    return digest.hexdigest()


def index_site(
    site: Path,
    docs: Path,
    shard_pages: int,
    run: Callable[[list[str]], dict[str, float]],
    workers: int = 1,
) -> dict[str, float]:
    """Index the built site with Pagefind (``run`` runs one command and returns its seconds
    and peak memory), keeping the paper shards whose input did not change since the last
    indexing and running up to ``workers`` indexings at once (each writes its own folder);
    the wall seconds, the largest peak of one run, the number of indexes and of those kept."""
    started = time.perf_counter()
    order = _arrival_order(docs, site)
    shards = plan_shards(order, shard_pages)
    record_path = docs / SEARCH_RECORD
    previous = _load_record(record_path)
    # Every paper page's fingerprint, read again only where MkDocs rewrote the page (after a
    # full build, all: 2.5 s at 16,700 papers), so that the next indexing can keep shards.
    pages = _page_fingerprints(site, order, previous.get("pages", {})) if len(shards) > 1 else {}
    wanted = {shard.folder: shard_fingerprint(shard, pages) for shard in shards[1:]}
    kept = {
        folder
        for folder, fingerprint in wanted.items()
        if previous.get("shards", {}).get(folder) == fingerprint
        and (site / folder / "pagefind-entry.json").is_file()
    }
    record_path.unlink(missing_ok=True)  # an interrupted indexing must not look complete
    _clear_index(site / INDEX_DIR, kept)  # Pagefind keeps what it found before
    excluded = excluded_arguments()

    def index(shard: Shard) -> dict[str, float]:
        if shard.glob:
            where = ["--site", str(site), "--glob", shard.glob, "--output-subdir", shard.folder]
            return run([*where, *excluded])
        if shard.papers:
            pages = [f"{PAPERS}/{slug}/index.html" for slug in shard.papers]
        else:  # the main index: given by a glob, Pagefind walked every paper's folder too
            # The index's own folder holds no page, and a file for each paper.
            pages = pages_outside(os.fspath(site), {PAPERS, INDEX_DIR})
        with _pages_of(site, pages) as folder:
            return run(
                ["--site", str(folder), "--output-path", str(site / shard.folder), *excluded]
            )

    todo = [shard for shard in shards if shard.folder not in kept]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
        steps = list(pool.map(index, todo))
    listing = {"shards": [shard.folder[len(INDEX_DIR) + 1 :] + "/" for shard in shards[1:]]}
    (site / INDEX_DIR / SHARD_LIST).write_text(json.dumps(listing) + "\n", "utf-8")
    known = previous.get("ids", {})
    ids = {
        shard.folder: known[shard.folder]
        if shard.folder in kept and isinstance(known.get(shard.folder), dict)
        else fragment_papers(site / shard.folder)
        for shard in shards
    }
    for folder, papers in ids.items():
        write_paper_numbers(site / folder, papers, order)
    record = {"pages": pages, "shards": wanted, "ids": ids}
    record_path.write_text(json.dumps(record, separators=(",", ":"), sort_keys=True), "utf-8")
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "peak_mb": max((step["peak_mb"] for step in steps), default=0.0),
        "indexes": float(len(shards)),
        "kept": float(len(kept)),
    }


def _arrival_order(docs: Path, site: Path) -> list[str]:
    """The papers' arrival order from the generator, or their slugs in name order where it
    wrote none (a site built by hand)."""
    try:
        order = json.loads((docs / ARRIVAL_ORDER).read_text("utf-8"))
        if isinstance(order, list) and all(isinstance(slug, str) for slug in order):
            return order
    except (OSError, ValueError):
        pass
    papers = site / PAPERS
    return (
        sorted(entry.name for entry in os.scandir(papers) if entry.is_dir())
        if papers.is_dir()
        else []
    )


def _load_record(path: Path) -> dict:
    try:
        record = json.loads(path.read_text("utf-8"))
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError):
        return {}


def _page_fingerprints(site: Path, slugs: list[str], known: dict) -> dict[str, PageSeen]:
    """Each paper page's size, mtime and fingerprint, reading only the pages whose size or
    mtime differ from the last indexing's (``known``)."""
    found: dict[str, PageSeen] = {}
    papers = os.path.join(site, PAPERS)  # strings: a Path per page took half a second at 46,000
    for slug in slugs:
        page = os.path.join(papers, slug, "index.html")
        try:
            stat = os.stat(page)
        except FileNotFoundError:
            continue
        before = known.get(slug)
        if isinstance(before, list) and before[:2] == [stat.st_size, stat.st_mtime_ns]:
            found[slug] = (stat.st_size, stat.st_mtime_ns, str(before[2]))
        else:
            with open(page, "rb") as file:
                fingerprint = indexed_fingerprint(file.read())
            found[slug] = (stat.st_size, stat.st_mtime_ns, fingerprint)
    return found


def _clear_index(folder: Path, kept: set[str]) -> None:
    """Remove the index folder but the paper shards kept."""
    if not folder.is_dir():
        return
    kept_names = {Path(name).name for name in kept}
    for entry in folder.iterdir():
        if entry.name in kept_names:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


@contextmanager
def _pages_of(site: Path, pages: list[str]) -> Iterator[Path]:
    """A folder holding (hard links to) some pages of the site (paths under it) at their
    paths, for Pagefind to index just those: its globs cannot list thousands of pages, and
    over a site of many folders it walks them all (the main index at 47,000 papers, beside a
    paper shard indexed at the same time: 3.2-3.8 s for both against 1.8 s)."""
    with tempfile.TemporaryDirectory(dir=site.parent, prefix=".search-pages-") as name:
        root = Path(name)
        for page in pages:
            source = site / page
            if not source.is_file():
                continue
            target = root / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        yield root
