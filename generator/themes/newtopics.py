"""A home for papers the vector space cannot place: new themes, or "Not yet grouped".

The vector space is fit on the archive's oldest papers (see ``vectors``). A paper from a field
those papers never touch keeps little of its BM25 vector in that space (``captured``): its
projection is made of the few generic directions it shares with them, so k-means would put
it in whichever large theme those directions point to (a drilling robot in "Matrix
factorization"). Such *loose* papers are kept out of the clustering; those that share their
words with each other (BM25 cosine, not the projection) form new themes, the rest are listed
under "Not yet grouped" until the space is refit or enough of their kind arrive.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .params import ThemeParameters

UNGROUPED_SLUG = "not-yet-grouped"
UNGROUPED_LABEL = "Not yet grouped"


def loose_papers(captured: np.ndarray, basis: int, params: ThemeParameters) -> np.ndarray:
    """Which papers the vector space holds too little of: ``captured`` under
    ``loose_capture`` times the median of the basis papers'."""
    if basis < params.loose_min_basis or not len(captured):
        return np.zeros(len(captured), dtype=bool)
    typical = float(np.median(captured[:basis]))
    return captured < params.loose_capture * typical


def group_loose(tfidf: sparse.csr_matrix, params: ThemeParameters) -> np.ndarray:
    """Group numbers 0, 1, ... for loose papers that form a topic together (a group of at least
    ``new_theme_size`` papers linked by BM25 cosine at least ``new_theme_similarity``, largest
    group first), -1 for the rest. ``tfidf``: the loose papers' BM25 rows."""
    count = tfidf.shape[0]
    numbers = np.full(count, -1, dtype=int)
    if count < params.new_theme_size:
        return numbers
    similarity = (tfidf @ tfidf.T).tocsr()
    similarity.data[similarity.data < params.new_theme_similarity] = 0
    similarity.eliminate_zeros()
    _, components = connected_components(similarity, directed=False)
    sizes = np.bincount(components)
    big = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] >= params.new_theme_size]
    for number, component in enumerate(big):
        numbers[components == component] = number
    return numbers
