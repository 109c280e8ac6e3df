"""How the site command brings site/ up to date: the choice between skipping MkDocs,
an incremental (dirty) build and a full one."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import example, given
from hypothesis import strategies as st

from generator.site.builder import (
    FULL,
    INCREMENTAL,
    UP_TO_DATE,
    SiteRecord,
    choose_mode,
    docs_listing,
    load_site_record,
)
from generator.site.mkdocs_runs import built_path, remove_built
from generator.site.walk import files_under

BUILT = 1_000
EARLIER = {"guide/index.md": (10, 5), "papers/a.md": (20, 6), "index.md": (30, 7)}
PREVIOUS = SiteRecord("setup-1", EARLIER, BUILT)


def mode(files: dict[str, tuple[int, int]], setup: str = "setup-1", present: bool = True) -> str:
    return choose_mode(PREVIOUS, setup, files, present)[0]


def test_same_sources_are_up_to_date() -> None:
    assert mode(dict(EARLIER)) == UP_TO_DATE


def test_new_or_changed_generated_files_are_built_incrementally() -> None:
    files = {**EARLIER, "papers/b.md": (9, BUILT + 1), "index.md": (31, BUILT + 2)}
    assert choose_mode(PREVIOUS, "setup-1", files, True) == (
        INCREMENTAL,
        "2 generated file(s) new or changed",
    )


def test_generated_files_gone_are_an_incremental_build_that_removes_their_output(
    tmp_path: Path,
) -> None:
    """A retired theme's .bib or a digest's pages go: their built files are removed and the
    rest is built as for a change."""
    files = {k: v for k, v in EARLIER.items() if k != "papers/a.md"}
    files["index.md"] = (31, BUILT + 2)
    assert choose_mode(PREVIOUS, "setup-1", files, True) == (
        INCREMENTAL,
        "1 generated file(s) new or changed, 1 gone",
    )
    assert [built_path(p) for p in ("papers/a.md", "index.md", "themes/index.md")] == [
        "papers/a/index.html",
        "index.html",
        "themes/index.html",
    ]
    assert built_path("themes/old.bib") == "themes/old.bib"
    site = tmp_path / "site"
    for path in ("papers/a/index.html", "papers/b/index.html", "themes/old.bib", "index.html"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("x")
    remove_built(site, ["papers/a.md", "themes/old.bib", "papers/never-built.md"])
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert left == ["index.html", "papers", "papers/b", "papers/b/index.html"]


def test_everything_else_needs_a_full_build() -> None:
    assert choose_mode(None, "setup-1", EARLIER, True)[0] == FULL
    assert mode(EARLIER, present=False) == FULL  # site/ deleted
    assert mode(EARLIER, setup="setup-2") == FULL  # mkdocs.yml, overrides, tools, SITE_URL
    removed = {k: v for k, v in EARLIER.items() if k != "guide/index.md"}
    assert choose_mode(PREVIOUS, "setup-1", removed, True) == (
        FULL,
        "1 file(s) gone from docs/, such as guide/index.md",
    )
    hand_edit = {**EARLIER, "guide/index.md": (11, BUILT + 1)}
    assert choose_mode(PREVIOUS, "setup-1", hand_edit, True)[1].endswith("guide/index.md")
    new_guide_page = {**EARLIER, "guide/new.md": (5, BUILT + 1)}
    assert mode(new_guide_page) == FULL
    # Most files changed (a refit of the vector space): a full build, which runs in parts.
    most = {**EARLIER, "papers/a.md": (21, BUILT + 1), "index.md": (31, BUILT + 1)}
    assert choose_mode(PREVIOUS, "setup-1", most, True) == (FULL, "2 of 3 files changed")
    # Changed, yet not newer than the last build's HTML: MkDocs --dirty would skip it.
    restored = {**EARLIER, "papers/a.md": (21, BUILT - 1)}
    assert mode(restored) == FULL


def test_the_setup_covers_how_the_search_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site import search_index
    from generator.site.builder import site_setup

    setup = site_setup(tmp_path, 10_000)
    assert site_setup(tmp_path, 10_000) == setup
    assert site_setup(tmp_path, 5_000) != setup  # other shards
    monkeypatch.setattr(search_index, "UNINDEXED", (*search_index.UNINDEXED, ".rd-other"))
    assert site_setup(tmp_path, 10_000) != setup  # other text skipped


def test_the_walk_yields_files_not_folders_and_skips_a_folder_whole(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.md").write_text("x")
    (tmp_path / "skipped").mkdir()
    (tmp_path / "skipped" / "inside.md").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    found = files_under(str(tmp_path), lambda folder, entry: entry.name == "skipped")
    # The link to a folder is an entry of its own, not followed into the folder it names.
    assert sorted(entry.name for entry in found) == ["linked", "page.md"]
    assert list(files_under(str(tmp_path / "gone"))) == []


def test_listing_skips_dot_files_as_mkdocs_does(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("# A\n")
    (tmp_path / ".generated.json").write_text("{}")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.md").write_text("x")
    os.utime(tmp_path / "papers" / "a.md", ns=(5, 7))
    assert docs_listing(tmp_path) == {"papers/a.md": (4, 7)}
    # ... but for the page dates the sitemap is written from: a change there updates the site
    (tmp_path / ".page-dates.json").write_text("{}")
    os.utime(tmp_path / ".page-dates.json", ns=(5, 9))
    (tmp_path / "papers" / ".page-dates.json").write_text("{}")
    assert docs_listing(tmp_path) == {"papers/a.md": (4, 7), ".page-dates.json": (2, 9)}


def test_unreadable_record_means_no_record(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    assert load_site_record(path) is None
    path.write_text('{"setup": "s", "files": {"a.md": [1]}, "finished_ns": 3}')
    assert load_site_record(path) is None
    path.write_text('{"setup": "s", "files": {"a.md": [1, 2]}, "finished_ns": 3}')
    assert load_site_record(path) == SiteRecord("s", {"a.md": (1, 2)}, 3)


def test_hooks_resolve_raw_links_written_relative_to_the_source_file(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from generator.site.mkdocs_hooks import on_page_content

    def file(path: str) -> File:
        return File(path, "docs", "site", use_directory_urls=True)

    files = Files([file(p) for p in ("index.md", "papers/a.md", "papers/b.md", "digests/d.md")])
    paper = Page(None, files.get_file_from_path("papers/a.md"), {})  # type: ignore[arg-type]
    home = Page(None, files.get_file_from_path("index.md"), {})  # type: ignore[arg-type]
    html = (
        '<a href="b.md">B</a> <a href="../digests/d.md#top">D</a> '
        '<a href="https://x.org/readme.md">R</a> <a href="../b/">kept</a>'
    )
    resolved = on_page_content(html, paper, None, files)  # type: ignore[arg-type]
    assert resolved == (
        '<a href="../b/">B</a> <a href="../../digests/d/#top">D</a> '
        '<a href="https://x.org/readme.md">R</a> <a href="../b/">kept</a>'
    )
    assert on_page_content('<a href="papers/a.md">', home, None, files) == (  # type: ignore[arg-type]
        '<a href="papers/a/">'
    )
    assert not caplog.records
    kept = on_page_content('<a href="gone.md">', paper, None, files)  # type: ignore[arg-type]
    assert kept == '<a href="gone.md">'
    assert [r.getMessage() for r in caplog.records] == [
        "papers/a.md links to 'gone.md', which is not in the site"
    ]
    assert caplog.records[0].name.startswith("mkdocs.")  # counted by mkdocs build --strict


def test_a_sitemap_past_the_limit_becomes_an_index_of_numbered_sitemaps() -> None:
    from generator.site.sitemap_hooks import split_sitemap

    urls = [f"<url>\n<loc>https://x.org/site/p{n}/</loc>\n</url>" for n in range(5)]
    text = '<?xml version="1.0"?>\n<urlset>\n' + "\n".join(urls) + "\n</urlset>\n"
    assert split_sitemap(text, "https://x.org/site/", 5) == {}
    files = split_sitemap(text, "https://x.org/site", 2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    assert files["sitemap-3.xml"].count("<url>") == 1 and "p4/" in files["sitemap-3.xml"]
    index = files["sitemap.xml"]
    assert "<sitemapindex" in index and index.count("<sitemap>") == 3
    assert index.index("sitemap-1.xml") < index.index("sitemap-2.xml")
    assert "<loc>https://x.org/site/sitemap-2.xml</loc>" in index


def test_the_sitemap_reads_the_page_dates_the_generator_wrote(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from jinja2 import Environment

    from generator.site.sitemap_hooks import on_env

    theme = SimpleNamespace(static_templates={"404.html", "sitemap.xml"})
    config = SimpleNamespace(docs_dir=str(tmp_path), theme=theme, site_url="https://x.org/")
    files = [site_file("index.md", "./")]
    env = on_env(Environment(), config, files)  # type: ignore[arg-type]
    # No dates yet: no lastmod, never the build's day.
    assert env.globals["sitemap_urls"] == "<url><loc>https://x.org/</loc></url>"
    (tmp_path / ".page-dates.json").write_text('{"index.md": "2025-03-14"}')
    env = on_env(Environment(), config, files)  # type: ignore[arg-type]
    expected = "<url><loc>https://x.org/</loc><lastmod>2025-03-14</lastmod></url>"
    assert env.globals["sitemap_urls"] == expected
    theme.static_templates.clear()  # a part that leaves the sitemap to part 1
    assert "sitemap_urls" not in on_env(Environment(), config, files).globals  # type: ignore[arg-type]


def test_the_sitemap_leaves_out_the_pages_the_generator_lists_as_unlisted(tmp_path: Path) -> None:
    """A moved paper's page asks search engines not to index it: no sitemap lists it."""
    from types import SimpleNamespace

    from jinja2 import Environment

    from generator.site.sitemap_hooks import on_env

    theme = SimpleNamespace(static_templates={"sitemap.xml"})
    config = SimpleNamespace(docs_dir=str(tmp_path), theme=theme, site_url="https://x.org/")
    files = [site_file("index.md", "./"), site_file("papers/old.md", "papers/old/")]
    (tmp_path / ".unlisted-pages.json").write_text('["papers/old.md"]')
    env = on_env(Environment(), config, files)  # type: ignore[arg-type]
    assert env.globals["sitemap_urls"] == "<url><loc>https://x.org/</loc></url>"
    (tmp_path / ".unlisted-pages.json").write_text('{"papers/old.md": 1}')  # not a list
    env = on_env(Environment(), config, files)  # type: ignore[arg-type]
    assert "https://x.org/papers/old/" in env.globals["sitemap_urls"]


def site_file(src_uri: str, url: str, *, included: bool = True, page: bool = True) -> object:
    """A stand-in for MkDocs' ``File``: what the sitemap reads of one."""
    from types import SimpleNamespace

    inclusion = SimpleNamespace(is_included=lambda: included)
    return SimpleNamespace(
        src_uri=src_uri, url=url, inclusion=inclusion, is_documentation_page=lambda: page
    )


def test_the_sitemap_lists_the_pages_built_and_set_aside_in_mkdocs_order() -> None:
    from generator.site.sitemap_hooks import sitemap_urls

    files = [
        site_file("index.md", "./"),
        site_file("papers/b&c.md", "papers/b&c/"),
        site_file("papers/a.md", "papers/a/", included=False),  # set aside
        site_file("drafts/x.md", "drafts/x/", included=False),  # excluded
        site_file("assets/site.css", "assets/site.css", page=False),
    ]
    dates = {"papers/b&c.md": "2024-05-01", "papers/a.md": "2024-06-02"}
    urls = sitemap_urls(files, "https://x.org/sub", dates, {"papers/a.md"})  # type: ignore[arg-type]
    assert urls.split("\n") == [
        "<url><loc>https://x.org/sub/</loc></url>",
        "<url><loc>https://x.org/sub/papers/b&amp;c/</loc><lastmod>2024-05-01</lastmod></url>",
        "<url><loc>https://x.org/sub/papers/a/</loc><lastmod>2024-06-02</lastmod></url>",
    ]
    assert sitemap_urls(files, "", dates, {"papers/a.md"}) == ""  # type: ignore[arg-type]


@given(
    base=st.sampled_from(
        ["https://x.org/", "https://x.org/sub/", "http://127.0.0.1:8000/", "https://x.org/a?q/"]
    ),
    url=st.text(alphabet="ab/.%-_:?#;~", max_size=12),
)
@example(base="https://x.org/", url="_//")  # an empty segment, which urljoin drops
def test_a_page_address_is_the_one_urljoin_gives(base: str, url: str) -> None:
    from urllib.parse import urljoin

    from generator.site.sitemap_hooks import page_address

    assert page_address(base, url) == urljoin(base, url)


def test_the_site_size_is_told_against_the_pages_limit_and_warned_near_it(tmp_path: Path) -> None:
    from generator.site.size_guard import PAGES_LIMIT, folder_size, size_line, size_warning

    (tmp_path / "papers" / "a").mkdir(parents=True)
    (tmp_path / "papers" / "a" / "index.html").write_bytes(b"x" * 1500)
    (tmp_path / "index.html").write_bytes(b"y" * 500)
    (tmp_path / "loop").symlink_to(tmp_path)  # a link is not followed
    assert folder_size(tmp_path) == 2000
    assert size_line(146_100_000) == "Site size: 146 MB, 15% of GitHub Pages' 1 GB limit."
    assert size_warning(int(0.8 * PAGES_LIMIT)) is None
    warning = size_warning(850_000_000)
    assert warning and warning.startswith("warning: the site is 850 MB, 85% of GitHub Pages'")
    (section,) = re.findall(r'the guide\'s section "([^"]+)"', warning)  # it is there to read
    assert f"\n## {section}\n" in (ROOT / "docs" / "guide" / "index.md").read_text("utf-8")
