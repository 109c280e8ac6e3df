"""The nearest-neighbour search past the exact limit: coarse lists fixed by the basis papers."""

from __future__ import annotations

import dataclasses

import numpy as np
from threadpoolctl import threadpool_limits

from generator.output.cache import ResultCache
from generator.themes import related
from generator.themes.list_search import (
    ListSearch,
    coarse_centres,
    nearest_in_lists,
    search_lists,
)
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.related import nearest, neighbours

LISTED = dataclasses.replace(DEFAULT_PARAMETERS, exact_related_limit=100)


def unit_rows(count: int, topics: int = 12, seed: int = 0) -> np.ndarray:
    """Unit vectors in 40 dimensions around ``topics`` random directions."""
    rng = np.random.default_rng(seed)
    directions = rng.standard_normal((topics, 40))
    rows = directions[rng.integers(0, topics, count)] + 0.7 * rng.standard_normal((count, 40))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_probing_every_list_is_the_exact_search() -> None:
    dense = unit_rows(400)
    centres = coarse_centres(dense, 300, LISTED)
    exact = nearest(dense, 5, 64)
    listed = nearest_in_lists(dense, centres, 5, len(centres), 64)
    assert np.array_equal(listed[0], exact[0])
    assert np.allclose(listed[1], exact[1], rtol=0, atol=1e-6)  # float64 products, rounded


def test_the_list_search_finds_nearly_every_exact_neighbour() -> None:
    dense = unit_rows(2000)
    exact, _ = nearest(dense, 5, 256)
    found, scores = neighbours(dense, 5, 1800, LISTED)
    recall = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(exact, found)])
    assert recall > 0.95
    assert np.all(np.diff(scores, axis=1) <= 0)  # nearest first


def test_new_rows_change_an_earlier_rows_neighbours_only_by_being_nearer() -> None:
    """While the basis stays, the lists only grow: an earlier row's neighbours after 150 rows
    were added are its earlier neighbours, in order, with new rows put in where nearer. (With
    these few probes, lists whose centres were fit on every row broke this for 712 rows.)"""
    dense = unit_rows(1350, seed=3)
    params = dataclasses.replace(LISTED, search_lists=1.0, search_probes=2)
    with threadpool_limits(limits=1):  # as the build runs it (k-means of the centres)
        before, before_scores = neighbours(dense[:1200], 5, 1000, params)
        after, after_scores = neighbours(dense, 5, 1000, params)
    changed = 0
    for row in range(1200):
        kept = [(i, s) for i, s in zip(after[row], after_scores[row]) if i < 1200]
        assert kept == list(zip(before[row], before_scores[row]))[: len(kept)]
        changed += len(kept) < 5
    assert 0 < changed < 600  # some earlier rows gained a new neighbour, most none


def test_rows_without_enough_candidates_are_marked_missing() -> None:
    dense = unit_rows(6)
    centres = np.eye(2, 40, dtype=np.float32)
    found, scores = nearest_in_lists(dense, centres, 5, 1, 64)
    assert found.shape == (6, 5)
    assert np.all(scores[found < 0] == 0)
    assert all(row not in found[row] for row in range(6))


def test_the_nearest_few_are_the_first_of_the_nearest_many() -> None:
    """Smoothing's search (20 neighbours) also gives the related papers (5): the same rows,
    in the same order, as a search for 5, exact and past the exact limit."""
    dense = unit_rows(1500, seed=5)
    for params in (DEFAULT_PARAMETERS, LISTED):
        with threadpool_limits(limits=1):
            many = neighbours(dense, 20, 1200, params)
            few = neighbours(dense, 5, 1200, params)
        assert np.array_equal(many[0][:, :5], few[0])
        assert np.array_equal(many[1][:, :5], few[1])


def test_a_search_extended_by_new_rows_is_the_search_over_all_rows() -> None:
    """A daily build compares only the pairs with a new row and keeps the rest of the last
    search: the same rows, similarities and lists, bit for bit, after one row (a one-row
    product) and after many."""
    dense = unit_rows(1350, seed=4)
    with threadpool_limits(limits=1):
        centres = coarse_centres(dense, 1000, dataclasses.replace(LISTED, search_lists=1.0))
        whole = search_lists(dense, centres, 20, 3, 64)
        earlier = search_lists(dense[:1200], centres, 20, 3, 64)
        one_more = search_lists(dense[:1201], centres, 20, 3, 64, earlier)
        extended = search_lists(dense, centres, 20, 3, 64, one_more)
    assert np.array_equal(one_more.best, search_lists(dense[:1201], centres, 20, 3, 64).best)
    for field in ("probed", "best", "scores"):
        assert np.array_equal(getattr(extended, field), getattr(whole, field))
    assert not np.array_equal(earlier.best, whole.best[:1200])  # new rows did come nearer


def test_neighbours_extend_the_search_the_last_build_kept(monkeypatch) -> None:
    """The search kept by a build over the first 1,200 rows is the one the next build, with
    150 more, extends; its result is the search from nothing."""
    dense = unit_rows(1350, seed=6)
    last = ResultCache("code")
    with threadpool_limits(limits=1):
        neighbours(dense[:1200], 20, 1000, LISTED, last)
        extended_from = []
        real = related.search_lists
        monkeypatch.setattr(
            related,
            "search_lists",
            lambda *args: extended_from.append(args[-1]) or real(*args),
        )
        cache = ResultCache("code", found=last.used)
        found = neighbours(dense, 20, 1000, LISTED, cache)
        monkeypatch.undo()
        fresh = neighbours(dense, 20, 1000, LISTED)
    assert [len(e.best) for e in extended_from] == [1200]
    assert all(np.array_equal(a, b) for a, b in zip(found, fresh))
    assert [type(result) for result in cache.used.values()] == [ListSearch]


def test_a_search_over_too_few_rows_to_extend_is_done_again() -> None:
    """A search over 10 rows has 9 neighbours per row: extending it to a search for 20 would
    not fit, so the rows are all searched afresh."""
    dense = unit_rows(60, seed=7)
    centres = coarse_centres(dense, 60, LISTED)
    few = search_lists(dense[:10], centres, 20, 3, 64)
    extended = search_lists(dense, centres, 20, 3, 64, few)
    whole = search_lists(dense, centres, 20, 3, 64)
    assert few.best.shape[1] == 9
    for field in ("probed", "best", "scores"):
        assert np.array_equal(getattr(extended, field), getattr(whole, field))


def test_a_search_extended_by_new_rows_breaks_ties_as_the_search_over_all_rows() -> None:
    """Papers with the same vector (the same abstract twice, listings that repeat a paper) tie
    exactly: whichever block they are compared in, the nearest of tied rows are the lowest rows,
    so a daily build's extended search still gives the search from nothing."""
    distinct = unit_rows(150, seed=7)
    dense = distinct[np.random.default_rng(8).integers(0, 150, size=1350)]
    with threadpool_limits(limits=1):
        centres = coarse_centres(dense, 1000, dataclasses.replace(LISTED, search_lists=1.0))
        whole = search_lists(dense, centres, 20, 3, 64)
        earlier = search_lists(dense[:1200], centres, 20, 3, 64)
        extended = search_lists(dense, centres, 20, 3, 64, earlier)
    tied = whole.scores[:, :-1] == whole.scores[:, 1:]
    assert tied.sum() > 1000  # many rows hold ties, across the cut too
    for field in ("probed", "best", "scores"):
        assert np.array_equal(getattr(extended, field), getattr(whole, field))


def test_shared_terms_keep_the_first_papers_order_without_repeats() -> None:
    """At most three terms both papers weigh highly, in the first's order, none inside one
    already kept; the other paper's terms given as a list or as their set alike."""
    first = ["language model", "model", "retrieval", "graph", "ranking", "speech"]
    second = ["speech", "ranking", "model", "graph", "retrieval", "language model"]
    expected = ("language model", "retrieval", "graph")
    assert related.shared_terms(first, second) == expected
    assert related.shared_terms(first, set(second)) == expected
    assert related.shared_terms(first, ["vision"]) == ()
