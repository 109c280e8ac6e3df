"""BibTeX entries for papers: one per paper page, and files per digest and per theme.

Entries are written for classic BibTeX as much as for biber: TeX math in titles and abstracts
is kept as written (``V$^2$L``), other text has its special characters escaped and non-ASCII
letters as TeX accents (``Schr{\\"o}dinger``), and every title word with a capital letter is
braced so that no style lowercases it. Names are "von Last, Jr, First" from bibtexparser's
name splitting. Keys come from ``citekeys``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pylatexenc.latexencode import unicode_to_latex

from ..dates import MONTH_ABBREVIATIONS
from ..model import Archive, Paper
from .citekeys import citation_keys, first_digest_dates, name_parts, year_month

if TYPE_CHECKING:
    from ..runtime import PaperMap

NON_ASCII = re.compile(r"[^\x00-\x7f]")
MATH = re.compile(r"(\$[^$]+\$)")
STRAY_BACKSLASH = re.compile(r"\\(?![A-Za-z\"'^`~=.%&#_{}$\\])|(?<!\\)\\$")
"""A backslash that starts no TeX command or escape (one at the end would escape the brace
that closes the field)."""
BRACE_WORDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
"""Stray braces as words: BibTeX counts every brace, escaped or not."""
UNESCAPED_SPECIAL = re.compile(r"(?<!\\)([%&#_])")
TILDE_CARET = re.compile(r"(?<!\\)([~^])")
SUBJECT_CODE = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)\s*$|^([a-z\-]+(?:\.[A-Za-z\-]+)?)$")


def bibtex_entries(
    archive: Archive,
    keys: Mapping[str, str] | None = None,
    *,
    abstracts: bool = True,
    map_papers: PaperMap = map,
) -> dict[str, str]:
    """Every paper's entry by entry key, under its citation key (``citation_keys``);
    ``abstracts=False`` leaves out the abstract (see ``bibtex_entry``). ``map_papers`` maps
    the per-paper work (the pipeline's cache)."""
    full, cited = bibtex_entry_pairs(archive, keys, map_papers)
    return full if abstracts else cited


def bibtex_entry_pairs(
    archive: Archive, keys: Mapping[str, str] | None = None, map_papers: PaperMap = map
) -> tuple[dict[str, str], dict[str, str]]:
    """Every paper's entry by entry key, with its abstract (for the .bib files) and without
    (as its page shows it), both made in one pass per paper."""
    keys = keys if keys is not None else citation_keys(archive)
    first_dates = first_digest_dates(archive)
    cited = [
        Citation(entry.paper, keys[entry.key], first_dates.get(entry.key))
        for entry in archive.entries
    ]
    pairs = list(map_papers(_bibtex_texts, cited))
    entry_keys = [entry.key for entry in archive.entries]
    return (
        dict(zip(entry_keys, [full for full, _ in pairs])),
        dict(zip(entry_keys, [short for _, short in pairs])),
    )


@dataclass(frozen=True)
class Citation:
    """What one paper's BibTeX entry is made of."""

    paper: Paper
    key: str
    """Its citation key."""
    first_seen: dt.date | None
    """The day of the first dated digest it appeared in."""


def _bibtex_texts(citation: Citation) -> tuple[str, str]:
    """The paper's ``bibtex_entry`` with its abstract and without, from one list of fields."""
    paper, key = citation.paper, citation.key
    fields = _bibtex_fields(paper, citation.first_seen)
    if not paper.abstract:
        return (_formatted(key, fields),) * 2
    full = [*fields, ("abstract", _tex(paper.abstract))]
    return _formatted(key, full), _formatted(key, fields)


def bibtex_entry(
    paper: Paper, key: str, first_seen: dt.date | None = None, *, abstract: bool = True
) -> str:
    """A ``@misc`` entry with every field the inputs give, the abstract only if ``abstract``:
    the .bib files give it to reference managers; the entry a paper page shows for citing
    leaves it out, as arXiv's and Google Scholar's do (the page shows the abstract above)."""
    fields = _bibtex_fields(paper, first_seen)
    if abstract and paper.abstract:
        fields.append(("abstract", _tex(paper.abstract)))
    return _formatted(key, fields)


def _bibtex_fields(paper: Paper, first_seen: dt.date | None) -> list[tuple[str, str]]:
    """Every field of the paper's entry but the abstract, in the order the entry lists them."""
    fields = []
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in paper.authors)))
    fields.append(("title", _protected_title(paper.title)))
    year, month = year_month(paper, first_seen)
    if year:
        fields.append(("year", year))
    if month:
        fields.append(("month", MONTH_ABBREVIATIONS[month - 1]))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
        if code := _primary_class(paper.subjects):
            fields.append(("primaryclass", code))
        fields.append(("doi", f"10.48550/arXiv.{paper.arxiv}"))
        fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv}"))
    else:
        if paper.doi:
            fields.append(("doi", _verbatim(paper.doi)))
        if paper.url:
            fields.append(("url", _verbatim(paper.url)))
    if paper.journal_ref:
        fields.append(("note", _tex(paper.journal_ref)))
    if paper.keywords:
        fields.append(("keywords", _tex(", ".join(paper.keywords))))
    return fields


def _formatted(key: str, fields: list[tuple[str, str]]) -> str:
    """An ``@misc`` entry of these fields (the month as a bare macro, the others braced)."""
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def bibtex_file(entries: Iterable[str]) -> str:
    """A BibTeX file of several papers' entries (from ``bibtex_entry``), one after another."""
    return "\n".join(entries)


def _primary_class(subjects: tuple[str, ...]) -> str | None:
    """``Machine Learning (cs.LG)`` or ``cs.LG`` -> ``cs.LG``."""
    for subject in subjects[:1]:
        if match := SUBJECT_CODE.search(subject.strip()):
            return match.group(1) or match.group(2)
    return None


def _bibtex_name(name: str) -> str:
    """``Johannes van der Waals`` -> ``van der Waals, Johannes``; one word stays as it is."""
    parts, generation = name_parts(name)
    last = " ".join([*parts.von, *parts.last])
    first = " ".join(parts.first)
    pieces = [last] + ([generation] if generation else []) + ([first] if first else [])
    return _tex(", ".join(piece for piece in pieces if piece))


def _protected_title(title: str) -> str:
    """The title as TeX, each word holding a capital braced (``{BERT}``, ``{Attention}``)."""
    pieces = []
    for part in MATH.split(_tex(title)):
        if MATH.fullmatch(part):
            pieces.append(part)
            continue
        pieces.append("".join(_brace(word) for word in re.split(r"(\s+)", part)))
    return "".join(pieces)


def _brace(word: str) -> str:
    if any(c.isupper() for c in word) and not (word.startswith("{") and word.endswith("}")):
        return "{" + word + "}"
    return word


def _tex(text: str) -> str:
    """Text for a BibTeX field: math kept, specials escaped, non-ASCII as TeX, braces balanced
    (stray ones spelt out: one would end the field early)."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if not _balanced(text):
        text = re.sub(r"[{}]", lambda m: BRACE_WORDS[m.group()], text)
    pieces = []
    for part in MATH.split(text):
        if MATH.fullmatch(part):
            pieces.append(part)
            continue
        # Each pass only where its characters occur: most abstracts hold none of them.
        if "\\" in part:
            part = STRAY_BACKSLASH.sub(r"\\textbackslash{}", part)
        part = UNESCAPED_SPECIAL.sub(r"\\\1", part)
        if "~" in part or "^" in part:
            part = TILDE_CARET.sub(
                lambda m: r"\textasciitilde{}" if m.group(1) == "~" else r"\^{}", part
            )
        if not part.isascii():
            part = NON_ASCII.sub(lambda m: _latex_char(m.group()), part)
        pieces.append(part)
    return "".join(pieces)


# Pure memoisation (the result depends on the argument only): a character's TeX spelling.
@functools.lru_cache(maxsize=4096)
def _latex_char(char: str) -> str:
    """One non-ASCII character as TeX (``ö`` -> ``{\\"o}``), or as it is when TeX has none."""
    return unicode_to_latex(
        char,
        non_ascii_only=True,
        replacement_latex_protection="braces",
        unknown_char_warning=False,  # kept as written, as biber and LuaTeX read them
    )


def _verbatim(text: str) -> str:
    """A DOI or URL as written (styles print them verbatim), without braces, backslashes or
    spaces, which no valid one holds."""
    return re.sub(r"[{}\\\s]", "", text)


def _balanced(text: str) -> bool:
    """Whether braces pair up as BibTeX counts them (every brace, escaped or not)."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        depth += 1 if char == "{" else -1 if char == "}" else 0
        if depth < 0:
            return False
    return depth == 0
