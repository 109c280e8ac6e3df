"""Spreadsheets saved as CSV or TSV (``table``): a reading group's sheet, Zotero's export."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from generator.errors import InputError
from generator.ingest.files import DIGEST_SUFFIXES
from generator.ingest.parse import parse_digest
from generator.ingest.table import TABLE_SUFFIXES
from generator.model import Reading

PASTES = FIXTURES / "pastes"


def parse(name: str):
    return parse_digest((PASTES / name).read_bytes(), name)


def test_a_reading_groups_sheet_gives_its_papers_with_what_the_group_did() -> None:
    digest = parse("reading-group-sheet.csv")  # as Google Sheets downloads it: CRLF
    attention, resnet, diffusion = digest.papers
    assert (attention.title, attention.arxiv, attention.url, attention.line) == (
        "Attention Is All You Need",
        "1706.03762",
        None,  # its arXiv id gives its links
        2,
    )
    assert attention.reading == Reading("discussed", "Ada", dt.date(2024, 3, 7), 5)
    assert resnet.url.startswith("https://openaccess.thecvf.com/")
    assert resnet.reading.status == "read" and resnet.reading.rating is None
    # "arXiv:2006.11239" in the Link column is an id, not an address; "To read" a status.
    assert (diffusion.arxiv, diffusion.url, diffusion.reading.status) == (
        "2006.11239",
        None,
        "to read",
    )
    assert diffusion.notes == "Bring questions, please\n(and the appendix)"  # a quoted break
    assert [(f.line, f.reason.split(" (")[0]) for f in digest.fragments] == [
        (7, "a row with neither an abstract nor a link to a paper"),
        (8, "a row without a title"),
    ]
    assert any("3 of its papers have no abstract" in n.message for n in digest.notices)


def test_a_zotero_export_reads_its_columns_by_name_and_names_the_others() -> None:
    digest = parse("zotero-export.csv")
    attention, resnet = digest.papers
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar")
    # "Date" is preferred to "Publication Year"; tags and notes from their columns.
    assert (attention.published, resnet.published) == ("2017-06-12", "2016-06")
    assert (attention.arxiv, attention.tags) == ("1706.03762", ("transformers", "to present"))
    assert attention.abstract.startswith("The dominant sequence transduction models")
    assert (
        resnet.journal_ref
        == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    (columns,) = [n for n in digest.notices if n.message.startswith("columns not read")]
    assert columns.line == 1 and columns.message.endswith("Access Date and 6 more")


def test_a_table_is_read_with_its_delimiter() -> None:
    assert set(TABLE_SUFFIXES) <= set(DIGEST_SUFFIXES)  # the build finds them
    semicolons = "Title;Abstract;Year\nA Paper; Its abstract.;2021\n"  # a European locale
    assert [(p.title, p.published) for p in parse_digest(semicolons.encode(), "eu.csv").papers] == [
        ("A Paper", "2021")
    ]
    tabs = "Paper title\tURL\nA, Paper\thttps://example.org/a.pdf\n"
    assert [p.title for p in parse_digest(tabs.encode(), "sheet.tsv").papers] == ["A, Paper"]


def test_a_table_without_a_title_column_is_refused_at_its_header() -> None:
    with pytest.raises(InputError, match="no column is named Title") as refused:
        parse_digest(b"Titel,Abstract\nignored,x\n", "sheet.csv")
    assert refused.value.line == 1


def test_a_reading_field_that_is_wrong_names_its_row() -> None:
    text = "Title,URL,Status\nA Paper,https://example.org/a,maybe later\n"
    with pytest.raises(InputError, match="field 'status' must be one of") as refused:
        parse_digest(text.encode(), "sheet.csv")
    assert refused.value.line == 2 and "row at line 2" in str(refused.value)


def test_pubmeds_csv_export_links_each_paper_to_its_pubmed_page() -> None:
    text = (
        "PMID,Title,Authors,Citation,First Author,Journal/Book,Publication Year,Create Date,"
        "PMCID,NIHMS ID,DOI\n"
        '30943338,Machine Learning in Medicine.,"Rajkomar A, Dean J, Kohane I",'
        '"N Engl J Med. 2019 Apr 4;380(14):1347-1358. doi: 10.1056/NEJMra1814259.",'
        "Rajkomar A,N Engl J Med,2019,2019/04/04,,,10.1056/NEJMra1814259\n"
    )
    (paper,) = parse_digest(text.encode(), "csv-pubmed-set.csv").papers
    assert (paper.url, paper.journal_ref, paper.published) == (
        "https://pubmed.ncbi.nlm.nih.gov/30943338/",
        "N Engl J Med",
        "2019",
    )
    assert paper.authors == ("Rajkomar A", "Dean J", "Kohane I")
    assert paper.title == "Machine Learning in Medicine"  # one paper with PubMed's other exports
