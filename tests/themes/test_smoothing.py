"""Neighbour smoothing: papers of one topic drawn together; the neighbour search past the exact
limit."""

from __future__ import annotations

import dataclasses

import numpy as np

from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.related import neighbours
from generator.themes.smoothing import smoothed


def topics(per_topic: int, noise: float = 0.2, count: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around ``count`` orthogonal directions, and each one's topic."""
    rng = np.random.default_rng(0)
    topic = np.repeat(np.arange(count), per_topic)
    vectors = np.eye(count, 30)[topic] + noise * rng.standard_normal((len(topic), 30))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32), topic


def test_smoothing_draws_a_topic_together_and_keeps_unit_length() -> None:
    dense, topic = topics(40)
    near = neighbours(dense, 20, len(dense), DEFAULT_PARAMETERS)
    result = smoothed(dense, near, DEFAULT_PARAMETERS)
    assert np.allclose(np.linalg.norm(result, axis=1), 1, atol=1e-5)

    def separation(vectors: np.ndarray) -> float:
        similarity = vectors @ vectors.T
        same = topic[:, None] == topic[None, :]
        return float(similarity[same].mean() - similarity[~same].mean())

    assert separation(result) > 1.8 * separation(dense)  # 0.92 against 0.47


def test_no_smoothing_steps_leave_the_vectors_as_they_are() -> None:
    dense, _ = topics(10)
    params = dataclasses.replace(DEFAULT_PARAMETERS, smoothing_steps=0)
    near = neighbours(dense, 20, len(dense), params)
    assert smoothed(dense, near, params) is dense


def test_the_partitioned_search_finds_nearly_every_exact_neighbour() -> None:
    dense, _ = topics(100)
    exact, _ = neighbours(dense, 10, len(dense), DEFAULT_PARAMETERS)
    partitioned, scores = neighbours(
        dense, 10, len(dense), dataclasses.replace(DEFAULT_PARAMETERS, exact_related_limit=50)
    )
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, partitioned)])
    assert recall > 0.98  # 0.995 here
    assert np.all(np.diff(scores, axis=1) <= 1e-6)  # nearest first
