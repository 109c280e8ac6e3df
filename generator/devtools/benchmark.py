"""``make bench``: build synthetic archives of growing size and measure every stage.

The archives come from ``synthetic``; the figures are printed and written as JSON, and the
full run also writes the guide's benchmark page (``bench_report``). Each size also builds the
same archive with the generator of another revision (``compare``), side by side in the same
run, so that a change of speed is measured on the same machine at the same time.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import sys
import threading
import time
from pathlib import Path

from ..site.search_index import INDEX_DIR
from ..site.size_guard import folder_size
from ..themes.changes import ThemeChanges
from .bench_report import report, results_page
from .browser import CHROMIUM, CHROMIUM_ARGS
from .compare import HELPER_REVISION, checkout_generator, side_by_side
from .measure import measured
from .synthetic import PER_DIGEST, Source, load_source, make_project, synthesize

SIZES = (1_000, 5_000, 20_000, 50_000)
QUICK_SIZES = (1_000, 5_000)
PLAIN_PAGE_LIMIT = 5_000
"""Sizes up to this also build plain pages of the same count, for the per-page comparison."""


def generator_build(project: Path) -> dict:
    """One generator build in a fresh process, with its figures."""
    return _figures_of(project, "build")


def forced_build(project: Path) -> dict:
    """``generator build --force`` in a fresh process: everything generated again from the
    same digests and themes.yml, so a build that is a fixed point writes no page."""
    return _figures_of(project, "build", "--force")


def site_build(project: Path) -> dict:
    """One ``generator site`` (what ``make site`` runs) in a fresh process, with its figures:
    the generator's, and MkDocs' and Pagefind's when they ran."""
    return _figures_of(project, "site")


def _figures_of(project: Path, command: str, *options: str) -> dict:
    report = project / f"{command}.json"
    seconds, peak, _ = measured(
        [sys.executable, "-m", "generator", command, *options, "--quiet", "--json", str(report)],
        project,
    )
    figures = json.loads(report.read_text())
    figures.update(wall_seconds=round(seconds, 2), peak_mb=round(peak, 1))
    return figures


PAGE_TYPES = ("papers", "themes", "digests", "tags")
"""Folders of the site whose pages are measured by type (the rest count as "other")."""
PROJECTED_PAPERS = (50_000, 100_000)


def page_bytes(site: Path) -> dict[str, int]:
    """Mean bytes of a built page (``index.html``) of each type: paper, theme, digest, tag."""
    sizes: dict[str, list[int]] = {}
    for page in site.rglob("index.html"):
        parts = page.relative_to(site).parts
        kind = parts[0] if len(parts) == 3 and parts[0] in PAGE_TYPES else "other"
        sizes.setdefault(kind, []).append(page.stat().st_size)
    return {kind: round(sum(found) / len(found)) for kind, found in sorted(sizes.items())}


def projected_bytes(site_bytes: int, papers: int, fixed: int = 0) -> dict[str, int]:
    """The site's size at ``PROJECTED_PAPERS`` papers: its ``fixed`` bytes (``fixed_bytes``),
    and the rest growing in proportion to the papers (paper pages and their search index are
    most of it). Grown whole, a site of 1,000 papers projected 1,064 MB at 50,000 where the
    44,700-paper site extrapolated to 825 MB: it counted Material's assets once a paper."""
    grows = max(site_bytes - fixed, 0)
    return {
        str(target): round(fixed + grows * target / max(papers, 1)) for target in PROJECTED_PAPERS
    }


def fixed_bytes(site: Path) -> int:
    """Bytes of a built site that do not grow with its papers: ``assets/`` (Material's and the
    site's scripts, styles and icons) and the search's runtime at the top of ``pagefind/``
    (Pagefind's scripts, styles and WebAssembly; its index files grow)."""
    search = site / INDEX_DIR
    runtime = [entry for entry in search.iterdir() if entry.is_file()] if search.is_dir() else []
    return folder_size(site / "assets") + sum(
        entry.stat().st_size for entry in runtime if entry.name.endswith(SEARCH_RUNTIME)
    )


SEARCH_RUNTIME = (".js", ".css", ".pagefind")
"""Endings of Pagefind's runtime files (its index files end otherwise: ``.pf_meta``...)."""


def first_search_bytes(site: Path, query: str) -> dict | None:
    """Bytes a browser downloads from opening the home page to the first search results."""
    if not CHROMIUM.exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = {"bytes": 0}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
            )
            page = browser.new_page()
            page.on(
                "response",
                lambda r: total.__setitem__(
                    "bytes", total["bytes"] + int(r.headers.get("content-length", "0"))
                ),
            )
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            page.goto(url, wait_until="load")
            started = time.perf_counter()
            page.click("input.md-search__input")
            page.locator("input.md-search__input").press_sequentially(query, delay=20)
            page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            seconds = time.perf_counter() - started
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"bytes": total["bytes"], "seconds_to_results": round(seconds, 2), "query": query}


def add_digest(project: Path, source: Source, size: int, before: dict, number: int) -> dict:
    """Add the archive's next digest (its ``number``-th new one: 50 papers, dated the next day,
    repeats carrying the abstract they had) and run ``generator site``; what it did."""
    name, text = synthesize(source, size + number * PER_DIGEST)[-1]
    (project / "digests" / name).write_text(text, "utf-8")
    after = site_build(project)
    return {
        "site_seconds": after["wall_seconds"],
        "generator_seconds": after["seconds"],
        "site_steps": after["site_steps"],
        "site_mode": after["site_mode"],
        "site_reason": after["site_reason"],
        "new_papers": after["unique_papers"] - before["unique_papers"],
        "pages_written": after["pages_written"],
        "pages_written_by_folder": after["pages_written_by_folder"],
        "pages_removed": after["pages_removed"],
        "vector_basis": [before["vector_basis"], after["vector_basis"]],
        "vector_basis_changed": before["vector_basis"] != after["vector_basis"],
        # What the digest changed in the themes (the build's summary line, counted).
        "theme_changes": {key: after.get(key, 0) for key in ThemeChanges().figures()},
        "build": after,
    }


def plain_pages_build(project: Path, count: int) -> float:
    """MkDocs time for ``count`` plain pages with the project's own configuration (theme,
    navigation, templates, guide): the per-page baseline that isolates our pages' content."""
    plain = project.parent / f"{project.name}-plain"
    if plain.exists():
        shutil.rmtree(plain)
    plain.mkdir()
    shutil.copy(project / "mkdocs.yml", plain / "mkdocs.yml")
    shutil.copytree(project / "docs" / "guide", plain / "docs" / "guide")
    shutil.copytree(project / "docs" / "assets", plain / "docs" / "assets")
    shutil.copytree(project / "generator", plain / "generator")
    body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30
    for name in ("index.md", "themes/index.md", "digests/index.md", "report.md"):
        (plain / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / "docs" / name).write_text(f"# Plain\n\n{body}\n")
    (plain / "docs" / "papers").mkdir()
    for number in range(count - 4):  # out of the nav, as paper pages are
        (plain / "docs" / "papers" / f"p{number}.md").write_text(f"# Page {number}\n\n{body}\n")
    seconds, _, _ = measured([sys.executable, "-m", "mkdocs", "build", "-q"], plain)
    return seconds  # removed with the whole work folder at the end (see ``measured``)


def run_size(root: Path, source: Source, size: int, workdir: Path, other_code: Path | None) -> dict:
    """Every figure for one archive size (``other_code``: a generator to compare with)."""
    project = workdir / f"size-{size}"
    files = synthesize(source, size)
    make_project(root, project, files)
    next_digest = synthesize(source, size + PER_DIGEST)[-1]  # what ``add_digest`` adds first
    compared = (
        side_by_side(project, other_code, workdir, next_digest=next_digest) if other_code else None
    )
    first = generator_build(project)
    pages = sum(1 for _ in (project / "docs").rglob("*.md"))
    site = site_build(project)  # the generator finds nothing to do; MkDocs and Pagefind run
    mkdocs, pagefind = site["site_steps"]["mkdocs"], site["site_steps"]["pagefind"]
    query = next(w for w in files[0][1].split() if len(w) > 9 and w.isalpha())
    result = {
        "papers_listed": size,
        "unique_papers": first["unique_papers"],
        "digests": first["digests"],
        "themes": first["themes"],
        "markdown_pages": pages,
        "generator": first,
        "mkdocs_seconds": round(mkdocs["seconds"], 2),
        "mkdocs_peak_mb": mkdocs["peak_mb"],
        "mkdocs_parts": int(mkdocs.get("parts", 1)),
        "mkdocs_ms_per_page": round(1000 * mkdocs["seconds"] / pages, 2),
        "generator_to_mkdocs": round(first["wall_seconds"] / mkdocs["seconds"], 3),
        "pagefind_seconds": round(pagefind["seconds"], 2),
        "pagefind_peak_mb": pagefind["peak_mb"],
        "pagefind_indexes": int(pagefind["indexes"]),
        "pagefind_bytes": folder_size(project / "site" / INDEX_DIR),
        "site_bytes": folder_size(project / "site"),
        "page_bytes": page_bytes(project / "site"),
        "first_search": first_search_bytes(project / "site", query),
        "compared": compared,
    }
    result["fixed_site_bytes"] = fixed_bytes(project / "site")
    result["projected_site_bytes"] = projected_bytes(
        result["site_bytes"], first["unique_papers"], result["fixed_site_bytes"]
    )
    rerun = site_build(project)
    full = first["wall_seconds"] + site["wall_seconds"]
    result["rerun_no_change"] = {
        "seconds": rerun["wall_seconds"],
        "pages_written": rerun["pages_written"],
        "site_up_to_date": rerun["site_up_to_date"],
        "share_of_full_build": round(rerun["wall_seconds"] / full, 3),
    }
    added = add_digest(project, source, size, first, 1)
    if added["vector_basis_changed"]:  # it crossed a step of the ladder: show the next one too
        added = {
            "crossed_step": added,
            **add_digest(project, source, size, added["build"], 2),
        }
    result["rerun_one_digest_added"] = {k: v for k, v in added.items() if k != "build"}
    result["rerun_one_digest_added"].get("crossed_step", {}).pop("build", None)
    forced = forced_build(project)  # after the daily builds: is the grouping a fixed point?
    result["forced_rebuild_pages_written"] = forced["pages_written"]
    if pages <= PLAIN_PAGE_LIMIT:
        plain = plain_pages_build(project, pages)
        result["plain_pages_ms_per_page"] = round(1000 * plain / pages, 2)
    return result


def main(root: Path, sizes: tuple[int, ...], output: Path, against: str = HELPER_REVISION) -> int:
    """Run the benchmark and write ``output``/bench.json; each size is also built by the
    generator of git revision ``against`` (none if empty), side by side."""
    source = load_source(root)
    output = output.resolve()
    workdir = output / "work"
    other_code = None
    if against:
        other_code = checkout_generator(root, against, workdir / "against")
        if other_code is None:
            print(f"revision {against} is not in this clone: no side-by-side builds")
    results = []
    for size in sizes:
        results.append(run_size(root, source, size, workdir, other_code))
        results[-1]["compared_with"] = against if other_code else None
        print(report(results[-1:]), flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    output.mkdir(parents=True, exist_ok=True)
    (output / "bench.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    if set(sizes) == set(SIZES):  # the full run is the one the site's guide shows
        guide = root / "docs" / "guide"
        (guide / "benchmark.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")
        (guide / "benchmark.md").write_text(results_page(results), "utf-8")
    print(f"figures written to {output / 'bench.json'}")
    return 0
