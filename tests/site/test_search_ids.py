"""The paper behind each search result id, read from a real Pagefind index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.site.search_ids import (
    PAPER_NUMBERS,
    fragment_papers,
    paper_numbers,
    write_paper_numbers,
)

PAGE = "<!doctype html><html lang='en'><head><title>{0}</title></head><body><main><h1>{0}</h1>" \
    "<p>{1}</p></main></body></html>"  # fmt: skip


def test_each_result_id_names_its_paper_and_its_number(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = {
        "papers/sparse-gadgets/index.html": ("Sparse gadgets", "Gadgets that are sparse."),
        "papers/dense-%C3%A9l%C3%A8ves/index.html": ("Dense élèves", "Pupils, densely."),
        "themes/gadgets/index.html": ("Gadgets", "A theme page, not a paper."),
        "index.html": ("Home", "The home page."),
    }
    for path, (title, text) in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(PAGE.format(title, text), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    index = site / "pagefind"
    papers = fragment_papers(index)
    assert sorted(papers.values()) == ["dense-élèves", "sparse-gadgets"]
    assert all((index / "fragment" / f"{key}.pf_fragment").is_file() for key in papers)
    order = ["sparse-gadgets", "older-paper", "dense-élèves"]
    numbers = json.loads(paper_numbers(papers, order))["papers"]
    assert {papers[key]: number for key, number in numbers.items()} == {
        "sparse-gadgets": 0,
        "dense-élèves": 2,
    }
    assert json.loads(paper_numbers(papers, ["sparse-gadgets"]))["papers"] == {
        key: 0 for key, slug in papers.items() if slug == "sparse-gadgets"
    }  # a paper no longer in the order is left out
    write_paper_numbers(index, papers, order)
    written = (index / PAPER_NUMBERS).stat().st_mtime_ns
    write_paper_numbers(index, papers, order)  # the same numbers: the file is left alone
    assert (index / PAPER_NUMBERS).stat().st_mtime_ns == written
    assert fragment_papers(tmp_path / "nothing-here") == {}
