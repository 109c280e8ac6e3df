"""Read RIS files (``.ris``): the export of Zotero, Mendeley, EndNote and most publishers.

One entry from ``TY  -`` to ``ER  -``::

    TY  - JOUR
    TI  - Attention Is All You Need
    AU  - Vaswani, Ashish
    AB  - The dominant sequence transduction models are based on ...
    DA  - 2017/06/12/
    DO  - 10.48550/arXiv.1706.03762
    UR  - http://arxiv.org/abs/1706.03762
    KW  - Computer Science - Machine Learning
    ER  -

As with BibTeX, an entry with a title and an abstract or a link (DOI, address, arXiv id) is a
paper: its authors (``Last, First``), date (``DA``, else ``PY``/``Y1``), DOI, address, keywords,
the venue (``T2``, ``JO``, ``JF``, ``BT``...), the arXiv id (from its address, its DOI or an
``arXiv:ID`` in its fields) and its notes (``N1``) are kept. Entries without a title, or with
neither an abstract nor a link, are reported with their line, and so is a line that belongs to
no entry.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .bibfile import ARXIV_DOI, ARXIV_IN_TEXT
from .found import NO_ABSTRACT_NOR_LINK, Listing, is_exported_paper, numeric_date, without_abstracts
from .lines import WEB_ADDRESS
from .tagged import Record, first_last, read_records

RIS_DATE = re.compile(r"^((?:1[5-9]|20)\d{2})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")
"""A RIS date: ``2017``, ``2017/06/12/``, ``2016/06//``, ``2017///``."""
VENUE_TAGS = ("T2", "JO", "JF", "JA", "J2", "BT", "T3")
"""Where an entry appeared, in the order the tags are asked."""


def looks_like_ris(texts: list[str]) -> bool:
    """Whether stripped lines are RIS entries."""
    return any(re.match(r"^TY {2}- \S", text) for text in texts) and any(
        re.match(r"^ER {2}-", text) for text in texts
    )


def read_ris(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper an entry with a title and an abstract or a link; the other entries and any
    line outside an entry reported; one warning counting the papers without an abstract."""
    # A line without a tag inside an entry goes on with the value above it: some exporters
    # wrap long abstracts.
    listing = read_records(
        numbered_lines,
        _read_entry,
        "not part of a RIS entry",
        starts="TY",
        ends="ER",
        continues=lambda raw: True,
    )
    listing.warnings += without_abstracts(listing.papers)
    return listing


def _read_entry(record: Record, listing: Listing) -> None:
    """The paper of one entry, or a fragment saying why it is none."""
    title = record.first("TI") or record.first("T1")
    abstract = record.first("AB") or record.first("N2")
    text = f"TY  - {record.first('TY')}: {title}" if title else f"TY  - {record.first('TY')}"
    if not title:
        reason = "an entry without a title; not read as a paper"
        listing.fragments.append(Fragment(record.line(), text.strip(), reason))
        return
    doi = record.first("DO").removeprefix("https://doi.org/") or None
    written = record.first("UR")
    address = written if WEB_ADDRESS.match(written) else None
    notes = record.values("N1") + ([f"Link: {written}"] if written and not address else [])
    searched = " ".join([address or "", *record.values("N1"), *record.values("JO")])
    arxiv = ARXIV_DOI.match(doi or "") or ARXIV_IN_TEXT.search(searched)
    paper = Paper(
        title,
        abstract,
        record.line("TI") if "TI" in record.fields else record.line("T1"),
        arxiv=arxiv.group(1) if arxiv else None,
        authors=tuple(first_last(v) for v in record.values("AU") + record.values("A1")),
        url=None if arxiv and address and "arxiv.org" in address else address,
        notes="\n\n".join(notes) or None,
        published=_published(record.first("DA") or record.first("PY") or record.first("Y1")),
        journal_ref=next((record.first(t) for t in VENUE_TAGS if record.first(t)), None),
        doi=doi,
        keywords=tuple(record.values("KW")),
    )
    if is_exported_paper(paper):
        listing.papers.append(paper)
    else:
        reason = f"an entry with {NO_ABSTRACT_NOR_LINK}; not read as a paper"
        listing.fragments.append(Fragment(record.line(), text.strip(), reason))


def _published(value: str) -> str | None:
    """A RIS date as ``2017-06-12``, ``2016-06`` or ``2017``."""
    match = RIS_DATE.match(value.strip())
    if not match:
        return None
    return numeric_date(*match.groups())
