"""k-means with k chosen from the data, and the theme map's layout, on small made vectors."""

from __future__ import annotations

import dataclasses

import numpy as np

from generator.themes.cluster import cluster
from generator.themes.layout import layout
from generator.themes.params import DEFAULT_PARAMETERS


def blobs(sizes: list[int], dimensions: int = 8, seed: int = 0) -> np.ndarray:
    """L2-normalised points around one axis per blob."""
    rng = np.random.default_rng(seed)
    rows = []
    for axis, size in enumerate(sizes):
        centre = np.zeros(dimensions)
        centre[axis] = 1.0
        rows.append(centre + rng.normal(0, 0.05, (size, dimensions)))
    points = np.vstack(rows).astype(np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def test_clusters_are_numbered_largest_first_and_find_separate_blobs() -> None:
    points = blobs([30, 20, 10])
    numbers = cluster(points, DEFAULT_PARAMETERS, fixed_k=3)
    assert list(np.bincount(numbers)) == [30, 20, 10]
    assert len(set(numbers[:30])) == 1 and len(set(numbers[30:50])) == 1


def test_the_share_rule_chooses_k_and_a_previous_assignment_is_kept() -> None:
    points = blobs([20] * 6)
    params = dataclasses.replace(DEFAULT_PARAMETERS, max_theme_share=0.2)
    numbers = cluster(points, params)
    assert np.bincount(numbers).max() / len(numbers) <= params.share_limit(len(points))
    previous = [np.flatnonzero(numbers == t) for t in range(numbers.max() + 1)]
    again = cluster(points, params, previous=previous)
    assert [set(np.flatnonzero(again == t)) for t in range(again.max() + 1)] == [
        set(rows) for rows in previous
    ]


def test_small_clusters_are_dissolved() -> None:
    points = blobs([30, 30, 2])
    numbers = cluster(points, DEFAULT_PARAMETERS, fixed_k=3)
    assert np.bincount(numbers).min() >= DEFAULT_PARAMETERS.min_theme_size


def test_layout_places_every_paper_in_the_unit_square_near_its_theme() -> None:
    points = blobs([15, 15, 15])
    numbers = np.repeat([0, 1, 2], 15)
    placed = layout(points, numbers, DEFAULT_PARAMETERS)
    assert placed.shape == (45, 2) and placed.min() >= 0 and placed.max() <= 1
    centres = np.vstack([placed[numbers == t].mean(axis=0) for t in range(3)])
    nearest = np.argmin(((placed[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert (nearest == numbers).mean() > 0.9
    assert np.array_equal(layout(points, numbers, DEFAULT_PARAMETERS), placed)


def test_a_recorded_grouping_with_fewer_themes_than_the_search_starts_at_is_kept() -> None:
    """Themes dropped as grab-bags can leave fewer than ``k_bounds`` starts the search at: the
    next build keeps the recorded number, so it finds the same themes again."""
    points = blobs([112] * 8)
    low, _ = DEFAULT_PARAMETERS.k_bounds(len(points))
    recorded = [np.arange(start, start + 112) for start in range(0, len(points), 112)]
    assert len(recorded) < low
    again = cluster(points, DEFAULT_PARAMETERS, previous=recorded)
    assert again.max() + 1 == len(recorded)
