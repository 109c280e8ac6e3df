"""What the search box can narrow results by: a paper's theme, year and digests.

Pagefind has filters, but its filter index is not byte-stable (the same site indexed twice
gives different filter files: Pagefind/pagefind#638), which would break "same input, same
bytes" and the check that an incremental site equals a full one. So each facet value is a
word of its own instead, written into the paper page's indexed text (a hidden paragraph) and
listed with its label in ``search-facets.json``. The search script looks a choice up by
searching its words (Pagefind returns the pages holding all of them) and keeps the results of
the reader's query that are among those pages; the words are taken out of excerpts.

A facet word is ``zxq`` (letters no query begins with), a letter for the kind (``t`` theme,
``y`` year, ``d`` digest) and a fixed-width code: the year, or 10 hexadecimal digits of the
SHA-256 of the theme's or digest's slug, which keep when other themes or digests come and
go. Pagefind matches a query word as a prefix of indexed words, so no facet word may begin
another: words of one kind have one length, and kinds differ in their fourth letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Mapping

from ..model import Archive, DigestRef, Entry, Grouping, Theme
from .citekeys import year_month
from .metadata import appearance_days

SEARCH_FACETS = "search-facets.json"
"""Where the facet list is written, relative to docs/ (and to the site)."""
PREFIX = "zxq"
THEME, YEAR, DIGEST = "t", "y", "d"


def facet_word(kind: str, value: str) -> str:
    """The indexed word of one facet value (a year, or a theme's or digest's slug)."""
    if kind == YEAR:
        return f"{PREFIX}{YEAR}{value}"
    return f"{PREFIX}{kind}{hashlib.sha256(value.encode()).hexdigest()[:10]}"


def paper_facet_words(
    entry: Entry, theme: Theme | None, digests: Mapping[str, DigestRef], dates: Mapping[str, str]
) -> list[str]:
    """A paper's facet words: its theme, its year (its BibTeX entry's: its own date's, else its
    arXiv id's, else its first dated digest's), the digests it appeared in (``digests`` by
    source, ``dates``: each dated digest's ISO date)."""
    words = [facet_word(THEME, theme.slug)] if theme else []
    days = appearance_days(entry, dates)
    first_seen = dt.date.fromisoformat(days[0]) if days else None
    if year := year_month(entry.paper, first_seen)[0]:
        words.append(facet_word(YEAR, year))
    for appearance in entry.appearances:
        if ref := digests.get(appearance.digest):
            words.append(facet_word(DIGEST, ref.slug))
    return list(dict.fromkeys(words))


def facets_paragraph(words: list[str]) -> list[str]:
    """The Markdown lines that put a page's facet words in its indexed text, unseen."""
    return [f'<p class="rd-facets" hidden>{" ".join(words)}</p>', ""] if words else []


def search_facets(archive: Archive, grouping: Grouping, dates: Mapping[str, str]) -> str:
    """The facet list as JSON: for ``theme`` (by label), ``year`` (newest first) and ``digest``
    (newest first, as the digest index lists them), ``[word, label, papers]`` rows. Labels are
    as written: the script shows them as text, never as markup."""
    digests = {ref.digest.source: ref for ref in archive.digests}
    themes = {theme.slug: theme for theme in grouping.themes}
    counts: Counter[str] = Counter()
    for entry in archive.entries:
        theme = themes.get(grouping.theme_of.get(entry.key, ""))
        counts.update(paper_facet_words(entry, theme, digests, dates))
    rows: dict[str, list[list[object]]] = {"theme": [], "year": [], "digest": []}
    for theme in sorted(grouping.themes, key=lambda t: (t.label.casefold(), t.slug)):
        rows["theme"].append(_row(facet_word(THEME, theme.slug), theme.label, counts))
    years = {word[len(PREFIX) + 1 :] for word in counts if word.startswith(PREFIX + YEAR)}
    for year in sorted(years, reverse=True):
        rows["year"].append(_row(facet_word(YEAR, year), year, counts))
    for ref in archive.digests:
        rows["digest"].append(_row(facet_word(DIGEST, ref.slug), ref.digest.title, counts))
    kept = {kind: [row for row in found if row[2]] for kind, found in rows.items()}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n"


def _row(word: str, label: str, counts: Counter[str]) -> list[object]:
    return [word, label, counts[word]]
