"""Render theme pages, the themes index with its map, and pages for moved themes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from ..dates import month_of
from ..model import Archive, DigestRef, Grouping, MovedTheme, Theme
from .bibtex import bibtex_file
from .feeds import theme_feed_path, theme_slugs_by_paper
from .markup import (
    counted,
    front_matter,
    html_list,
    html_text,
    md_inline,
    page_link,
)
from .paper_rows import PaperRow, row_item, row_link
from .theme_map import legend_mark, theme_map


def name_only(theme: Theme) -> Theme:
    """A theme as a page that only links to it needs it: slug and label, without its terms,
    members and related themes (which would make every such page's cache key change with them)."""
    if not (theme.terms or theme.members or theme.related):
        return theme  # already one: a paper page asks for its theme 45,000 times a build
    return replace(theme, terms=(), members=(), related=())


def theme_link(theme: Theme, prefix: str) -> str:
    """A Markdown link to a theme page."""
    return f"[{md_inline(theme.label)}]({prefix}{theme.slug}.md)"


def describe(theme: Theme) -> str:
    """One line saying what a theme is about."""
    if not theme.terms:  # "Not yet grouped"
        return (
            f"{counted(len(theme.members), 'paper')} that fit no theme yet: from a field new to "
            "the archive, unlike every theme, or known by their title alone. They get one when "
            "more papers like them arrive, or their abstract does."
        )
    terms = ", ".join(theme.terms[:4])
    return f"{counted(len(theme.members), 'paper')} on {terms}."


def key_terms_lines(theme: Theme) -> list[str]:
    """The theme page's key-terms paragraph (none for "Not yet grouped")."""
    if not theme.terms:
        return []
    return ["**Key terms:** " + ", ".join(md_inline(term) for term in theme.terms), ""]


def render_theme_pages(
    archive: Archive, grouping: Grouping, bibtex: Mapping[str, str], rows: Mapping[str, PaperRow]
) -> dict[str, str]:
    """Every theme page, every moved-theme page and the themes index (``bibtex``: each
    paper's BibTeX entry by key, for the theme's .bib, as cited: without the abstract;
    ``rows``: every paper's row by entry key, ``paper_rows.paper_rows``)."""
    pages = {"themes/index.md": render_theme_index(archive, grouping)}
    in_digests = digests_of_themes(archive, grouping)
    for theme in grouping.themes:
        pages[f"themes/{theme.slug}.md"] = render_theme(
            theme, grouping, in_digests[theme.slug], rows
        )
        pages[f"themes/{theme.slug}.bib"] = bibtex_file(bibtex[k] for k in theme.members)
    for moved in grouping.moved:
        pages[f"themes/{moved.slug}.md"] = render_moved(moved, grouping)
    return pages


def digests_of_themes(
    archive: Archive, grouping: Grouping
) -> dict[str, list[tuple[DigestRef, int]]]:
    """For each theme by slug, the digests that hold its papers and how many, in the
    archive's digest order: one pass over the digests for all themes."""
    themes_of = theme_slugs_by_paper(grouping)
    found: dict[str, list[tuple[DigestRef, int]]] = {t.slug: [] for t in grouping.themes}
    for ref in archive.digests:
        counts = Counter(slug for key in ref.entry_keys for slug in themes_of.get(key, ()))
        for slug, count in counts.items():
            found[slug].append((ref, count))
    return found


def render_theme(
    theme: Theme,
    grouping: Grouping,
    counts: list[tuple[DigestRef, int]],
    rows: Mapping[str, PaperRow],
) -> str:
    """A theme page: label, key terms, timeline, newest papers, related themes, all papers.
    ``counts``: the digests that hold its papers and how many (``digests_of_themes``);
    ``rows``: every paper's row by entry key."""
    by_slug = {t.slug: t for t in grouping.themes}
    lines = [
        front_matter(
            {
                "title": html_text(theme.label),
                "description": html_text(describe(theme)),
                "feed": theme_feed_path(theme),
                "feed_title": html_text(f"Reading Digest: {theme.label}"),
            }
        ),
        f"# {md_inline(theme.label)}",
        "",
        f'<p class="rd-description">{html_text(describe(theme))}</p>',
        "",
        *key_terms_lines(theme),
        f"[BibTeX of all its papers]({theme.slug}.bib) · "
        f"[RSS feed of this theme](../{theme_feed_path(theme)})",
        "",
    ]
    related = [by_slug[slug] for slug in theme.related if slug in by_slug]
    if related:
        lines.append("**Related themes:** " + ", ".join(theme_link(t, "") for t in related))
        lines.append("")
    lines += _theme_lists(theme, counts, rows)
    return "\n".join(lines)


def _theme_lists(theme: Theme, counts: list, rows: Mapping[str, PaperRow]) -> list[str]:
    """The timeline, the newest papers and all papers of a theme (not indexed by search)."""
    lines: list[str] = []
    members = set(theme.members)
    if counts:
        widest = max(n for _, n in counts)
        timeline = [
            _month(ref)
            + page_link(f"../digests/{ref.slug}.md", ref.digest.title)
            + f' <span class="rd-bar">{"▇" * max(1, round(12 * n / widest))}</span> {n}'
            for ref, n in counts
        ]
        lines += ["## In each digest", "", *html_list(timeline, css="rd-timeline")]
        newest_ref = counts[0][0]
        newest = [key for key in newest_ref.entry_keys if key in members][:5]
        lines += [f"## Newest papers, from {md_inline(newest_ref.digest.title)}", ""]
        lines += html_list([row_link(rows[key], "../papers/") for key in newest])
    papers = [row_item(rows[key], "../papers/") for key in theme.members]
    lines += ["## Papers, most representative first", ""]
    sortable = [dict(rows[key].sort_keys) for key in theme.members]
    lines += html_list(
        papers, ordered=True, css="rd-papers", row_data=sortable, marker="data-rd-sortable"
    )
    return lines


def _month(ref: DigestRef) -> str:
    """The month a timeline row belongs to (``March 2024 · ``), for dated digests."""
    if ref.digest.date is None:
        return ""
    return f'<span class="rd-when">{month_of(ref.digest.date)}</span> · '


MOVED_TEXT = {
    "retired": "This theme has moved: its papers are now grouped under",
    "merged": "This theme was merged into another: its papers are now grouped under",
    "hidden": "This theme is not shown on this site any more: its papers are now grouped under",
}
"""What a moved theme's page says, by ``MovedTheme.reason``."""


def render_moved(moved: MovedTheme, grouping: Grouping) -> str:
    """The page left at a retired, merged or hidden theme's URL: what happened, and links to
    where its papers went."""
    by_slug = {t.slug: t for t in grouping.themes}
    successors = [by_slug[s].label for s in moved.successors if s in by_slug]
    said = MOVED_TEXT[moved.reason] + (" " + ", ".join(successors) if successors else " others")
    lines = [
        front_matter({"title": html_text(moved.label), "description": html_text(said + ".")}),
        f"# {md_inline(moved.label)}",
        "",
        MOVED_TEXT[moved.reason],
        "",
    ]
    lines += [f"- {theme_link(by_slug[s], '')}" for s in moved.successors if s in by_slug]
    lines += ["", "[All themes](index.md)", ""]
    return "\n".join(lines)


def render_theme_index(archive: Archive, grouping: Grouping) -> str:
    """Every theme with its size and label, and the theme map."""
    lines = [
        front_matter({"title": "Themes", "description": "Every theme of the archive and a map."}),
        "# Themes",
        "",
        f"{counted(len(archive.entries), 'paper')} grouped into "
        f"{counted(len(grouping.themes), 'theme')} "
        "by their titles and abstracts. [How themes are made](../guide/themes.md).",
        "",
    ]
    if grouping.points:
        lines += [theme_map(archive, grouping), ""]
    for index, theme in enumerate(grouping.themes):
        mark = f'<span class="rd-legend" data-rd-theme="{index}">{legend_mark(index)}</span>'
        line = f"- {mark} {theme_link(theme, '')} · {counted(len(theme.members), 'paper')}"
        if theme.terms:
            line += " · " + md_inline(", ".join(theme.terms[:4]))
        lines.append(line)
    lines.append("")
    return "\n".join(lines)
