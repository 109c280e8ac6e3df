"""Dates as the inputs give them, completed where they lack a year, and shown to readers.

A digest's date is, best first: its YAML header ``date``, a date in its file name
(``2024-03-14.txt``, ``2024_03_14``, ``20240314``), a listing date with a year
(``Mar 28, 2025``), or a listing day without one (``Mar 12``) in the year that makes it the
latest such day on or before the day the digest was first built (which the theme registry
records, so the year is inferred once and never changes).
"""

from __future__ import annotations

import datetime as dt
import os
import re

MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun",
                       "jul", "aug", "sep", "oct", "nov", "dec")  # fmt: skip
"""Each month's first three letters (BibTeX's month macros, as listings abbreviate them)."""
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_ABBREVIATIONS, 1)}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
LISTING_DAY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$")
EARLY_DAYS = 7
"""A listing day up to a week after the first build still counts as this year's (a digest
saved ahead of time, a clock off by a few days)."""


def today() -> dt.date:
    """The build's day: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def date_in_name(source: str) -> dt.date | None:
    """A date written in a file name: ``2024-03-14.txt``, ``notes_2024_03_14.md``."""
    stem = source.rsplit("/", 1)[-1]
    for match in NAME_DATE.finditer(stem):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def listing_day(written: str | None) -> tuple[int, int, int | None] | None:
    """``Mar 12`` -> (3, 12, None); ``Mar 28, 2025`` -> (3, 28, 2025); anything else None."""
    match = LISTING_DAY.match((written or "").strip())
    if not match or match.group(1).lower() not in MONTH_NUMBERS:
        return None
    year = int(match.group(3)) if match.group(3) else None
    return MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)), year


def published_date(written: str) -> str:
    """``Nov 15, 2024`` -> ``2024-11-15``; without a year (or a real day) it stays as written."""
    day = listing_day(written)
    if day is None or day[2] is None:
        return written
    month, number, year = day
    try:
        return dt.date(year, month, number).isoformat()
    except ValueError:
        return written


def infer_year(month: int, day: int, first_built: dt.date) -> dt.date | None:
    """The latest ``month``/``day`` on or before the first build (give or take a week)."""
    for year in (first_built.year + 1, first_built.year, first_built.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 outside a leap year
            continue
        if candidate <= first_built + dt.timedelta(days=EARLY_DAYS):
            return candidate
    return None


def digest_date(
    header: dt.date | None, source: str, listing: str | None, first_built: dt.date
) -> tuple[dt.date | None, bool]:
    """The best date of a digest, and whether its year was inferred."""
    if header is not None:
        return header, False
    if named := date_in_name(source):
        return named, False
    day = listing_day(listing)
    if day is None:
        return None, False
    month, number, year = day
    if year is not None:
        try:
            return dt.date(year, month, number), False
        except ValueError:
            return None, False
    return infer_year(month, number, first_built), True


def long_date(date: dt.date) -> str:
    """``March 12, 2024``."""
    return f"{MONTH_NAMES[date.month - 1]} {date.day}, {date.year}"


def month_of(date: dt.date) -> str:
    """``March 2024``."""
    return f"{MONTH_NAMES[date.month - 1]} {date.year}"


def readable(written: str) -> str:
    """An ISO date or month as readers write it (``2024-06-03`` -> ``June 3, 2024``,
    ``2024-06`` -> ``June 2024``); anything else as it is."""
    try:
        return long_date(dt.date.fromisoformat(written))
    except ValueError:
        pass
    if match := re.fullmatch(r"(\d{4})-(\d{2})", written):
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"{MONTH_NAMES[month - 1]} {match.group(1)}"
    return written
