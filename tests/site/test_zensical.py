"""Smoke test of portability: the bundled sample, generated as `make site` does, built with
Zensical (Material's successor, which reads mkdocs.yml but runs no MkDocs hooks)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_project, require, run_python
from sitelinks import broken_links

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(
        importlib.util.find_spec("zensical") is not None,
        "Zensical is not installed (requirements-dev.lock pins it; run make test)",
    )
    root = make_project(tmp_path_factory.mktemp("zensical"), ROOT / "digests")
    shutil.copy(ROOT / "themes.yml", root / "themes.yml")
    generated = run_python(root, "-m", "generator", "build")
    assert generated.returncode == 0, generated.stderr
    built = run_python(root, "-m", "zensical", "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "site"


def test_zensical_builds_every_page_of_the_sample(zensical_site: Path) -> None:
    docs = zensical_site.parent / "docs"
    sources = list(docs.rglob("*.md"))
    assert len(sources) > 800
    for source in sources:
        address = source.relative_to(docs).with_suffix("")
        if address.name == "index":
            address = address.parent
        assert (zensical_site / address / "index.html").is_file(), address


def test_every_internal_link_resolves_under_zensical(zensical_site: Path) -> None:
    broken = broken_links(zensical_site)
    assert not broken, broken[:10]


def test_zensical_keeps_every_page_out_of_its_own_search_index(zensical_site: Path) -> None:
    # Front matter, not a hook, keeps pages out: Pagefind indexes the site.
    index = json.loads((zensical_site / "search.json").read_text("utf-8"))
    assert index["items"] == []
