"""The render stage on hand-made records: which pages the plan holds and what links them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from dataclasses import replace

import pytest

from generator.ingest.merge import merge
from generator.model import (
    Digest,
    Grouping,
    MovedPaper,
    MovedTheme,
    Notice,
    Paper,
    Related,
    Theme,
)
from generator.pages.digest_page import digest_pages, render_digest_page
from generator.pages.feeds import DIGEST_FEED, theme_feed_path
from generator.pages.metadata import digest_dates
from generator.pages.moved_paper import render_moved_paper
from generator.pages.paper_page import paper_page, render_paper
from generator.pages.paper_rows import paper_rows, row_item
from generator.pages.render import render_report, render_site
from generator.pages.theme_pages import digests_of_themes, render_moved

ABSTRACT = "We show that {} works. It also scales."


@pytest.fixture(scope="module")
def records():
    papers = [Paper(f"Paper {name}", ABSTRACT.format(name), line) for line, name in
              enumerate(["Alpha", "Beta", "Gamma"], start=1)]  # fmt: skip
    archive = merge(
        [
            Digest("a.txt", "Digest A", dt.date(2024, 3, 1), None, None, tuple(papers[:2])),
            Digest("b.txt", "Digest B", dt.date(2024, 3, 2), None, None, tuple(papers[1:])),
        ]
    )
    alpha, beta, gamma = (entry.key for entry in archive.entries)
    grouping = Grouping(
        themes=(
            Theme("first", "First theme", ("alpha",), (alpha, beta), ("second",)),
            Theme("second", "Second theme", ("gamma",), (gamma,), ("first",)),
        ),
        theme_of={alpha: "first", beta: "first", gamma: "second"},
        moved=(MovedTheme("old", "Old theme", ("second",)),),
        points={alpha: (0.1, 0.1), beta: (0.2, 0.2), gamma: (0.9, 0.9)},
        related={alpha: (Related(beta, 0.5, ("works",)),)},
    )
    return archive, grouping


def test_the_plan_holds_every_page_once(records) -> None:
    archive, grouping = records
    plan = render_site(archive, grouping, [], "https://example.org/site/")
    for entry in archive.entries:
        assert f"papers/{entry.slug}.md" in plan
    for ref in archive.digests:
        assert {f"digests/{ref.slug}.md", f"digests/{ref.slug}.bib"} <= set(plan)
    for slug in ("first", "second", "old"):
        assert f"themes/{slug}.md" in plan
    assert {"index.md", "digests/index.md", "themes/index.md", "report.md", DIGEST_FEED} <= set(
        plan
    )
    assert "Paper Gamma" in plan["themes/second.md"]
    assert plan["themes/first.bib"].count("@misc{") == 2


def test_feeds_are_valid_rss_with_absolute_links(records) -> None:
    archive, grouping = records
    plan = render_site(archive, grouping, [], "https://example.org/site/")
    digests = ElementTree.fromstring(plan[DIGEST_FEED])
    links = [item.findtext("link") for item in digests.iter("item")]
    assert links == ["https://example.org/site/digests/b/",
                     "https://example.org/site/digests/a/"]  # fmt: skip
    theme = ElementTree.fromstring(plan[theme_feed_path(grouping.themes[0])])
    assert len(list(theme.iter("item"))) == 2


def test_paper_page_links_its_theme_related_papers_and_digests(records) -> None:
    archive, grouping = records
    alpha = archive.entries[0]
    digests = {ref.digest.source: ref for ref in archive.digests}
    page = render_paper(
        paper_page(
            alpha, archive, digests, grouping.themes[0], grouping.related[alpha.key], (), "@misc{x}"
        )
    )
    assert "Theme: [First theme](../themes/first.md)" in page
    assert "## Related papers" in page and '"paper-beta.md"' in page
    assert '"../digests/a.md"' in page
    assert "@misc{x}" in page
    # Readers see words, not internals: no line numbers, no raw similarity.
    assert ", line " not in page and "similarity" not in page
    assert '<a href="paper-beta.md">Paper Beta</a> · very close · shares works' in page


def test_moved_theme_points_to_its_successor_and_digests_count_theme_papers(records) -> None:
    archive, grouping = records
    assert "[Second theme](second.md)" in render_moved(grouping.moved[0], grouping)
    hidden = MovedTheme("quiet", "Quiet theme", ("first",), "hidden")
    assert "not shown on this site any more" in render_moved(hidden, grouping)
    counts = digests_of_themes(archive, grouping)
    assert [(ref.slug, n) for ref, n in counts["first"]] == [("b", 1), ("a", 2)]


def one_theme_plan(archive, label: str = "T") -> dict[str, str]:
    """The rendered site of an archive whose papers are all in one theme, ``t``."""
    keys = tuple(entry.key for entry in archive.entries)
    grouping = Grouping(
        themes=(Theme("t", label, ("x",), keys),), theme_of=dict.fromkeys(keys, "t")
    )
    return render_site(archive, grouping, [], "https://example.org/")


def test_feeds_stay_valid_xml_whatever_the_titles_hold() -> None:
    hostile = Paper("Nul\x00 and Esc\x1b in a <title> & more", "About \x0bit. More.", 1)
    archive = merge([Digest("c.txt", "Digest\x00 C", dt.date(2024, 3, 3), None, None, (hostile,))])
    plan = one_theme_plan(archive, "Theme\x1b")
    for path in (DIGEST_FEED, "feeds/theme-t.xml"):
        feed = ElementTree.fromstring(plan[path])  # raises on a character XML forbids
        assert "Nul and Esc" in ElementTree.tostring(feed, encoding="unicode")


def test_counts_agree_in_number() -> None:
    one = Paper("A single paper", "It is alone. Quite.", 1)
    archive = merge([Digest("d.txt", "D", dt.date(2024, 1, 1), None, None, (one,))])
    plan = one_theme_plan(archive)
    assert "**1** paper from **1** digest (1 listing), in **1** theme." in plan["index.md"]
    assert " · 1 paper" in plan["digests/index.md"] and "1 papers" not in str(plan)


def test_paper_page_shows_what_listings_carry_escaped_and_a_missing_abstract() -> None:
    paper = Paper(
        "Paper <b>Delta</b>",
        "",
        3,
        arxiv="2503.21001",
        published="2025-03-28",
        subjects=("Machine Learning (cs.LG)", "Robotics (cs.RO)"),
        comments="12 pages <script>x</script>",
        journal_ref="NeurIPS 2025",
        doi="10.1145/3580305.3599256",
        keywords=("agents", "planning"),
        upvotes=1,
        submitter="akhaliq",
        author_count=12,
        authors=("Ada Lovelace",),
    )
    archive = merge([Digest("d.txt", "Digest D", None, None, None, (paper,))])
    entry = archive.entries[0]
    page = render_paper(
        paper_page(entry, archive, {"d.txt": archive.digests[0]}, None, (), (), "@misc{d}")
    )
    facts = next(line for line in page.splitlines() if 'class="rd-facts"' in line)
    assert facts == (
        '<p class="rd-facts">arXiv 2503.21001 · Published March 28, 2025 · 12 authors · '
        "Machine Learning (cs.LG), Robotics (cs.RO) · In NeurIPS 2025 · "
        "12 pages &lt;script&gt;x&lt;/script&gt; · Keywords: agents, planning · 1 upvote · "
        "Submitted by akhaliq</p>"
    )
    assert "No abstract in the digests yet." in page
    assert '<a href="https://doi.org/10.1145/3580305.3599256">' in page
    assert '<a href="https://arxiv.org/abs/2503.21001">' in page


def test_every_feed_item_has_a_date_and_the_channel_its_newest() -> None:
    paper = Paper("Paper Epsilon", "We show that epsilon works. It also scales.", 1)
    other = Paper("Paper Zeta", "We show that zeta works. It also scales.", 2)
    archive = merge(
        [
            Digest("undated.txt", "Undated", None, None, None, (paper,)),
            Digest("daily.txt", "Daily", None, "Mar 12", None, (other,)),
        ],
        today=dt.date(2025, 3, 14),
    )
    plan = one_theme_plan(archive)
    for path in (DIGEST_FEED, "feeds/theme-t.xml"):
        channel = ElementTree.fromstring(plan[path]).find("channel")
        dates = [item.findtext("pubDate") for item in channel.iter("item")]
        assert len(dates) == 2 and all(dates), path
        # The listing's Mar 12 of the first build's year; the undated digest: its first build.
        assert set(dates) == {"Wed, 12 Mar 2025 00:00:00 +0000", "Fri, 14 Mar 2025 00:00:00 +0000"}
        assert channel.findtext("lastBuildDate") == "Fri, 14 Mar 2025 00:00:00 +0000"


def test_a_moved_theme_keeps_its_feed_with_an_item_that_points_on(records) -> None:
    archive, grouping = records
    plan = render_site(archive, grouping, [], "https://example.org/")
    assert "themes/old.md" in plan
    channel = ElementTree.fromstring(plan["feeds/theme-old.xml"]).find("channel")
    (item,) = channel.iter("item")
    assert item.findtext("title") == "Old theme is now Second theme"
    assert item.findtext("link") == "https://example.org/themes/second/"
    assert item.findtext("pubDate") == "Sat, 02 Mar 2024 00:00:00 +0000"  # the newest digest's


def test_a_digest_page_record_changes_only_with_what_its_page_shows(records) -> None:
    """The build's cache keys each digest page by its record: a new digest leaves the records
    of the others as they were, and a theme renamed changes those that show it."""
    archive, grouping = records
    rows = paper_rows(archive, digest_dates(archive))
    before = digest_pages(archive, grouping, rows)
    plan = render_site(archive, grouping, [], "https://example.org/")
    for ref, page in zip(archive.digests, before):
        assert plan[f"digests/{ref.slug}.md"] == render_digest_page(page)
    newer = Paper("Paper Delta", ABSTRACT.format("Delta"), 1)
    digests = [ref.digest for ref in archive.digests]
    grown = merge(
        [*digests, Digest("c.txt", "Digest C", dt.date(2024, 3, 3), None, None, (newer,))]
    )
    grown_rows = paper_rows(grown, digest_dates(grown))
    after = {page.slug: page for page in digest_pages(grown, grouping, grown_rows)}
    assert [after[page.slug] for page in before] == before
    renamed = replace(grouping, themes=(replace(grouping.themes[1], label="Renamed"),))
    pages = {page.slug: page for page in digest_pages(archive, renamed, rows)}
    (first, second) = before  # newest first: B holds Gamma, of the renamed theme; A does not
    assert pages[first.slug] != first and "Renamed" in render_digest_page(pages[first.slug])
    assert pages[second.slug].rows[0].theme is None  # its theme no longer shown: no theme line


def test_a_paper_row_shows_the_first_sentence_of_its_plain_title_and_abstract() -> None:
    """Lists show a paper's title as plain text and the first sentence of its abstract; the
    row's texts come from ``map_papers`` (the build's cache), once per paper."""
    paper = Paper("Scaling $\\alpha^2$ <b>laws</b>", "We fit  laws. Then more.", 1)
    archive = merge([Digest("a.txt", "A", None, None, None, (paper,))])
    mapped: list[tuple[str, str]] = []

    def recording_map(function, items):
        mapped.extend(items)
        return map(function, items)

    (row,) = paper_rows(archive, {}, recording_map).values()
    assert mapped == [(paper.title, paper.abstract)]
    assert (row.title, row.first_sentence) == ("Scaling α² <b>laws</b>", "We fit laws.")
    item = row_item(row, "../papers/")
    assert "&lt;b&gt;laws&lt;/b&gt;" in item and "<b>" not in item
    assert item.endswith('<br><span class="rd-first">We fit laws.</span>')


def test_a_theme_feed_holds_its_newest_papers_once_each_newest_digest_first(monkeypatch) -> None:
    from generator.pages import feeds

    papers = [Paper(f"Paper {n}", ABSTRACT.format(n), n) for n in range(1, 6)]
    archive = merge(
        [
            Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, tuple(papers[:3])),
            Digest("b.txt", "B", dt.date(2024, 3, 2), None, None, (papers[1], papers[3])),
            Digest("c.txt", "C", dt.date(2024, 3, 3), None, None, (papers[4],)),
        ]
    )
    key = {entry.paper.title: entry.key for entry in archive.entries}
    ours = tuple(key[f"Paper {n}"] for n in (1, 2, 3, 4))
    grouping = Grouping(
        themes=(Theme("t", "T", (), ours), Theme("u", "U", (), (key["Paper 5"],))),
        theme_of={**dict.fromkeys(ours, "t"), key["Paper 5"]: "u"},
    )
    monkeypatch.setattr(feeds, "FEED_LIMIT", 3)
    newest = feeds.newest_papers(archive, grouping)
    # Digest B first (Paper 2 under it, not again under A), then A, up to the limit.
    assert [(k, ref.digest.source) for k, ref in newest["t"]] == [
        (key["Paper 2"], "b.txt"),
        (key["Paper 4"], "b.txt"),
        (key["Paper 1"], "a.txt"),
    ]
    assert [k for k, _ in newest["u"]] == [key["Paper 5"]]


def test_the_report_lists_warnings_under_a_heading_for_each_file(records) -> None:
    archive, _ = records
    notices = [
        Notice("lists/awesome.md", 5, "text that names no paper: [TinyZero](https://x.org)"),
        Notice("themes.yml", 0, "curation names no theme: 'Robotcs'"),
        Notice("lists/awesome.md", 9, "a link to a paper without a title"),
    ]
    report = render_report(archive, notices)
    body = report.split("## Warnings", 1)[1]
    assert body.index("### lists/awesome\\.md (2 warnings)") < body.index(
        "### themes\\.yml (1 warning)"
    )
    assert "- Line 5: text that names no paper: \\[TinyZero\\]" in body
    assert "- Line 9: a link to a paper without a title" in body
    assert "- curation names no theme: 'Robotcs'" in body  # the whole file: no line


def test_a_moved_papers_page_links_to_the_paper_and_stays_out_of_search() -> None:
    paper = Paper("Sparse <b>Gadgets</b> Now", "x.", 1, arxiv="2503.00001")
    archive = merge([Digest("a.txt", "A", None, None, None, (paper,))])
    moved = MovedPaper("gadgets-sparse-and-now", "Gadgets *Sparse* and Now", archive.entries[0].key)
    page = render_moved_paper(moved, archive)
    assert 'title: "Gadgets *Sparse* and Now"' in page and "\nmoved: " in page
    assert "# Gadgets \\*Sparse\\* and Now" in page  # the old title, as written
    assert f"]({archive.entries[0].slug}.md)" in page
    assert "<b>" not in page


def test_a_paper_page_names_the_other_titles_its_paper_was_listed_under() -> None:
    papers = (
        Paper("Consistency Models for Fast Sampling", "", 1, arxiv="2303.01469"),
        Paper("Consistency Models", "We propose consistency models.", 2, arxiv="2303.01469"),
    )
    archive = merge([Digest("a.txt", "A", None, None, None, papers)])
    (entry,) = archive.entries
    page = render_site(archive, Grouping((), {}), [], "")[f"papers/{entry.slug}.md"]
    assert "Also listed as Consistency Models for Fast Sampling" in page
