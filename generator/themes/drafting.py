"""Draft themes from one record: cluster warm-started from it, label, drop grab-bags, name, settle.

In: what every draft reads whatever the record (``draft_inputs``, found once a build) and the
registry to start from. Out: the themes before key terms and curation, and the themes retired.
``group.group`` drafts again from its own result until a draft gives that result back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..model import Entry, MovedTheme, Theme
from .cluster import cluster, largest_share
from .labels import TitleIndex, TitleWords, pick_label, title_coverage, title_phrases
from .matching import match_themes
from .newtopics import UNGROUPED_LABEL, UNGROUPED_SLUG, loose_papers, new_topics
from .paper_text import PaperText
from .params import ThemeParameters
from .phrase_index import PhraseIndex
from .phrases import Candidate, theme_terms
from .registry import Registry, theme_rows
from .related import centroid
from .sticky import settled_themes
from .surface import surface_form, with_acronyms
from .vectors import TextVectors

if TYPE_CHECKING:
    from ..runtime import BuildCache


@dataclass(frozen=True, eq=False)
class DraftInputs:
    """What every draft reads, whatever registry it starts from."""

    entries: Sequence[Entry]
    vectors: TextVectors
    loose: np.ndarray
    """Whether each entry is loose: outside the vector space, grouped by ``topics`` instead."""
    topics: np.ndarray
    """A new topic's number per loose entry (-1: not yet grouped; ``newtopics.new_topics``)."""
    phrases: PhraseIndex
    """Each entry's phrases as numbers: for key terms and label candidates."""
    titles: TitleIndex
    """Each entry's title words, found when a draft reads them."""


def draft_inputs(
    entries: Sequence[Entry],
    texts: Sequence[PaperText],
    vectors: TextVectors,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
    cache: BuildCache | None = None,
) -> DraftInputs:
    """What every draft of these entries reads (``texts``: each entry's ``paper_text``;
    ``fixed_k``: a number of themes given, which leaves no paper loose; ``cache``: the
    pipeline's, for phrase numbers and title words)."""
    loose = loose_papers(vectors.captured, vectors.basis, params)
    if loose.all() or fixed_k is not None:  # a number of themes given is the number shown
        loose[:] = False
    topics = new_topics([texts[row].terms for row in np.flatnonzero(loose)], vectors, params)
    return DraftInputs(
        entries,
        vectors,
        loose,
        topics,
        PhraseIndex([text.phrases for text in texts], cache),
        TitleIndex([entry.paper.title for entry in entries], cache.mapped() if cache else map),
    )


def draft_themes(
    inputs: DraftInputs,
    registry: Registry,
    params: ThemeParameters,
    *,
    fixed_k: int | None = None,
    regroup: bool = False,
) -> tuple[list[Theme], list[MovedTheme]]:
    """Themes drawn from ``inputs`` (no key terms yet) and the recorded themes they retire:
    k-means warm-started from the recorded themes (unless ``regroup``), again without the
    clusters no label names, then each earlier paper returned to its recorded theme unless
    another is clearly closer (``sticky.settled_themes``)."""
    entries, vectors = inputs.entries, inputs.vectors
    previous, k = ([] if regroup else recorded_rows(entries, registry)), fixed_k
    labelled = replace(registry, themes=()) if regroup else registry  # whose labels may stay
    kept_share = params.share_limit(len(entries), kept=True)
    rounds = []
    for _ in range(params.regroup_limit):
        clusters, ungrouped, placed_count = cluster_entries(
            vectors, inputs.loose, inputs.topics, previous, params, k
        )
        if rounds and largest_share(clusters[~inputs.loose]) > kept_share:
            break  # regrouping would make a theme too large: keep the last round as it is
        rows_of = [np.flatnonzero(clusters == c) for c in range(int(clusters.max()) + 1)]
        candidates = functools.partial(theme_terms, inputs.phrases, clusters, params)
        labels, coherent = label_clusters(
            entries, inputs.titles, vectors, rows_of, candidates, labelled, params, ungrouped
        )
        if fixed_k is not None:
            coherent = [True] * len(rows_of)
        rounds.append((rows_of, labels, coherent, placed_count))
        if all(coherent[:placed_count]):
            break
        # A cluster that no phrase names (none in ``label_keep`` of its titles) is a grab-bag,
        # not a theme a reader would draw: cluster again without it, its papers going to the
        # themes that remain.
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
    return drafts, retired


def recorded_rows(entries: Sequence[Entry], registry: Registry) -> list[np.ndarray]:
    """The rows of each recorded theme's papers, sorted ("Not yet grouped" aside)."""
    found = theme_rows(entries, _without_ungrouped(registry).themes).values()
    return [np.array(sorted(rows), dtype=int) for rows in found if rows]


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
    candidates: Callable[[], list[list[Candidate]]],
    registry: Registry,
    params: ThemeParameters,
    ungrouped: int | None = None,
) -> tuple[list[str], list[bool]]:
    """Each cluster's label, from its titles and c-TF-IDF candidates, and whether the label
    names it (its words in ``label_keep`` of the titles; ``titles_of(i)``: entry i's title
    words). A recorded label stays while its words are in ``label_stay`` of them, for the
    cluster that takes its theme's slug. ``candidates()`` gives every cluster's candidates:
    counted only when a cluster needs a new label (0.45 s a draft at 42,000 papers). The
    ``ungrouped`` cluster (the papers not yet grouped) is named as such, and names no theme."""
    # Each cluster's most central papers (all, for most clusters) name it.
    central = [central_rows(vectors, rows, params.label_sample) for rows in rows_of]
    titles_of.find(row for rows in central for row in rows.tolist())
    titles = [[titles_of(r) for r in rows] for rows in central]
    phrases = title_phrases(titles)
    members = [[entries[r].slug for r in rows] for rows in rows_of]
    grouped = _without_ungrouped(registry)
    recorded, _ = match_themes(members, [""] * len(rows_of), grouped)
    rows_recorded = theme_rows(entries, grouped.themes)
    kept = {
        index: label
        for index, (slug, label) in enumerate(recorded)
        if slug in rows_recorded
        and still_names(
            label,
            titles[index],
            rows_of[index],
            titles_of,
            params.label_stay,
            rows_recorded[slug],
        )
    }
    taken = set(kept.values())
    # Abstracts write phrases in their natural case ("sentiment analysis"), titles in Title
    # Case; both write acronyms ("PDE"), which every label keeps.
    labels: list[str] = []
    found: list[list[Candidate]] | None = None
    for index, rows in enumerate(central):
        if index == ungrouped:
            labels.append(UNGROUPED_LABEL)
            continue
        label, papers = kept.get(index), [entries[r].paper for r in rows]
        if label is None:
            found = candidates() if found is None else found
            phrase = pick_label(index, phrases, found[index], taken)
            label = surface_form(phrase, [paper.abstract for paper in papers])
            taken.add(label)
        labels.append(with_acronyms(label, [t for p in papers for t in (p.title, p.abstract)]))
    coherent = [
        i != ungrouped and (i in kept or title_coverage(labels[i], titles[i]) >= params.label_keep)
        for i in range(len(rows_of))
    ]
    return labels, coherent


def still_names(
    label: str,
    central_titles: Sequence[TitleWords],
    rows: Sequence[int],
    titles_of: Callable[[int], TitleWords],
    share: float,
    recorded: Sequence[int] = (),
) -> bool:
    """Whether a recorded label still names its theme: its words are in ``share`` of the most
    central titles (those a new label is drawn from), of the titles of all its ``rows``, or of
    the titles of the theme's ``recorded`` rows (``titles_of(i)``: entry i's title words).
    Which papers are most central moves with every digest: at 46,000 papers one digest
    relabelled a theme of 1,500 papers ("Parameter-efficient fine-tuning" became "Weight") and
    so rewrote 2,300 pages. So does a cluster, before its earlier papers return to their
    themes: at 42,000 papers one held 1,088 papers where "Hallucinations" recorded 683, its
    label was in 7.6% of their titles, and the theme, which got its 683 back, was renamed
    "Search" (1,609 pages rewritten)."""
    if title_coverage(label, central_titles) >= share:
        return True
    parts = [rows] if len(rows) > len(central_titles) else []
    return any(
        title_coverage(label, [titles_of(row) for row in part]) >= share
        for part in [*parts, recorded]
        if len(part)
    )


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
