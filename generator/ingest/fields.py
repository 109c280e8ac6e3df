"""Checks of the fields of a loaded YAML mapping that every YAML input shares: no unknown
field, dates that are dates. Errors name the file, the line and the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from .yamlload import Mapping, line_of


def refuse_unknown_fields(
    data: Mapping, known: Iterable[str], source: str, where: str = ""
) -> None:
    """Raise an error at the line of the first field of ``data`` not in ``known``, naming
    the known ones (a typo such as ``abstarct`` stops the build rather than going unread)."""
    allowed = set(known)
    for key in data:
        if key not in allowed:
            prefix = f"{where}: " if where else ""
            raise InputError(
                source,
                f"{prefix}unknown field {key!r}; known fields: {', '.join(sorted(allowed))}",
                line=line_of(data, key),
            )


def date_field(data: Mapping, key: str, source: str, where: str = "") -> dt.date | None:
    """An optional ISO date field (a YAML date, or text such as ``2024-03-12``); anything else
    is an error at its line."""
    value: Any = data.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    prefix = f"{where}: " if where else ""
    raise InputError(
        source,
        f"{prefix}field {key!r} must be an ISO date such as 2024-03-12, not {value!r}",
        line=line_of(data, key),
    )


def text_list(
    item: Mapping, key: str, source: str, where: str, *, split_commas: bool = False
) -> tuple[str, ...]:
    """An optional field of text or a list of text (``split_commas``: one text may list several,
    "A, B"), stripped, empty ones dropped; anything else is an error at its line."""
    value = item.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.split(",") if split_commas else [value]
        return tuple(part.strip() for part in parts if part.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise InputError(
        source, f"{where}: field {key!r} must be text or a list of text", line=line_of(item, key)
    )
