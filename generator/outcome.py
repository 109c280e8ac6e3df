"""What a build is asked to do and what it did: options, the fatal error, the result and
its summary lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Archive, Grouping
from .output.write import WriteStats
from .stopwatch import Stopwatch

if TYPE_CHECKING:
    from .themes.group import Grouped
    from .themes.params import ThemeParameters
    from .themes.registry import Registry


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do beyond bringing the pages up to date."""

    force: bool = False
    """Overwrite generated pages edited by hand; generate even when nothing changed."""
    regroup: bool = False
    """Draw the themes afresh instead of from the recorded ones."""
    refit: bool = False
    """Fit the vector space on the ladder's step instead of the recorded papers."""


class BuildFailed(Exception):
    """Fatal input errors, one line each."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class BuildResult:
    """What a build did, for the summary, ``--json`` and tests."""

    counts: dict[str, float]
    """Digests, papers read, unique papers, fragments, themes, largest theme share."""
    notices: tuple[str, ...]
    """Every warning, one line each."""
    stats: WriteStats
    seconds: float
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    reused: dict[str, int] = field(default_factory=dict)
    """Per-paper results the build's cache gave and those it computed (``cache.figures``)."""
    archive: Archive | None = None
    """The archive, when the build ran (not when nothing had changed)."""
    grouping: Grouping | None = None
    """The themes, when the build ran."""
    theme_changes: str = ""
    """What the build changed in the recorded themes (``changes.ThemeChanges.line``), if
    anything: why it rewrote more pages than its new papers have."""

    def figures(self) -> dict[str, object]:
        """The build's measurable figures, for ``--json`` and the benchmark."""
        return {
            **self.counts,
            "pages_written": self.stats.written,
            "pages_unchanged": self.stats.unchanged,
            "pages_removed": self.stats.removed,
            "pages_written_by_folder": self.stats.written_by_folder,
            "warnings": len(self.notices),
            "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in self.stopwatch.seconds.items()},
            "stage_peak_mb": {k: round(v, 1) for k, v in self.stopwatch.peak_mb.items()},
            **self.reused,
        }

    def summary(self) -> str:
        """A short human summary of the build."""
        c = self.counts
        stages = ", ".join(f"{n} {s:.1f}" for n, s in self.stopwatch.seconds.items())
        return "\n".join(
            [
                f"Digests read: {c['digests']}; papers read: {c['papers_read']}; unique papers: "
                f"{c['unique_papers']}; lines not read as papers: {c['fragments']}.",
                f"Themes: {c['themes']} (largest holds {c['largest_share']:.0%} of the papers).",
                *filter(None, [self.theme_changes]),
                f"Pages written: {self.stats.written}; unchanged: {self.stats.unchanged}; "
                f"removed: {self.stats.removed}.",
                f"Warnings: {len(self.notices)}"
                + (" (listed in docs/report.md)." if self.notices else "."),
                *vector_space_lines(c),
                f"Time: {self.seconds:.1f} s" + (f" ({stages})." if stages else "."),
            ]
        )


def vector_space_lines(counts: dict[str, float]) -> list[str]:
    """What the summary says of the vector space: when it was refit, and when a refit is due
    (``vector_space_counts``); nothing when it stands on the ladder's step."""
    basis, before = int(counts.get("vector_basis", 0)), int(counts.get("vector_basis_before", 0))
    refit = int(counts.get("vector_basis_refit", basis))
    if before and basis != before:
        return [f"Vector space refit on the oldest {basis:,} papers (was {before:,}): "
                "most pages changed, once."]  # fmt: skip
    if basis < refit:
        return [
            f"Vector space fit on the oldest {basis:,} of {int(counts['unique_papers']):,} "
            f"papers: `make refit` fits it on {refit:,} (most pages change, once)."
        ]
    return []


def counts_of(archive: Archive, grouping: Grouping) -> dict[str, float]:
    """The headline counts of a build."""
    largest = max((len(t.members) for t in grouping.themes), default=0)
    return {
        "digests": len(archive.digests),
        "papers_read": sum(len(ref.digest.papers) for ref in archive.digests),
        "unique_papers": len(archive.entries),
        "fragments": sum(len(ref.digest.fragments) for ref in archive.digests),
        "themes": len(grouping.themes),
        "largest_share": round(largest / len(archive.entries), 4) if archive.entries else 0.0,
    }


def vector_space_counts(
    papers: int, grouped: Grouped, registry: Registry, params: ThemeParameters
) -> dict[str, int]:
    """Papers the vector space is fit on now, was fit on before this build (0: never), and
    would be fit on after a refit (the ladder's step)."""
    return {
        "vector_basis": grouped.vectors.basis,
        "vector_basis_before": registry.vector_basis or 0,
        "vector_basis_refit": params.basis_size(papers),
    }
