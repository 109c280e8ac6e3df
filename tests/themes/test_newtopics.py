"""Loose papers: their own words, and groups by average linkage."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import sparse

from generator.themes.newtopics import group_loose, loose_notices, loose_vectors, new_topics
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.vectors import TextVectors


def space(terms: list[str], idf: list[float], basis: int = 1000) -> TextVectors:
    """A vector space of these (sorted) terms; only what loose papers are read with."""
    rows = sparse.csr_matrix((0, len(terms)), dtype=np.float32)
    empty = np.zeros((0, 2), np.float32)
    return TextVectors(
        rows, np.array(terms), empty, empty, np.zeros(0), basis,
        idf=np.array(idf, np.float32), average_length=4.0,
    )  # fmt: skip


def test_loose_papers_are_read_with_the_new_words_they_share() -> None:
    vectors = space(["graph", "learning"], [1.0, 0.5])
    papers = ["robot\ngraph", "robot\ngripper", "learning\nauction"]
    rows = loose_vectors(papers, vectors, DEFAULT_PARAMETERS).toarray()
    # Columns: "graph" and "learning" (the space's), "robot" (new, in two papers); "gripper"
    # and "auction" (new, one paper each) would link nothing and are left out.
    assert rows.shape == (3, 3)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    first, second, third = rows
    assert first @ second > 0 and first @ third == 0 and second @ third == 0
    # A new word weighs as the rarest word of the space (IDF 6.5 here), "graph" as the space
    # says (1.0), with the same count in the same paper.
    graph, _, robot = first
    assert robot / graph == np.float32(np.log1p(999.5 / 1.5) / 1.0)


def test_two_topics_and_a_bridge_stay_two_themes() -> None:
    """Ten papers on robots, ten on auctions, one on robots that names auctions once, and three
    that share nothing: two themes, the three left out. Linked by any shared word (in one
    connected group, as before), the bridge would chain the two topics into one."""
    words = [f"w{n:03}" for n in range(200)]  # words of the space, five per paper
    vectors = space(words, [1.0] * len(words))

    def paper(topic: str, number: int) -> str:
        return "\n".join(topic.split() + words[5 * number : 5 * number + 5])

    robots = [paper("robot gripper grasp arm", n) for n in range(10)]
    auctions = [paper("auction bidder mechanism price", n) for n in range(10, 20)]
    bridge = [paper("robot gripper grasp auction", 20)]
    alone = [paper("poetry verse", 21), paper("ocean tide", 22), paper("violin string", 23)]
    numbers = new_topics(robots + auctions + bridge + alone, vectors, DEFAULT_PARAMETERS)
    assert set(numbers[:10]) == {numbers[0]} and set(numbers[10:20]) == {numbers[10]}
    assert numbers[0] >= 0 and numbers[10] >= 0 and numbers[0] != numbers[10]
    assert numbers[20] == numbers[0]
    assert list(numbers[21:]) == [-1, -1, -1]


def test_too_few_or_too_many_loose_papers_form_no_theme() -> None:
    size = DEFAULT_PARAMETERS.new_theme_size
    alike = sparse.csr_matrix(np.ones((size, 2), np.float32) / np.sqrt(2))
    assert list(group_loose(alike[:-1], DEFAULT_PARAMETERS)) == [-1] * (size - 1)
    assert list(group_loose(alike, DEFAULT_PARAMETERS)) == [0] * size
    limited = replace(DEFAULT_PARAMETERS, loose_grouping_limit=size - 1)
    assert list(group_loose(alike, limited)) == [-1] * size


def test_loose_papers_without_terms_wait() -> None:
    """Papers whose text leaves no term (all stop words) form no theme, and nothing fails."""
    size = DEFAULT_PARAMETERS.new_theme_size
    numbers = new_topics([""] * size, space(["graph"], [1.0]), DEFAULT_PARAMETERS)
    assert list(numbers) == [-1] * size


def test_the_build_says_when_loose_papers_are_too_many_to_group() -> None:
    limit = DEFAULT_PARAMETERS.loose_grouping_limit
    assert loose_notices(limit, DEFAULT_PARAMETERS) == []
    (notice,) = loose_notices(limit + 1, DEFAULT_PARAMETERS)
    assert notice.source == "themes.yml"
    assert f"{limit + 1:,} papers fit none of the themes" in notice.message
    assert "Not yet grouped" in notice.message and "make refit" in notice.message
