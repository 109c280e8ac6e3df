"""Read a paper's own page where the abstract stands under an ``Abstract`` heading: what a
browser copies of a preprint server's, an anthology's or a publisher's page (bioRxiv, the ACL
Anthology, Semantic Scholar, PubMed, a journal).

Above the heading are the title and, when the page lists them, the authors (with PubMed's
affiliation numbers after their names), with lines of the page between them (a DOI, PubMed's
``PMID:`` line, a notice such as ``This article is a preprint...``); under it, the abstract's
paragraph lines, up to the first short line (the next heading), over the blank lines between
a structured abstract's labelled paragraphs. A page's fields,
a short ``Label:`` line with its value on the next line (``DOI:`` / ``10.18653/v1/...``), give
the DOI, the link and the year, and are skipped otherwise. Any other line that reads like a
sentence is reported; the page's own short lines (buttons, headings) are skipped.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing
from .lines import SENTENCE_LINE, looks_like_authors, split_authors

HEADING = re.compile(r"^(?:Abstract|ABSTRACT|Summary)\s*:?$")
DOI = re.compile(r"^(?:doi:\s*)?(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
LINK = re.compile(r"^https?://\S+$")
FIELD_LABEL = re.compile(r"^[A-Z][\w ()/&\-]{0,30}:$")
PMID_LINE = re.compile(r"^PMID:\s*(\d+)(?:\s+DOI:\s*(10\.\S+))?")
"""PubMed's identifiers under an article's authors (``PMID: 20215610 DOI: 10.1001/...``)."""
PAGE_LINE = re.compile(r"^(?:Affiliations(?: Expand)?|Item in Clipboard|Free PMC article)$")
"""Lines of an article's page that are neither its title nor its authors."""
AFFILIATION_NUMBERS = re.compile(r"(?<=[a-z])\s+\d+(?:\s+\d+)*(?=\s*(?:,|$))")
"""The numbers after an author's name that point to an affiliation (``Dorry L Segev 1``)."""
PARAGRAPH_LABEL = re.compile(r"^[A-Z][\w ,&/\-]{1,50}: \S")
"""A structured abstract's paragraph (``Results: There were ...``)."""
PARAGRAPH_LINE = 40
"""A line of the abstract is at least this long, or ends a sentence; a shorter one is the next
heading."""


def looks_like_labelled_page(texts: list[str]) -> bool:
    """Whether stripped lines hold an ``Abstract`` heading with a paragraph under it."""
    for index, text in enumerate(texts):
        if HEADING.match(text):
            following = [t for t in texts[index + 1 : index + 3] if t]
            if following and len(following[0]) >= 2 * PARAGRAPH_LINE:
                return True
    return False


def read_labelled_pages(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper per ``Abstract`` heading (with a paragraph under it)."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines]
    listing = Listing()
    fields = {  # label index -> (label, value)
        index: (text[:-1].strip(), lines[index + 1][1])
        for index, (_, text) in enumerate(lines[:-1])
        if FIELD_LABEL.match(text) and lines[index + 1][1]
    }
    used = {i for index in fields for i in (index, index + 1)}
    found = []  # (title, authors, body start, end) of each paper
    previous_end = 0
    for heading, (_, text) in enumerate(lines):
        if not HEADING.match(text) or heading in used:
            continue
        body_start = heading + 1
        while body_start < len(lines) and not lines[body_start][1]:
            body_start += 1
        end = _abstract_end(lines, body_start, used)
        if body_start == end:
            continue  # a heading without a paragraph
        title, authors = _title_and_authors(lines, previous_end, heading, used)
        used.update(range(heading, end))
        if title is None:  # every line of it reported, none dropped
            listing.fragments += [
                Fragment(number, text, "an abstract without a title")
                for number, text in lines[body_start:end]
            ]
        else:
            found.append((title, authors, body_start, end))
            used.update(i for i in (title, authors) if i is not None)
        previous_end = end
    for k, (title, authors, body_start, end) in enumerate(found):
        region_end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        own = dict(value for index, value in fields.items() if title <= index < region_end)
        listing.papers.append(_paper(lines, title, authors, body_start, end, own))
    for index, (number, text) in enumerate(lines):
        if index in used or not text or DOI.match(text):  # a DOI line is read with its paper
            continue
        if SENTENCE_LINE.match(text) or len(text) > 2 * PARAGRAPH_LINE:
            listing.fragments.append(Fragment(number, text, "text outside the paper"))
    return listing


def _abstract_end(lines: list[tuple[int, str]], start: int, used: set[int]) -> int:
    """Where the abstract that starts at ``start`` ends: after its paragraph lines, and over
    blank lines between the labelled paragraphs of a structured abstract (``Results: ...``,
    as PubMed shows it)."""
    end = start
    while True:
        while end < len(lines) and _paragraph_line(lines[end][1]) and end not in used:
            end += 1
        after = end
        while after < len(lines) and not lines[after][1]:
            after += 1
        labelled = PARAGRAPH_LABEL.match(lines[start][1]) and end < after < len(lines)
        if not labelled or after in used or not _labelled_paragraph(lines[after][1]):
            return end
        end = after  # past at least one blank line: the loop ends


def _labelled_paragraph(text: str) -> bool:
    return bool(PARAGRAPH_LABEL.match(text)) and _paragraph_line(text)


def _paragraph_line(text: str) -> bool:
    return bool(text) and (len(text) >= PARAGRAPH_LINE or text.endswith((".", "?", "!")))


def _title_and_authors(
    lines: list[tuple[int, str]], start: int, heading: int, used: set[int]
) -> tuple[int | None, int | None]:
    """The indexes of the title and the authors' line above an ``Abstract`` heading: the
    nearest line of names, and the nearest line above it that could be a title (above the
    heading when no line names authors)."""
    above = [
        i
        for i in range(heading - 1, start - 1, -1)
        if lines[i][1] and i not in used and not _page_line(lines[i][1])
    ]
    authors = next((i for i in above if looks_like_authors(_names(lines[i][1]))), None)
    below = heading if authors is None else authors
    title = next((i for i in above if i < below and _could_be_title(lines[i][1])), None)
    return title, authors


def _page_line(text: str) -> bool:
    return bool(PMID_LINE.match(text) or PAGE_LINE.match(text))


def _names(text: str) -> str:
    """A line of names without the affiliation numbers after them."""
    return AFFILIATION_NUMBERS.sub("", text)


def _could_be_title(text: str) -> bool:
    """Not a DOI, a link, a field's label or a sentence of the page."""
    return (
        not (
            DOI.match(text)
            or LINK.match(text)
            or FIELD_LABEL.match(text)
            or SENTENCE_LINE.match(text)
        )
        and len(text) <= 300
    )


def _paper(
    lines: list[tuple[int, str]],
    title: int,
    authors: int | None,
    body_start: int,
    end: int,
    fields: dict[str, str],
) -> Paper:
    """The paper of one page: its DOI line (else its ``DOI:`` field), link, year and venue."""
    dois = [m.group(1) for _, t in lines[title:body_start] if (m := DOI.match(t))]
    pmids = [m for _, t in lines[title:body_start] if (m := PMID_LINE.match(t))]
    dois += [m.group(2) for m in pmids if m.group(2)]
    field = DOI.match(fields.get("DOI", ""))
    doi = dois[0] if dois else field.group(1) if field else None
    year = fields.get("Year", "")
    url = fields.get("URL") if LINK.match(fields.get("URL", "")) else None
    return Paper(
        lines[title][1],
        " ".join(text for _, text in lines[body_start:end] if text),
        lines[title][0],
        authors=split_authors(_names(lines[authors][1])) if authors is not None else (),
        doi=doi,
        url=url or (f"https://pubmed.ncbi.nlm.nih.gov/{pmids[0].group(1)}/" if pmids else None),
        published=year if re.fullmatch(r"(?:19|20)\d{2}", year) else None,
        journal_ref=fields.get("Venue") or None,
    )
