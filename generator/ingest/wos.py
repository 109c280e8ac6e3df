"""Read Web of Science's plain-text export ("Export: Plain text file", ``savedrecs.txt``).

One record from ``PT`` to ``ER``, a two-letter tag and its value a line, a value going on over
lines indented by three spaces (one author a line)::

    FN Clarivate Analytics Web of Science
    VR 1.0
    PT J
    AU Vaswani, A
       Shazeer, N
    AF Vaswani, Ashish
       Shazeer, Noam
    TI Attention Is All You Need
    SO ADVANCES IN NEURAL INFORMATION PROCESSING SYSTEMS
    DE transformers; attention
    AB The dominant sequence transduction models are based on complex
       recurrent or convolutional neural networks ...
    PD JUN 12
    PY 2017
    DI 10.48550/arXiv.1706.03762
    ER

    EF

As with BibTeX and RIS, a record with a title and an abstract or a DOI is a paper: its authors'
full names (``AF``, else ``AU``), the date (``PY`` and ``PD``), the source as the venue, the
DOI, the author keywords (``DE``) and the arXiv id of a DataCite DOI. The file's own lines
(``FN``, ``VR``, ``EF``) are skipped; records without a title, or with neither an abstract nor a
DOI, and other lines outside records, are reported.
"""

from __future__ import annotations

import re

from ..dates import MONTH_NUMBERS
from ..model import Fragment, Paper
from .bibfile import ARXIV_DOI
from .found import (
    MONTHS,
    NO_ABSTRACT_NOR_LINK,
    Listing,
    is_exported_paper,
    numeric_date,
    without_abstracts,
)
from .tagged import Record, first_last, read_records

WOS_TAG = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
CONTINUED = re.compile(r"^ {3}\S")
FILE_LINES = re.compile(r"^(?:FN|VR|EF)\b")
"""The export's own lines: its header and its end."""
PUBLICATION_DAY = re.compile(r"^([A-Z]{3})(?:[-/ ][A-Z]{3})?(?: (\d{1,2}))?$")
"""``PD``: ``JUN 12``, ``JUN``, ``JAN-FEB`` (a season such as ``SPR`` is no month)."""


def looks_like_wos(texts: list[str]) -> bool:
    """Whether stripped lines are Web of Science records."""
    return any(re.match(r"^PT [A-Z]$", text) for text in texts) and "ER" in texts


def read_wos(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper a record with a title and an abstract or a DOI; the others, and any line
    outside the records but the export's own, reported; one warning counting the papers
    without an abstract."""
    lines = [(n, raw) for n, raw in numbered_lines if not FILE_LINES.match(raw)]
    listing = read_records(
        lines,
        _read_record,
        "not part of a Web of Science record",
        starts="PT",
        ends="ER",
        continues=lambda raw: bool(CONTINUED.match(raw)),
        tag_line=WOS_TAG,
        one_value_a_line=True,
    )
    listing.warnings += without_abstracts(listing.papers)
    return listing


def _read_record(record: Record, listing: Listing) -> None:
    """The paper of one record, or a fragment saying why it is none."""
    title = " ".join(record.values("TI"))
    abstract = " ".join(record.values("AB"))
    written = f"PT {record.first('PT')}: {title}" if title else f"PT {record.first('PT')}"
    if not title:
        reason = "a record without a title; not read as a paper"
        listing.fragments.append(Fragment(record.line(), written, reason))
        return
    doi = record.first("DI") or None
    arxiv = ARXIV_DOI.match(doi or "")
    names = record.values("AF") or record.values("AU")
    keywords = " ".join(record.values("DE")).split(";")  # a list wrapped over lines
    paper = Paper(
        title,
        abstract,
        record.line("TI"),
        arxiv=arxiv.group(1) if arxiv else None,
        authors=tuple(first_last(name) for name in names),
        published=_published(record.first("PY"), record.first("PD")),
        journal_ref=" ".join(record.values("SO")) or None,
        doi=doi,
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )
    if is_exported_paper(paper):
        listing.papers.append(paper)
    else:
        reason = f"a record with {NO_ABSTRACT_NOR_LINK}; not read as a paper"
        listing.fragments.append(Fragment(record.line(), written, reason))


def _published(year: str, day: str) -> str | None:
    """``PY`` and ``PD`` as ``2017-06-12``, ``2017-06`` or ``2017``."""
    if not re.fullmatch(r"(?:1[5-9]|20)\d{2}", year):
        return None
    match = PUBLICATION_DAY.match(day.strip().upper())
    month = match.group(1).title() if match else ""
    if month not in MONTHS:
        return year
    return numeric_date(year, str(MONTH_NUMBERS[month.lower()]), match.group(2) if match else None)
