"""Group the archive into themes: vectorise, cluster, label, match to the registry, curate.

The registry records the clustering itself (before curation), so the reader's renames,
merges, pins and hides are applied on top of it at every build and never fight the matching.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .cluster import cluster
from .labels import (
    Candidate,
    phrase_reader,
    pick_label,
    pick_terms,
    surface_form,
    theme_terms,
)
from .layout import layout
from .model import Entry, Grouping, MovedTheme, Related, Theme
from .registry import RecordedTheme, Registry, Retired, match_themes
from .related import centroid, nearest, related_papers, same_digest_papers, top_terms
from .stopwatch import Stopwatch
from .textprep import statistics_text
from .theme_params import ThemeParameters
from .vectors import TextVectors, vectorize


@dataclass(frozen=True)
class ThemeDraft:
    """A theme before curation: its slug, label, terms and member rows."""

    slug: str
    label: str
    terms: tuple[str, ...]
    rows: tuple[int, ...]


LabelCounter = Callable[[np.ndarray], Callable[[], list[list[Candidate]]]]
"""Starts counting label phrases (``labels.theme_terms``) for the papers' cluster numbers and
returns a function that waits for the candidates: lets another process count them while this
one finds related papers (see ``helper``)."""


RelatedFinder = Callable[
    [np.ndarray, np.ndarray, list[list[str]], Sequence[Sequence[str]]],
    Callable[[], tuple[dict[str, tuple[Related, ...]], dict[str, tuple[Related, ...]]]] | None,
]
"""Starts finding elsewhere, from the papers' LSA vectors, cluster numbers, top terms and
digest members, the related papers of the second part (``related.related_papers(part=1)``)
and every paper's same-digest papers; returns a function that waits for both, or None when
they are better found here (see ``helper``)."""


def group(
    entries: Sequence[Entry],
    registry: Registry,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
    digest_members: Sequence[Sequence[str]] = (),
    stopwatch: Stopwatch | None = None,
    count_label_phrases: LabelCounter | None = None,
    find_related: RelatedFinder | None = None,
    texts: list[str] | None = None,
) -> tuple[Grouping, Registry]:
    """Themes for the entries, and the registry updated with this build's themes.

    ``digest_members`` lists the entry keys of each digest, for similar papers within a digest.
    ``count_label_phrases`` counts label phrases elsewhere, and ``find_related`` finds part of
    the related papers and the same-digest papers elsewhere; by default all is done here.
    ``texts`` are the entries' ``statistics_text``, when cleaned elsewhere.
    """
    if not entries:
        empty = Registry(retired=registry.retired, curation=registry.curation,
                         curation_text=registry.curation_text)  # fmt: skip
        return Grouping(themes=(), theme_of={}), empty
    stopwatch = stopwatch or Stopwatch()
    with stopwatch.stage("themes"):
        if texts is None:
            texts = [statistics_text(e.paper) for e in entries]
        vectors = vectorize(texts, params)
        labels = cluster_entries(entries, vectors, registry, params, fixed_k)
        counted = (count_label_phrases or _counter_here(texts, params))(labels)
    with stopwatch.stage("related papers"):
        terms = top_terms(vectors.tfidf, vectors.terms)
        found_elsewhere = (
            find_related(vectors.dense, labels, terms, digest_members) if find_related else None
        )
        if found_elsewhere is None:
            related = related_papers(entries, vectors.dense, labels, params, terms)
            same = same_digest_papers(entries, vectors.dense, digest_members, params, terms)
        else:
            related = related_papers(entries, vectors.dense, labels, params, terms, part=0)
    with stopwatch.stage("themes"):
        drafts, retired = name_themes(entries, counted(), labels, registry, params)
        drafts = keep_recorded_themes(drafts, entries, vectors, registry, params)
        new_registry = Registry(
            themes=tuple(
                RecordedTheme(d.slug, d.label, tuple(sorted(entries[r].slug for r in d.rows)))
                for d in drafts
            ),
            retired=tuple(retired),
            curation=registry.curation,
            curation_text=registry.curation_text,
        )
        grouping = curate(entries, vectors, drafts, retired, registry, params)
    if found_elsewhere is not None:
        with stopwatch.stage("related papers"):
            rest, same = found_elsewhere()
            related = {e.key: related[e.key] if e.key in related else rest[e.key] for e in entries}
    return dataclasses.replace(grouping, related=related, same_digest=same), new_registry


def _counter_here(texts: list[str], params: ThemeParameters) -> LabelCounter:
    """Count label phrases in this process, when the candidates are asked for."""
    return lambda labels: functools.partial(
        theme_terms, phrase_reader(texts, params), labels, params
    )


def cluster_entries(
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
    fixed_k: int | None,
) -> np.ndarray:
    """Cluster labels per entry, warm-started from the registry's recorded themes."""
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
    labels: np.ndarray,
    registry: Registry,
    params: ThemeParameters,
) -> tuple[list[ThemeDraft], list[Retired]]:
    """Label each cluster from its c-TF-IDF ``candidates`` and give it its registry slug (or a
    new one)."""
    count = int(labels.max()) + 1
    rows_of = [np.flatnonzero(labels == t) for t in range(count)]
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
        ThemeDraft(slug, label, term_list, tuple(int(r) for r in rows))
        for (slug, label), term_list, rows in zip(names, terms, rows_of)
    ]
    return drafts, retired


def keep_recorded_themes(
    drafts: list[ThemeDraft],
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
) -> list[ThemeDraft]:
    """Return papers to their recorded theme unless the new one is clearly closer."""
    recorded = {paper: theme.slug for theme in registry.themes for paper in theme.papers}
    rows_of = {d.slug: list(d.rows) for d in drafts}
    centres = {slug: centroid(vectors.dense, rows) for slug, rows in rows_of.items()}
    for draft in drafts:
        for row in draft.rows:
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
    return [ThemeDraft(d.slug, d.label, d.terms, tuple(sorted(rows_of[d.slug]))) for d in drafts]


def curate(
    entries: Sequence[Entry],
    vectors: TextVectors,
    drafts: list[ThemeDraft],
    retired: list[Retired],
    registry: Registry,
    params: ThemeParameters,
) -> Grouping:
    """Apply the reader's curation, then order members and derive related themes and papers."""
    curation = registry.curation
    slugs = [d.slug for d in drafts]
    target = {d.slug: d.slug for d in drafts}
    for source, destination in curation.merge.items():
        if source in target and destination in target and source != destination:
            target[source] = destination
    visible = [s for s in slugs if target[s] == s and s not in curation.hide]
    if not visible:
        visible = slugs[:1]
    row_theme = {}
    for draft in drafts:
        for row in draft.rows:
            row_theme[row] = target[draft.slug]
    centre_of = {
        s: centroid(vectors.dense, rows) for s, rows in _rows_by_theme(row_theme, visible).items()
    }
    for row, theme in row_theme.items():
        if theme not in centre_of:  # a hidden theme: its papers go to their nearest visible one
            row_theme[row] = max(
                visible, key=lambda s: (float(vectors.dense[row] @ centre_of[s]), s)
            )
    slug_row = {entry.slug: row for row, entry in enumerate(entries)}
    for paper_slug, theme in curation.pin.items():
        if paper_slug in slug_row and theme in centre_of:
            row_theme[slug_row[paper_slug]] = theme
    by_slug = {d.slug: d for d in drafts}
    themes = []
    for slug, rows in _rows_by_theme(row_theme, visible).items():
        centre = centroid(vectors.dense, rows)
        rows.sort(key=lambda r: (-float(vectors.dense[r] @ centre), entries[r].slug))
        draft = by_slug[slug]
        themes.append(
            Theme(
                slug=slug,
                label=curation.rename.get(slug, draft.label),
                terms=draft.terms,
                members=tuple(entries[r].key for r in rows),
            )
        )
    themes.sort(key=lambda t: (-len(t.members), t.slug))
    themes = _with_related_themes(themes, vectors, entries, params)
    moved = [MovedTheme(r.slug, r.label, r.successors) for r in retired]
    moved += [
        MovedTheme(s, by_slug[s].label, (target[s],))
        for s in slugs
        if target[s] != s and target[s] in centre_of
    ]
    theme_index = {t.slug: i for i, t in enumerate(themes)}
    labels = np.array([theme_index[row_theme[r]] for r in range(len(entries))])
    points = layout(vectors.dense, labels, params)
    return Grouping(
        themes=tuple(themes),
        theme_of={entries[r].key: row_theme[r] for r in range(len(entries))},
        moved=tuple(sorted(moved, key=lambda m: m.slug)),
        points={e.key: (float(points[r, 0]), float(points[r, 1])) for r, e in enumerate(entries)},
    )


def _rows_by_theme(row_theme: dict[int, str], slugs: list[str]) -> dict[str, list[int]]:
    """Rows of each theme (in the order of ``row_theme``), for the given slugs in their order."""
    rows: dict[str, list[int]] = {slug: [] for slug in slugs}
    for row, theme in row_theme.items():
        if theme in rows:
            rows[theme].append(row)
    return rows


def _with_related_themes(
    themes: list[Theme], vectors: TextVectors, entries: Sequence[Entry], params: ThemeParameters
) -> list[Theme]:
    row_of = {e.key: r for r, e in enumerate(entries)}
    centres = np.vstack([centroid(vectors.dense, [row_of[k] for k in t.members]) for t in themes])
    indices, _ = nearest(centres, params.related_themes, params.related_chunk)
    return [
        Theme(t.slug, t.label, t.terms, t.members, tuple(themes[j].slug for j in indices[i]))
        for i, t in enumerate(themes)
    ]
