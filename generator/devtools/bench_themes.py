"""Measure theme quality against labelled papers, next to a plain baseline in the same run."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import (
    adjusted_rand_score,
    completeness_score,
    homogeneity_score,
    normalized_mutual_info_score,
)

from ..errors import InputError
from ..ingest.merge import merge
from ..ingest.parse import title_key
from ..model import Digest, Entry, Paper
from ..runtime import paper_map, usable_cores
from ..themes.group import group
from ..themes.labels import title_coverage
from ..themes.newtopics import UNGROUPED_SLUG
from ..themes.paper_text import paper_texts
from ..themes.params import DEFAULT_PARAMETERS, ThemeParameters
from ..themes.registry import Registry
from ..themes.semantic import SentenceModel, embedding, embedding_text


@dataclass(frozen=True)
class Scores:
    """Agreement of one grouping with the labels (means over the seeds run)."""

    method: str
    nmi: float
    ari: float
    homogeneity: float
    completeness: float
    themes: int
    largest_share: float
    seconds: float
    ungrouped: float = 0.0
    """Share of the papers in "Not yet grouped" (one theme in the figures above)."""
    grouped_nmi: float | None = None
    """NMI over the grouped papers only."""
    grouped_homogeneity: float | None = None
    """Homogeneity over the grouped papers only."""
    label_coverage: float | None = None
    """Mean share of a theme's titles that hold its label's words."""
    lowest_coverage: float | None = None
    """The least-covered label's share."""
    seeds: int = 1


def load_labelled(path: Path) -> tuple[list[Paper], list[str]]:
    """Read a JSON-lines file of ``title``, ``abstract`` and ``label``."""
    papers, labels = [], []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            papers.append(Paper(str(row["title"]), str(row["abstract"]), number))
            labels.append(str(row["label"]))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(path.name, f"not a labelled paper: {error}", line=number) from None
    return papers, labels


def score(
    method: str,
    labels: list[str],
    assigned: list[int],
    seconds: float,
    *,
    ungrouped: int | None = None,
    coverage: list[float] | None = None,
) -> Scores:
    """Compare an assignment with the labels (``ungrouped``: the theme number of "Not yet
    grouped"; ``coverage``: each labelled theme's ``title_coverage``)."""
    numbers = np.asarray(assigned)
    sizes = np.bincount(numbers)
    grouped = numbers != (-1 if ungrouped is None else ungrouped)
    kept_labels = [label for label, keep in zip(labels, grouped) if keep]
    return Scores(
        method=method,
        nmi=round(float(normalized_mutual_info_score(labels, assigned)), 4),
        ari=round(float(adjusted_rand_score(labels, assigned)), 4),
        homogeneity=round(float(homogeneity_score(labels, assigned)), 4),
        completeness=round(float(completeness_score(labels, assigned)), 4),
        themes=int((sizes > 0).sum()),
        largest_share=round(float(sizes.max() / len(assigned)), 4),
        seconds=round(seconds, 2),
        ungrouped=round(float(1 - grouped.mean()), 4),
        grouped_nmi=round(float(normalized_mutual_info_score(kept_labels, numbers[grouped])), 4),
        grouped_homogeneity=round(float(homogeneity_score(kept_labels, numbers[grouped])), 4),
        label_coverage=round(float(np.mean(coverage)), 4) if coverage else None,
        lowest_coverage=round(float(min(coverage)), 4) if coverage else None,
    )


def mean_scores(runs: list[Scores]) -> Scores:
    """The mean of each figure over runs of one method (themes: rounded mean)."""
    figures: dict[str, object] = {"method": runs[0].method, "seeds": len(runs)}
    for name in Scores.__dataclass_fields__:
        if name in figures:
            continue
        values = [getattr(r, name) for r in runs]
        if any(v is None for v in values):
            figures[name] = None
        else:
            mean = float(np.mean(values))
            figures[name] = round(mean) if name == "themes" else round(mean, 4)
    return Scores(**figures)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SiteGrouping:
    """A site build's themes for labelled papers."""

    numbers: list[int]
    """Each paper's theme number."""
    ungrouped: int | None
    """The number of "Not yet grouped", if any paper is."""
    coverage: list[float]
    """Each other theme's label coverage of its titles."""


def run_site_grouping(
    papers: list[Paper],
    params: ThemeParameters = DEFAULT_PARAMETERS,
    k: int | None = None,
    meaning_of: dict[str, np.ndarray] | None = None,
) -> SiteGrouping:
    """Group the papers exactly as a site build does (``k``: a fixed number of themes;
    ``meaning_of``: each paper's sentence embedding by its ``embedding_text``, as a build with
    ``semantic = true`` has them)."""
    archive = merge([Digest("bench", "bench", None, None, None, tuple(papers))])
    texts = paper_texts(archive.entries, params)
    meaning = meaning_rows(archive.entries, meaning_of)
    grouping = group(
        archive.entries, texts, Registry(), params, fixed_k=k, meaning=meaning
    ).grouping
    number = {theme.slug: index for index, theme in enumerate(grouping.themes)}
    title_of = {entry.key: entry.paper.title for entry in archive.entries}
    coverage = [
        title_coverage(theme.label, [title_of[key] for key in theme.members])
        for theme in grouping.themes
        if theme.slug != UNGROUPED_SLUG
    ]
    return SiteGrouping(
        [number[grouping.theme_of[archive.key_of[title_key(paper.title)]]] for paper in papers],
        number.get(UNGROUPED_SLUG),
        coverage,
    )


def run_baseline(papers: list[Paper], k: int, seed: int = 0) -> list[int]:
    """TF-IDF (words and pairs, sublinear) and k-means with k = number of labels."""
    texts = [f"{p.title}. {p.abstract}" for p in papers]
    matrix = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=2
    ).fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(matrix).tolist()


def embeddings_by_text(papers: list[Paper], model: SentenceModel) -> dict[str, np.ndarray]:
    """Each paper's sentence embedding, by its ``embedding_text``, computed in a pool of
    processes as a build computes them."""
    texts = sorted({embedding_text(p.title, p.abstract) for p in papers})
    with paper_map(usable_cores()) as map_papers:
        vectors = map_papers(functools.partial(embedding, model=model), texts)
        return dict(zip(texts, vectors))


def meaning_rows(
    entries: Sequence[Entry], meaning_of: dict[str, np.ndarray] | None
) -> np.ndarray | None:
    """Each entry's embedding from ``embeddings_by_text``, row i for entry i (None without)."""
    if meaning_of is None:
        return None
    return np.vstack([meaning_of[embedding_text(e.paper.title, e.paper.abstract)] for e in entries])


def bench(
    path: Path, seeds: int = 3, k: int | None = None, model: SentenceModel | None = None
) -> list[Scores]:
    """Baseline and site grouping on one labelled file, each the mean of ``seeds`` seeds: the
    site with its own number of themes (or ``k``) and with k = the number of labels; with
    ``model``, themes drawn from meaning too (``semantic = true``)."""
    papers, labels = load_labelled(path)
    given = len(set(labels))
    meaning_of = embeddings_by_text(papers, model) if model else None
    runs: dict[str, list[Scores]] = {}
    for seed in range(seeds):
        params = replace(DEFAULT_PARAMETERS, seed=seed)
        started = time.perf_counter()
        baseline = run_baseline(papers, given, seed)
        runs.setdefault("baseline", []).append(
            score("baseline", labels, baseline, time.perf_counter() - started)
        )
        for method, fixed in (
            (f"site, k={k}" if k else "site, own k", k),
            (f"site, k={given}", given),
        ):
            started = time.perf_counter()
            site = run_site_grouping(papers, params, fixed, meaning_of)
            seconds = time.perf_counter() - started
            runs.setdefault(method, []).append(
                score(
                    method,
                    labels,
                    site.numbers,
                    seconds,
                    ungrouped=site.ungrouped,
                    coverage=site.coverage,
                )
            )
    return [mean_scores(group_runs) for group_runs in runs.values()]


def report(results: list[Scores], papers: int, labels: int) -> str:
    """A table of the scores, then the same figures as one JSON object on the last line."""
    lines = [
        f"{papers} papers, {labels} labels, mean of {results[0].seeds} seed(s); "
        "NMI* and homog.* over the grouped papers only",
        f"{'method':<14}{'NMI':>7}{'ARI':>7}{'homog.':>7}{'compl.':>7}{'NMI*':>7}{'homog.*':>8}"
        f"{'themes':>7}{'largest':>8}{'ungrouped':>10}{'label cov.':>11}{'lowest':>7}"
        f"{'seconds':>8}",
    ]

    def cell(value: float | None, width: int, form: str) -> str:
        return f"{'-':>{width}}" if value is None else f"{value:>{width}{form}}"

    for r in results:
        lines.append(
            f"{r.method:<14}{r.nmi:>7.3f}{r.ari:>7.3f}{r.homogeneity:>7.3f}{r.completeness:>7.3f}"
            f"{cell(r.grouped_nmi, 7, '.3f')}{cell(r.grouped_homogeneity, 8, '.3f')}"
            f"{r.themes:>7}{r.largest_share:>8.1%}{r.ungrouped:>10.1%}"
            f"{cell(r.label_coverage, 11, '.0%')}{cell(r.lowest_coverage, 7, '.0%')}"
            f"{r.seconds:>8.1f}"
        )
    summary = {r.method: r.__dict__ for r in results}
    lines.append(json.dumps(summary, sort_keys=True))
    return "\n".join(lines)
