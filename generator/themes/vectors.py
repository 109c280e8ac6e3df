"""Text statistics shared by themes and related papers: BM25 term weights and LSA vectors.

The vector space (vocabulary, IDF weights, LSA basis) is fit on the archive's oldest papers,
the ``basis`` rows, and every paper is projected into it. While the basis stays the same, a new
digest leaves every existing paper's vector as it was: only pages the digest touches change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from .params import ThemeParameters
from .smoothing import smoothed
from .textprep import STOP_WORDS, TOKEN_PATTERN


@dataclass(frozen=True)
class TextVectors:
    """Vectors of a list of papers, row i for paper i."""

    tfidf: sparse.csr_matrix
    """L2-normalised BM25 term weights over ``terms`` (a TF-IDF variant: see ``bm25``)."""
    terms: np.ndarray
    """Vocabulary, one term per TF-IDF column."""
    dense: np.ndarray
    """L2-normalised LSA vectors (float32): each paper's own, for related papers."""
    themed: np.ndarray
    """``dense`` smoothed with the paper's nearest neighbours (``smoothing.smoothed``): what
    themes are clustered, ordered and judged on."""
    captured: np.ndarray
    """How much of each paper's (unit) BM25 vector the LSA space holds, 0 to 1: low for a paper
    whose words the basis papers seldom use, as in a field new to the archive."""
    basis: int
    """How many of the first papers the vector space was fit on."""


def statistics_terms(text: str, params: ThemeParameters) -> str:
    """The terms the vectors count in a text cleaned by ``textprep.clean_for_statistics``:
    its words and word pairs (``params.ngram_range``) once stop words are out, one per line,
    as scikit-learn's ``CountVectorizer`` finds them."""
    return "\n".join(_analyzer(params.ngram_range)(text))


@functools.cache  # pure memoisation: one analyzer per n-gram range
def _analyzer(ngram_range: tuple[int, int]) -> Callable[[str], list[str]]:
    return CountVectorizer(
        ngram_range=ngram_range, stop_words=sorted(STOP_WORDS), token_pattern=TOKEN_PATTERN
    ).build_analyzer()


def vectorize(
    paper_terms: Sequence[str], params: ThemeParameters, basis: int | None = None
) -> TextVectors:
    """BM25 and LSA vectors of papers, oldest first (``paper_terms[i]``: paper i's
    ``statistics_terms``); the space is fit on the first ``basis`` of them (by default
    ``params.basis_size``: the ladder's step; see ``ThemeParameters.fitted_basis``)."""
    basis = params.basis_size(len(paper_terms)) if basis is None else basis
    # The terms were found paper by paper (in the pipeline's process pool): only count here.
    counter = CountVectorizer(analyzer=str.splitlines, dtype=np.float32)
    try:
        counts = counter.fit_transform(paper_terms).tocsr()
        terms = counter.get_feature_names_out()
    except ValueError:  # no term at all (empty or all-stop-word texts)
        counts, terms = sparse.csr_matrix((len(paper_terms), 0), dtype=np.float32), np.array([])
    # Keep the terms the basis papers share (min_df) without being everywhere (max_df).
    frequency = np.bincount(counts[:basis].indices, minlength=counts.shape[1])
    small = basis <= 20
    keep = (frequency >= (1 if small else params.min_df)) & (
        frequency <= (basis if small else params.max_df * basis)
    )
    if not keep.any():
        tfidf = sparse.csr_matrix((len(paper_terms), 1), dtype=np.float32)
        dense = tfidf.toarray()
        return TextVectors(
            tfidf, np.array(["paper"]), dense, dense, np.ones(len(paper_terms)), basis
        )
    counts, terms = counts[:, keep], terms[keep]
    tfidf = bm25(counts, basis, params)
    dimensions = min(params.lsa_dimensions, tfidf.shape[1] - 1, basis - 1)
    if dimensions >= 2:
        svd = TruncatedSVD(
            dimensions,
            algorithm="randomized",
            n_iter=params.lsa_power_iterations,
            random_state=params.seed,
        )
        svd.fit(tfidf[:basis])
        dense = svd.transform(tfidf)
    else:
        dense = tfidf.toarray()
    dense = np.asarray(dense, dtype=np.float32)
    captured = np.linalg.norm(dense, axis=1)
    dense = normalize(dense)
    themed = smoothed(dense, basis, params)
    return TextVectors(tfidf, terms, dense, themed, captured, basis)


def bm25(counts: sparse.csr_matrix, basis: int, params: ThemeParameters) -> sparse.csr_matrix:
    """Okapi BM25 weights of term counts, L2-normalised rows; document frequencies and the
    average length come from the first ``basis`` rows. A term's weight saturates with its count
    (``bm25_k1``) and long abstracts are discounted (``bm25_b``): on the benchmark it groups
    better than sublinear TF-IDF (see ``params``)."""
    k1, b = params.bm25_k1, params.bm25_b
    fitted = counts[:basis]
    frequency = np.bincount(fitted.indices, minlength=counts.shape[1])
    idf = np.log1p((basis - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
    average = max(float(lengths[:basis].mean()), 1.0)
    per_entry = np.repeat(lengths / average, np.diff(counts.indptr))
    weights = counts.copy().astype(np.float32)
    weights.data = counts.data * (k1 + 1) / (counts.data + k1 * (1 - b + b * per_entry))
    weights.data *= idf[weights.indices]
    return normalize(weights).astype(np.float32).tocsr()
