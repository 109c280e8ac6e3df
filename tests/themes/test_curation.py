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
