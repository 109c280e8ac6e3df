"""Read Hugging Face paper pages as browsers copy them: one or more pages, each from its
``arxiv:ID`` line.

A page reads, one item per line: the title, ``Published on Nov 15``, ``·``, ``Submitted by``
and the submitter's handle, ``on Nov 18``, ``#2 Paper of the day``, ``Upvote`` and its count,
``+40`` (more voters), ``Authors:`` with names one per line between ``,`` lines (or on one
line) and ``· 12 authors``, ``Abstract``, ``AI-generated summary`` and its one-line summary,
the abstract, then ``View arXiv page``, ``View PDF``, ``GitHub`` and its star count, links,
``Add to collection`` and ``Community``, after which comments and "citing this paper" lists
follow and are not read.
"""

from __future__ import annotations

import re

from ..dates import published_date
from ..model import Fragment, Paper
from .found import Listing, note_date
from .lines import ARXIV_LINE, DAY, UPVOTES, classify, count_value, split_authors
from .unwrap import join_lines

NAVIGATION = frozenset(
    {
        "hugging face",
        "models",
        "datasets",
        "spaces",
        "posts",
        "docs",
        "enterprise",
        "pricing",
        "log in",
        "sign up",
        "papers",
        "community",
    }
)
AFTER_ABSTRACT = frozenset(
    {"view arxiv page", "view pdf", "add to collection", "github", "project page", "website"}
)
PUBLISHED = re.compile(rf"^Published on ({DAY})$")
SUBMITTED_BY = re.compile(r"^Submitted by(?:\s+(\S+))?$")
SUBMITTED_ON = re.compile(rf"^on {DAY}$")
PAPER_OF_THE_DAY = re.compile(r"^#\d+ Paper of the (?:day|week|month)$", re.IGNORECASE)
MORE_VOTERS = re.compile(r"^\+\d+$")
AUTHOR_COUNT = re.compile(r"^(?:·\s*)?(\d+) authors?$")
PASSED_OVER = (SUBMITTED_ON, PAPER_OF_THE_DAY, MORE_VOTERS)
"""Lines of the page head that say nothing about the paper itself."""
URL = re.compile(r"^https?://\S+$")


def looks_like_paper_pages(texts: list[str]) -> bool:
    """Whether stripped lines are copies of paper pages: an ``arxiv:ID`` line and ``Abstract``."""
    return "Abstract" in texts and any(ARXIV_LINE.match(text) for text in texts)


def read_paper_pages(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read every page in the text; what comes before the first page is chrome or reported."""
    listing = Listing()
    starts = [i for i, (_, raw) in enumerate(numbered_lines) if ARXIV_LINE.match(raw.strip())]
    for number, raw in numbered_lines[: starts[0]]:
        line = classify(number, raw)
        if line.kind == "date":
            note_date(listing, line)
        elif line.kind == "text" and line.text.casefold() not in NAVIGATION:
            listing.fragments.append(Fragment(number, line.text, "text before the first paper"))
    for start, end in zip(starts, [*starts[1:], len(numbered_lines)]):
        _read_page(numbered_lines[start:end], listing)
    return listing


def _read_page(page: list[tuple[int, str]], listing: Listing) -> None:
    arxiv = ARXIV_LINE.match(page[0][1].strip()).group(1)
    title: tuple[int, str] | None = None
    fields: dict[str, object] = {}
    authors: list[str] = []
    abstract: list[str] = []
    code: list[str] = []
    section = "head"
    expect: str | None = None  # the field whose value the next line holds
    for number, raw in page[1:]:
        text = raw.strip()
        folded = text.casefold()
        if not text or section == "community":
            continue
        if folded == "community":
            section = "community"
        elif expect:
            if expect == "upvotes" and UPVOTES.match(text):
                fields["upvotes"] = count_value(text)
            elif expect == "submitter":
                fields["submitter"] = text
            elif expect == "summary":
                fields["summary"] = text
            expect = None
        elif section == "abstract" and folded in AFTER_ABSTRACT:
            section = "links"
        elif section == "links":
            if URL.match(text):
                code.append(text)
            elif not UPVOTES.match(text) and folded not in AFTER_ABSTRACT:
                listing.fragments.append(Fragment(number, text, "unrecognised line"))
        elif section == "abstract":
            if folded == "ai-generated summary":
                expect = "summary"
            else:
                abstract.append(text)
        elif folded == "abstract":
            section = "abstract"
        elif match := PUBLISHED.match(text):
            fields["published"] = published_date(match.group(1))
        elif match := SUBMITTED_BY.match(text):
            if match.group(1):
                fields["submitter"] = match.group(1)
            else:
                expect = "submitter"
        elif folded == "upvote":
            expect = "upvotes"
        elif match := AUTHOR_COUNT.match(text):
            fields["author_count"] = int(match.group(1))
        elif text in ("·", ",") or any(pattern.match(text) for pattern in PASSED_OVER):
            continue
        elif folded.startswith("authors:"):
            section = "authors"
            authors += split_authors(text.split(":", 1)[1])
        elif section == "authors":
            authors += split_authors(text)
        elif title is None:
            title = (number, text)
        else:
            listing.fragments.append(Fragment(number, text, "unrecognised line"))
    if title is None:
        listing.fragments.append(Fragment(page[0][0], page[0][1].strip(), "a page without a title"))
        return
    if not abstract:
        listing.fragments.append(Fragment(title[0], title[1], "title without an abstract"))
        return
    if "summary" not in fields and _untitled_summary(abstract):
        fields["summary"] = abstract.pop(0)  # older pages: the summary line without its label
    listing.papers.append(
        Paper(
            title[1],
            join_lines(abstract),
            title[0],
            arxiv=arxiv,
            authors=tuple(authors),
            code=tuple(code),
            **fields,
        )
    )


def _untitled_summary(abstract: list[str]) -> bool:
    """Whether the first of two abstract lines is a one-sentence summary above the abstract."""
    return (
        len(abstract) == 2
        and len(abstract[0]) < 200
        and abstract[0].endswith(".")
        and len(abstract[1]) > 200
    )
