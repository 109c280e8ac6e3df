"""BibTeX entries for papers: one per paper page, and files per digest and per theme.

Entries are written for classic BibTeX as much as for biber: TeX math in titles and abstracts
is kept as written (``V$^2$L``), other text has its special characters escaped and non-ASCII
letters as TeX accents (``Schr{\\"o}dinger``), and every title word with a capital letter is
braced so that no style lowercases it. Names are "von Last, Jr, First" from bibtexparser's
name splitting. Keys are the first author's surname, the year and the first word of the
title that is not a stopword (``vaswani2017attention``; without authors the first two title
words, ``dpm2026solver``), with ``a``, ``b``, ... added to keys that two papers would share;
once given, a paper's key is recorded in themes.yml and kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
)
from pylatexenc.latexencode import unicode_to_latex

from ..dates import MONTH_ABBREVIATIONS
from ..model import Archive, Entry, Paper

NON_ASCII = re.compile(r"[^\x00-\x7f]")
MATH = re.compile(r"(\$[^$]+\$)")
STRAY_BACKSLASH = re.compile(r"\\(?![A-Za-z\"'^`~=.%&#_{}$\\])|(?<!\\)\\$")
"""A backslash that starts no TeX command or escape (one at the end would escape the brace
that closes the field)."""
BRACE_WORDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
"""Stray braces as words: BibTeX counts every brace, escaped or not."""
UNESCAPED_SPECIAL = re.compile(r"(?<!\\)([%&#_])")
TILDE_CARET = re.compile(r"(?<!\\)([~^])")
GENERATIONS = ("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV")
KEY_STOPWORDS = frozenset(
    "a an the on of in for to and with from towards toward via is are do does can what how "
    "when why beyond".split()
)
SUBJECT_CODE = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)\s*$|^([a-z\-]+(?:\.[A-Za-z\-]+)?)$")


def citation_keys(archive: Archive, recorded: Mapping[str, str] | None = None) -> dict[str, str]:
    """Entry key -> citation key. A paper keeps the key ``recorded`` gives its slug, so a
    ``\\cite`` never breaks when later digests add authors or an earlier date; a new paper
    gets ``citation_key`` with ``a``, ``b``, ... where it would share one, never a recorded
    key."""
    recorded = recorded or {}
    first_dates = _first_digest_dates(archive)
    keys = {e.key: recorded[e.slug] for e in archive.entries if e.slug in recorded}
    bases = {
        entry.key: citation_key(entry.paper, first_dates.get(entry.key))
        for entry in archive.entries
        if entry.key not in keys
    }
    counts = Counter(bases.values())
    taken = set(recorded.values()) | set(keys.values())
    for entry_key, base in bases.items():
        number = 0
        key = base if counts[base] == 1 and base not in taken else None
        while key is None or key in taken:
            number += 1
            key = base + _letters(number)
        keys[entry_key] = key
        taken.add(key)
    return keys


def bibtex_entries(
    archive: Archive, keys: Mapping[str, str] | None = None, *, abstracts: bool = True
) -> dict[str, str]:
    """Every paper's entry by entry key, under its citation key (``citation_keys``);
    ``abstracts=False`` leaves out the abstract (see ``bibtex_entry``)."""
    keys = keys if keys is not None else citation_keys(archive)
    first_dates = _first_digest_dates(archive)
    return {
        entry.key: bibtex_entry(
            entry, keys[entry.key], first_dates.get(entry.key), abstract=abstracts
        )
        for entry in archive.entries
    }


def citation_key(paper: Paper, first_seen: dt.date | None = None) -> str:
    """``vaswani2017attention``: surname, year (when known), first title word; a paper without
    authors takes its first two title words (``dpm2026solver``)."""
    words = [_ascii_word(word) for word in re.split(r"[\s\-:]+", paper.title)]
    significant = [w for w in words if w and w not in KEY_STOPWORDS] or [w for w in words if w]
    surname = _name_parts(paper.authors[0])[0].last if paper.authors else []
    name = _ascii_word(" ".join(surname))
    if not name:
        name, significant = (significant or ["paper"])[0], significant[1:]
    year = year_month(paper, first_seen)[0] or ""
    return f"{name}{year}{significant[0] if significant else ''}"


def bibtex_entry(
    entry: Entry, key: str, first_seen: dt.date | None = None, *, abstract: bool = True
) -> str:
    """A ``@misc`` entry with every field the inputs give, the abstract only if ``abstract``:
    the .bib files give it to reference managers; the entry a paper page shows for citing
    leaves it out, as arXiv's and Google Scholar's do (the page shows the abstract above)."""
    paper = entry.paper
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
    if abstract and paper.abstract:
        fields.append(("abstract", _tex(paper.abstract)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def bibtex_file(entries: Iterable[str]) -> str:
    """A BibTeX file of several papers' entries (from ``bibtex_entry``), one after another."""
    return "\n".join(entries)


def _first_digest_dates(archive: Archive) -> Mapping[str, dt.date]:
    """Entry key -> the date of the oldest dated digest it appeared in."""
    date_of = {ref.digest.source: ref.digest.date for ref in archive.digests}
    first = {}
    for entry in archive.entries:
        known = [date_of[a.digest] for a in entry.appearances if date_of.get(a.digest)]
        if known:
            first[entry.key] = min(known)
    return first


def year_month(paper: Paper, first_seen: dt.date | None) -> tuple[str | None, int | None]:
    """The paper's year and month: its own date, else its arXiv id's, else its first digest's."""
    if paper.published and (match := re.match(r"^(\d{4})(?:-(\d{2}))?", paper.published)):
        return match.group(1), int(match.group(2)) if match.group(2) else None
    if paper.arxiv and (match := re.match(r"^(\d{2})(\d{2})\.\d{4,5}$", paper.arxiv)):
        month = int(match.group(2))
        if 1 <= month <= 12:
            return f"20{match.group(1)}", month
    if first_seen is not None:
        return str(first_seen.year), first_seen.month
    return None, None


def _primary_class(subjects: tuple[str, ...]) -> str | None:
    """``Machine Learning (cs.LG)`` or ``cs.LG`` -> ``cs.LG``."""
    for subject in subjects[:1]:
        if match := SUBJECT_CODE.search(subject.strip()):
            return match.group(1) or match.group(2)
    return None


def _without_generation(name: str) -> tuple[str, str | None]:
    """``John Smith, Jr.`` -> (``John Smith``, ``Jr.``)."""
    head, _, tail = name.rpartition(", ")
    if head and tail in GENERATIONS:
        return head, tail
    return name, None


def _name_parts(name: str) -> tuple[NameParts, str | None]:
    """A display name split by BibTeX's rules (first, von, last), and its generation."""
    head, generation = _without_generation(" ".join(name.replace("{", "").replace("}", "").split()))
    try:
        return parse_single_name_into_parts(head), generation
    except InvalidNameError:  # not a name BibTeX can split: the whole of it is the surname
        return NameParts(first=[], von=[], last=[head], jr=[]), generation


def _bibtex_name(name: str) -> str:
    """``Johannes van der Waals`` -> ``van der Waals, Johannes``; one word stays as it is."""
    parts, generation = _name_parts(name)
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


def _ascii_word(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", ascii_text).lower()


def _letters(number: int) -> str:
    """1 -> ``a``, 26 -> ``z``, 27 -> ``aa``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
