"""Smooth each paper's vector with its nearest neighbours' before themes are drawn.

One abstract is a small sample of its topic's words; its nearest neighbours are more of the
same sample. Averaging along the nearest-neighbour graph (a few steps of
``x <- (1 - w) v + w P x``, with ``P`` the row-normalised similarity of each paper's nearest
neighbours) pulls papers of one topic together and leaves the paper's own vector the strongest
part of the result. Model-free, linear in the number of papers once the neighbours are known.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize

from .params import ThemeParameters
from .related import cluster_neighbourhoods, nearest, nearest_in_groups


def smoothed(dense: np.ndarray, params: ThemeParameters) -> np.ndarray:
    """The rows of ``dense`` (L2-normalised) diffused along their nearest-neighbour graph,
    L2-normalised again."""
    count = min(params.smoothing_neighbours, len(dense) - 1)
    if count < 1 or params.smoothing_steps == 0:
        return dense
    indices, scores = neighbours(dense, count, params)
    rows = np.repeat(np.arange(len(dense)), indices.shape[1])
    graph = sparse.csr_matrix(
        (scores.ravel(), (rows, indices.ravel())), shape=(len(dense), len(dense))
    )
    graph = normalize(graph, norm="l1")  # each row: a weighted mean of its neighbours
    weight = params.smoothing_weight
    result = dense
    for _ in range(params.smoothing_steps):
        result = (1 - weight) * dense + weight * (graph @ result)
    return normalize(np.asarray(result, dtype=np.float32))


def neighbours(
    dense: np.ndarray, count: int, params: ThemeParameters
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``count`` nearest rows and their similarities: exact up to
    ``exact_related_limit`` rows; past it, searched within a coarse partition of the archive
    (each row's part and the nearest parts), as the related-papers search does."""
    if len(dense) <= params.exact_related_limit:
        return nearest(dense, count, params.related_chunk)
    parts = max(2, round(len(dense) ** 0.5 / 2))
    coarse = KMeans(parts, n_init=1, max_iter=20, random_state=params.seed).fit_predict(dense)
    groups, probes = cluster_neighbourhoods(
        dense, coarse, params.related_themes, params.related_chunk
    )
    found = nearest_in_groups(dense, groups, probes, count, params.related_chunk)
    indices = np.zeros((len(dense), count), dtype=np.int64)
    scores = np.zeros((len(dense), count), dtype=np.float32)
    for row, (near, similarity) in found.items():
        indices[row, : len(near)] = near
        scores[row, : len(near)] = similarity
    return indices, scores
