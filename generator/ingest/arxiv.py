"""Read arXiv's own shapes: listing pages copied from a browser and the daily e-mail digests.

Listing pages (``/list/<category>/new`` and ``/recent``) hold entries that start at
``[N] arXiv:ID [pdf, html, other]``, then ``Title:``, the authors, ``Comments:``,
``Journal-ref:``, ``Subjects:`` and, on ``/new``, the abstract. E-mails hold entries between
``\\\\`` lines: ``arXiv:ID``, ``Date:``, ``Title:``, ``Authors:``, ``Categories:`` (fields may
continue on indented lines), a ``\\\\`` line, the wrapped abstract and the closing
``\\\\ ( https://arxiv.org/abs/ID , 812kb)``. An entry without an abstract (the ``/recent``
view, a replaced version in an e-mail) is kept as a paper with an empty abstract and reported.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing, listing_day, mail_date
from .lines import ARXIV_ID, looks_like_authors, split_authors

PAGE_ENTRY = re.compile(rf"^\[\d+\]\s+arXiv:{ARXIV_ID}\b(.*)$")
SECTION = re.compile(
    r"^(?:New|Cross|Replacement) submissions(?: \(showing \d+ of \d+ entries\s*\))?$"
    r"|^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4}(?: \(showing .*\))?$"
)
RECENT_DAY = re.compile(r"^\w{3}, (\d{1,2}) (\w{3}) (\d{4}) \(showing")
LISTING_DAY = re.compile(r"^Showing new listings for \w+, (\d{1,2}) (\w+) (\d{4})$")
FIELD = re.compile(r"^(Title|Authors|Comments|Journal-ref|Subjects|Categories|DOI|Date|Report-no"
                   r"|MSC-class|ACM-class|License):\s*(.*)$")  # fmt: skip
PAGE_CHROME = re.compile(
    r"^(?:Skip to main content|Help \| Advanced Search|Search|All fields|GO|Donate"
    r"|We gratefully acknowledge support from .*|arxiv logo.*|New submissions|Cross-lists"
    r"|Replacements|See recent articles|See today's new changes|Authors and titles for .*"
    r"|Total of \d+ entries.*|Showing up to \d+ entries per page.*|About|Help|Copyright"
    r"|contact arXiv.*|subscribe to arXiv mailings.*|Privacy Policy|Web Accessibility Assistance"
    r"|arXiv Operational Status|Get status notifications via .*|\[pdf, .*\])$"
)
REPLACED = re.compile(r"^replaced with revised version .*$")
MAIL_ID = re.compile(rf"^arXiv:{ARXIV_ID}$")
MAIL_CLOSE = re.compile(r"^\\\\ \( https?://arxiv\.org/abs/(\S+?)\s*,.*\)$")
MAIL_RULE = re.compile(r"^(?:-{20,}|(?:%+-+)+%*-*)$")
MAIL_HEADER = re.compile(r"^(?:From|Subject|Date|To|Reply-To|Message-ID|Return-Path):\s")
MAIL_CHROME = re.compile(
    r"^(?:Send any comments regarding submissions directly to submitter\.|Archives at .*"
    r"|To unsubscribe, e-mail .*|Submissions to:|received from .*|Till next time,"
    r"|The arXiv team)$"
)


def looks_like_arxiv_page(texts: list[str]) -> bool:
    """Whether stripped lines are a browser copy of an arXiv listing page."""
    return sum(1 for text in texts if PAGE_ENTRY.match(text)) >= 1 and any(
        text.startswith("Title:") for text in texts
    )


def looks_like_arxiv_mail(texts: list[str]) -> bool:
    """Whether stripped lines are an arXiv e-mail digest."""
    return any(MAIL_CLOSE.match(text) for text in texts) and any(
        MAIL_ID.match(text) for text in texts
    )


def read_arxiv_page(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read a listing page: one paper per ``[N] arXiv:ID`` entry."""
    listing = Listing()
    entry: list[tuple[int, str]] = []
    for number, raw in numbered_lines:
        text = raw.strip()
        if PAGE_ENTRY.match(text) or SECTION.match(text):
            if (day := RECENT_DAY.match(text)) and listing.listing_date is None:
                listing.listing_date = _written_day(day)
            _page_entry(entry, listing)
            entry = [(number, text)] if PAGE_ENTRY.match(text) else []
            continue
        if day := LISTING_DAY.match(text):
            listing.listing_date = _written_day(day)
        if entry:
            entry.append((number, text))
        elif text and not PAGE_CHROME.match(text) and not LISTING_DAY.match(text):
            listing.fragments.append(Fragment(number, text, "text before the first paper"))
    _page_entry(entry, listing)
    headings = {s.rsplit(" (", 1)[0] for paper in listing.papers for s in paper.subjects}
    listing.fragments = [  # the page's own heading: the name of its category
        f
        for f in listing.fragments
        if f.reason != "text before the first paper" or f.text not in headings
    ]
    return listing


def _page_entry(entry: list[tuple[int, str]], listing: Listing) -> None:
    """One entry of a listing page: fields in any order, the authors (labelled or not) and
    the abstract paragraph; what follows the abstract is reported."""
    if not entry:
        return
    first_number, first = entry[0]
    arxiv = PAGE_ENTRY.match(first).group(1)
    fields: dict[str, tuple[int, str]] = {}
    abstract: list[str] = []
    after: list[tuple[int, str]] = []
    for number, text in entry[1:]:
        match = FIELD.match(text)
        if after or (abstract and not text):
            if text:
                after.append((number, text))
        elif not text:
            continue
        elif match and not abstract:
            fields.setdefault(match.group(1), (number, match.group(2).strip()))
        elif not abstract and "Authors" not in fields and looks_like_authors(text):
            fields["Authors"] = (number, text)  # the page prints the names without a label
        elif PAGE_CHROME.match(text):
            after.append((number, text))
        else:
            abstract.append(text)
    for number, text in after:
        if not PAGE_CHROME.match(text):
            listing.fragments.append(Fragment(number, text, "text after a paper"))
    subjects = (_value(fields, "Subjects") or "").split(";")
    _add_paper(
        listing,
        arxiv,
        fields,
        " ".join(abstract),
        fields.get("Title", (first_number, ""))[0],
        subjects=tuple(subject.strip() for subject in subjects if subject.strip()),
    )


def read_arxiv_mail(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read an e-mail digest: one paper per entry closed by ``\\\\ ( https://arxiv.org/abs/ID``."""
    listing = Listing()
    entry: list[tuple[int, str]] = []
    in_entry = False
    previous = ""  # the line above, outside the papers
    for number, raw in numbered_lines:
        text = raw.strip()
        if not in_entry:
            if MAIL_ID.match(text):
                in_entry, entry = True, [(number, raw)]
            elif text.startswith("Date:") and listing.listing_date is None:
                listing.listing_date = listing_day(mail_date(text[5:]))
            elif text and not _mail_chrome(text) and previous != "Submissions to:":
                listing.fragments.append(Fragment(number, text, "text outside the papers"))
            previous = text
            continue
        if MAIL_CLOSE.match(text):
            _mail_entry(entry, listing)
            in_entry, entry = False, []
        else:
            entry.append((number, raw))
    if entry:
        _mail_entry(entry, listing)
        listing.warnings.append((entry[0][0], "the last paper has no closing line; cut off?"))
    return listing


def _mail_entry(entry: list[tuple[int, str]], listing: Listing) -> None:
    arxiv = MAIL_ID.match(entry[0][1].strip()).group(1)
    body = [(n, raw) for n, raw in entry[1:] if not REPLACED.match(raw.strip())]
    split = next((i for i, (_, raw) in enumerate(body) if raw.strip() == "\\\\"), len(body))
    fields, others = _mail_fields(body[:split])
    for number, text in others:
        listing.fragments.append(Fragment(number, text, "unrecognised line"))
    abstract = " ".join(raw.strip() for _, raw in body[split + 1 :] if raw.strip())
    date = mail_date((_value(fields, "Date") or "").split("(")[0])
    _add_paper(
        listing,
        arxiv,
        fields,
        abstract,
        fields.get("Title", (entry[0][0], ""))[0],
        subjects=tuple((_value(fields, "Categories") or "").split()),
        published=date.isoformat() if date else None,
    )


def _add_paper(
    listing: Listing,
    arxiv: str,
    fields: dict[str, tuple[int, str]],
    abstract: str,
    line: int,
    subjects: tuple[str, ...],
    published: str | None = None,
) -> None:
    """One entry as a paper (reported when it has no abstract), or as a fragment without a
    title."""
    title = _value(fields, "Title")
    if not title:
        listing.fragments.append(Fragment(line, f"arXiv:{arxiv}", "an entry without a title"))
        return
    if not abstract:
        listing.warnings.append(
            (line, f"arXiv:{arxiv} has no abstract in this listing (a titles-only view?)")
        )
    listing.papers.append(
        Paper(
            title,
            abstract,
            line,
            arxiv=arxiv,
            authors=split_authors(_value(fields, "Authors") or ""),
            comments=_value(fields, "Comments"),
            journal_ref=_value(fields, "Journal-ref"),
            doi=_value(fields, "DOI"),
            subjects=subjects,
            published=published,
        )
    )


def _mail_fields(
    lines: list[tuple[int, str]],
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]]]:
    """The ``Name: value`` fields of an e-mail entry (name -> (line, value)), an indented line
    continuing the field above it, and the lines that are no field."""
    fields: dict[str, tuple[int, str]] = {}
    others: list[tuple[int, str]] = []
    last: str | None = None
    for number, raw in lines:
        text = raw.strip()
        match = FIELD.match(text)
        if match and match.group(1) not in fields:
            last = match.group(1)
            fields[last] = (number, match.group(2).strip())
        elif last and text and raw[:1].isspace():
            line, value = fields[last]
            fields[last] = (line, f"{value} {text}")
        elif not text:
            last = None
        else:
            others.append((number, text))
    return fields, others


def _value(fields: dict[str, tuple[int, str]], name: str) -> str | None:
    value = fields.get(name, (0, ""))[1].strip()
    return value or None


def _written_day(match: re.Match[str]) -> str:
    """A page's ``28 March 2025`` (day, month, year groups) as listings write it."""
    day, month, year = match.groups()
    return f"{month[:3]} {int(day)}, {year}"


def _mail_chrome(text: str) -> bool:
    return bool(
        MAIL_RULE.match(text)
        or MAIL_HEADER.match(text)
        or MAIL_CHROME.match(text)
        or text == "\\\\"
    )
