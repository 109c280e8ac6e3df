"""Text statistics shared by themes and related papers: TF-IDF terms and LSA vectors.

The vector space (vocabulary, IDF weights, LSA basis) is fit on the archive's oldest papers,
the ``basis`` rows, and every paper is projected into it. While the basis stays the same, a new
digest leaves every existing paper's vector as it was: only pages the digest touches change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from .params import ThemeParameters
from .textprep import STOP_WORDS, TOKEN_PATTERN


@dataclass(frozen=True)
class TextVectors:
    """Vectors of a list of papers, row i for paper i."""

    tfidf: sparse.csr_matrix
    """L2-normalised TF-IDF weights over ``terms``."""
    terms: np.ndarray
    """Vocabulary, one term per TF-IDF column."""
    dense: np.ndarray
    """L2-normalised LSA vectors (float32), for clustering and similarity."""
    basis: int
    """How many of the first papers the vector space was fit on."""


def vectorize(texts: list[str], params: ThemeParameters) -> TextVectors:
    """TF-IDF and LSA vectors of texts cleaned by ``textprep.clean_for_statistics``, oldest
    first; the space is fit on the first ``params.basis_size(len(texts))`` of them."""
    basis = params.basis_size(len(texts))
    counter = CountVectorizer(
        ngram_range=params.ngram_range,
        stop_words=sorted(STOP_WORDS),
        token_pattern=TOKEN_PATTERN,
        dtype=np.float32,
    )
    try:
        counts = counter.fit_transform(texts).tocsr()  # one tokenising pass over every text
        terms = counter.get_feature_names_out()
    except ValueError:  # no term at all (empty or all-stop-word texts)
        counts, terms = sparse.csr_matrix((len(texts), 0), dtype=np.float32), np.array([])
    # Keep the terms the basis papers share (min_df) without being everywhere (max_df).
    frequency = np.bincount(counts[:basis].indices, minlength=counts.shape[1])
    small = basis <= 20
    keep = (frequency >= (1 if small else params.min_df)) & (
        frequency <= (basis if small else params.max_df * basis)
    )
    if not keep.any():
        tfidf = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        return TextVectors(tfidf, np.array(["paper"]), tfidf.toarray(), basis)
    counts, terms = counts[:, keep], terms[keep]
    weighting = TfidfTransformer(sublinear_tf=params.sublinear_tf).fit(counts[:basis])
    tfidf = weighting.transform(counts).astype(np.float32).tocsr()
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
    dense = normalize(np.asarray(dense, dtype=np.float32))
    return TextVectors(tfidf=tfidf, terms=terms, dense=dense, basis=basis)
