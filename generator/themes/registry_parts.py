"""Readers of the parts of themes.yml that the build records for itself: ``digests`` (first
built days), ``papers`` (addresses and citation keys) and ``vector_space`` (how many of the
oldest papers the text statistics are fit on). Each value is checked, an error names the line.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError
from ..ingest.yamlload import Mapping, line_of
from ..slug import RESERVED, is_slug

FIT_ON = "fit_on_oldest_papers"
"""The key under ``vector_space`` that records the basis (``vectors.TextVectors.basis``)."""


def slug_value(value: object, source: str, line: int, what: str) -> str:
    """``value`` when it is a slug (``slug.is_slug``); an error naming file and line if not."""
    if value in RESERVED:
        raise InputError(
            source, f"{what} {value!r} is a reserved name (a list page); rename it", line=line
        )
    if not is_slug(value):
        shown = repr(value)[:60]
        raise InputError(
            source,
            f"{what} {shown} is not a slug (lowercase letters, digits and hyphens only)",
            line=line,
        )
    return str(value)


def first_built_part(value: object, source: str, line: int) -> dict[str, dt.date]:
    """The ``digests`` part: digest file -> the day it was first built."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(source, "'digests' must map digest files to dates", line=line)
    days = {}
    for name, day in value.items():
        where = line_of(value, name, line)
        try:
            days[str(name)] = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        except ValueError:
            raise InputError(
                source, f"digests: {name!r}: {day!r} is not a date (YYYY-MM-DD)", line=where
            ) from None
    return days


def papers_part(value: object, source: str, line: int) -> dict[str, dict[str, str]]:
    """The ``papers`` part: slug -> "fingerprint citation-key" (the key may be missing)."""
    if value is None:
        return {"addresses": {}, "citation_keys": {}}
    if not isinstance(value, Mapping):
        raise InputError(source, "'papers' must map paper slugs to their records", line=line)
    addresses, keys = {}, {}
    for slug, record in value.items():
        where = line_of(value, slug, line)
        slug_value(slug, source, where, "papers: slug")
        parts = record.split() if isinstance(record, str) else []
        if not 1 <= len(parts) <= 2 or not re.fullmatch(r"[0-9a-f]{12}", parts[0]):
            raise InputError(
                source,
                f"papers: {slug!r}: expected a 12-digit hex fingerprint and a citation key",
                line=where,
            )
        addresses[str(slug)] = parts[0]
        if len(parts) == 2:
            keys[str(slug)] = parts[1]
    return {"addresses": addresses, "citation_keys": keys}


def vector_space_part(value: object, source: str, line: int) -> int | None:
    """The ``vector_space`` part: how many of the oldest papers the space is fit on."""
    if value is None:
        return None
    basis = value.get(FIT_ON) if isinstance(value, Mapping) else None
    whole = isinstance(basis, int) and not isinstance(basis, bool) and basis > 0
    if not whole or set(value) != {FIT_ON}:
        raise InputError(
            source, f"'vector_space' must be {{{FIT_ON}: a positive whole number}}", line=line
        )
    return int(basis)  # a plain int, not the loader's WrittenInt (which keeps the text)
