"""An abstract as display HTML: escaped text, working links, math rendered as MathML."""

from __future__ import annotations

import html

from .links import FoundLink, display_url, find_links
from .markup import display_text, external_link
from .texmath import math_spans, prose_to_html


def abstract_html(text: str) -> tuple[str, bool]:
    """The abstract as safe HTML, and whether it reads differently from the text as written:
    math or TeX rendered, not links made (a reader sees the same words)."""
    text = display_text(text)
    links = find_links(text)
    pieces: list[tuple[int, int, str, bool]] = [
        (link.start, link.end, external_link(link.url, display_url(link.url)), True)
        for link in links
    ]
    for start, end, mathml in math_spans(text):
        if not any(start < b and a < end for a, b, _, _ in pieces):
            pieces.append((start, end, mathml, False))
    pieces.sort()
    parts: list[str] = []
    unlinked: list[str] = []  # the same, with links left as written: what a reader would see
    last = 0
    for start, end, markup, is_link in pieces:
        prose = prose_to_html(text[last:start])
        parts += [prose, markup]
        unlinked += [prose, html.escape(text[start:end], quote=False) if is_link else markup]
        last = end
    tail = prose_to_html(text[last:])
    changed = "".join([*unlinked, tail]) != html.escape(text, quote=False)
    return "".join([*parts, tail]), changed


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
