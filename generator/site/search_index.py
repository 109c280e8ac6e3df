"""The site's search index: Pagefind over the built site, split into shards past a size.

Pagefind holds the index it builds in memory, about 0.1 MB per page (1.9 GB at 18,890 pages;
a known upstream limit, Pagefind/pagefind#842). Past ``shard_pages`` paper pages, the paper
pages are indexed in shards, each holding the papers whose slugs start with some characters,
and the rest of the site in the main index; the search script merges the shards in the
browser (``pagefind.mergeIndex``) from the list in ``pagefind/shards.json``. Memory then
follows the largest shard, not the site.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

INDEX_DIR = "pagefind"
UNINDEXED = (".headerlink", ".rd-theme")
"""Page furniture inside indexed text that Pagefind must skip: Material's ``¶`` heading
permalinks, which ended every result title and started every excerpt, and a paper page's
"Theme: ..." line, which began every paper's excerpt."""
"""The main index, inside the site; shards go in folders below it."""
SHARD_LIST = "shards.json"
PAPERS = "papers"
EVERY_PAGE = "**/*.{html}"
"""Pagefind's own default: every page of the site."""


@dataclass(frozen=True)
class Shard:
    """One Pagefind run: the pages it indexes and where its bundle goes."""

    folder: str
    """Output folder, relative to the site."""
    glob: str
    """Pages to index, relative to the site (Pagefind's ``--glob``)."""


def plan_shards(paper_slugs: list[str], shard_pages: int) -> list[Shard]:
    """The main index first, then the paper shards. Up to ``shard_pages`` papers, one index
    holds every page. Past it, papers are grouped by the first character of their slug, in
    order, each shard taking characters while it holds at most ``shard_pages`` papers (one
    character with more makes a larger shard); the last shard takes every character not named
    before, so each paper is in exactly one shard."""
    if len(paper_slugs) <= shard_pages:
        return [Shard(INDEX_DIR, EVERY_PAGE)]
    counts = Counter(slug[0] for slug in paper_slugs if slug[:1].isascii() and slug[:1].isalnum())
    groups: list[list[str]] = [[]]
    size = 0
    for char in sorted(counts):
        if groups[-1] and size + counts[char] > shard_pages:
            groups.append([])
            size = 0
        groups[-1].append(char)
        size += counts[char]
    shards = [Shard(INDEX_DIR, outside_folder(PAPERS))]
    named: list[str] = []
    for number, chars in enumerate(groups, 1):
        if number < len(groups):
            pattern = f"[{''.join(chars)}]"
            named += chars
        else:
            pattern = f"[!{''.join(named)}]" if named else ""
        shards.append(Shard(f"{INDEX_DIR}/{PAPERS}-{number}", f"{PAPERS}/{pattern}*/**/*.html"))
    return shards


def outside_folder(folder: str) -> str:
    """A glob of every page not under a top folder (Pagefind's globs cannot exclude): pages
    at the top, and those in folders whose names differ from ``folder`` at some character."""
    alternatives = ["*.html"]
    for end in range(len(folder)):
        alternatives.append(f"{folder[:end]}[!{folder[end]}]*/**/*.html")
        if end:
            alternatives.append(f"{folder[:end]}/**/*.html")
    alternatives.append(f"{folder}?*/**/*.html")
    return "{" + ",".join(alternatives) + "}"


def index_site(
    site: Path, shard_pages: int, run: Callable[[list[str]], dict[str, float]]
) -> dict[str, float]:
    """Index the built site with Pagefind (``run`` runs one command and returns its seconds
    and peak memory); the total seconds, the largest peak and the number of indexes."""
    shutil.rmtree(site / INDEX_DIR, ignore_errors=True)  # Pagefind keeps what it found before
    papers = site / PAPERS
    slugs = (
        [entry.name for entry in os.scandir(papers) if entry.is_dir()] if papers.is_dir() else []
    )
    shards = plan_shards(sorted(slugs), shard_pages)
    figures = {"seconds": 0.0, "peak_mb": 0.0, "indexes": float(len(shards))}
    for shard in shards:
        step = run(
            ["--site", str(site), "--glob", shard.glob, "--output-subdir", shard.folder]
            + [argument for selector in UNINDEXED for argument in ("--exclude-selectors", selector)]
        )
        figures["seconds"] += step["seconds"]
        figures["peak_mb"] = max(figures["peak_mb"], step["peak_mb"])
    listing = {"shards": [shard.folder[len(INDEX_DIR) + 1 :] + "/" for shard in shards[1:]]}
    (site / INDEX_DIR / SHARD_LIST).write_text(json.dumps(listing) + "\n", "utf-8")
    return {key: round(value, 3) for key, value in figures.items()}
