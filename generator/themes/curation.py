"""The reader's curation (the ``curation`` part of themes.yml) applied to the clustering's
themes: renames, merges (chains resolved), pins and hides, then members in order and related
themes; and warnings for curation that names nothing, merge cycles and merges into hidden
themes. Merged and hidden themes keep a page (a ``MovedTheme``) that says where their papers
went."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..model import Entry, Grouping, MovedTheme, Notice, Theme
from .layout import layout
from .params import ThemeParameters
from .registry import Curation, Registry
from .related import centroid, nearest
from .vectors import TextVectors

REGISTRY_SOURCE = "themes.yml"


def merge_targets(
    merge: Mapping[str, str], slugs: Iterable[str]
) -> tuple[dict[str, str], list[list[str]]]:
    """Where each theme's papers go under the reader's merges, and the merge cycles.

    A chain ``a -> b -> c`` ends at ``c``; a theme whose chain runs into a cycle
    (``a -> b -> a``) is merged nowhere. Merges naming an unknown theme are ignored.
    """
    known = set(slugs)
    target: dict[str, str] = {}
    cycles: list[list[str]] = []
    for start in sorted(known):
        path = [start]
        current = start
        while merge.get(current) in known and merge[current] != current:
            current = merge[current]
            if current in path:
                cycle = path[path.index(current) :]
                first = cycle.index(min(cycle))
                cycle = cycle[first:] + cycle[:first]
                if cycle not in cycles:
                    cycles.append(cycle)
                current = start
                break
            path.append(current)
        target[start] = current
    return target, sorted(cycles)


def pins_of_joined_titles(
    curation: Curation, joined: Mapping[str, str]
) -> tuple[Curation, list[Notice]]:
    """The curation with each pin that names the address of a title now joined to another
    paper (``joined``: that address -> the paper's slug, see ``ingest/same_paper.py``) pinning
    the paper instead, unless it has a pin already; and a warning for each such pin."""
    pins = dict(curation.pin)
    notices = []
    for address, theme in curation.pin.items():
        paper = joined.get(address)
        if paper is None:
            continue
        del pins[address]
        said = f"curation pin: {address!r} is now a title of the paper {paper!r}"
        if paper in pins:
            notices.append(Notice(REGISTRY_SOURCE, 0, f"{said}, which has a pin already; ignored"))
        else:
            pins[paper] = theme
            notices.append(Notice(REGISTRY_SOURCE, 0, f"{said}; the pin applies to it"))
    return replace(curation, pin=pins), notices


def curation_notices(
    registry: Registry, slugs: list[str], retired: list[MovedTheme], entries: Sequence[Entry]
) -> list[Notice]:
    """Warnings for curation that names no theme (or paper, for ``pin``), with the closest
    existing name, and for hiding every theme (one is shown anyway)."""
    curation = registry.curation
    themes = set(slugs) | {moved.slug for moved in retired}
    papers = {entry.slug for entry in entries}
    named = [("rename", s, themes) for s in curation.rename]
    named += [("merge", s, themes) for pair in curation.merge.items() for s in pair]
    named += [("pin", paper, papers) for paper in curation.pin]
    named += [("pin", theme, themes) for theme in curation.pin.values()]
    named += [("hide", s, themes) for s in sorted(curation.hide)]
    notices = []
    for part, slug, known in named:
        if slug in known:
            continue
        kind = "paper" if known is papers else "theme"
        close = difflib.get_close_matches(slug, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        notices.append(
            Notice(REGISTRY_SOURCE, 0, f"curation {part}: no {kind} {slug!r}, ignored{hint}")
        )
    _, cycles = merge_targets(curation.merge, slugs)
    for cycle in cycles:
        chain = " -> ".join([*cycle, cycle[0]])
        notices.append(
            Notice(REGISTRY_SOURCE, 0, f"curation merge: a cycle {chain}; none of them is merged")
        )
    for source, destination in sorted(curation.merge.items()):
        if destination in curation.hide and source in themes:
            notices.append(
                Notice(
                    REGISTRY_SOURCE,
                    0,
                    f"curation merge: {source!r} merges into {destination!r}, which is hidden; "
                    "its papers go to the nearest shown themes",
                )
            )
    if slugs and all(s in curation.hide or s in curation.merge for s in slugs):
        notices.append(
            Notice(REGISTRY_SOURCE, 0, f"curation hides every theme; {slugs[0]!r} is shown anyway")
        )
    return notices


def curate(
    entries: Sequence[Entry],
    vectors: TextVectors,
    drafts: list[Theme],
    retired: list[MovedTheme],
    registry: Registry,
    params: ThemeParameters,
) -> Grouping:
    """Apply the reader's curation, then order members and derive related themes and papers."""
    curation = registry.curation
    slugs = [d.slug for d in drafts]
    target, _ = merge_targets(curation.merge, slugs)
    visible = [s for s in slugs if target[s] == s and s not in curation.hide]
    if not visible:
        visible = slugs[:1]
    row_of = {entry.key: row for row, entry in enumerate(entries)}
    row_theme = {}
    for draft in drafts:
        for key in draft.members:
            row_theme[row_of[key]] = target[draft.slug]
    centre_of = {
        s: centroid(vectors.themed, rows) for s, rows in _rows_by_theme(row_theme, visible).items()
    }
    for row, theme in row_theme.items():
        if theme not in centre_of:  # a hidden theme: its papers go to their nearest visible one
            row_theme[row] = max(
                visible, key=lambda s: (float(vectors.themed[row] @ centre_of[s]), s)
            )
    slug_row = {entry.slug: row for row, entry in enumerate(entries)}
    for paper_slug, theme in curation.pin.items():
        if paper_slug in slug_row and theme in centre_of:
            row_theme[slug_row[paper_slug]] = theme
    by_slug = {d.slug: d for d in drafts}
    themes = []
    for slug, rows in _rows_by_theme(row_theme, visible).items():
        centre = centroid(vectors.themed, rows)
        rows.sort(key=lambda r: (-float(vectors.themed[r] @ centre), entries[r].slug))
        draft = by_slug[slug]
        themes.append(
            replace(
                draft,
                label=curation.rename.get(slug, draft.label),
                members=tuple(entries[r].key for r in rows),
            )
        )
    themes.sort(key=lambda t: (-len(t.members), t.slug))
    themes = _with_related_themes(themes, vectors, row_of, params)
    moved = list(retired)
    shares: dict[str, Counter[str]] = {}
    for draft in drafts:
        shares[draft.slug] = Counter(row_theme[row_of[key]] for key in draft.members)
    for slug in slugs:
        if slug in centre_of:
            continue
        merged = target[slug] != slug
        if merged and target[slug] in centre_of:
            successors: tuple[str, ...] = (target[slug],)
        else:  # hidden, or merged into a hidden theme: where its papers went
            ranked = sorted(shares[slug].items(), key=lambda item: (-item[1], item[0]))
            successors = tuple(theme for theme, _ in ranked[:2])
        reason = "merged" if merged else "hidden"
        moved.append(MovedTheme(slug, by_slug[slug].label, successors, reason))
    theme_index = {t.slug: i for i, t in enumerate(themes)}
    numbers = np.array([theme_index[row_theme[r]] for r in range(len(entries))])
    points = layout(vectors.themed, numbers, params)
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
    themes: list[Theme], vectors: TextVectors, row_of: dict[str, int], params: ThemeParameters
) -> list[Theme]:
    """The themes, each with the slugs of the themes whose centres are nearest its own."""
    centres = np.vstack([centroid(vectors.themed, [row_of[k] for k in t.members]) for t in themes])
    indices, _ = nearest(centres, params.related_themes, params.related_chunk)
    return [
        replace(t, related=tuple(themes[j].slug for j in indices[i])) for i, t in enumerate(themes)
    ]
