"""How many papers keep their theme when a digest arrives, and where papers of new fields go:
``python -m generator.devtools.theme_stability [LABELLED.jsonl] [--semantic]``.

Builds the sample digests' themes, then adds a digest of 5% more papers drawn from the labelled
set (five draws), once dated after the sample and once undated (dated by the day it is first
built), and prints the share of the sample's papers that kept their theme. Then adds 20 papers
of each of the labels the sample lacks (``NEW_FIELDS``), one label at a time and then all in one
digest, and prints how many land in a theme where their label is the majority.
With ``--semantic``, the themes are drawn from meaning too, as with ``semantic = true``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections import Counter
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
NEW_FIELDS = ("cs.RO", "cs.HC", "cs.GR", "cs.GT", "cs.IT", "cs.CE")
"""Labels of the shared set with no paper in the sample (whose papers are mostly cs.LG)."""
FIELD_PAPERS = 20


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
        drawn = rows[: DRAWS * size] + [r for f in NEW_FIELDS for r in field_rows(rows, f)]
        papers = [p for d in sample for p in d.papers]
        papers += [Paper(r["title"], r["abstract"], 1) for r in drawn]
        meaning_of = embeddings_by_text(papers, verified_model(None))
    themes = functools.partial(themes_of, meaning_of=meaning_of)
    base, registry = themes(sample, Registry())
    print(f"{len(base.theme_of)} sample papers in {len(base.themes)} themes; +{size} papers")
    for dated in (True, False):
        shares, new_themes, strays = [], 0, 0
        for draw in range(DRAWS):
            chosen = rows[draw * size : (draw + 1) * size]
            papers = [Paper(r["title"], r["abstract"], n) for n, r in enumerate(chosen, 1)]
            after, _ = themes([*sample, added(papers, dated=dated)], registry)
            kept = sum(after.theme_of[key] == theme for key, theme in base.theme_of.items())
            shares.append(kept / len(base.theme_of))
            label_of = {key: "sample" for key in base.theme_of}
            label_of.update({title_key(p.title): r["label"] for p, r in zip(papers, chosen)})
            recorded = {theme.slug for theme in base.themes}
            for theme in after.themes:
                if theme.slug not in recorded:
                    new_themes += 1
                    strays += len(theme.members) - majority_count(theme.members, label_of)
        figures = ", ".join(f"{share:.1%}" for share in shares)
        print(
            f"{'dated' if dated else 'undated'} digest: kept their theme {figures}; "
            f"{new_themes} new themes, holding {strays} papers outside their label's majority"
        )
    for fields in [(field,) for field in NEW_FIELDS] + [NEW_FIELDS]:
        chosen = [(field, r) for field in fields for r in field_rows(rows, field)]
        papers = [Paper(r["title"], r["abstract"], n) for n, (_, r) in enumerate(chosen, 1)]
        after, _ = themes([*sample, added(papers, dated=True)], registry)
        label_of = {title_key(p.title): field for p, (field, _) in zip(papers, chosen)}
        at_home = sum(
            count
            for theme in after.themes
            if theme.slug != UNGROUPED_SLUG
            for count in [majority_count(theme.members, label_of)]
        )
        waiting = sum(after.theme_of[key] == UNGROUPED_SLUG for key in label_of)
        print(
            f"{len(papers)} {'+'.join(fields)} papers: {at_home} in a theme where their "
            f"label is the majority, {waiting} not yet grouped"
        )
    return 0


def field_rows(rows: list[dict], field: str) -> list[dict]:
    """The first ``FIELD_PAPERS`` labelled papers of one label."""
    return [r for r in rows if r["label"] == field][:FIELD_PAPERS]


def majority_count(members: Sequence[str], label_of: dict[str, str]) -> int:
    """How many of a theme's members carry the label most of them carry (0 when no label
    holds more than half of the theme)."""
    counts = Counter(label_of[key] for key in members if key in label_of)
    if not counts:
        return 0
    count = counts.most_common(1)[0][1]
    return count if 2 * count > len(members) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
