"""Candidate phrases of themes by class-based TF-IDF: what labels and key terms choose from.

Each theme's papers are pooled into one document; a phrase scores by how often it occurs in the
theme against how common it is across all themes (BERTopic's c-TF-IDF). Phrases made only of
generic research words, or starting with one, and scraping residue never qualify.

In: each paper's ``candidate_phrases`` (as numbers, in a ``phrase_index.PhraseIndex``) and
its cluster number. Out: per cluster, its ``Candidate`` phrases, best first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .params import ThemeParameters
from .textprep import GENERIC_WORDS, TOKEN_PATTERN

if TYPE_CHECKING:
    from .phrase_index import PhraseIndex

# TeX and markup words that survive as letters once backslashes are lost.
RESIDUE_WORDS = frozenset(
    """
    mathcal mathbf mathrm mathbb textit textbf emph frac sim times cdot leq geq url href
    mathit boldsymbol operatorname left right approx infty sqrt sum http https www github
    com et al
    """.split()
)
# Phrases that name the whole field rather than a theme of it.
GENERIC_PHRASES = frozenset(
    {
        "machine learning",
        "deep learning",
        "neural network",
        "neural networks",
        "deep neural networks",
        "deep neural network",
        "artificial intelligence",
    }
)
LABEL_FIRST_WORDS = frozenset({"large", "small", "deep", "high", "low", "general", "state"})
"""Generic words that may still open a label of several words ("Large language models")."""
PHRASE_WEIGHT = {1: 1.0, 2: 2.0, 3: 2.2}
"""Score factor by phrase length: a phrase is always rarer than its words, yet says more
("scaling laws" against "scaling"), so phrases are weighted up to compete."""
CANDIDATES_PER_THEME = 80
"""Candidates kept per theme, from its 400 best-scoring phrases."""

WORD = re.compile(TOKEN_PATTERN)


@dataclass(frozen=True)
class Candidate:
    """A phrase that may name or describe a theme."""

    term: str
    score: float
    """Class-based TF-IDF of the phrase in the theme, weighted by its length."""
    coverage: float
    """Share of the theme's papers that use the phrase."""


def theme_terms(
    index: PhraseIndex, clusters: np.ndarray, params: ThemeParameters
) -> list[list[Candidate]]:
    """For each cluster, its candidate phrases, best first (``clusters[i]`` is paper i's
    cluster number; ``index`` counts paper i's phrases)."""
    themes = int(clusters.max()) + 1 if len(clusters) else 0
    # Phrase counts over at most ``label_sample`` papers per theme: the labels of a large
    # archive come out the same, and the sums stay bounded in time and memory.
    rows = np.concatenate(
        [np.flatnonzero(clusters == t)[: params.label_sample] for t in range(themes)]
    ).astype(int)
    rows.sort()
    sampled = clusters[rows]
    per_paper, terms = index.counts(rows.tolist())
    if not len(terms):
        return [[] for _ in range(themes)]
    membership = sparse.csr_matrix(
        (np.ones(len(sampled)), (sampled, np.arange(len(sampled)))), shape=(themes, len(sampled))
    )
    counts = (membership @ per_paper).tocsr()
    present = per_paper.copy()
    present.data[:] = 1
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    coverage = (membership @ present).tocsr()
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    average_words = counts.sum() / max(themes, 1)
    idf = np.log1p(average_words / np.maximum(frequency, 1))
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    # Each phrase's weight by its number of words (counted on the strings: a fixed-width copy
    # of every phrase for NumPy's string functions cost more than the count).
    weight = idf * np.fromiter(
        (PHRASE_WEIGHT[term.count(" ") + 1] for term in terms), np.float64, len(terms)
    )
    result = []
    for row in range(themes):
        score = counts.getrow(row).toarray().ravel() / max(row_sums[row], 1) * weight
        share = coverage.getrow(row).toarray().ravel() / max(sizes[row], 1)
        top = np.argpartition(-score, min(400, len(score) - 1))[:400]
        ranked = top[np.lexsort((top, -score[top]))]
        candidates = []
        for i in ranked:
            if score[i] <= 0 or len(candidates) == CANDIDATES_PER_THEME:
                break
            if usable_phrase(str(terms[i])):
                candidates.append(Candidate(str(terms[i]), float(score[i]), float(share[i])))
        result.append(candidates)
    return result


def candidate_phrases(text: str, longest: int = 3) -> list[str]:
    """The phrases of up to ``longest`` words that could pass ``usable_phrase``: none starts or
    ends with a stop word, holds more than one, or holds residue or one-letter words. Counting
    only these is half the work of counting every n-gram, and the labels' counts are the same."""
    words = WORD.findall(text.lower())
    skip = [w in ENGLISH_STOP_WORDS or w in RESIDUE_WORDS or len(w) < 2 for w in words]
    phrases = [w for w, skipped in zip(words, skip) if not skipped]
    for start in range(len(words)):
        if skip[start]:
            continue
        stops = 0
        for end in range(start + 1, min(start + longest, len(words))):
            word = words[end]
            if skip[end]:
                if word not in ENGLISH_STOP_WORDS or len(word) < 2 or stops:
                    break
                stops += 1
                continue
            phrases.append(" ".join(words[start : end + 1]))
    return phrases


@functools.cache  # pure memoisation: phrases recur across themes and rounds
def usable_phrase(term: str) -> bool:
    """Whether a phrase may be a label or key term at all."""
    words = term.split()
    if any(w in RESIDUE_WORDS or len(w) < 2 for w in words):
        return False
    for phrase in GENERIC_PHRASES:  # "machine learning models" is as generic as its core
        if f" {phrase} " in f" {term} ":
            rest = f" {term} ".replace(f" {phrase} ", " ").split()
            if all(w in GENERIC_WORDS or w in ENGLISH_STOP_WORDS for w in rest):
                return False
    if words[0] in ENGLISH_STOP_WORDS or words[-1] in ENGLISH_STOP_WORDS:
        return False
    if words[0] in GENERIC_WORDS and (len(words) == 1 or words[0] not in LABEL_FIRST_WORDS):
        return False
    if sum(w in ENGLISH_STOP_WORDS for w in words) > 1:
        return False
    return not all(word in GENERIC_WORDS or word in ENGLISH_STOP_WORDS for word in words)


def key_terms(
    index: PhraseIndex, members: Sequence[Sequence[int]], params: ThemeParameters
) -> list[tuple[str, ...]]:
    """Each theme's ``key_terms`` best candidates (``members``: each theme's rows, every row
    in one theme). Drawn from the themes as they are kept, not as a round clustered them, so
    a rebuild that keeps the same themes gives the same terms: drawn from the clusters, a
    forced rebuild at 46,600 papers reordered a theme's terms though no paper moved."""
    clusters = np.full(len(index), -1)
    for number, rows in enumerate(members):
        clusters[np.asarray(rows, dtype=int)] = number
    return [
        tuple(pick_terms(candidates, params.key_terms))
        for candidates in theme_terms(index, clusters, params)
    ]


def pick_terms(candidates: list[Candidate], count: int) -> list[str]:
    """Key terms without repeats: a term inside a chosen phrase (or around it) is skipped."""
    chosen: list[str] = []
    for term in (c.term for c in candidates):
        if any(_overlaps(term, other) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def _overlaps(first: str, second: str) -> bool:
    a, b = f" {first} ", f" {second} "
    return a in b or b in a or first.rstrip("s") == second.rstrip("s")
