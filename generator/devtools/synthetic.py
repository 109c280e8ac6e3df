"""Synthetic archives for the benchmarks, made from the bundled digests.

Each synthetic paper takes a theme of the committed registry, joins the first half of one
member's title to the second half of another's, and builds its abstract from sentences of
three members of that theme: the text keeps the vocabulary and topic structure of real
papers, so clustering behaves as on real data. Papers come in daily digests of 50, and 8% of
the listings repeat a paper from an earlier digest, as real listings do (848 listings, 781
unique papers in the samples).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..ingest.merge import merge
from ..model import Paper
from ..pipeline import read_digests
from ..site.builder import copy_theme_files
from ..themes.registry import load_registry

PER_DIGEST = 50
REPEAT_SHARE = 0.08


@dataclass(frozen=True)
class Source:
    """Real papers grouped by their recorded theme, to draw synthetic papers from."""

    themes: list[list[Paper]]


def load_source(root: Path) -> Source:
    """The bundled digests' papers, grouped by the committed theme registry."""
    digests, errors, _ = read_digests(root / "digests")
    if errors:
        raise SystemExit(f"the bundled digests do not read: {errors[0]}")
    archive = merge(digests)
    by_slug = {entry.slug: entry.paper for entry in archive.entries}
    registry = load_registry(root / "themes.yml")
    themes = [[by_slug[s] for s in t.papers if s in by_slug] for t in registry.themes]
    themes = [members for members in themes if len(members) >= 3]
    if not themes:
        themes = [list(by_slug.values())]
    return Source(themes)


def synthesize(source: Source, size: int, seed: int = 0) -> list[tuple[str, str]]:
    """Digest files (name, text) holding ``size`` listings, about 8% of them repeats."""
    rng = random.Random(seed)
    weights = [len(members) for members in source.themes]
    papers: list[tuple[str, str]] = []
    seen: set[str] = set()
    files = []
    day = date(2024, 1, 1)
    listings: list[tuple[str, str]] = []
    for number in range(size):
        if papers and rng.random() < REPEAT_SHARE:
            listings.append(rng.choice(papers))
        else:
            members = rng.choices(source.themes, weights)[0]
            a, b, c = rng.sample(members, 3) if len(members) >= 3 else (members * 3)[:3]
            first, second = a.title.split(), b.title.split()
            title = " ".join(first[: len(first) // 2 + 1] + second[len(second) // 2 :])
            if title.casefold() in seen:
                title = f"{title} {number}"
            seen.add(title.casefold())
            sentences = [s for p in (a, b, c) for s in p.abstract.split(". ") if len(s) > 30]
            picked = rng.sample(sentences, min(len(sentences), rng.randint(4, 7)))
            abstract = ". ".join(s.rstrip(".") for s in picked) + "."
            papers.append((title, abstract))
            listings.append(papers[-1])
        if len(listings) == PER_DIGEST or number == size - 1:
            files.append((f"{day.isoformat()}.txt", _listing(day, listings)))
            listings = []
            day += timedelta(days=1)
    return files


def _listing(day: date, listings: list[tuple[str, str]]) -> str:
    lines = ["---", f"date: {day.isoformat()}", "---", "Get trending papers in your email inbox!"]
    for title, abstract in listings:
        lines += [title, abstract]
    return "\n".join(lines) + "\n"


def make_project(root: Path, target: Path, files: list[tuple[str, str]]) -> None:
    """A project like the repository's, with the given digests."""
    if target.exists():
        shutil.rmtree(target)
    (target / "digests").mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(root / "docs" / "guide", target / "docs" / "guide")
    shutil.copytree(root / "docs" / "assets", target / "docs" / "assets")
    copy_theme_files(root, target)
    for name, text in files:
        (target / "digests" / name).write_text(text, "utf-8")
