"""Read Markdown lists of paper links: curated "awesome" lists and a group's own reading list.

One paper to a list item or a table row, named by a link or in bold, with what the item says
around it::

    ### Quantization
    - [GPTQ: Accurate Post-Training Quantization](https://arxiv.org/abs/2210.17323) - Elias
      Frantar, Saleh Ashkboos. ICLR 2023. [[Code](https://github.com/IST-DASLab/gptq)]
    - (2023-05) **LIMA: Less Is More for Alignment** [paper](https://arxiv.org/abs/2305.11206)
      > A note on the paper.
    | [CrAM: A Compression-Aware Minimizer](https://openreview.net/forum?id=_eTZBs-yedr) | ICLR |

An item is a paper when one of its links leads to a paper (``link_item`` reads it); lines
indented under it (a quote, a nested item) are notes on it. Headings become tags (a heading
that is a year dates its papers instead); a heading above every paper says nothing and is no
tag. Lists carry no abstracts: papers get one where another digest gives it. Every other line
is reported, except the list's own chrome: badges, a table of contents, rules, comments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Fragment, Paper
from .found import Listing
from .inline import InlineParser
from .lines import HEADING, looks_like_abstract
from .link_item import (
    NO_PAPER,
    PAPER_ADDRESS,
    SHORTCODE,
    item_paper,
    plain,
)

ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")
"""A list item's marker, at any depth (``lines.LIST_ITEM`` only knows the outer level)."""
YEAR_HEADING = re.compile(r"^((?:19|20)\d{2})\b\W*$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
NO_ABSTRACTS = (
    "a list of links gives no abstracts: its {count} papers show one once another digest"
    " gives it (an arXiv listing, a BibTeX export with abstracts)"
)


def looks_like_link_list(texts: list[str]) -> bool:
    """Whether stripped lines are a Markdown list of paper links: two items or rows with a
    link to a paper, and far more of them than lines shaped like abstracts."""
    linked = prose = 0
    for text in texts:
        if ITEM.match(text) or text.startswith("|"):
            addresses = re.findall(r"\]\((\S+?)\)", text)
            linked += any(PAPER_ADDRESS.match(address) for address in addresses)
        elif looks_like_abstract(text):
            prose += 1
    return linked >= 2 and linked > 2 * prose


def read_link_list(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper per item or table row that links to a paper; every other line reported."""
    parser, listing = InlineParser(), Listing()
    headings: dict[int, str] = {}
    columns: list[str] = []
    papers: list[tuple[Paper, str | None]] = []  # with the tag its heading gives
    last: tuple[int, int] | None = None  # (indent, index in papers) of the last paper item
    for index, (number, raw) in enumerate(numbered_lines):
        text, indent = raw.strip(), len(raw) - len(raw.lstrip())
        heading = HEADING.match(text) if not indent else None
        next_text = numbered_lines[index + 1][1].strip() if index + 1 < len(numbered_lines) else ""
        if not text or TABLE_RULE.match(text):
            continue
        if heading:
            _heading(parser, heading, headings, listing)
            last = None
        elif text.startswith("|") and TABLE_RULE.match(next_text):
            columns = [plain(parser.runs(cell)).lower() for cell in _cells(text)]
        elif ITEM.match(raw) or text.startswith("|"):
            is_row = text.startswith("|")
            item = _cells(text) if is_row else [ITEM.sub("", raw, count=1)]
            year = _year(headings)
            paper = item_paper(parser, item, columns if is_row else [], number, year)
            if isinstance(paper, Paper):
                papers.append((paper, _tag(headings)))
                last = (indent, len(papers) - 1)
            elif last and indent > last[0]:  # a nested item under a paper: a note on it
                _note(parser, text, papers, last[1])
            else:
                _report(parser, number, text, paper, listing)
                last = None
        elif last and indent > last[0]:
            _note(parser, text, papers, last[1])
        else:
            _report(parser, number, text, NO_PAPER, listing)
            last = None
    tags = {tag for _, tag in papers}
    everywhere = tags if len(tags) == 1 else set()
    listing.papers = [
        paper if tag is None or tag in everywhere else _with_tag(paper, tag)
        for paper, tag in papers
    ]
    if papers:
        listing.warnings.append((papers[0][0].line, NO_ABSTRACTS.format(count=len(papers))))
    return listing


def _heading(
    parser: InlineParser, match: re.Match[str], headings: dict[int, str], listing: Listing
) -> None:
    """Note a heading's text at its level, forgetting those below it; the first ``#`` heading
    names the digest."""
    level, text = len(match.group(1)), plain(parser.runs(match.group(2))).lstrip("#*-: ")
    text = re.sub(r"^\W+", "", SHORTCODE.sub("", text)).strip()
    for deeper in [k for k in headings if k >= level]:
        del headings[deeper]
    if level == 1 and listing.heading is None and not listing.papers:
        listing.heading = text or None
    elif text:
        headings[level] = text


def _tag(headings: dict[int, str]) -> str | None:
    """The nearest heading above an item that is not a year (nor the digest's ``#`` title)."""
    for level in sorted(headings, reverse=True):
        if level > 1 and not YEAR_HEADING.match(headings[level]):
            return headings[level]
    return None


def _year(headings: dict[int, str]) -> str | None:
    """The year of the nearest heading above that is a year (``### 2023``), if any."""
    for level in sorted(headings, reverse=True):
        if match := YEAR_HEADING.match(headings[level]):
            return match.group(1)
    return None


def _cells(row: str) -> list[str]:
    """A table row's cells: split at every ``|`` but an escaped one, as GitHub does (also
    inside code)."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def _note(
    parser: InlineParser, text: str, papers: list[tuple[Paper, str | None]], index: int
) -> None:
    """Add an indented line under a paper's item (a quote, a nested item) to its notes."""
    paper, tag = papers[index]
    note = plain(parser.runs(ITEM.sub("", text.lstrip("> "), count=1)))
    notes = "\n\n".join(part for part in (paper.notes, note) if part)
    papers[index] = (replace(paper, notes=notes or None), tag)


def _with_tag(paper: Paper, tag: str) -> Paper:
    return replace(paper, tags=(*paper.tags, tag))


def _report(parser: InlineParser, number: int, text: str, reason: str, listing: Listing) -> None:
    """Report a line that names no paper, unless it is only links within the page (a table
    of contents), images (badges) or a comment."""
    runs = parser.runs(text)
    if not runs or all(r.kind == "image" or r.href.startswith("#") for r in runs):
        return
    if text.startswith("<!--") or text.startswith("```"):
        return
    listing.fragments.append(Fragment(number, text, reason))
