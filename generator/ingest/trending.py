"""Read Markdown trending lists: ``### Title`` cards with hard-wrapped abstracts, ``- 5
authors`` lines and ``[LINK: GitHub 2.4k](https://github.com/...)`` lines, every card printed
twice."""

from __future__ import annotations

from ..model import Fragment, Paper
from .found import Listing, note_date
from .lines import HEADING, classify, listing_facts


def looks_like_trending_list(texts: list[str]) -> bool:
    """Whether stripped lines hold a ``##`` heading: a Markdown trending list, once the
    shapes asked before it (some of which have headings too) have not claimed them."""
    return any(HEADING.match(t) and t.startswith("##") for t in texts)


def read_trending_list(numbered_lines: list[tuple[int, str]]) -> Listing:
    """Read a Markdown trending list: ``### Title`` cards with wrapped abstracts."""
    listing = Listing()
    cards: list[list[tuple[int, str]]] = [[]]
    for number, raw in numbered_lines:
        heading = HEADING.match(raw.strip())
        if heading and len(heading.group(1)) >= 2 and not raw[:1].isspace():
            cards.append([])
        cards[-1].append((number, raw))
    for number, raw in cards[0]:
        line = classify(number, raw)
        if line.kind == "date":
            note_date(listing, line)
        elif line.kind == "text" and not HEADING.match(line.text):
            listing.fragments.append(Fragment(number, line.text, "text before the first paper"))
    previous: tuple[str, str] | None = None
    for card in cards[1:]:
        paper = _read_card(card, listing)
        if paper is None:
            continue
        if previous == (paper.title, paper.abstract):
            continue  # trending lists print every card twice in a row
        previous = (paper.title, paper.abstract)
        listing.papers.append(paper)
    return listing


def _read_card(card: list[tuple[int, str]], listing: Listing) -> Paper | None:
    number, heading = card[0]
    heading_match = HEADING.match(heading.strip())
    title_parts = [heading_match.group(2) if heading_match else heading.strip()]
    index = 1
    while index < len(card) and card[index][1][:1].isspace() and card[index][1].strip():
        title_parts.append(card[index][1].strip())
        index += 1
    title = " ".join(title_parts)
    abstract_parts: list[str] = []
    code: list[str] = []
    facts: dict[str, object] = {}
    for line_number, raw in card[index:]:
        line = classify(line_number, raw)
        if line.kind == "link" and line.value:
            code.append(line.value)
        elif line.kind == "date":
            note_date(listing, line)
        elif line.kind == "meta":
            facts.update(listing_facts(line.text))
        elif line.kind == "text":
            abstract_parts.append(line.text)
    if not abstract_parts:
        listing.fragments.append(Fragment(number, title, "title without an abstract"))
        return None
    return Paper(title, " ".join(abstract_parts), number, code=tuple(code), **facts)
