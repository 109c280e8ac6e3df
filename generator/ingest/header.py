"""The optional YAML header of a digest file: split it off and validate its fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Reading
from .fields import date_field, refuse_unknown_fields, text_list
from .reading import NUMBER_FIELDS, READING_FIELDS, reading_from
from .yamlload import (
    Mapping,
    line_of,
    load_yaml,
    text_field,
    unquoted_numbers,
)

HEADER_FIELDS = {
    "title": "display title of the digest",
    "date": "ISO date of the digest, such as 2024-03-12",
    "description": "a sentence or two shown on the digest page",
    "notes": "your comments on papers, keyed by paper title",
    "reading": "reading-group fields of papers (status, presenter, ...), keyed by paper title",
}


@dataclass(frozen=True)
class ReadingEntry:
    """What a header's ``reading`` (or ``notes``) map says of one paper."""

    reading: Reading
    tags: tuple[str, ...]
    notes: str | None
    line: int
    """Line of the paper's title in the file."""


ENTRY_FIELDS = {**READING_FIELDS, "tags": "list of your tags", "notes": "your comment"}
"""Fields of one paper in a header's ``reading`` map."""


@dataclass(frozen=True)
class Header:
    """Validated header fields of a digest."""

    title: str | None = None
    """Display title."""
    date: dt.date | None = None
    """Full date of the digest."""
    description: str | None = None
    """Free text shown under the digest title."""
    notes: dict[str, ReadingEntry] = field(default_factory=dict)
    """Reader notes: title as written -> the note (its ``notes``) and its line in the file."""
    reading: dict[str, ReadingEntry] = field(default_factory=dict)
    """Reading-group fields: title as written -> what the header says of that paper."""
    warnings: tuple[tuple[int, str], ...] = ()
    """(line, message) of what was read but looks unintended (an unquoted number)."""


def split_header(lines: list[str], source: str) -> tuple[str | None, int]:
    """Return the header text (or None) and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 1
    raise InputError(
        source, "the YAML header opened by '---' is never closed; add a '---' line after it", line=1
    )


def parse_header(text: str, source: str) -> Header:
    """Validate the YAML header text (which starts on line 2 of the file)."""
    data = load_yaml(text, source, first_line=2)
    if data is None:
        return Header()
    if not isinstance(data, Mapping):
        raise InputError(source, "the YAML header must be a mapping of fields", line=2)
    return header_from_mapping(data, source, allowed=HEADER_FIELDS)


def header_from_mapping(data: Mapping, source: str, *, allowed: dict[str, str]) -> Header:
    """Validate the digest-level fields of a mapping; reject any field not in ``allowed``."""
    refuse_unknown_fields(data, allowed, source)
    return Header(
        title=text_field(data, "title", source),
        date=date_field(data, "date", source),
        description=text_field(data, "description", source),
        notes=_notes(data, source),
        reading=_reading(data, source),
        warnings=tuple(unquoted_numbers(data, frozenset(NUMBER_FIELDS))),
    )


def _by_title(data: Mapping, key: str, what: str, source: str) -> Mapping:
    """A header field that maps paper titles to ``what`` (empty when absent)."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(
            source, f"field {key!r} must map paper titles to {what}", line=line_of(data, key)
        )
    return value


def _notes(data: Mapping, source: str) -> dict[str, ReadingEntry]:
    value = _by_title(data, "notes", "your notes", source)
    notes: dict[str, ReadingEntry] = {}
    for title, note in value.items():
        if not isinstance(note, str):
            raise InputError(
                source, f"the note for {title!r} must be text", line=line_of(value, title)
            )
        notes[title] = ReadingEntry(Reading(), (), note, line_of(value, title))
    return notes


def _reading(data: Mapping, source: str) -> dict[str, ReadingEntry]:
    value = _by_title(data, "reading", "their fields (status, presenter, ...)", source)
    found: dict[str, ReadingEntry] = {}
    for title, item in value.items():
        where = f"reading of {str(title)[:60]!r}"
        if not isinstance(item, Mapping):
            raise InputError(
                source,
                f"{where}: give its fields, such as status: read",
                line=line_of(value, title),
            )
        refuse_unknown_fields(item, ENTRY_FIELDS, source, where)
        found[str(title)] = ReadingEntry(
            reading_from(item, source, where),
            text_list(item, "tags", source, where),
            text_field(item, "notes", source, where),
            line_of(value, title),
        )
    return found
