"""Citation keys (``vaswani2017attention``), and what they share with the BibTeX entries:
a paper's year and month, and names split by BibTeX's rules.

Keys are the first author's surname, the year and the first word of the title that is not a
stopword (without authors the first two title words, ``dpm2026solver``), with ``a``, ``b``,
... added to keys that two papers would share; once given, a paper's key is recorded in
themes.yml and kept.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping

from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
)

from ..model import Archive, Paper

GENERATIONS = ("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV")
KEY_STOPWORDS = frozenset(
    "a an the on of in for to and with from towards toward via is are do does can what how "
    "when why beyond".split()
)


def citation_keys(archive: Archive, recorded: Mapping[str, str] | None = None) -> dict[str, str]:
    """Entry key -> citation key. A paper keeps the key ``recorded`` gives its slug, so a
    ``\\cite`` never breaks when later digests add authors or an earlier date; a new paper
    gets ``citation_key`` with ``a``, ``b``, ... where it would share one, never a recorded
    key."""
    recorded = recorded or {}
    first_dates = first_digest_dates(archive)
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


def citation_key(paper: Paper, first_seen: dt.date | None = None) -> str:
    """``vaswani2017attention``: surname, year (when known), first title word; a paper without
    authors takes its first two title words (``dpm2026solver``)."""
    words = [_ascii_word(word) for word in re.split(r"[\s\-:]+", paper.title)]
    significant = [w for w in words if w and w not in KEY_STOPWORDS] or [w for w in words if w]
    surname = name_parts(paper.authors[0])[0].last if paper.authors else []
    name = _ascii_word(" ".join(surname))
    if not name:
        name, significant = (significant or ["paper"])[0], significant[1:]
    year = year_month(paper, first_seen)[0] or ""
    return f"{name}{year}{significant[0] if significant else ''}"


def first_digest_dates(archive: Archive) -> Mapping[str, dt.date]:
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


def _without_generation(name: str) -> tuple[str, str | None]:
    """``John Smith, Jr.`` -> (``John Smith``, ``Jr.``)."""
    head, _, tail = name.rpartition(", ")
    if head and tail in GENERATIONS:
        return head, tail
    return name, None


def name_parts(name: str) -> tuple[NameParts, str | None]:
    """A display name split by BibTeX's rules (first, von, last), and its generation."""
    head, generation = _without_generation(" ".join(name.replace("{", "").replace("}", "").split()))
    try:
        return parse_single_name_into_parts(head), generation
    except InvalidNameError:  # not a name BibTeX can split: the whole of it is the surname
        return NameParts(first=[], von=[], last=[head], jr=[]), generation


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
