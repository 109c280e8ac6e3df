"""The developer tools on small inputs: synthetic archives, measured commands, the
side-by-side comparison, the benchmark's report and the theme-quality bench."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.devtools import bench_report, benchmark, compare
from generator.devtools.bench_themes import load_labelled, report, score
from generator.devtools.measure import measured
from generator.devtools.synthetic import PER_DIGEST, load_source, make_project, synthesize
from generator.errors import InputError


def test_synthetic_archives_are_reproducible_daily_digests() -> None:
    source = load_source(ROOT)
    files = synthesize(source, 120)
    assert files == synthesize(source, 120)
    assert [name for name, _ in files] == ["2024-01-01.txt", "2024-01-02.txt", "2024-01-03.txt"]
    assert files[0][1].startswith("---\ndate: 2024-01-01\n---\n")
    assert len(files[0][1].splitlines()) == 4 + 2 * PER_DIGEST


def test_a_measured_command_gives_time_memory_and_output(tmp_path: Path) -> None:
    seconds, peak, output = measured([sys.executable, "-c", "print('hello')"], tmp_path)
    assert seconds > 0 and peak > 1 and output == "hello\n"
    with pytest.raises(SystemExit, match="failed"):
        measured([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)


def test_side_by_side_builds_this_and_another_revisions_generator(tmp_path: Path) -> None:
    """The same small archive built by this generator and by this very commit's, extracted
    as the benchmark extracts an older one: the same pages, and a ratio of medians."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    code = compare.checkout_generator(ROOT, head.stdout.strip(), tmp_path / "code")
    assert code is not None and (code / "generator" / "pipeline.py").is_file()
    assert compare.checkout_generator(ROOT, "no-such-revision", tmp_path / "none") is None
    project = tmp_path / "project"
    source = load_source(ROOT)
    make_project(ROOT, project, synthesize(source, 60))
    next_digest = synthesize(source, 110)[-1]
    figures = compare.side_by_side(project, code, tmp_path / "work", 1, next_digest)
    assert len(figures["this"]["seconds"]) == len(figures["other"]["seconds"]) == 1
    assert figures["ratio"] > 0 and figures["one_digest_added"]["ratio"] > 0
    assert len(figures["one_digest_added"]["this"]["seconds"]) == 1
    this, other = (tmp_path / "work" / f"project-{name}-0" for name in ("this", "other"))
    assert (this / "themes.yml").read_bytes() == (other / "themes.yml").read_bytes()


def test_the_report_shows_every_size_and_the_comparison() -> None:
    result = json.loads((ROOT / "tests" / "fixtures" / "bench-result.json").read_text())
    text = bench_report.report([result])
    assert "939 unique papers" in text and "ratio 0.92" in text
    page = bench_report.results_page([result])
    assert page.startswith("# Benchmark") and "| 939 |" in page
    assert benchmark.QUICK_SIZES == (1_000, 5_000)
    assert "build --force" not in text  # a result from before the forced rebuild was measured
    daily = {**result["compared"], "ratio": 0.25}
    text = bench_report.report(
        [{**result, "compared": {**result["compared"], "one_digest_added": daily}}]
    )
    assert "build after one new digest, side by side" in text and "ratio 0.25" in text
    text = bench_report.report([{**result, "forced_rebuild_pages_written": 3}])
    assert "build --force after the digests: 3 pages written (0 when" in text
    assert "themes:" not in text  # a result from before the theme changes were counted
    changes = {"themes_renamed": 1, "themes_retired": 0, "themes_new": 2, "papers_moved": 1412}
    daily = {**result["rerun_one_digest_added"], "theme_changes": changes}
    text = bench_report.report([{**result, "rerun_one_digest_added": daily}])
    assert "papers; themes: 1 renamed, 0 retired, 2 new, 1,412 earlier papers moved" in text


def test_theme_bench_scores_and_refuses_unlabelled_lines(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.jsonl"
    rows = [{"title": f"T{i}", "abstract": "A.", "label": "ab"[i % 2]} for i in range(4)]
    labelled.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    papers, labels = load_labelled(labelled)
    assert len(papers) == 4 and labels == ["a", "b", "a", "b"]
    perfect = score("perfect", labels, [0, 1, 0, 1], 0.1)
    assert perfect.nmi == pytest.approx(1.0) and perfect.themes == 2
    assert "perfect" in report([perfect, perfect], 4, 2)
    labelled.write_text('{"title": "no label"}\n')
    with pytest.raises(InputError, match=r"labelled\.jsonl:1"):
        load_labelled(labelled)


def test_wrap_accuracy_prints_a_row_per_width_range(tmp_path: Path, capsys) -> None:
    from generator.devtools import wrap_accuracy
    from generator.ingest.parse import parse_digest

    name = "mail-wrapped-72.txt"
    wrapped = parse_digest((ROOT / "tests" / "fixtures" / "pastes" / name).read_bytes(), name)
    unwrapped = "".join(f"{p.title}\n\n{p.abstract}\n\n" for p in wrapped.papers)
    (tmp_path / "one.txt").write_text(unwrapped, "utf-8")
    assert wrap_accuracy.main(["--digests", str(tmp_path), "--step", "40"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("| widths |") and len(rows) == 2 + len(wrap_accuracy.WIDTH_RANGES)
    assert "| 40-59 | 0.00% (0 of 7) |" in rows[2]  # blank-line paragraphs: exact


def test_theme_stability_regroups_the_sample_with_an_added_digest() -> None:
    from generator.devtools.theme_stability import SAMPLE_BUILT, added, themes_of
    from generator.model import Paper
    from generator.pipeline import read_digests
    from generator.themes.registry import Registry

    sample, errors, _ = read_digests(ROOT / "tests" / "fixtures" / "digests")
    assert not errors
    base, registry = themes_of(sample, Registry())
    extra = added([Paper("A new paper", "Its abstract is short.", 1)], dated=True)
    assert extra.date == SAMPLE_BUILT + dt.timedelta(days=1)
    assert added(extra.papers, dated=False).date is None
    after, _ = themes_of([*sample, extra], registry)
    assert set(base.theme_of) < set(after.theme_of)
    kept = sum(after.theme_of[key] == theme for key, theme in base.theme_of.items())
    assert kept / len(base.theme_of) >= 0.9


def test_bytes_per_page_type_and_the_projected_site_size(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for folder, size in (("papers/a", 20_000), ("papers/b", 30_000), ("themes/t", 8_000)):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_bytes(b"x" * size)
    (site / "index.html").write_bytes(b"x" * 1_000)
    assert benchmark.page_bytes(site) == {"other": 1_000, "papers": 25_000, "themes": 8_000}
    assert benchmark.projected_bytes(46_000_000, 1_000) == {
        "50000": 2_300_000_000,
        "100000": 4_600_000_000,
    }
    (site / "assets").mkdir()
    (site / "assets" / "main.css").write_bytes(b"x" * 5_000_000)
    (site / "pagefind" / "fragment").mkdir(parents=True)
    for name, size in (("pagefind.js", 400_000), ("wasm.en.pagefind", 600_000)):
        (site / "pagefind" / name).write_bytes(b"x" * size)
    (site / "pagefind" / "pagefind.en_1.pf_meta").write_bytes(b"x" * 7_000)  # index: grows
    (site / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(b"x" * 9_000)
    fixed = benchmark.fixed_bytes(site)
    assert fixed == 6_000_000
    projected = benchmark.projected_bytes(46_000_000, 1_000, fixed)
    assert projected == {"50000": 2_006_000_000, "100000": 4_006_000_000}
    result = json.loads((ROOT / "tests" / "fixtures" / "bench-result.json").read_text())
    result.update(
        page_bytes={"papers": 24_100}, projected_site_bytes=projected, fixed_site_bytes=fixed
    )
    text = bench_report.report([result])
    assert "bytes per page: papers 24.1 KB" in text
    assert "projected site: 50,000 papers 2,006 MB, 100,000 papers 4,006 MB" in text
    assert "6.0 MB of the site does not grow with the papers" in text
