"""The site's vocabulary for the search box's spelling correction.

Pagefind matches words and their prefixes, never near misses: "reinforcment" finds nothing.
The search script (``docs/assets/reading-digest.js``) loads this list with the first search
and replaces a query word that no page holds by the closest listed word (one edit for short
words, two for longer ones, the more frequent word winning ties) before the query goes to
Pagefind. The list holds the words of titles and abstracts that occur at least twice, or once
in a title, with their counts: a few hundred kilobytes at 50,000 papers.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from ..model import Archive
from .texmath import plain_text

SEARCH_TERMS = "search-terms.json"
"""Where the list is written, relative to docs/ (and to the site)."""
WORD = re.compile(r"[a-z][a-z0-9]{3,23}")
"""Words worth correcting to: four letters or more (shorter ones are too close to others)."""
LIMIT = 40_000
"""Most words listed: the most frequent, so that the file stays within the first-search
budget at any archive size."""


def search_terms(archive: Archive) -> str:
    """The vocabulary as JSON: ``{"words": [...], "counts": [...]}``, words sorted."""
    counts: Counter[str] = Counter()
    in_titles: set[str] = set()
    for entry in archive.entries:
        title_words = WORD.findall(plain_text(entry.paper.title).casefold())
        in_titles.update(title_words)
        counts.update(title_words)
        counts.update(WORD.findall(entry.paper.abstract.casefold()))
    kept = [word for word, count in counts.items() if count >= 2 or word in in_titles]
    kept = sorted(kept, key=lambda word: (-counts[word], word))[:LIMIT]
    kept.sort()
    return json.dumps(
        {"words": kept, "counts": [counts[word] for word in kept]}, separators=(",", ":")
    )
