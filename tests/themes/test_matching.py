"""Theme identities: a recorded theme's slug goes to the cluster that holds most of its papers,
or to what is left of it when most of them joined another theme."""

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


def _recorded(*themes: tuple[str, str, int]) -> tuple[list[tuple[str, ...]], Registry]:
    """Recorded themes of (slug, label, number of papers), and the papers of each."""
    papers = [tuple(f"{slug}-{n}" for n in range(count)) for slug, _, count in themes]
    recorded = (RecordedTheme(slug, label, p) for (slug, label, _), p in zip(themes, papers))
    return papers, Registry(themes=tuple(recorded))


FINE_TUNING_AND_PRUNING = (
    ("pruning", "Pruning", 8),
    ("peft", "Parameter-efficient fine-tuning", 10),
)


def test_a_theme_most_of_which_joined_another_keeps_its_slug_where_the_rest_went() -> None:
    # The shape of a 42,000-paper archive's daily build: one digest, and k-means joined 854 of
    # the 1,407 papers of "Parameter-efficient fine-tuning" to "Pruning"; the other 553 made a
    # cluster of 558. Without the rule, that cluster took a new slug, the theme retired and
    # 1,412 papers changed theme; with it, the settling step returns them and one moves.
    (pruning, peft), registry = _recorded(*FINE_TUNING_AND_PRUNING)
    names, retired = match_themes(
        [[*pruning, *peft[:6]], [*peft[6:], "new"]], ["Pruning", "Long sequences"], registry
    )
    assert names == [("pruning", "Pruning"), ("peft", "Parameter-efficient fine-tuning")]
    assert retired == []


def test_a_theme_that_joined_another_retires_when_no_cluster_is_mostly_its_own() -> None:
    (pruning, peft), registry = _recorded(*FINE_TUNING_AND_PRUNING)
    new = ["new-1", "new-2", "new-3"]
    names, retired = match_themes(
        [[*pruning, *peft[:8]], [*peft[8:], *new]], ["Pruning", "Robots"], registry
    )
    assert names == [("pruning", "Pruning"), ("robots", "Robots")]
    assert retired == [MovedTheme("peft", "Parameter-efficient fine-tuning", ("pruning", "robots"))]


def test_a_cluster_drawn_again_under_a_themes_label_with_some_of_its_papers_is_that_theme() -> None:
    # The shape of an 18,000-paper archive's daily build: 8 of a small theme's papers joined
    # "Domain generalization", the rest were drawn again under the same label, and the theme
    # was retired for a new one of the same name at another address.
    (domain, small), registry = _recorded(
        ("domain-generalization", "Domain generalization", 20),
        ("proportions", "Proportions bootstrapping", 12),
    )
    clusters = [[*domain, *small[:8]], [*small[8:], "n1", "n2", "n3", "n4", "n5"]]
    names, retired = match_themes(
        clusters, ["Domain generalization", "Proportions bootstrapping"], registry
    )
    assert names[1] == ("proportions", "Proportions bootstrapping") and retired == []
    names, retired = match_themes(clusters, ["Domain generalization", "Bootstrap"], registry)
    assert names[1] == ("bootstrap", "Bootstrap")
    assert [r.slug for r in retired] == ["proportions"]


def test_a_retired_slug_is_never_given_to_a_new_theme() -> None:
    registry = Registry(retired=(MovedTheme("gnn", "Gnn", ()),))
    names, _ = match_themes([["a", "b"]], ["Gnn"], registry)
    assert names == [("gnn-2", "Gnn")]
