"""What a page tells machines about itself: structured data for link previews and search
engines, the day each page's content last changed (the sitemap's ``lastmod``), and the order
in which papers arrived (the search index's shards).

In: the archive and its grouping. Out: a paper's JSON-LD ``ScholarlyArticle`` (text for its
front matter), ``PAGE_DATES``, the content date of each generated page by its path under
``docs/``, and ``UNLISTED_PAGES``, the pages the sitemap leaves out (both read by the MkDocs
hooks when they write the sitemap), and ``ARRIVAL_ORDER``, the paper slugs in the order they
arrived (read by ``generator/site/search_index.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping

from ..model import Archive, DigestRef, Entry, Grouping, Paper
from .markup import counted, display_text, first_sentence
from .texmath import plain_text

PAGE_DATES = ".page-dates.json"
"""The content date of every generated page (a dot file: MkDocs neither reads nor publishes
it; ``generator/site/sitemap_hooks.py`` does)."""
ARRIVAL_ORDER = ".arrival-order.json"
"""Paper slugs, oldest arrival first (a dot file, like ``PAGE_DATES``)."""
UNLISTED_PAGES = ".unlisted-pages.json"
"""The generated pages the sitemap leaves out, by path under ``docs/`` (a dot file, like
``PAGE_DATES``)."""
DESCRIPTION_LIMIT = 200
"""Characters of a generated description: link previews show about this many."""
ISO_DAY_MONTH_OR_YEAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
"""Characters written as JSON escapes, so that no text can close the script element."""


def paper_description(paper: Paper) -> str:
    """A paper page's description: its abstract's first sentence, else its summary's or its
    notes', else who wrote it and when (``By D. Kingma, J. Ba (2014).``), else nothing."""
    for text in (paper.abstract, paper.summary, paper.notes):
        if text and text.strip():
            return plain_text(first_sentence(text))
    names = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    year = f"({paper.published[:4]})" if paper.published and paper.published[:4].isdigit() else ""
    said = " ".join(part for part in (f"By {names}" if names else "", year) if part)
    return display_text(said if said.endswith(".") else f"{said}.") if said else ""


def scholarly_article(entry: Entry, dates: Mapping[str, str]) -> str:
    """The paper as a schema.org ``ScholarlyArticle`` in JSON-LD, safe inside a ``<script>``
    element (``dates``: each digest's ISO date by source, for a paper that gives none)."""
    paper = entry.paper
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": display_text(plain_text(paper.title)),
    }
    if paper.authors:
        data["author"] = [{"@type": "Person", "name": display_text(a)} for a in paper.authors]
    if paper.abstract:
        data["abstract"] = display_text(paper.abstract)  # TeX as written, as arXiv gives it
    published = paper_published(entry, dates)
    if published:
        data["datePublished"] = published
    same_as = [f"https://arxiv.org/abs/{paper.arxiv}"] if paper.arxiv else []
    if paper.doi:
        same_as.append(f"https://doi.org/{paper.doi}")
    if same_as:
        data["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
    if paper.keywords or paper.tags:
        data["keywords"] = ", ".join(dict.fromkeys((*paper.keywords, *paper.tags)))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: SCRIPT_UNSAFE[m.group()], text)


def paper_published(entry: Entry, dates: Mapping[str, str]) -> str | None:
    """When the paper came out: its own date when the input gives one with a year, else the
    day of the first dated digest it appeared in."""
    published = entry.paper.published or ""
    if ISO_DAY_MONTH_OR_YEAR.match(published):
        return published
    found = appearance_days(entry, dates)
    return found[0] if found else None


def arrival_day(ref: DigestRef, archive: Archive) -> dt.date | None:
    """When a digest's papers arrived: its date, else the day it was first built."""
    return ref.digest.date or archive.first_built.get(ref.digest.source)


def appearance_days(entry: Entry, dates: Mapping[str, str]) -> list[str]:
    """The ISO days of the digests a paper appeared in that ``dates`` knows, oldest first."""
    return sorted(dates[a.digest] for a in entry.appearances if a.digest in dates)


def digest_dates(archive: Archive) -> dict[str, str]:
    """Each dated digest's ISO date, by its source file."""
    return {
        ref.digest.source: ref.digest.date.isoformat()
        for ref in archive.digests
        if ref.digest.date is not None
    }


def page_dates(archive: Archive, grouping: Grouping) -> dict[str, str]:
    """The day each generated page's content last changed, by its path under ``docs/``: the
    newest digest it shows, by the digest's date, else the day it was first built (as its
    feed item has it). Pages without one get none (the sitemap then gives no ``lastmod``
    rather than the build's day)."""
    dates = {
        ref.digest.source: day.isoformat()
        for ref in archive.digests
        if (day := arrival_day(ref, archive))
    }
    newest_of = {
        entry.key: max(appearance_days(entry, dates), default="") for entry in archive.entries
    }
    found = {f"papers/{entry.slug}.md": newest_of[entry.key] for entry in archive.entries}
    for ref in archive.digests:
        found[f"digests/{ref.slug}.md"] = dates.get(ref.digest.source, "")
    for theme in grouping.themes:
        found[f"themes/{theme.slug}.md"] = max((newest_of[k] for k in theme.members), default="")
    newest = max(dates.values(), default="")
    for page in ("index.md", "digests/index.md", "themes/index.md"):
        found[page] = newest
    return {path: day for path, day in sorted(found.items()) if day}


def unlisted_pages(archive: Archive) -> list[str]:
    """The pages the sitemap leaves out: a moved paper's (``pages/moved_paper.py``), which
    stands at an old address for the paper's own page and asks search engines not to index
    it (a sitemap that lists such a page contradicts it)."""
    return sorted(f"papers/{moved.slug}.md" for moved in archive.moved)


def arrival_order(archive: Archive) -> list[str]:
    """Paper slugs in the order the papers arrived: by the day their first digest was first
    built, then its date and file name, then their place in it. A new digest's papers come
    last (it is built on a later day than every digest before it), so the search index's
    shards of earlier papers keep their papers (``generator/site/search_index.py``)."""
    rank = {}
    for ref in archive.digests:
        digest = ref.digest
        built = archive.first_built.get(digest.source, dt.date.min)
        key = (built, digest.date or dt.date.min, digest.source)
        for position, entry_key in enumerate(ref.entry_keys):
            rank[entry_key] = min(rank.get(entry_key, (key, position)), (key, position))
    arrived = sorted(archive.entries, key=lambda entry: (rank.get(entry.key, ()), entry.slug))
    return [entry.slug for entry in arrived]


def digest_description(ref: DigestRef, archive: Archive) -> str:
    """A digest page's description: its own, else how many papers and the first titles."""
    if ref.digest.description:
        return ref.digest.description
    titles = [plain_text(archive.by_key[key].paper.title) for key in ref.entry_keys[:3]]
    if not titles:
        return "No papers."
    more = ", and more" if len(ref.entry_keys) > len(titles) else ""
    text = f"{counted(len(ref.entry_keys), 'paper')}: " + "; ".join(titles) + more + "."
    return first_sentence(text, DESCRIPTION_LIMIT)


def sort_keys(entry: Entry, dates: Mapping[str, str]) -> dict[str, str]:
    """What a paper's row in a list may be sorted by: its date (its own, else its newest
    dated digest's) and its upvotes, where known."""
    published = entry.paper.published or ""
    newest = max(appearance_days(entry, dates), default="")
    date = published if ISO_DAY_MONTH_OR_YEAR.match(published) else newest
    upvotes = entry.paper.upvotes
    return {"date": date, "upvotes": str(upvotes) if upvotes is not None else ""}
