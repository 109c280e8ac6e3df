"""``make bench``: build synthetic archives of growing size and measure every stage.

Synthetic archives are made from the bundled digests. Each synthetic paper takes a theme of
the committed registry, joins the first half of one member's title to the second half of
another's, and builds its abstract from sentences of three members of that theme: the text
keeps the vocabulary and topic structure of real papers, so clustering behaves as on real
data. Papers come in daily digests of 50, and 8% of the listings repeat a paper from an
earlier digest, as real listings do (848 listings, 781 unique papers in the samples).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS
from .config import Settings
from .merge import merge
from .model import Paper
from .pipeline import read_digests
from .registry import load_registry
from .site import copy_theme_files
from .stopwatch import maxrss_mb

PER_DIGEST = 50
REPEAT_SHARE = 0.08
SIZES = (1_000, 5_000, 20_000, 50_000)
QUICK_SIZES = (1_000, 5_000)
PLAIN_PAGE_LIMIT = 5_000
"""Sizes up to this also build plain pages of the same count, for the per-page comparison."""


@dataclass(frozen=True)
class Source:
    """Real papers grouped by their recorded theme, to draw synthetic papers from."""

    themes: list[list[Paper]]


def load_source(root: Path) -> Source:
    """The bundled digests' papers, grouped by the committed theme registry."""
    digests, errors, _ = read_digests(root / "digests")
    if errors:
        raise SystemExit(f"the bundled digests do not read: {errors[0]}")
    archive = merge(digests)
    by_slug = {entry.slug: entry.paper for entry in archive.entries}
    registry = load_registry(root / "themes.yml")
    themes = [[by_slug[s] for s in t.papers if s in by_slug] for t in registry.themes]
    themes = [members for members in themes if len(members) >= 3]
    if not themes:
        themes = [list(by_slug.values())]
    return Source(themes)


def synthesize(source: Source, size: int, seed: int = 0) -> list[tuple[str, str]]:
    """Digest files (name, text) holding ``size`` listings, about 8% of them repeats."""
    rng = random.Random(seed)
    weights = [len(members) for members in source.themes]
    papers: list[tuple[str, str]] = []
    seen: set[str] = set()
    files = []
    day = date(2024, 1, 1)
    listings: list[tuple[str, str]] = []
    for number in range(size):
        if papers and rng.random() < REPEAT_SHARE:
            listings.append(rng.choice(papers))
        else:
            members = rng.choices(source.themes, weights)[0]
            a, b, c = rng.sample(members, 3) if len(members) >= 3 else (members * 3)[:3]
            first, second = a.title.split(), b.title.split()
            title = " ".join(first[: len(first) // 2 + 1] + second[len(second) // 2 :])
            if title.casefold() in seen:
                title = f"{title} {number}"
            seen.add(title.casefold())
            sentences = [s for p in (a, b, c) for s in p.abstract.split(". ") if len(s) > 30]
            picked = rng.sample(sentences, min(len(sentences), rng.randint(4, 7)))
            abstract = ". ".join(s.rstrip(".") for s in picked) + "."
            papers.append((title, abstract))
            listings.append(papers[-1])
        if len(listings) == PER_DIGEST or number == size - 1:
            files.append((f"{day.isoformat()}.txt", _listing(day, listings)))
            listings = []
            day += timedelta(days=1)
    return files


def _listing(day: date, listings: list[tuple[str, str]]) -> str:
    lines = ["---", f"date: {day.isoformat()}", "---", "Get trending papers in your email inbox!"]
    for title, abstract in listings:
        lines += [title, abstract]
    return "\n".join(lines) + "\n"


def make_project(root: Path, target: Path, files: list[tuple[str, str]]) -> None:
    """A project like the repository's, with the given digests."""
    if target.exists():
        shutil.rmtree(target)
    (target / "digests").mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(root / "docs" / "guide", target / "docs" / "guide")
    shutil.copytree(root / "docs" / "assets", target / "docs" / "assets")
    copy_theme_files(root, target)
    for name, text in files:
        (target / "digests" / name).write_text(text, "utf-8")


def measured(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Run a command; return its wall seconds, its peak memory in MB, and its output.

    File systems mounted with ``discard`` trim deleted files' blocks at the next journal
    commit, which slows the file creations that follow a large deletion (three times over,
    measured here); ``os.sync`` first lets that settle so that it is not charged to the
    command.
    """
    os.sync()  # the benchmark also deletes its work folders only once, at the very end
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    return seconds, maxrss_mb(usage.ru_maxrss), output


def generator_build(project: Path) -> dict:
    """One generator build in a fresh process, with its figures."""
    return _figures_of(project, "build")


def site_build(project: Path) -> dict:
    """One ``generator site`` (what ``make site`` runs) in a fresh process, with its figures:
    the generator's, and MkDocs' and Pagefind's when they ran."""
    return _figures_of(project, "site")


def _figures_of(project: Path, command: str) -> dict:
    report = project / f"{command}.json"
    seconds, peak, _ = measured(
        [sys.executable, "-m", "generator", command, "--quiet", "--json", str(report)], project
    )
    figures = json.loads(report.read_text())
    figures.update(wall_seconds=round(seconds, 2), peak_mb=round(peak, 1))
    return figures


def folder_bytes(folder: Path) -> int:
    """Total size of the files under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


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


def run_size(root: Path, source: Source, size: int, workdir: Path) -> dict:
    """Every figure for one archive size."""
    project = workdir / f"size-{size}"
    files = synthesize(source, size)
    make_project(root, project, files)
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
        "mkdocs_ms_per_page": round(1000 * mkdocs["seconds"] / pages, 2),
        "generator_to_mkdocs": round(first["wall_seconds"] / mkdocs["seconds"], 3),
        "pagefind_seconds": round(pagefind["seconds"], 2),
        "pagefind_peak_mb": pagefind["peak_mb"],
        "pagefind_indexes": int(pagefind["indexes"]),
        "pagefind_bytes": folder_bytes(project / "site" / "pagefind"),
        "site_bytes": folder_bytes(project / "site"),
        "first_search": first_search_bytes(project / "site", query),
    }
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
    if pages <= PLAIN_PAGE_LIMIT:
        plain = plain_pages_build(project, pages)
        result["plain_pages_ms_per_page"] = round(1000 * plain / pages, 2)
    return result


def report(results: list[dict]) -> str:
    """A human-readable table of the figures."""
    lines = []
    for r in results:
        g = r["generator"]
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in g["stage_seconds"].items())
        peaks = ", ".join(f"{k} {v:.0f} MB" for k, v in g["stage_peak_mb"].items())
        search = r["first_search"]
        lines += [
            f"== {r['papers_listed']:,} listings: {r['unique_papers']:,} unique papers, "
            f"{r['digests']} digests, {r['themes']} themes, {r['markdown_pages']:,} pages",
            f"   generator {g['wall_seconds']:.1f} s (peak {g['peak_mb']:.0f} MB): {stages}",
            f"   peak memory after each stage: {peaks}",
            f"   mkdocs build {r['mkdocs_seconds']:.1f} s ({r['mkdocs_ms_per_page']:.2f} ms/page, "
            f"peak {r['mkdocs_peak_mb']:.0f} MB); generator/mkdocs = "
            f"{r['generator_to_mkdocs']:.1%}",
            f"   pagefind index {r['pagefind_seconds']:.1f} s in {r['pagefind_indexes']} "
            f"index(es), peak {r['pagefind_peak_mb']:.0f} MB, {r['pagefind_bytes'] / 1e6:.1f} MB "
            "on disk",
            f"   site {r['site_bytes'] / 1e6:.1f} MB; first search downloads "
            + (
                f"{search['bytes'] / 1e6:.2f} MB, results in {search['seconds_to_results']} s"
                if search
                else "n/a (no Chromium)"
            ),
            f"   make site again, no change: {r['rerun_no_change']['seconds']:.1f} s, "
            f"{r['rerun_no_change']['pages_written']} pages written, site "
            + ("up to date" if r["rerun_no_change"]["site_up_to_date"] else "rebuilt")
            + f" ({r['rerun_no_change']['share_of_full_build']:.1%} of the first make site)",
            *added_lines(r["rerun_one_digest_added"]),
        ]
        if "plain_pages_ms_per_page" in r:
            lines.append(f"   plain pages: {r['plain_pages_ms_per_page']:.2f} ms/page")
    return "\n".join(lines)


def added_lines(added: dict) -> list[str]:
    """What adding one digest rewrote, and the step it crossed first if it did."""
    return [f"   make site after {label}: {text}" for label, text in _added(added)]


def _added(added: dict) -> list[tuple[str, str]]:
    found = []
    for label, figures in (
        ("a digest that crossed a step of the vector-space ladder", added.get("crossed_step")),
        ("one digest added", added),
    ):
        if figures:
            folders = ", ".join(f"{k} {v}" for k, v in figures["pages_written_by_folder"].items())
            found.append(
                (
                    label,
                    f"{figures['site_seconds']:.1f} s (generator "
                    f"{figures['generator_seconds']:.1f} s, {figures['site_mode']} mkdocs "
                    f"[{figures['site_reason']}] "
                    f"{figures['site_steps']['mkdocs']['seconds']:.1f} s, pagefind "
                    f"{figures['site_steps']['pagefind']['seconds']:.1f} s); "
                    f"{figures['new_papers']} new papers, {figures['pages_written']:,} pages "
                    f"written ({folders}); vector basis {figures['vector_basis'][0]:,} -> "
                    f"{figures['vector_basis'][1]:,} papers",
                )
            )
    return found


def _helper_mb(generator: dict) -> str:
    peak = generator["stage_peak_mb"].get("helper process")
    return f"{peak:.0f}" if peak else "– (one process)"


def results_page(results: list[dict]) -> str:
    """The benchmark figures as a Markdown page for the site's guide."""
    rows = []
    for r in results:
        g = r["generator"]
        search = r["first_search"]
        rows.append(
            f"| {r['unique_papers']:,} | {r['markdown_pages']:,} | {g['wall_seconds']:.1f} "
            f"| {g['peak_mb']:.0f} | {_helper_mb(g)} "
            f"| {r['mkdocs_seconds']:.1f} | {r['mkdocs_ms_per_page']:.2f} "
            f"| {r.get('plain_pages_ms_per_page', '–')} "
            f"| {r['generator_to_mkdocs']:.0%} | {r['pagefind_seconds']:.1f} "
            f"| {r['pagefind_peak_mb']:.0f} | {r.get('pagefind_indexes', 1)} "
            f"| {(search['bytes'] / 1e6) if search else float('nan'):.2f} "
            f"| {r['site_bytes'] / 1e6:.0f} | {r['rerun_no_change']['seconds']:.1f} "
            f"| {r['rerun_one_digest_added']['pages_written']:,} "
            f"({r['rerun_one_digest_added']['new_papers']} new papers) |"
        )
    stages = []
    for r in results:
        g = r["generator"]
        stages.append(
            f"| {r['unique_papers']:,} | "
            + " | ".join(f"{g['stage_seconds'].get(s, 0):.1f}" for s in STAGES)
            + " | "
            + " | ".join(f"{g['stage_peak_mb'].get(s, 0):.0f}" for s in STAGES)
            + " |"
        )
    return "\n".join(
        [
            "# Benchmark",
            "",
            "Figures from `make bench` (`python -m generator bench`), which builds synthetic",
            "archives made from the sample digests (see `generator/benchmark.py` for how) and",
            "measures every stage on this machine: 2 cores, shared with other work, so single",
            "runs are noisy. The raw figures are in [benchmark.json](benchmark.json).",
            '"Plain pages" is MkDocs building the same number of one-paragraph pages with this',
            "site's own configuration (up to 5,000 pages): the cost of our pages' content.",
            '"Helper MB" is the peak of the helper process that renders and counts beside the',
            "main one on two cores (forked: much of its memory is shared with the main one).",
            '"Pagefind MB" is the peak memory of the search indexer: about 0.1 MB per page',
            "it indexes at once (a known upstream limit: Pagefind/pagefind#842), so past",
            f"{Settings().search_shard_pages:,} paper pages the papers are indexed in shards "
            "(the column after it).",
            "",
            "| papers | pages | generator s | generator MB | helper MB | mkdocs s "
            "| mkdocs ms/page | plain pages ms/page | generator/mkdocs | pagefind s | pagefind MB "
            "| search indexes "
            "| first search MB | site MB | make site again, no change, s "
            "| pages rewritten by one new digest |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
            "| --- | --- |",
            *rows,
            "",
            "Generator stages, seconds and peak memory (MB) at the end of each:",
            "",
            "| papers | "
            + " | ".join(f"{s} s" for s in STAGES)
            + " | "
            + " | ".join(f"{s} MB" for s in STAGES)
            + " |",
            "| --- | " + " | ".join("---" for _ in STAGES * 2) + " |",
            *stages,
            "",
            "## What one new digest rewrites",
            "",
            "`make site` after adding one dated digest of 50 papers; pages written by folder",
            "under `docs/`. Only generated pages change, so MkDocs renders just those (an",
            "incremental build; Pagefind still indexes the whole site: it has no incremental",
            "mode). Existing papers keep their vectors while the vector space's basis stays on the",
            "same step of its ladder (see the themes guide), so only pages that show a new paper",
            "change: the new papers' pages, papers whose related list gains one of them, their",
            "themes, the digest, the indexes and feeds. Crossing a step (once per 25% of",
            "growth) refits the space and rewrites most pages; where the first added digest",
            "crossed one, a second digest shows the usual case.",
            "",
            *(
                f"- {r['unique_papers']:,} papers, {label}: {text}"
                for r in results
                for label, text in _added(r["rerun_one_digest_added"])
            ),
            "",
        ]
    )


STAGES = ("parse", "themes", "related papers", "render", "write")


def main(root: Path, sizes: tuple[int, ...], output: Path) -> int:
    """Run the benchmark and write ``output``/bench.json."""
    source = load_source(root)
    output = output.resolve()
    workdir = output / "work"
    results = []
    for size in sizes:
        results.append(run_size(root, source, size, workdir))
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
