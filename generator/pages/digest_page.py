"""Render one digest page: its papers in input order, each with its theme and the first
sentence of its abstract, and the lines not read as papers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..dates import long_date
from ..model import Archive, Digest, DigestRef, Fragment, Grouping, Theme
from .markup import (
    counted,
    first_sentence,
    front_matter,
    html_list,
    html_text,
    md_inline,
    page_link,
)
from .metadata import digest_description
from .paper_rows import PaperRow, row_item
from .theme_pages import name_only, theme_link

MAIN_THEMES = 5
"""Themes named at the top of a digest page: those most of its papers are in."""


@dataclass(frozen=True)
class DigestRow:
    """One paper as a digest page lists it: its row, and its theme by name only."""

    paper: PaperRow
    theme: Theme | None


@dataclass(frozen=True)
class DigestPage:
    """Everything one digest page shows. Equal records give equal pages, so the build's cache
    keys each page by its record: a new digest renders its own page, and the pages whose
    papers it changed (a new theme name, say)."""

    slug: str
    title: str
    summary: str
    """The page's description for search engines and link previews."""
    when: str | None
    """Its date as readers write it, or the listing's own words (``digest_when``)."""
    description: str | None
    """The digest's own description, if it has one."""
    main_themes: tuple[Theme, ...]
    rows: tuple[DigestRow, ...]
    fragments: tuple[Fragment, ...]


def digest_when(digest: Digest) -> str | None:
    """A digest's date as readers write it ("March 12, 2024"), or the listing's own words."""
    return long_date(digest.date) if digest.date else digest.listing_date


def digest_pages(
    archive: Archive, grouping: Grouping, rows: Mapping[str, PaperRow]
) -> list[DigestPage]:
    """The ``DigestPage`` of every digest, newest first (``rows``: every paper's row by entry
    key, ``paper_rows.paper_rows``)."""
    named = {theme.slug: name_only(theme) for theme in grouping.themes}
    return [digest_page(ref, archive, named, grouping.theme_of, rows) for ref in archive.digests]


def digest_page(
    ref: DigestRef,
    archive: Archive,
    themes: Mapping[str, Theme],
    theme_of: Mapping[str, str],
    rows: Mapping[str, PaperRow],
) -> DigestPage:
    """The ``DigestPage`` of one digest (``themes``: those shown, by slug, by name only;
    ``theme_of``: each paper's theme slug; ``rows``: every paper's row by entry key)."""
    listed = tuple(
        DigestRow(rows[key], themes.get(theme_of.get(key, ""))) for key in ref.entry_keys
    )
    counts = Counter(theme_of.get(key) for key in ref.entry_keys)
    top = [themes[slug] for slug, _ in counts.most_common(MAIN_THEMES) if slug in themes]
    return DigestPage(
        slug=ref.slug,
        title=ref.digest.title,
        summary=digest_description(ref, archive),
        when=digest_when(ref.digest),
        description=ref.digest.description,
        main_themes=tuple(top),
        rows=listed,
        fragments=ref.digest.fragments,
    )


def render_digest_page(page: DigestPage) -> str:
    """A digest page: its papers in input order with the first sentence of each abstract."""
    head = {"title": html_text(page.title), "description": html_text(page.summary)}
    lines = [front_matter(head, light_frame=True), f"# {md_inline(page.title)}", ""]
    facts = [md_inline(page.when)] if page.when and page.when != page.title else []
    facts.append(counted(len(page.rows), "paper"))
    facts.append(f"[BibTeX of all its papers]({page.slug}.bib)")
    lines += [" · ".join(facts), ""]
    if page.description:
        lines += [f'<p class="rd-description">{html_text(page.description)}</p>', ""]
    if page.main_themes and page.rows:
        named = ", ".join(theme_link(theme, "../themes/") for theme in page.main_themes)
        lines += ["Main themes: " + named, ""]
    listing = []
    for row in page.rows:
        theme_line = ""
        if row.theme:  # its own line on a phone, where two links side by side crowd each other
            link = page_link(f"../themes/{row.theme.slug}.md", row.theme.label)
            theme_line = f'<span class="rd-row-theme"><span class="rd-sep"> · </span>{link}</span>'
        listing.append(row_item(row.paper, "../papers/", theme_line))
    sortable = [dict(row.paper.sort_keys) for row in page.rows]
    lines += html_list(
        listing, ordered=True, css="rd-papers", row_data=sortable, marker="data-rd-sortable"
    )
    if page.fragments:
        lines += ["## Lines not read as papers", ""]
        for fragment in page.fragments:
            lines.append(
                f"- line {fragment.line}, {md_inline(fragment.reason)}: "
                f"{md_inline(first_sentence(fragment.text, 160))}"
            )
        lines.append("")
    return "\n".join(lines)
