"""The site's vocabulary for the search box's spelling correction.

Pagefind matches words and their prefixes, never near misses: "reinforcment" finds nothing.
The search script (``docs/assets/reading-digest.js``) loads this list with the first search
and replaces a query word that no page holds by the closest listed word (one edit for short
words, two for longer ones, the more frequent word winning ties) before the query goes to
Pagefind. The list holds the words of titles and abstracts that occur at least twice, or once
in a title, with their counts: a few hundred kilobytes at 50,000 papers.

The words are counted per chunk of ``CHUNK`` papers in the archive's order, each chunk mapped
with ``map_papers`` (the pipeline's cache): a new digest's papers come last, so a daily build
counts the last chunk again and takes the others from the cache.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Archive
from .texmath import plain_text

if TYPE_CHECKING:
    from ..runtime import PaperMap

SEARCH_TERMS = "search-terms.json"
"""Where the list is written, relative to docs/ (and to the site)."""
WORD = re.compile(r"[a-z][a-z0-9]{3,23}")
"""Words worth correcting to: four letters or more (shorter ones are too close to others)."""
LIMIT = 40_000
"""Most words listed: the most frequent, so that the file stays within the first-search
budget at any archive size."""
CHUNK = 2000
"""Papers whose words are counted together (and cached as one result)."""


def search_terms(archive: Archive, map_papers: PaperMap = map) -> str:
    """The vocabulary as JSON: ``{"words": [...], "counts": [...]}``, words sorted
    (``map_papers`` maps ``chunk_words`` over chunks of the papers' titles and abstracts)."""
    texts = [(entry.paper.title, entry.paper.abstract) for entry in archive.entries]
    chunks = [tuple(texts[start : start + CHUNK]) for start in range(0, len(texts), CHUNK)]
    counts: Counter[str] = Counter()
    in_titles: set[str] = set()
    for chunk_counts, chunk_titles in map_papers(chunk_words, chunks):
        counts.update(chunk_counts)
        in_titles.update(chunk_titles)
    kept = [word for word, count in counts.items() if count >= 2 or word in in_titles]
    kept = sorted(kept, key=lambda word: (-counts[word], word))[:LIMIT]
    kept.sort()
    return json.dumps(
        {"words": kept, "counts": [counts[word] for word in kept]}, separators=(",", ":")
    )


def chunk_words(texts: Sequence[tuple[str, str]]) -> tuple[dict[str, int], frozenset[str]]:
    """The words of some (title, abstract) pairs with their counts, and those in a title."""
    counts: Counter[str] = Counter()
    in_titles: set[str] = set()
    for title, abstract in texts:
        title_words = WORD.findall(plain_text(title).casefold())
        in_titles.update(title_words)
        counts.update(title_words)
        counts.update(WORD.findall(abstract.casefold()))
    return dict(counts), frozenset(in_titles)
