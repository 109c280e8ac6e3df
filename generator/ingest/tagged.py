"""Records of tagged lines, as PubMed's MEDLINE format and RIS write them.

Each line is a tag of two to four capitals or digits, padded with spaces, ``-`` and its value
(``TI  - Attention Is All You Need``); a long value may go on over more lines. ``records``
groups the lines into records of fields, each with its line; the reader of each format
(``medline``, ``ris``) says where a record starts and ends, how a value goes on, and what the
fields mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Fragment
from .found import Listing

TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: (.*))?$")


@dataclass
class Record:
    """One record's fields, by tag, in the order they come."""

    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Each tag's values with their lines (a tag such as ``AU`` comes once an author)."""

    def first(self, tag: str) -> str:
        """The first value of ``tag``, or ``""``."""
        return self.fields[tag][0][1] if tag in self.fields else ""

    def values(self, tag: str) -> list[str]:
        """Every value of ``tag``, in order."""
        return [value for _, value in self.fields.get(tag, [])]

    def line(self, tag: str | None = None) -> int:
        """The line of ``tag``'s first value, or of the record's first field."""
        if tag in self.fields:
            return self.fields[tag][0][0]
        return min(line for values in self.fields.values() for line, _ in values)


def records(
    numbered_lines: list[tuple[int, str]],
    *,
    starts: str,
    ends: str | None,
    continues: Callable[[str], bool],
    tag_line: re.Pattern[str] = TAG,
    one_value_a_line: bool = False,
) -> tuple[list[Record], list[tuple[int, str]]]:
    """The records of the lines, and the lines that belong to none (neither a field nor the
    rest of one). A record starts at a ``starts`` tag and ends after an ``ends`` tag or, when
    ``ends`` is None, at a blank line; a line that ``continues`` (as written) goes on with the
    value above it, or is the next value of its tag with ``one_value_a_line`` (as Web of
    Science writes one author a line). ``tag_line``: a tag and its value, as the format
    writes them."""
    found: list[Record] = []
    stray: list[tuple[int, str]] = []
    record: Record | None = None
    last: tuple[str, int] | None = None  # the tag and index of the value a line may go on with
    for number, raw in numbered_lines:
        text = raw.strip()
        tagged = tag_line.match(raw.rstrip())
        if tagged and (tagged.group(1) == starts or record is None):
            record, last = Record(), None
            found.append(record)
        if tagged and record is not None:
            tag = tagged.group(1)
            record.fields.setdefault(tag, []).append((number, (tagged.group(2) or "").strip()))
            last = (tag, len(record.fields[tag]) - 1)
            if tag == ends:
                record, last = None, None
        elif not text:
            if ends is None:
                record, last = None, None
        elif record is not None and last is not None and continues(raw):
            tag, index = last
            if one_value_a_line:
                record.fields[tag].append((number, text))
                last = (tag, index + 1)
            else:
                line, value = record.fields[tag][index]
                record.fields[tag][index] = (line, f"{value} {text}")
        else:
            stray.append((number, text))
    return found, stray


def read_records(
    numbered_lines: list[tuple[int, str]],
    read: Callable[[Record, Listing], None],
    stray: str,
    **how: Any,
) -> Listing:
    """A listing of the lines' ``records`` (``how``: where they start and end, as ``records``
    takes it), each ``read`` into it; a line that belongs to none is reported with the reason
    ``stray``."""
    listing = Listing()
    found, outside = records(numbered_lines, **how)
    for record in found:
        read(record, listing)
    listing.fragments += [Fragment(number, text, stray) for number, text in outside]
    listing.fragments.sort(key=lambda fragment: fragment.line)
    return listing


def first_last(name: str) -> str:
    """A name written ``Last, First`` (``Vaswani, Ashish``) as ``Ashish Vaswani``; a name
    without a comma as written."""
    last, _, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if first.strip() else last.strip()
