"""Read pasted text digests: listings, paper pages, Markdown trending lists and link lists.

The shape is sniffed from the text, never chosen by a flag. Every reader returns the papers it
found, the lines it could not place (fragments, with a reason) and warnings, so that nothing
read is ever dropped silently.
"""

from __future__ import annotations

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
from .ris import looks_like_ris, read_ris
from .scholar import looks_like_scholar_alert, read_scholar_alert
from .unwrap import unwrap


def read_text(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read a digest body given as (line number, line) pairs, sniffing its shape."""
    texts = [raw.strip() for _, raw in numbered_lines]
    if looks_like_arxiv_mail(texts):
        listing = read_arxiv_mail(numbered_lines)
    elif looks_like_arxiv_page(texts):
        listing = read_arxiv_page(numbered_lines)
    elif looks_like_arxiv_abstract_page(texts):
        listing = read_arxiv_abstract_pages(numbered_lines)
    elif looks_like_openreview_forum(texts):
        listing = read_openreview_forums(numbered_lines)
    elif looks_like_scholar_alert(texts):
        listing = read_scholar_alert(numbered_lines)
    elif looks_like_medline(texts):
        listing = read_medline(numbered_lines)
    elif looks_like_ris(texts):
        listing = read_ris(numbered_lines)
    elif looks_like_pubmed_records(texts):
        listing = read_pubmed_records(numbered_lines)
    elif looks_like_link_list(texts):
        listing = read_link_list(numbered_lines)
    elif any(HEADING.match(t) and t.startswith("##") for t in texts):
        listing = _read_markdown(numbered_lines)
    elif looks_like_paper_pages(texts):
        listing = read_paper_pages(numbered_lines)
    elif looks_like_labelled_page(texts):
        listing = read_labelled_pages(numbered_lines)
    else:
        heading, numbered_lines = _top_heading(numbered_lines)
        raws = _without_list_markers([raw for _, raw in numbered_lines])
        lines = [classify(n, raw) for (n, _), raw in zip(numbered_lines, raws)]
        listing = _read_listing(unwrap(lines, raws))
        listing.heading = heading
    if listing.papers and ends_mid_sentence(listing.papers[-1].abstract):
        last = listing.papers[-1]
        listing.warnings.append(
            (last.line, "the last abstract stops mid-sentence; was the paste cut off?")
        )
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


def _read_markdown(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read a Markdown trending list: ``### Title`` cards with wrapped abstracts."""
    listing = Listing()
    cards: list[list[tuple[int, str]]] = [[]]
    for number, raw in numbered_lines:
        heading = HEADING.match(raw.strip())
        if heading and len(heading.group(1)) >= 2 and not raw[:1].isspace():
            cards.append([])
        cards[-1].append((number, raw))
    for number, raw in cards[0]:
        line = classify(number, raw)
        if line.kind == "date":
            note_date(listing, line)
        elif line.kind == "text" and not HEADING.match(line.text):
            listing.fragments.append(Fragment(number, line.text, "text before the first paper"))
    previous: tuple[str, str] | None = None
    for card in cards[1:]:
        paper = _read_card(card, listing)
        if paper is None:
            continue
        if previous == (paper.title, paper.abstract):
            continue  # trending lists print every card twice in a row
        previous = (paper.title, paper.abstract)
        listing.papers.append(paper)
    return listing


def _read_card(card: list[tuple[int, str]], listing: Listing) -> Paper | None:
    number, heading = card[0]
    heading_match = HEADING.match(heading.strip())
    title_parts = [heading_match.group(2) if heading_match else heading.strip()]
    index = 1
    while index < len(card) and card[index][1][:1].isspace() and card[index][1].strip():
        title_parts.append(card[index][1].strip())
        index += 1
    title = " ".join(title_parts)
    abstract_parts: list[str] = []
    code: list[str] = []
    facts: dict[str, object] = {}
    for line_number, raw in card[index:]:
        line = classify(line_number, raw)
        if line.kind == "link" and line.value:
            code.append(line.value)
        elif line.kind == "date":
            note_date(listing, line)
        elif line.kind == "meta":
            facts.update(listing_facts(line.text))
        elif line.kind == "text":
            abstract_parts.append(line.text)
    if not abstract_parts:
        listing.fragments.append(Fragment(number, title, "title without an abstract"))
        return None
    return Paper(title, " ".join(abstract_parts), number, code=tuple(code), **facts)
