"""Theme identities across builds: which new cluster inherits which recorded theme.

In: each new cluster's paper slugs and label, and the registry. Out: a (slug, label) per
cluster, and the recorded themes that dissolved (``MovedTheme``), pointing to their papers'
new themes.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..model import MovedTheme
from ..slug import RESERVED, base_slug
from .newtopics import UNGROUPED_SLUG
from .registry import RecordedTheme, Registry


def match_themes(
    clusters: list[list[str]], auto_labels: list[str], registry: Registry
) -> tuple[list[tuple[str, str]], list[MovedTheme]]:
    """Give each cluster (its paper slugs) a (slug, label); retire themes that dissolved.

    A recorded theme passes its slug and label to the cluster that holds most (over half) of
    its remaining papers, one cluster per theme (maximum-overlap assignment). Other clusters get
    new slugs from their labels; a recorded theme that found no cluster is retired, pointing
    to the clusters that now hold its papers.
    """
    present = {slug for members in clusters for slug in members}
    recorded = [t for t in registry.themes if present & set(t.papers)]
    overlap = np.array(
        [[len(set(t.papers) & set(members)) for members in clusters] for t in recorded],
        dtype=float,
    ).reshape(len(recorded), len(clusters))
    assigned: dict[int, RecordedTheme] = {}
    if recorded and clusters:
        rows, cols = linear_sum_assignment(-overlap)
        for row, col in zip(rows, cols):
            remaining = len(present & set(recorded[row].papers))
            if overlap[row, col] * 2 > remaining:
                assigned[col] = recorded[row]
    used = {t.slug for t in registry.themes} | {r.slug for r in registry.retired}
    used |= RESERVED | {UNGROUPED_SLUG}
    names: list[tuple[str, str]] = []
    for index, label in enumerate(auto_labels):
        if index in assigned:
            names.append((assigned[index].slug, assigned[index].label))
            continue
        slug = base_slug(label, fallback="theme")
        candidate, number = slug, 2
        while candidate in used:
            candidate, number = f"{slug}-{number}", number + 1
        used.add(candidate)
        names.append((candidate, label))
    kept = {t.slug for t in assigned.values()}
    retired = list(registry.retired)
    for theme in registry.themes:
        if theme.slug in kept:
            continue
        shares = overlap[recorded.index(theme)] if theme in recorded else np.zeros(len(clusters))
        successors = [names[i][0] for i in np.argsort(-shares, kind="stable")[:2] if shares[i] > 0]
        retired.append(MovedTheme(theme.slug, theme.label, tuple(successors)))
    active = {slug for slug, _ in names}
    retired = [r for r in retired if r.slug not in active]
    return names, sorted(retired, key=lambda r: r.slug)
