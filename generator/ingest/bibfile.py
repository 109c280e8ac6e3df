"""Read BibTeX files (``.bib`` exports from Zotero, arXiv or a reference manager).

Each entry with a title and an abstract, or a link to the paper (DOI, arXiv id, ``url``), is a
paper: authors (``Last, First and ...``, with ``von`` parts kept), year and month, the arXiv id
(from ``eprint``, ``url``, a DataCite DOI ``10.48550/arXiv.ID`` or ``note``/``journal``),
``url``, ``doi``, ``keywords`` and where it appeared. TeX in the fields (braces, ``\\%``,
accents) becomes text. Entries without a title, or with neither an abstract nor a link, are
reported with their key and line, and one warning counts the papers without an abstract; a
file that is not valid BibTeX is refused with the line of the broken entry. The parsing is
bibtexparser's.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from ..dates import MONTH_NUMBERS
from ..errors import InputError
from ..model import Fragment, Paper
from .found import NO_ABSTRACT_NOR_LINK, is_exported_paper, without_abstracts
from .lines import ARXIV_ID

ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv[:\s.]*(?:abs/|pdf/)?|arxiv\.org/(?:abs|pdf)/){ARXIV_ID}", re.I
)
ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.{ARXIV_ID}$", re.IGNORECASE)
BARE_ARXIV_ID = re.compile(rf"^{ARXIV_ID}$")
KEYWORD_SEPARATOR = re.compile(r"\s*[,;]\s*")


def parse_bibtex(
    text: str, source: str
) -> tuple[list[Paper], list[Fragment], list[tuple[int, str]]]:
    """The papers of a BibTeX file, the entries that are not papers (with why), and
    warnings."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    fragments: list[Fragment] = []
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            fragments.append(
                Fragment(line, f"@{block.key}", "an entry with a key used before; not read")
            )
        elif isinstance(block, ParsingFailedBlock):
            reason = str(block.error) or type(block.error).__name__
            raise InputError(source, f"this BibTeX entry is broken: {reason}", line=line)
    papers = []
    for entry in library.entries:
        paper, missing = _paper(entry)
        if paper is None:
            fragments.append(
                Fragment(entry.start_line + 1, f"@{entry.entry_type}{{{entry.key}", missing)
            )
        else:
            papers.append(paper)
    fragments.sort(key=lambda fragment: fragment.line)
    return papers, fragments, without_abstracts(papers)


def _paper(entry: Entry) -> tuple[Paper | None, str]:
    fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
    title = _text(fields.get("title"))
    abstract = _text(fields.get("abstract"))
    if not title:
        return None, "an entry without a title; not read as a paper"
    doi = _text(fields.get("doi"))
    arxiv = _arxiv_id(fields, doi)
    paper = Paper(
        title,
        abstract or "",
        entry.start_line + 1,
        arxiv=arxiv,
        authors=_names(fields.get("author")),
        url=_text(fields.get("url")),
        doi=None if doi and ARXIV_DOI.match(doi) else doi,
        keywords=tuple(
            k for k in KEYWORD_SEPARATOR.split(_text(fields.get("keywords")) or "") if k
        ),
        published=_published(fields),
        journal_ref=_text(fields.get("journal") or fields.get("booktitle")),
    )
    if not is_exported_paper(paper):
        return None, f"an entry with {NO_ABSTRACT_NOR_LINK}; not read as a paper"
    return paper, ""


def _text(value: object) -> str | None:
    """A field as one line of text: braces the decoder left and runs of spaces removed."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("{", "").replace("}", "").split())
    return text or None


def _names(value: object) -> tuple[str, ...]:
    """``van der Waals, Johannes`` -> ``Johannes van der Waals``."""
    if not isinstance(value, list):
        return ()
    names = []
    for parts in value:
        if isinstance(parts, middlewares.NameParts):
            name = " ".join([*parts.first, *parts.von, *parts.last])
            if parts.jr:
                name += ", " + " ".join(parts.jr)
        else:
            name = str(parts)
        if cleaned := _text(name):
            names.append(cleaned)
    return tuple(names)


def _arxiv_id(fields: dict[str, object], doi: str | None) -> str | None:
    eprint = _text(fields.get("eprint"))
    prefix = (_text(fields.get("archiveprefix")) or _text(fields.get("eprinttype")) or "").lower()
    if eprint and BARE_ARXIV_ID.match(eprint) and prefix in ("", "arxiv"):
        return BARE_ARXIV_ID.match(eprint).group(1)
    if doi and (match := ARXIV_DOI.match(doi)):
        return match.group(1)
    for name in ("url", "note", "journal", "howpublished"):
        if (text := _text(fields.get(name))) and (match := ARXIV_IN_TEXT.search(text)):
            return match.group(1)
    return None


def _published(fields: dict[str, object]) -> str | None:
    """``2017`` and ``jun`` (or ``6``, ``June``) -> ``2017-06``; a year alone -> ``2017``."""
    year = _text(fields.get("year"))
    if not year or not re.fullmatch(r"\d{4}", year):
        return year
    month = (_text(fields.get("month")) or "").lower()
    number = int(month) if month.isdigit() else MONTH_NUMBERS.get(month[:3], 0)
    return f"{year}-{number:02d}" if 1 <= number <= 12 else year
