"""Curation that names nothing, or hides everything, is said, with the closest name."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.ingest.merge import merge
from generator.pipeline import read_digests
from generator.themes.group import group
from generator.themes.paper_text import paper_texts
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.registry import Curation, Registry


@pytest.fixture(scope="module")
def grouped():
    digests, errors, _ = read_digests(FIXTURES / "digests")
    assert not errors
    archive = merge(digests)
    texts = paper_texts(archive.entries, DEFAULT_PARAMETERS)
    first = group(archive.entries, texts, Registry(), DEFAULT_PARAMETERS)
    return archive, texts, first


def regroup(grouped, curation: Curation):
    archive, texts, first = grouped
    registry = Registry(themes=first.registry.themes, curation=curation)
    return group(archive.entries, texts, registry, DEFAULT_PARAMETERS)


def test_a_typo_in_curation_is_a_warning_naming_the_closest_slug(grouped) -> None:
    archive, _, first = grouped
    theme = first.grouping.themes[0].slug
    paper = archive.entries[0].slug
    assert regroup(grouped, Curation(rename={theme: "Mine"})).notices == ()
    typo = theme[:-1] + ("x" if theme[-1] != "x" else "y")
    result = regroup(
        grouped,
        Curation(
            rename={typo: "Mine"}, merge={typo: theme}, pin={paper + "s": theme},
            hide=frozenset({typo}),
        ),
    )  # fmt: skip
    messages = [notice.message for notice in result.notices]
    assert len(messages) == 4, messages
    assert all(n.source == "themes.yml" for n in result.notices)
    assert f"curation rename: no theme {typo!r}, ignored; did you mean {theme!r}?" in messages
    assert any(f"no paper {paper + 's'!r}" in m and repr(paper) in m for m in messages)


def test_hiding_every_theme_says_that_one_is_shown(grouped) -> None:
    _, _, first = grouped
    slugs = frozenset(t.slug for t in first.grouping.themes)
    result = regroup(grouped, Curation(hide=slugs))
    assert len(result.grouping.themes) == 1
    assert any("hides every theme" in n.message for n in result.notices)


def test_hidden_and_merged_themes_keep_a_page_that_says_where_their_papers_went(grouped) -> None:
    _, _, first = grouped
    a, b, c, *_ = [t.slug for t in first.grouping.themes]
    result = regroup(grouped, Curation(merge={a: b, b: c}))
    shown = {t.slug for t in result.grouping.themes}
    moved = {m.slug: m for m in result.grouping.moved}
    assert a not in shown and b not in shown and c in shown
    assert (moved[a].reason, moved[a].successors) == ("merged", (c,))  # the chain's end
    assert (moved[b].reason, moved[b].successors) == ("merged", (c,))
    hidden = regroup(grouped, Curation(hide=frozenset({a})))
    (gone,) = hidden.grouping.moved
    assert gone.slug == a and gone.reason == "hidden" and gone.successors
    assert set(gone.successors) <= {t.slug for t in hidden.grouping.themes}


def test_merge_cycles_and_merges_into_hidden_themes_are_warnings_naming_the_slugs(
    grouped,
) -> None:
    _, _, first = grouped
    a, b, *_ = [t.slug for t in first.grouping.themes]
    cycle = regroup(grouped, Curation(merge={a: b, b: a}))
    assert {a, b} <= {t.slug for t in cycle.grouping.themes}  # neither is merged
    first_slug, second_slug = sorted([a, b])
    chain = f"{first_slug} -> {second_slug} -> {first_slug}"
    assert [n.message for n in cycle.notices] == [
        f"curation merge: a cycle {chain}; none of them is merged"
    ]
    into_hidden = regroup(grouped, Curation(merge={a: b}, hide=frozenset({b})))
    assert any(
        f"{a!r} merges into {b!r}, which is hidden" in n.message for n in into_hidden.notices
    )
    moved = {m.slug: m for m in into_hidden.grouping.moved}
    assert moved[a].reason == "merged" and moved[a].successors  # a page that leads somewhere
    assert set(moved[a].successors) <= {t.slug for t in into_hidden.grouping.themes}


def test_merge_chains_end_at_their_last_theme_and_cycles_merge_nowhere() -> None:
    from generator.themes.curation import merge_targets

    target, cycles = merge_targets(
        {"a": "b", "b": "c", "x": "y", "y": "x", "u": "unknown"}, ["a", "b", "c", "x", "y", "u"]
    )
    assert (target["a"], target["b"], target["c"]) == ("c", "c", "c")
    assert (target["x"], target["y"], target["u"]) == ("x", "y", "u")
    assert cycles == [["x", "y"]]


def test_a_pin_naming_a_title_joined_to_another_paper_pins_that_paper(grouped) -> None:
    """The address of a title now joined to another paper (its page points there) is what
    the reader pinned: the pin follows to the paper, with a warning; the registry the build
    records keeps the pin as themes.yml has it. A paper pinned already keeps its own pin."""
    archive, texts, first = grouped
    paper, other = archive.entries[0], archive.entries[1]
    themes = [t.slug for t in first.grouping.themes]
    elsewhere = next(s for s in themes if s != first.grouping.theme_of[paper.key])
    registry = Registry(
        themes=first.registry.themes, curation=Curation(pin={"old-address": elsewhere})
    )
    joined = {"old-address": paper.slug}
    result = group(archive.entries, texts, registry, DEFAULT_PARAMETERS, joined=joined)
    assert result.grouping.theme_of[paper.key] == elsewhere
    assert [n.message for n in result.notices] == [
        f"curation pin: 'old-address' is now a title of the paper {paper.slug!r}; "
        "the pin applies to it"
    ]
    assert result.registry.curation.pin == {"old-address": elsewhere}
    unjoined = group(archive.entries, texts, registry, DEFAULT_PARAMETERS)
    assert unjoined.grouping.theme_of[paper.key] == first.grouping.theme_of[paper.key]
    assert "no paper 'old-address'" in unjoined.notices[0].message
    own = Curation(pin={"old-address": elsewhere, other.slug: themes[0]})
    joined_to_other = {"old-address": other.slug}
    kept = group(
        archive.entries, texts, Registry(themes=first.registry.themes, curation=own),
        DEFAULT_PARAMETERS, joined=joined_to_other,
    )  # fmt: skip
    assert kept.grouping.theme_of[other.key] == themes[0]
    assert [n.message for n in kept.notices] == [
        f"curation pin: 'old-address' is now a title of the paper {other.slug!r}, which has "
        "a pin already; ignored"
    ]
