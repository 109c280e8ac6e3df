"""Reading-group fields of a paper: its status, presenter, discussion date and rating.

In: a paper's YAML mapping (a YAML digest's paper, or an entry of a header's ``reading`` map).
Out: a ``Reading``, validated with errors naming file, line and field; and, for a paper in
several digests, the one ``Reading`` its page shows (``merged_reading``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError
from ..model import Reading
from .fields import date_field
from .yamlload import Mapping, line_of, text_field

STATUSES = ("to read", "read", "discussed")
"""A paper's reading status, in the order a group goes through them."""
READING_FIELDS = {
    "status": "to read, read or discussed",
    "presenter": "who presents the paper",
    "discussed": "ISO date of the discussion, such as 2024-03-14",
    "rating": "the group's rating, a whole number from 1 to 5",
}
NUMBER_FIELDS = ("rating",)
"""Reading fields that are numbers: no "unquoted number" warning for them."""


def reading_from(item: Mapping, source: str, where: str) -> Reading:
    """The reading-group fields of a paper's mapping (absent ones stay None)."""
    return Reading(
        status=_status(item, source, where),
        presenter=_stripped(text_field(item, "presenter", source, where)),
        discussed=date_field(item, "discussed", source, where),
        rating=_rating(item, source, where),
    )


def merged_reading(readings: Sequence[Reading]) -> Reading:
    """One paper's reading over its digests, oldest first: each field as the newest digest
    that gives it says (a paper to read in March, discussed in April, is discussed)."""
    merged: dict[str, Any] = {}
    for reading in readings:
        for name in READING_FIELDS:
            value = getattr(reading, name)
            if value is not None:
                merged[name] = value
    return Reading(**merged)


def _status(item: Mapping, source: str, where: str) -> str | None:
    value = text_field(item, "status", source, where)
    if value is None:
        return None
    status = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    status = {"toread": "to read", "unread": "to read"}.get(status, status)
    if status not in STATUSES:
        raise InputError(
            source,
            f"{where}: field 'status' must be one of {', '.join(STATUSES)}, not {value!r}",
            line=line_of(item, "status"),
        )
    return status


def _rating(item: Mapping, source: str, where: str) -> int | None:
    value: Any = item.get("rating")
    if value is None:
        return None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 5:
        raise InputError(
            source,
            f"{where}: field 'rating' must be a whole number from 1 to 5, not {value!r}",
            line=line_of(item, "rating"),
        )
    return number


def _stripped(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text is not None else None
