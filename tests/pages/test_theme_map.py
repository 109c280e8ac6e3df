"""The theme map: forty distinct marks, a label per theme that never overlaps another, and
titles and labels shown as text."""

from __future__ import annotations

import itertools
import re

from generator.ingest.merge import merge
from generator.model import Digest, Grouping, Paper, Theme
from generator.pages.theme_map import COLOURS, SHAPES, legend_mark, mark_of, theme_map


def test_forty_themes_get_forty_different_marks() -> None:
    marks = [mark_of(index) for index in range(40)]
    assert len(set(marks)) == 40 == len(COLOURS) * len(SHAPES)
    legends = [re.search(r'data-rd-mark="([^"]+)"', legend_mark(i)).group(1) for i in range(40)]
    assert len(set(legends)) == 40
    for shape, tag in zip(SHAPES, ("<circle", "<rect", "<polygon", "<polygon"), strict=True):
        index = SHAPES.index(shape) * len(COLOURS)
        assert tag in legend_mark(index)


def crowded(labels: list[str]):
    """Themes whose papers all sit on the same spot of the map."""
    papers = [Paper(f"Paper {n} <b>x</b>", "About it.", n) for n in range(len(labels))]
    archive = merge([Digest("a.txt", "A", None, None, None, tuple(papers))])
    keys = [entry.key for entry in archive.entries]
    themes = tuple(Theme(f"t{n}", label, (), (keys[n],)) for n, label in enumerate(labels))
    grouping = Grouping(
        themes=themes,
        theme_of={key: f"t{n}" for n, key in enumerate(keys)},
        points={key: (0.5, 0.5) for key in keys},
    )
    return archive, grouping


def test_labels_sit_at_their_themes_and_never_overlap() -> None:
    labels = [f"Theme number {n}" for n in range(6)] + ["<script>alert(1)</script>"]
    svg = theme_map(*crowded(labels))
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    assert len(found) == len(labels)
    ys = sorted(float(y) for _, y, _ in found)
    assert all(later - earlier >= 18 for earlier, later in itertools.pairwise(ys))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "<script>" not in svg
    assert "Paper 0 &lt;b&gt;x&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.count('class="rd-point"') == len(labels)
