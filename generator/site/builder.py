"""``python -m generator site`` (``make site``): generate the pages, then build the site with
MkDocs and index it with Pagefind, doing only as much of that as the changes need.

MkDocs renders every page of a normal build. Its ``--dirty`` build renders only the pages whose
Markdown is newer than their HTML, which goes wrong wherever a page's HTML shows something of
another page. Here none does (every nav entry names its title, and Material's own search index
is left empty: see ``mkdocs_hooks.py``), so after a complete build the site command picks:

- up to date: nothing MkDocs reads changed; MkDocs and Pagefind are skipped;
- incremental: only generated files were added, changed or removed since (a new digest, a
  retired theme's .bib), each written after that build: what MkDocs built from removed
  files is removed, then ``mkdocs build --dirty`` (in parts at once from ``site_split_pages``
  changed pages), then Pagefind over the indexes whose pages changed (see ``search_index``);
- full: anything else, with the reason (first build; mkdocs.yml, the theme overrides or hooks,
  a tool's version, ``SITE_URL`` or how the search is indexed changed; a file gone from docs/;
  a hand-written file changed).

A test checks that an incremental build gives the same files as a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from ..config import Settings
from ..outcome import BuildResult
from ..pipeline import OWNED_OUTPUTS, build
from ..runtime import cyclic_gc_paused, usable_cores
from .mkdocs_hooks import CHANGED_FILES, QUIET
from .mkdocs_runs import (
    MATERIAL_NOTICE,
    Listing,
    empty_folder,
    remove_built,
    run_at_once,
    run_parts,
    site_parts,
)
from .search_index import excluded_arguments, index_site
from .size_guard import folder_size, size_line
from .walk import files_under

SITE_DIR = "site"
"""Where MkDocs writes the site (``site_dir`` in mkdocs.yml)."""
SITE_RECORD = ".site-build.json"
"""What the last complete site build was made from, under docs/ (a dot file: never published)."""
TOOLS = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "pagefind")
THEME_FILES = (
    Path("generator") / "templates",
    Path("generator") / "site" / "mkdocs_hooks.py",
    Path("generator") / "site" / "sitemap_hooks.py",
)
"""The theme overrides and hooks mkdocs.yml names."""

HOOK_INPUTS = (".page-dates.json", ".unlisted-pages.json", ".arrival-order.json")
"""Dot files under docs/ that MkDocs ignores but the site build reads (the sitemap's dates
and the pages it leaves out, the search shards' papers): a change in them updates the site
like a changed page."""

UP_TO_DATE, INCREMENTAL, FULL = "up to date", "incremental", "full"
MOSTLY = 0.5
"""Past this share of docs/ files changed, a full build (in parts) is faster than rendering
them in one incremental one: at 46,000 papers, 43,394 changed pages took 163 s
incrementally and 82 s in two parts."""


@dataclass(frozen=True)
class SiteRecord:
    """The sources of the last complete site build."""

    setup: str
    """Fingerprint of everything but docs/: see ``site_setup``."""
    files: Listing
    finished_ns: int
    """When that build finished: files changed since are newer."""
    size: int = 0
    """Bytes of the site it built."""


@dataclass(frozen=True)
class SiteResult:
    """What a site build did."""

    build: BuildResult
    mode: str
    """``UP_TO_DATE`` (MkDocs and Pagefind skipped), ``INCREMENTAL`` or ``FULL``."""
    reason: str
    """Why this mode: what changed, or why a full build was needed."""
    steps: dict[str, dict[str, float]] = field(default_factory=dict)
    """Seconds and peak memory (MB) of each step that ran: ``mkdocs``, ``pagefind``."""
    seconds: float = 0.0
    size: int = 0
    """Bytes of the built site (as recorded by the last complete build when up to date)."""

    @property
    def up_to_date(self) -> bool:
        return self.mode == UP_TO_DATE

    def summary(self) -> str:
        """One line on the site, after the generator's own summary."""
        sized = f" {size_line(self.size)}" if self.size else ""
        if self.up_to_date:
            return "Site: up to date (no source changed since the last site build)." + sized
        steps = ", ".join(
            f"{name} {figures['seconds']:.1f} s" for name, figures in self.steps.items()
        )
        done = "updated" if self.mode == INCREMENTAL else "built"
        return f"Site: {done} in {SITE_DIR}/, {self.reason} ({steps}).{sized}"


def site_setup(root: Path, shard_pages: int) -> str:
    """A fingerprint of what MkDocs and Pagefind read besides docs/: tool versions,
    ``SITE_URL`` and ``READING_DIGEST_NOINDEX``, mkdocs.yml, the theme overrides and hooks
    (path, size, mtime), and how the search is indexed (what it skips, ``shard_pages``)."""
    digest = hashlib.sha256()
    digest.update(f"{' '.join(excluded_arguments())} {shard_pages}\n".encode())
    for tool in TOOLS:
        try:
            digest.update(f"{tool} {metadata.version(tool)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{tool} missing\n".encode())
    for variable in ("SITE_URL", "READING_DIGEST_NOINDEX"):
        digest.update(f"{variable}={os.environ.get(variable, '')}\n".encode())
    config = root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.is_file() else b"no mkdocs.yml")
    for item in THEME_FILES:
        for name, (size, mtime) in sorted(docs_listing(root / item).items()):
            digest.update(f"{item}/{name}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def copy_theme_files(source: Path, target: Path) -> None:
    """Copy the theme overrides and hooks mkdocs.yml names (``THEME_FILES``) from one project
    to another (the benchmark's and the tests' projects)."""
    for item in THEME_FILES:
        (target / item).parent.mkdir(parents=True, exist_ok=True)
        if (source / item).is_dir():
            shutil.copytree(source / item, target / item)
        else:
            shutil.copy(source / item, target / item)


def docs_listing(folder: Path) -> Listing:
    """Size and mtime of every file under a folder (or of the file itself), dot files aside
    (but for ``HOOK_INPUTS``)."""
    if folder.is_file():
        stat = folder.stat()
        return {"": (stat.st_size, stat.st_mtime_ns)}
    top = str(folder)
    start = len(os.path.join(top, ""))  # names are cut from the paths (see ``walk``)

    def hidden(current: str, entry: os.DirEntry) -> bool:
        return entry.name.startswith(".") and not (current == top and entry.name in HOOK_INPUTS)

    found: Listing = {}
    for entry in files_under(top, hidden):
        stat = entry.stat()
        found[entry.path[start:].replace(os.sep, "/")] = (stat.st_size, stat.st_mtime_ns)
    return found


def choose_mode(
    previous: SiteRecord | None, setup: str, files: Listing, site_present: bool
) -> tuple[str, str]:
    """How to bring the site up to date with the sources, and why."""
    if previous is None or not site_present:
        return FULL, "no complete site build to update"
    if previous.setup != setup:
        return FULL, "mkdocs.yml, the theme files, a tool, SITE_URL or the search settings changed"
    if previous.files == files:
        return UP_TO_DATE, "no source changed"
    removed = sorted(previous.files.keys() - files.keys())
    hand_removed = [name for name in removed if name.split("/")[0] not in OWNED_OUTPUTS]
    if hand_removed:
        return FULL, f"{len(hand_removed)} file(s) gone from docs/, such as {hand_removed[0]}"
    changed = changed_files(previous.files, files)
    hand_written = [name for name in changed if name.split("/")[0] not in OWNED_OUTPUTS]
    if hand_written:
        return FULL, f"a file not generated changed: {hand_written[0]}"
    older = [name for name in changed if files[name][1] <= previous.finished_ns]
    if older:
        return FULL, f"{older[0]} changed but is not newer than the last site build"
    if len(changed) > len(files) * MOSTLY:
        # Rendering most pages anyway: a full build runs in parts, an incremental one not.
        return FULL, f"{len(changed):,} of {len(files):,} files changed"
    gone = f", {len(removed):,} gone" if removed else ""
    return INCREMENTAL, f"{len(changed):,} generated file(s) new or changed{gone}"


def changed_files(before: Listing, now: Listing) -> list[str]:
    """The files new or changed (in size or time) between two listings of docs/, sorted."""
    return sorted(name for name, stat in now.items() if before.get(name) != stat)


def run_step(command: list[str], root: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run one step; its wall seconds and peak memory. Its output passes through."""
    return run_at_once(command, root, [env or {}])


def build_site(
    root: Path, settings: Settings, *, force: bool = False, quiet: bool = False, refit: bool = False
) -> SiteResult:
    """Generate the pages, then build and index the site as far as the changes need
    (``force`` rebuilds it whole; ``quiet`` keeps MkDocs to its warnings and errors; ``refit``
    refits the vector space: see ``pipeline.build``)."""
    started = time.perf_counter()
    # The site's steps need the build's figures, not its records, which would stay in memory
    # beside MkDocs and Pagefind; and with the cyclic collector running they walked what
    # remained (0.8-0.9 s a daily build at 45,000 papers, two full collections).
    result = replace(build(root, settings, force=force, refit=refit), archive=None, grouping=None)
    with cyclic_gc_paused():
        return _site_steps(root, settings, result, force=force, quiet=quiet, started=started)


def _site_steps(
    root: Path, settings: Settings, result: BuildResult, *, force: bool, quiet: bool, started: float
) -> SiteResult:
    """``build_site`` once the pages are generated: MkDocs and Pagefind as far as needed."""
    setup = site_setup(root, settings.search_shard_pages)
    files = docs_listing(root / settings.docs)
    record_path = root / settings.docs / SITE_RECORD
    previous = None if force else load_site_record(record_path)
    present = (root / SITE_DIR / "index.html").is_file()
    mode, reason = choose_mode(previous, setup, files, present)
    if mode == UP_TO_DATE:
        seconds = time.perf_counter() - started
        return SiteResult(result, mode, reason, seconds=seconds, size=previous.size)
    record_path.unlink(missing_ok=True)  # an interrupted build must not look complete
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    # What MkDocs renders: every file of a full build, the new and changed ones of another.
    rendered = changed_files(previous.files, files) if mode == INCREMENTAL else list(files)
    parts = site_parts(rendered, settings.site_split_pages, usable_cores())
    told = {QUIET: "1", MATERIAL_NOTICE: "1"} if quiet else {}
    if mode == INCREMENTAL:
        remove_built(root / SITE_DIR, sorted(previous.files.keys() - files.keys()))
        with tempfile.TemporaryDirectory() as folder:
            listed = Path(folder) / "changed.json"
            listed.write_text(json.dumps(rendered), "utf-8")
            env = {**told, CHANGED_FILES: str(listed)}
            steps = {"mkdocs": run_parts([*mkdocs, "--dirty"], root, parts, env)}
    elif parts > 1:
        empty_folder(root / SITE_DIR)
        steps = {"mkdocs": run_parts([*mkdocs, "--dirty"], root, parts, told)}
    else:
        steps = {"mkdocs": run_step(mkdocs, root, told)}
    steps["pagefind"] = index_site(
        root / SITE_DIR,
        root / settings.docs,
        settings.search_shard_pages,
        lambda arguments: run_step(
            [sys.executable, "-m", "pagefind", *arguments, "--silent"], root
        ),
        usable_cores(),
    )
    size = folder_size(root / SITE_DIR)
    record = {"setup": setup, "finished_ns": time.time_ns(), "files": files, "size": size}
    record_path.write_text(json.dumps(record, separators=(",", ":")) + "\n", "utf-8")
    return SiteResult(result, mode, reason, steps, time.perf_counter() - started, size)


def load_site_record(path: Path) -> SiteRecord | None:
    """The last complete site build's record, or None when missing or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
        files = {
            str(name): (int(size), int(mtime)) for name, (size, mtime) in data["files"].items()
        }
        size = int(data.get("size", 0))
        return SiteRecord(str(data["setup"]), files, int(data["finished_ns"]), size)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
