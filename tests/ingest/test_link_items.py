"""Markdown's inline text as runs (``inline``) and one item of a list of links as a paper
(``link_item``): the hard lines of real lists."""

from __future__ import annotations

import pytest

from generator.ingest.inline import InlineParser, Run
from generator.ingest.link_item import NO_PAPER, NO_PAPER_LINK, NO_TITLE, item_paper


@pytest.fixture(scope="module")
def parser() -> InlineParser:
    return InlineParser()


def test_runs_keep_brackets_escapes_and_entities_of_a_title(parser: InlineParser) -> None:
    runs = parser.runs(
        r"[Models (Mostly) Know What They Know \[Re\]](https://en.wikipedia.org/wiki/X_(y))"
        " &amp; more <sup>1</sup>"
    )
    assert runs == [
        Run(
            "link",
            "Models (Mostly) Know What They Know [Re]",
            "https://en.wikipedia.org/wiki/X_(y)",
        ),
        Run("text", "& more 1"),
    ]


def test_runs_tell_labels_badges_and_line_breaks_apart(parser: InlineParser) -> None:
    runs = parser.runs(
        "[![Star](https://img.shields.io/x.svg)](https://github.com/a/b) <br> **A Bold Title**"
        " [[pdf]](http://arxiv.org/pdf/1503.02531)"
    )
    assert runs == [
        Run("image", "Star", "https://github.com/a/b"),
        Run("text", "|"),
        Run("strong", "A Bold Title"),
        Run("link", "[pdf]", "http://arxiv.org/pdf/1503.02531"),
    ]


def paper(parser: InlineParser, *cells: str, columns: list[str] | None = None, year=None):
    return item_paper(parser, list(cells), columns or [], 7, year)


@pytest.mark.parametrize(
    ("segment", "venue", "published"),
    [
        ("ICML 2023", "ICML 2023", "2023"),
        ("ICLR'24", "ICLR'24", "2024"),
        ("NIPS'99", "NIPS'99", "1999"),
        ("NeurIPS 2023 (Oral)", "NeurIPS 2023 (Oral)", "2023"),
    ],
)
def test_a_venue_with_its_year_is_kept_with_the_year(
    parser: InlineParser, segment: str, venue: str, published: str
) -> None:
    found = paper(parser, f"[A Title of Words](https://arxiv.org/abs/2301.00774) - {segment}.")
    assert (found.journal_ref, found.published, found.line) == (venue, published, 7)


def test_addresses_give_ids_and_other_links_are_code_or_notes(parser: InlineParser) -> None:
    doi = paper(parser, "**A Title of Words** [DOI](https://doi.org/10.1145/3580305.3599256)")
    assert (doi.doi, doi.url, doi.arxiv) == ("10.1145/3580305.3599256", None, None)
    both = paper(
        parser,
        "**A Survey of Words** ([arXiv version](https://arxiv.org/abs/2303.00566) and"
        " [IEEE T-PAMI version](https://ieeexplore.ieee.org/document/10330640))"
        " [[pdf]](https://arxiv.org/pdf/2303.00566v2)"
        " [[Code](https://gitlab.com/a/b)]",
    )
    assert (both.arxiv, both.code) == ("2303.00566", ("https://gitlab.com/a/b",))
    assert both.notes == "IEEE T-PAMI version: https://ieeexplore.ieee.org/document/10330640"


def test_a_table_row_reads_its_columns_by_name(parser: InlineParser) -> None:
    row = paper(
        parser,
        "[A Title of Words](https://openreview.net/forum?id=x)",
        "Ada Lovelace",
        "TMLR",
        "-",
        "[PyTorch](https://example.org/code)",
        columns=["title", "authors", "venue", "type", "code"],
        year="2022",
    )
    assert (row.authors, row.journal_ref, row.published) == (("Ada Lovelace",), "TMLR", "2022")
    assert (row.url, row.notes) == ("https://openreview.net/forum?id=x", None)
    assert row.code == ("https://example.org/code",)


def test_an_item_that_names_no_paper_says_why(parser: InlineParser) -> None:
    assert paper(parser, "Some words about the list.") == NO_PAPER
    assert paper(parser, "[A Tool of Words](https://github.com/a/b) - a tool") == NO_PAPER_LINK
    assert paper(parser, "[T5](https://arxiv.org/abs/1910.10683)") == NO_TITLE
    # A link labelled "paper" leads to one only at a web address.
    assert paper(parser, "**A Title of Words** [paper](javascript:alert(1))") == NO_PAPER_LINK
    assert paper(parser, "**A Title of Words** [pdf](#pdf)") == NO_PAPER_LINK


def test_a_title_loses_the_full_stop_a_list_puts_after_it(parser: InlineParser) -> None:
    found = paper(
        parser,
        "(2021-01) **Chain of Thought Prompting Elicits Reasoning in Large Language Models.**"
        "  [paper](https://arxiv.org/abs/2201.11903)",
    )
    assert found.title == "Chain of Thought Prompting Elicits Reasoning in Large Language Models"
    assert paper(parser, "**Wait for It...** [pdf](https://x.org/a.pdf)").title == "Wait for It..."
