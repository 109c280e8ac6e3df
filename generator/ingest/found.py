"""What a reader of pasted text found in a digest body."""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass, field

from ..dates import MONTH_ABBREVIATIONS, MONTH_NUMBERS
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
    shape: str = ""
    """What the paste was read as (``listing.Shape.name``)."""


def note_date(listing: Listing, line: Line) -> None:
    if listing.listing_date is None:
        listing.listing_date = line.value


def listing_day(date: dt.date | None) -> str | None:
    """A digest's listing date as listings write it: ``Mar 28, 2025``."""
    return f"{date:%b} {date.day}, {date.year}" if date else None


def mail_date(text: str) -> dt.date | None:
    """The day of an e-mail date (``Fri, 28 Mar 2025 17:59:58 GMT``), or None."""
    try:
        return email.utils.parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


MONTHS = tuple(name.title() for name in MONTH_ABBREVIATIONS)
"""Months as pages abbreviate them (``Mar``): ``dates.MONTH_ABBREVIATIONS``, capitalised."""


def iso_day(day: str, month: str, year: str) -> str | None:
    """A day as pages write it (``2``, ``Mar``, ``2023``) in ISO form, or None when it is no
    day (``31 Feb``, ``Foo``)."""
    if month not in MONTHS:
        return None
    try:
        return dt.date(int(year), MONTH_NUMBERS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None


def numeric_date(year: str, month: str | None, day: str | None) -> str:
    """A date written in numbers (``2017``, ``06``, ``12``) in ISO form: the day where it is
    one, else the month where it is one (``2017-02`` for a 31 February), else the year."""
    if not month or not 1 <= int(month) <= 12:
        return year
    if day:
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass
    return f"{year}-{int(month):02d}"


NO_ABSTRACT_NOR_LINK = "neither an abstract nor a link to the paper (DOI, arXiv id, address)"
"""Why a record of an export (BibTeX, RIS, CSL JSON, Web of Science, a sheet) is no paper."""


def is_exported_paper(paper: Paper) -> bool:
    """Whether a titled record of an export is a paper: it has an abstract, or a link that
    leads to the paper (a Zotero library exported without abstracts is still its papers)."""
    return bool(paper.abstract or paper.doi or paper.arxiv or paper.url)


def no_abstracts(count: int) -> str:
    """The warning that ``count`` papers of a file have no abstract."""
    if count == 1:
        return "one of its papers has no abstract: it shows one once another digest gives it"
    return f"{count} of its papers have no abstract: they show one once another digest gives it"


def without_abstracts(papers: list[Paper], at: int | None = None) -> list[tuple[int, str]]:
    """One warning that counts the papers without an abstract, at line ``at`` (a table's
    header, say) or else at the first of them; or none."""
    missing = [paper.line for paper in papers if not paper.abstract]
    return [(missing[0] if at is None else at, no_abstracts(len(missing)))] if missing else []
