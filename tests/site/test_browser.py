"""The reading experience in headless Chromium (Debian's package, driven by Playwright).

Each test builds on one small fixture site served on 127.0.0.1 and saves a screenshot under
tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import FIXTURES, ROOT, make_project, require, run_python

from generator.devtools.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
TEX_PAPER = "papers/v-2-l-leveraging-vision-and-vision-language-models-into-large-scale-product/"
HOSTILE_PAPER = "papers/script-alert-title-script-attention-tricks/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _served(make_project(tmp_path_factory.mktemp("browser")))


@pytest.fixture(scope="module")
def sharded_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its papers' search index in shards of at most 10 papers."""
    root = make_project(tmp_path_factory.mktemp("browser-shards"))
    (root / "pyproject.toml").write_text("[tool.reading-digest]\nsearch-shard-pages = 10\n")
    yield from _served(root)


@pytest.fixture(scope="module")
def subpath_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site published under /sub/ (as on a project's GitHub Pages address)."""
    root = make_project(tmp_path_factory.mktemp("browser-subpath"))
    yield from _served(root, "sub")


@pytest.fixture(scope="module")
def subsites_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two sub-sites published side by side under /a/ and /b/ (as a CI matrix would build an
    archive by year), each merging the other's search index (``search-sites``)."""
    require(CHROMIUM.exists(), "Chromium is not installed (apt-get install chromium)")
    top = tmp_path_factory.mktemp("browser-subsites")
    served = top / "served"
    served.mkdir()
    # /a/ also names a sub-site that is not published (yet): its search goes on without it.
    split = {
        "a": ('"../b/", "../gone/"', ("week-1.txt", "cards.txt")),
        "b": ('"../a/"', ("paper-page.txt", "tex.yml")),
    }
    for name, (others, files) in split.items():
        digests = top / f"digests-{name}"
        digests.mkdir()
        for file in files:
            shutil.copy(FIXTURES / "digests" / file, digests / file)
        (top / name).mkdir()
        root = make_project(top / name, digests)
        (root / "pyproject.toml").write_text(f"[tool.reading-digest]\nsearch-sites = [{others}]\n")
        site_url = f"http://127.0.0.1:8000/{name}/"
        done = run_python(root, "-m", "generator", "site", "--quiet", SITE_URL=site_url)
        assert done.returncode == 0, done.stderr
        (served / name).symlink_to(root / "site")
    yield from _serve(served)


def _served(root: Path, subpath: str = "") -> Iterator[str]:
    """Build the project's site as `make site` does and serve it on 127.0.0.1 (under
    ``subpath``, when given)."""
    require(CHROMIUM.exists(), "Chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "Playwright for Python is not installed")
    site_url = f"http://127.0.0.1:8000/{subpath}/" if subpath else "http://127.0.0.1:8000/"
    done = run_python(root, "-m", "generator", "site", "--quiet", SITE_URL=site_url)
    assert done.returncode == 0, done.stderr
    served = root / "site"
    if subpath:
        served = root / "served"
        served.mkdir()
        (served / subpath).symlink_to(root / "site")
    for url in _serve(served):
        yield url + (f"{subpath}/" if subpath else "")


def _serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 while the caller's fixture lives; its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(site_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """Console errors, dialogs and requests that leave 127.0.0.1, seen by one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.requested: list[str] = []
        page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append(f"{m.text} {m.location.get('url')}"),
        )
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _request(self, request) -> None:
        self.requested.append(request.url)
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host != "127.0.0.1":
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.foreign, self.foreign
        assert not self.dialogs, self.dialogs


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = Watch(page)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def search(page, query: str, delay: int = 30) -> None:
    """Type a query into the search box as a reader does, key by key."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=delay)


def clean_result(page, title: str):
    """The first result for a paper whose title holds ``title``, checked to read cleanly:
    no result title ends in "¶" and no excerpt starts with the page's theme line."""
    result = page.locator(".md-search-result__item a").filter(has_text=title)
    result.first.wait_for(timeout=5000)
    titles = page.locator(".md-search-result__item .rd-search-title").all_inner_texts()
    assert titles and not any("¶" in found for found in titles), titles
    excerpt = result.first.inner_text()
    assert "Theme:" not in excerpt and "¶" not in excerpt, excerpt
    return result.first


def test_search_finds_a_paper_by_a_word_of_its_abstract(page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")  # the search index has loaded
    search(page, "Bridge-TTS")
    clean_result(page, "Schrödinger Bridges").click()
    page.wait_for_url(
        re.compile(r".*/papers/schrodinger-bridges-beat-diffusion-models-on-text-to-")
    )
    assert "Schrödinger Bridges" in page.locator("h1").inner_text()
    page.wait_for_load_state("networkidle")
    search(page, "zzyzxqwv")
    page.locator(".md-search-result__meta").filter(has_text="No matching").wait_for(timeout=5000)
    assert any("/pagefind/" in url for url in page.watch.requested)  # chunked index, on demand
    assert not any("search_index.json" in url for url in page.watch.requested)
    # Material probes sitemap.xml beside each alternate link: only the feeds' empty one.
    sitemaps = [url for url in page.watch.requested if url.endswith("sitemap.xml")]
    assert sitemaps and all("/feeds/sitemap.xml" in url for url in sitemaps)
    page.watch.assert_clean()


@pytest.mark.parametrize("query", ["2406.01234", "arXiv:2406.01234v2", "Hopper"])
def test_an_arxiv_id_or_an_author_finds_the_paper_first(page, site_url: str, query: str) -> None:
    """With or without ``arXiv:`` and a version, the id finds its paper as the first result."""
    page.goto(site_url, wait_until="networkidle")
    search(page, query)
    first = page.locator(".md-search-result__item .rd-search-title").first
    first.wait_for(timeout=5000)
    assert first.inner_text() == "Scaling Laws for Sparse Mixture-of-Experts Language Models"
    page.watch.assert_clean()


def result_hrefs(page) -> list[str]:
    return page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def wait_for_results(page, check: str, arg: object) -> None:
    """Wait until the shown results (their hrefs) pass a JavaScript check."""
    page.wait_for_function(
        "([check, arg]) => { const hrefs = [...document.querySelectorAll("
        "'.md-search-result__item a')].map(a => a.getAttribute('href'));"
        " return hrefs.length > 0 && new Function('hrefs', 'arg', check)(hrefs, arg); }",
        arg=[check, arg],
        timeout=5000,
    )


def test_search_filters_by_theme_year_and_digest(page, site_url: str) -> None:
    """The filters narrow a query to a theme's, a year's or a digest's papers, list those
    papers with no query, and show nothing of how they work in excerpts."""
    page.goto(site_url, wait_until="networkidle")
    search(page, "models")
    page.locator(".md-search-result__item a").first.wait_for(timeout=5000)
    meta = page.locator(".md-search-result__meta")
    unfiltered = int(meta.inner_text().split()[0])
    selects = page.locator(".rd-search-filters select")
    assert selects.evaluate_all("s => s.map(e => e.name)") == ["theme", "year", "digest"]
    years = page.locator(".rd-search-filters select[name='year'] option").all_inner_texts()
    assert years[0] == "All years" and years[1:] == sorted(years[1:], reverse=True), years

    member_page = page.request.get(site_url + "themes/diffusion/").text()
    members = sorted(set(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', member_page)))
    theme = page.locator(".rd-search-filters select[name='theme']")
    label = next(
        o for o in theme.locator("option").all_inner_texts() if o.startswith("Diffusion (")
    )
    theme.select_option(label=label)
    inside = "return hrefs.every(h => arg.some(slug => h.includes('/papers/' + slug + '/')))"
    wait_for_results(page, inside, members)
    assert 0 < int(meta.inner_text().split()[0]) < unfiltered
    page.screenshot(path=str(ARTIFACTS / "search-filtered-by-theme.png"))

    search(page, "")  # no query: the theme's papers, as many as its label says
    count = int(label.rsplit("(", 1)[1].rstrip(")"))
    meta.filter(has_text=f"{count} matching document").wait_for(timeout=5000)
    wait_for_results(page, inside, members)
    excerpts = page.locator(".md-search-result__article p").all_inner_texts()
    assert excerpts and not any("zxq" in text for text in excerpts), excerpts

    theme.select_option(value="")
    digest = page.locator(".rd-search-filters select[name='digest']")
    digest.select_option(
        label=next(
            o
            for o in digest.locator("option").all_inner_texts()
            if o.startswith("Diffusion and friends (")
        )
    )
    listed = page.request.get(site_url + "digests/week-1/").text()
    in_digest = sorted(set(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', listed)))
    wait_for_results(page, inside, in_digest)
    # A year too: the papers of both. The digest is from 2024, so 2025 leaves none.
    year = page.locator(".rd-search-filters select[name='year']")
    year.select_option(label=next(y for y in years if y.startswith("2025 (")))
    meta.filter(has_text="No matching documents").wait_for(timeout=5000)
    year.select_option(label=next(y for y in years if y.startswith("2024 (")))
    wait_for_results(page, inside, in_digest)
    page.watch.assert_clean()


def test_a_paper_query_lists_papers_before_the_pages_that_list_them(page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "diffusion")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=5000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    papers = ["/papers/" in href for href in hrefs]
    assert papers == sorted(papers, reverse=True) and papers[0] and not papers[-1], hrefs
    search(page, "Diffusion and friends")  # a digest's own name finds the digest first
    first = page.locator(".md-search-result__item .rd-search-title").first
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__item .rd-search-title')"
        "?.textContent === 'Diffusion and friends'",
        timeout=5000,
    )
    assert first.inner_text() == "Diffusion and friends"
    page.watch.assert_clean()


@pytest.mark.parametrize(
    ("query", "corrected", "title"),
    [
        ("reinforcment lerning", "reinforcement learning", "Reinforcement Learning"),
        ("difusion", "diffusion", "Diffusion"),
    ],
)
def test_a_misspelt_query_still_finds_its_papers(
    page, site_url: str, query: str, corrected: str, title: str
) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, query)
    meta = page.locator(".md-search-result__meta").filter(has_text=f"for “{corrected}”")
    meta.wait_for(timeout=5000)
    titles = page.locator(".md-search-result__item .rd-search-title").all_inner_texts()
    assert any(title in found for found in titles), titles
    assert any(url.endswith("/search-terms.json") for url in page.watch.requested)
    page.watch.assert_clean()


@pytest.mark.parametrize("where", ["site_url", "subpath_site_url"])
def test_search_works_from_the_404_page(page, where: str, request) -> None:
    """The 404 page's base is the site's root path ("/" or "/sub"), not a relative one."""
    base = request.getfixturevalue(where)
    page.goto(base + "404.html", wait_until="networkidle")
    search(page, "Bridge-TTS")
    clean_result(page, "Schrödinger Bridges").click()
    page.wait_for_url(re.compile(".*/papers/schrodinger-bridges-beat-diffusion-models-on-text-to-"))
    assert page.url.startswith(base)
    page.watch.assert_clean()


def test_one_search_finds_the_papers_of_every_sub_site(page, subsites_url: str) -> None:
    """Sub-site /a/ merges the index of /b/: a paper only /b/ holds is found from /a/ and
    opens at its address under /b/, and /a/'s own papers are found too (a sub-site /a/ names
    that is not published is left out)."""
    page.goto(subsites_url + "a/", wait_until="networkidle")
    search(page, "sparse mixture-of-experts")
    found = clean_result(page, "Scaling Laws for Sparse Mixture-of-Experts Language Models")
    href = found.first.get_attribute("href")
    assert href.startswith("/b/papers/scaling-laws-for-sparse-mixture-of-experts-language-models")
    search(page, "Diffusion and friends")  # a digest of /a/ itself
    clean_result(page, "Diffusion and friends")
    # The filters hold /b/'s digests too: with no query, one of them lists its paper there.
    search(page, "")
    digest = page.locator(".rd-search-filters select[name='digest']")
    digest.select_option(label="Paper page (1)")
    page.locator(".md-search-result__meta").filter(has_text="1 matching document").wait_for(
        timeout=5000
    )
    assert page.locator(".md-search-result__item a").first.get_attribute("href") == href
    page.goto(subsites_url.rstrip("/") + href, wait_until="networkidle")
    assert "Sparse Mixture-of-Experts" in page.locator("h1").inner_text()
    # Only the sub-site that is not there failed to load, and nothing else went wrong.
    page.watch.errors = [e for e in page.watch.errors if "/gone/" not in e]
    page.watch.assert_clean()


def test_search_merges_the_shards_of_a_large_index(page, sharded_site_url: str) -> None:
    """Papers indexed in different shards are all found; the shards load with the search."""
    page.goto(sharded_site_url, wait_until="networkidle")
    for query, slug in (
        ("episodes", "a-hierarchical-bayesian-model-for-deep-few-shot-meta-learning"),
        ("Bridge-TTS", "schrodinger-bridges-beat-diffusion-models-on-text-to-speech-synthesis"),
    ):
        search(page, query)
        result = page.locator(f'.md-search-result__item a[href*="/papers/{slug}/"]')
        result.first.wait_for(timeout=10000)  # the paper's own page, not a list naming it
    shards = {
        url.split("/pagefind/")[1].split("/")[0]
        for url in page.watch.requested
        if "/pagefind/papers-" in url
    }
    assert len(shards) >= 4, shards  # the fixture's 42 papers in shards of at most 10
    page.watch.assert_clean()


def test_search_results_show_hostile_titles_as_text(page, site_url: str) -> None:
    page.goto(site_url, wait_until="networkidle")
    search(page, "alert title attention", delay=20)
    result = page.locator(".md-search-result__item").filter(has_text="<script>alert('title')")
    result.first.wait_for(timeout=5000)
    assert page.locator(".md-search-result__list script, .md-search-result__list img").count() == 0
    page.watch.assert_clean()


def test_navigation_home_theme_paper_related_digest(page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("article a[href^='themes/']").nth(0).click()
    page.wait_for_url("**/themes/*/")
    assert page.locator("h1").count() == 1
    page.locator("article ol a[href*='/papers/']").first.click()
    page.wait_for_url("**/papers/*/")
    first_paper = page.url
    page.locator("#related-papers + ul a").first.click()
    page.wait_for_url("**/papers/*/")
    assert page.url != first_paper
    page.locator("#appeared-in + ul a").first.click()
    page.wait_for_url("**/digests/*/")
    assert page.locator("article ol li").count() >= 1
    page.watch.assert_clean()


def test_theme_map_points_link_to_papers(page, site_url: str) -> None:
    page.goto(site_url + "themes/")
    points = page.locator(".rd-map svg a > .rd-point")
    assert points.count() == 42
    assert page.locator(".rd-map svg a > .rd-point > title").first.text_content()
    page.locator(".rd-map svg a").nth(3).click(force=True)  # the nearest point opens
    page.wait_for_url("**/papers/*/")
    page.watch.assert_clean()


MARKS_JS = """svg => [...svg.querySelectorAll('a > .rd-point')].map(shape => {
  const box = shape.getBBox(); const screen = svg.getScreenCTM();
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const at = new DOMPoint(x, y).matrixTransform(screen);
  return {x, y, screenX: at.x, screenY: at.y, scale: screen.a,
          href: new URL(shape.parentElement.getAttribute('href'), location.href).href,
          name: shape.parentElement.getAttribute('aria-label'),
          theme: shape.dataset.rdTheme};
})"""


def test_the_theme_map_labels_every_theme_and_opens_the_nearest_point(page, site_url: str) -> None:
    """One label per theme, a distinct mark per theme in the legend, and in the densest spot
    the point nearest the pointer is named and opened; a legend mark focuses its theme."""
    page.goto(site_url + "themes/")
    svg = page.locator(".rd-map svg")
    legend = page.locator(".rd-legend svg.rd-mark")
    themes = legend.count()
    assert themes >= 5
    assert page.locator(".rd-map-labels text").count() == themes
    assert len(set(legend.evaluate_all("marks => marks.map(m => m.dataset.rdMark)"))) == themes
    marks = svg.evaluate(MARKS_JS)

    def near(mark: dict, others: list) -> int:
        return sum((o["x"] - mark["x"]) ** 2 + (o["y"] - mark["y"]) ** 2 < 30**2 for o in others)

    densest = max(marks, key=lambda m: (near(m, marks), m["href"]))
    assert near(densest, marks) >= 3, "the fixture map has a dense spot"
    # Point 3 map pixels to the right of it: never on top of a dot, yet it is the nearest.
    pointer = {"x": densest["x"] + 3, "y": densest["y"]}
    expected = min(marks, key=lambda m: (m["x"] - pointer["x"]) ** 2 + (m["y"] - pointer["y"]) ** 2)
    page.mouse.move(densest["screenX"] + 3 * densest["scale"], densest["screenY"])
    assert page.locator(".rd-map-tip").inner_text() == expected["name"]
    page.screenshot(path=str(ARTIFACTS / "theme-map-nearest.png"))
    button = page.locator(".rd-legend-button").first
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    dimmed = svg.evaluate("svg => svg.querySelectorAll('.rd-point.rd-dim').length")
    focused = sum(m["theme"] == "0" for m in marks)
    assert dimmed == len(marks) - focused > 0
    page.screenshot(path=str(ARTIFACTS / "theme-map-focused.png"))
    button.click()
    assert svg.evaluate("svg => svg.querySelectorAll('.rd-dim').length") == 0
    page.mouse.click(densest["screenX"] + 3 * densest["scale"], densest["screenY"])
    page.wait_for_url(expected["href"])
    page.watch.assert_clean()


def test_math_is_rendered_as_math(page, site_url: str) -> None:
    page.goto(site_url + TEX_PAPER)
    abstract = page.locator(".rd-abstract")
    assert abstract.locator("math").count() >= 2
    assert "$" not in abstract.inner_text()
    box = abstract.locator("math").first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    assert page.title().startswith("V²L: Leveraging")
    page.watch.assert_clean()


def test_hostile_input_shows_as_text_and_never_runs(page, site_url: str) -> None:
    page.goto(site_url + HOSTILE_PAPER)
    assert page.locator("h1").inner_text().startswith("<script>alert('title')</script>")
    assert page.locator("article script").count() == 0
    assert page.locator("article img").count() == 0
    assert page.locator("article [onerror], article [onclick]").count() == 0
    page.goto(site_url + "digests/hostile/")
    assert page.get_by_text("[Click me](javascript:alert(1))").count() >= 1
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    page.watch.assert_clean()


CONTRAST = """
() => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const body = getComputedStyle(document.querySelector('.md-typeset'));
  const bg = getComputedStyle(document.body).backgroundColor;
  const a = lum(parse(body.color)), b = lum(parse(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_light_and_dark_palettes_are_readable(page, site_url: str) -> None:
    page.goto(site_url + "themes/")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert page.evaluate(CONTRAST) >= 4.5
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') !== '{scheme}'", timeout=3000
    )
    assert page.evaluate(CONTRAST) >= 4.5
    page.screenshot(path=str(ARTIFACTS / "themes-after-toggle.png"))
    page.watch.assert_clean()


@pytest.mark.parametrize("where", ["site_url", "subpath_site_url"])
def test_the_chosen_palette_holds_on_pages_at_every_depth(page, where: str, request) -> None:
    """The reader's light or dark choice is stored once for the site, under its root (the
    scope that Material's helpers, a cached file, take from their own address), so that every
    page, the 404 page among them, shows it."""
    base = request.getfixturevalue(where)
    page.goto(base + "themes/")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') !== '{scheme}'", timeout=3000
    )
    chosen = page.locator("body").get_attribute("data-md-color-scheme")
    for path in ["", TEX_PAPER, "guide/", "404.html"]:
        page.goto(base + path)
        assert page.locator("body").get_attribute("data-md-color-scheme") == chosen, path
    root = urlparse(base).path
    stored = page.evaluate("Object.keys(localStorage)")  # the site's own script's keys too
    assert [key for key in stored if ".__" in key] == [root + ".__palette"]
    page.watch.assert_clean()


@pytest.mark.parametrize("path", ["", "themes/", TEX_PAPER, HOSTILE_PAPER])
def test_phone_viewport_has_no_horizontal_scrolling(browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(site_url + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"phone-{path.strip('/').replace('/', '-') or 'home'}.png")
    )
    context.close()
    assert overflow <= 0, f"{path}: {overflow}px of horizontal scrolling"
    watch.assert_clean()


def test_digest_rows_give_the_theme_link_its_own_line_on_a_phone(browser, site_url: str) -> None:
    """Side by side, a wrapped title and its theme link left no room between two tap targets."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "digests/week-1/")
    rows = page.locator("ol.rd-papers > li")
    assert rows.count() > 5
    for index in range(rows.count()):
        title = rows.nth(index).locator("a").first.bounding_box()
        theme = rows.nth(index).locator(".rd-row-theme a").bounding_box()
        assert title and theme and theme["y"] >= title["y"] + title["height"] - 1, index
    context.close()


def test_a_discussed_paper_shows_its_presenter_and_is_on_the_reading_list(
    page, site_url: str
) -> None:
    page.goto(site_url + TEX_PAPER)
    reading = page.locator("p.rd-reading")
    assert "Discussed on March 20, 2024" in reading.inner_text()
    assert "presented by Katherine Johnson" in reading.inner_text()
    assert reading.locator(".rd-sr-only").inner_text() == "rated 4 of 5"
    page.screenshot(path=str(ARTIFACTS / "reading-paper.png"))
    reading.get_by_role("link", name="Causality").click()  # its tag's page
    page.wait_for_url("**/tags/causality/")
    assert page.locator("ol.rd-papers > li, ul.rd-papers > li").count() == 2
    page.get_by_role("link", name="Reading list").first.click()  # in the site's navigation
    page.wait_for_url("**/reading-list/")
    discussed = page.locator("h2#discussed + ul li")
    assert discussed.count() == 1
    assert "presented by Katherine Johnson" in discussed.inner_text()
    assert "V²L" in discussed.inner_text()
    to_read = page.locator("h2#to-read + ul li")
    assert "Gene Regulatory Network Inference" in to_read.inner_text()
    assert to_read.locator(".rd-status-to-read").count() == 1
    page.screenshot(path=str(ARTIFACTS / "reading-list.png"), full_page=True)
    page.watch.assert_clean()


def test_paper_lists_sort_and_filter(page, site_url: str) -> None:
    """Theme and digest pages sort their papers by date or upvotes and filter them by words;
    the page's own order comes back, and without the script the list reads as built."""
    page.goto(site_url + "digests/week-1/")
    page.locator("ol.rd-papers > li .rd-row-theme a").first.click()  # a theme of that digest
    page.wait_for_url("**/themes/**")
    rows = page.locator("ol.rd-papers[data-rd-sortable] > li")
    sort = page.get_by_label("Sort")
    assert sort.locator("option").all_inner_texts()[:2] == ["Most representative", "Newest first"]
    sort.select_option(label="Newest first")
    dates = rows.evaluate_all("rows => rows.map(row => row.dataset.rdDate || '')")
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    word = rows.first.locator("a").first.inner_text().split()[0].lower()
    page.get_by_label("Filter").fill(word)
    visible = page.locator("ol.rd-papers > li:not([hidden])")
    assert 0 < visible.count() <= rows.count()
    assert all(word in text.lower() for text in visible.all_inner_texts())
    shown = page.locator(".rd-list-count").inner_text()
    assert shown == f"{visible.count()} of {rows.count()} papers"
    page.screenshot(path=str(ARTIFACTS / "theme-sorted-filtered.png"))
    page.get_by_label("Filter").fill("")
    sort.select_option(label="Most representative")
    ranks = rows.evaluate_all("rows => rows.map(row => Number(row.dataset.rdRank))")
    assert ranks == list(range(rows.count()))
    page.goto(site_url + "digests/cards/")
    page.get_by_label("Sort").select_option(label="Most upvoted")
    upvotes = page.locator("ol.rd-papers > li").evaluate_all(
        "rows => rows.map(row => Number(row.dataset.rdUpvotes ?? -1))"
    )
    assert upvotes == sorted(upvotes, reverse=True) and upvotes[0] == 42
    page.watch.assert_clean()


def test_digests_new_since_the_last_visit_are_marked(browser, site_url: str) -> None:
    """The first visit marks nothing; a later one marks the digests that arrived since, on the
    home page and the digest list, for the whole visit. All in the browser's own storage."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    page.goto(site_url)
    assert page.locator(".rd-new").count() == 0
    dates = page.locator("[data-rd-new-since] > li").evaluate_all(
        "rows => rows.map(row => row.dataset.rdDate)"
    )
    assert "2024-03-12" in dates and max(dates) > "2024-03-13"
    # A visit on March 13, 2024: the week-1 digest (March 12) was seen, later ones were not.
    page.evaluate(
        "() => { sessionStorage.clear(); for (const key of Object.keys(localStorage))"
        " if (key.startsWith('reading-digest:')) localStorage.setItem(key, '2024-03-13'); }"
    )
    page.reload()
    marked = page.locator("[data-rd-new-since] > li:has(.rd-new)")
    expected = sum(date > "2024-03-13" for date in dates)
    assert marked.count() == expected > 0
    week = page.locator("[data-rd-new-since] > li").filter(has_text="Diffusion and friends")
    assert week.locator(".rd-new").count() == 0
    page.screenshot(path=str(ARTIFACTS / "home-new-since-last-visit.png"), full_page=True)
    page.get_by_role("link", name="All digests").click()
    page.wait_for_url("**/digests/")
    assert page.locator("[data-rd-new-since] > li:has(.rd-new)").count() >= expected
    page.reload()  # the same visit: still marked
    assert page.locator(".rd-new").count() >= expected
    assert not watch.foreign
    context.close()
    watch.assert_clean()


A11Y_PAGES = ["", "themes/", "digests/", "digests/week-1/", TEX_PAPER, HOSTILE_PAPER, "report/"]
A11Y_PAGES += ["reading-list/", "tags/causality/"]


@pytest.mark.parametrize("path", A11Y_PAGES)
def test_accessibility_basics(page, site_url: str, path: str) -> None:
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    page.goto(site_url + path)
    assert page.locator("h1").count() == 1
    unnamed = page.eval_on_selector_all(
        "a[href]",
        "els => els.filter(e => !(e.textContent.trim() || e.getAttribute('aria-label') ||"
        " e.getAttribute('title') || e.querySelector('title,img[alt]'))).map(e => e.outerHTML)",
    )
    assert not unnamed, unnamed[:3]
    assert page.locator("img:not([alt])").count() == 0
    if path == "themes/":
        assert page.locator(".rd-map svg[role='group'] > title").count() == 1
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    page.watch.assert_clean()
