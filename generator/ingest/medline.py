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
from .lines import without_full_stop
from .pubmed import CITATION_DOI, published_in
from .tagged import Record, first_last, read_records

CONTINUED = re.compile(r"^ {4,}\S")
"""A value going on: MEDLINE indents it by six spaces."""
DOI_ID = re.compile(r"^(10\.\S+) \[doi\]$")


def looks_like_medline(texts: list[str]) -> bool:
    """Whether stripped lines are PubMed records in the MEDLINE format."""
    starts = sum(1 for text in texts if text.startswith("PMID- "))
    return starts > 0 and any(text.startswith("TI  - ") for text in texts)


def read_medline(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper a ``PMID-`` record; a line that is no tag nor a tag's continuation reported."""
    return read_records(
        numbered_lines,
        _read_record,
        "not a MEDLINE field",
        starts="PMID",
        ends=None,
        continues=lambda raw: bool(CONTINUED.match(raw)),
    )


def _read_record(record: Record, listing: Listing) -> None:
    """The paper of one record's fields."""
    pmid = record.first("PMID")
    if "TI" not in record.fields:
        listing.fragments.append(
            Fragment(record.line(), f"PMID- {pmid}", "a record without a title")
        )
        return
    line, title = record.line("TI"), record.first("TI")
    abstract = record.first("AB")
    if not abstract:
        listing.warnings.append((line, f"PMID {pmid} has no abstract in this record"))
    source = record.first("SO")
    dated, cited = published_in(f". {record.first('DP')};"), published_in(source)
    # The source's day where it agrees with the date of publication (``DP  - 2020``).
    dois = [
        m.group(1) for v in record.values("LID") + record.values("AID") if (m := DOI_ID.match(v))
    ]
    names = [first_last(v) for v in record.values("FAU")] or record.values("AU")
    listing.papers.append(
        Paper(
            without_full_stop(title),
            abstract,
            line,
            authors=tuple(names),
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else None,
            published=cited if cited and (not dated or cited.startswith(dated)) else dated,
            journal_ref=CITATION_DOI.split(source, maxsplit=1)[0].strip()
            or record.first("JT")
            or None,
            doi=dois[0] if dois else None,
            keywords=tuple(record.values("OT")),
        )
    )
