"""What a reading group does with its papers, on the site: status badges in lists, the
reading facts on a paper's page, the reading list, and a page per tag.

In: the archive (papers with their ``Reading`` and tags) and the themes. Out: HTML pieces for
other pages, and the pages ``reading-list.md``, ``tags/index.md`` and ``tags/<slug>.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..dates import long_date
from ..model import Archive, Entry, Grouping, Paper, Theme
from ..slug import assign_slugs
from .markup import counted, front_matter, html_list, html_text, md_inline, page_link
from .texmath import plain_text

READING_LIST = "reading-list.md"
TAGS = "tags"
RATING_MARKS = 5


def tag_slugs(archive: Archive) -> dict[str, str]:
    """Each tag of the archive's papers (by its case-folded text) -> the slug of its page;
    the same tags give the same slugs."""
    tags = {tag.casefold(): tag for entry in archive.entries for tag in entry.paper.tags}
    return assign_slugs(sorted(tags.items()), fallback="tag")


def badges(paper: Paper) -> str:
    """Status and rating badges after a paper's title in a list (empty when it has none)."""
    reading = paper.reading
    found = []
    if reading.status:
        css = reading.status.replace(" ", "-")
        found.append(f'<span class="rd-badge rd-status-{css}">{html_text(reading.status)}</span>')
    if reading.rating:
        found.append(
            f'<span class="rd-badge rd-rating" title="rated {reading.rating} of {RATING_MARKS}">'
            f"{rating_marks(reading.rating)}</span>"
        )
    return "".join(found)


def rating_marks(rating: int) -> str:
    """``★★★★☆`` for 4, with the number for screen readers."""
    return (
        f'<span aria-hidden="true">{"★" * rating}{"☆" * (RATING_MARKS - rating)}</span>'
        f'<span class="rd-sr-only">rated {rating} of {RATING_MARKS}</span>'
    )


def reading_facts(paper: Paper, tag_slug: Mapping[str, str], prefix: str) -> list[str]:
    """The paper page's line on the reading group (status, presenter, discussion day,
    rating) and its tags, linked to their pages (``prefix`` leads from the page's source file
    to the docs folder)."""
    reading = paper.reading
    facts = []
    if reading.status:
        status = html_text(reading.status.capitalize())
        if reading.status == "discussed" and reading.discussed:
            status += f" on {long_date(reading.discussed)}"
        css = reading.status.replace(" ", "-")
        facts.append(f'<span class="rd-badge rd-status-{css}">{status}</span>')
    elif reading.discussed:
        facts.append(f"Discussed on {long_date(reading.discussed)}")
    if reading.presenter:
        facts.append(f"presented by {html_text(reading.presenter)}")
    if reading.rating:
        facts.append(f'<span class="rd-rating">{rating_marks(reading.rating)}</span>')
    if paper.tags:
        links = [
            page_link(f"{prefix}tags/{tag_slug[tag.casefold()]}.md", tag)
            for tag in dict.fromkeys(paper.tags)
        ]
        facts.append("Tags: " + ", ".join(links))
    return [f'<p class="rd-reading">{" · ".join(facts)}</p>', ""] if facts else []


def render_reading_list(archive: Archive, grouping: Grouping) -> str:
    """The reading list: papers to read (newest digest first), read, and discussed (latest
    discussion first, with presenter)."""
    by_status: dict[str, list[Entry]] = {"to read": [], "read": [], "discussed": []}
    for entry in newest_first(archive):
        status = entry.paper.reading.status
        if status:
            by_status[status].append(entry)
    by_status["discussed"].sort(
        key=lambda e: (e.paper.reading.discussed is None, -_ordinal(e), e.slug)
    )
    lines = [
        front_matter(
            {
                "title": "Reading list",
                "description": "What the reading group reads next, has read and discussed.",
            }
        ),
        "# Reading list",
        "",
    ]
    if not any(by_status.values()):
        lines += [
            "No paper has a reading status yet. Give papers a `status` (to read, read or "
            "discussed), a `presenter` and a `discussed` date in a digest's YAML: see "
            "[YAML digests](guide/yaml-digests.md#reading-group-fields).",
            "",
        ]
        return "\n".join(lines)
    titles = {"to read": "To read", "read": "Read", "discussed": "Discussed"}
    theme_of = themes_of(grouping)
    for status, entries in by_status.items():
        lines += [f"## {titles[status]}", ""]
        if not entries:
            lines += ["None yet.", ""]
            continue
        rows = [_row(entry, theme_of) for entry in entries]
        lines += html_list(rows, css="rd-papers")
    return "\n".join(lines)


def newest_first(archive: Archive) -> list[Entry]:
    """Every paper once, in the order of the newest digest it appeared in."""
    keys = dict.fromkeys(key for ref in archive.digests for key in ref.entry_keys)
    return [archive.by_key[key] for key in keys]


def themes_of(grouping: Grouping) -> dict[str, Theme]:
    """Each paper's theme, by its entry key."""
    by_slug = {theme.slug: theme for theme in grouping.themes}
    return {key: by_slug[slug] for key, slug in grouping.theme_of.items() if slug in by_slug}


def _ordinal(entry: Entry) -> int:
    day = entry.paper.reading.discussed
    return day.toordinal() if day else 0


def _row(entry: Entry, theme_of: Mapping[str, Theme], prefix: str = "") -> str:
    """A paper in a list of the reading list or a tag page: its link, badges, presenter and
    discussion day, and its theme."""
    paper = entry.paper
    row = page_link(f"{prefix}papers/{entry.slug}.md", plain_text(paper.title)) + badges(paper)
    details = []
    if paper.reading.discussed:
        details.append(long_date(paper.reading.discussed))
    if paper.reading.presenter:
        details.append(f"presented by {html_text(paper.reading.presenter)}")
    theme = theme_of.get(entry.key)
    if theme:
        details.append(page_link(f"{prefix}themes/{theme.slug}.md", theme.label))
    if details:
        row += f'<br><span class="rd-first">{" · ".join(details)}</span>'
    return row


def render_tag_pages(archive: Archive, grouping: Grouping) -> dict[str, str]:
    """A page per tag listing its papers (newest digest first), and the index of tags."""
    slugs = tag_slugs(archive)
    tagged: dict[str, list[Entry]] = {slug: [] for slug in slugs.values()}
    written: dict[str, str] = {}
    for entry in newest_first(archive):
        for tag in dict.fromkeys(t.casefold() for t in entry.paper.tags):
            tagged[slugs[tag]].append(entry)
    for entry in archive.entries:
        for tag in entry.paper.tags:
            written.setdefault(slugs[tag.casefold()], tag)
    pages = {}
    theme_of = themes_of(grouping)
    for slug, entries in tagged.items():
        tag, count = written[slug], counted(len(entries), "paper")
        head = {
            "title": html_text(f"Tag: {tag}"),
            "description": html_text(f"{count} tagged {tag}."),
        }
        lines = [front_matter(head, light_frame=True), f"# Tag: {md_inline(tag)}", "", count, ""]
        lines += html_list([_row(e, theme_of, "../") for e in entries], css="rd-papers")
        pages[f"{TAGS}/{slug}.md"] = "\n".join(lines)
    head = {"title": "Tags", "description": "Every tag of the archive."}
    index = [front_matter(head), "# Tags", ""]
    if not tagged:
        index += ["No paper has tags yet: give papers `tags` in a YAML digest or header.", ""]
    items = [
        page_link(f"{slug}.md", written[slug]) + f" · {counted(len(tagged[slug]), 'paper')}"
        for slug in sorted(tagged, key=lambda s: written[s].casefold())
    ]
    index += html_list(items, css="rd-tags")
    pages[f"{TAGS}/index.md"] = "\n".join(index)
    return pages
