"""Parse one digest file (text paste, YAML, BibTeX, CSL JSON or a CSV table) into a ``Digest``
record."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Mapping

from ..errors import InputError
from ..model import Digest, Fragment, Notice, Paper
from .bibfile import parse_bibtex
from .csl import CSL_SUFFIXES, parse_csl
from .decode import decode
from .header import Header, ReadingEntry, parse_header, split_header
from .listing import read_text
from .reading import merged_reading
from .same_paper import loose_title
from .structured import parse_structured
from .table import TABLE_SUFFIXES, parse_table


@dataclasses.dataclass(frozen=True)
class Export:
    """A kind of file a program exports, known by its suffix."""

    name: str
    """What ``parse`` says a file of this kind was read as."""
    suffixes: tuple[str, ...]
    read: Callable[[str, str], tuple[list[Paper], list[Fragment], list[tuple[int, str]]]]
    """(text, source) -> its papers, the records that are none (with why), and warnings."""


EXPORTS = (
    Export("a BibTeX file", (".bib",), parse_bibtex),
    Export("a table", TABLE_SUFFIXES, parse_table),
    Export("CSL JSON", CSL_SUFFIXES, parse_csl),
)
"""Exports read by their suffix; every other file is a YAML digest or a paste (its text tells
its shape: ``listing.SHAPES``)."""
NOTE_UNUSED = "a note names a title that is not in this digest"
READING_UNUSED = "a reading entry names a title that is not in this digest"
STRUCTURED_SUFFIXES = (".yml", ".yaml")


def title_key(title: str) -> str:
    """Identity of a paper: its title normalised for Unicode form, case and spacing only."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def parsed_digest(file: tuple[bytes, str]) -> Digest | InputError:
    """``parse_digest`` of one (bytes, source) pair, its ``InputError`` returned rather than
    raised: a map over every file (the pipeline's cache) keeps going past a refused one."""
    data, source = file
    try:
        return parse_digest(data, source)
    except InputError as error:
        return error


def parse_digest(data: bytes, source: str) -> Digest:
    """Parse the bytes of one digest file; raise ``InputError`` when it cannot be read."""
    text, encoding_warning = decode(data, source)
    notices: list[Notice] = []
    if encoding_warning:
        notices.append(Notice(source, 0, encoding_warning))
    lines = text.splitlines()
    export = next((e for e in EXPORTS if source.lower().endswith(e.suffixes)), None)
    if export is not None:
        header = Header()
        papers, found_fragments, found_warnings = export.read(text, source)
        notices += [Notice(source, line, message) for line, message in found_warnings]
        fragments = tuple(found_fragments)
        listing_date, read_as = None, export.name
    elif source.lower().endswith(STRUCTURED_SUFFIXES):
        header, papers, number_warnings = parse_structured(text, source)
        notices += [Notice(source, line, message) for line, message in number_warnings]
        fragments: tuple = ()
        listing_date, read_as = None, "a YAML digest"
    else:
        header_text, body_start = split_header(lines, source)
        header = parse_header(header_text, source) if header_text is not None else Header()
        listing = read_text(list(enumerate(lines, start=1))[body_start:])
        papers, fragments, listing_date, read_as = (
            listing.papers,
            tuple(listing.fragments),
            listing.listing_date,
            listing.shape,
        )
        if header.title is None and listing.heading:
            header = dataclasses.replace(header, title=listing.heading)
        notices += [Notice(source, line, message) for line, message in listing.warnings]
    notices += [Notice(source, line, message) for line, message in header.warnings]
    papers = _attach_by_title(papers, header.notes, NOTE_UNUSED, source, notices)
    papers = _attach_by_title(papers, header.reading, READING_UNUSED, source, notices)
    if not papers:
        reason = "is empty" if not text.strip() else "holds no papers"
        notices.append(Notice(source, 0, f"the file {reason}; its digest page will list none"))
    for fragment in fragments:
        notices.append(Notice(source, fragment.line, f"{fragment.reason}: {_clip(fragment.text)}"))
    return Digest(
        source=source,
        title=header.title or title_from_name(source),
        named=header.title is not None,
        date=header.date,
        listing_date=listing_date,
        description=header.description,
        papers=tuple(papers),
        fragments=fragments,
        notices=tuple(notices),
        read_as=read_as,
    )


def _attach_by_title(
    papers: list[Paper],
    entries: Mapping[str, ReadingEntry],
    unused: str,
    source: str,
    notices: list[Notice],
) -> list[Paper]:
    """Give the papers whose titles a header map names (``notes`` or ``reading``) its
    reading-group fields, tags and notes; an entry whose title is in no paper is the warning
    ``unused`` at its line. A title typed with other punctuation or spacing than the listing's
    (``Attention is all you need.``) names the paper all the same (``loose_title``)."""
    by_key = {title_key(title): entry for title, entry in entries.items()}
    loose = {loose_title(key): key for key in by_key if loose_title(key)}
    used: set[str] = set()
    result = []
    for paper in papers:
        key = title_key(paper.title)
        key = key if key in by_key else loose.get(loose_title(key), key)
        entry = by_key.get(key)
        if entry is not None:
            used.add(key)
            paper = dataclasses.replace(
                paper,
                reading=merged_reading([paper.reading, entry.reading]),
                tags=tuple(dict.fromkeys((*paper.tags, *entry.tags))),
                notes="\n\n".join(n for n in (paper.notes, entry.notes) if n) or None,
            )
        result.append(paper)
    for key, entry in by_key.items():
        if key not in used:
            notices.append(Notice(source, entry.line, unused))
    return result


def title_from_name(source: str) -> str:
    """A readable title from a file name (when neither a header title nor a date names the
    digest): ``reading-list_spring.md`` -> ``Reading list spring``."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = stem.replace("_", " ").replace("-", " ").split()
    text = " ".join(words) or stem
    return text[:1].upper() + text[1:]


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
