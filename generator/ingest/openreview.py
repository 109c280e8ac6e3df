"""Read OpenReview forum pages (``openreview.net/forum?id=...``) as a browser copies them.

A forum opens with the paper: its title, ``Download PDF``, the authors, ``Published: 24 Apr
2023, Last Modified: 28 Jul 2023``, the venue (``ICML 2023 Oral``), then fields, one a line:
``Readers:``, ``Keywords:``, ``TL;DR:``, ``Abstract:`` (which may run on over more lines),
``Primary Area:``, ``Submission Number:``... After them come the discussion's own controls and,
when copied too, its reviews and comments: not the paper, so they are reported (a line that
reads like a sentence) or skipped (the page's buttons and counts). Several forums may follow
one another.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing, iso_day
from .lines import SENTENCE_LINE, split_authors

PUBLISHED = re.compile(r"^Published:\s*(\d{1,2}) (\w{3}) (\d{4})\b.*$")
FIELD = re.compile(r"^([A-Z][\w;/&'’ ()\-]{0,40}?):\s*(.*)$")
"""A field of the forum: a short label, a colon, its value (``TL;DR: ...``)."""
BUTTONS = re.compile(r"^(?:Download PDF|PDF|Loading|Discussion|BibTeX|Revisions)$")


def looks_like_openreview_forum(texts: list[str]) -> bool:
    """Whether stripped lines are one or more copied OpenReview forums."""
    return any(PUBLISHED.match(text) for text in texts) and any(
        text.startswith("Abstract:") for text in texts
    )


def read_openreview_forums(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper per ``Published:`` line, with the title and authors above it and the fields
    below it."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines]
    listing = Listing()
    dates = [i for i, (_, text) in enumerate(lines) if PUBLISHED.match(text)]
    starts = [_title_at(lines, at, dates[k - 1] if k else -1) for k, at in enumerate(dates)]
    for number, text in lines[: starts[0] if starts else len(lines)]:
        if text and not BUTTONS.match(text):
            listing.fragments.append(Fragment(number, text, "text before the paper"))
    for k, at in enumerate(dates):
        end = starts[k + 1] if k + 1 < len(dates) else len(lines)
        _read_forum(lines, starts[k], at, end, listing)
    return listing


def _title_at(lines: list[tuple[int, str]], at: int, previous: int) -> int:
    """The index of a forum's title: the second line above its ``Published:`` line that is
    not a button (the first is its authors)."""
    named = [i for i in range(previous + 1, at) if lines[i][1] and not BUTTONS.match(lines[i][1])]
    return named[-2] if len(named) >= 2 else at


def _read_forum(
    lines: list[tuple[int, str]], start: int, at: int, end: int, listing: Listing
) -> None:
    """The paper of one forum: title at ``start``, ``Published:`` at ``at``, fields to ``end``."""
    named = [(n, t) for n, t in lines[start:at] if t and not BUTTONS.match(t)]
    if not named:  # every line reported, none dropped
        listing.fragments += [
            Fragment(n, t, "a forum without a title") for n, t in lines[at:end] if t
        ]
        return
    fields: dict[str, str] = {}
    venue = None
    label = None  # the field a line without a label continues
    for number, text in lines[at + 1 : end]:
        field = FIELD.match(text)
        if field:
            label = field.group(1)
            fields.setdefault(label, field.group(2).strip())
        elif label == "Abstract" and text and not BUTTONS.match(text):
            fields["Abstract"] += " " + text
        elif venue is None and label is None and text:
            venue = text  # the line under the dates: ``ICML 2023 Oral``
        elif text and not BUTTONS.match(text):
            label = None
            if SENTENCE_LINE.match(text):
                listing.fragments.append(Fragment(number, text, "text after the paper"))
    published = PUBLISHED.match(lines[at][1])
    assert published is not None  # ``at`` is a line it matched
    keywords = fields.get("Keywords", "")
    listing.papers.append(
        Paper(
            named[0][1],
            fields.get("Abstract", ""),
            named[0][0],
            authors=split_authors(named[1][1]) if len(named) > 1 else (),
            summary=fields.get("TL;DR") or None,
            published=iso_day(*published.groups()),
            journal_ref=venue,
            keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()),
        )
    )
