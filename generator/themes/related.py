"""Most similar papers for every paper, in blocks: no N x N matrix is ever held."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize

from ..model import Entry, Related
from .params import ThemeParameters

SHARED_TERMS = 3
TOP_TERMS_PER_PAPER = 12


def nearest(
    vectors: np.ndarray, count: int, chunk: int, rows: range | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each row (or each row in ``rows``), the indices and cosine similarities of its
    ``count`` nearest other rows.

    Rows must be L2-normalised. Memory is ``chunk x N`` floats at a time; ties are broken by
    row index so the result is deterministic.
    """
    rows = range(len(vectors)) if rows is None else rows
    count = min(count, max(len(vectors) - 1, 0))
    indices = np.zeros((len(rows), count), dtype=np.int64)
    scores = np.zeros((len(rows), count), dtype=np.float32)
    if count == 0:
        return indices, scores
    for start in range(rows.start, rows.stop, chunk):
        block = vectors[start : min(start + chunk, rows.stop)] @ vectors.T
        here = np.arange(block.shape[0])
        block[here, here + start] = -np.inf  # never one's own neighbour
        top = np.argpartition(block, -count, axis=1)[:, -count:]  # no negated copy
        top_scores = np.take_along_axis(block, top, axis=1)
        order = np.lexsort((top, -top_scores), axis=1)
        at = start - rows.start
        indices[at : at + len(block)] = np.take_along_axis(top, order, axis=1)
        scores[at : at + len(block)] = np.take_along_axis(top_scores, order, axis=1)
    return indices, np.clip(scores, 0, 1)


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
    rows = len(vectors)
    count = min(count, max(rows - 1, 0))
    probes = min(probes, len(centres))
    best_scores = np.full((rows, count), -np.inf, dtype=np.float32)
    best = np.full((rows, count), rows, dtype=np.int64)  # past every row: sorts last on ties
    if count == 0 or not len(centres):
        return np.full((rows, count), -1, dtype=np.int64), np.zeros((rows, count), np.float32)
    # Products in float64, rounded to float32: the same bits whatever the shapes of the
    # blocks (float32 products are not: one-row blocks take another BLAS routine), so a row's
    # scores do not move when a digest adds rows to the lists it probes.
    wide = vectors.astype(np.float64)
    ranked = np.argsort(-(wide @ centres.T.astype(np.float64)), axis=1, kind="stable")
    ranked = ranked[:, :probes]
    homes, home_starts = _by_list(ranked[:, 0], len(centres))  # each row's own list
    probing, starts = _by_list(ranked.ravel(), len(centres))
    probed_by = probing // probes  # the rows that probe each list, list after list
    for group in range(len(centres)):
        members = homes[home_starts[group] : home_starts[group + 1]]
        queries = probed_by[starts[group] : starts[group + 1]]
        if not len(members) or not len(queries):
            continue
        pool = wide[members].T
        for start in range(0, len(queries), chunk):
            asking = queries[start : start + chunk]
            block = (wide[asking] @ pool).astype(np.float32)
            block[asking[:, None] == members[None, :]] = -np.inf  # never one's own neighbour
            take = min(count, len(members))
            top = np.argpartition(block, -take, axis=1)[:, -take:]
            scores = np.concatenate([best_scores[asking], np.take_along_axis(block, top, 1)], 1)
            found = np.concatenate([best[asking], members[top]], 1)
            order = np.lexsort((found, -scores), axis=1)[:, :count]
            best_scores[asking] = np.take_along_axis(scores, order, 1)
            best[asking] = np.take_along_axis(found, order, 1)
    missing = ~np.isfinite(best_scores)
    best[missing], best_scores[missing] = -1, 0.0
    return best, np.clip(best_scores, 0, 1)


def _by_list(lists: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions of ``lists`` (list numbers below ``count``) list after list, in order
    within each, and where each list's run starts (``count + 1`` bounds)."""
    order = np.argsort(lists, kind="stable")
    return order, np.searchsorted(lists[order], np.arange(count + 1))


def neighbours(
    dense: np.ndarray, count: int, basis: int, params: ThemeParameters
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``count`` nearest rows and their similarities, nearest first: exact up to
    ``exact_related_limit`` rows; past it, from the coarse lists of the ``basis`` papers
    (``nearest_in_lists``; index -1 where a row has fewer candidates)."""
    if len(dense) <= params.exact_related_limit:
        return nearest(dense, count, params.related_chunk)
    centres = coarse_centres(dense, basis, params)
    return nearest_in_lists(dense, centres, count, params.search_probes, params.related_chunk)


def top_terms(tfidf: sparse.csr_matrix, terms: np.ndarray) -> list[list[str]]:
    """Each paper's highest-weighted TF-IDF terms, best first."""
    result = []
    for row in range(tfidf.shape[0]):
        start, end = tfidf.indptr[row], tfidf.indptr[row + 1]
        columns, weights = tfidf.indices[start:end], tfidf.data[start:end]
        order = np.lexsort((columns, -weights))[:TOP_TERMS_PER_PAPER]
        result.append([str(terms[columns[i]]) for i in order])
    return result


def shared_terms(first: list[str], second: list[str]) -> tuple[str, ...]:
    """Terms two papers both weigh highly, in the first paper's order, without repeats."""
    others = set(second)
    shared: list[str] = []
    for term in [term for term in first if term in others]:  # few: filtered in one pass
        if not any(term in s or s in term for s in shared):
            shared.append(term)
            if len(shared) == SHARED_TERMS:
                break
    return tuple(shared)


def centroid(dense: np.ndarray, rows: list[int] | np.ndarray) -> np.ndarray:
    """The L2-normalised mean of some rows (zeros for none)."""
    centre = dense[rows].mean(axis=0) if len(rows) else np.zeros(dense.shape[1], dtype=dense.dtype)
    norm = float(np.linalg.norm(centre))
    return centre / norm if norm else centre


def related_papers(
    entries: Sequence[Entry],
    dense: np.ndarray,
    basis: int,
    params: ThemeParameters,
    terms: list[list[str]],
    near: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, tuple[Related, ...]]:
    """The most similar papers of each paper, with the key terms they share (``near``: the
    ``neighbours`` found already, nearest first, else searched here; ``neighbours``:
    exact, or past ``exact_related_limit`` from the coarse lists of the ``basis`` papers, so
    that a new digest changes a paper's list only where a new paper is nearer than one in it).
    ``terms`` are each paper's ``top_terms``."""
    count = min(params.related_papers, max(len(dense) - 1, 0))
    if near is not None and near[0].shape[1] >= count:
        indices, scores = (part[:, :count] for part in near)  # the nearest come first
    else:
        indices, scores = neighbours(dense, params.related_papers, basis, params)
    return {
        entries[i].key: tuple(
            Related(entries[j].key, round(float(s), 2), shared_terms(terms[i], terms[j]))
            for j, s in zip(indices[i], scores[i])
            if j >= 0
        )
        for i in range(len(entries))
    }


def same_digest_papers(
    entries: Sequence[Entry],
    dense: np.ndarray,
    digest_members: Sequence[Sequence[str]],
    params: ThemeParameters,
    terms: list[list[str]],
) -> dict[str, tuple[Related, ...]]:
    """For each paper, the most similar papers of the digests it appeared in (``terms`` as for
    ``related_papers``)."""
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    best: dict[int, dict[int, float]] = {}
    for keys in digest_members:
        rows = [row_of[k] for k in keys if k in row_of]
        if len(rows) < 2:
            continue
        block = dense[rows]
        indices, scores = nearest(block, params.same_digest_papers, params.related_chunk)
        for i, row in enumerate(rows):
            found = best.setdefault(row, {})
            for j, score in zip(indices[i], scores[i]):
                if score >= params.same_digest_min_score:
                    found[rows[j]] = max(found.get(rows[j], 0.0), float(score))
    result = {}
    for row, found in best.items():
        ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        ranked = ranked[: params.same_digest_papers]
        if ranked:
            result[entries[row].key] = tuple(
                Related(entries[j].key, round(s, 2), shared_terms(terms[row], terms[j]))
                for j, s in ranked
            )
    return result
