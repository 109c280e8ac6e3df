"""Theme identities: a recorded theme's slug goes to the cluster that holds most of its papers."""

from __future__ import annotations

from generator.model import MovedTheme
from generator.themes.matching import match_themes
from generator.themes.registry import RecordedTheme, Registry


def test_a_theme_keeps_its_slug_and_label_where_most_of_its_papers_go() -> None:
    registry = Registry(
        themes=(
            RecordedTheme("diffusion-models", "Diffusion models", ("a", "b", "c", "d")),
            RecordedTheme("bandits", "Bandits", ("e", "f", "g")),
        )
    )
    names, retired = match_themes(
        [["e", "f", "x"], ["a", "b", "c"], ["d", "y", "z"]],
        ["Multi-armed bandits", "Score-based models", "Index"],
        registry,
    )
    assert names == [
        ("bandits", "Bandits"),
        ("diffusion-models", "Diffusion models"),
        ("index-2", "Index"),  # a new theme never takes a reserved name
    ]
    assert retired == []


def test_a_theme_whose_papers_scatter_retires_pointing_where_they_went() -> None:
    registry = Registry(themes=(RecordedTheme("graphs", "Graphs", ("a", "b", "c", "d")),))
    names, retired = match_themes([["a", "b", "x"], ["c", "d", "y", "z"]], ["Gnn", "Gnn"], registry)
    assert [slug for slug, _ in names] == ["gnn", "gnn-2"]  # neither holds over half
    assert retired == [MovedTheme("graphs", "Graphs", ("gnn", "gnn-2"))]


def test_a_retired_slug_is_never_given_to_a_new_theme() -> None:
    registry = Registry(retired=(MovedTheme("gnn", "Gnn", ()),))
    names, _ = match_themes([["a", "b"]], ["Gnn"], registry)
    assert names == [("gnn-2", "Gnn")]
