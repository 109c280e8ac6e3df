"""Which titles name the same paper: one arXiv id or DOI under two titles is one paper.

A paper is known by its title (``parse.title_key``), but a title moves: arXiv's second version
retitles the first, a titles-only listing or a Scholar alert words it its own way, an export
spells it with other dashes. Titles that carry the same identifier, or differ in punctuation
and spacing alone, are one paper, known by the one published first (else the first to come);
an identifier that more than ``MOST_TITLES`` titles carry names no one paper.
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

MOST_TITLES = 5
"""The most titles (told apart by their letters) one identifier joins: arXiv versions, a
list's and a Scholar alert's spellings. More, and it names no one paper: a book's DOI given to
its chapters, an id pasted into every entry of an export."""
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

    carried: dict[str, list[tuple[str, Paper, Appearance]]] = {}
    """Title key -> its identifiers, each with the version that gives it (most have none)."""
    for key, group in versions.items():
        if len(group) > 1 or group[0][0].arxiv or group[0][0].doi:
            found = [(i, paper, where) for paper, where in group for i in identifiers(paper)]
            if found:
                carried[key] = found
    crowded, notices = _crowded(carried)
    holder: dict[str, tuple[str, Paper, Appearance]] = {}
    """Identifier -> the title key that carried it first, and the version that did."""
    roots: set[str] = set()
    """The title keys of every join (most titles join none)."""
    for key, group in versions.items():
        joined[key] = key
        loose = loose_title(key)
        named = [(f"title {loose}", *group[0])] if loose else []
        named += [found for found in carried.get(key, ()) if found[0] not in crowded]
        for identifier, paper, where in named:
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


def _crowded(
    carried: Mapping[str, list[tuple[str, Paper, Appearance]]],
) -> tuple[set[str], list[Notice]]:
    """The identifiers that more than ``MOST_TITLES`` titles carry (their letters told apart),
    and a notice at the first place of each (``carried``: each title key's identifiers, with
    the versions that give them)."""
    carriers: dict[str, set[str]] = {}
    first: dict[str, Appearance] = {}
    for key, found in carried.items():
        for identifier, _, where in found:
            carriers.setdefault(identifier, set()).add(loose_title(key) or key)
            first.setdefault(identifier, where)
    crowded = {i for i, titles in carriers.items() if len(titles) > MOST_TITLES}
    notices = [
        Notice(
            first[i].digest,
            first[i].line,
            f"the {i} is given to {len(carriers[i])} titles that differ in their words: it "
            "names no one paper here, and joins none of them",
        )
        for i in sorted(crowded, key=lambda i: (first[i].digest, first[i].line, i))
    ]
    return crowded, notices


def _notice(identifier: str, here: Appearance, paper: Paper, where: Appearance) -> Notice:
    place = f'"{paper.title}" ({where.digest}:{where.line})'
    if identifier.startswith("title "):
        said = f"this title differs from {place} only in punctuation or spacing"
    else:
        said = f"the {identifier} is also that of {place}"
    return Notice(here.digest, here.line, f"{said}; both are the same paper")
