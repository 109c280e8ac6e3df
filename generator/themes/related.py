"""Most similar papers for every paper, in blocks: no N x N matrix is ever held."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

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


def nearest_in_groups(
    vectors: np.ndarray,
    groups: list[np.ndarray],
    probes: list[list[int]],
    count: int,
    chunk: int,
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Like ``nearest``, but each row is compared only with the rows of its own group and of the
    groups listed in ``probes`` for it (its theme and the nearest themes): time grows with N
    times the size of a few themes instead of N squared. For the rows of every group, by row."""
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for group in range(len(groups)):
        rows = groups[group]
        candidates = np.concatenate([groups[g] for g in [group, *probes[group]]])
        top_count = min(count, len(candidates) - 1)
        if top_count <= 0:
            found.update(
                (int(row), (np.zeros(0, np.int64), np.zeros(0, np.float32))) for row in rows
            )
            continue
        pool = vectors[candidates]
        for start in range(0, len(rows), chunk):
            block_rows = rows[start : start + chunk]
            block = vectors[block_rows] @ pool.T
            block[block_rows[:, None] == candidates[None, :]] = -np.inf
            top = np.argpartition(block, -top_count, axis=1)[:, -top_count:]
            top_scores = np.take_along_axis(block, top, axis=1)
            picked = candidates[top]
            order = np.lexsort((picked, -top_scores), axis=1)
            picked = np.take_along_axis(picked, order, axis=1)
            top_scores = np.clip(np.take_along_axis(top_scores, order, axis=1), 0, 1)
            for offset, row in enumerate(block_rows):
                found[int(row)] = picked[offset], top_scores[offset]
    return found


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


def cluster_neighbourhoods(
    dense: np.ndarray, clusters: np.ndarray, nearest_clusters: int, chunk: int
) -> tuple[list[np.ndarray], list[list[int]]]:
    """Rows of each cluster, and for each cluster the clusters with the nearest centres."""
    count = int(clusters.max()) + 1 if len(clusters) else 0
    groups = [np.flatnonzero(clusters == c) for c in range(count)]
    centres = np.vstack([centroid(dense, rows) for rows in groups])
    indices, _ = nearest(centres.astype(np.float32), nearest_clusters, chunk)
    return groups, [list(map(int, row)) for row in indices]


def related_papers(
    entries: Sequence[Entry],
    dense: np.ndarray,
    clusters: np.ndarray,
    params: ThemeParameters,
    terms: list[list[str]],
) -> dict[str, tuple[Related, ...]]:
    """The most similar papers of each paper, with the key terms they share.

    Exact up to ``exact_related_limit`` papers; past it, each paper is compared with the papers
    of its own cluster (``clusters``: each paper's cluster number) and of the clusters with the
    nearest centres (a cluster-pruned search). ``terms`` are each paper's ``top_terms``.
    """
    if len(entries) <= params.exact_related_limit or not len(clusters):
        indices, scores = nearest(dense, params.related_papers, params.related_chunk)
        found = {row: (indices[row], scores[row]) for row in range(len(entries))}
    else:
        groups, probes = cluster_neighbourhoods(
            dense, clusters, params.related_themes, params.related_chunk
        )
        found = nearest_in_groups(
            dense, groups, probes, params.related_papers, params.related_chunk
        )
    return {
        entries[i].key: tuple(
            Related(entries[j].key, round(float(s), 2), shared_terms(terms[i], terms[j]))
            for j, s in zip(*found[i])
        )
        for i in sorted(found)
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
