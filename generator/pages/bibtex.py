"""BibTeX entries for papers: one per paper page, and files per digest and per theme."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..model import Entry
from ..slug import short_hash
from .markup import display_text
from .texmath import plain_text

BIBTEX_SPECIALS = re.compile(r"([{}\\%&$#_^~])")


def bibtex_key(entry: Entry) -> str:
    """A citation key: first author's surname (or first title word), then an id or slug hash."""
    paper = entry.paper
    first = paper.authors[0].split()[-1] if paper.authors else paper.title.split()[0]
    ascii_first = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9]", "", ascii_first).lower() or "paper"
    suffix = paper.arxiv.replace(".", "") if paper.arxiv else short_hash(entry.key)
    return f"{name}{suffix}"


def _value(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(char, "\\" + char)

    return BIBTEX_SPECIALS.sub(escape, display_text(plain_text(text)))


def bibtex_entry(entry: Entry) -> str:
    """A ``@misc`` entry with the title and, where known, authors, arXiv id and URL."""
    paper = entry.paper
    fields = [("title", "{" + _value(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_value(a) for a in paper.authors)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
        fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv}"))
    elif paper.url:
        fields.append(("url", _value(paper.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(entry)},\n{body}\n}}\n"


def bibtex_file(entries: Iterable[str]) -> str:
    """A BibTeX file of several papers' entries (from ``bibtex_entry``), one after another."""
    return "\n".join(entries)
