"""An abstract as display HTML: escaped text, working links, math rendered as MathML."""

from __future__ import annotations

import html

from .links import FoundLink, display_url, find_links
from .markup import display_text, external_link
from .texmath import math_spans, prose_to_html


def abstract_html(text: str) -> tuple[str, bool]:
    """The abstract as safe HTML, and whether it differs from the text as written."""
    text = display_text(text)
    links = find_links(text)
    pieces: list[tuple[int, int, str]] = [
        (link.start, link.end, external_link(link.url, display_url(link.url))) for link in links
    ]
    for start, end, mathml in math_spans(text):
        if not any(start < b and a < end for a, b, _ in pieces):
            pieces.append((start, end, mathml))
    pieces.sort()
    parts, last = [], 0
    for start, end, markup in pieces:
        parts.append(prose_to_html(text[last:start]))
        parts.append(markup)
        last = end
    parts.append(prose_to_html(text[last:]))
    rendered = "".join(parts)
    return rendered, rendered != html.escape(text, quote=False)


def code_links(text: str, given: tuple[str, ...] = ()) -> list[FoundLink]:
    """Links for the Code box: those the input gave, then those found in the abstract."""
    seen: set[str] = set()
    result = []
    for link in [*(FoundLink(0, 0, url, "code") for url in given), *find_links(text)]:
        key = link.url.rstrip("/").lower()
        if key not in seen:
            seen.add(key)
            result.append(link)
    return result
