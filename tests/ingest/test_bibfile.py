"""BibTeX digests: what an entry gives a paper, what is reported, what refuses the file."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.cli import main
from generator.errors import InputError
from generator.ingest.parse import parse_digest


def parse_bib(text: str):
    return parse_digest(text.encode("utf-8"), "refs.bib")


def test_zotero_and_arxiv_exports() -> None:
    name = "zotero-export.bib"
    digest = parse_digest((FIXTURES / "pastes" / name).read_bytes(), name)
    attention, bridges, bert, ddpm = digest.papers
    assert (attention.arxiv, attention.published, attention.line) == ("1706.03762", "2023-08", 2)
    assert attention.doi is None  # the arXiv DataCite DOI is the arXiv id, kept as such
    assert attention.title == "Attention Is All You Need"
    assert attention.authors[-2:] == ("Lukasz Kaiser", "Illia Polosukhin")
    assert bridges.title == "Schrödinger Bridges for Text-to-Speech: 50% Fewer Sampling Steps"
    assert bridges.authors == ("Jörg Müller", "Johannes van der Waals", "John Smith, Jr.")
    assert bridges.abstract.startswith("We show that Schrödinger bridges cut the sampling")
    assert bridges.doi == "10.5555/3546258.3546500"
    assert bridges.keywords == ("diffusion", "speech synthesis")
    assert (ddpm.arxiv, ddpm.published) == ("2006.11239", "2020")
    assert ddpm.journal_ref == "Advances in Neural Information Processing Systems"
    # Without an abstract but with a link (its arXiv id): a paper, and one warning counts it.
    assert (bert.abstract, bert.arxiv, bert.line) == ("", "1810.04805", 31)
    assert not digest.fragments
    assert [(n.line, n.message) for n in digest.notices] == [
        (31, "one of its papers has no abstract: it shows one once another digest gives it")
    ]


@pytest.mark.parametrize(
    ("fields", "arxiv"),
    [
        ("note = {arXiv:2503.24290 [cs.LG]}", "2503.24290"),
        ("url = {https://arxiv.org/pdf/2503.24290v3}", "2503.24290"),
        ("doi = {10.48550/ARXIV.2503.24290}", "2503.24290"),
        ("journal = {arXiv preprint arXiv:2503.24290}", "2503.24290"),
        ("eprint = {hep-th/9901001}, archivePrefix = {arXiv}", "hep-th/9901001"),
        ("eprint = {12345}, eprinttype = {pubmed}", None),
    ],
)
def test_arxiv_id_from_any_field_that_carries_it(fields: str, arxiv: str | None) -> None:
    (paper,) = parse_bib(f"@misc{{k, title={{T}}, abstract={{A b c.}}, {fields}}}").papers
    assert paper.arxiv == arxiv


def test_months_in_every_spelling() -> None:
    for month, expected in (("jun", "2020-06"), ("{June}", "2020-06"), ("{6}", "2020-06"),
                            ("{13}", "2020"), ("{}", "2020")):  # fmt: skip
        text = f"@misc{{k, title={{T}}, abstract={{A.}}, year=2020, month={month}}}"
        assert parse_bib(text).papers[0].published == expected


def test_entries_without_title_and_repeated_keys_are_reported() -> None:
    digest = parse_bib(
        "@misc{a, title={One}, abstract={First.}}\n"
        "@misc{a, title={Two}, abstract={Second.}}\n"
        "@misc{b, abstract={No title.}}\n"
    )
    assert [p.title for p in digest.papers] == ["One"]
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (2, "an entry with a key used before; not read"),
        (3, "an entry without a title; not read as a paper"),
    ]


def test_broken_bibtex_refuses_the_file_with_its_line(tmp_path, capsys) -> None:
    text = "@misc{a, title={One}, abstract={First.}}\n\n@misc{b, title={Unclosed\n"
    with pytest.raises(InputError) as refused:
        parse_bib(text)
    assert "refs.bib:3" in str(refused.value) and "broken" in str(refused.value)
    path = tmp_path / "refs.bib"
    path.write_text(text)
    assert main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    assert "refs.bib:3" in captured.out and captured.err == ""


def test_a_dblp_export_without_abstracts_gives_its_papers() -> None:
    """dblp's BibTeX never carries an abstract (real entries, found in public repositories):
    each entry is a paper by its DOI, arXiv id or address, and one warning counts them."""
    name = "dblp-export.bib"
    digest = parse_digest((FIXTURES / "pastes" / name).read_bytes(), name)
    kdd, ijcai, corr, iclr = digest.papers
    assert (kdd.doi, kdd.published, kdd.authors) == (
        "10.1145/2020408.2020480",
        "2011",
        ("Chong Wang", "David M. Blei"),
    )
    assert (
        ijcai.title
        == "Collaborative Topic Regression with Social Regularization for Tag Recommendation"
    )
    assert (corr.arxiv, corr.doi, corr.journal_ref) == ("2205.13578", None, "CoRR")
    assert iclr.url == "https://openreview.net/forum?id=7oLshfEIC2"
    assert not any(paper.abstract for paper in digest.papers) and not digest.fragments
    assert [n.message for n in digest.notices] == [
        "4 of its papers have no abstract: they show one once another digest gives it"
    ]
