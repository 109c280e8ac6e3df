"""Which paper is behind each search result: the number the search filters know it by.

Pagefind names each result by its page's fragment (``en_0045ec5``, from a hash of what the
page gives the index), which the generator cannot know before indexing. So after an index is
built, its fragments are read (gzip of ``pagefind_dcd`` and the page's JSON, whose ``url``
names the paper), and ``rd-papers.json`` beside the index maps each result id to the paper's
place in the arrival order: the numbers ``search-facets.json`` lists for each theme, year and
digest (``generator/pages/search_facets.py``). A kept shard keeps its ids (recorded with the
index); the numbers are written again at every indexing, for an order that changed.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

PAPER_NUMBERS = "rd-papers.json"
"""Beside each index: ``{"papers": {result id: number}}``."""
SIGNATURE = b"pagefind_dcd"
PAPER_URL = re.compile(r"/papers/([^/]+)/$")
FRAGMENT = ".pf_fragment"


def fragment_papers(index: Path) -> dict[str, str]:
    """Result id -> paper slug, for each paper page an index holds (``index``: the folder
    Pagefind wrote, holding ``fragment/``)."""
    folder = index / "fragment"
    if not folder.is_dir():
        return {}
    found = {}
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if not entry.name.endswith(FRAGMENT):
            continue
        data = gzip.decompress(Path(entry.path).read_bytes())
        page = json.loads(data.removeprefix(SIGNATURE))
        if match := PAPER_URL.search(str(page.get("url", ""))):
            found[entry.name.removesuffix(FRAGMENT)] = unquote(match.group(1))
    return found


def paper_numbers(papers: dict[str, str], order: list[str]) -> str:
    """``rd-papers.json`` for an index whose result ids name ``papers`` (id -> slug), by
    their places in ``order`` (the arrival order); papers not in it are left out."""
    place = {slug: number for number, slug in enumerate(order)}
    numbers = {key: place[slug] for key, slug in sorted(papers.items()) if slug in place}
    return json.dumps({"papers": numbers}, separators=(",", ":")) + "\n"


def write_paper_numbers(index: Path, papers: dict[str, str], order: list[str]) -> None:
    """Write ``paper_numbers`` beside an index, unless it already holds them."""
    path = index / PAPER_NUMBERS
    text = paper_numbers(papers, order)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
