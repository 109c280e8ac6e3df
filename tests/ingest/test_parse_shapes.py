"""Each paste shape users bring, and the edge cases of plain text."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from generator.errors import InputError
from generator.ingest.parse import parse_digest


def parse_fixture(name: str):
    return parse_digest((FIXTURES / "digests" / name).read_bytes(), name)


def test_listing_with_header_notes_and_chrome() -> None:
    digest = parse_fixture("week-1.txt")
    assert digest.title == "Diffusion and friends"
    assert digest.date == dt.date(2024, 3, 12)
    assert digest.listing_date == "Mar 12"
    assert digest.description == "A reading list for the week."
    assert len(digest.papers) == 14
    assert digest.papers[0].notes == "Try it on our data."
    assert digest.papers[0].line == 23
    assert not digest.fragments and not digest.notices
    gene = digest.papers[1]  # the header's reading map names it
    assert (gene.reading.status, gene.reading.presenter) == ("to read", "Alan Turing")
    assert gene.tags == ("causality", "biology")


def test_listing_without_blank_lines_crlf_and_glued_subscribe() -> None:
    digest = parse_fixture("listing.txt")
    assert digest.papers[0].title == "Value Gradient weighted Model-Based Reinforcement Learning"
    assert all("\r" not in p.title + p.abstract for p in digest.papers)
    assert len(digest.papers) == 12
    assert digest.title == "Listing"


def test_cards_with_extra_lines() -> None:
    digest = parse_fixture("cards.txt")
    titles = [p.title for p in digest.papers]
    assert titles == [
        "Retrieval-Augmented Generation for Large Language Models: A Survey",
        "Schrödinger Bridges Beat Diffusion Models on Text-to-Speech Synthesis",
    ]
    assert digest.papers[0].authors == ("Yunfan Gao", "Yun Xiong", "Xinyu Gao")
    first, second = digest.papers  # the card's meta lines, above and below its title
    assert (first.upvotes, first.submitter, first.published, first.author_count) == (
        42, "alice", "Mar 14", 3,
    )  # fmt: skip
    assert (second.upvotes, second.submitter, second.author_count) == (7, "bob", 5)
    assert digest.listing_date == "Mar 14"
    assert [(f.line, f.reason) for f in digest.fragments] == [(16, "title without an abstract")]
    assert any("cards.txt:16" in str(n) for n in digest.notices)


def test_single_paper_page() -> None:
    digest = parse_fixture("paper-page.txt")
    (paper,) = digest.papers
    assert paper.arxiv == "2406.01234"
    assert paper.title == "Scaling Laws for Sparse Mixture-of-Experts Language Models"
    assert paper.summary == "Sparse experts follow their own scaling laws, and we measure them."
    assert paper.abstract.startswith("We study how the loss")
    assert paper.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert "Great paper" not in paper.abstract
    assert not digest.fragments


def test_markdown_trending_list() -> None:
    digest = parse_fixture("trending.md")
    assert [p.title for p in digest.papers] == [
        "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
        "Vision Mamba: Efficient Visual Representation Learning with Bidirectional State "
        "Space Model",
    ]
    mamba = digest.papers[0]
    assert mamba.code == ("https://github.com/state-spaces/mamba",)
    assert "deep learning, are almost" in mamba.abstract  # wrapped lines joined by one space
    assert not digest.fragments


def test_bom_trailing_space_and_non_ascii() -> None:
    text = "\ufeffÜber Schrödinger: Ein Titel   \n" + "Wir zeigen etwas. " * 20 + "  \n"
    digest = parse_digest(text.encode("utf-8"), "de.txt")
    (paper,) = digest.papers
    assert paper.title == "Über Schrödinger: Ein Titel"
    assert paper.abstract == ("Wir zeigen etwas. " * 20).strip()


def test_question_titles_are_titles() -> None:
    text = "How Much is Enough? A Study on Diffusion Times\n" + "We study it. " * 30
    (paper,) = parse_digest(text.encode(), "q.txt").papers
    assert paper.title == "How Much is Enough? A Study on Diffusion Times"


def test_cut_digest_reports_fragments_with_lines() -> None:
    abstract = "We propose a method and show that it works well on many benchmarks. " * 4
    text = "\n".join(
        [
            abstract,  # abstract without title
            "A Whole Paper",
            abstract,
            "A Title Without Abstract",
            "Another Whole Paper",
            abstract + "and the paste stops in the mid",
        ]
    )
    digest = parse_digest(text.encode(), "cut.txt")
    assert [p.title for p in digest.papers] == ["A Whole Paper", "Another Whole Paper"]
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (1, "abstract without a title"),
        (4, "title without an abstract"),
    ]
    assert any("cut.txt:5" in str(n) and "cut off" in str(n) for n in digest.notices)


@pytest.mark.parametrize(
    "text", ["", "   \n\n\t\n", "new\nSubscribe\nGet trending papers in your email inbox!\n"]
)
def test_empty_whitespace_and_chrome_only_files_warn(text: str) -> None:
    digest = parse_digest(text.encode(), "empty.txt")
    assert digest.papers == ()
    assert len(digest.notices) == 1 and "empty.txt" in str(digest.notices[0])


def test_header_errors_name_file_line_and_field() -> None:
    with pytest.raises(InputError) as error:
        parse_digest(b"---\ntitle: x\ndate: tomorrow\n---\n", "d.txt")
    assert str(error.value).startswith("d.txt:3:") and "'date'" in str(error.value)
    with pytest.raises(InputError) as error:
        parse_digest(b"---\ntitle: x\ntitel: y\n---\n", "d.txt")
    assert "d.txt:3:" in str(error.value) and "'titel'" in str(error.value)
    with pytest.raises(InputError) as error:
        parse_digest(b"---\ntitle: x\ntitle: y\n---\n", "d.txt")
    assert "d.txt:3:" in str(error.value) and "duplicate key" in str(error.value)
    with pytest.raises(InputError) as error:
        parse_digest(b"---\ntitle: x\n", "d.txt")
    assert "never closed" in str(error.value)


def test_note_for_unknown_title_warns() -> None:
    text = "---\nnotes:\n  Nope: hi\n---\nA Title\n" + "We show things. " * 20
    digest = parse_digest(text.encode(), "n.txt")
    assert any(str(n).startswith("n.txt:3:") for n in digest.notices)
