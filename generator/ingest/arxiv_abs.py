"""Read arXiv abstract pages (``arxiv.org/abs/ID``) as a browser copies them, one or several.

A page holds the subject (``Computer Science > Machine Learning``), the dateline (``[Submitted
on 2 Mar 2023 (v1), last revised ...]``), the title, the authors, ``View PDF``, the abstract
after ``Abstract:``, then a table of fields (``Comments:``, ``Subjects:``, ``Journal
reference:``, ``Cite as: arXiv:ID``...) and the submission history (``From:``, ``[v1] Thu, 2
Mar 2023 ...``). The title and authors may keep their hidden labels (``Title:``,
``Authors:``). Around them is the page's own text: its header, and after the submission
history a sidebar and footer of links, skipped up to the next paper's dateline; only a line
there that reads like a sentence of a paper is reported.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing, iso_day
from .lines import ARXIV_ID, SENTENCE_LINE, split_authors

ABSTRACT = re.compile(r"^Abstract:\s*(.*)$")
DATELINE = re.compile(r"^\[Submitted on (\d{1,2}) (\w{3}) (\d{4})\b.*\]?$")
FIELD = re.compile(
    r"^(Comments|Subjects|Journal reference|Journal ref|Cite as|DOI|Related DOI|Report number"
    r"|MSC classes|ACM classes):\s*(.*)$"
)
CITED_ID = re.compile(rf"\barXiv:{ARXIV_ID}\b")
BUTTONS = re.compile(
    r"^(?:View PDF|Download PDF|HTML \(experimental\)|TeX Source|Other Formats"
    r"|View a PDF of the paper titled .*|No PDF available.*)$"
)
HISTORY = re.compile(r"^(?:Submission history|From: .*|\[v\d+\] .*)$")
HEADER = re.compile(
    r"^(?:Skip to main content|Cornell University|We gratefully acknowledge support from .*"
    r"|arxiv logo\b.*|Help \| Advanced Search|Search|All fields|GO|Donate|arXiv logo"
    r"|[A-Z][\w ,&\-]* > [A-Z][\w ,&\-()]*|arXiv:\S+ \(\w[\w\-]*\))$"
)
"""What a page shows above a paper: arXiv's banner and search, the subject, the identifier."""
ARXIV_PROSE = re.compile(  # sentences of the sidebar and footer, not reported
    r"^(?:arXivLabs\b|Both individuals and organizations that work with arXivLabs"
    r"|Have an idea for a project|We gratefully acknowledge support"
    r"|Which authors of this paper are endorsers)"
)


def looks_like_arxiv_abstract_page(texts: list[str]) -> bool:
    """Whether stripped lines are one or more copied arXiv abstract pages."""
    return any(ABSTRACT.match(text) for text in texts) and any(
        DATELINE.match(text) or text.startswith("Cite as:") for text in texts
    )


def read_arxiv_abstract_pages(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper per ``Abstract:`` line, with what its page says around it."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines]
    listing = Listing()
    abstracts = [i for i, (_, text) in enumerate(lines) if ABSTRACT.match(text)]
    starts = [
        _page_start(lines, at, abstracts[k - 1] if k else -1) for k, at in enumerate(abstracts)
    ]
    _report(lines[: starts[0]] if starts else lines, HEADER, listing, "text before the paper")
    for k, at in enumerate(abstracts):
        end = starts[k + 1] if k + 1 < len(abstracts) else len(lines)
        _read_page(lines, starts[k], at, end, listing)
    return listing


def _page_start(lines: list[tuple[int, str]], at: int, previous: int) -> int:
    """Where the page of the abstract at ``at`` starts: its dateline, else its title (the line
    above its authors, above its buttons), else the abstract itself."""
    for index in range(at - 1, previous, -1):
        if DATELINE.match(lines[index][1]):
            return index
    start, named = at, 0
    for index in range(at - 1, max(previous, at - TITLE_REACH - 1), -1):
        text = lines[index][1]
        if FIELD.match(text) or HISTORY.match(text):
            break  # the fields of the page before
        if text and not BUTTONS.match(text):
            start, named = index, named + 1
            if named == 2:  # the title, above the authors
                break
    return start


TITLE_REACH = 8
"""How far above its abstract a page without a dateline may hold its title."""


def _read_page(
    lines: list[tuple[int, str]], start: int, at: int, end: int, listing: Listing
) -> None:
    """The paper of one page (lines ``start`` to ``end``, its abstract at ``at``)."""
    head = [(n, t) for n, t in lines[start:at] if t and not BUTTONS.match(t)]
    dateline = DATELINE.match(head[0][1]) if head else None
    published = iso_day(*dateline.groups()) if dateline else None
    named = head[1:] if dateline else head
    if not named:  # its abstract reported, every line of it
        index = at + 1
        while index < end and lines[index][1] and not FIELD.match(lines[index][1]):
            index += 1
        listing.fragments += [
            Fragment(number, text, "an abstract without a title")
            for number, text in lines[at:index]
        ]
        return
    title_number, title = named[0]
    title = title.removeprefix("Title:").strip()
    authors = named[1][1].removeprefix("Authors:").strip() if len(named) > 1 else ""
    _report(named[2:], None, listing, "text between the title and the abstract")
    match = ABSTRACT.match(lines[at][1])
    assert match is not None  # ``at`` is a line it matched
    abstract, fields, index = [match.group(1)], {}, at + 1
    while index < end and lines[index][1] and not FIELD.match(lines[index][1]):
        abstract.append(lines[index][1])
        index += 1
    for number, text in lines[index:end]:
        field = FIELD.match(text)
        if field and field.group(1) not in fields:
            fields[field.group(1)] = field.group(2).strip()
        elif SENTENCE_LINE.match(text) and not (HISTORY.match(text) or ARXIV_PROSE.match(text)):
            listing.fragments.append(Fragment(number, text, "text after the paper"))
    arxiv = CITED_ID.search(fields.get("Cite as", ""))
    subjects = fields.get("Subjects", "")
    listing.papers.append(
        Paper(
            title,
            " ".join(part for part in abstract if part),
            title_number,
            arxiv=arxiv.group(1) if arxiv else None,
            authors=split_authors(authors) if authors else (),
            published=published,
            subjects=tuple(s.strip() for s in subjects.split(";") if s.strip()),
            comments=fields.get("Comments") or None,
            journal_ref=fields.get("Journal reference") or fields.get("Journal ref") or None,
            doi=fields.get("DOI", "").removeprefix("https://doi.org/") or None,
        )
    )


def _report(
    lines: list[tuple[int, str]], known: re.Pattern[str] | None, listing: Listing, reason: str
) -> None:
    """Report the lines that are not blank and not ``known``."""
    for number, text in lines:
        if text and not (known and known.match(text)) and not BUTTONS.match(text):
            listing.fragments.append(Fragment(number, text, reason))
