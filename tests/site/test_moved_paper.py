"""A paper published under two titles that a later digest shows are one: the later title's
address stays, built by the real site command (MkDocs, Pagefind), and sends the reader to the
paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_project, run_python

pytestmark = pytest.mark.slow

ABSTRACT = "We show that sparse gadgets help a lot on every benchmark we tried, and why."


def digest(date: str, title: str, arxiv: str | None = None) -> str:
    arxiv_line = f"\n    arxiv: '{arxiv}'" if arxiv else ""
    return f"date: {date}\npapers:\n  - title: '{title}'\n    abstract: '{ABSTRACT}'{arxiv_line}\n"


def test_a_title_joined_to_another_paper_keeps_its_address(tmp_path: Path) -> None:
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "a.yml").write_text(digest("2025-03-01", "Sparse Gadgets Now"), "utf-8")
    (digests / "b.yml").write_text(digest("2025-03-02", "Gadgets, Sparse and Now"), "utf-8")
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", digests)
    assert run_python(root, "-m", "generator", "build").returncode == 0
    papers = root / "docs" / "papers"
    assert {p.name for p in papers.glob("*.md")} == {
        "sparse-gadgets-now.md",
        "gadgets-sparse-and-now.md",
    }
    # The reader pins the later title's paper to its theme, by the address they know.
    registry = root / "themes.yml"
    theme = min(p.stem for p in (root / "docs" / "themes").glob("*.md") if p.stem != "index")
    pinned = f"pin: {{gadgets-sparse-and-now: {theme}}}"
    registry.write_text(registry.read_text("utf-8").replace("pin: {}", pinned, 1), "utf-8")
    # A later digest gives both titles' arXiv id: they are one paper.
    (root / "digests" / "c.yml").write_text(
        digest("2025-03-03", "Sparse Gadgets Now", "2503.00001")
        + "  - title: 'Gadgets, Sparse and Now'\n"
        + f"    abstract: '{ABSTRACT}'\n    arxiv: '2503.00001'\n",
        "utf-8",
    )
    built = run_python(root, "-m", "generator", "build")
    assert built.returncode == 0, built.stderr
    assert "both are the same paper" in built.stderr
    followed = "'gadgets-sparse-and-now' is now a title of the paper 'sparse-gadgets-now'"
    assert f"curation pin: {followed}; the pin applies to it" in built.stderr
    assert pinned in registry.read_text("utf-8")  # the reader's text stays as written
    site = run_python(root, "-m", "generator", "site")  # MkDocs (strict) and Pagefind
    assert site.returncode == 0, site.stderr
    entry = json.loads((root / "site" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    bodies = [p for p in (root / "site").rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert entry["languages"]["en"]["page_count"] == len(bodies)  # what search holds
    paper = root / "site" / "papers" / "sparse-gadgets-now" / "index.html"
    moved = (root / "site" / "papers" / "gadgets-sparse-and-now" / "index.html").read_text()
    assert "data-pagefind-body" in paper.read_text("utf-8")
    assert 'href="../sparse-gadgets-now/"' in moved
    assert "data-pagefind-body" not in moved  # no search result: the paper's page is one
    assert '<meta name="robots" content="noindex">' in moved  # nor a search engine's
    assert 'name="robots"' not in paper.read_text("utf-8")
    sitemap = (root / "site" / "sitemap.xml").read_text("utf-8")  # which lists what they index
    assert "/papers/sparse-gadgets-now/</loc>" in sitemap
    assert "/papers/gadgets-sparse-and-now/" not in sitemap
    assert "Gadgets, Sparse and Now" in moved
