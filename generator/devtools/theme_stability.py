"""How many papers keep their theme when a digest arrives: ``python -m
generator.devtools.theme_stability [LABELLED.jsonl] [--semantic]``.

Builds the sample digests' themes, then adds a digest of 5% more papers drawn from the labelled
set (five draws), once dated after the sample and once undated (dated by the day it is first
built), and prints the share of the sample's papers that kept their theme. Then adds 20 papers
of one label the sample lacks and prints how many land in a theme where they are the majority.
With ``--semantic``, the themes are drawn from meaning too, as with ``semantic = true``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..ingest.merge import merge
from ..ingest.parse import title_key
from ..model import Digest, Grouping, Paper
from ..pipeline import read_digests
from ..themes.group import group
from ..themes.newtopics import UNGROUPED_SLUG
from ..themes.paper_text import paper_texts
from ..themes.params import DEFAULT_PARAMETERS
from ..themes.registry import Registry
from ..themes.semantic import verified_model
from .bench_themes import embeddings_by_text, meaning_rows

SAMPLE_BUILT = dt.date(2025, 3, 13)
DRAWS = 5
NEW_FIELD = "cs.RO"


def themes_of(
    digests: Sequence[Digest],
    registry: Registry,
    meaning_of: dict[str, np.ndarray] | None = None,
) -> tuple[Grouping, Registry]:
    """The grouping and updated registry of some digests, the sample first built on
    ``SAMPLE_BUILT`` and later digests on the next day (``meaning_of``: sentence embeddings
    by ``embedding_text``, to draw themes from meaning too)."""
    built = {d.source: SAMPLE_BUILT for d in digests if not d.source.startswith("added")}
    archive = merge(digests, built, SAMPLE_BUILT + dt.timedelta(days=2))
    result = group(
        archive.entries,
        paper_texts(archive.entries, DEFAULT_PARAMETERS),
        registry,
        DEFAULT_PARAMETERS,
        meaning=meaning_rows(archive.entries, meaning_of),
    )
    return result.grouping, result.registry


def added(papers: Sequence[Paper], *, dated: bool) -> Digest:
    """A digest of the papers, dated the day after the sample or undated."""
    date = SAMPLE_BUILT + dt.timedelta(days=1) if dated else None
    return Digest("added.txt", "Added", date, None, None, tuple(papers))


def main(argv: Sequence[str]) -> int:
    paths = [arg for arg in argv if arg != "--semantic"]
    labelled = Path(paths[0] if paths else "../shared/bench/themes-dev.jsonl")
    rows = [json.loads(line) for line in labelled.read_text("utf-8").splitlines() if line]
    sample, errors, _ = read_digests(Path("digests"))
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    size = round(0.05 * len(merge(sample).entries))
    meaning_of = None
    if "--semantic" in argv:
        drawn = rows[: DRAWS * size] + [r for r in rows if r["label"] == NEW_FIELD][:20]
        papers = [p for d in sample for p in d.papers]
        papers += [Paper(r["title"], r["abstract"], 1) for r in drawn]
        meaning_of = embeddings_by_text(papers, verified_model(None))
    themes = functools.partial(themes_of, meaning_of=meaning_of)
    base, registry = themes(sample, Registry())
    print(f"{len(base.theme_of)} sample papers in {len(base.themes)} themes; +{size} papers")
    for dated in (True, False):
        shares = []
        for draw in range(DRAWS):
            chosen = rows[draw * size : (draw + 1) * size]
            papers = [Paper(r["title"], r["abstract"], n) for n, r in enumerate(chosen, 1)]
            after, _ = themes([*sample, added(papers, dated=dated)], registry)
            kept = sum(after.theme_of[key] == theme for key, theme in base.theme_of.items())
            shares.append(kept / len(base.theme_of))
        figures = ", ".join(f"{share:.1%}" for share in shares)
        print(f"{'dated' if dated else 'undated'} digest: kept their theme {figures}")
    field = [r for r in rows if r["label"] == NEW_FIELD][:20]
    papers = [Paper(r["title"], r["abstract"], n) for n, r in enumerate(field, 1)]
    after, _ = themes([*sample, added(papers, dated=True)], registry)
    new = {title_key(p.title) for p in papers}
    at_home = sum(
        count
        for theme in after.themes
        if theme.slug != UNGROUPED_SLUG
        and (count := sum(key in new for key in theme.members)) * 2 > len(theme.members)
    )
    waiting = sum(after.theme_of[key] == UNGROUPED_SLUG for key in new)
    print(
        f"{len(papers)} {NEW_FIELD} papers: {at_home} in a theme where they are the majority, "
        f"{waiting} not yet grouped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
