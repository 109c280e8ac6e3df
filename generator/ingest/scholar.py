"""Read Google Scholar alert e-mails (as copied from a mail client or saved as text) and
Scholar's search result pages.

An alert lists results, each a title (``[PDF]``, ``[HTML]``... before it when Scholar links a
file), the authors and source on one line (``Y Song, P Dhariwal - arXiv preprint
arXiv:2303.01469, 2023``), a snippet of the abstract on one to three lines (cut with ``…``),
and the share links (``Save Twitter LinkedIn Facebook``); a citation alert adds the cited
paper (``Cites: ...``). The snippet is all the alert gives of the abstract: it becomes the
paper's abstract as written. A plain-text e-mail puts a link in angle brackets under the
title: the address Scholar redirects to becomes the paper's link. A search page puts the file
link beside each result (``[PDF] arxiv.org``) and its actions under it (``Save Cite Cited by
12 Related articles All 9 versions``): both are skipped.
"""

from __future__ import annotations

import re
import urllib.parse

from ..model import Fragment, Paper
from .found import Listing, listing_day, mail_date

AUTHOR_NAME = r"[A-Z]{1,3}\s+[A-Za-z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,2}"
"""An author as Scholar shortens one: initials, then the surname (``DP Kingma``, ``M de Rijke``)."""
AUTHOR_SOURCE = re.compile(
    rf"^(?P<authors>{AUTHOR_NAME}(?:,\s*{AUTHOR_NAME})*(?:,?\s*…)?)\s+[-–]\s+"
    r"(?P<source>(?:.*[^\d])?(?:19|20)\d{2}(?:\s+[-–]\s+\S+)?)$"
)
"""The line under a title: authors, a dash, the source ending with its year (and the site that
holds it: ``Nature, 2024 - nature.com``)."""
FILE_KIND = re.compile(r"^\[(?:PDF|HTML|BOOK|CITATION|C|B|DOC|PS)\]\s*", re.IGNORECASE)
SHARE = re.compile(r"^(?:Save|Twitter|LinkedIn|Facebook)(?:\s+(?:Twitter|LinkedIn|Facebook))*$")
"""The share links under a result, on one line or (copied from a mail's HTML) one a line."""
SHARE_LINE = re.compile(r"^Save\s+Twitter\s+LinkedIn\s+Facebook$")
ACTIONS = re.compile(r"^Save\s+Cite\b.*(?:Related articles|versions|Cited by \d+).*$")
"""The links under a result of Scholar's search page (``Save Cite Cited by 12 Related
articles All 9 versions``)."""
FILE_AT = re.compile(r"^\[(?:PDF|HTML|DOC|PS)\]\s+[\w.\-]+\.[a-z]{2,}$", re.IGNORECASE)
"""The file link beside a result of the search page (``[PDF] arxiv.org``)."""
CITES = re.compile(r"^Cites:\s*(.*)$")
LINK = re.compile(r"^<?(https?://\S+?)>?$")
CHROME = re.compile(
    r"^(?:Scholar Alert\b.*|Google Scholar Alert\b.*|\[\s*.+\s*\]|New results for .*"
    r"|New citations to .*|New articles in .*|This (?:message|alert) (?:was|is) sent by "
    r"Google Scholar.*|List alerts|Cancel alert|See all results|Settings|Unsubscribe"
    r"|(?:From|To|Subject|Date|Reply-To):\s.*)$",
    re.IGNORECASE,
)
ALERT_HEADING = re.compile(
    r"^(?:Google\s+)?Scholar Alert\s*[:\-–]?\s*\[?\s*(.*?)\s*\]?$", re.IGNORECASE
)
BIDI_MARKS = "\u202a\u202b\u202c\u200e\u200f"
"""Direction marks Gmail puts around a cited title."""
SOURCE_ID = re.compile(r"\barXiv:(\d{4}\.\d{4,5})(?:v\d+)?\b", re.IGNORECASE)
"""The arXiv id in a source (``arXiv preprint arXiv:2303.01469``)."""
YEAR_END = re.compile(r"(?:^|,?\s+)((?:19|20)\d{2})(?:\s+[-–]\s+\S+)?$")


def looks_like_scholar_alert(texts: list[str]) -> bool:
    """Whether stripped lines are a Google Scholar alert: its sender or share links named,
    and at least one line of authors and source."""
    named = any(
        "google scholar" in text.lower()
        or text.startswith("Scholar Alert")
        or SHARE_LINE.match(text)
        or ACTIONS.match(text)
        for text in texts
    )
    return named and any(AUTHOR_SOURCE.match(text) for text in texts)


def read_scholar_alert(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Each result of an alert as a paper; lines that are neither a result nor the alert's
    own text are fragments."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines]
    listing = Listing()
    starts = [i for i, (_, text) in enumerate(lines) if AUTHOR_SOURCE.match(text)]
    title_at = {start: _title_above(lines, start) for start in starts}
    taken = {at for at in title_at.values() if at is not None}
    for index, (start, title) in enumerate(title_at.items()):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        if index + 1 < len(starts) and title_at[starts[index + 1]] is not None:
            end = title_at[starts[index + 1]]
        if title is None:  # its lines are reported, none of them dropped
            listing.fragments += [
                Fragment(number, text, "a result without a title")
                for number, text in lines[start:end]
                if text and not CHROME.match(text) and not _skipped(text)
            ]
            continue
        listing.papers.append(_result(lines, title, start, end, listing))
    before = min(taken | set(starts), default=len(lines))
    for number, text in lines[:before]:
        heading = ALERT_HEADING.match(text)
        if heading and heading.group(1) and listing.heading is None:
            listing.heading = f"Scholar alert: {heading.group(1)}"
        elif text.startswith("Date:") and listing.listing_date is None:
            listing.listing_date = listing_day(mail_date(text[5:]))
        elif text and not CHROME.match(text) and not _skipped(text):
            listing.fragments.append(Fragment(number, text, "text before the first result"))
    listing.fragments.sort(key=lambda fragment: fragment.line)
    return listing


def _title_above(lines: list[tuple[int, str]], start: int) -> int | None:
    """The index of a result's title: the nearest line above its authors that is not its
    link (None when that is a blank line, chrome or another result's text)."""
    index = start - 1
    while index >= 0 and LINK.match(lines[index][1]):
        index -= 1
    if index < 0 or not lines[index][1]:
        return None
    text = lines[index][1]
    if CHROME.match(text) or _skipped(text) or AUTHOR_SOURCE.match(text):
        return None
    return index


def _result(
    lines: list[tuple[int, str]], title: int, start: int, end: int, listing: Listing
) -> Paper:
    """The paper of one result: its title line, authors line and what follows up to ``end``."""
    match = AUTHOR_SOURCE.match(lines[start][1])
    assert match is not None  # ``start`` is a line it matched
    names = [n.strip() for n in match.group("authors").rstrip("…").split(",") if n.strip()]
    source = match.group("source").strip()
    links = [found.group(1) for _, text in lines[title + 1 : start] if (found := LINK.match(text))]
    url = _target(links[0]) if links else None
    snippet: list[str] = []
    comments: list[str] = []
    closed = False  # a blank line after the snippet ends it
    for number, text in lines[start + 1 : end]:
        cited = CITES.match(text)
        link = LINK.match(text)
        if cited:
            comments.append(f"Cites: {cited.group(1).strip(BIDI_MARKS + ' ')}")
        elif not text or _skipped(text) or CHROME.match(text):
            closed = closed or bool(snippet)
        elif link:
            url = url or _target(link.group(1))
        elif closed:
            listing.fragments.append(Fragment(number, text, "text after a result"))
        else:
            snippet.append(text)
    arxiv = SOURCE_ID.search(source)
    if arxiv and url and urllib.parse.urlsplit(url).netloc.endswith("arxiv.org"):
        url = None  # the arXiv id gives the paper's links already
    year = YEAR_END.search(source)
    venue = YEAR_END.sub("", source).strip(" ,")
    return Paper(
        FILE_KIND.sub("", lines[title][1]),
        " ".join(snippet),
        lines[title][0],
        arxiv=arxiv.group(1) if arxiv else None,
        authors=tuple(names),
        url=url,
        published=year.group(1) if year else None,
        journal_ref=venue if venue and not arxiv else None,
        comments="; ".join(comments) or None,
    )


def _target(link: str) -> str:
    """The address a Scholar redirect (``scholar_url?url=...``) leads to, else the link."""
    parts = urllib.parse.urlsplit(link)
    if parts.netloc.endswith("scholar.google.com") and parts.path.endswith("scholar_url"):
        target = urllib.parse.parse_qs(parts.query).get("url", [""])[0]
        if target.startswith(("http://", "https://")):
            return target
    return link


def _skipped(text: str) -> bool:
    """Whether a line is a result's links: share links, the search page's actions or file link."""
    return bool(SHARE.match(text) or ACTIONS.match(text) or FILE_AT.match(text))
