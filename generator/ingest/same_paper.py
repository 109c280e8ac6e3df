"""Which titles name the same paper: one arXiv id or DOI under two titles is one paper.

A paper is known by its title (``parse.title_key``), but a title moves: arXiv's second version
retitles the first, a list shortens it ("QLoRA" for "QLoRA: Efficient Finetuning of Quantized
LLMs"), an export spells it with other dashes. Where two titles carry the same identifier,
the one that came first is the paper and the other one of its versions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..model import Appearance, Notice, Paper
from .bibfile import ARXIV_DOI
from .lines import ARXIV_ID

ARXIV_IN_VALUE = re.compile(rf"(?<![\w.]){ARXIV_ID}(?![\w.])")
"""An arXiv id in a value, its version left out (group 1)."""
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)

Versions = Mapping[str, Sequence[tuple[Paper, Appearance]]]
"""Each title key's versions, oldest first, the keys in the order they first appeared."""


def identifiers(paper: Paper) -> list[str]:
    """What names this paper wherever it is listed: its arXiv id (without version) and its
    DOI (case-insensitive, as DOIs are), each with its kind, as a notice names it."""
    found = []
    if paper.arxiv:  # as a reader found it, or as a YAML digest spells it (``arXiv:...v2``)
        arxiv = ARXIV_IN_VALUE.search(paper.arxiv)
        found.append(f"arXiv id {(arxiv.group(1) if arxiv else paper.arxiv.strip()).lower()}")
    if paper.doi:
        doi = DOI_PREFIX.sub("", paper.doi.strip()).rstrip(".").lower()
        arxiv = ARXIV_DOI.match(doi)
        found.append(f"arXiv id {arxiv.group(1).lower()}" if arxiv else f"DOI {doi}")
    return found[:1] if len(found) == 2 and found[0] == found[1] else found


def loose_title(key: str) -> str:
    """A title key's letters and digits only: titles that differ in punctuation and spacing
    alone (``Don’t`` and ``Don't``, ``Mixture-of-Experts`` and ``Mixture of Experts``, a
    full stop after it) are one paper's."""
    return NOT_LETTER_OR_DIGIT.sub("", key)


def same_papers(
    versions: Versions, published: Callable[[str], bool] = lambda key: False
) -> tuple[dict[str, str], list[Notice]]:
    """Each title key -> the key of the paper it names: titles that share an identifier or a
    ``loose_title``, directly or through others, are one paper, known by the first of them
    that has a ``published`` address (an older digest added later must not move it), else by
    the first of them; and a notice at each version that joined two titles, naming the
    other (a wrong identifier in an input shows there)."""
    joined: dict[str, str] = {}
    """Title key -> a title key of the same paper that came before it (itself at first)."""

    def first_of(key: str) -> str:
        while joined[key] != key:
            joined[key] = joined[joined[key]]  # halve the path for the next look-up
            key = joined[key]
        return key

    holder: dict[str, tuple[str, Paper, Appearance]] = {}
    """Identifier -> the title key that carried it first, and the version that did."""
    notices: list[Notice] = []
    roots: set[str] = set()
    """The title keys of every join (most titles join none)."""
    for key, group in versions.items():
        joined[key] = key
        for identifier, paper, where in _named(key, group):
            first = holder.setdefault(identifier, (key, paper, where))
            if first[0] == key:  # carried first by this title
                continue
            earlier, this = first_of(first[0]), first_of(key)
            if earlier != this:
                joined[this] = earlier
                roots.update((earlier, this))
                notices.append(_notice(identifier, where, *first[1:]))
    titles: dict[str, list[str]] = {}
    for key in versions:
        if key in roots or joined[key] != key:
            titles.setdefault(first_of(key), []).append(key)
    paper_of = dict(zip(versions, versions))
    for keys in titles.values():
        known = next((key for key in keys if published(key)), keys[0])
        paper_of.update(dict.fromkeys(keys, known))
    return paper_of, notices


def _named(
    key: str, group: Sequence[tuple[Paper, Appearance]]
) -> list[tuple[str, Paper, Appearance]]:
    """What names the paper of one title key, with the version that says so."""
    loose = loose_title(key)
    named = [(f"title {loose}", *group[0])] if loose else []
    for paper, where in group:
        if paper.arxiv or paper.doi:
            named += [(found, paper, where) for found in identifiers(paper)]
    return named


def _notice(identifier: str, here: Appearance, paper: Paper, where: Appearance) -> Notice:
    place = f'"{paper.title}" ({where.digest}:{where.line})'
    if identifier.startswith("title "):
        said = f"this title differs from {place} only in punctuation or spacing"
    else:
        said = f"the {identifier} is also that of {place}"
    return Notice(here.digest, here.line, f"{said}; both are the same paper")
