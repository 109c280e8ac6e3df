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
from generator.ingest.bibfile import parse_bibtex
from generator.ingest.found import Listing
from generator.ingest.hf_page import looks_like_paper_pages, read_paper_pages
from generator.ingest.parse import parse_digest

PASTES = FIXTURES / "pastes"
TEXT_PASTES = sorted(p.name for p in PASTES.iterdir() if p.suffix != ".bib")
SHAPES = {
    "arxiv-mail-cs.txt": (looks_like_arxiv_mail, read_arxiv_mail),
    "arxiv-new-cs-lg.txt": (looks_like_arxiv_page, read_arxiv_page),
    "arxiv-recent-titles-only.txt": (looks_like_arxiv_page, read_arxiv_page),
    "hf-paper-pages.txt": (looks_like_paper_pages, read_paper_pages),
}


def numbered_lines(name: str) -> list[tuple[int, str]]:
    return list(enumerate((PASTES / name).read_text("utf-8").splitlines(), 1))


@pytest.mark.parametrize("name", TEXT_PASTES)
def test_each_reader_claims_its_own_shape_only(name: str) -> None:
    texts = [text.strip() for _, text in numbered_lines(name)]
    own = SHAPES.get(name, (None, None))[0]
    for looks_like in (looks_like_arxiv_mail, looks_like_arxiv_page, looks_like_paper_pages):
        if looks_like is looks_like_arxiv_page and own is looks_like_arxiv_mail:
            continue  # an e-mail also has Title: lines; the parse asks for e-mails first
        assert looks_like(texts) == (looks_like is own), (name, looks_like.__name__)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_reader_alone_finds_the_papers_the_parse_finds(name: str) -> None:
    listing = SHAPES[name][1](numbered_lines(name))
    assert isinstance(listing, Listing)
    parsed = parse_digest((PASTES / name).read_bytes(), name)
    assert [p.title for p in listing.papers] == [p.title for p in parsed.papers]
    assert [p.arxiv for p in listing.papers] == [p.arxiv for p in parsed.papers]


def test_the_bibtex_reader_gives_papers_and_reports_entries_it_cannot_use() -> None:
    text = (PASTES / "zotero-export.bib").read_text("utf-8")
    text += "\n@misc{notes_2024,\n  title = {Reading notes},\n}\n"
    papers, fragments = parse_bibtex(text, "refs.bib")
    assert (papers[0].title, papers[0].arxiv) == ("Attention Is All You Need", "1706.03762")
    assert (fragments[-1].text, fragments[-1].reason) == (
        "@misc{notes_2024",
        "an entry without an abstract; not read as a paper",
    )
    assert fragments[-1].line == text.splitlines().index("@misc{notes_2024,") + 1
