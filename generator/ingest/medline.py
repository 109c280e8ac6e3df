"""Read PubMed's records in the MEDLINE format: a file saved with "Send to: Citation manager"
(``.nbib``) or "Send to: File, Format: PubMed". One paper a record::

    PMID- 32195270
    DP  - 2020
    TI  - Deep Learning for Cardiac Image Segmentation: A Review.
    LID - 10.3389/fcvm.2020.00025 [doi]
    AB  - Deep learning has become the most widely used approach for cardiac image
          segmentation in recent years. ...
    FAU - Chen, Chen
    AU  - Chen C
    OT  - artificial intelligence
    SO  - Front Cardiovasc Med. 2020 Mar 5;7:25. doi: 10.3389/fcvm.2020.00025. eCollection
          2020.

Each line is a tag of up to four letters, ``- `` and its value; a value wraps onto lines
indented by six spaces; records are separated by blank lines and start with ``PMID-``. Kept:
the title (without the full stop PubMed ends it with), the abstract, the authors' full names,
the date, the source as the venue, the DOI and the author keywords; the paper links to its
PubMed page. The other tags (MeSH terms, affiliations, history dates...) are PubMed's record.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing
from .pubmed import CITATION_DOI, published_in

TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}-(?: (.*))?$")
CONTINUED = re.compile(r"^ {4,}\S")
DOI_ID = re.compile(r"^(10\.\S+) \[doi\]$")


def looks_like_medline(texts: list[str]) -> bool:
    """Whether stripped lines are PubMed records in the MEDLINE format."""
    starts = sum(1 for text in texts if text.startswith("PMID- "))
    return starts > 0 and any(text.startswith("TI  - ") for text in texts)


def read_medline(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper a ``PMID-`` record; a line that is no tag nor a tag's continuation reported."""
    listing = Listing()
    record: list[tuple[int, str, str]] = []  # (line, tag, value)
    for number, raw in [*numbered_lines, (0, "")]:
        tagged = TAG.match(raw.rstrip())
        if (tagged and tagged.group(1) == "PMID") or not raw.strip():
            if record:
                _read_record(record, listing)
            record = []
        if tagged:
            record.append((number, tagged.group(1), (tagged.group(2) or "").strip()))
        elif CONTINUED.match(raw) and record:
            line, tag, value = record[-1]
            record[-1] = (line, tag, f"{value} {raw.strip()}")
        elif raw.strip():
            listing.fragments.append(Fragment(number, raw.strip(), "not a MEDLINE field"))
    return listing


def _read_record(record: list[tuple[int, str, str]], listing: Listing) -> None:
    """The paper of one record's fields."""
    fields: dict[str, list[tuple[int, str]]] = {}
    for number, tag, value in record:
        fields.setdefault(tag, []).append((number, value))
    pmid = _first(fields, "PMID")
    if "TI" not in fields:
        line = record[0][0]
        listing.fragments.append(Fragment(line, f"PMID- {pmid}", "a record without a title"))
        return
    line, title = fields["TI"][0]
    abstract = _first(fields, "AB")
    if not abstract:
        listing.warnings.append((line, f"PMID {pmid} has no abstract in this record"))
    source = _first(fields, "SO")
    dated, cited = published_in(f". {_first(fields, 'DP')};"), published_in(source)
    # The source's day where it agrees with the date of publication (``DP  - 2020``).
    dois = [
        m.group(1)
        for _, v in fields.get("LID", []) + fields.get("AID", [])
        if (m := DOI_ID.match(v))
    ]
    names = [_full_name(v) for _, v in fields.get("FAU", [])] or [
        v for _, v in fields.get("AU", [])
    ]
    listing.papers.append(
        Paper(
            title[:-1] if title.endswith(".") and not title.endswith("..") else title,
            abstract,
            line,
            authors=tuple(names),
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else None,
            published=cited if cited and (not dated or cited.startswith(dated)) else dated,
            journal_ref=CITATION_DOI.split(source, maxsplit=1)[0].strip() or None,
            doi=dois[0] if dois else None,
            keywords=tuple(v for _, v in fields.get("OT", [])),
        )
    )


def _first(fields: dict[str, list[tuple[int, str]]], tag: str) -> str:
    return fields[tag][0][1] if tag in fields else ""


def _full_name(value: str) -> str:
    """``Chen, Chen`` as ``Chen Chen``; a name without a comma as written."""
    last, _, first = value.partition(",")
    return f"{first.strip()} {last.strip()}" if first.strip() else last.strip()
