"""The benchmark's figures as text for the terminal and as the guide's benchmark page."""

from __future__ import annotations

from ..config import Settings
from ..pipeline import STAGES


def size_lines(r: dict) -> list[str]:
    """Bytes per page type and the projected site size (absent from older results)."""
    if "page_bytes" not in r:
        return []
    pages = ", ".join(f"{kind} {size / 1000:.1f} KB" for kind, size in r["page_bytes"].items())
    projected = ", ".join(
        f"{int(papers):,} papers {size / 1e6:,.0f} MB"
        for papers, size in r["projected_site_bytes"].items()
    )
    fixed = r.get("fixed_site_bytes")
    grown = f"; {fixed / 1e6:.1f} MB of the site does not grow with the papers" if fixed else ""
    return [
        f"   bytes per page: {pages}",
        f"   projected site: {projected} (GitHub Pages publishes at most 1,000 MB{grown})",
    ]


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
            *size_lines(r),
            f"   make site again, no change: {r['rerun_no_change']['seconds']:.1f} s, "
            f"{r['rerun_no_change']['pages_written']} pages written, site "
            + ("up to date" if r["rerun_no_change"]["site_up_to_date"] else "rebuilt")
            + f" ({r['rerun_no_change']['share_of_full_build']:.1%} of the first make site)",
            *added_lines(r["rerun_one_digest_added"]),
            *forced_lines(r),
            *compared_lines(r),
        ]
        if "plain_pages_ms_per_page" in r:
            plain = r["plain_pages_ms_per_page"]
            parts = r.get("mkdocs_parts", 1)
            lines.append(
                f"   plain pages: {plain:.2f} ms/page (one MkDocs build); this site's first "
                f"MkDocs build ({parts} part{'s' if parts > 1 else ''} at once) "
                f"{r['mkdocs_ms_per_page'] / plain:.2f}x that"
            )
    return "\n".join(lines)


def forced_lines(r: dict) -> list[str]:
    """``build --force`` after the daily builds: 0 pages written when the build is a fixed
    point (the themes it records are the themes it finds again)."""
    if "forced_rebuild_pages_written" not in r:
        return []
    return [
        f"   build --force after the digests: {r['forced_rebuild_pages_written']:,} pages "
        "written (0 when the build is a fixed point)"
    ]


def compared_section(results: list[dict]) -> list[str]:
    """The side-by-side builds with another revision's generator, as a table."""
    rows = [
        f"| {r['unique_papers']:,} | {label} "
        f"| {c['this_median_seconds']:.1f} ({c['this']['seconds']}) "
        f"| {c['other_median_seconds']:.1f} ({c['other']['seconds']}) | {c['ratio']:.2f} |"
        for r in results
        if r.get("compared")
        for label, c in _comparisons(r["compared"])
    ]
    if not rows:
        return []
    revision = str(results[0].get("compared_with"))[:9]
    return [
        f"## Side by side with `{revision}`",
        "",
        "`generator build` from nothing (as a first `make site` runs it), then again after",
        "one new digest (as a daily update runs it), this generator and",
        f"the one of `{revision}` alternating, each in a fresh copy of the same project;",
        "seconds are medians (the runs in brackets), the ratio is this / that.",
        "",
        f"| papers | build | this generator, s | {revision}, s | ratio |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]


def compared_lines(result: dict) -> list[str]:
    """The side-by-side builds with another revision's generator, if there were any."""
    compared = result.get("compared")
    if not compared:
        return []
    revision = str(result["compared_with"])[:9]
    return [
        f"   generator build {label}, side by side, {compared['runs']} runs each: this "
        f"{c['this_median_seconds']:.1f} s (median of {c['this']['seconds']}), "
        f"{revision} {c['other_median_seconds']:.1f} s "
        f"(median of {c['other']['seconds']}): ratio {c['ratio']:.2f}"
        for label, c in _comparisons(compared)
    ]


def _comparisons(compared: dict) -> list[tuple[str, dict]]:
    """(label, figures) of each build compared: from nothing, and after one digest if run."""
    found = [("from nothing", compared)]
    if "one_digest_added" in compared:
        found.append(("after one new digest", compared["one_digest_added"]))
    return found


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
            search = figures["site_steps"]["pagefind"]
            kept = (
                f" with {search['kept']:.0f} of {search['indexes']:.0f} indexes kept"
                if search.get("kept")
                else ""
            )
            found.append(
                (
                    label,
                    f"{figures['site_seconds']:.1f} s (generator "
                    f"{figures['generator_seconds']:.1f} s, {figures['site_mode']} mkdocs "
                    f"[{figures['site_reason']}] "
                    f"{figures['site_steps']['mkdocs']['seconds']:.1f} s, pagefind "
                    f"{search['seconds']:.1f} s{kept}); "
                    f"{figures['new_papers']} new papers, {figures['pages_written']:,} pages "
                    f"written ({folders}); vector basis {figures['vector_basis'][0]:,} -> "
                    f"{figures['vector_basis'][1]:,} papers{_theme_changes(figures)}",
                )
            )
    return found


def _theme_changes(figures: dict) -> str:
    """``; themes: 0 renamed, 1 retired, 1 new, 12 earlier papers moved`` (nothing for a
    result measured before the build counted them)."""
    changes = figures.get("theme_changes")
    if not changes:
        return ""
    return (
        f"; themes: {changes['themes_renamed']} renamed, {changes['themes_retired']} retired, "
        f"{changes['themes_new']} new, {changes['papers_moved']:,} earlier papers moved"
    )


def results_page(results: list[dict]) -> str:
    """The benchmark figures as a Markdown page for the site's guide."""
    rows = []
    for r in results:
        g = r["generator"]
        search = r["first_search"]
        rows.append(
            f"| {r['unique_papers']:,} | {r['markdown_pages']:,} | {g['wall_seconds']:.1f} "
            f"| {g['peak_mb']:.0f} "
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
            "archives made from the sample digests (see `generator/devtools/synthetic.py` for",
            "how) and measures every stage on this machine: 2 cores, shared with other work, so",
            "single runs are noisy. The raw figures are in [benchmark.json](benchmark.json).",
            '"Plain pages" is MkDocs building the same number of one-paragraph pages with this',
            "site's own configuration (up to 5,000 pages): the cost of our pages' content.",
            '"Pagefind MB" is the peak memory of the search indexer: about 0.1 MB per page',
            "it indexes at once (a known upstream limit: Pagefind/pagefind#842), so the papers",
            f"are indexed in shards of {Settings().search_shard_pages:,} by arrival, the recent "
            f"ones in shards of a quarter as many, from {Settings().search_shard_pages // 4:,}",
            "papers on (the column after it).",
            "",
            "| papers | pages | generator s | generator MB | mkdocs s "
            "| mkdocs ms/page | plain pages ms/page | generator/mkdocs | pagefind s | pagefind MB "
            "| search indexes "
            "| first search MB | site MB | make site again, no change, s "
            "| pages rewritten by one new digest |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
            "| --- |",
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
            *compared_section(results),
            "## What one new digest rewrites",
            "",
            "`make site` after adding one dated digest of 50 papers; pages written by folder",
            "under `docs/`. Only generated pages change, so MkDocs renders just those (an",
            "incremental build; Pagefind indexes again the main index and the paper shards whose",
            "pages' indexed text changed). Existing papers keep their vectors while the vector",
            "space's basis stays on the",
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
            *(
                f"- {r['unique_papers']:,} papers, `build --force` after those digests: "
                f"{r['forced_rebuild_pages_written']:,} pages written (0: the build is a fixed "
                "point, finding again the themes it recorded)"
                for r in results
                if "forced_rebuild_pages_written" in r
            ),
            "",
        ]
    )
