"""Read CSL JSON files (``.json``): Zotero's "CSL JSON" export, a Pandoc bibliography.

A list of items, each an object::

    [{"type": "article", "title": "Attention Is All You Need",
      "author": [{"family": "Vaswani", "given": "Ashish"}],
      "issued": {"date-parts": [[2017, 6, 12]]}, "abstract": "The dominant ...",
      "DOI": "10.48550/arXiv.1706.03762", "URL": "http://arxiv.org/abs/1706.03762"}]

As with BibTeX and RIS, an item with a title and an abstract or a link (DOI, address, arXiv id)
is a paper: its authors, date, DOI, address, venue (``container-title``), keywords, note and
arXiv id (from its DOI, address, ``number`` or note) are kept; the others are reported with
their line. A file that is not a list of items is read as nothing, with a warning; JSON that
does not parse is refused at its line.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..model import Fragment, Paper
from .bibfile import ARXIV_DOI, ARXIV_IN_TEXT
from .found import NO_ABSTRACT_NOR_LINK, is_exported_paper, numeric_date, without_abstracts
from .lines import WEB_ADDRESS

CSL_SUFFIXES = (".json",)
NOT_CSL = "not CSL JSON (a list of items, each with a title): read as nothing"


def parse_csl(text: str, source: str) -> tuple[list[Paper], list[Fragment], list[tuple[int, str]]]:
    """The papers of a CSL JSON file, the items that are none (with why), and warnings."""
    items = _items(text, source)
    if items is None:
        return [], [], [(1, NOT_CSL)]
    papers: list[Paper] = []
    fragments: list[Fragment] = []
    for line, item in items:
        title = _text(item.get("title"))
        kind = _text(item.get("type")) or "item"
        written = f"{kind}: {title or _text(item.get('id')) or ''}".strip(": ")
        if not title:
            fragments.append(Fragment(line, written, "an item without a title; not read"))
            continue
        paper = _paper(item, title, _text(item.get("abstract")) or "", line)
        if is_exported_paper(paper):
            papers.append(paper)
        else:
            fragments.append(
                Fragment(line, written, f"an item with {NO_ABSTRACT_NOR_LINK}; not read")
            )
    return papers, fragments, without_abstracts(papers)


def _items(text: str, source: str) -> list[tuple[int, dict[str, Any]]] | None:
    """Each item of the top-level list with the line of its title (else of its start); None
    when the file is not such a list. Items are decoded one by one, so that each keeps its
    line."""
    decoder = json.JSONDecoder()
    index = _after_space(text, 0)
    if text[index : index + 1] != "[":
        return None
    items: list[tuple[int, dict[str, Any]]] = []
    index = _after_space(text, index + 1)
    try:
        while text[index : index + 1] != "]":
            item, end = decoder.raw_decode(text, index)
            if not isinstance(item, dict):
                return None
            title_at = text.find('"title"', index, end)  # the line of its title, if it has one
            items.append((text.count("\n", 0, title_at if title_at >= 0 else index) + 1, item))
            index = _after_space(text, end)
            if text[index : index + 1] == ",":
                index = _after_space(text, index + 1)
            elif text[index : index + 1] != "]":
                raise json.JSONDecodeError("expected ',' or ']'", text, index)
    except json.JSONDecodeError as error:
        raise InputError(source, f"this JSON is broken: {error.msg}", line=error.lineno) from None
    return items


def _after_space(text: str, index: int) -> int:
    """The index of the first character at or after ``index`` that is not white space."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _paper(item: dict[str, Any], title: str, abstract: str, line: int) -> Paper:
    """The paper of one item with a title (``abstract`` empty when it has none)."""
    doi = (_text(item.get("DOI")) or "").removeprefix("https://doi.org/") or None
    written = _text(item.get("URL")) or ""
    address = written if WEB_ADDRESS.match(written) else None
    note = _text(item.get("note"))
    searched = " ".join(filter(None, [address, _text(item.get("number")), note]))
    arxiv = ARXIV_DOI.match(doi or "") or ARXIV_IN_TEXT.search(searched)
    keywords = (_text(item.get("keyword")) or "").replace(";", ",").split(",")
    return Paper(
        title,
        abstract,
        line,
        arxiv=arxiv.group(1) if arxiv else None,
        authors=tuple(name for a in _list(item.get("author")) if (name := _name(a))),
        url=None if arxiv and address and "arxiv.org" in address else address,
        notes=note,
        published=_issued(item.get("issued")),
        journal_ref=_text(item.get("container-title")),
        doi=doi,
        keywords=tuple(k.strip() for k in keywords if k.strip()),
    )


def _list(value: Any) -> list[Any]:
    """A field that should be a list, or an empty one."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A field's text, its spaces collapsed; None for anything else (a number is text)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _name(author: Any) -> str | None:
    """``{"family": "Vaswani", "given": "Ashish"}`` as ``Ashish Vaswani``; a ``literal``
    name (an organisation) as written."""
    if not isinstance(author, dict):
        return None
    if literal := _text(author.get("literal")):
        return literal
    parts = [_text(author.get(key)) for key in ("given", "non-dropping-particle", "family")]
    return " ".join(part for part in parts if part) or None


def _issued(issued: Any) -> str | None:
    """A CSL date (``{"date-parts": [[2017, 6, 12]]}``, or ``{"raw": "2017-06-12"}``) in ISO
    form."""
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = [str(part) for part in parts[0][:3]]
        numbers = numbers[: next((i for i, n in enumerate(numbers) if not n.isdigit()), 3)]
        if numbers:
            year, month, day = (*numbers, None, None)[:3]
            return numeric_date(year, month, day)
    raw = _text(issued.get("raw")) or _text(issued.get("literal"))
    return raw
