"""What pages tell machines: a paper's JSON-LD, each page's content date, descriptions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from generator.ingest.merge import merge
from generator.model import Digest, Grouping, Paper, Theme
from generator.pages.metadata import (
    digest_description,
    page_dates,
    paper_description,
    paper_published,
    scholarly_article,
)
from generator.pages.theme_pages import describe

HOSTILE = "</script><script>alert(1)</script> & <b>Tricks</b>\u2028"


def archive_of(*digests: Digest, first_built: dict[str, dt.date] | None = None):
    return merge(list(digests), first_built or {}, dt.date(2025, 3, 15))


def test_structured_data_cannot_close_its_script_and_reads_back_as_written() -> None:
    paper = Paper(HOSTILE, "An abstract with $x^2$ and </script>.", 1, arxiv="2406.01234",
                  authors=("Ada Lovelace",), doi="10.1/xyz", keywords=("graphs",))  # fmt: skip
    archive = archive_of(Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, (paper,)))
    (entry,) = archive.entries
    text = scholarly_article(entry, {"a.txt": "2024-03-01"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    data = json.loads(text)
    assert data["name"] == "</script><script>alert(1)</script> & <b>Tricks</b>"
    assert data["abstract"].startswith("An abstract with") and "</script>" in data["abstract"]
    assert data["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    assert data["sameAs"] == ["https://arxiv.org/abs/2406.01234", "https://doi.org/10.1/xyz"]
    assert data["datePublished"] == "2024-03-01" and data["keywords"] == "graphs"


def test_a_paper_is_published_on_its_own_date_else_its_first_digests() -> None:
    papers = [Paper("Dated", "A.", 1, published="2023-11"), Paper("Undated", "B.", 2)]
    archive = archive_of(
        Digest("b.txt", "B", dt.date(2024, 5, 2), None, None, (papers[1],)),
        Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, tuple(papers)),
    )
    dates = {"a.txt": "2024-03-01", "b.txt": "2024-05-02"}
    found = {e.paper.title: paper_published(e, dates) for e in archive.entries}
    assert found == {"Dated": "2023-11", "Undated": "2024-03-01"}
    nothing = Paper("No date anywhere", "C.", 1, published="in press")
    (entry,) = archive_of(Digest("u.txt", "U", None, None, None, (nothing,))).entries
    assert paper_published(entry, {}) is None
    assert "datePublished" not in json.loads(scholarly_article(entry, {}))


def test_page_dates_are_the_newest_digest_a_page_shows() -> None:
    one, two = Paper("One", "A.", 1), Paper("Two", "B.", 2)
    archive = archive_of(
        Digest("new.txt", "New", dt.date(2024, 5, 2), None, None, (two,)),
        Digest("old.txt", "Old", dt.date(2024, 3, 1), None, None, (one, two)),
        Digest("paste.txt", "Paste", None, None, None, (one,)),
        first_built={"paste.txt": dt.date(2024, 4, 1)},
    )
    keys = {e.paper.title: e.key for e in archive.entries}
    slugs = {e.paper.title: e.slug for e in archive.entries}
    grouping = Grouping(themes=(Theme("t", "T", (), (keys["One"],)),), theme_of={keys["One"]: "t"})
    dates = page_dates(archive, grouping)
    assert dates[f"papers/{slugs['One']}.md"] == "2024-04-01"  # the undated paste's first build
    assert dates[f"papers/{slugs['Two']}.md"] == "2024-05-02"
    assert dates["themes/t.md"] == "2024-04-01"
    assert dates["index.md"] == dates["digests/index.md"] == "2024-05-02"
    assert "report.md" not in dates


def test_a_digest_is_described_by_its_own_words_or_its_first_titles() -> None:
    papers = tuple(Paper(f"Paper {n} " + "long " * 30, "A.", n) for n in range(5))
    archive = archive_of(Digest("a.txt", "A", None, None, None, papers))
    text = digest_description(archive.digests[0], archive)
    assert text.startswith("5 papers: Paper 0 long") and text.endswith("…")
    assert len(text) <= 202
    described = archive_of(Digest("b.txt", "B", None, None, "Week 11 of the group.", papers))
    assert digest_description(described.digests[0], described) == "Week 11 of the group."


def test_a_paper_without_an_abstract_is_described_by_what_its_digest_gives() -> None:
    paper = Paper("Adam: A method", "It works. It is fast.", 1)
    assert paper_description(paper) == "It works."
    listed = replace(paper, abstract="", authors=("D. Kingma", "J. Ba"), published="2014")
    assert paper_description(listed) == "By D. Kingma, J. Ba (2014)."
    many = replace(listed, authors=("A B", "C D", "E F", "G H"), published="Nov 15")
    assert paper_description(many) == "By A B, C D, E F et al."
    noted = replace(many, notes="They only select 50 sentences. Of many.")
    assert paper_description(noted) == "They only select 50 sentences."
    assert paper_description(Paper("Adam", "", 1)) == ""


def test_a_theme_is_described_by_its_terms_and_not_yet_grouped_by_why_papers_are_there() -> None:
    theme = Theme("t", "Diffusion", ("diffusion", "score", "sampling"), ("a", "b"))
    assert describe(theme) == "2 papers on diffusion, score, sampling."
    ungrouped = describe(replace(theme, terms=()))
    assert ungrouped.startswith("2 papers that fit no theme yet: from a field new to the archive")
    assert "known by their title alone" in ungrouped  # a list's papers, before an abstract
