"""Read pasted text digests: sniff the shape of a paste and read it; read plain listings.

The shape is sniffed from the text, never chosen by a flag. Every reader returns the papers it
found, the lines it could not place (fragments, with a reason) and warnings, so that nothing
read is ever dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Fragment, Paper
from .arxiv import looks_like_arxiv_mail, looks_like_arxiv_page, read_arxiv_mail, read_arxiv_page
from .arxiv_abs import looks_like_arxiv_abstract_page, read_arxiv_abstract_pages
from .found import Listing, note_date
from .hf_page import looks_like_paper_pages, read_paper_pages
from .labelled import looks_like_labelled_page, read_labelled_pages
from .lines import (
    HEADING,
    Line,
    classify,
    ends_mid_sentence,
    listing_facts,
    looks_like_abstract,
    looks_like_authors,
    split_authors,
    without_emphasis,
    without_list_marker,
)
from .link_list import looks_like_link_list, read_link_list
from .medline import looks_like_medline, read_medline
from .openreview import looks_like_openreview_forum, read_openreview_forums
from .pubmed import looks_like_pubmed_records, read_pubmed_records
from .pubmed_results import looks_like_pubmed_results, read_pubmed_results
from .ris import looks_like_ris, read_ris
from .scholar import looks_like_scholar_alert, read_scholar_alert
from .trending import looks_like_trending_list, read_trending_list
from .unwrap import unwrap
from .wos import looks_like_wos, read_wos

NumberedLines = list[tuple[int, str]]


@dataclass(frozen=True)
class Shape:
    """One shape a paste may have: how to tell it, and how to read it."""

    name: str
    """What ``parse`` says a file was read as (``an arXiv listing page``)."""
    looks_like: Callable[[list[str]], bool]
    """Whether the stripped lines of a paste have this shape."""
    read: Callable[[NumberedLines], Listing]
    """The reader of the shape."""


SHAPES = (
    Shape("an arXiv e-mail", looks_like_arxiv_mail, read_arxiv_mail),
    Shape("an arXiv listing page", looks_like_arxiv_page, read_arxiv_page),
    Shape("arXiv abstract pages", looks_like_arxiv_abstract_page, read_arxiv_abstract_pages),
    Shape("OpenReview forums", looks_like_openreview_forum, read_openreview_forums),
    Shape("a Google Scholar alert or search page", looks_like_scholar_alert, read_scholar_alert),
    Shape("PubMed records (MEDLINE)", looks_like_medline, read_medline),
    Shape("RIS entries", looks_like_ris, read_ris),
    Shape("Web of Science records", looks_like_wos, read_wos),
    Shape("PubMed records (Abstract text)", looks_like_pubmed_records, read_pubmed_records),
    Shape("a Markdown list of paper links", looks_like_link_list, read_link_list),
    Shape("a Markdown trending list", looks_like_trending_list, read_trending_list),
    Shape("Hugging Face paper pages", looks_like_paper_pages, read_paper_pages),
    Shape("paper pages with an Abstract heading", looks_like_labelled_page, read_labelled_pages),
    Shape("PubMed results", looks_like_pubmed_results, read_pubmed_results),
)
"""The shapes a paste may have, in the order they are asked: the first that claims a paste
reads it; a paste none claims is a plain listing (``PLAIN``)."""
PLAIN = "a listing of titles and abstracts"


def read_text(numbered_lines: NumberedLines) -> Listing:
    """Read a digest body given as (line number, line) pairs, sniffing its shape."""
    texts = [raw.strip() for _, raw in numbered_lines]
    shape = next((shape for shape in SHAPES if shape.looks_like(texts)), None)
    listing = shape.read(numbered_lines) if shape else _read_plain(numbered_lines)
    listing.shape = shape.name if shape else PLAIN
    if listing.papers and ends_mid_sentence(listing.papers[-1].abstract):
        last = listing.papers[-1]
        listing.warnings.append(
            (last.line, "the last abstract stops mid-sentence; was the paste cut off?")
        )
    return listing


def _read_plain(numbered_lines: NumberedLines) -> Listing:
    """Read a plain listing: titles and abstracts, hard-wrapped or not, under an optional
    ``# Heading``."""
    heading, numbered_lines = _top_heading(numbered_lines)
    raws = _without_list_markers([raw for _, raw in numbered_lines])
    lines = [classify(n, raw) for (n, _), raw in zip(numbered_lines, raws)]
    listing = _read_listing(unwrap(lines, raws))
    listing.heading = heading
    return listing


def _without_list_markers(raws: list[str]) -> list[str]:
    """Drop the markers of Markdown list items: lines that start a paragraph or follow an
    item's indented lines. A wrapped line that happens to start with ``1)`` keeps it."""
    result = []
    for index, raw in enumerate(raws):
        before = raws[index - 1] if index else ""
        indent = len(raw) - len(raw.lstrip())
        starts_item = not before.strip() or len(before) - len(before.lstrip()) > indent
        result.append(without_list_marker(raw) if starts_item else raw)
    return result


def _top_heading(
    numbered_lines: list[tuple[int, str]],
) -> tuple[str | None, list[tuple[int, str]]]:
    """Take a ``# Heading`` off the top of a listing: the digest's title, not a paper's."""
    for index, (_, raw) in enumerate(numbered_lines):
        if not raw.strip():
            continue
        match = HEADING.match(raw.strip())
        if match and len(match.group(1)) == 1 and match.group(2):
            return match.group(2), numbered_lines[:index] + numbered_lines[index + 1 :]
        break
    return None, numbered_lines


def _read_listing(lines: list[Line]) -> Listing:
    """Pair title lines with the abstract lines that follow them. A card's meta lines (upvotes
    and submitter above the title, author count and date below it) go to its paper."""
    listing = Listing()
    title: Line | None = None
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    facts: dict[str, object] = {}
    for line in lines:
        if line.kind == "date":
            note_date(listing, line)
        elif line.kind == "arxiv":
            arxiv = line.value
        elif line.kind == "meta":
            facts.update(listing_facts(line.text))
        elif line.kind != "text":
            continue
        elif title is not None and looks_like_abstract(line.text):
            listing.papers.append(
                Paper(
                    without_emphasis(title.text),
                    line.text,
                    title.number,
                    arxiv=arxiv,
                    authors=authors,
                    **facts,
                )
            )
            title, arxiv, authors, facts = None, None, (), {}
        elif looks_like_abstract(line.text):
            listing.fragments.append(Fragment(line.number, line.text, "abstract without a title"))
        elif title is not None and not authors and looks_like_authors(line.text):
            authors = split_authors(line.text)
        elif line.text.endswith((",", ";")):  # "Hi all,": a lead-in, never a title
            if title is not None:
                listing.fragments.append(
                    Fragment(title.number, title.text, "title without an abstract")
                )
            listing.fragments.append(
                Fragment(line.number, line.text, "a lead-in line, not a paper")
            )
            title, authors = None, ()
        else:
            if title is not None:
                listing.fragments.append(
                    Fragment(title.number, title.text, "title without an abstract")
                )
            title, authors = line, ()
    if title is not None:
        listing.fragments.append(Fragment(title.number, title.text, "title without an abstract"))
    return listing
