"""A paper as the lists of digest and theme pages show it: a link to its page, its badges, the
first sentence of its abstract, and what the list may be sorted by.

Every list of the site shows each paper the same way, so its row is found once per build, and
its texts (the title as plain text, the abstract's first sentence: most of a list's cost)
once per paper: they go through ``map_papers``, which the pipeline gives its cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Archive
from .markup import first_sentence, html_text, page_link
from .metadata import sort_keys
from .reading import badges
from .texmath import plain_text

if TYPE_CHECKING:
    from ..runtime import PaperMap


@dataclass(frozen=True)
class PaperRow:
    """One paper in a list of papers."""

    slug: str
    title: str
    """Its title as plain text (``texmath.plain_text``)."""
    badges: str
    """Its reading badges, as HTML (``reading.badges``)."""
    first_sentence: str
    """Of its abstract (``markup.first_sentence``)."""
    sort_keys: tuple[tuple[str, str], ...]
    """What a list may sort its row by (``metadata.sort_keys``)."""


def listed_texts(texts: tuple[str, str]) -> tuple[str, str]:
    """A paper's (title, abstract) as a list shows them: the title as plain text and the
    first sentence of the abstract."""
    title, abstract = texts
    return plain_text(title), first_sentence(abstract)


def paper_rows(
    archive: Archive, dates: Mapping[str, str], map_papers: PaperMap = map
) -> dict[str, PaperRow]:
    """Every paper's row, by entry key (``dates``: each dated digest's ISO date,
    ``metadata.digest_dates``; ``map_papers`` maps ``listed_texts``)."""
    entries = archive.entries
    texts = map_papers(
        listed_texts, [(entry.paper.title, entry.paper.abstract) for entry in entries]
    )
    return {
        entry.key: PaperRow(
            entry.slug, title, badges(entry.paper), sentence, tuple(sort_keys(entry, dates).items())
        )
        for entry, (title, sentence) in zip(entries, texts)
    }


def row_link(row: PaperRow, prefix: str) -> str:
    """The link to a row's paper page, its title as text (``prefix`` leads from the list's
    page to the papers' folder)."""
    return page_link(f"{prefix}{row.slug}.md", row.title)


def row_item(row: PaperRow, prefix: str, between: str = "") -> str:
    """A list item's HTML for a row: its ``row_link``, its badges, ``between`` (HTML), and
    the first sentence of its abstract on a line of its own."""
    sentence = f'<span class="rd-first">{html_text(row.first_sentence)}</span>'
    return f"{row_link(row, prefix)}{row.badges}{between}<br>{sentence}"
