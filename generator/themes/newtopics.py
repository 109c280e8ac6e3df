"""A home for papers the vector space cannot place: new themes, or "Not yet grouped".

The vector space is fit on the archive's oldest papers (see ``vectors``). A paper from a field
those papers never touch keeps little of its BM25 vector in that space (``captured``): its
projection is made of the few generic directions it shares with them, so k-means would put
it in whichever large theme those directions point to (a drilling robot in "Matrix
factorization"). Such *loose* papers are kept out of the clustering. They are compared by
their own words (``loose_vectors``: the space's terms and the new ones they share), and
grouped by average linkage: two groups join while their papers' mean similarity is high
enough, so one paper that shares a word with two fields does not chain them together. Groups
large enough form new themes; the rest are listed under "Not yet grouped" until the space is
refit or enough of their kind arrive.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import CountVectorizer

from ..model import Notice
from .curation import REGISTRY_SOURCE
from .params import ThemeParameters
from .vectors import TextVectors, bm25

UNGROUPED_SLUG = "not-yet-grouped"
UNGROUPED_LABEL = "Not yet grouped"


def loose_papers(captured: np.ndarray, basis: int, params: ThemeParameters) -> np.ndarray:
    """Which papers the vector space holds too little of: ``captured`` under
    ``loose_capture`` times the median of the basis papers'."""
    if basis < params.loose_min_basis or not len(captured):
        return np.zeros(len(captured), dtype=bool)
    typical = float(np.median(captured[:basis]))
    return captured < params.loose_capture * typical


def new_topics(terms: Sequence[str], vectors: TextVectors, params: ThemeParameters) -> np.ndarray:
    """``group_loose`` numbers of the loose papers whose ``statistics_terms`` are ``terms``."""
    return group_loose(loose_vectors(terms, vectors, params), params)


def loose_vectors(
    terms: Sequence[str], vectors: TextVectors, params: ThemeParameters
) -> sparse.csr_matrix:
    """BM25 rows (L2-normalised) of the loose papers over their own words (``terms``: each
    one's ``vectors.statistics_terms``): the vector space's terms, weighed by its IDF, and the
    terms it lacks that at least two loose papers share, weighed as the rarest terms it holds
    (a field new to the archive is new to its basis papers). A term only one loose paper has
    that the space lacks links no two papers, and is left out."""
    counter = CountVectorizer(analyzer=str.splitlines, dtype=np.float32)
    try:
        counts = counter.fit_transform(list(terms)).tocsr()
    except ValueError:  # no term at all
        return sparse.csr_matrix((len(terms), 0), dtype=np.float32)
    names = counter.get_feature_names_out()
    # The space's vocabulary is sorted: look each term up by bisection.
    known = np.zeros(len(names), dtype=bool)
    idf = np.full(len(names), np.log1p((vectors.basis - 0.5) / 1.5), dtype=np.float32)
    if len(vectors.terms) and len(vectors.idf) == len(vectors.terms):
        at = np.minimum(np.searchsorted(vectors.terms, names), len(vectors.terms) - 1)
        known = vectors.terms[at] == names
        idf[known] = vectors.idf[at[known]]
    shared = np.bincount(counts.indices, minlength=len(names)) >= 2
    keep = shared | known
    counts = counts[:, keep]
    counts.sort_indices()
    return bm25(counts, idf[keep], vectors.average_length, params)


def group_loose(rows: sparse.csr_matrix, params: ThemeParameters) -> np.ndarray:
    """Group numbers 0, 1, ... for loose papers that form a topic together, largest group
    first, -1 for the rest (``rows``: their ``loose_vectors``). Average linkage over cosine
    similarities: groups join while the mean similarity of their papers is at least
    ``new_theme_similarity``; groups of ``new_theme_size`` or more are kept. Past
    ``loose_grouping_limit`` papers (the pairs would not fit in memory) none is grouped:
    ``make refit`` then fits the space on them."""
    count = rows.shape[0]
    numbers = np.full(count, -1, dtype=int)
    if count < params.new_theme_size or count > params.loose_grouping_limit:
        return numbers
    distance = (rows @ rows.T).toarray()  # cosine similarities, then distances in place
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, 2.0, out=distance)
    tree = linkage(squareform(distance, checks=False), method="average")
    groups = fcluster(tree, t=1.0 - params.new_theme_similarity, criterion="distance") - 1
    sizes = np.bincount(groups)
    big = [g for g in np.argsort(-sizes, kind="stable") if sizes[g] >= params.new_theme_size]
    for number, group_number in enumerate(big):
        numbers[groups == group_number] = number
    return numbers


def loose_notices(count: int, params: ThemeParameters) -> list[Notice]:
    """What the build says when ``count`` loose papers are more than ``group_loose`` groups:
    none of them then finds a new theme."""
    if count <= params.loose_grouping_limit:
        return []
    message = (
        f"{count:,} papers fit none of the themes of the vector space, more than the "
        f"{params.loose_grouping_limit:,} it groups into new themes: they are all listed under "
        f'"{UNGROUPED_LABEL}". `make refit` fits the space on today\'s papers.'
    )
    return [Notice(REGISTRY_SOURCE, 0, message)]
