"""The nearest-neighbour search past the exact limit: an inverted-file search in coarse lists
whose centres the basis papers fix, extended row by row as digests add papers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize

from .params import ThemeParameters


def coarse_centres(dense: np.ndarray, basis: int, params: ThemeParameters) -> np.ndarray:
    """The centres of the coarse lists that the search past ``exact_related_limit`` probes:
    k-means (L2-normalised centres) on a sample of the ``basis`` rows, the papers the vector
    space is fit on. Those rows and their vectors stay the same until the space is refit, and
    so do the centres: a new digest only adds papers to the lists."""
    lists = max(2, round(params.search_lists * basis**0.5))
    step = max(1, basis // (lists * SAMPLE_PER_LIST))
    sample = dense[:basis:step]
    lists = min(lists, len(sample))
    kmeans = KMeans(lists, n_init=1, max_iter=25, random_state=params.seed).fit(sample)
    return normalize(kmeans.cluster_centers_).astype(np.float32)


SAMPLE_PER_LIST = 40
"""Basis rows per coarse list that the centres are fit on (a sample: the lists only prune)."""


def nearest_in_lists(
    vectors: np.ndarray, centres: np.ndarray, count: int, probes: int, chunk: int
) -> tuple[np.ndarray, np.ndarray]:
    """Like ``nearest``, but each row is compared only with the rows of the ``probes`` lists
    whose centres are nearest to it (a row belongs to the list of its nearest centre): an
    inverted-file search. With fixed centres a row's candidates change only when rows are
    added to those lists, so its neighbours change only when a new row is nearer than one of
    them. Rows with fewer candidates than ``count`` get index -1 and similarity 0 for the rest.
    """
    return search_lists(vectors, centres, count, probes, chunk).found()


@dataclass(frozen=True)
class ListSearch:
    """What ``search_lists`` found for each row: the lists it searched and its nearest rows,
    kept so that a search over the same rows and more compares only pairs with a new row."""

    probed: np.ndarray
    """The lists each row searches, nearest centre first (its own list first)."""
    best: np.ndarray
    """Each row's nearest rows, nearest first (ties by row), -1 for none."""
    scores: np.ndarray
    """Their similarities (float32, unclipped), -inf for none."""

    def found(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices and similarities as ``nearest_in_lists`` gives them (clipped to 0-1)."""
        scores = np.where(np.isfinite(self.scores), self.scores, np.float32(0))
        return self.best.astype(np.int64), np.clip(scores, 0, 1)


def search_lists(
    vectors: np.ndarray,
    centres: np.ndarray,
    count: int,
    probes: int,
    chunk: int,
    earlier: ListSearch | None = None,
) -> ListSearch:
    """``nearest_in_lists``, extending ``earlier``: the same search over the first rows of
    ``vectors`` (as many as it holds), with the same centres, ``count`` and ``probes``. Only
    pairs of rows with at least one row past those are compared; each row keeps the nearest
    of its earlier neighbours and its new candidates, so the result is the search over all
    rows, bit for bit (the products are rounded the same whatever the block shapes)."""
    count = min(count, max(len(vectors) - 1, 0))
    probes = min(probes, len(centres))
    if earlier is not None and (earlier.best.shape[1], earlier.probed.shape[1]) != (count, probes):
        earlier = None  # over too few rows to have as many neighbours: search them all again
    rows, old = len(vectors), len(earlier.best) if earlier is not None else 0
    if count == 0 or not len(centres):
        none = np.zeros((rows, 0), dtype=np.int64)
        return ListSearch(np.zeros((rows, probes), np.int32), none, none.astype(np.float32))
    wide = vectors.astype(np.float64)
    probed = np.empty((rows, probes), dtype=np.int32)
    best = np.full((rows, count), -1, dtype=np.int64)
    scores = np.full((rows, count), -np.inf, dtype=np.float32)
    if earlier is not None:
        probed[:old], best[:old], scores[:old] = earlier.probed, earlier.best, earlier.scores
    ranking = -_products(wide[old:], centres.T.astype(np.float64))
    probed[old:] = np.argsort(ranking, axis=1, kind="stable")[:, :probes]
    homes, home_starts = _by_list(probed[:, 0], len(centres))  # each row's own list
    probing, starts = _by_list(probed.ravel(), len(centres))
    probed_by = probing // probes  # the rows that probe each list, list after list
    for group in range(len(centres)):
        members = homes[home_starts[group] : home_starts[group + 1]]
        queries = probed_by[starts[group] : starts[group + 1]]
        # Every pair with a new row, once: new members for all queries, old ones for new.
        for asking, pool in (
            (queries, members[members >= old]),
            (queries[queries >= old], members[members < old]),
        ):
            _merge_nearest(wide, asking, pool, best, scores, chunk)
    best[~np.isfinite(scores)] = -1
    return ListSearch(probed, best, scores)


def _merge_nearest(
    wide: np.ndarray,
    queries: np.ndarray,
    members: np.ndarray,
    best: np.ndarray,
    scores: np.ndarray,
    chunk: int,
) -> None:
    """Put each query row's nearest ``members`` into its ``best`` rows and ``scores``, in
    place: the nearest of both, by similarity, then by row."""
    if not len(members) or not len(queries):
        return
    count = best.shape[1]
    take = min(count, len(members))
    pool = wide[members].T
    for start in range(0, len(queries), chunk):
        asking = queries[start : start + chunk]
        block = _products(wide[asking], pool).astype(np.float32)
        block[asking[:, None] == members[None, :]] = -np.inf  # never one's own neighbour
        top = lowest_of_ties(block, np.argpartition(block, -take, axis=1)[:, -take:], members)
        joined = np.concatenate([scores[asking], np.take_along_axis(block, top, 1)], 1)
        found = np.concatenate([best[asking], members[top]], 1)
        order = np.lexsort((found, -joined), axis=1)[:, :count]
        scores[asking] = np.take_along_axis(joined, order, 1)
        best[asking] = np.take_along_axis(found, order, 1)


def lowest_of_ties(block: np.ndarray, top: np.ndarray, members: np.ndarray) -> np.ndarray:
    """``top`` (the columns of each row's largest entries of ``block``, by ``argpartition``)
    with the same choice whatever else the block holds: where the smallest entry taken ties
    with one left out, ``argpartition`` chose among the tied columns as its partition fell, and
    such a row takes its largest entries by value, then by ``members`` (the row each column
    is), instead. Papers with the same vector tie exactly; without this, a search extended by
    new rows kept other tied neighbours than the search over all rows, and the smoothed
    vectors of half the papers differed in their last digits (at 46,000 papers)."""
    chosen = np.take_along_axis(block, top, 1)
    cut = chosen.min(axis=1, keepdims=True)
    taken = (chosen == cut).sum(axis=1)
    left_out = np.flatnonzero((block == cut).sum(axis=1) > taken)
    for row in left_out:
        top[row] = np.lexsort((members, -block[row]))[: top.shape[1]]
    return top


def _products(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``left @ right`` in float64 by one BLAS routine whatever the shapes: a product with one
    row or one column goes to another routine (gemv), whose sums may differ in their last
    bit, so such a side is padded to two."""
    rows, columns = left.shape[0], right.shape[1]
    if rows == 1:
        left = np.vstack([left, left])
    if columns == 1:
        right = np.hstack([right, right])
    return (left @ right)[:rows, :columns]


def _by_list(lists: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions of ``lists`` (list numbers below ``count``) list after list, in order
    within each, and where each list's run starts (``count + 1`` bounds)."""
    order = np.argsort(lists, kind="stable")
    return order, np.searchsorted(lists[order], np.arange(count + 1))


def search_keys(
    dense: np.ndarray, centres: np.ndarray, count: int, params: ThemeParameters
) -> list[str]:
    """The keys of the list searches over the first 0, 1, ... and all rows of ``dense``: a
    hash chained row after row over the centres, the search's parameters and each row's
    bytes, so a key names exactly the rows a search covered."""
    chained = hashlib.blake2b(centres.tobytes(), digest_size=20)
    chained.update(repr((count, params.search_probes, params.related_chunk)).encode())
    keys = [chained.hexdigest()]
    for row in dense:
        chained = hashlib.blake2b(chained.digest() + row.tobytes(), digest_size=20)
        keys.append(chained.hexdigest())
    return ["list-search:" + key for key in keys]
