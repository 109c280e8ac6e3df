"""What a build changed in the recorded themes: why it rewrote more pages than its new
papers have (a renamed theme rewrites the page of every paper in it, a retired one moves
them all).

In: the registry the build read and the one it records. Out: a ``ThemeChanges`` record, its
figures for ``--json`` and the line the build's summary prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from .newtopics import UNGROUPED_SLUG
from .registry import Registry

NAMED = 3
"""Themes named per kind of change in the summary line; the others are counted."""


@dataclass(frozen=True)
class ThemeChanges:
    """Themes renamed, retired and new since the registry a build read, and the earlier
    papers now in another theme (labels as recorded; "Not yet grouped" is no theme here)."""

    renamed: tuple[tuple[str, str], ...] = ()
    """(label before, label now) of each theme whose label changed."""
    retired: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(label, labels of the themes that now hold most of its papers) of each retired theme."""
    new: tuple[str, ...] = ()
    moved: int = 0
    """Papers recorded before in one theme (or not yet grouped) and now in another."""

    def figures(self) -> dict[str, int]:
        """How many of each change, for ``--json``."""
        return {
            "themes_renamed": len(self.renamed),
            "themes_retired": len(self.retired),
            "themes_new": len(self.new),
            "papers_moved": self.moved,
        }

    def line(self) -> str | None:
        """``Themes changed: renamed Hallucinations → Search; …`` (None: nothing changed)."""
        parts = []
        if self.renamed:
            parts.append("renamed " + _listed([f"{a} → {b}" for a, b in self.renamed]))
        if self.retired:
            parts.append(
                "retired "
                + _listed([f"{a} (now in {', '.join(b)})" if b else a for a, b in self.retired])
            )
        if self.new:
            parts.append("new " + _listed(list(self.new)))
        if self.moved:
            parts.append(f"{self.moved:,} earlier {'paper' if self.moved == 1 else 'papers'} "
                         "in another theme")  # fmt: skip
        return "Themes changed: " + "; ".join(parts) + "." if parts else None


def theme_changes(before: Registry, after: Registry) -> ThemeChanges:
    """What ``after`` changed in the themes of ``before`` (nothing on a first build, when
    ``before`` records no theme)."""
    if not before.themes:
        return ThemeChanges()
    old = {t.slug: t for t in before.themes if t.slug != UNGROUPED_SLUG}
    now = {t.slug: t for t in after.themes if t.slug != UNGROUPED_SLUG}
    successors = {moved.slug: moved.successors for moved in after.retired}
    theme_before = {paper: t.slug for t in before.themes for paper in t.papers}
    theme_now = {paper: t.slug for t in after.themes for paper in t.papers}
    return ThemeChanges(
        renamed=tuple(
            (t.label, now[slug].label)
            for slug, t in sorted(old.items())
            if slug in now and now[slug].label != t.label
        ),
        retired=tuple(
            (t.label, tuple(now[s].label for s in successors.get(slug, ()) if s in now))
            for slug, t in sorted(old.items())
            if slug not in now
        ),
        new=tuple(t.label for slug, t in sorted(now.items()) if slug not in old),
        moved=sum(
            1
            for paper, slug in theme_before.items()
            if paper in theme_now and theme_now[paper] != slug
        ),
    )


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED])
    return shown + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")
