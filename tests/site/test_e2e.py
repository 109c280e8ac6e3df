"""End to end: generate the fixture project and build it with the real `mkdocs build --strict`."""

from __future__ import annotations

import gc
import gzip
import html
import json
import re
from pathlib import Path

import material
import pytest
from conftest import ROOT, make_project, run_python
from sitelinks import LinkCollector, broken_links, collected

from generator.site.mkdocs_hooks import LIGHT_FRAME_LEFTOVERS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("e2e"))
    generated = run_python(root, "-m", "generator", "build")
    assert generated.returncode == 0, generated.stderr
    built = run_python(root, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    return root / "site"


def test_pages_exist(site: Path) -> None:
    assert (site / "index.html").is_file()
    home = (site / "index.html").read_text("utf-8")  # what is new comes first
    assert home.index('id="new-in') < home.index('id="themes"') < home.index('id="latest-digests"')
    assert (
        'href="papers/retrieval-augmented-generation-for-large-language-models-a-survey/"' in home
    )
    assert (site / "digests" / "week-1" / "index.html").is_file()
    assert len(list((site / "papers").glob("*/index.html"))) == 42
    assert len(list((site / "themes").glob("*/index.html"))) >= 2
    # Pagefind is the search: Material's own index holds no page.
    assert json.loads((site / "search" / "search_index.json").read_text())["docs"] == []


def test_every_bibtex_file_parses_with_unique_keys(site: Path) -> None:
    import bibtexparser

    files = sorted((site.parent / "docs").rglob("*.bib"))
    assert len(files) > 5
    for path in files:
        library = bibtexparser.parse_string(path.read_text("utf-8"))
        assert not library.failed_blocks, path
        keys = [entry.key for entry in library.entries]
        assert keys and len(set(keys)) == len(keys), path
        assert all("title" in entry.fields_dict for entry in library.entries)


def test_every_internal_link_resolves(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 50
    broken = broken_links(site)
    assert not broken, broken[:10]


def test_hostile_text_shows_as_written_and_never_runs(site: Path) -> None:
    page = (
        site / "papers" / "script-alert-title-script-attention-tricks" / "index.html"
    ).read_text()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Attention Tricks" in page or (
        "&lt;script&gt;alert('title')&lt;/script&gt; Attention Tricks" in page
    )
    for html_file in site.rglob("*.html"):
        text = html_file.read_text("utf-8")
        assert "<script>alert" not in text
        assert "<img src=x" not in text and "<b>bold" not in text
        collector = LinkCollector()
        collector.feed(text)
        assert not any("alert" in s for s in collector.scripts), html_file
        for block in collector.data_blocks:  # data: parses, and can never close its element
            assert "<" not in block and json.loads(block)["@type"] == "ScholarlyArticle"
        assert not any(
            link.lower().startswith(("javascript:", "data:")) for link in collector.links
        )
    digest = (site / "digests" / "hostile" / "index.html").read_text()
    assert "[Click me](javascript:alert(1))" in digest
    assert "<title>Hostile &lt;input&gt; - Reading Digest</title>" in digest


def test_every_path_stays_inside_the_site(site: Path) -> None:
    for path in site.rglob("*"):
        assert site in path.resolve().parents or path.resolve() == site
        assert re.fullmatch(r"[a-z0-9\-./_]+", path.relative_to(site).as_posix()), path


def test_paper_page_content(site: Path) -> None:
    page = (
        site
        / "papers"
        / "scaling-laws-for-sparse-mixture-of-experts-language-models"
        / "index.html"
    )
    text = page.read_text("utf-8")
    assert 'href="https://arxiv.org/abs/2406.01234"' in text
    assert 'href="https://arxiv.org/pdf/2406.01234"' in text
    assert "Ada Lovelace, Alan Turing, Grace Hopper" in text
    assert "../../digests/paper-page/" in text


FRAME_BUDGET = 5_000
"""Bytes of a paper page outside its article, its structured data, and the title and
description that the head and header repeat (measured on the fixture site: 4.7-4.9 KB; 4.7-5.0
KB with the title's slug as its heading's id, which the skip link repeats; 5.3-5.5 KB with
Material's footer, dialog, empty announcement bar and generator tag; 6.6-6.8 KB with
Material's helpers, palette toggle and tabs script in each page, 7.0-7.2 KB with its search
configured too; Material's full frame made the page about 10 KB larger)."""


def test_generated_pages_have_the_light_frame(site: Path) -> None:
    """Papers, digests and tags: a flat navigation to every top-level entry, no table of
    contents, icons from the CSS, compact HTML, no footer, dialog, generator tag or heading
    permalinks; hand-written pages keep Material's frame."""
    top_level = ["Home", "Themes", "Digests", "Reading list", "Tags", "Guide", "Build report"]
    pages = [*(site / "papers").glob("*/index.html"), site / "digests" / "week-1" / "index.html"]
    for page in pages:
        text = page.read_text("utf-8")
        navigation = text.split('data-md-type="navigation"')[1].split("</nav>")[0]
        assert re.findall(r'class="md-nav__link">([^<]+)</a>', navigation) == top_level
        assert "md-sidebar--secondary" not in text and "<path" not in text
        assert 'src="../../assets/javascripts/rd-palette.js"' in text
        assert '<script src="../../assets/javascripts/rd-base.js"></script>' in text
        assert "<form" not in text and "__md_scope" not in text and "__tabbed_" not in text
        assert not LIGHT_FRAME_LEFTOVERS.search(text) and "<footer" not in text
        assert re.search(r'<h1 id="[^"]+">', text), f"{page}: its heading lost its id"
        if page.parent.parent.name == "papers":  # a short id, not the title's slug
            assert '<h1 id="title">' in text and 'href="#title" class="md-skip"' in text
        assert not re.search(r"\n[ \t]", text.split("<pre")[0]), f"{page} is not compacted"
        outside = re.sub(
            r"<article.*</article>|<script type=\"application/ld\+json\">.*?</script>",
            "",
            text,
            flags=re.DOTALL,
        )
        meta = collected(page).meta
        if len(meta["og:title"]) > 300:
            continue  # the fixture's hostile 10,000-character title, repeated in the head
        for repeated in (meta["og:title"], meta["og:description"]):
            outside = outside.replace(html.escape(repeated), "")
        assert len(outside.encode()) <= FRAME_BUDGET, f"{page}: frame of {len(outside)} bytes"
    guide = (site / "guide" / "index.html").read_text("utf-8")
    assert "md-sidebar--secondary" in guide and 'data-md-level="1"' in guide
    assert "Material for MkDocs" in guide.split("<footer")[1]
    assert guide.count('<meta name="generator"') == 1 and 'class="headerlink"' in guide


def test_the_search_index_reads_a_paper_page_without_its_furniture(
    site: Path, tmp_path: Path
) -> None:
    """What Pagefind keeps of a paper page with every section: its title, facts and abstract,
    not the theme line, the headings of its lists and BibTeX, the lists or the BibTeX."""
    from generator.site.search_index import excluded_arguments

    full = next(
        page
        for page in sorted((site / "papers").glob("*/index.html"))
        if all(f'id="{name}"' in page.read_text("utf-8") for name in SECTION_IDS)
    )
    copy = tmp_path / "site" / "papers" / full.parent.name / "index.html"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(full.read_bytes())
    indexed = run_python(
        tmp_path, "-m", "pagefind", "--site", "site", "--silent", *excluded_arguments()
    )
    assert indexed.returncode == 0, indexed.stderr
    (fragment,) = (tmp_path / "site" / "pagefind" / "fragment").iterdir()
    text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
    record = json.loads(text[text.index("{") :])
    title = collected(full).meta["og:title"]
    assert record["content"].startswith(html.unescape(title))
    for furniture in (
        "Theme:",
        "Related papers",
        "Similar papers",
        "Appeared in",
        "Links",
        "BibTeX",
        "@misc",
    ):
        assert furniture not in record["content"], furniture
    # Pagefind still notes where the skipped headings are, without their text.
    assert [anchor["text"] for anchor in record["anchors"] if anchor["text"]] == [
        html.unescape(title)
    ]


SECTION_IDS = (
    "related-papers",
    "similar-papers-in-the-same-digest",
    "appeared-in",
    "links",
    "bibtex",
)
"""The headings of a paper page's lists and BibTeX, by the ids MkDocs gives them."""


def test_materials_inline_scripts_come_from_cached_files(site: Path) -> None:
    """Material's helpers, palette script and toggle are one file each for every page, the
    helpers and the script as the installed Material has them; its tabs scripts are left out
    of a site without tabs, and kept as Material has them for one with tabs."""
    scripts = site / "assets" / "javascripts"
    (helpers,) = inline_scripts(MATERIAL_PARTIALS / "javascripts" / "base.html")
    page_scope = '"{{ config.extra.scope | d(base_url) }}",location'
    root_scope = '"",new URL("../..",document.currentScript.src)'
    assert (scripts / "rd-base.js").read_text("utf-8") == helpers.replace(page_scope, root_scope)
    toggle, script = (scripts / "rd-palette.js").read_text("utf-8").split("\n", 1)
    assert [script] == inline_scripts(MATERIAL_PARTIALS / "javascripts" / "palette.html")
    inserted = re.fullmatch(
        r'document\.currentScript\.insertAdjacentHTML\("beforebegin",(.*)\);', toggle
    )
    assert inserted, toggle
    form = json.loads(inserted.group(1))
    assert form.startswith('<form class="md-header__option" data-md-component="palette">')
    assert form.count('type="radio" name="__palette"') == 2 and "<script" not in form
    tabs = inline_scripts(MATERIAL_PARTIALS / "javascripts" / "content.html")
    assert len(tabs) == 2 and inline_scripts(OUR_PARTIALS / "javascripts" / "content.html") == tabs


MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"
OUR_PARTIALS = ROOT / "generator" / "templates" / "partials"


def inline_scripts(template: Path) -> list[str]:
    """The text of each inline script in a template."""
    return re.findall(r"<script>(.*?)</script>", template.read_text("utf-8"), re.DOTALL)


def test_materials_script_is_configured_without_its_own_search(site: Path) -> None:
    """The search box is Pagefind's: Material's script gets no search worker, messages or
    features, 480 bytes a paper page, on generated and hand-written pages alike."""
    pages = [
        site / "index.html",
        site / "guide" / "index.html",
        *(site / "papers").glob("*/index.html"),
    ]
    for page in pages:
        found = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>',
            page.read_text("utf-8"),
            re.DOTALL,
        )
        assert found, page
        config = json.loads(found.group(1))
        assert "search" not in config, page
        assert set(config["translations"]) == {"clipboard.copy", "clipboard.copied"}, page
        assert config["base"] and config["features"] == ["toc.follow"], page
        assert set(config) == {"base", "features", "translations"}, page
        assert 'data-md-component="top"' in page.read_text("utf-8"), page  # navigation.top


def test_materials_script_reads_none_of_the_features_left_out_of_its_configuration() -> None:
    """The features main.html keeps from Material's script shape its templates alone: the
    installed script names none of them (a newer Material that reads one fails here)."""
    template = (ROOT / "generator" / "templates" / "main.html").read_text("utf-8")
    listed = template.split("set template_features = [")[1].split("]")[0]
    left_out = re.findall(r'"([a-z.]+)"', listed)
    assert "navigation.top" in left_out and len(left_out) == 9
    scripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    (bundle,) = scripts.glob("bundle.*.min.js")
    script = bundle.read_text("utf-8")
    assert '"toc.follow"' in script  # how it names a feature it reads
    assert [name for name in left_out if f'"{name}"' in script] == []


def test_pages_show_well_when_shared(site: Path) -> None:
    """Link previews (Open Graph, Twitter cards) on every page; structured data on papers."""
    slug = "scaling-laws-for-sparse-mixture-of-experts-language-models"
    paper = collected(site / "papers" / slug / "index.html")
    assert paper.meta["og:type"] == "article"
    assert paper.meta["og:title"] == "Scaling Laws for Sparse Mixture-of-Experts Language Models"
    assert paper.meta["og:description"].startswith("We study") and paper.meta["og:description"]
    assert paper.meta["og:url"] == f"http://127.0.0.1:8000/papers/{slug}/"
    assert paper.meta["twitter:card"] == "summary"  # its title and text: the og: ones
    assert "twitter:title" not in paper.meta and "twitter:description" not in paper.meta
    (block,) = paper.data_blocks
    article = json.loads(block)
    assert article["@context"] == "https://schema.org"
    assert article["name"] == paper.meta["og:title"]
    assert [a["name"] for a in article["author"]] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert article["sameAs"] == "https://arxiv.org/abs/2406.01234"
    assert article["abstract"].startswith("We study")
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", article["datePublished"])
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Reading Digest</title>" in home
    for page in site.rglob("index.html"):
        meta = collected(page).meta
        assert meta["og:title"] and meta["og:description"] and meta["og:site_name"], page
        assert "robots" not in meta, page  # only previews are noindex
    digest = collected(site / "digests" / "week-1" / "index.html").meta
    assert digest["og:description"] != collected(site / "index.html").meta["og:description"]


def test_sitemap_dates_are_the_contents_own(site: Path) -> None:
    """lastmod is the newest digest a page shows, never the build's day; guide pages have none."""
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    dated = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    dates = json.loads((site.parent / "docs" / ".page-dates.json").read_text("utf-8"))
    assert dated and len(dated) == len(dates)
    week = "http://127.0.0.1:8000/digests/week-1/"
    assert dated[week] == dates["digests/week-1.md"]
    assert "http://127.0.0.1:8000/guide/" not in dated


def test_rebuild_writes_nothing(site: Path) -> None:
    root = site.parent
    before = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    again = run_python(root, "-m", "generator", "build")
    assert again.returncode == 0
    assert "Pages written: 0;" in again.stdout
    after = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    assert before == after


def test_math_renders_as_math_and_code_links_work(site: Path) -> None:
    slug = "v-2-l-leveraging-vision-and-vision-language-models-into-large-scale-product"
    text = (site / "papers" / slug / "index.html").read_text("utf-8")
    abstract = text.split('class="rd-abstract"')[1].split("</p>")[0]
    assert abstract.count("<math") >= 2 and "$" not in abstract
    assert "Schrödinger" in text and "5∼10" in text and "15% of the cost" in text
    assert '<a href="https://github.com/example/v2l">github.com/example/v2l</a>' in text
    assert "<title>V²L: Leveraging" in text
    assert "As written in the digest" in text


def test_every_paper_read_is_rendered_and_listed(site: Path) -> None:
    from generator.pipeline import read_digests

    digests, _, _ = read_digests(site.parent / "digests")
    for digest in digests:
        slug = digest.source.rsplit(".", 1)[0]
        page = (site / "digests" / slug / "index.html").read_text("utf-8")
        titles = {p.title.casefold() for p in digest.papers}
        assert page.count('href="../../papers/') >= len(titles), digest.source


def test_site_command_rebuilds_only_what_changed(tmp_path: Path) -> None:
    import os
    import shutil

    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project")

    def site(project: Path = root, *options: str) -> dict:
        done = run_python(
            project, "-m", "generator", "site", "--quiet", "--json", "figures.json", *options
        )
        assert done.returncode == 0, done.stderr
        return json.loads((project / "figures.json").read_text())

    first = site()
    assert first["site_mode"] == "full" and set(first["site_steps"]) == {"mkdocs", "pagefind"}
    assert (root / "site" / "pagefind" / "pagefind.js").is_file()
    built = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*.html")}
    again = site()
    assert again["site_up_to_date"] and again["pages_written"] == 0
    assert again["site_bytes"] == first["site_bytes"] > 1_000_000  # said again, not re-measured
    assert built == {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*.html")}
    guide = root / "docs" / "guide" / "index.md"  # a hand-written page changes: full build
    guide.write_text(guide.read_text() + "\nOne more line.\n")
    assert site()["site_mode"] == "full"
    assert "One more line." in (root / "site" / "guide" / "index.html").read_text()
    digest = root / "digests" / "week-2.txt"  # a new digest: only generated pages change
    digest.write_text(
        "Get trending papers in your email inbox!\nA Brand New Paper Title\n"
        "We study a brand new problem and show, in several experiments on three datasets, "
        "that a simple method solves it better than the methods that came before it.\n"
    )
    before = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*.html")}
    updated = site()
    assert updated["site_mode"] == "incremental", updated["site_reason"]
    assert (root / "site" / "papers" / "a-brand-new-paper-title" / "index.html").is_file()
    rewritten = [p for p, t in before.items() if p.stat().st_mtime_ns != t]
    assert 0 < len(rewritten) < len(before) / 2
    # The incremental site is the site a full build makes from the same sources.
    shutil.copytree(root, tmp_path / "full", symlinks=True)
    assert site(tmp_path / "full", "--force")["site_mode"] == "full"
    assert _tree(root / "site") == _tree(tmp_path / "full" / "site")
    # A digest deleted: its generated pages go, and so does what MkDocs built from them.
    digest.unlink()
    removed = site()
    assert removed["site_mode"] == "incremental" and "gone" in removed["site_reason"]
    assert not (root / "site" / "papers" / "a-brand-new-paper-title").exists()
    shutil.rmtree(tmp_path / "full")
    shutil.copytree(root, tmp_path / "full", symlinks=True)
    assert site(tmp_path / "full", "--force")["site_mode"] == "full"
    assert _tree(root / "site") == _tree(tmp_path / "full" / "site")
    (root / "site" / "index.html").unlink()  # a damaged site is rebuilt
    assert site()["site_mode"] == "full"
    assert site()["site_up_to_date"] and os.path.exists(root / "site" / "index.html")


def test_a_site_built_in_parts_is_the_site_built_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A MkDocs build as two parts at once (each renders every other page; the first also
    the theme's files, sitemap and 404 page) writes the files of one build: a full build, and
    an incremental one after a new digest."""
    import shutil

    from generator.config import Settings
    from generator.site import builder

    monkeypatch.setattr(builder, "usable_cores", lambda: 2)  # parts on any machine
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (tmp_path / "whole").mkdir()
    whole = make_project(tmp_path / "whole")
    shutil.copytree(whole, tmp_path / "parts")
    parts = tmp_path / "parts"
    one = builder.build_site(whole, Settings(site_split_pages=10**6), quiet=True)
    two = builder.build_site(parts, Settings(site_split_pages=1), quiet=True)
    assert "parts" not in one.steps["mkdocs"] and two.steps["mkdocs"]["parts"] == 2
    assert _tree(whole / "site") == _tree(parts / "site")
    # A stale file of an earlier site goes, as a whole build cleans the site folder.
    (parts / "site" / "stale.html").write_text("old")
    builder.build_site(parts, Settings(site_split_pages=1), force=True, quiet=True)
    assert _tree(whole / "site") == _tree(parts / "site")
    # A new digest: an incremental build in parts (each renders the changed pages among every
    # other page) writes the files of one incremental build.
    for project in (whole, parts):
        (project / "digests" / "week-2.txt").write_text(
            "A Brand New Paper Title\nWe study a brand new problem and show, in several "
            "experiments on three datasets, that a simple method solves it better than before.\n"
        )
    one = builder.build_site(whole, Settings(site_split_pages=10**6), quiet=True)
    two = builder.build_site(parts, Settings(site_split_pages=1), quiet=True)
    assert one.mode == two.mode == "incremental", (one.reason, two.reason)
    assert "parts" not in one.steps["mkdocs"] and two.steps["mkdocs"]["parts"] == 2
    assert (parts / "site" / "papers" / "a-brand-new-paper-title" / "index.html").is_file()
    assert _tree(whole / "site") == _tree(parts / "site")


def test_the_site_build_says_things_once_and_a_quiet_one_still_fails_on_a_broken_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A build in parts prints MkDocs' lines and Material's end-of-life notice once, not once
    per part. A quiet build prints warnings and errors only, and strict mode still counts
    the warnings: MkDocs' own ``-q`` drops them first, and a broken link passed. The site's
    result keeps the build's figures, not its records, and the garbage collector runs again."""
    from generator.config import Settings
    from generator.errors import InputError
    from generator.site import builder

    monkeypatch.setattr(builder, "usable_cores", lambda: 2)  # parts on any machine
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "")  # Material prints its notice unless set
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project")
    built = builder.build_site(root, Settings(site_split_pages=1))
    said = "".join(capfd.readouterr())
    assert built.steps["mkdocs"]["parts"] == 2
    assert built.build.archive is None and built.build.counts["unique_papers"] > 0
    assert gc.isenabled()
    assert said.count("end of life") == 1 and said.count("Documentation built in") == 1, said
    guide = root / "docs" / "guide" / "index.md"
    guide.write_text(guide.read_text() + "\n[A page that is gone](no-such-page.md)\n")
    with pytest.raises(InputError):
        builder.build_site(root, Settings(site_split_pages=1), quiet=True)
    said = "".join(capfd.readouterr())
    assert "no-such-page.md" in said, said
    assert "Building documentation" not in said and "end of life" not in said, said


def test_a_new_digest_indexes_again_only_the_search_shards_it_changes(tmp_path: Path) -> None:
    """Papers in search shards of 10 by arrival: a digest built on a later day joins the last
    shard, the earlier shards are kept as they are, and the site is the one a full build
    makes from the same sources."""
    import shutil

    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project")
    (root / "pyproject.toml").write_text("[tool.reading-digest]\nsearch-shard-pages = 10\n")

    def site(project: Path, day: int, *options: str) -> dict:
        done = run_python(
            project,
            *("-m", "generator", "site", "--quiet", "--json", "figures.json", *options),
            SOURCE_DATE_EPOCH=str(1_735_689_600 + day * 86_400),  # 2025-01-01 + day
        )
        assert done.returncode == 0, done.stderr
        return json.loads((project / "figures.json").read_text())

    first = site(root, 0)["site_steps"]["pagefind"]
    assert first["indexes"] >= 5 and first["kept"] == 0  # 42 papers: main index and 5 shards
    # The main index holds every page but the papers' (indexed from links to them).
    from generator.site.walk import pages_outside

    entry = json.loads((root / "site" / "pagefind" / "pagefind-entry.json").read_text())
    listed = pages_outside(str(root / "site"), {"papers", "pagefind"})
    assert "guide/index.html" in listed and "themes/index.html" in listed
    indexed = [
        path for path in listed if "data-pagefind-body" in (root / "site" / path).read_text()
    ]
    assert len(indexed) >= len(listed) - 1  # all but 404.html, which has no indexed body
    assert [language["page_count"] for language in entry["languages"].values()] == [len(indexed)]
    assert not list(root.glob(".search-pages-*"))  # the links are gone
    # The new digest lists the first paper of the first shard again, as listings do: its
    # digests are search facets, which live in search-facets.json, not in its page's text.
    from generator.ingest.merge import merge
    from generator.pages.search_facets import numbers_of
    from generator.pipeline import read_digests

    oldest = json.loads((root / "docs" / ".arrival-order.json").read_text())[0]
    again = next(e for e in merge(read_digests(root / "digests")[0]).entries if e.slug == oldest)
    (root / "digests" / "week-2.txt").write_text(
        "A Brand New Paper Title\nWe study a brand new problem and show, in several experiments"
        " on three datasets, that a simple method solves it better than those before it.\n"
        f"{again.paper.title}\n{again.paper.abstract}\n"
    )
    updated = site(root, 1)
    assert updated["site_mode"] == "incremental", updated["site_reason"]
    steps = updated["site_steps"]["pagefind"]
    # Indexed again: the main index (it lists the digest) and the last shard (the new paper).
    assert steps["indexes"] == first["indexes"] and steps["kept"] == steps["indexes"] - 2, steps
    order = json.loads((root / "docs" / ".arrival-order.json").read_text())
    assert order[0] == oldest and order[-1] == "a-brand-new-paper-title"
    facets = json.loads((root / "site" / "search-facets.json").read_text())
    week = next(row for row in facets["digest"] if len(order) - 1 in numbers_of(row[2]))
    assert numbers_of(week[2]) == {0, len(order) - 1}, week  # the new paper and the oldest
    numbers = json.loads((root / "site" / "pagefind" / "papers-1" / "rd-papers.json").read_text())
    assert 0 in numbers["papers"].values()  # the kept shard still names it
    shutil.copytree(root, tmp_path / "full", symlinks=True)
    assert site(tmp_path / "full", 1, "--force")["site_steps"]["pagefind"]["kept"] == 0
    assert _tree(root / "site") == _tree(tmp_path / "full" / "site")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_paste_shape_builds_strictly(tmp_path: Path) -> None:
    """The paste fixtures (wrapped mail, arXiv pages and e-mails, Hugging Face pages, a
    Markdown list) as a project of their own: papers without abstracts and listing facts
    render, and `mkdocs build --strict` accepts every page."""
    root = make_project(tmp_path, Path(__file__).parents[1] / "fixtures" / "pastes")
    generated = run_python(root, "-m", "generator", "build")
    assert generated.returncode == 0, generated.stderr
    built = run_python(root, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    slug = "accelerating-policy-gradient-by-estimating-value-function-from-prior"
    assert (root / "site" / "papers" / slug / "index.html").is_file()
    page = (root / "docs" / "papers" / f"{slug}.md").read_text("utf-8")
    assert "arxiv.org/abs/2503.21005" in page  # the id from the titles-only arXiv listing
