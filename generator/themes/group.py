"""Group the archive into themes: vectorise, cluster, label, match to the registry, curate.

The registry records the clustering itself (before curation), so the reader's renames,
merges, pins and hides are applied on top of it at every build and never fight the matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..model import Entry, Grouping, MovedTheme, Notice, Theme
from .cluster import cluster, largest_share
from .curation import curate, curation_notices
from .labels import TitleIndex, TitleWords, pick_label, title_coverage, title_phrases
from .matching import match_themes
from .newtopics import UNGROUPED_LABEL, UNGROUPED_SLUG, loose_notices, loose_papers, new_topics
from .paper_text import PaperText
from .params import ThemeParameters
from .phrase_index import PhraseIndex
from .phrases import Candidate, key_terms, theme_terms
from .registry import Registry, recorded_themes
from .related import centroid, related_papers, same_digest_papers, top_terms
from .sticky import settled_themes
from .surface import surface_form, with_acronyms
from .vectors import TextVectors, vectorize, with_meaning

if TYPE_CHECKING:
    from ..runtime import BuildCache


@dataclass(frozen=True)
class Grouped:
    """What grouping gives: the themes, their registry, and the vectors ``relate`` reuses."""

    grouping: Grouping
    """Themes after curation, their map positions; no related papers yet (see ``relate``)."""
    registry: Registry
    """The registry updated with this build's themes (before curation)."""
    vectors: TextVectors
    """The papers' TF-IDF and LSA vectors, row i for entry i."""
    clusters: np.ndarray
    """Each entry's cluster number, before curation (0 is the largest cluster)."""
    notices: tuple[Notice, ...] = ()
    """Curation naming no theme or paper, or hiding every theme; too many loose papers."""


def group(
    entries: Sequence[Entry],
    texts: Sequence[PaperText],
    registry: Registry,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
    regroup: bool = False,
    refit: bool = False,
    cache: BuildCache | None = None,
    meaning: np.ndarray | None = None,
) -> Grouped:
    """Themes for the entries (``texts``: each entry's ``paper_text``), and the registry
    updated with this build's themes. The clustering starts from the recorded themes unless
    ``regroup``; either way a new theme takes the slug of the recorded one whose papers it
    holds for the most part. The vector space stays fit on the papers the registry records
    unless ``refit`` (see ``ThemeParameters.fitted_basis``). ``cache``: the pipeline's, for
    the vector space, term counts and neighbours (``vectors.vectorize``). ``meaning``: each
    entry's sentence embedding, to draw themes from it too (``vectors.with_meaning``)."""
    basis = params.fitted_basis(len(entries), registry.vector_basis, refit=refit)
    vectors = vectorize([text.terms for text in texts], params, basis, cache)
    if meaning is not None:
        vectors = with_meaning(vectors, meaning, params)
    if not entries:
        empty = replace(registry, themes=(), vector_basis=None)
        return Grouped(Grouping(themes=(), theme_of={}), empty, vectors, np.zeros(0, dtype=int))
    loose = loose_papers(vectors.captured, vectors.basis, params)
    if loose.all() or fixed_k is not None:  # a number of themes given is the number shown
        loose[:] = False
    topics = new_topics([texts[row].terms for row in np.flatnonzero(loose)], vectors, params)
    previous, k = ([] if regroup else recorded_rows(entries, registry)), fixed_k
    labelled = replace(registry, themes=()) if regroup else registry  # whose labels may stay
    # Found once for all rounds: phrases as numbers, a title's words when a round reads it.
    phrases = PhraseIndex([text.phrases for text in texts], cache)
    titles = TitleIndex([entry.paper.title for entry in entries], cache.mapped() if cache else map)
    rounds = []
    for _ in range(params.regroup_limit):
        clusters, ungrouped, placed_count = cluster_entries(
            vectors, loose, topics, previous, params, k
        )
        if rounds and largest_share(clusters[~loose]) > params.share_limit(len(entries), kept=True):
            break  # regrouping would make a theme too large: keep the last round as it is
        candidates = theme_terms(phrases, clusters, params)
        rows_of = [np.flatnonzero(clusters == c) for c in range(int(clusters.max()) + 1)]
        labels, coherent = label_clusters(
            entries, titles, vectors, rows_of, candidates, labelled, params
        )
        if fixed_k is not None:
            coherent = [True] * len(rows_of)
        if ungrouped is not None:
            coherent[ungrouped] = False
        rounds.append((rows_of, labels, coherent, placed_count))
        if all(coherent[:placed_count]):
            break
        # A cluster that no phrase names (none in ``label_keep`` of its titles) is a grab-bag,
        # not a theme a reader would draw: cluster again without it, its papers going to the
        # themes that remain. The last round is what the next build, warm-started from the
        # registry, finds again, so a rebuild changes nothing.
        previous = [rows_of[c] for c in range(placed_count) if coherent[c]]
        if not previous:
            break  # no theme a phrase names (a handful of unrelated papers): keep them as they are
        k = len(previous)
    rows_of, labels, coherent, placed_count = rounds[-1]
    coherent = [True] * placed_count + coherent[placed_count:]  # grab-bags left stay themes
    drafts, retired = name_themes(
        entries,
        [rows for rows, keep in zip(rows_of, coherent) if keep],
        [label for label, keep in zip(labels, coherent) if keep],
        [rows for rows, keep in zip(rows_of, coherent) if not keep],
        registry,
    )
    if not regroup:
        drafts = settled_themes(drafts, entries, vectors, registry, params)
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    terms = key_terms(phrases, [[row_of[k] for k in d.members] for d in drafts], params)
    drafts = [
        replace(d, terms=() if d.slug == UNGROUPED_SLUG else t) for d, t in zip(drafts, terms)
    ]
    new_registry = replace(
        registry,
        themes=recorded_themes(drafts, entries),
        retired=tuple(retired),
        vector_basis=vectors.basis,
    )
    grouping = curate(entries, vectors, drafts, retired, registry, params)
    notices = curation_notices(registry, [d.slug for d in drafts], retired, entries)
    notices = (*notices, *loose_notices(int(loose.sum()), params))
    return Grouped(grouping, new_registry, vectors, clusters, notices)


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
    vectors, terms = grouped.vectors, top_terms(grouped.vectors.tfidf, grouped.vectors.terms)
    return replace(
        grouped.grouping,
        related=related_papers(entries, vectors.dense, vectors.basis, params, terms, vectors.near),
        same_digest=same_digest_papers(entries, vectors.dense, digest_members, params, terms),
    )


def recorded_rows(entries: Sequence[Entry], registry: Registry) -> list[np.ndarray]:
    """The rows of each recorded theme's papers ("Not yet grouped" aside)."""
    row_of = {entry.slug: row for row, entry in enumerate(entries)}
    found = [
        np.array(sorted(row_of[s] for s in t.papers if s in row_of), dtype=int)
        for t in _without_ungrouped(registry).themes
    ]
    return [rows for rows in found if len(rows)]


def cluster_entries(
    vectors: TextVectors,
    loose: np.ndarray,
    topics: np.ndarray,
    previous: list[np.ndarray],
    params: ThemeParameters,
    k: int | None,
) -> tuple[np.ndarray, int | None, int]:
    """Cluster numbers per entry, the number of the "Not yet grouped" cluster (None when every
    paper has a theme), and how many clusters k-means made (numbered first). The papers the
    vector space holds are clustered by k-means (``k`` themes, or as many as the rule gives),
    warm-started from ``previous`` (rows of earlier themes); ``loose`` ones form the new themes
    ``topics`` numbers (``newtopics.new_topics``, a number per loose paper) or stay ungrouped
    (-1)."""
    placed = np.flatnonzero(~loose)
    position = np.full(len(loose), -1)
    position[placed] = np.arange(len(placed))
    starts = [position[rows][position[rows] >= 0] for rows in previous]
    starts = [rows for rows in starts if len(rows)]
    numbers = np.empty(len(loose), dtype=int)
    numbers[placed] = cluster(vectors.themed[placed], params, fixed_k=k, previous=starts or None)
    placed_count = int(numbers[placed].max()) + 1
    if not loose.any():
        return numbers, None, placed_count
    ungrouped = placed_count + int(topics.max()) + 1
    numbers[loose] = np.where(topics >= 0, placed_count + topics, ungrouped)
    return numbers, ungrouped if (topics < 0).any() else None, placed_count


def label_clusters(
    entries: Sequence[Entry],
    titles_of: TitleIndex,
    vectors: TextVectors,
    rows_of: list[np.ndarray],
    candidates: list[list[Candidate]],
    registry: Registry,
    params: ThemeParameters,
) -> tuple[list[str], list[bool]]:
    """Each cluster's label, from its titles and c-TF-IDF ``candidates``, and whether the label
    names it (its words in ``label_keep`` of the titles; ``titles_of(i)``: entry i's title
    words). A recorded label stays while its words are in ``label_stay`` of them, for the
    cluster that takes its theme's slug."""
    # Each cluster's most central papers (all, for most clusters) name it.
    central = [central_rows(vectors, rows, params.label_sample) for rows in rows_of]
    titles_of.find(row for rows in central for row in rows.tolist())
    titles = [[titles_of(r) for r in rows] for rows in central]
    phrases = title_phrases(titles)
    members = [[entries[r].slug for r in rows] for rows in rows_of]
    grouped = _without_ungrouped(registry)
    recorded, _ = match_themes(members, [""] * len(rows_of), grouped)
    recorded_slugs = {t.slug for t in grouped.themes}
    kept = {
        index: label
        for index, (slug, label) in enumerate(recorded)
        if slug in recorded_slugs
        and still_names(label, titles[index], rows_of[index], titles_of, params.label_stay)
    }
    taken = set(kept.values())
    # Abstracts write phrases in their natural case ("sentiment analysis"), titles in Title
    # Case; both write acronyms ("PDE"), which every label keeps.
    labels = []
    for index, rows in enumerate(central):
        label, papers = kept.get(index), [entries[r].paper for r in rows]
        if label is None:
            phrase = pick_label(index, phrases, candidates[index], taken)
            label = surface_form(phrase, [paper.abstract for paper in papers])
            taken.add(label)
        labels.append(with_acronyms(label, [t for p in papers for t in (p.title, p.abstract)]))
    coherent = [
        i in kept or title_coverage(labels[i], titles[i]) >= params.label_keep
        for i in range(len(rows_of))
    ]
    return labels, coherent


def still_names(
    label: str,
    central_titles: Sequence[TitleWords],
    rows: np.ndarray,
    titles_of: Callable[[int], TitleWords],
    share: float,
) -> bool:
    """Whether a recorded label still names its theme: its words are in ``share`` of the most
    central titles (those a new label is drawn from) or of the titles of all its ``rows``
    (``titles_of(i)``: entry i's title words). Which papers are most central moves with every
    digest: at 46,000 papers one digest relabelled a theme of 1,500 papers ("Parameter-efficient
    fine-tuning" became "Weight") and so rewrote 2,300 pages."""
    if title_coverage(label, central_titles) >= share:
        return True
    if len(rows) <= len(central_titles):
        return False
    return title_coverage(label, [titles_of(row) for row in rows]) >= share


def name_themes(
    entries: Sequence[Entry],
    rows_of: list[np.ndarray],
    labels: list[str],
    ungrouped: list[np.ndarray],
    registry: Registry,
) -> tuple[list[Theme], list[MovedTheme]]:
    """Themes before curation (no key terms yet), their members in archive order: each
    cluster (``rows_of``) with its label and its registry slug (or a new one), and "Not yet
    grouped" (the same slug at every build) holding the ``ungrouped`` rows; and the retired
    themes."""
    members = [[entries[r].slug for r in rows] for rows in rows_of]
    names, retired = match_themes(members, labels, _without_ungrouped(registry))
    drafts = [
        Theme(slug, labels[index], (), tuple(entries[r].key for r in rows_of[index]))
        for index, (slug, _) in enumerate(names)
    ]
    if ungrouped:
        keys = tuple(entries[r].key for r in sorted(np.concatenate(ungrouped).tolist()))
        drafts.append(Theme(UNGROUPED_SLUG, UNGROUPED_LABEL, (), keys))
    return drafts, retired


def _without_ungrouped(registry: Registry) -> Registry:
    """The registry without its "Not yet grouped" record, which no cluster inherits."""
    themes = tuple(t for t in registry.themes if t.slug != UNGROUPED_SLUG)
    return replace(registry, themes=themes)


def central_rows(vectors: TextVectors, rows: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` rows nearest their centre (all, if no more), most central first."""
    if len(rows) <= count:
        return rows
    similarity = vectors.themed[rows] @ centroid(vectors.themed, rows)
    return rows[np.lexsort((rows, -similarity))[:count]]
