"""The words that let the search narrow results by theme, year and digest, and the sibling
sub-sites whose results it merges."""

from __future__ import annotations

import datetime as dt
import itertools
import json

from generator.ingest.merge import merge
from generator.model import Digest, Grouping, Paper, Theme
from generator.pages.metadata import digest_dates
from generator.pages.render import render_site
from generator.pages.search_facets import (
    DIGEST,
    SEARCH_FACETS,
    THEME,
    YEAR,
    facet_word,
    paper_facet_words,
    search_facets,
)
from generator.pages.search_sites import SEARCH_SITES, search_sites


def records():
    march = Digest(
        "march.txt",
        "March & <b>friends</b>",
        dt.date(2024, 3, 12),
        None,
        None,
        (Paper("Own date", "A.", 1, published="2023-05-01"), Paper("Shared", "B.", 2)),
    )
    undated = Digest(
        "undated.txt",
        "Undated",
        None,
        None,
        None,
        (Paper("From arXiv", "C.", 1, arxiv="2201.00001"), Paper("Shared", "B.", 2)),
    )
    archive = merge([march, undated])
    keys = {entry.paper.title: entry.key for entry in archive.entries}
    themes = (
        Theme("zeta", "Zeta", (), (keys["Own date"], keys["Shared"])),
        Theme("alpha", "Alpha", (), (keys["From arXiv"],)),
    )
    theme_of = {key: theme.slug for theme in themes for key in theme.members}
    return archive, Grouping(themes, theme_of), keys


def test_facet_words_have_one_length_per_kind_and_none_begins_another() -> None:
    words = [facet_word(THEME, slug) for slug in ("a", "diffusion", "large-language-models")]
    words += [facet_word(DIGEST, slug) for slug in ("a", "2024-03-12", "week-1")]
    words += [facet_word(YEAR, year) for year in ("1999", "2024", "2025")]
    assert len(set(words)) == len(words) and all(w.isalnum() and w.islower() for w in words)
    for first, second in itertools.permutations(words, 2):
        assert not second.startswith(first), (first, second)
    assert facet_word(THEME, "diffusion") == facet_word(THEME, "diffusion")  # no state


def test_a_paper_has_its_theme_year_and_every_digest() -> None:
    archive, grouping, _ = records()
    digests = {ref.digest.source: ref for ref in archive.digests}
    dates = digest_dates(archive)
    themes = {theme.slug: theme for theme in grouping.themes}
    by_title = {entry.paper.title: entry for entry in archive.entries}

    def words(title: str) -> list[str]:
        entry = by_title[title]
        return paper_facet_words(entry, themes[grouping.theme_of[entry.key]], digests, dates)

    march, undated = (facet_word(DIGEST, ref.slug) for ref in archive.digests)
    zeta, alpha = facet_word(THEME, "zeta"), facet_word(THEME, "alpha")
    assert words("Own date") == [zeta, facet_word(YEAR, "2023"), march]  # its own date's year
    assert words("From arXiv") == [alpha, facet_word(YEAR, "2022"), undated]  # its arXiv id's
    assert words("Shared") == [zeta, facet_word(YEAR, "2024"), march, undated]  # first digest's


def test_the_facet_list_names_each_word_with_its_papers() -> None:
    archive, grouping, _ = records()
    facets = json.loads(search_facets(archive, grouping, digest_dates(archive)))
    assert [row[1:] for row in facets["theme"]] == [["Alpha", 1], ["Zeta", 2]]  # by label
    assert [row[1:] for row in facets["year"]] == [["2024", 1], ["2023", 1], ["2022", 1]]
    assert [row[1] for row in facets["digest"]] == [ref.digest.title for ref in archive.digests]
    assert sorted(row[2] for row in facets["digest"]) == [2, 2]


def test_paper_pages_carry_their_words_unseen_and_the_site_lists_them() -> None:
    archive, grouping, _ = records()
    plan = render_site(archive, grouping, [], "https://example.org/")
    listed = json.loads(plan[SEARCH_FACETS])
    every_word = {row[0] for rows in listed.values() for row in rows}
    for entry in archive.entries:
        page = plan[f"papers/{entry.slug}.md"]
        hidden = page.split('<p class="rd-facets" hidden>')[1].split("</p>")[0].split()
        assert hidden and set(hidden) <= every_word
    assert (
        render_site(archive, grouping, [], "https://example.org/")[SEARCH_FACETS]
        == plan[SEARCH_FACETS]
    )


def test_the_site_lists_the_sibling_sub_sites_its_search_merges() -> None:
    archive, grouping, _ = records()
    plan = render_site(archive, grouping, [], "https://example.org/2025/", None, ["../2024/"])
    assert json.loads(plan[SEARCH_SITES]) == {"sites": ["../2024/"]}
    alone = render_site(archive, grouping, [], "https://example.org/")
    assert json.loads(alone[SEARCH_SITES]) == {"sites": []} == json.loads(search_sites(()))
