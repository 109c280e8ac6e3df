"""The pipeline: stages in order, timed; the same bytes whatever the machine's threads."""

from __future__ import annotations

import difflib
import filecmp
import gc
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, make_project, require, run_python

from generator.config import Settings
from generator.output.cache import CACHE_DIR, ResultCache, load_cache, save_cache
from generator.output.record import code_hash
from generator.output.signatures import SIGNATURES
from generator.pipeline import STAGES, build, read_digests
from generator.runtime import cyclic_gc_paused, one_numeric_thread
from generator.stopwatch import Stopwatch
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.registry import Registry, load_registry, registry_key

DETERMINISM_LISTINGS = 20_000
"""18,436 unique papers: the archive on which the thread count first changed pages (16 of
17,455 files with the forked helper); the old build showed it on the 781 sample papers too
(2 map points in themes/index.md)."""


def test_every_stage_is_timed_in_order(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    stopwatch = Stopwatch()
    build(root, Settings(), stopwatch=stopwatch)
    assert tuple(stopwatch.seconds) == STAGES
    assert all(seconds >= 0 for seconds in stopwatch.seconds.values())
    assert set(stopwatch.peak_mb) == set(STAGES)


def test_a_handful_of_papers_no_phrase_names_still_builds(tmp_path: Path) -> None:
    """A small project whose few papers share no phrase (no cluster a label names): the
    rounds that cluster grab-bags away stop instead of asking k-means for no theme."""
    digests = tmp_path / "digests-in"
    digests.mkdir()
    for name in ("paper-page.txt", "tex.yml"):
        shutil.copy(FIXTURES / "digests" / name, digests / name)
    (tmp_path / "project").mkdir()
    root = make_project(tmp_path / "project", digests)
    result = build(root, Settings())
    assert result.counts["themes"] >= 1 and result.counts["unique_papers"] >= 2
    assert len(list((root / "docs" / "papers").glob("*.md"))) == result.counts["unique_papers"]


def test_numeric_steps_run_in_one_thread_and_the_limit_is_lifted_after() -> None:
    import numpy  # noqa: F401 - loads the BLAS library that threadpoolctl controls
    from threadpoolctl import threadpool_info

    before = [pool["num_threads"] for pool in threadpool_info()]
    with one_numeric_thread():
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
    assert [pool["num_threads"] for pool in threadpool_info()] == before


def differing_files(first: Path, second: Path) -> list[str]:
    """Paths under two folders whose files differ or exist on one side only (the build's
    caches aside: their results are equal, their bytes need not be)."""
    compared = filecmp.dircmp(first, second, ignore=[CACHE_DIR, SIGNATURES])
    found = [*compared.left_only, *compared.right_only, *compared.diff_files]
    for name, sub in compared.subdirs.items():
        found += [f"{name}/{path}" for path in differing_files(sub.left, sub.right)]
    return found


@pytest.mark.slow
def test_one_thread_and_the_default_threads_give_the_same_bytes(tmp_path: Path) -> None:
    """The 18,436-paper archive built in fresh processes on one core (``taskset``: no
    process pool) with BLAS and OpenMP limited to one thread by the environment, and on
    every core with the default threads: identical docs/ and themes.yml."""
    from generator.devtools.synthetic import load_source, make_project, synthesize

    files = synthesize(load_source(ROOT), DETERMINISM_LISTINGS)
    one = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    projects = []
    for name, threads, prefix in (("one", one, one_core), ("default", {}, [])):
        project = tmp_path / name
        make_project(ROOT, project, files)
        env = {k: v for k, v in os.environ.items() if k not in one} | threads
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "generator", "build", "--quiet"],
            cwd=project, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        projects.append(project)
    first, second = projects
    assert (first / "themes.yml").read_bytes() == (second / "themes.yml").read_bytes()
    assert differing_files(first / "docs", second / "docs") == []


def test_a_build_outside_a_project_folder_refuses_and_writes_nothing(tmp_path: Path) -> None:
    from generator.outcome import BuildFailed

    root = make_project(tmp_path)
    build(root, Settings())
    docs = root / "docs"
    before = sorted(docs.rglob("*"))
    with pytest.raises(BuildFailed, match="not a Reading Digest project folder"):
        build(docs, Settings())
    assert sorted(docs.rglob("*")) == before and not (docs / "themes.yml").exists()


@pytest.mark.slow
def test_a_build_killed_at_any_point_is_finished_by_the_next_plain_build(tmp_path: Path) -> None:
    """``kill -9`` at several points of a first build; the next plain build exits 0 and leaves
    the same files as a build never interrupted."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "build", "--quiet"]
    (tmp_path / "clean").mkdir()
    clean = make_project(tmp_path / "clean")
    subprocess.run(command, cwd=clean, env=env, check=True)
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0):
        (tmp_path / f"killed-{delay}").mkdir()
        root = make_project(tmp_path / f"killed-{delay}")
        started = subprocess.Popen(command, cwd=root, env=env)
        time.sleep(delay)
        started.kill()
        started.wait()
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (delay, done.stderr)
        assert differing_files(clean / "docs", root / "docs") == [], delay
        assert (clean / "themes.yml").read_bytes() == (root / "themes.yml").read_bytes()


def test_an_older_digest_added_later_moves_no_address_key_or_date(tmp_path: Path) -> None:
    """Built twice through the real pipeline and themes.yml: the second digest is older and
    holds another paper whose title gives the same slug (a letter with an accent: titles that
    differ in punctuation alone are one paper's)."""
    root = make_project(tmp_path)
    abstract = "We show that sparse gadgets help a lot on every benchmark we tried."
    newer = f"---\ndate: 2025-03-02\n---\nSparse Gadgets Now\n{abstract}\n"
    (root / "digests" / "newer.txt").write_text(newer, "utf-8")
    build(root, Settings())
    page = root / "docs" / "papers" / "sparse-gadgets-now.md"
    assert 'title: "Sparse Gadgets Now"' in page.read_text("utf-8")
    bib_before = (root / "docs" / "digests" / "newer.bib").read_text("utf-8")
    registry_before = (root / "themes.yml").read_text("utf-8").splitlines()
    other = "Another paper that studies other gadgets entirely, with other methods."
    older = f"Mar 1\nSparse gádgets now\n{other}\n"
    (root / "digests" / "older.txt").write_text(older, "utf-8")
    build(root, Settings())
    assert 'title: "Sparse Gadgets Now"' in page.read_text("utf-8")  # the address stayed
    assert (root / "docs" / "digests" / "newer.bib").read_text("utf-8") == bib_before
    registry = (root / "themes.yml").read_text("utf-8")
    assert "  newer.txt: '" in registry and "  older.txt: '" in registry
    assert "\n  sparse-gadgets-now: " in registry
    # No existing paper moved theme: the registry changed by added lines only (but for the
    # vector space, which a small archive fits on all its papers).
    diff = difflib.unified_diff(registry_before, registry.splitlines(), n=0)
    changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    changed = [line for line in changed if "fit_on_oldest_papers" not in line]
    assert changed and all(line.startswith("+") for line in changed), changed
    # Older still, the first paper under another spelling: one paper, at the same address.
    oldest = f"Feb 27\nSparse gadgets: now!\n{abstract} With more detail.\n"
    (root / "digests" / "oldest.txt").write_text(oldest, "utf-8")
    build(root, Settings())
    assert 'title: "Sparse gadgets: now!"' in page.read_text("utf-8")  # its longest abstract
    assert len(list(page.parent.glob("sparse-gadgets-now*.md"))) == 2  # and the other paper


def test_a_build_with_the_cache_of_the_last_one_gives_the_same_pages(tmp_path: Path) -> None:
    """After a new digest, the cached results of the last build (texts, BibTeX entries,
    paper pages) are reused and only the new ones are computed; the pages equal those of a
    forced build without any cache."""
    (tmp_path / "warm").mkdir()
    root = make_project(tmp_path / "warm")
    first = build(root, Settings())
    assert first.reused["cache_hits"] == 0 and first.reused["cache_misses"] > 0
    (root / "digests" / "week-2.txt").write_text(
        "A Brand New Paper Title\nWe study a brand new problem and show, in several experiments"
        " on three datasets, that a simple method solves it better than those before it.\n"
    )
    warm = build(root, Settings())
    papers = warm.counts["unique_papers"]
    # Paper text, BibTeX entries and page of each paper (the vector space and the basis
    # papers' term counts as one more result): the new paper's are computed, and the pages
    # whose related papers or theme changed.
    assert warm.reused["cache_hits"] + warm.reused["cache_misses"] > 3 * papers
    assert warm.reused["cache_hits"] > 2 * papers
    assert 4 <= warm.reused["cache_misses"] < papers
    cold = tmp_path / "cold"
    shutil.copytree(root, cold)
    shutil.rmtree(cold / "docs" / CACHE_DIR)
    shutil.copy(tmp_path / "warm" / "themes.yml", cold / "themes.yml")
    assert build(cold, Settings(), force=True).stats.written == 0
    assert differing_files(root / "docs", cold / "docs") == []


def test_a_build_frees_its_data_when_it_returns(tmp_path: Path) -> None:
    """Not at the next full collection: a reference cycle holding a frame of the build (a
    library's caught exception did, converting TeX) kept all its data until then."""
    root = make_project(tmp_path)
    (root / "digests" / "week-2.txt").write_text(
        'Learning $\\alpha$-Divergences with Schr\\"odinger Bridges\nWe estimate '
        "$\\alpha$-divergences between two distributions from samples and show, on three"
        " datasets, that the estimate converges faster than those before it.\n"
    )
    gc.collect()
    with cyclic_gc_paused():
        assert build(root, Settings()).counts["unique_papers"] > 1
        assert not [thing for thing in gc.get_objects() if isinstance(thing, ResultCache)]


def test_pages_the_cache_knows_by_hash_are_rendered_again_when_their_files_are_gone(
    tmp_path: Path,
) -> None:
    """The cache keeps paper and digest pages as hashes: a page whose file was deleted is
    rendered again, the same bytes, and only it is written."""
    root = make_project(tmp_path)
    build(root, Settings())
    docs = root / "docs"
    digest_pages = sorted(p for p in (docs / "digests").glob("*.md") if p.name != "index.md")
    gone = [min((docs / "papers").glob("*.md")), digest_pages[0]]
    before = [page.read_bytes() for page in gone]
    for page in gone:
        page.unlink()
    again = build(root, Settings())
    assert again.reused["cache_misses"] == 0
    assert again.stats.written == 2
    assert [page.read_bytes() for page in gone] == before


def test_themes_yml_as_a_build_wrote_it_comes_from_the_cache_and_an_edited_one_is_read(
    tmp_path: Path,
) -> None:
    """A build keeps the registry it wrote under the hash of the file's bytes: the next build
    takes it from there (it equals what reading the file gives, the reader's curation with its
    comment included), and reads a file edited since."""
    root = make_project(tmp_path)
    path = root / "themes.yml"
    build(root, Settings())
    slugs = [theme.slug for theme in load_registry(path).themes]
    edited = path.read_text("utf-8").replace(
        "  rename: {}", f"  # mine\n  rename: {{{slugs[0]}: My label}}"
    )
    path.write_text(edited, "utf-8")
    cache = load_cache(root / "docs", code_hash())
    assert cache.get(registry_key(edited.encode())) is None
    assert load_registry(path, cache).curation.rename == {slugs[0]: "My label"}
    build(root, Settings())
    cache = load_cache(root / "docs", code_hash())
    kept = cache.get(registry_key(path.read_bytes()))
    assert isinstance(kept, Registry) and "# mine" in kept.curation_text
    assert load_registry(path, cache) is kept
    assert kept == load_registry(path)


def test_digests_are_parsed_once_and_a_refused_one_is_reported_from_the_cache_too(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path)
    (root / "digests" / "broken.yml").write_text("- title: A\n  abstract: [1, 2]\n")
    cache = load_cache(root / "docs", "code")
    digests, errors, _ = read_digests(root / "digests", cache.mapped())
    files = len(digests) + len(errors)
    assert files > 3 and [str(e) for e in errors] == [
        "broken.yml:2: paper 1 ('A'): field 'abstract' must be text"
    ]
    assert cache.figures() == {"cache_hits": 0, "cache_misses": files}
    save_cache(root / "docs", cache)
    (root / "digests" / "week-9.txt").write_text("A Later Title\nAn abstract of it.\n")
    again = load_cache(root / "docs", "code")  # through the cache file: pickled and read back
    later, refused, _ = read_digests(root / "digests", again.mapped())
    assert again.figures() == {"cache_hits": files, "cache_misses": 1}
    assert len(later) == len(digests) + 1 and all(digest in later for digest in digests)
    assert [(e.source, e.line, e.message) for e in refused] == [
        (e.source, e.line, e.message) for e in errors
    ]


def test_a_refit_is_asked_for_and_only_then_done(tmp_path: Path) -> None:
    """Past ``refit_by_itself_until`` papers (lowered to 0 here) a build keeps the vector space
    themes.yml records and says when a refit is due; ``refit=True`` fits it on the ladder's
    step, says so, and the build after it is a fixed point."""
    root = make_project(tmp_path)
    params = replace(DEFAULT_PARAMETERS, refit_by_itself_until=0)
    first = build(root, Settings(), params=params)
    ladder = int(first.counts["vector_basis"])
    assert first.counts["vector_basis_refit"] == ladder and "Vector space" not in first.summary()
    registry = root / "themes.yml"
    older = DEFAULT_PARAMETERS.basis_size(ladder - 1)
    text = registry.read_text("utf-8")
    registry.write_text(text.replace(f"oldest_papers: {ladder}\n", f"oldest_papers: {older}\n"))
    kept = build(root, Settings(), params=params)
    assert kept.counts["vector_basis"] == older
    papers = int(kept.counts["unique_papers"])
    assert f"fit on the oldest {older:,} of {papers:,} papers: `make refit` fits it on" in (
        kept.summary()
    )
    assert f"oldest_papers: {older}\n" in registry.read_text("utf-8")
    refit = build(root, Settings(), params=params, refit=True)
    assert refit.counts["vector_basis"] == ladder and refit.stats.written > 0
    assert f"refit on the oldest {ladder:,} papers (was {older:,})" in refit.summary()
    assert registry.read_text("utf-8") == text
    again = build(root, Settings(), params=params, force=True)
    assert again.stats.written == 0 and "Vector space" not in again.summary()


@pytest.mark.parametrize("listings, digests", [(1000, 3), (100, 1)])
def test_a_forced_rebuild_after_new_digests_moves_no_paper(
    tmp_path: Path, listings: int, digests: int
) -> None:
    """What a build records is what a rebuild without its cache (a fresh clone) starts from:
    the rebuild moves nothing. A paper kept in its recorded theme moves that theme's centre,
    and with it another paper's margin (with 1,000 listings and three digests after them, four
    forced builds in a row wrote 15, 10, 13 and 11 pages before the themes were settled); and
    a draft from the build's own record could draw other themes (100 listings and one digest:
    the forced build wrote 19 pages before the build drafted again until its record held)."""
    from generator.devtools.synthetic import PER_DIGEST, load_source, synthesize
    from generator.devtools.synthetic import make_project as synthetic_project

    files = synthesize(load_source(ROOT), listings + digests * PER_DIGEST)
    project = tmp_path / "archive"
    synthetic_project(ROOT, project, files[:-digests])
    build(project, Settings())
    for name, text in files[-digests:]:
        (project / "digests" / name).write_text(text, "utf-8")
        build(project, Settings())
    recorded = (project / "themes.yml").read_bytes()
    assert build(project, Settings(), force=True).stats.written == 0
    assert (project / "themes.yml").read_bytes() == recorded


def test_every_file_a_build_writes_under_docs_is_ignored_by_git(tmp_path: Path) -> None:
    """Generated pages and the build's records are build output: with the repository's
    .gitignore, none of them shows in `git status` (the guide and assets beside them do)."""
    require(shutil.which("git") is not None, "git is not installed")
    root = make_project(tmp_path)
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    before = {p for p in (root / "docs").rglob("*") if p.is_file()}
    built = run_python(root, "-m", "generator", "build")
    assert built.returncode == 0, built.stderr
    written = {p for p in (root / "docs").rglob("*") if p.is_file()} - before
    assert any(p.name == ".unlisted-pages.json" for p in written)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "--", "docs"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown = {root / line[3:] for line in status.splitlines()}
    assert shown and shown <= before  # the guide and assets show; nothing the build wrote
