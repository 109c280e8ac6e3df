"""Read spreadsheets saved as CSV or TSV: a reading group's list of papers, or the export of
Zotero, PubMed, Scopus, Web of Science or Semantic Scholar.

The first row names the columns; each row after it with a title is a paper. Columns are known
by their names, whatever their order, case or spacing (``Title``, ``Paper title``; ``Abstract``,
``Abstract Note``; ``Authors``; ``Year`` or ``Date``; ``DOI``; ``URL``, ``Link`` or ``PDF``;
``arXiv``; ``PMID``; ``Venue``, ``Journal``, ``Source title``; ``Keywords``; ``Tags``; ``Notes``;
``Code``), and so are the reading group's own (``Status``, ``Presenter``, ``Discussed``,
``Rating``), checked as in a YAML digest. Other columns are named once in a warning. A row
with a title and an abstract or a link (URL, DOI, arXiv id, PMID) is a paper, even without an
abstract (a warning counts those); any other row is reported.
The delimiter is a tab for ``.tsv``; for ``.csv`` a comma, or a semicolon where the header
has those (a spreadsheet set to a European locale writes them).
"""

from __future__ import annotations

import csv
import io
import re

from ..errors import InputError
from ..model import Fragment, Paper
from .bibfile import ARXIV_DOI, ARXIV_IN_TEXT, BARE_ARXIV_ID
from .found import numeric_date, without_abstracts
from .lines import WEB_ADDRESS, without_full_stop
from .reading import reading_from
from .tagged import first_last
from .yamlload import Mapping

TABLE_SUFFIXES = (".csv", ".tsv")
COLUMNS = {
    "title": ("title", "paper title", "article title", "document title", "paper"),
    "abstract": ("abstract", "abstract note", "summary"),
    "authors": ("authors", "author", "author s", "author names", "author full names"),
    "published": ("date", "publication date", "published", "year", "publication year"),
    "doi": ("doi",),
    "url": ("url", "link", "pdf", "paper link", "link to paper", "pdf link", "paper url"),
    "arxiv": ("arxiv", "arxiv id"),
    "pmid": ("pmid",),
    "journal_ref": (
        "venue",
        "journal",
        "conference",
        "source title",
        "publication title",
        "journal book",
    ),
    "keywords": ("keywords", "author keywords"),
    "tags": ("tags", "tag", "topic", "topics", "manual tags"),
    "notes": ("notes", "note", "comment", "comments"),
    "code": ("code", "github", "repository", "repo"),
    "status": ("status",),
    "presenter": ("presenter", "presented by"),
    "discussed": ("discussed", "date discussed", "discussion date"),
    "rating": ("rating",),
}
"""Each field a column may fill, and the column names (in ``_column_name`` form) that fill
it, the first preferred where a table has several (Zotero's ``Date`` and ``Publication
Year``)."""
READING_COLUMNS = ("status", "presenter", "discussed", "rating")
ISO_DAY = re.compile(r"^((?:1[5-9]|20)\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
NO_PAPER = "a row with neither an abstract nor a link to a paper (a week off, a paper to find?)"
UNREAD_SHOWN = 8
"""Columns not read named in the warning (Zotero's export has about 80)."""


def parse_table(
    text: str, source: str
) -> tuple[list[Paper], list[Fragment], list[tuple[int, str]]]:
    """The papers of a CSV or TSV file, the rows that are none (with why), and warnings."""
    rows = _rows(text, source)
    if not rows:
        return [], [], []
    (header_line, header), body = rows[0], rows[1:]
    fields = _fields(header)
    if "title" not in fields.values():
        raise InputError(source, "no column is named Title (or Paper title)", line=header_line)
    unread = [name.strip() for i, name in enumerate(header) if i not in fields and name.strip()]
    shown = ", ".join(unread[:UNREAD_SHOWN]) + (
        f" and {len(unread) - UNREAD_SHOWN} more" if len(unread) > UNREAD_SHOWN else ""
    )
    warnings = [(header_line, f"columns not read: {shown}")] if unread else []
    papers: list[Paper] = []
    fragments: list[Fragment] = []
    for line, cells in body:
        values = {
            field: cells[index].strip()
            for index, field in fields.items()
            if index < len(cells) and cells[index].strip()
        }
        written = " | ".join(cell.strip() for cell in cells if cell.strip())
        if not values.get("title"):
            fragments.append(Fragment(line, written, "a row without a title"))
        elif not any(key in values for key in ("abstract", "url", "doi", "arxiv", "pmid")):
            fragments.append(Fragment(line, written, NO_PAPER))
        else:
            papers.append(_paper(values, line, source))
    return papers, fragments, warnings + without_abstracts(papers, at=header_line)


def _fields(header: list[str]) -> dict[int, str]:
    """The field each column fills, by the column's index: for each field, the column whose
    name comes first in ``COLUMNS``."""
    names = [_column_name(name) for name in header]
    fields: dict[int, str] = {}
    for field, known in COLUMNS.items():
        found = [(known.index(name), index) for index, name in enumerate(names) if name in known]
        if found:
            fields[min(found)[1]] = field
    return fields


def _rows(text: str, source: str) -> list[tuple[int, list[str]]]:
    """Each row with the line it starts on (a quoted cell may hold line breaks)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if source.lower().endswith(".tsv") else ","
    if delimiter == "," and first.count(";") > first.count(","):
        delimiter = ";"
    # Universal newlines: a line break inside a quoted cell reads as "\n", however written.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(source, f"this row cannot be read: {error}", line=start) from None
    return rows


def _column_name(name: str) -> str:
    """A column's name for matching: lower case, words only (``Author(s)`` -> ``author s``)."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _paper(values: dict[str, str], line: int, source: str) -> Paper:
    """The paper of one row's known cells."""
    reading = reading_from(_as_mapping(values, line), source, f"row at line {line}")
    address = values.get("url") if WEB_ADDRESS.match(values.get("url", "")) else None
    if not address and values.get("pmid", "").isdigit():  # PubMed's own CSV export
        address = f"https://pubmed.ncbi.nlm.nih.gov/{values['pmid']}/"
    doi = values.get("doi", "").removeprefix("https://doi.org/") or None
    searched = " ".join(values.get(key, "") for key in ("arxiv", "url", "notes"))
    arxiv = (
        ARXIV_DOI.match(doi or "")
        or ARXIV_IN_TEXT.search(searched)
        or BARE_ARXIV_ID.match(values.get("arxiv", ""))
    )
    notes = values.get("notes")
    if values.get("url") and not address and not arxiv:  # a link that is no address: kept
        notes = "\n\n".join(part for part in (notes, f"Link: {values['url']}") if part)
    return Paper(
        without_full_stop(values["title"]),
        values.get("abstract", ""),
        line,
        arxiv=arxiv.group(1) if arxiv else None,
        authors=_authors(values.get("authors", "")),
        url=None if arxiv and address and "arxiv.org" in address else address,
        code=tuple(_split(values.get("code", ""))),
        tags=tuple(_split(values.get("tags", ""))),
        notes=notes,
        published=_published(values.get("published")),
        journal_ref=values.get("journal_ref"),
        doi=doi,
        keywords=tuple(_split(values.get("keywords", ""))),
        reading=reading,
    )


def _as_mapping(values: dict[str, str], line: int) -> Mapping:
    """The row's reading-group cells as the mapping ``reading.reading_from`` checks, each at
    the row's line."""
    mapping = Mapping({key: values[key] for key in READING_COLUMNS if key in values})
    mapping.line, mapping.key_lines = line, dict.fromkeys(mapping, line)
    return mapping


def _authors(text: str) -> tuple[str, ...]:
    """Authors separated by semicolons (``Vaswani, Ashish; Shazeer, Noam``, last name first),
    else by commas (``Vaswani A., Shazeer N.``)."""
    if ";" in text:
        return tuple(first_last(name) for name in _split(text, ";"))
    return tuple(_split(text, ","))


def _split(text: str, separators: str = ";,") -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]", text) if part.strip()]


def _published(text: str | None) -> str | None:
    """A date as ISO (``2017-06-12``, ``2017-06``), a year as itself, anything else as
    written."""
    if not text:
        return None
    match = ISO_DAY.match(text.strip())
    return numeric_date(*match.groups()) if match else text
