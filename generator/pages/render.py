"""Render the archive into Markdown pages: pure functions from records to text."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..model import Archive, DigestRef, Grouping, Notice
from .bibtex import bibtex_entry_pairs, bibtex_file
from .digest_page import digest_pages, digest_when, render_digest_page
from .feeds import render_feeds
from .markup import (
    counted,
    front_matter,
    html_list,
    html_text,
    md_inline,
    noun,
    page_link,
)
from .metadata import (
    ARRIVAL_ORDER,
    PAGE_DATES,
    UNLISTED_PAGES,
    arrival_day,
    arrival_order,
    digest_dates,
    page_dates,
    unlisted_pages,
)
from .moved_paper import render_moved_paper
from .paper_page import paper_page, render_paper
from .paper_rows import paper_rows
from .reading import READING_LIST, render_reading_list, render_tag_pages, tag_slugs
from .search_facets import SEARCH_FACETS, search_facets
from .search_sites import SEARCH_SITES, search_sites
from .search_terms import SEARCH_TERMS, search_terms
from .texmath import plain_text
from .theme_pages import name_only, render_theme_pages, theme_link

if TYPE_CHECKING:
    from ..output.write import KnownText
    from ..runtime import PaperMap

SITE_PURPOSE = (
    "Research papers collected from reading digests, grouped into themes automatically, "
    "each with its own page."
)


def render_site(
    archive: Archive,
    grouping: Grouping,
    notices: list[Notice],
    site_url: str,
    citation_keys: Mapping[str, str] | None = None,
    sibling_sites: Sequence[str] = (),
    map_papers: PaperMap = map,
    map_pages: PaperMap | None = None,
) -> dict[str, str | KnownText]:
    """Return the whole plan of generated files: path under ``docs/`` -> text.
    ``citation_keys`` (entry key -> BibTeX key) default to freshly derived ones;
    ``map_papers`` maps the work of each paper and digest (BibTeX entries, rows of lists:
    the pipeline's cache), ``map_pages`` renders paper and digest pages (``map_papers``
    unless given; the pipeline's cache gives a page it rendered before as a ``KnownText``)."""
    map_pages = map_pages or map_papers
    bibtex, cited = bibtex_entry_pairs(archive, citation_keys, map_papers)
    dates = digest_dates(archive)
    plan = render_paper_pages(archive, grouping, cited, dates, map_pages)
    plan["index.md"] = render_index(archive, grouping)
    plan["digests/index.md"] = render_digest_index(archive)
    rows = paper_rows(archive, dates, map_papers)
    digests = map_pages(render_digest_page, digest_pages(archive, grouping, rows))
    for ref, text in zip(archive.digests, digests):
        plan[f"digests/{ref.slug}.md"] = text
        plan[f"digests/{ref.slug}.bib"] = bibtex_file(bibtex[k] for k in ref.entry_keys)
    for moved in archive.moved:
        plan[f"papers/{moved.slug}.md"] = render_moved_paper(moved, archive)
    plan.update(render_theme_pages(archive, grouping, cited, rows))
    plan[READING_LIST] = render_reading_list(archive, grouping)
    plan.update(render_tag_pages(archive, grouping))
    plan["report.md"] = render_report(archive, notices)
    plan[SEARCH_TERMS] = search_terms(archive, map_papers)
    order = arrival_order(archive)
    plan[SEARCH_FACETS] = search_facets(archive, grouping, dates, order)
    plan[SEARCH_SITES] = search_sites(sibling_sites)
    plan[PAGE_DATES] = json.dumps(page_dates(archive, grouping), indent=0) + "\n"
    plan[UNLISTED_PAGES] = json.dumps(unlisted_pages(archive), indent=0) + "\n"
    plan[ARRIVAL_ORDER] = json.dumps(order, indent=0) + "\n"
    plan.update(render_feeds(archive, grouping, site_url))
    return plan


def render_paper_pages(
    archive: Archive,
    grouping: Grouping,
    bibtex: Mapping[str, str],
    dates: Mapping[str, str],
    map_pages: PaperMap = map,
) -> dict[str, str | KnownText]:
    """The page of every paper, by path under ``docs/`` (``bibtex``: each paper's entry as
    the page shows it, without the abstract; ``dates``: each dated digest's ISO date,
    ``metadata.digest_dates``), each rendered from its ``PaperPage`` with ``map_pages``."""
    digests = {ref.digest.source: ref for ref in archive.digests}
    tags = tag_slugs(archive)
    theme_by_slug = {theme.slug: name_only(theme) for theme in grouping.themes}
    pages = [
        paper_page(
            entry,
            archive,
            digests,
            theme_by_slug.get(grouping.theme_of.get(entry.key, "")),
            grouping.related.get(entry.key, ()),
            grouping.same_digest.get(entry.key, ()),
            bibtex[entry.key],
            dates,
            tags,
        )
        for entry in archive.entries
    ]
    texts = map_pages(render_paper, pages)
    return {f"papers/{page.entry.slug}.md": text for page, text in zip(pages, texts)}


NEWEST_SHOWN = 12
"""Papers of the newest digest listed on the home page (the rest one link away)."""


def render_index(archive: Archive, grouping: Grouping) -> str:
    """The home page, answering "what is new": the newest digest's papers and their themes,
    the themes it added to, then the other themes and the latest digests."""
    reads = sum(len(ref.digest.papers) for ref in archive.digests)
    lines = [
        front_matter({"title": "Reading Digest", "description": html_text(SITE_PURPOSE)}),
        "# Reading Digest",
        "",
        SITE_PURPOSE,
        "",
        f"**{len(archive.entries)}** {noun(len(archive.entries), 'paper')} from "
        f"**{len(archive.digests)}** {noun(len(archive.digests), 'digest')} "
        f"({counted(reads, 'listing')}), in **{len(grouping.themes)}** "
        f"{noun(len(grouping.themes), 'theme')}.",
        "",
    ]
    newest = archive.digests[0] if archive.digests else None
    fresh: Counter[str] = Counter()
    if newest is not None and newest.entry_keys:
        title = md_inline(newest.digest.title)
        lines += [f"## New in [{title}](digests/{newest.slug}.md)", ""]
        by_slug = {theme.slug: theme for theme in grouping.themes}
        for key in newest.entry_keys:
            theme = by_slug.get(grouping.theme_of.get(key, ""))
            fresh[theme.slug if theme else ""] += 1
        for key in newest.entry_keys[:NEWEST_SHOWN]:
            entry = archive.by_key[key]
            theme = by_slug.get(grouping.theme_of.get(key, ""))
            link = f"[{md_inline(plain_text(entry.paper.title))}](papers/{entry.slug}.md)"
            lines.append(f"- {link}" + (f" · {theme_link(theme, 'themes/')}" if theme else ""))
        if len(newest.entry_keys) > NEWEST_SHOWN:
            more = len(newest.entry_keys) - NEWEST_SHOWN
            lines.append(f"- [{counted(more, 'more paper')}](digests/{newest.slug}.md)")
        lines.append("")
    if grouping.themes:
        lines += ["## Themes", ""]
        # The themes the newest digest added to first, then the others, largest first.
        ordered = sorted(grouping.themes, key=lambda t: (-fresh[t.slug], -len(t.members), t.slug))
        for theme in ordered:
            added = f" · {fresh[theme.slug]} new" if fresh[theme.slug] else ""
            lines.append(
                f"- {theme_link(theme, 'themes/')} · {counted(len(theme.members), 'paper')}{added}"
            )
        lines += ["", "[All themes and the theme map](themes/index.md)", ""]
    lines += ["## Latest digests", ""]
    lines += _digest_list(archive, archive.digests[:10], "digests/")
    lines += [
        "",
        "[All digests](digests/index.md) · [RSS feed of new digests](feeds/digests.xml) · "
        "[Build report](report.md) · [How the site is made](guide/index.md)",
        "",
    ]
    return "\n".join(lines)


def render_digest_index(archive: Archive) -> str:
    """The list of every digest, newest first."""
    head = {"title": "Digests", "description": "Every digest of the archive, newest first."}
    lines = [front_matter(head), "# Digests", ""]
    if not archive.digests:
        lines += ["No digests yet: add a file to `digests/` and build again.", ""]
    lines += _digest_list(archive, archive.digests, "")
    return "\n".join(lines)


def _digest_list(archive: Archive, refs: Sequence[DigestRef], prefix: str) -> list[str]:
    """Digests, one row each (title, date, papers), each row carrying the day it arrived (its
    date, else the day it was first built) for the script that marks what is new since the
    reader's last visit (``prefix``: the path to the digests folder)."""
    rows, data = [], []
    for ref in refs:
        digest = ref.digest
        facts = [page_link(f"{prefix}{ref.slug}.md", digest.title)]
        when = digest_when(digest)
        if when != digest.title:
            facts.append(html_text(when or "undated"))
        facts.append(counted(len(ref.entry_keys), "paper"))
        rows.append(" · ".join(facts))
        arrived = arrival_day(ref, archive)
        data.append({"date": arrived.isoformat() if arrived else ""})
    return html_list(rows, css="rd-digests", row_data=data, marker="data-rd-new-since")


def render_report(archive: Archive, notices: list[Notice]) -> str:
    """The build report: every warning and every line that did not become a paper, under a
    heading for each file."""
    reads = sum(len(ref.digest.papers) for ref in archive.digests)
    fragments = sum(len(ref.digest.fragments) for ref in archive.digests)
    lines = [
        front_matter({"title": "Build report"}),
        "# Build report",
        "",
        f"{counted(len(archive.digests), 'digest')}, {counted(reads, 'paper')} read, "
        f"{len(archive.entries)} unique {noun(len(archive.entries), 'paper')}, "
        f"{counted(fragments, 'line')} not read as papers, {counted(len(notices), 'warning')}.",
        "",
    ]
    if not notices:
        lines += ["Nothing to report: every line of every digest was read.", ""]
    else:
        lines += ["## Warnings", ""]
        by_source: dict[str, list[Notice]] = {}
        for notice in notices:
            by_source.setdefault(notice.source, []).append(notice)
        # A heading a file: the page's table of contents lists the files and their counts.
        for source, found in by_source.items():
            lines += [f"### {md_inline(source)} ({counted(len(found), 'warning')})", ""]
            for notice in found:
                where = f"Line {notice.line}: " if notice.line else ""
                lines.append(f"- {where}{md_inline(notice.message)}")
            lines.append("")
    return "\n".join(lines)
