"""Classify single lines of pasted listings: page chrome, metadata, or text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import published_date

# Whole lines that the Hugging Face papers pages print around the papers.
CHROME_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
        "by ak and the research community",
        "daily papers",
        "trending papers",
        "trending",
        "papers",
        "search",
        "view all",
        "load more",
        "previous",
        "next",
        "daily",
        "weekly",
        "monthly",
        "upvote",
        "community",
    }
)
SUBSCRIBE_PREFIX = re.compile(r"^Subscribe(?=[A-Z0-9\"'(\[])")
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
DAY = rf"(?:{MONTHS})[a-z]*\.? \d{{1,2}}(?:, \d{{4}})?"
"""A day as listings write it: ``Mar 12``, ``March 12, 2025``."""
DATE_LINE = re.compile(rf"^{DAY}$")
ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
"""An arXiv identifier, new (``2303.01469``) or old (``hep-th/9901001``), its version aside."""
SENTENCE_LINE = re.compile(r"^[A-Z].{30,}[.!?]$")
"""A line of a page's own text that reads like a sentence (a note, a review): reported, not
skipped, by the readers of whole pages."""
ARXIV_LINE = re.compile(r"^arxiv:\s*(\d{4}\.\d{4,5})(?:v\d+)?$", re.IGNORECASE)
UPVOTES = re.compile(r"^\d+(?:\.\d+)?k?$")
SUBMITTED_BY = re.compile(r"^Submitted by\b", re.IGNORECASE)
PUBLISHED_ON = re.compile(r"^Published on\b", re.IGNORECASE)
AUTHOR_COUNT = re.compile(r"^(?:[·•\-*]\s*)?\d+ authors?$", re.IGNORECASE)
LINK_LINE = re.compile(r"^\[LINK:[^\]]*\]\((\S+)\)$")
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
"""An http(s) address: the only links the pages make (see ``pages.markup.external_link``)."""
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
"""A Markdown heading: its ``#`` marks and its text."""
LIST_ITEM = re.compile(r"^(\s{0,3})(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")
EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
ABSTRACT_END = re.compile(r"\.[\"')\]]?$")
AUTHOR_NAME = re.compile(r"^(?:[A-Z][\w'’.\-]*|(?:van|von|de|der|da|del|di|la|le|bin|al)\b)$")


@dataclass(frozen=True)
class Line:
    """One input line with its position and what it was recognised as."""

    number: int
    """1-based line number in the file."""
    text: str
    """The line without surrounding whitespace (and without a glued-on chrome prefix)."""
    kind: str
    """One of: blank, chrome, date, arxiv, link, meta, text."""
    value: str | None = None
    """Payload for date, arxiv and link lines."""


def classify(number: int, raw: str) -> Line:
    """Recognise one line of a pasted listing."""
    text = raw.strip()
    if not text:
        return Line(number, text, "blank")
    if text.casefold() in CHROME_LINES:
        return Line(number, text, "chrome")
    if match := SUBSCRIBE_PREFIX.match(text):
        text = text[match.end() :]
    if DATE_LINE.match(text):
        return Line(number, text, "date", text)
    if match := ARXIV_LINE.match(text):
        return Line(number, text, "arxiv", match.group(1))
    if match := LINK_LINE.match(text):
        return Line(number, text, "link", match.group(1))
    if (
        UPVOTES.match(text)
        or SUBMITTED_BY.match(text)
        or PUBLISHED_ON.match(text)
        or AUTHOR_COUNT.match(text)
    ):
        return Line(number, text, "meta")
    return Line(number, text, "text")


def without_list_marker(raw: str) -> str:
    """A Markdown list item's line without its marker (``- ``, ``1. ``), indentation kept, so
    that the item's indented continuation lines stay more indented than it."""
    return LIST_ITEM.sub(r"\1", raw, count=1)


def without_emphasis(text: str) -> str:
    """A title without the bold markers around all of it (``**Title**``)."""
    match = EMPHASIS.match(text)
    return match.group(2).strip() if match else text


def looks_like_abstract(text: str) -> bool:
    """Tell an abstract from a title: long, or a full sentence ending in a period.

    Question marks do not count: many titles are questions ("How Much is Enough?").
    """
    return shaped_like_abstract(len(text), text)


def shaped_like_abstract(length: int, ending: str) -> bool:
    """``looks_like_abstract`` for a text of this length that ends like ``ending``."""
    return length >= 250 or (length >= 60 and ABSTRACT_END.search(ending) is not None)


def looks_like_authors(text: str) -> bool:
    """Tell a line of author names (``Ada Lovelace, Alan Turing``) from a title."""
    parts = [part.strip() for part in re.split(r",|\band\b", text) if part.strip()]
    if len(parts) < 2 or ":" in text:
        return False
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 4 or not all(AUTHOR_NAME.match(word) for word in words):
            return False
    return True


def without_full_stop(title: str) -> str:
    """A title without the full stop an export or a list puts after it (PubMed ends every
    title with one), so that it is the same paper as a listing's; ``...`` stays."""
    return title[:-1].rstrip() if title.endswith(".") and not title.endswith("..") else title


def split_authors(text: str) -> tuple[str, ...]:
    """Split a line of author names into names."""
    return tuple(part.strip() for part in re.split(r",|\band\b", text) if part.strip())


def ends_mid_sentence(text: str) -> bool:
    """Tell whether text stops in the middle of a word or sentence (a cut-off paste)."""
    last_token = text.rsplit(None, 1)[-1] if text.strip() else ""
    if "://" in last_token or "." in last_token:
        return False
    return re.search(r"[\w,;:\-]$", text) is not None


def count_value(text: str) -> int:
    """``112`` -> 112, ``1.2k`` -> 1200."""
    if text.endswith("k"):
        return round(float(text[:-1]) * 1000)
    return int(float(text))


def listing_facts(text: str) -> dict[str, object]:
    """The paper field a listing's meta line gives: ``42`` (upvotes), ``Submitted by alice``,
    ``Published on Mar 14``, ``· 3 authors``; empty for any other line."""
    if UPVOTES.match(text):
        return {"upvotes": count_value(text)}
    if SUBMITTED_BY.match(text):
        handle = text[len("Submitted by") :].strip()
        return {"submitter": handle} if handle else {}
    if PUBLISHED_ON.match(text):
        written = text[len("Published on") :].strip()
        return {"published": published_date(written)} if written else {}
    if match := AUTHOR_COUNT.match(text):
        return {"author_count": int(re.search(r"\d+", match.group(0)).group(0))}
    return {}
