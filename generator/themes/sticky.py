"""Papers keep their recorded themes: the sticky margin between builds.

In: this build's theme drafts, the vectors and the registry. Out: the drafts with each earlier
paper returned to its recorded theme unless another is clearly closer (``sticky_margin``),
settled so that the next build, reading them as recorded, keeps them (``settled_themes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Entry, Theme
from .newtopics import UNGROUPED_SLUG
from .params import ThemeParameters
from .registry import Registry, recorded_themes, theme_rows
from .related import centroid
from .vectors import TextVectors

SETTLING_ROUNDS = 5
"""At most this many more rounds of ``keep_recorded_themes`` against its own result."""


def settled_themes(
    drafts: list[Theme],
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
) -> list[Theme]:
    """``keep_recorded_themes``, then again with its result as the record, until a round
    changes nothing (at most ``SETTLING_ROUNDS``): the themes the next build would keep from
    this build's record. A paper kept in its recorded theme moves that theme's centre, and so
    the margin of another paper; without settling, each rebuild of the same digests moved a
    few more papers (at 1,000 papers, 15, 10, 13 and 11 pages rewritten by four forced
    builds in a row before none)."""
    kept = keep_recorded_themes(drafts, entries, vectors, registry, params)
    for _ in range(SETTLING_ROUNDS):
        # As the next build reads them (papers sorted: the centres then sum in that order).
        record = replace(registry, themes=recorded_themes(kept, entries))
        again = keep_recorded_themes(drafts, entries, vectors, record, params)
        if again == kept:
            break
        kept = again
    return kept


def keep_recorded_themes(
    drafts: list[Theme],
    entries: Sequence[Entry],
    vectors: TextVectors,
    registry: Registry,
    params: ThemeParameters,
) -> list[Theme]:
    """Return papers to their recorded theme unless the new one is clearly closer, judged on
    the paper's own vector (not smoothed with its neighbours, which new papers change) and
    the themes as recorded (the centres of their recorded papers; a theme new this build as
    drawn), not as this build's clustering redrew them: a digest that shifts the clustering
    does not carry an earlier paper off unless its theme really lies elsewhere."""
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    recorded = {paper: theme.slug for theme in registry.themes for paper in theme.papers}
    rows_of = {d.slug: [row_of[k] for k in d.members] for d in drafts}
    recorded_rows = theme_rows(entries, registry.themes)
    centres = {
        slug: centroid(vectors.dense, recorded_rows.get(slug) or rows)
        for slug, rows in rows_of.items()
    }
    for draft in drafts:
        for row in [row_of[k] for k in draft.members]:
            old = recorded.get(entries[row].slug)
            if old is None or old == draft.slug or old not in rows_of:
                continue
            if UNGROUPED_SLUG in (old, draft.slug):  # decided by the vector space alone
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
