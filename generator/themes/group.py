"""Group the archive into themes: vectorise, cluster, label, match to the registry, curate.

The registry records the clustering itself (before curation), so the reader's renames,
merges, pins and hides are applied on top of it at every build and never fight the matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..model import Entry, Grouping, MovedTheme, Notice, Theme
from .cluster import cluster
from .curation import curate, curation_notices
from .labels import Candidate, pick_label, pick_terms, surface_form, theme_terms
from .paper_text import PaperText
from .params import ThemeParameters
from .registry import RecordedTheme, Registry, match_themes
from .related import centroid, related_papers, same_digest_papers, top_terms
from .vectors import TextVectors, vectorize


@dataclass(frozen=True)
class Grouped:
    """What grouping gives: the themes, the registry that records them, and the text
    statistics they came from (which the related-paper search reuses)."""

    grouping: Grouping
    """Themes after curation, their map positions; no related papers yet (see ``relate``)."""
    registry: Registry
    """The registry updated with this build's themes (before curation)."""
    vectors: TextVectors
    """The papers' TF-IDF and LSA vectors, row i for entry i."""
    clusters: np.ndarray
    """Each entry's cluster number, before curation (0 is the largest cluster)."""
    notices: tuple[Notice, ...] = ()
    """Curation in themes.yml that named no theme or paper, or hid every theme."""


def group(
    entries: Sequence[Entry],
    texts: Sequence[PaperText],
    registry: Registry,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
) -> Grouped:
    """Themes for the entries (``texts``: each entry's ``paper_text``), and the registry
    updated with this build's themes."""
    vectors = vectorize([text.statistics for text in texts], params)
    if not entries:
        empty = replace(registry, themes=())
        return Grouped(Grouping(themes=(), theme_of={}), empty, vectors, np.zeros(0, dtype=int))
    clusters = cluster_entries(entries, vectors, registry, params, fixed_k)
    candidates = theme_terms(lambda row: texts[row].phrases.splitlines(), clusters, params)
    drafts, retired = name_themes(entries, candidates, clusters, registry, params)
    drafts = keep_recorded_themes(drafts, entries, vectors, registry, params)
    slug_of = {entry.key: entry.slug for entry in entries}
    new_registry = replace(
        registry,
        themes=tuple(  # in the order themes.yml writes them: by slug, papers sorted
            RecordedTheme(d.slug, d.label, tuple(sorted(slug_of[k] for k in d.members)))
            for d in sorted(drafts, key=lambda d: d.slug)
        ),
        retired=tuple(retired),
    )
    grouping = curate(entries, vectors, drafts, retired, registry, params)
    notices = curation_notices(registry, [d.slug for d in drafts], retired, entries)
    return Grouped(grouping, new_registry, vectors, clusters, tuple(notices))


def relate(
    entries: Sequence[Entry],
    grouped: Grouped,
    digest_members: Sequence[Sequence[str]],
    params: ThemeParameters,
) -> Grouping:
    """The grouping with each paper's related papers across the archive and within the
    digests it appeared in (``digest_members``: the entry keys of each digest)."""
    if not entries:
        return grouped.grouping
    vectors = grouped.vectors
    terms = top_terms(vectors.tfidf, vectors.terms)
    return replace(
        grouped.grouping,
        related=related_papers(entries, vectors.dense, grouped.clusters, params, terms),
        same_digest=same_digest_papers(entries, vectors.dense, digest_members, params, terms),
    )


def cluster_entries(
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
    fixed_k: int | None,
) -> np.ndarray:
    """Cluster numbers per entry, warm-started from the registry's recorded themes."""
    row_of = {entry.slug: row for row, entry in enumerate(entries)}
    previous = [
        np.array(sorted(row_of[s] for s in theme.papers if s in row_of), dtype=int)
        for theme in registry.themes
    ]
    previous = [rows for rows in previous if len(rows)]
    return cluster(vectors.dense, params, fixed_k=fixed_k, previous=previous or None)


def name_themes(
    entries: Sequence[Entry],
    candidates: list[list[Candidate]],
    clusters: np.ndarray,
    registry: Registry,
    params: ThemeParameters,
) -> tuple[list[Theme], list[MovedTheme]]:
    """Label each cluster from its c-TF-IDF ``candidates`` and give it its registry slug (or a
    new one): themes before curation, their members in archive order."""
    count = int(clusters.max()) + 1
    rows_of = [np.flatnonzero(clusters == t) for t in range(count)]
    # Abstracts write phrases in their natural case ("sentiment analysis"), titles in Title Case.
    originals = [e.paper.abstract for e in entries]
    taken: set[str] = set()
    auto_labels, terms = [], []
    for rows, phrases in zip(rows_of, candidates):
        phrase = pick_label(phrases, taken)
        taken.update({phrase, phrase.rstrip("s"), phrase + "s"})  # no twin labels
        auto_labels.append(surface_form(phrase, [originals[r] for r in rows]))
        terms.append(tuple(pick_terms(phrases, params.key_terms)))
    names, retired = match_themes(
        [[entries[r].slug for r in rows] for rows in rows_of], auto_labels, registry
    )
    drafts = [
        Theme(slug, label, term_list, tuple(entries[r].key for r in rows))
        for (slug, label), term_list, rows in zip(names, terms, rows_of)
    ]
    return drafts, retired


def keep_recorded_themes(
    drafts: list[Theme],
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
) -> list[Theme]:
    """Return papers to their recorded theme unless the new one is clearly closer."""
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    recorded = {paper: theme.slug for theme in registry.themes for paper in theme.papers}
    rows_of = {d.slug: [row_of[k] for k in d.members] for d in drafts}
    centres = {slug: centroid(vectors.dense, rows) for slug, rows in rows_of.items()}
    for draft in drafts:
        for row in [row_of[k] for k in draft.members]:
            old = recorded.get(entries[row].slug)
            if old is None or old == draft.slug or old not in rows_of:
                continue
            if len(rows_of[draft.slug]) <= params.min_theme_size:
                break
            vector = vectors.dense[row]
            gain = float(vector @ centres[draft.slug]) - float(vector @ centres[old])
            if gain <= params.sticky_margin:
                rows_of[draft.slug].remove(row)
                rows_of[old].append(row)
    return [
        replace(d, members=tuple(entries[r].key for r in sorted(rows_of[d.slug]))) for d in drafts
    ]
