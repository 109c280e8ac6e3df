"""Compare the digests and themes of the working tree with those at a git revision, for
reviewers of a pull request."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .dates import today
from .errors import InputError
from .ingest.merge import merge
from .model import Archive
from .outcome import BuildFailed
from .pages.markup import counted, md_inline
from .pages.texmath import plain_text
from .pipeline import read_digests
from .runtime import one_numeric_thread
from .themes.group import group
from .themes.paper_text import paper_texts
from .themes.params import DEFAULT_PARAMETERS
from .themes.registry import Registry, load_registry


@dataclass(frozen=True)
class Snapshot:
    """Digests, papers and recorded themes at one point in history."""

    archive: Archive
    registry: Registry
    files: dict[str, str]
    """Digest file name -> hash of its bytes."""
    warnings: frozenset[str] = field(default_factory=frozenset)
    """Warnings without line numbers, so that moved lines are not new warnings."""


def snapshot_at(root: Path, revision: str, settings: Settings) -> Snapshot:
    """The digests and theme registry as committed at ``revision``."""
    with tempfile.TemporaryDirectory() as temp:
        target = Path(temp)
        paths = [settings.digests, settings.themes_file]
        for path in paths:
            data = _git_archive(root, revision, path)
            if data is not None:
                with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                    archive.extractall(target, filter="data")
        (target / settings.digests).mkdir(parents=True, exist_ok=True)
        return _snapshot(target, settings, regroup=False)


def snapshot_now(root: Path, settings: Settings) -> Snapshot:
    """The working tree's digests, grouped as the next build will group them."""
    return _snapshot(root, settings, regroup=True)


def _git_archive(root: Path, revision: str, path: str) -> bytes | None:
    done = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", revision, "--", path],
        capture_output=True,
        check=False,
    )
    if done.returncode == 0:
        return done.stdout
    message = done.stderr.decode("utf-8", "replace")
    if "did not match any files" in message or "pathspec" in message:
        return None  # the folder or file did not exist yet at that revision
    raise InputError(revision, f"git cannot read that revision: {message.strip()}")


def _snapshot(root: Path, settings: Settings, *, regroup: bool) -> Snapshot:
    digests, errors, notices = read_digests(root / settings.digests)
    if errors:
        raise BuildFailed(errors)
    registry = load_registry(root / settings.themes_file)
    archive = merge(digests, registry.first_built, today(), registry.addresses)
    if regroup or not registry.themes:
        with one_numeric_thread():
            texts = paper_texts(archive.entries, DEFAULT_PARAMETERS)
            registry = group(
                archive.entries, texts, registry, DEFAULT_PARAMETERS, fixed_k=settings.theme_count
            ).registry
    files = {
        ref.digest.source: hashlib.sha256(
            (root / settings.digests / ref.digest.source).read_bytes()
        ).hexdigest()
        for ref in archive.digests
    }
    messages = [*notices, *(n for ref in archive.digests for n in ref.digest.notices)]
    warnings = frozenset(f"{n.source}: {n.message}" for n in [*messages, *archive.notices])
    return Snapshot(archive, registry, files, warnings)


@dataclass(frozen=True)
class Writer:
    """How the summary is written: Markdown, or plain text for a terminal."""

    markdown: bool

    def text(self, text: str) -> str:
        return md_inline(text) if self.markdown else text

    def code(self, text: str) -> str:
        return f"`{text.replace('`', '')}`" if self.markdown else text

    def title(self, title: str) -> str:
        return self.text(plain_text(title))

    def label(self, labels: dict[str, str], slug: str) -> str:
        return self.text(labels.get(slug, slug))

    def heading(self, text: str, level: int) -> str:
        return f"{'#' * level} {text}" if self.markdown else text

    def section(self, heading: str, items: list[str], limit: int = 100) -> list[str]:
        if not items:
            return []
        lines = [self.heading(f"{heading} ({len(items)})", 3), ""]
        lines += [f"- {item}" for item in items[:limit]]
        if len(items) > limit:
            lines.append(f"- … and {len(items) - limit} more")
        return [*lines, ""]


def render_diff(base: Snapshot, head: Snapshot, revision: str, *, markdown: bool = True) -> str:
    """A summary of what changed between two snapshots: Markdown (for a pull request), or
    plain text for a terminal (``markdown=False``: no escapes, no markup)."""
    out = Writer(markdown)
    lines = [out.heading(f"Digest changes since {out.code(revision[:12])}", 2), ""]
    added = sorted(set(head.files) - set(base.files))
    removed = sorted(set(base.files) - set(head.files))
    changed = sorted(f for f in set(head.files) & set(base.files) if head.files[f] != base.files[f])
    read = {ref.digest.source: ref.digest for ref in head.archive.digests}

    def described(source: str) -> str:
        """A digest of the head as a reviewer checks it: what it was read as, and how many
        papers that gave (a paste read as the wrong shape shows here)."""
        digest = read.get(source)
        if digest is None:
            return out.code(source)
        papers = counted(len(digest.papers), "paper")
        return f"{out.code(source)}: {out.text(digest.read_as or 'read')}, {papers}"

    lines += out.section("Digests added", [described(f) for f in added])
    lines += out.section("Digests removed", [out.code(f) for f in removed])
    lines += out.section("Digests changed", [described(f) for f in changed])
    base_titles = {e.slug: e.paper.title for e in base.archive.entries}
    head_titles = {e.slug: e.paper.title for e in head.archive.entries}
    new_papers = sorted(set(head_titles) - set(base_titles))
    joined = {m.slug: head.archive.by_key[m.key].paper.title for m in head.archive.moved}
    gone_papers = sorted(set(base_titles) - set(head_titles) - set(joined))
    lines += out.section("Papers added", [out.title(head_titles[s]) for s in new_papers])
    lines += out.section("Papers removed", [out.title(base_titles[s]) for s in gone_papers])
    lines += out.section(
        "Papers joined to another (their pages point to it)",
        [
            f"{out.title(base_titles[s])} → {out.title(t)}"
            for s, t in sorted(joined.items())
            if s in base_titles
        ],
    )
    base_theme = {p: t.slug for t in base.registry.themes for p in t.papers}
    head_theme = {p: t.slug for t in head.registry.themes for p in t.papers}
    labels = {t.slug: t.label for t in [*base.registry.themes, *head.registry.themes]}
    labels.update(head.registry.curation.rename)
    moved = [
        f"{out.title(head_titles[s])}: {out.label(labels, base_theme[s])} → {out.label(labels, t)}"
        for s, t in sorted(head_theme.items())
        if s in base_theme and base_theme[s] != t
    ]
    lines += out.section("Papers that changed theme", moved)
    lines += _theme_changes(base, head, labels, head_theme, out)
    new_warnings = sorted(head.warnings - base.warnings)
    lines += out.section("New warnings", [out.text(w) for w in new_warnings])
    if len(lines) == 2:
        lines += ["No change to the digests or the themes.", ""]
    return "\n".join(lines)


def _theme_changes(
    base: Snapshot, head: Snapshot, labels: dict[str, str], head_theme: dict[str, str], out: Writer
) -> list[str]:
    base_slugs = {t.slug: t for t in base.registry.themes}
    head_slugs = {t.slug: t for t in head.registry.themes}
    created = [out.label(labels, s) for s in head_slugs if s not in base_slugs]
    merged, split = [], []
    for slug, theme in base_slugs.items():
        if slug in head_slugs:
            continue
        where = Counter(head_theme[p] for p in theme.papers if p in head_theme)
        total = sum(where.values())
        big = [s for s, n in where.most_common() if total and n / total >= 0.25]
        if len(big) >= 2:
            split.append(
                f"{out.label(labels, slug)} → " + ", ".join(out.label(labels, s) for s in big)
            )
        elif big:
            merged.append(f"{out.label(labels, slug)} → {out.label(labels, big[0])}")
    base_names = {t.slug: t.label for t in base.registry.themes}
    base_names.update(base.registry.curation.rename)
    renamed = [
        f"{out.text(base_names[s])} → {out.text(labels[s])}"
        for s in head_slugs
        if s in base_names and base_names[s] != labels[s]
    ]
    return [
        *out.section("Themes created", created),
        *out.section("Themes merged into another", merged),
        *out.section("Themes split", split),
        *out.section("Themes renamed", renamed),
    ]


def digest_diff(root: Path, revision: str, settings: Settings, *, markdown: bool = True) -> str:
    """The summary of changes from ``revision`` to the working tree."""
    return render_diff(
        snapshot_at(root, revision, settings),
        snapshot_now(root, settings),
        revision,
        markdown=markdown,
    )
