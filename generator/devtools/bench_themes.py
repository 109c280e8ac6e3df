"""Measure theme quality against labelled papers, next to a plain baseline in the same run."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
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
from ..model import Digest, Paper
from ..themes.group import group
from ..themes.paper_text import paper_texts
from ..themes.params import DEFAULT_PARAMETERS, ThemeParameters
from ..themes.registry import Registry


@dataclass(frozen=True)
class Scores:
    """Agreement of one grouping with the labels."""

    method: str
    nmi: float
    ari: float
    homogeneity: float
    completeness: float
    themes: int
    largest_share: float
    seconds: float


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


def score(method: str, labels: list[str], assigned: list[int], seconds: float) -> Scores:
    """Compare an assignment with the labels."""
    sizes = np.bincount(np.asarray(assigned))
    return Scores(
        method=method,
        nmi=round(float(normalized_mutual_info_score(labels, assigned)), 4),
        ari=round(float(adjusted_rand_score(labels, assigned)), 4),
        homogeneity=round(float(homogeneity_score(labels, assigned)), 4),
        completeness=round(float(completeness_score(labels, assigned)), 4),
        themes=int((sizes > 0).sum()),
        largest_share=round(float(sizes.max() / len(assigned)), 4),
        seconds=round(seconds, 2),
    )


def run_site_grouping(
    papers: list[Paper], params: ThemeParameters = DEFAULT_PARAMETERS
) -> list[int]:
    """Group the papers exactly as a site build does; return a theme number per paper."""
    archive = merge([Digest("bench", "bench", None, None, None, tuple(papers))])
    texts = paper_texts(archive.entries, params)
    grouping = group(archive.entries, texts, Registry(), params).grouping
    number = {theme.slug: index for index, theme in enumerate(grouping.themes)}
    return [number[grouping.theme_of[title_key(paper.title)]] for paper in papers]


def run_baseline(papers: list[Paper], k: int, seed: int = 0) -> list[int]:
    """TF-IDF (words and pairs, sublinear) and k-means with k = number of labels."""
    texts = [f"{p.title}. {p.abstract}" for p in papers]
    matrix = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=2
    ).fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(matrix).tolist()


def bench(path: Path) -> list[Scores]:
    """Baseline and site grouping on one labelled file."""
    papers, labels = load_labelled(path)
    started = time.perf_counter()
    baseline = run_baseline(papers, len(set(labels)))
    results = [score("baseline", labels, baseline, time.perf_counter() - started)]
    started = time.perf_counter()
    site = run_site_grouping(papers)
    results.append(score("reading-digest", labels, site, time.perf_counter() - started))
    return results


def report(results: list[Scores], papers: int, labels: int) -> str:
    """A table of the scores, then the same figures as one JSON object on the last line."""
    lines = [
        f"{papers} papers, {labels} labels",
        f"{'method':<16}{'NMI':>8}{'ARI':>8}{'homog.':>8}{'compl.':>8}{'themes':>8}"
        f"{'largest':>9}{'seconds':>9}",
    ]
    for r in results:
        lines.append(
            f"{r.method:<16}{r.nmi:>8.3f}{r.ari:>8.3f}{r.homogeneity:>8.3f}"
            f"{r.completeness:>8.3f}{r.themes:>8}{r.largest_share:>9.1%}{r.seconds:>9.1f}"
        )
    summary = {r.method: r.__dict__ for r in results}
    summary["nmi_gain"] = round(results[-1].nmi - results[0].nmi, 4)
    lines.append(json.dumps(summary, sort_keys=True))
    return "\n".join(lines)
