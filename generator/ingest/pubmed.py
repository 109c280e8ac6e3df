"""Read PubMed's records in its Abstract text format: a file saved with "Send to: File,
Format: Abstract (text)", or results copied from the Abstract view. One paper a record::

    1. Front Cardiovasc Med. 2020 Mar 5;7:25. doi: 10.3389/fcvm.2020.00025.
    eCollection 2020.

    Deep Learning for Cardiac Image Segmentation: A Review.

    Chen C(1), Qin C(1), Qiu H(1), Tarroni G(1)(2), Duan J(3), Bai W(4)(5), Rueckert
    D(1).

    Author information:
    (1)Biomedical Image Analysis Group, Department of Computing, Imperial College...

    Deep learning has become the most widely used approach for cardiac image
    segmentation in recent years. ...

    Copyright © 2020 Chen, Qin, Qiu, Tarroni, Duan, Bai and Rueckert.

    DOI: 10.3389/fcvm.2020.00025
    PMID: 32195270

A record's parts are separated by blank lines and wrapped at about 80 columns; it ends with
its ``PMID:`` line. The citation gives the venue and the date, then come the title (PubMed
ends every title with a full stop, which is not the title's), the authors (their affiliation
numbers aside), the abstract (one or more paragraphs, labelled or not), and the identifiers.
Affiliations, comments, errata, copyright and conflict-of-interest statements are PubMed's
record, not the paper's: skipped.
"""

from __future__ import annotations

import re

from ..dates import MONTH_NUMBERS
from ..model import Fragment, Paper
from .found import MONTHS, Listing, numeric_date
from .lines import without_full_stop

RECORD = re.compile(r"^\d{1,5}\.\s*[A-Z]")
"""The start of a record: its number and its citation (``1. Front Cardiovasc Med. 2020``)."""
PMID = re.compile(r"^PMID:\s*(\d+)")
IDENTIFIER = re.compile(r"^(DOI|PMCID|PMID|NIHMSID):\s*(\S+)")
CITATION_DATE = re.compile(
    rf"\.\s+((?:19|20)\d{{2}})(?:\s+({'|'.join(MONTHS)})[a-z]*(?:-\w+)?(?:\s+(\d{{1,2}}))?)?\s*[;:.]"
)
"""The date of a citation: ``. 2020 Mar 5;7:25``, ``. 2021 Jan-Feb;``, ``. 2019;``."""
CITATION_DOI = re.compile(r"\s+doi:\s*(10\.\S+?)\.?(?=\s|$)")
SKIPPED = re.compile(
    r"^(?:Author information:|Collaborators:|Comment (?:in|on)\b|Erratum (?:in|for)\b"
    r"|Update (?:of|in)\b|Retraction (?:in|of)\b|Expression of concern (?:in|for)\b"
    r"|Republished (?:in|from)\b|Corrected and republished\b|Retracted and republished\b"
    r"|Summary for patients in\b|Original report in\b|Reprint (?:in|of)\b"
    r"|Conflict of interest statement:|Declaration of (?:competing )?interests?\b"
    r"|Copyright\b|©|\(c\)|Published by\b|\[Article in \w+\]|\[No authors listed\])",
    re.IGNORECASE,
)
"""Parts of a record that are PubMed's, not the paper's."""
AFFILIATION_MARKS = re.compile(r"(?:\(\d+\))+")
AUTHOR = re.compile(r"^[A-Z][\w'’\-]*(?: [\w'’\-]+)* [A-Z]{1,4}(?: (?:Jr|Sr|2nd|3rd|\d+th))?$")
"""A name as PubMed writes it: surname and initials (``Stumpe MC``, ``van der Berg J``)."""

Block = list[tuple[int, str]]


def looks_like_pubmed_records(texts: list[str]) -> bool:
    """Whether stripped lines are PubMed records in the Abstract text format."""
    return any(PMID.match(text) for text in texts) and any(
        RECORD.match(text) and CITATION_DATE.search(text) for text in texts
    )


def read_pubmed_records(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper a record (from its numbered citation to its ``PMID:`` line); every other
    line reported."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines]
    listing = Listing()
    start = 0
    for end in [i for i, (_, text) in enumerate(lines) if PMID.match(text)]:
        first = next((i for i in range(start, end) if RECORD.match(lines[i][1])), None)
        if first is None:  # identifiers without a record above them
            _report(lines[start : end + 1], "text without a PubMed record", listing)
        else:
            _report(lines[start:first], "text between PubMed records", listing)
            _read_record(lines[first : end + 1], listing)
        start = end + 1
    _report(lines[start:], "text after the last PubMed record", listing)
    return listing


def _blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """A record's parts: runs of lines between blank lines."""
    blocks: list[Block] = [[]]
    for number, text in lines:
        if text:
            blocks[-1].append((number, text))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _read_record(lines: list[tuple[int, str]], listing: Listing) -> None:
    """The paper of one record: its identifiers (``DOI:``, ``PMID:``...: the first of each),
    then its blocks: citation, title, authors, abstract."""
    ids: dict[str, str] = {}
    for _, text in lines:
        if found := IDENTIFIER.match(text):
            ids.setdefault(found.group(1), found.group(2))
    blocks = _blocks([(n, "" if IDENTIFIER.match(text) else text) for n, text in lines])
    citation = _joined(blocks[0]).split(".", 1)[1].strip()  # without its number
    if len(blocks) < 2:
        listing.fragments.append(Fragment(blocks[0][0][0], citation, "a record without a title"))
        return
    title_line, title = blocks[1][0][0], _joined(blocks[1])
    authors: tuple[str, ...] = ()
    abstract: list[str] = []
    for block in blocks[2:]:
        text = _joined(block)
        if SKIPPED.match(text):
            continue
        elif not authors and not abstract and (names := author_names(text)):
            authors = names
        else:
            abstract.append(text)
    if not abstract:
        listing.warnings.append((title_line, f"PMID {ids['PMID']} has no abstract in this record"))
    venue = CITATION_DOI.split(citation, maxsplit=1)[0].strip()
    doi = ids.get("DOI") or next(iter(CITATION_DOI.findall(citation)), None)
    listing.papers.append(
        Paper(
            without_full_stop(title),
            " ".join(abstract),
            title_line,
            authors=authors,
            url=f"https://pubmed.ncbi.nlm.nih.gov/{ids['PMID']}/",
            published=published_in(citation),
            journal_ref=venue or None,
            doi=doi,
        )
    )


def _joined(block: Block) -> str:
    return " ".join(text for _, text in block)


def author_names(text: str) -> tuple[str, ...]:
    """The names of an authors line (``Chen C(1), Qin C(1).``), or () when it is none."""
    names = [name.strip() for name in AFFILIATION_MARKS.sub("", text).rstrip(".").split(",")]
    return tuple(names) if names and all(AUTHOR.match(name) for name in names) else ()


def published_in(citation: str) -> str | None:
    """A citation's date: ``2020-03-05``, ``2021-01`` (also for a day that is none, such as
    ``2021 Feb 31``) or ``2019``."""
    match = CITATION_DATE.search(citation)
    if not match:
        return None
    year, month, day = match.groups()
    return numeric_date(year, str(MONTH_NUMBERS[month.lower()]) if month else None, day)


def _report(lines: list[tuple[int, str]], reason: str, listing: Listing) -> None:
    """Report the lines outside records, but for PubMed's own parts (a conflict-of-interest
    statement comes after its record's ``PMID:`` line in today's exports)."""
    for block in _blocks(lines):
        if not SKIPPED.match(_joined(block)):
            listing.fragments += [Fragment(number, text, reason) for number, text in block]
