"""The theme map: a static SVG with a point per paper, placed by similarity, marked by theme
(a colour and a shape: 40 distinct marks), and each theme's label at its centre.

In: the archive and the grouping's map positions. Out: the SVG (raw HTML for the themes
page) and each theme's legend mark. The site's script adds the nearest-point hover, the click
on the nearest point and the focus on one theme; without it every point is still a link.
"""

from __future__ import annotations

import html
from collections import defaultdict

from ..model import Archive, Grouping
from .markup import first_sentence
from .texmath import plain_text

# Ten hues told apart on Material's light and slate backgrounds (Tableau 10, its grey out),
# and four shapes: forty themes get forty different marks before one repeats.
COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8cd17d",
)  # fmt: skip
SHAPES = ("circle", "square", "triangle", "diamond")
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 960, 600, 12
MAP_POINT_LIMIT = 3000
"""Past this many papers the map shows each theme's most representative ones, in proportion:
a browser draws a few thousand linked points smoothly, not fifty thousand."""
POINT_SIZE = 4.5
LABEL_HEIGHT = 18
"""Vertical room of a label (px of the map): labels that would overlap are moved apart."""
LABEL_CHARACTER = 8.3
"""Estimated width of one character of a label (px of the map)."""


def mark_of(index: int) -> tuple[str, str]:
    """The colour and shape of theme number ``index``."""
    return COLOURS[index % len(COLOURS)], SHAPES[(index // len(COLOURS)) % len(SHAPES)]


def mark_element(
    shape: str, x: float, y: float, size: float, attributes: str, inner: str = ""
) -> str:
    """An SVG element of the shape centred on (x, y), ``size`` from centre to edge, with
    more ``attributes`` and ``inner`` content."""
    if shape == "circle":
        tag, geometry = "circle", f'cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}"'
    elif shape == "square":
        side = 1.7 * size
        tag = "rect"
        geometry = (
            f'x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}"'
        )
    else:
        if shape == "triangle":
            corners = [(0, -1.25), (-1.1, 0.8), (1.1, 0.8)]
        else:  # diamond
            corners = [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)]
        points = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in corners)
        tag, geometry = "polygon", f'points="{points}"'
    return f"<{tag} {geometry}{attributes}>{inner}</{tag}>"


def legend_mark(index: int) -> str:
    """The mark of theme number ``index`` as a small inline SVG, for the list of themes."""
    colour, shape = mark_of(index)
    element = mark_element(shape, 6, 6, 4.5, f' fill="{colour}"')
    return (
        f'<svg class="rd-mark" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" '
        f'data-rd-mark="{shape} {colour}">{element}</svg>'
    )


def theme_map(archive: Archive, grouping: Grouping) -> str:
    """The map: points linked to their papers, marked by theme, labels at theme centres."""
    number_of = {theme.slug: index for index, theme in enumerate(grouping.themes)}
    label_of = {theme.slug: theme.label for theme in grouping.themes}
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN
    total = max(len(archive.entries), 1)
    shown = {
        key
        for theme in grouping.themes
        for key in theme.members[: max(1, -(-MAP_POINT_LIMIT * len(theme.members) // total))]
    }
    points, placed = [], defaultdict(list)
    for entry in archive.entries:
        point = grouping.points.get(entry.key)
        slug = grouping.theme_of.get(entry.key)
        if entry.key not in shown or point is None or slug not in number_of:
            continue
        index = number_of[slug]
        colour, shape = mark_of(index)
        x = MAP_MARGIN + point[0] * inner_w
        y = MAP_MARGIN + point[1] * inner_h
        placed[index].append((x, y))
        title = plain_text(first_sentence(entry.paper.title, 160))
        tip = html.escape(f"{title} ({label_of[slug]})")
        attributes = f' fill="{colour}" class="rd-point" data-rd-theme="{index}"'
        point_mark = mark_element(shape, x, y, POINT_SIZE, attributes, f"<title>{tip}</title>")
        points.append(f'<a href="../papers/{entry.slug}.md" aria-label="{tip}">{point_mark}</a>')
    labels = _labels(
        [(index, grouping.themes[index].label, spots) for index, spots in sorted(placed.items())]
    )
    return "".join(
        [
            '<div class="rd-map" data-pagefind-ignore>'
            f'<svg viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="group" '
            'aria-labelledby="rd-map-title" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="rd-map-title">Theme map: {len(points)} papers placed by similarity and '
            "marked by theme; each point links to its paper.</title>",
            *points,
            '<g class="rd-map-labels" aria-hidden="true">',
            *labels,
            "</g></svg></div>",
        ]
    )


def _labels(themes: list[tuple[int, str, list[tuple[float, float]]]]) -> list[str]:
    """A label per theme at the centre of its points, moved down (then up) past the labels
    already placed where they would overlap; the largest themes are placed first."""
    taken: list[tuple[float, float, float, float]] = []
    found = []
    for index, label, spots in sorted(themes, key=lambda t: (-len(t[2]), t[0])):
        cx = sum(x for x, _ in spots) / len(spots)
        cy = sum(y for _, y in spots) / len(spots)
        width = LABEL_CHARACTER * len(label)
        cx = min(max(cx, MAP_MARGIN + width / 2), MAP_WIDTH - MAP_MARGIN - width / 2)
        for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5):
            y = min(max(cy + step * LABEL_HEIGHT, LABEL_HEIGHT), MAP_HEIGHT - 4)
            box = (cx - width / 2, y - LABEL_HEIGHT + 3, cx + width / 2, y + 3)
            if not any(_overlap(box, other) for other in taken):
                break
        taken.append(box)
        found.append(
            f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle" data-rd-theme="{index}">'
            f"{html.escape(label)}</text>"
        )
    return found


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
