"""Each paste reader on its own: it recognises its shape and only its shape, and reads what
the whole parse reads (the parse goldens in ``golden/`` hold the exact papers)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.ingest.arxiv import (
    looks_like_arxiv_mail,
    looks_like_arxiv_page,
    read_arxiv_mail,
    read_arxiv_page,
)
from generator.ingest.arxiv_abs import looks_like_arxiv_abstract_page, read_arxiv_abstract_pages
from generator.ingest.bibfile import parse_bibtex
from generator.ingest.found import Listing
from generator.ingest.hf_page import looks_like_paper_pages, read_paper_pages
from generator.ingest.labelled import looks_like_labelled_page, read_labelled_pages
from generator.ingest.link_list import looks_like_link_list, read_link_list
from generator.ingest.listing import SHAPES as ASKED
from generator.ingest.medline import looks_like_medline, read_medline
from generator.ingest.openreview import looks_like_openreview_forum, read_openreview_forums
from generator.ingest.parse import parse_digest
from generator.ingest.pubmed import looks_like_pubmed_records, read_pubmed_records
from generator.ingest.pubmed_results import looks_like_pubmed_results, read_pubmed_results
from generator.ingest.ris import looks_like_ris, read_ris
from generator.ingest.scholar import looks_like_scholar_alert, read_scholar_alert
from generator.ingest.trending import looks_like_trending_list, read_trending_list
from generator.ingest.wos import looks_like_wos, read_wos

PASTES = FIXTURES / "pastes"
TEXT_PASTES = sorted(p.name for p in PASTES.iterdir() if p.suffix != ".bib")
SHAPES = {
    "arxiv-mail-cs.txt": (looks_like_arxiv_mail, read_arxiv_mail),
    "arxiv-new-cs-lg.txt": (looks_like_arxiv_page, read_arxiv_page),
    "arxiv-recent-titles-only.txt": (looks_like_arxiv_page, read_arxiv_page),
    "arxiv-abstract-pages.txt": (looks_like_arxiv_abstract_page, read_arxiv_abstract_pages),
    "openreview-forums.txt": (looks_like_openreview_forum, read_openreview_forums),
    "scholar-alert.txt": (looks_like_scholar_alert, read_scholar_alert),
    "scholar-search-page.txt": (looks_like_scholar_alert, read_scholar_alert),
    "pubmed-abstracts.txt": (looks_like_pubmed_records, read_pubmed_records),
    "pubmed-medline.nbib": (looks_like_medline, read_medline),
    "pubmed-search-results.txt": (looks_like_pubmed_results, read_pubmed_results),
    "zotero-export.ris": (looks_like_ris, read_ris),
    "endnote-export.ris": (looks_like_ris, read_ris),
    "wos-savedrecs.txt": (looks_like_wos, read_wos),
    "awesome-list.md": (looks_like_link_list, read_link_list),
    "awesome-tables.md": (looks_like_link_list, read_link_list),
    "hf-paper-pages.txt": (looks_like_paper_pages, read_paper_pages),
    "acl-anthology-page.txt": (looks_like_labelled_page, read_labelled_pages),
    "biorxiv-page.txt": (looks_like_labelled_page, read_labelled_pages),
    "semantic-scholar-page.txt": (looks_like_labelled_page, read_labelled_pages),
    "pubmed-article-page.txt": (looks_like_labelled_page, read_labelled_pages),
}
ASKED_IN_ORDER = tuple(
    shape.looks_like for shape in ASKED if shape.looks_like is not looks_like_trending_list
)
"""The shapes in the order the parse asks for them (``listing.SHAPES``), but the trending
list's: it claims any ``##`` heading, so the parse asks it after every shape that may have one
(``test_the_trending_list_is_asked_after_every_shape_with_headings``)."""


def numbered_lines(name: str) -> list[tuple[int, str]]:
    return list(enumerate((PASTES / name).read_text("utf-8").splitlines(), 1))


@pytest.mark.parametrize("name", TEXT_PASTES)
def test_each_reader_claims_its_own_shape_only(name: str) -> None:
    """Of every shape the parse asks for, only a paste's own claims it (none, for a plain
    listing)."""
    texts = [text.strip() for _, text in numbered_lines(name)]
    own = SHAPES.get(name, (None, None))[0]
    claimed = [looks_like for looks_like in ASKED_IN_ORDER if looks_like(texts)]
    assert claimed == ([own] if own else []), (name, [c.__name__ for c in claimed])


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_reader_alone_finds_the_papers_the_parse_finds(name: str) -> None:
    listing = SHAPES[name][1](numbered_lines(name))
    assert isinstance(listing, Listing)
    parsed = parse_digest((PASTES / name).read_bytes(), name)
    assert [p.title for p in listing.papers] == [p.title for p in parsed.papers]
    (shape,) = [shape for shape in ASKED if shape.read is SHAPES[name][1]]
    assert parsed.read_as == shape.name  # what ``parse`` says the paste was read as
    assert [p.arxiv for p in listing.papers] == [p.arxiv for p in parsed.papers]


def test_the_bibtex_reader_gives_papers_and_reports_entries_it_cannot_use() -> None:
    text = (PASTES / "zotero-export.bib").read_text("utf-8")
    text += "\n@misc{notes_2024,\n  title = {Reading notes},\n}\n"
    papers, fragments, warnings = parse_bibtex(text, "refs.bib")
    assert (papers[0].title, papers[0].arxiv) == ("Attention Is All You Need", "1706.03762")
    assert (fragments[-1].text, fragments[-1].reason) == (
        "@misc{notes_2024",
        "an entry with neither an abstract nor a link to the paper (DOI, arXiv id, address); "
        "not read as a paper",
    )
    assert warnings == [
        (31, "one of its papers has no abstract: it shows one once another digest gives it")
    ]
    assert fragments[-1].line == text.splitlines().index("@misc{notes_2024,") + 1


def test_the_trending_list_is_asked_after_every_shape_with_headings() -> None:
    order = [shape.looks_like for shape in ASKED]
    assert order.index(looks_like_link_list) < order.index(looks_like_trending_list)
    trending = FIXTURES / "digests" / "trending.md"
    lines = list(enumerate(trending.read_text("utf-8").splitlines(), 1))
    texts = [text.strip() for _, text in lines]
    assert looks_like_trending_list(texts)
    assert not [looks.__name__ for looks in ASKED_IN_ORDER if looks(texts)]
    assert [p.title for p in read_trending_list(lines).papers] == [
        p.title for p in parse_digest(trending.read_bytes(), "trending.md").papers
    ]
