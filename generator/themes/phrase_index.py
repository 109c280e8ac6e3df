"""Each paper's candidate phrases as numbers, for the phrase counts that labels choose from.

A theme's candidate labels come from counts of its papers' phrases (``phrases.theme_terms``),
summed over numbers, not strings. Numbering 46,000 papers' phrases (5.8 million of them, 0.3
million distinct) took 2.2 s of every build. Papers are numbered a chunk of ``CHUNK`` at a
time (``chunk_phrases``), and the numbering of the archive's complete chunks is kept in the
build's cache under a hash of their phrases: a new digest's papers come last, so a daily build
takes the numbering of the complete chunks from the cache and numbers only the chunk its
papers fall in (or the chunk they completed, and the one after).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from ..runtime import BuildCache

CHUNK = 2000
"""Papers whose phrases ``chunk_phrases`` numbers together."""


@dataclass(frozen=True)
class Numbering:
    """Phrase numbers of the papers of some chunks, never changed once made (``extended``
    makes a new one): taken from the cache, it is the last build's."""

    number_of: dict[str, int] = field(default_factory=dict)
    name_of: dict[int, str] = field(default_factory=dict)
    width: int = 0
    """Numbers given: a chunk's i-th distinct phrase, when new, takes ``width + i``, so some
    numbers stand for no phrase (no paper uses them)."""
    chunks: tuple[tuple[np.ndarray, np.ndarray], ...] = ()
    """Per chunk: its papers' phrase numbers, flat (32-bit: the cache keeps them), and where
    each paper's numbers end."""

    def extended(self, chunks: Sequence[Sequence[str]]) -> Numbering:
        """This numbering and the papers of more chunks (each paper's phrases, one per line)."""
        if not chunks:
            return self
        number_of, name_of, width = dict(self.number_of), dict(self.name_of), self.width
        numbered = list(self.chunks)
        for chunk in chunks:
            names, numbers, ends = chunk_phrases(chunk)
            # One dict call per distinct phrase of the chunk; new ones take width + i.
            ours = np.fromiter(
                map(number_of.setdefault, names, itertools.count(width)), np.int32, len(names)
            )
            fresh = np.flatnonzero(ours == np.arange(width, width + len(names))).tolist()
            name_of.update(zip(ours[fresh].tolist(), map(names.__getitem__, fresh)))
            width += len(names)
            numbered.append((ours[numbers], ends))
        return Numbering(number_of, name_of, width, tuple(numbered))


def chunk_phrases(phrases: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Some papers' phrases (each paper's ``candidate_phrases``, one per line) numbered among
    themselves: the distinct phrases, first seen first; every paper's phrases as numbers into
    them, one flat array; and where each paper's numbers end."""
    lists = [text.splitlines() for text in phrases]
    flat = list(itertools.chain.from_iterable(lists))
    number_of = {phrase: number for number, phrase in enumerate(dict.fromkeys(flat))}
    numbers = np.fromiter(map(number_of.__getitem__, flat), np.int32, len(flat))
    ends = np.cumsum([len(phrases) for phrases in lists], dtype=np.int64)
    return list(number_of), numbers, ends


def prefix_keys(chunks: Sequence[Sequence[str]]) -> list[str]:
    """Cache keys of the numbering of the first k chunks, for k = 0 .. len(chunks): hashes of
    their phrases (the cache holds one code's results only)."""
    digest = hashlib.blake2b(f"phrase numbering {CHUNK}".encode(), digest_size=20)
    keys = [digest.hexdigest()]
    for chunk in chunks:
        for text in chunk:
            data = text.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        keys.append(digest.hexdigest())
    return keys


def numbering(phrases: Sequence[str], cache: BuildCache | None = None) -> Numbering:
    """The phrase numbers of every paper (``phrases[i]``: paper i's ``candidate_phrases``, one
    per line); the numbering of the complete chunks taken from and kept in ``cache``, from the
    longest run of first chunks it holds."""
    chunks = [phrases[start : start + CHUNK] for start in range(0, len(phrases), CHUNK)]
    complete = len(phrases) // CHUNK
    if cache is None:
        return Numbering().extended(chunks)
    keys = prefix_keys(chunks[:complete])
    start, found = next(
        (
            (k, kept)
            for k in range(complete, 0, -1)
            if isinstance(kept := cache.get(keys[k]), Numbering)
        ),
        (0, Numbering()),
    )
    kept = found.extended(chunks[start:complete])
    cache.keep(keys[complete], kept)
    return kept.extended(chunks[complete:])


class PhraseIndex:
    """Phrase counts of papers for one grouping's rounds: the papers' ``Numbering`` made once,
    the first time a round asks, then every round only sums numbers."""

    def __init__(self, phrases: Sequence[str], cache: BuildCache | None = None):
        """``phrases[i]``: paper i's ``candidate_phrases``, one per line."""
        self._phrases = phrases
        self._cache = cache
        self._numbering: Numbering | None = None

    def __len__(self) -> int:
        """The number of papers."""
        return len(self._phrases)

    def counts(self, rows: Sequence[int]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Counts of the papers ``rows`` (one matrix row each, float64) over the phrases at
        least two of them use (all, for one paper), columns in alphabetical order, and those
        phrases: what scikit-learn's ``CountVectorizer(min_df=2)`` makes of the same lists."""
        if self._numbering is None:
            self._numbering = numbering(self._phrases, self._cache)
        found = self._numbering
        ids = [_ids(found, row) for row in rows]
        columns = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        lengths = np.fromiter(map(len, ids), np.int64, len(ids))
        counts = sparse.csr_matrix(
            (np.ones(len(columns)), columns, np.concatenate(([0], np.cumsum(lengths)))),
            shape=(len(ids), found.width),
        )
        counts.sum_duplicates()
        papers_using = np.bincount(counts.indices, minlength=found.width)
        kept = np.flatnonzero(papers_using >= max(min(2, len(ids)), 1))
        ordered = sorted(kept.tolist(), key=found.name_of.__getitem__)
        terms = np.array([found.name_of[i] for i in ordered], dtype=object)
        return counts[:, ordered].tocsr(), terms


def _ids(found: Numbering, row: int) -> np.ndarray:
    """The phrase numbers of paper ``row``."""
    numbers, ends = found.chunks[row // CHUNK]
    at = row % CHUNK
    return numbers[ends[at - 1] if at else 0 : ends[at]]
