"""What lets the search narrow results by theme, year and digest (papers by number), and
the sibling sub-sites whose results it merges."""

from __future__ import annotations

import datetime as dt
import json

from generator.ingest.merge import merge
from generator.model import Digest, Grouping, Paper, Theme
from generator.pages.metadata import ARRIVAL_ORDER, arrival_order, digest_dates
from generator.pages.render import render_site
from generator.pages.search_facets import (
    SEARCH_FACETS,
    numbers_of,
    paper_year,
    runs,
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


def test_numbers_are_listed_as_runs_that_give_them_back() -> None:
    assert runs([]) == []
    assert runs([3]) == [3, 1]
    assert runs([0, 1, 2, 7, 8, 10]) == [0, 3, 4, 2, 1, 1]
    assert runs([8, 7, 7, 0]) == [0, 1, 6, 2]  # sorted, each once
    for numbers in ([5, 6, 7], [0, 2, 4, 6], list(range(0, 40, 3)) + list(range(50, 60))):
        assert numbers_of(runs(numbers)) == set(numbers)
    assert numbers_of([0, 3, 4, 2, 1, 1]) == {0, 1, 2, 7, 8, 10}


def test_a_paper_has_its_year_from_its_date_its_arxiv_id_or_its_first_digest() -> None:
    archive, _, _ = records()
    dates = digest_dates(archive)
    years = {entry.paper.title: paper_year(entry, dates) for entry in archive.entries}
    assert years == {"Own date": "2023", "From arXiv": "2022", "Shared": "2024"}


def test_the_facet_list_gives_each_theme_year_and_digest_its_papers_by_number() -> None:
    archive, grouping, keys = records()
    order = arrival_order(archive)
    number = {entry.key: order.index(entry.slug) for entry in archive.entries}
    facets = json.loads(search_facets(archive, grouping, digest_dates(archive), order))

    def members(row: list) -> set[int]:
        found = numbers_of(row[2])
        assert len(found) == row[1]
        return found

    themes = {row[0]: members(row) for row in facets["theme"]}
    assert list(themes) == ["Alpha", "Zeta"]  # by label
    assert themes["Zeta"] == {number[keys["Own date"]], number[keys["Shared"]]}
    years = {row[0]: members(row) for row in facets["year"]}
    assert list(years) == ["2024", "2023", "2022"]  # newest first
    assert years["2022"] == {number[keys["From arXiv"]]}
    digests = [(row[0], members(row)) for row in facets["digest"]]
    assert [title for title, _ in digests] == [ref.digest.title for ref in archive.digests]
    assert all(number[keys["Shared"]] in papers for _, papers in digests)  # in both


def test_paper_pages_carry_no_facets_and_the_list_is_stable() -> None:
    """A paper's theme and digests live in the list, not in its page's indexed text: a move
    to another theme or a new digest listing it again changes no search shard."""
    archive, grouping, _ = records()
    plan = render_site(archive, grouping, [], "https://example.org/")
    for entry in archive.entries:
        assert "rd-facets" not in plan[f"papers/{entry.slug}.md"]
    again = render_site(archive, grouping, [], "https://example.org/")
    assert again[SEARCH_FACETS] == plan[SEARCH_FACETS]
    assert json.loads(plan[ARRIVAL_ORDER]) == arrival_order(archive)


def test_the_site_lists_the_sibling_sub_sites_its_search_merges() -> None:
    archive, grouping, _ = records()
    plan = render_site(archive, grouping, [], "https://example.org/2025/", None, ["../2024/"])
    assert json.loads(plan[SEARCH_SITES]) == {"sites": ["../2024/"]}
    alone = render_site(archive, grouping, [], "https://example.org/")
    assert json.loads(alone[SEARCH_SITES]) == {"sites": []} == json.loads(search_sites(()))
