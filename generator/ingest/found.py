"""What a reader of pasted text found in a digest body."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Fragment, Paper
from .lines import Line


@dataclass
class Listing:
    """What a text reader found in a digest body."""

    papers: list[Paper] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    listing_date: str | None = None
    heading: str | None = None
    """The text of a top-level Markdown heading (``# Papers for Thursday``) above the papers."""


def note_date(listing: Listing, line: Line) -> None:
    if listing.listing_date is None:
        listing.listing_date = line.value
