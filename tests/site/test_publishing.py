"""Publishing: the digest diff on a real git repository, and valid feeds with stable ids."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURES, make_project, run_python

pytestmark = pytest.mark.slow


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def generator(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python(root, "-m", "generator", *args, SITE_URL="https://example.org/rd/")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    (root / "digests" / "hostile.yml").unlink()
    assert generator(root, "build").returncode == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "digests", "themes.yml")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_diff_reports_added_digest_papers_and_warnings(repository: Path) -> None:
    shutil.copy(FIXTURES / "digests" / "hostile.yml", repository / "digests" / "hostile.yml")
    (repository / "digests" / "cards.txt").write_text(
        (FIXTURES / "digests" / "cards.txt").read_text() + "Another title without abstract\n"
    )
    (repository / "digests" / "trending.md").unlink()
    done = generator(repository, "diff", "main")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "### Digests added (1)\n\n- `hostile.yml`" in out
    assert "### Digests removed (1)\n\n- `trending.md`" in out
    assert "### Digests changed (1)\n\n- `cards.txt`" in out
    assert "### Papers added (10)" in out and "&lt;script&gt;alert" in out
    assert "### Papers removed (2)" in out and "Mamba: Linear\\-Time" in out
    assert "### New warnings (1)" in out and "Another title without abstract" in out


def test_diff_reports_theme_changes(repository: Path) -> None:
    text = (repository / "themes.yml").read_text()
    first = text.split("themes:\n", 1)[1].split("\n", 1)[0].strip().rstrip(":")
    renamed = text.replace("  rename: {}", f"  rename: {{{first}: A better name}}")
    (repository / "themes.yml").write_text(renamed)
    done = generator(repository, "diff", "HEAD")
    assert "### Themes renamed (1)" in done.stdout and "A better name" in done.stdout


def test_diff_without_changes_and_with_a_bad_revision(repository: Path) -> None:
    assert "No change to the digests or the themes." in generator(repository, "diff", "HEAD").stdout
    bad = generator(repository, "diff", "no-such-revision")
    assert bad.returncode == 1 and bad.stderr.startswith("error: no-such-revision")


def test_feeds_are_valid_with_stable_ids(repository: Path) -> None:
    docs = repository / "docs"
    feed = feedparser.parse((docs / "feeds" / "digests.xml").read_text("utf-8"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Reading Digest: digests"
    ids = [entry.id for entry in feed.entries]
    # The newest digest first: "Mar 14" of the first build's year (the tests build in 2025).
    assert ids[0] == "urn:reading-digest:digest:cards"
    assert feed.entries[0].link == "https://example.org/rd/digests/cards/"
    assert len(set(ids)) == len(ids) == 6
    assert all(entry.get("published_parsed") for entry in feed.entries)
    theme_feeds = sorted((docs / "feeds").glob("theme-*.xml"))
    assert theme_feeds
    for path in theme_feeds:
        parsed = feedparser.parse(path.read_text("utf-8"))
        assert not parsed.bozo and parsed.entries
        assert all(entry.get("published_parsed") for entry in parsed.entries)
        assert all(e.id.startswith("urn:reading-digest:paper:") for e in parsed.entries)
        assert all(e.link.startswith("https://example.org/rd/papers/") for e in parsed.entries)
    assert generator(repository, "build").stdout.count("Pages written: 0;") == 1


def test_site_url_reaches_sitemap_404_and_feed_links(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    for command in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        done = run_python(root, *command, SITE_URL="https://example.org/rd/")
        assert done.returncode == 0, done.stderr
    site = root / "site"
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://example.org/rd/papers/" in sitemap
    assert 'href="/rd/assets/' in (site / "404.html").read_text()
    index = (site / "index.html").read_text()
    assert '<link rel="alternate" type="application/rss+xml"' in index
    assert '<link rel="canonical" href="https://example.org/rd/">' in index
    theme_page = next((site / "themes").glob("*/index.html")).read_text()
    assert theme_page.count('type="application/rss+xml"') == 2
    assert '<meta name="description"' in theme_page


def test_a_preview_build_asks_search_engines_not_to_index_it(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    preview = {"SITE_URL": "https://example.org/previews/pr-7/", "READING_DIGEST_NOINDEX": "1"}
    for command in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        done = run_python(root, *command, **preview)
        assert done.returncode == 0, done.stderr
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text("utf-8"), page
