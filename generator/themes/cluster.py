"""Cluster paper vectors into themes: k-means with the number of themes chosen from the data.

The rule for k: the smallest k (searched upward from ``k_bounds``) at which no theme holds more
than ``share_limit`` of the papers. A previous assignment (the theme registry) warm-starts the
clustering and keeps its k while no theme outgrows the looser limit for a recorded grouping,
so themes stay put.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans

from .params import ThemeParameters


def cluster(
    vectors: np.ndarray,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
    previous: list[np.ndarray] | None = None,
) -> np.ndarray:
    """Assign each row to a theme; returns cluster numbers 0..k-1 (largest theme first)."""
    count = len(vectors)
    low, high = params.k_bounds(count)
    if count == 0:
        return np.zeros(0, dtype=int)
    if fixed_k is not None:
        return _renumber(_kmeans(vectors, min(fixed_k, count), params, previous))
    if high <= 1:
        return np.zeros(count, dtype=int)
    if previous and len(previous) <= high:  # kept even below the search's start
        numbers = _kmeans(vectors, len(previous), params, previous)
        if largest_share(numbers) <= params.share_limit(count, kept=True):
            return _renumber(numbers)
    limit = params.share_limit(count)
    numbers = None
    for k in range(low, high + 1, params.k_step):
        numbers = _kmeans(vectors, k, params, previous)
        if largest_share(numbers) <= limit:
            break
    assert numbers is not None
    return _renumber(numbers)


def _kmeans(
    vectors: np.ndarray, k: int, params: ThemeParameters, previous: list[np.ndarray] | None
) -> np.ndarray:
    """k-means to convergence, then dissolve clusters below the minimum size."""
    init = _initial_centres(vectors, k, previous)
    model = KMeans(
        n_clusters=k,
        init=init if init is not None else "k-means++",
        n_init=1 if init is not None else params.kmeans_restarts,
        random_state=params.seed,
        tol=0.0,
        max_iter=500,
    )
    numbers = model.fit_predict(vectors)
    centres = model.cluster_centers_
    while True:
        sizes = np.bincount(numbers, minlength=len(centres))
        small = sizes < params.min_theme_size
        if not small.any() or small.all():
            return numbers
        kept = centres[~small]
        model = KMeans(n_clusters=len(kept), init=kept, n_init=1, tol=0.0, max_iter=500)
        numbers = model.fit_predict(vectors)
        centres = model.cluster_centers_


def _initial_centres(
    vectors: np.ndarray, k: int, previous: list[np.ndarray] | None
) -> np.ndarray | None:
    """Centres from a previous assignment (rows of each old theme), topped up or cut to k."""
    if not previous:
        return None
    centres = [vectors[rows].mean(axis=0) for rows in previous if len(rows)]
    sizes = [len(rows) for rows in previous if len(rows)]
    order = sorted(range(len(centres)), key=lambda i: -sizes[i])
    chosen = [centres[i] for i in order[:k]]
    while len(chosen) < k:
        # Farthest paper from every centre so far: where a new theme is most needed.
        stacked = np.vstack(chosen)
        nearest = (vectors @ stacked.T).max(axis=1)
        chosen.append(vectors[int(np.argmin(nearest))])
    return np.vstack(chosen).astype(vectors.dtype)


def largest_share(numbers: np.ndarray) -> float:
    """Share of the papers in the largest cluster."""
    return float(np.bincount(numbers).max() / len(numbers))


def _renumber(numbers: np.ndarray) -> np.ndarray:
    """Renumber clusters by size, largest first (ties by first member) for stable output."""
    sizes = np.bincount(numbers)
    firsts = {label: index for index, label in reversed(list(enumerate(numbers)))}
    order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], firsts.get(c, 0)))
    order = [c for c in order if sizes[c]]
    mapping = np.empty(len(sizes), dtype=int)
    for new, old in enumerate(order):
        mapping[old] = new
    return mapping[numbers]
