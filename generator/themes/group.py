"""Group the archive into themes: vectorise, cluster, label, match to the registry, curate.

The registry records the clustering itself (before curation), so the reader's renames,
merges, pins and hides are applied on top of it at every build and never fight the matching.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..model import Entry, Grouping, MovedTheme, Notice, Theme
from .curation import REGISTRY_SOURCE, curate, curation_notices, pins_of_joined_titles
from .drafting import draft_inputs, draft_themes
from .newtopics import UNGROUPED_SLUG, loose_notices
from .paper_text import PaperText
from .params import ThemeParameters
from .phrases import key_terms
from .registry import Registry, recorded_themes
from .related import related_papers, same_digest_papers, top_terms
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
    joined: Mapping[str, str] | None = None,
) -> Grouped:
    """Themes for the entries (``texts``: each entry's ``paper_text``), and the registry
    updated with this build's themes. The clustering starts from the recorded themes unless
    ``regroup``; either way a new theme takes the slug of the recorded one whose papers it
    holds for the most part (``drafting.draft_themes``), and the themes are drafted again from
    their own record until a draft gives it back, so that a rebuild from it draws them again.
    The vector space stays fit on the papers the registry records unless ``refit`` (see
    ``ThemeParameters.fitted_basis``). ``cache``: the pipeline's, for the vector space, term
    counts and neighbours (``vectors.vectorize``). ``meaning``: each entry's sentence
    embedding, to draw themes from it too (``vectors.with_meaning``). ``joined``: the address
    of each title now joined to another paper -> that paper's slug, so that a pin naming
    the address pins the paper (the registry returned keeps the pins as themes.yml has them)."""
    basis = params.fitted_basis(len(entries), registry.vector_basis, refit=refit)
    vectors = vectorize([text.terms for text in texts], params, basis, cache)
    if meaning is not None:
        vectors = with_meaning(vectors, meaning, params)
    if not entries:
        empty = replace(registry, themes=(), vector_basis=None)
        return Grouped(Grouping(themes=(), theme_of={}), empty, vectors)
    inputs = draft_inputs(entries, texts, vectors, params, fixed_k=fixed_k, cache=cache)
    drafts, retired = draft_themes(inputs, registry, params, fixed_k=fixed_k, regroup=regroup)
    record = _recording(registry, entries, drafts, retired, vectors)
    # The next build starts from this record: draft again from it until a draft gives it back,
    # so that a rebuild of the same digests (a fresh clone, a lost cache) moves no paper.
    unsettled: list[Notice] = []
    for _ in range(params.redraft_limit):
        again, again_retired = draft_themes(inputs, record, params, fixed_k=fixed_k)
        again_record = _recording(record, entries, again, again_retired, vectors)
        if (again_record.themes, again_record.retired) == (record.themes, record.retired):
            break
        drafts, retired, record = again, again_retired, again_record
    else:  # every draft changed the record (none was checked when the limit is 0)
        unsettled = [unsettled_notice(params.redraft_limit + 1)] if params.redraft_limit else []
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    terms = key_terms(inputs.phrases, [[row_of[k] for k in d.members] for d in drafts], params)
    drafts = [
        replace(d, terms=() if d.slug == UNGROUPED_SLUG else t) for d, t in zip(drafts, terms)
    ]
    curation, followed = pins_of_joined_titles(registry.curation, joined or {})
    curated = replace(registry, curation=curation)
    grouping = curate(entries, vectors, drafts, retired, curated, params)
    notices = curation_notices(curated, [d.slug for d in drafts], retired, entries)
    notices = (*followed, *notices, *loose_notices(int(inputs.loose.sum()), params), *unsettled)
    return Grouped(grouping, record, vectors, notices)


def unsettled_notice(drafts: int) -> Notice:
    """What the build says when its last draft still changed the record it drew from."""
    message = (
        f"the themes still changed after {drafts} drafts, each drawn from the last one's "
        "record: a rebuild from this themes.yml (a fresh clone, say) may move "
        "some papers. The next build drafts on from it."
    )
    return Notice(REGISTRY_SOURCE, 0, message)


def _recording(
    registry: Registry,
    entries: Sequence[Entry],
    drafts: list[Theme],
    retired: list[MovedTheme],
    vectors: TextVectors,
) -> Registry:
    """The registry with these drafts, retired themes and vector space recorded."""
    themes = recorded_themes(drafts, entries)
    return replace(registry, themes=themes, retired=tuple(retired), vector_basis=vectors.basis)


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
