"""Dates as digests write them: file names, listing days with and without a year."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import (
    date_in_name,
    digest_date,
    infer_year,
    listing_day,
    long_date,
    published_date,
    readable,
    today,
)


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("2024-03-14.txt", dt.date(2024, 3, 14)),
        ("notes_2024_03_14.md", dt.date(2024, 3, 14)),
        ("digests/old/20240314-cs.txt", dt.date(2024, 3, 14)),
        ("2024-13-45.txt", None),  # no such day
        ("12024-03-14.txt", None),  # a longer number is not a year
        ("reading-list.md", None),
    ],
)
def test_date_in_a_file_name(name: str, date: dt.date | None) -> None:
    assert date_in_name(name) == date


def test_listing_days_with_and_without_a_year() -> None:
    assert listing_day("Mar 12") == (3, 12, None)
    assert listing_day("March 28, 2025") == (3, 28, 2025)
    assert listing_day("Nov. 15, 2024") == (11, 15, 2024)
    assert listing_day("Yesterday") is None
    assert listing_day(None) is None
    assert published_date("Nov 15, 2024") == "2024-11-15"
    assert published_date("Feb 30, 2024") == "Feb 30, 2024"  # kept as written, not invented
    assert published_date("Nov 15") == "Nov 15"


def test_a_day_without_a_year_is_the_latest_one_before_the_first_build() -> None:
    new_year = dt.date(2025, 1, 2)
    assert infer_year(12, 30, new_year) == dt.date(2024, 12, 30)
    assert infer_year(1, 2, new_year) == dt.date(2025, 1, 2)
    assert infer_year(1, 8, new_year) == dt.date(2025, 1, 8)  # a week ahead still counts
    assert infer_year(2, 29, dt.date(2025, 3, 1)) == dt.date(2024, 2, 29)


def test_a_digest_takes_its_header_then_its_name_then_its_listing_day() -> None:
    built = dt.date(2025, 3, 15)
    header = dt.date(2020, 1, 1)
    assert digest_date(header, "2024-03-14.txt", "Mar 12", built) == (header, False)
    assert digest_date(None, "2024-03-14.txt", "Mar 12", built) == (dt.date(2024, 3, 14), False)
    assert digest_date(None, "hf.txt", "Mar 12, 2023", built) == (dt.date(2023, 3, 12), False)
    assert digest_date(None, "hf.txt", "Mar 12", built) == (dt.date(2025, 3, 12), True)
    assert digest_date(None, "hf.txt", None, built) == (None, False)


def test_dates_read_as_readers_write_them(monkeypatch: pytest.MonkeyPatch) -> None:
    assert long_date(dt.date(2024, 6, 3)) == "June 3, 2024"
    assert readable("2024-06-03") == "June 3, 2024"
    assert readable("2024-06") == "June 2024"
    assert readable("2024-13") == "2024-13"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741996800")
    assert today() == dt.date(2025, 3, 15)
