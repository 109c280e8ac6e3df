"""Themes: determinism, stability under a new digest, curation, labels, one theme per paper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, shared_path

from generator.group import group
from generator.labels import RESIDUE_WORDS
from generator.merge import merge
from generator.model import Digest, Paper
from generator.parse import title_key
from generator.pipeline import read_digests
from generator.registry import Curation, RecordedTheme, Registry, Retired, render_registry
from generator.textprep import GENERIC_WORDS, clean_for_statistics
from generator.theme_params import DEFAULT_PARAMETERS
from generator.vectors import vectorize

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds():
    digests, errors, _ = read_digests(ROOT / "digests")
    assert not errors
    return digests


@pytest.fixture(scope="module")
def base(seeds):
    archive = merge(seeds)
    grouping, registry = group(archive.entries, Registry(), DEFAULT_PARAMETERS)
    return archive, grouping, registry


def test_every_paper_in_exactly_one_theme(base) -> None:
    archive, grouping, _ = base
    members = [key for theme in grouping.themes for key in theme.members]
    assert sorted(members) == sorted(e.key for e in archive.entries)
    assert set(grouping.theme_of) == {e.key for e in archive.entries}


def test_number_and_sizes_of_themes_suit_a_reader(base) -> None:
    archive, grouping, _ = base
    assert 15 <= len(grouping.themes) <= 30
    sizes = [len(t.members) for t in grouping.themes]
    assert max(sizes) <= 0.10 * len(archive.entries)
    assert min(sizes) >= DEFAULT_PARAMETERS.min_theme_size


def test_labels_are_readable_phrases(base) -> None:
    _, grouping, _ = base
    labels = [t.label for t in grouping.themes]
    assert len(set(label.lower() for label in labels)) == len(labels)
    for label in labels:
        words = label.lower().split()
        assert not all(w in GENERIC_WORDS for w in words), label
        assert not any(w in RESIDUE_WORDS for w in words), label
        assert "http" not in label and "$" not in label and "\\" not in label
    for theme in grouping.themes:
        assert len(theme.terms) >= 3
        assert not any(term in ("model", "models", "learning", "results") for term in theme.terms)
        assert 1 <= len(theme.related) <= 3 and theme.slug not in theme.related


def test_same_input_same_themes_byte_for_byte(seeds, base) -> None:
    _, grouping, registry = base
    again_grouping, again_registry = group(merge(seeds).entries, Registry(), DEFAULT_PARAMETERS)
    assert render_registry(again_registry) == render_registry(registry)
    assert again_grouping == grouping
    warm_grouping, warm_registry = group(merge(seeds).entries, registry, DEFAULT_PARAMETERS)
    assert render_registry(warm_registry) == render_registry(registry)
    assert warm_grouping.theme_of == grouping.theme_of


def sixth_digest(count: int) -> Digest:
    rows = shared_path("bench", "themes-dev.jsonl").read_text("utf-8").splitlines()[:count]
    papers = tuple(
        Paper(row["title"], row["abstract"], number)
        for number, row in enumerate(map(json.loads, rows), 1)
    )
    # Dated, so it is the newest digest and its papers come last, as a new day's digest does.
    return Digest("sixth.yml", "Sixth", dt.date(2024, 3, 14), None, None, papers)


def test_adding_a_digest_keeps_at_least_90_percent_of_theme_slugs(seeds, base) -> None:
    archive, grouping, registry = base
    extra = sixth_digest(round(0.05 * len(archive.entries)))
    bigger = merge([*seeds, extra])
    new_grouping, _ = group(bigger.entries, registry, DEFAULT_PARAMETERS)
    kept = sum(new_grouping.theme_of[k] == grouping.theme_of[k] for k in grouping.theme_of)
    assert kept / len(grouping.theme_of) >= 0.90, kept / len(grouping.theme_of)


def test_a_new_digest_changes_no_existing_papers_vector(seeds, base) -> None:
    archive, _, _ = base
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    extra = [clean_for_statistics(p.title, p.abstract) for p in sixth_digest(39).papers]
    assert DEFAULT_PARAMETERS.basis_size(len(texts)) == DEFAULT_PARAMETERS.basis_size(
        len(texts) + len(extra)
    )
    before = vectorize(texts, DEFAULT_PARAMETERS)
    after = vectorize(texts + extra, DEFAULT_PARAMETERS)
    assert np.array_equal(after.dense[: len(texts)], before.dense)
    assert (after.tfidf[: len(texts)] != before.tfidf).nnz == 0


def test_a_new_digest_changes_related_papers_only_where_a_new_paper_enters(seeds, base) -> None:
    _, grouping, registry = base
    extra = sixth_digest(39)
    new_grouping, _ = group(merge([*seeds, extra]).entries, registry, DEFAULT_PARAMETERS)
    new_keys = {title_key(p.title) for p in extra.papers}
    changed = [
        key for key, related in grouping.related.items() if new_grouping.related[key] != related
    ]
    assert changed, "39 new papers should be related to some existing ones"
    for key in changed:
        assert new_keys & {r.key for r in new_grouping.related[key]}, key


def test_ladder_of_basis_sizes() -> None:
    sizes = [DEFAULT_PARAMETERS.basis_size(n) for n in (42, 200, 249, 250, 781, 18_361, 45_947)]
    assert sizes == [42, 200, 200, 250, 762, 17_320, 42_285]
    for papers in range(1, 60_000, 97):
        basis = DEFAULT_PARAMETERS.basis_size(papers)
        assert basis <= papers and (papers <= 200 or basis >= papers / 1.25 - 1)


def test_renamed_slug_is_kept_and_dissolved_theme_is_retired(seeds, base) -> None:
    archive, _, registry = base
    renamed = dataclasses.replace(registry.themes[0], slug="old-name", label="Old name")
    spread = tuple(p for theme in registry.themes[:4] for p in theme.papers[:3])
    gone = dataclasses.replace(registry.themes[0], slug="gone", label="Gone", papers=spread)
    stale = dataclasses.replace(registry, themes=(renamed, *registry.themes[1:], gone))
    new_grouping, new_registry = group(archive.entries, stale, DEFAULT_PARAMETERS)
    active = {t.slug: t.label for t in new_grouping.themes}
    assert active["old-name"] == "Old name"  # most of its papers stayed: slug and label kept
    assert "gone" not in active
    moved = {m.slug: m for m in new_grouping.moved}
    assert moved["gone"].successors and set(moved["gone"].successors) <= set(active)
    assert "gone" in {r.slug for r in new_registry.retired}


def test_curation_is_honoured_and_never_recorded(seeds, base) -> None:
    archive, grouping, registry = base
    a, b, c, d = (t.slug for t in grouping.themes[:4])
    paper = next(e for e in archive.entries if grouping.theme_of[e.key] != d)
    curated = dataclasses.replace(
        registry,
        curation=Curation(
            rename={a: "My own label"}, merge={b: c}, pin={paper.slug: d}, hide=frozenset({a})
        ),
    )
    new_grouping, new_registry = group(archive.entries, curated, DEFAULT_PARAMETERS)
    slugs = {t.slug for t in new_grouping.themes}
    assert a not in slugs and b not in slugs and c in slugs
    assert {m.slug: m.successors for m in new_grouping.moved}[b] == (c,)
    assert new_grouping.theme_of[paper.key] == d
    b_members = next(t.members for t in grouping.themes if t.slug == b)
    assert all(new_grouping.theme_of[k] == c for k in b_members if k != paper.key)
    assert all(new_grouping.theme_of[k] in slugs for k in new_grouping.theme_of)
    assert new_registry.themes == registry.themes  # the recorded clustering is untouched
    curated_rename = dataclasses.replace(registry, curation=Curation(rename={c: "Renamed"}))
    renamed, _ = group(archive.entries, curated_rename, DEFAULT_PARAMETERS)
    assert next(t.label for t in renamed.themes if t.slug == c) == "Renamed"


def test_registry_file_keeps_the_readers_curation_text(tmp_path: Path, base) -> None:
    from generator.registry import load_registry

    _, _, registry = base
    path = tmp_path / "themes.yml"
    path.write_text(render_registry(registry), "utf-8")
    text = path.read_text("utf-8").replace(
        "  rename: {}   # theme-slug: New label", "  # my comment\n  rename: {x: Mine}"
    )
    path.write_text(text, "utf-8")
    loaded = load_registry(path)
    assert loaded.curation.rename == {"x": "Mine"}
    assert "# my comment" in render_registry(loaded)
    assert loaded.themes == registry.themes


def test_registry_text_is_the_same_with_libyaml_and_pure_python(monkeypatch) -> None:
    import yaml

    import generator.registry as registry_module

    labels = ["Plain", "Colon: and 'quotes' \"both\"", "Ünïcödé — dash", "#hash", "- dash", "yes"]
    registry = Registry(
        themes=tuple(
            RecordedTheme(f"t{i}", label, (f"p-{i}", "x" * 120, "null", "123"))
            for i, label in enumerate(labels)
        ),
        retired=(Retired("old", "Old: label", ("t0",)),),
    )
    fast = render_registry(registry)
    monkeypatch.setattr(registry_module, "YAML_DUMPER", yaml.SafeDumper)
    assert render_registry(registry) == fast
    assert load_registry_text(fast) == registry.themes


def load_registry_text(text: str):
    import tempfile

    from generator.registry import load_registry

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "themes.yml"
        path.write_text(text, "utf-8")
        return load_registry(path).themes


@pytest.mark.parametrize("exact_limit", [10**9, 100])
def test_related_papers_in_two_parts_make_the_whole(base, exact_limit) -> None:
    """The main process and the helper each find the related papers of their part: exact
    search (all papers compared) and the cluster-pruned search past ``exact_limit``."""
    from generator.related import related_papers, top_terms

    archive, grouping, _ = base
    params = dataclasses.replace(DEFAULT_PARAMETERS, exact_related_limit=exact_limit)
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    vectors = vectorize(texts, params)
    number = {slug: n % 7 for n, slug in enumerate(sorted(set(grouping.theme_of.values())))}
    labels = np.array([number[grouping.theme_of[e.key]] for e in archive.entries])
    terms = top_terms(vectors.tfidf, vectors.terms)
    whole = related_papers(archive.entries, vectors.dense, labels, params, terms)
    first, second = (
        related_papers(archive.entries, vectors.dense, labels, params, terms, part=part)
        for part in (0, 1)
    )
    assert first and second and not set(first) & set(second)
    assert {**first, **second} == whole
    assert list(whole) == [entry.key for entry in archive.entries]
