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
from sklearn.preprocessing import normalize

from .params import ThemeParameters


def smoothed(
    dense: np.ndarray, near: tuple[np.ndarray, np.ndarray], params: ThemeParameters
) -> np.ndarray:
    """The rows of ``dense`` (L2-normalised) diffused along their nearest-neighbour graph
    (``near``: each row's nearest rows and similarities, nearest first, as
    ``related.neighbours`` finds them; the first ``smoothing_neighbours`` are used),
    L2-normalised again."""
    indices, scores = (part[:, : params.smoothing_neighbours] for part in near)
    if indices.shape[1] < 1 or params.smoothing_steps == 0:
        return dense
    rows = np.repeat(np.arange(len(dense)), indices.shape[1])
    found = indices.ravel() >= 0
    graph = sparse.csr_matrix(
        (scores.ravel()[found], (rows[found], indices.ravel()[found])),
        shape=(len(dense), len(dense)),
    )
    graph = normalize(graph, norm="l1")  # each row: a weighted mean of its neighbours
    weight = params.smoothing_weight
    result = dense
    for _ in range(params.smoothing_steps):
        result = (1 - weight) * dense + weight * (graph @ result)
    return normalize(np.asarray(result, dtype=np.float32))
