"""Most similar papers for every paper, in blocks: no N x N matrix is ever held (past the
exact limit, see ``list_search``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from ..model import Entry, Related
from .list_search import coarse_centres, search_keys, search_lists
from .params import ThemeParameters

if TYPE_CHECKING:
    from ..runtime import BuildCache

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


def neighbours(
    dense: np.ndarray,
    count: int,
    basis: int,
    params: ThemeParameters,
    cache: BuildCache | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``count`` nearest rows and their similarities, nearest first: exact up to
    ``exact_related_limit`` rows; past it, from the coarse lists of the ``basis`` papers
    (``nearest_in_lists``; index -1 where a row has fewer candidates). ``cache``: the build's,
    where the list search is kept under a key of its rows (``search_keys``) and
    extended from the search over the most of the first rows it holds, as after a new digest."""
    if len(dense) <= params.exact_related_limit:
        return nearest(dense, count, params.related_chunk)
    centres = coarse_centres(dense, basis, params)
    search = functools.partial(
        search_lists,
        dense,
        centres,
        count,
        params.search_probes,
        params.related_chunk,
    )
    if cache is None:
        return search().found()
    keys = search_keys(dense, centres, count, params)
    earlier = next(filter(None, map(cache.get, reversed(keys[1:]))), None)
    found = search(earlier)
    cache.keep(keys[-1], found)
    return found.found()


def top_terms(tfidf: sparse.csr_matrix, terms: np.ndarray) -> list[list[str]]:
    """Each paper's highest-weighted TF-IDF terms, best first."""
    result = []
    for row in range(tfidf.shape[0]):
        start, end = tfidf.indptr[row], tfidf.indptr[row + 1]
        columns, weights = tfidf.indices[start:end], tfidf.data[start:end]
        order = np.lexsort((columns, -weights))[:TOP_TERMS_PER_PAPER]
        result.append([str(terms[columns[i]]) for i in order])
    return result


def shared_terms(first: list[str], second: list[str] | set[str]) -> tuple[str, ...]:
    """Terms two papers both weigh highly, in the first paper's order, without repeats
    (``second``: the other paper's terms, or their set)."""
    others = second if isinstance(second, set) else set(second)
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
    keys = [entry.key for entry in entries]
    term_sets = [set(found) for found in terms]
    return {
        keys[i]: tuple(
            Related(keys[j], round(s, 2), shared_terms(terms[i], term_sets[j]))
            for j, s in zip(row_indices, row_scores)
            if j >= 0
        )
        for i, (row_indices, row_scores) in enumerate(zip(indices.tolist(), scores.tolist()))
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
