"""What the search box can narrow results by: a paper's theme, year and digests.

Pagefind has filters, but its filter index is not byte-stable (the same site indexed twice
gives different filter files: Pagefind/pagefind#638), which would break "same input, same
bytes" and the check that an incremental site equals a full one. Nor may the facets live in
the papers' own indexed text: a new digest moves a few earlier papers to other themes and
lists others again, and every search shard holding one of them would be indexed again.

So each paper has a number, its place in the arrival order (``metadata.arrival_order``, the
order the search shards follow), and ``search-facets.json`` lists, for each theme, year and
digest, its label, its number of papers and those papers' numbers. After indexing, the site
step writes beside each index the number of the paper behind each Pagefind result id
(``site/search_ids.py``); the search script keeps the results whose papers every chosen
facet holds.

Numbers are listed as runs, ``[gap, length, gap, length, ...]``: a run of ``length``
consecutive numbers starting ``gap`` after the end of the run before it (after 0 for the
first). A digest's papers arrived together, so a digest is a run or two.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

from ..model import Archive, Entry, Grouping
from .citekeys import year_month
from .metadata import appearance_days

SEARCH_FACETS = "search-facets.json"
"""Where the facet list is written, relative to docs/ (and to the site)."""


def paper_year(entry: Entry, dates: Mapping[str, str]) -> str | None:
    """A paper's year as its BibTeX entry gives it: its own date's, else its arXiv id's, else
    its first dated digest's (``dates``: each dated digest's ISO date by source)."""
    days = appearance_days(entry, dates)
    first_seen = dt.date.fromisoformat(days[0]) if days else None
    return year_month(entry.paper, first_seen)[0]


def runs(numbers: Iterable[int]) -> list[int]:
    """Sorted distinct numbers as ``[gap, length, ...]`` runs (see above)."""
    found: list[int] = []
    end = 0
    for number in sorted(set(numbers)):
        if found and number == end:
            found[-1] += 1
        else:
            found += [number - end, 1]
        end = number + 1
    return found


def numbers_of(listed: list[int]) -> set[int]:
    """The numbers that ``runs`` lists (as the search script reads them)."""
    found: set[int] = set()
    end = 0
    for gap, length in zip(listed[::2], listed[1::2]):
        found.update(range(end + gap, end + gap + length))
        end += gap + length
    return found


def search_facets(
    archive: Archive, grouping: Grouping, dates: Mapping[str, str], order: list[str]
) -> str:
    """The facet list as JSON: for ``theme`` (by label), ``year`` (newest first) and
    ``digest`` (newest first, as the digest index lists them), ``[label, papers, runs]``
    rows, where runs hold the papers' places in ``order`` (the arrival order, by slug).
    Labels are as written: the script shows them as text, never as markup."""
    number = {slug: place for place, slug in enumerate(order)}
    by_key = {entry.key: number[entry.slug] for entry in archive.entries}
    rows: dict[str, list[list[object]]] = {"theme": [], "year": [], "digest": []}
    for theme in sorted(grouping.themes, key=lambda t: (t.label.casefold(), t.slug)):
        members = [by_key[key] for key in theme.members if key in by_key]
        rows["theme"].append(_row(theme.label, members))
    years: dict[str, list[int]] = {}
    for entry in archive.entries:
        if year := paper_year(entry, dates):
            years.setdefault(year, []).append(by_key[entry.key])
    for year in sorted(years, reverse=True):
        rows["year"].append(_row(year, years[year]))
    for ref in archive.digests:
        rows["digest"].append(_row(ref.digest.title, [by_key[key] for key in ref.entry_keys]))
    kept = {kind: [row for row in found if row[1]] for kind, found in rows.items()}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n"


def _row(label: str, members: list[int]) -> list[object]:
    return [label, len(set(members)), runs(members)]
