"""Themes: determinism, stability under a new digest, curation, labels, one theme per paper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, shared_path

from generator.ingest.merge import merge
from generator.ingest.parse import title_key
from generator.model import Digest, MovedTheme, Paper
from generator.pipeline import read_digests
from generator.themes.group import group, relate
from generator.themes.labels import title_coverage
from generator.themes.newtopics import UNGROUPED_SLUG
from generator.themes.paper_text import paper_texts
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.phrases import RESIDUE_WORDS
from generator.themes.registry import Curation, RecordedTheme, Registry, render_registry
from generator.themes.textprep import GENERIC_WORDS, clean_for_statistics
from generator.themes.vectors import statistics_terms, vectorize

pytestmark = pytest.mark.slow


def grouped(entries, registry, params=DEFAULT_PARAMETERS):
    """Themes with their related papers, as a build makes them, and the updated registry."""
    result = group(entries, paper_texts(entries, params), registry, params)
    return relate(entries, result, [], params), result.registry


@pytest.fixture(scope="module")
def seeds():
    digests, errors, _ = read_digests(ROOT / "digests")
    assert not errors
    return digests


SEEDS_BUILT = dt.date(2025, 3, 13)
"""The day the sample digests were first built (their undated listings are dated by it)."""


def merged(digests, extra_built=None):
    """The archive of the seeds (first built on ``SEEDS_BUILT``) and other digests."""
    built = {digest.source: SEEDS_BUILT for digest in digests}
    built.update(extra_built or {})
    return merge(digests, built, SEEDS_BUILT)


@pytest.fixture(scope="module")
def base(seeds):
    archive = merged(seeds)
    grouping, registry = grouped(archive.entries, Registry(), DEFAULT_PARAMETERS)
    return archive, grouping, registry


def test_every_paper_in_exactly_one_theme(base) -> None:
    archive, grouping, _ = base
    members = [key for theme in grouping.themes for key in theme.members]
    assert sorted(members) == sorted(e.key for e in archive.entries)
    assert set(grouping.theme_of) == {e.key for e in archive.entries}


def test_number_and_sizes_of_themes_suit_a_reader(base) -> None:
    archive, grouping, _ = base
    assert 10 <= len(grouping.themes) <= 40
    sizes = [len(t.members) for t in grouping.themes]
    assert max(sizes) <= 0.15 * len(archive.entries)
    assert min(sizes) >= DEFAULT_PARAMETERS.min_theme_size
    ungrouped = [t for t in grouping.themes if t.slug == UNGROUPED_SLUG]
    assert not ungrouped or len(ungrouped[0].members) <= 0.10 * len(archive.entries)


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
        if theme.slug == UNGROUPED_SLUG:
            assert theme.label == "Not yet grouped" and not theme.terms
            continue
        assert len(theme.terms) >= 3
        assert not any(term in ("model", "models", "learning", "results") for term in theme.terms)
        assert 1 <= len(theme.related) <= 3 and theme.slug not in theme.related


def test_every_label_is_in_its_themes_titles_and_no_label_starts_another(base) -> None:
    archive, grouping, _ = base
    title_of = {e.key: e.paper.title for e in archive.entries}
    themes = [t for t in grouping.themes if t.slug != UNGROUPED_SLUG]
    for theme in themes:
        coverage = title_coverage(theme.label, [title_of[k] for k in theme.members])
        assert coverage >= 0.15, (theme.label, coverage)
    words = [t.label.lower().split() for t in themes]
    for first in words:
        for second in words:
            assert first is second or first != second[: len(first)], (first, second)


def test_same_input_same_themes_byte_for_byte(seeds, base) -> None:
    _, grouping, registry = base
    again_grouping, again_registry = grouped(merged(seeds).entries, Registry(), DEFAULT_PARAMETERS)
    assert render_registry(again_registry) == render_registry(registry)
    assert again_grouping == grouping
    warm_grouping, warm_registry = grouped(merged(seeds).entries, registry, DEFAULT_PARAMETERS)
    assert render_registry(warm_registry) == render_registry(registry)
    assert warm_grouping.theme_of == grouping.theme_of


def sixth_digest(count: int, start: int = 0) -> Digest:
    """A digest of ``count`` labelled papers (from row ``start`` of the shared set)."""
    rows = shared_path("bench", "themes-dev.jsonl").read_text("utf-8").splitlines()
    rows = rows[start : start + count]
    papers = tuple(
        Paper(row["title"], row["abstract"], number)
        for number, row in enumerate(map(json.loads, rows), 1)
    )
    # Dated after the seeds' "Mar 13" (2025 in tests), so it is the newest digest and its
    # papers come last, as a new day's digest does.
    return Digest("sixth.yml", "Sixth", dt.date(2025, 3, 14), None, None, papers)


def test_adding_a_digest_keeps_at_least_90_percent_of_theme_slugs(seeds, base) -> None:
    archive, grouping, registry = base
    extra = sixth_digest(round(0.05 * len(archive.entries)))
    bigger = merged([*seeds, extra])
    new_grouping, _ = grouped(bigger.entries, registry, DEFAULT_PARAMETERS)
    kept = sum(new_grouping.theme_of[k] == grouping.theme_of[k] for k in grouping.theme_of)
    assert kept / len(grouping.theme_of) >= 0.90, kept / len(grouping.theme_of)


def test_a_rebuild_that_keeps_every_theme_keeps_their_key_terms(seeds, base) -> None:
    """Key terms come from the themes as kept, not as the build's clustering drew them before
    papers returned to their recorded themes: drawn from the clusters, a rebuild after this
    digest reordered two themes' terms though no paper moved."""
    _, _, registry = base
    bigger = merged([*seeds, sixth_digest(80)])
    daily, daily_registry = grouped(bigger.entries, registry)
    rebuilt, rebuilt_registry = grouped(bigger.entries, daily_registry)
    assert render_registry(rebuilt_registry) == render_registry(daily_registry)
    assert [(t.slug, t.terms) for t in rebuilt.themes] == [(t.slug, t.terms) for t in daily.themes]


@pytest.fixture(scope="module")
def large_digest_built(seeds, base):
    """The archive with a digest of 200 more papers, its themes and the registry its build
    wrote. Drafted once from the sample's record, this digest's themes were not what a draft
    from their own record gives: a rebuild moved 132 papers."""
    _, _, registry = base
    bigger = merged([*seeds, sixth_digest(200, start=450)])
    grouping, new_registry = grouped(bigger.entries, registry)
    return bigger, grouping, new_registry


def test_a_build_records_themes_that_a_rebuild_from_its_record_draws_again(
    large_digest_built,
) -> None:
    """What a build records is what the next build starts from, and all a fresh clone has: a
    rebuild of the same digests from it must give it back."""
    archive, daily, daily_registry = large_digest_built
    rebuilt, rebuilt_registry = grouped(archive.entries, daily_registry)
    assert render_registry(rebuilt_registry) == render_registry(daily_registry)
    assert rebuilt == daily


def test_labels_of_clusters_that_keep_theirs_count_no_candidates(base) -> None:
    """A draft from a build's record keeps every recorded label: no cluster needs the
    c-TF-IDF candidates, so none are counted (0.45 s a draft at 42,000 papers). The papers
    not yet grouped are named as such, never as a theme."""
    from generator.themes.drafting import label_clusters, recorded_rows
    from generator.themes.labels import TitleIndex
    from generator.themes.newtopics import UNGROUPED_LABEL

    archive, _, registry = base
    texts = paper_texts(archive.entries, DEFAULT_PARAMETERS)
    vectors = vectorize([t.terms for t in texts], DEFAULT_PARAMETERS, registry.vector_basis)
    titles = TitleIndex([e.paper.title for e in archive.entries])
    rows_of = recorded_rows(archive.entries, registry)

    def refuse():
        raise AssertionError("candidates counted though every label stays")

    labels, coherent = label_clusters(
        archive.entries, titles, vectors, rows_of, refuse, registry, DEFAULT_PARAMETERS
    )
    recorded = {t.label for t in registry.themes if t.slug != UNGROUPED_SLUG}
    assert set(labels) == recorded and all(coherent)
    labels, coherent = label_clusters(
        archive.entries, titles, vectors, rows_of, refuse, registry, DEFAULT_PARAMETERS, 0
    )
    assert labels[0] == UNGROUPED_LABEL and not coherent[0] and all(coherent[1:])


def test_a_build_whose_themes_still_change_at_its_last_draft_says_so(
    base, large_digest_built
) -> None:
    """This digest's themes hold at the third draft: with only two, the build says that a
    rebuild from its themes.yml may move papers; with three it says nothing."""
    _, _, registry = base
    entries = large_digest_built[0].entries
    texts = paper_texts(entries, DEFAULT_PARAMETERS)
    short = dataclasses.replace(DEFAULT_PARAMETERS, redraft_limit=1)
    notices = [str(n) for n in group(entries, texts, registry, short).notices]
    assert notices == [
        "themes.yml: the themes still changed after 2 drafts, each drawn from the last one's "
        "record: a rebuild from this themes.yml (a fresh clone, say) may move "
        "some papers. The next build drafts on from it."
    ]
    enough = dataclasses.replace(DEFAULT_PARAMETERS, redraft_limit=2)
    assert not group(entries, texts, registry, enough).notices


def test_a_draft_from_a_builds_record_gives_that_record_back(large_digest_built) -> None:
    """One draft, the step ``group`` repeats until it holds: from the record a build wrote, it
    draws the same themes (members in archive order, no key terms yet) and retires no more."""
    from generator.themes.drafting import draft_inputs, draft_themes
    from generator.themes.registry import recorded_themes

    archive, grouping, registry = large_digest_built
    params = DEFAULT_PARAMETERS
    texts = paper_texts(archive.entries, params)
    vectors = vectorize([t.terms for t in texts], params, registry.vector_basis)
    inputs = draft_inputs(archive.entries, texts, vectors, params)
    drafts, retired = draft_themes(inputs, registry, params)
    assert recorded_themes(drafts, archive.entries) == registry.themes
    assert tuple(retired) == registry.retired
    order = {e.key: row for row, e in enumerate(archive.entries)}
    assert all(list(d.members) == sorted(d.members, key=order.get) for d in drafts)
    assert not any(d.terms for d in drafts)
    assert {d.slug: set(d.members) for d in drafts} == {
        t.slug: set(t.members) for t in grouping.themes
    }


def test_an_undated_paste_keeps_at_least_90_percent_of_theme_slugs(seeds, base) -> None:
    """An undated digest is dated by the day it was first built: it is the newest, it does not
    reshape the vector space, and the papers already grouped keep their themes."""
    archive, grouping, registry = base
    extra = dataclasses.replace(sixth_digest(round(0.05 * len(archive.entries))), date=None)
    bigger = merged([*seeds, extra], {extra.source: dt.date(2025, 3, 15)})
    new_grouping, _ = grouped(bigger.entries, registry, DEFAULT_PARAMETERS)
    kept = sum(new_grouping.theme_of[k] == grouping.theme_of[k] for k in grouping.theme_of)
    assert kept / len(grouping.theme_of) >= 0.90, kept / len(grouping.theme_of)


def test_twenty_papers_of_a_new_field_get_a_theme_of_their_own(seeds, base) -> None:
    """20 robotics papers (from the labelled set) added to the sample, which has none: at least
    80% of them land in a theme where they are the majority."""
    _, _, registry = base
    robotics, errors, _ = read_digests(ROOT / "tests" / "fixtures" / "new-field")
    assert not errors and len(robotics[0].papers) == 20
    new_grouping, _ = grouped(merged([*seeds, *robotics]).entries, registry, DEFAULT_PARAMETERS)
    new = {title_key(p.title) for p in robotics[0].papers}
    at_home = 0
    for theme in new_grouping.themes:
        count = sum(key in new for key in theme.members)
        if count * 2 > len(theme.members) and theme.slug != UNGROUPED_SLUG:
            at_home += count
    assert at_home >= 16, at_home


def test_papers_of_three_new_fields_in_one_digest_find_themes_of_their_own(seeds, base) -> None:
    """20 robotics, 20 game-theory and 20 information-theory papers of the labelled set (none
    of these fields is in the sample) arrive in one digest. The robotics and the
    information-theory papers each form a theme of their own (18 and 19 when measured), with
    no paper of another of these fields in it; the game-theory papers fall apart here into
    groups under eight (the largest: 7 papers on auctions, 5 on voting rules) and wait under
    "Not yet grouped". Linked by shared words in one connected group, as before, 43 of the 60
    sat in one theme of all three fields, 11 waited and 6 went to the sample's themes: none
    was at home."""
    _, _, registry = base
    rows = [json.loads(line) for line in shared_path("bench", "themes-dev.jsonl").open()]
    field_of, papers = {}, []
    for field in ("cs.RO", "cs.GT", "cs.IT"):
        for row in [r for r in rows if r["label"] == field][:20]:
            papers.append(Paper(row["title"], row["abstract"], len(papers) + 1))
            field_of[title_key(row["title"])] = field
    day = SEEDS_BUILT + dt.timedelta(days=1)
    digest = Digest("fields.txt", "Fields", day, None, None, tuple(papers))
    new_grouping, _ = grouped(merged([*seeds, digest]).entries, registry, DEFAULT_PARAMETERS)
    at_home = {}
    for theme in new_grouping.themes:
        fields = [field_of[key] for key in theme.members if key in field_of]
        for field in set(fields):
            if theme.slug != UNGROUPED_SLUG and 2 * fields.count(field) > len(theme.members):
                at_home[field] = at_home.get(field, 0) + fields.count(field)
                assert set(fields) == {field}, (theme.label, fields)
    assert at_home.get("cs.RO", 0) >= 15 and at_home.get("cs.IT", 0) >= 15, at_home


def test_loose_papers_too_many_to_group_wait_and_the_build_says_so(seeds, base) -> None:
    _, _, registry = base
    robotics, _, _ = read_digests(ROOT / "tests" / "fixtures" / "new-field")
    entries = merged([*seeds, *robotics]).entries
    params = dataclasses.replace(DEFAULT_PARAMETERS, loose_grouping_limit=10)
    result = group(entries, paper_texts(entries, params), registry, params)
    new = {title_key(p.title) for p in robotics[0].papers}
    waiting = sum(result.grouping.theme_of[key] == UNGROUPED_SLUG for key in new)
    assert waiting >= 16, waiting
    assert any("make refit" in notice.message for notice in result.notices), result.notices


def test_a_new_digest_changes_no_existing_papers_vector(seeds, base) -> None:
    archive, _, _ = base
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    extra = [clean_for_statistics(p.title, p.abstract) for p in sixth_digest(39).papers]
    assert DEFAULT_PARAMETERS.basis_size(len(texts)) == DEFAULT_PARAMETERS.basis_size(
        len(texts) + len(extra)
    )
    terms = [statistics_terms(text, DEFAULT_PARAMETERS) for text in texts + extra]
    before = vectorize(terms[: len(texts)], DEFAULT_PARAMETERS)
    after = vectorize(terms, DEFAULT_PARAMETERS)
    assert np.array_equal(after.dense[: len(texts)], before.dense)
    assert (after.tfidf[: len(texts)] != before.tfidf).nnz == 0


def test_vectors_from_the_build_cache_are_the_vectors_computed_afresh(seeds, base) -> None:
    """The pipeline's cache keeps the fitted space (with the basis papers' counts) and the
    term counts of each paper past the basis: a build that takes them from it, after a new
    digest too, gets the same vectors, bit for bit, and fits nothing and counts only the new
    papers."""
    from generator.output.cache import ResultCache
    from generator.themes import vectors

    archive, _, _ = base
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    extra = [clean_for_statistics(p.title, p.abstract) for p in sixth_digest(39).papers]
    terms = [statistics_terms(text, DEFAULT_PARAMETERS) for text in texts + extra]
    basis = DEFAULT_PARAMETERS.basis_size(len(texts))
    cache = ResultCache("test")
    first = vectorize(terms[: len(texts)], DEFAULT_PARAMETERS, basis, cache)
    assert cache.figures() == {"cache_hits": 0, "cache_misses": len(texts) - basis}
    kept = ResultCache("test", cache.used)

    def refuse(*_):
        raise AssertionError("the space was fit again")

    with pytest.MonkeyPatch.context() as patch:  # the space comes from the cache
        patch.setattr(vectors, "fit_space", refuse)
        daily = vectorize(terms, DEFAULT_PARAMETERS, basis, kept)
    past_basis = len(texts) - basis
    assert kept.figures() == {"cache_hits": past_basis, "cache_misses": len(extra)}
    for cached, fresh in (
        (first, vectorize(terms[: len(texts)], DEFAULT_PARAMETERS, basis)),
        (daily, vectorize(terms, DEFAULT_PARAMETERS, basis)),
    ):
        for name in ("dense", "themed", "captured", "terms"):
            assert np.array_equal(getattr(cached, name), getattr(fresh, name)), name
        assert (cached.tfidf != fresh.tfidf).nnz == 0
        assert np.array_equal(cached.tfidf.indices, fresh.tfidf.indices)


def test_one_papers_term_counts_are_its_row_of_the_counts_of_many(base) -> None:
    from generator.themes.vectors import _counts, basis_terms, fit_space, term_counts

    archive, _, _ = base
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    terms = [statistics_terms(text, DEFAULT_PARAMETERS) for text in texts[:300]]
    space = fit_space(basis_terms(terms[:250]), DEFAULT_PARAMETERS)
    many = _counts(terms, space)
    basis = space.basis_counts
    for row in (0, 1, 260, 299):  # in the basis and past it
        columns, counts = term_counts(terms[row], space)
        assert np.array_equal(columns, many[row][0]) and np.array_equal(counts, many[row][1])
        assert len(columns) and np.all(np.diff(columns) > 0)
        if row < 250:  # as the fit counted it
            start, end = basis.indptr[row], basis.indptr[row + 1]
            assert np.array_equal(columns, basis.indices[start:end])
            assert np.array_equal(counts, basis.data[start:end])


def test_a_new_digest_changes_related_papers_only_where_a_new_paper_enters(seeds, base) -> None:
    _, grouping, registry = base
    extra = sixth_digest(39)
    new_grouping, _ = grouped(merged([*seeds, extra]).entries, registry, DEFAULT_PARAMETERS)
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
    first, second = registry.themes[0], registry.themes[1]
    renamed = dataclasses.replace(first, slug="old-name", label=first.label.upper())
    unnamed = dataclasses.replace(second, slug="unnamed", label="Old name")
    spread = tuple(p for theme in registry.themes[:4] for p in theme.papers[:3])
    gone = dataclasses.replace(first, slug="gone", label="Gone", papers=spread)
    stale = dataclasses.replace(registry, themes=(renamed, unnamed, *registry.themes[2:], gone))
    new_grouping, new_registry = grouped(archive.entries, stale, DEFAULT_PARAMETERS)
    active = {t.slug: t.label for t in new_grouping.themes}
    # Most of its papers stayed: slug and label kept, while the label's words are in its titles;
    # a label in none of them is replaced, and the slug stays.
    assert active["old-name"] == first.label.upper()
    assert active["unnamed"] == second.label
    assert "gone" not in active
    moved = {m.slug: m for m in new_grouping.moved}
    assert moved["gone"].successors and set(moved["gone"].successors) <= set(active)
    assert "gone" in {r.slug for r in new_registry.retired}


def test_regrouping_draws_the_themes_afresh_and_keeps_their_addresses(seeds, base) -> None:
    """``build --regroup`` gives the themes and labels a first build gives, each under the
    recorded slug whose papers it holds, whatever labels themes.yml records."""
    archive, grouping, registry = base
    relabelled = tuple(
        dataclasses.replace(theme, label=theme.label.upper()) for theme in registry.themes
    )
    stale = dataclasses.replace(registry, themes=relabelled)
    texts = paper_texts(archive.entries, DEFAULT_PARAMETERS)
    warm = group(archive.entries, texts, stale, DEFAULT_PARAMETERS).grouping
    assert all(t.label.isupper() for t in warm.themes if t.slug != UNGROUPED_SLUG)  # kept...
    again = group(archive.entries, texts, stale, DEFAULT_PARAMETERS, regroup=True).grouping
    assert [(t.slug, t.label) for t in again.themes] == [
        (t.slug, t.label) for t in grouping.themes
    ]  # ...unless the themes are drawn again
    assert again.theme_of == grouping.theme_of


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
    new_grouping, new_registry = grouped(archive.entries, curated, DEFAULT_PARAMETERS)
    slugs = {t.slug for t in new_grouping.themes}
    assert a not in slugs and b not in slugs and c in slugs
    assert {m.slug: m.successors for m in new_grouping.moved}[b] == (c,)
    assert new_grouping.theme_of[paper.key] == d
    b_members = next(t.members for t in grouping.themes if t.slug == b)
    assert all(new_grouping.theme_of[k] == c for k in b_members if k != paper.key)
    assert all(new_grouping.theme_of[k] in slugs for k in new_grouping.theme_of)
    assert new_registry.themes == registry.themes  # the recorded clustering is untouched
    curated_rename = dataclasses.replace(registry, curation=Curation(rename={c: "Renamed"}))
    renamed, _ = grouped(archive.entries, curated_rename, DEFAULT_PARAMETERS)
    assert next(t.label for t in renamed.themes if t.slug == c) == "Renamed"


def test_registry_file_keeps_the_readers_curation_text(tmp_path: Path, base) -> None:
    from generator.themes.registry import load_registry

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


def test_registry_records_when_each_digest_was_first_built(tmp_path: Path) -> None:
    import datetime as dt

    from generator.errors import InputError
    from generator.themes.registry import load_registry

    days = {"b.txt": dt.date(2025, 1, 3), "a: odd name.txt": dt.date(2024, 12, 31)}
    path = tmp_path / "themes.yml"
    path.write_text(render_registry(Registry(first_built=days)), "utf-8")
    text = path.read_text("utf-8")
    assert text.index("a: odd name.txt") < text.index("b.txt")  # sorted: quiet diffs
    assert load_registry(path).first_built == days
    path.write_text(text.replace("2025-01-03", "2025-02-30"), "utf-8")
    with pytest.raises(InputError, match=r"themes.yml:\d+: digests: 'b.txt': .* is not a date"):
        load_registry(path)


def test_registry_records_every_paper_address_and_citation_key(tmp_path: Path) -> None:
    from generator.errors import InputError
    from generator.themes.registry import load_registry

    addresses = {"b-paper": "0123456789ab", "a-paper": "ba9876543210"}
    keys = {"a-paper": "lovelace2024scaling"}
    path = tmp_path / "themes.yml"
    path.write_text(render_registry(Registry(addresses=addresses, citation_keys=keys)), "utf-8")
    text = path.read_text("utf-8")
    assert "  a-paper: ba9876543210 lovelace2024scaling\n  b-paper: 0123456789ab\n" in text
    loaded = load_registry(path)
    assert (loaded.addresses, loaded.citation_keys) == (addresses, keys)
    path.write_text(text.replace("0123456789ab", "not-a-hash"), "utf-8")
    with pytest.raises(InputError, match=r"themes\.yml:[0-9]+: papers: 'b-paper': "):
        load_registry(path)
    path.write_text(text.replace("a-paper:", "A Paper:"), "utf-8")
    with pytest.raises(InputError, match="is not a slug"):
        load_registry(path)


def test_a_build_that_only_adds_papers_only_adds_lines_to_the_registry() -> None:
    import datetime as dt
    import difflib

    before = Registry(
        themes=(RecordedTheme("zeta", "Zeta", ("b-paper", "d-paper")),
                RecordedTheme("alpha", "Alpha", ("a-paper",))),
        first_built={"one.txt": dt.date(2025, 1, 1)},
        addresses={"a-paper": "0" * 12, "b-paper": "1" * 12, "d-paper": "2" * 12},
    )  # fmt: skip
    after = Registry(
        themes=(RecordedTheme("alpha", "Alpha", ("a-paper", "c-paper")),
                RecordedTheme("mid", "Mid", ("e-paper",)),
                RecordedTheme("zeta", "Zeta", ("b-paper", "d-paper"))),
        first_built={"one.txt": dt.date(2025, 1, 1), "two.txt": dt.date(2025, 1, 2)},
        addresses={**before.addresses, "c-paper": "3" * 12, "e-paper": "4" * 12},
    )  # fmt: skip
    diff = difflib.unified_diff(
        render_registry(before).splitlines(), render_registry(after).splitlines(), n=0
    )
    changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed and all(line.startswith("+") for line in changed), changed


def test_registry_text_is_the_same_with_libyaml_and_pure_python(monkeypatch) -> None:
    import yaml

    import generator.themes.registry_yaml as registry_module

    labels = ["Plain", "Colon: and 'quotes' \"both\"", "Ünïcödé — dash", "#hash", "- dash", "yes"]
    registry = Registry(
        themes=tuple(
            RecordedTheme(f"t{i}", label, tuple(sorted((f"p-{i}", "x" * 120, "null", "123"))))
            for i, label in enumerate(labels)
        ),
        retired=(MovedTheme("old", "Old: label", ("t0",)),),
    )
    fast = render_registry(registry)
    monkeypatch.setattr(registry_module, "YAML_DUMPER", yaml.SafeDumper)
    assert render_registry(registry) == fast
    assert load_registry_text(fast) == registry.themes


def load_registry_text(text: str):
    import tempfile

    from generator.themes.registry import load_registry

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "themes.yml"
        path.write_text(text, "utf-8")
        return load_registry(path).themes


def test_related_papers_past_the_exact_limit_probing_every_list_are_the_exact_ones(base) -> None:
    """Past ``exact_related_limit`` each paper is compared with the papers of its nearest
    coarse lists; probing all of them is the exact search."""
    from generator.themes.related import related_papers, top_terms

    archive, _, _ = base
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    exact = dataclasses.replace(DEFAULT_PARAMETERS, exact_related_limit=10**9)
    listed = dataclasses.replace(DEFAULT_PARAMETERS, exact_related_limit=100, search_probes=10**6)
    vectors = vectorize([statistics_terms(text, exact) for text in texts], exact)
    terms = top_terms(vectors.tfidf, vectors.terms)
    whole = related_papers(archive.entries, vectors.dense, vectors.basis, exact, terms)
    assert related_papers(archive.entries, vectors.dense, vectors.basis, listed, terms) == whole
    assert list(whole) == [entry.key for entry in archive.entries]


def test_an_earlier_paper_keeps_its_theme_when_only_this_builds_clusters_moved() -> None:
    """A paper nearer its recorded theme (by its own vector and the recorded centres) stays
    there, though this build's clustering drew it into another theme whose new members pull
    that theme's centre towards it; a paper clearly nearer the other theme moves."""
    from types import SimpleNamespace

    import numpy as np

    from generator.model import Appearance, Entry, Paper, Theme
    from generator.themes.params import DEFAULT_PARAMETERS
    from generator.themes.registry import RecordedTheme, Registry
    from generator.themes.sticky import keep_recorded_themes

    def unit(x: float, y: float) -> list[float]:
        return [x / np.hypot(x, y), y / np.hypot(x, y)]

    points = {f"a{i}": unit(1, 0.05 * i) for i in range(5)}  # theme a, recorded
    points |= {f"b{i}": unit(0.05 * i, 1) for i in range(5)}  # theme b, recorded
    points |= {f"n{i}": unit(1, 0.9) for i in range(20)}  # new papers, drawn into b
    points |= {"border": unit(1, 0.8), "far": unit(0.1, 1)}  # recorded in a, drawn into b
    slugs = list(points)
    entries = [Entry(s, s, Paper(s, "x", 1), (Appearance("d.txt", 1),)) for s in slugs]
    matrix = np.array([points[s] for s in slugs], dtype=np.float32)
    vectors = SimpleNamespace(dense=matrix, themed=matrix)  # no neighbours to smooth with
    recorded = Registry(
        themes=(
            RecordedTheme("a", "A", tuple(sorted([*[f"a{i}" for i in range(5)], "border", "far"]))),
            RecordedTheme("b", "B", tuple(f"b{i}" for i in range(5))),
        )
    )
    drawn_b = (*[f"b{i}" for i in range(5)], *[f"n{i}" for i in range(20)], "border", "far")
    drafts = [Theme("a", "A", (), tuple(f"a{i}" for i in range(5))), Theme("b", "B", (), drawn_b)]
    kept = {
        t.slug: set(t.members)
        for t in keep_recorded_themes(drafts, entries, vectors, recorded, DEFAULT_PARAMETERS)
    }
    assert "border" in kept["a"]  # this build's b centre leans to it; the recorded b does not
    assert "far" in kept["b"]  # its own vector lies in b by far more than the margin
    assert {f"n{i}" for i in range(20)} <= kept["b"]  # new papers stay where they were drawn


def test_the_vector_space_stays_fit_on_the_recorded_papers_until_a_refit() -> None:
    params = DEFAULT_PARAMETERS
    ladder = params.basis_size(5_000)
    assert params.fitted_basis(5_000, None) == ladder  # a first build climbs the ladder
    assert params.fitted_basis(5_000, 4_000) == 4_000  # then keeps what it recorded
    assert params.fitted_basis(5_000, 4_000, refit=True) == ladder
    assert params.fitted_basis(5_000, 6_000) == ladder  # papers left the archive
    small = params.refit_by_itself_until
    assert params.fitted_basis(small, 200) == params.basis_size(small)  # small ones climb


def test_a_recorded_vector_space_is_kept_and_a_refit_moves_it(base) -> None:
    """Past ``refit_by_itself_until`` papers (lowered here to the sample) the build keeps the
    space themes.yml records, whatever the ladder says, and records it; a refit fits it on
    the ladder's step."""
    archive, _, registry = base
    params = dataclasses.replace(DEFAULT_PARAMETERS, refit_by_itself_until=0)
    entries = archive.entries
    texts = paper_texts(entries, params)
    ladder = params.basis_size(len(entries))
    older = params.basis_size(ladder - 1)
    assert registry.vector_basis == ladder  # a first build records the ladder's step
    older_registry = dataclasses.replace(registry, vector_basis=older)
    kept = group(entries, texts, older_registry, params)
    assert kept.vectors.basis == kept.registry.vector_basis == older
    refit = group(entries, texts, older_registry, params, refit=True)
    assert refit.vectors.basis == refit.registry.vector_basis == ladder


def test_registry_records_the_vector_space_and_refuses_a_bad_one(tmp_path: Path) -> None:
    from generator.errors import InputError
    from generator.themes.registry import load_registry

    path = tmp_path / "themes.yml"
    path.write_text(render_registry(Registry(vector_basis=4_096)), "utf-8")
    text = path.read_text("utf-8")
    assert "vector_space:\n  fit_on_oldest_papers: 4096\n" in text
    assert load_registry(path).vector_basis == 4_096
    assert "vector_space" not in render_registry(Registry())
    for bad in ("-3", "many", "true", "2.5"):
        path.write_text(text.replace("4096", bad), "utf-8")
        with pytest.raises(InputError, match=r"themes.yml:\d+: 'vector_space' must be"):
            load_registry(path)


def test_registry_parts_read_each_recorded_value_or_name_its_line() -> None:
    from generator.errors import InputError
    from generator.ingest.yamlload import Mapping
    from generator.themes.registry_parts import (
        FIT_ON,
        first_built_part,
        papers_part,
        slug_value,
        vector_space_part,
    )

    def loaded(items: dict) -> Mapping:
        """A mapping as the YAML loader gives it (every key on line 1)."""
        mapping = Mapping(items)
        mapping.line, mapping.key_lines = 1, dict.fromkeys(items, 1)
        return mapping

    assert vector_space_part(loaded({FIT_ON: 762}), "themes.yml", 4) == 762
    assert vector_space_part(None, "themes.yml", 4) is None
    with pytest.raises(InputError, match=r"themes.yml:4: 'vector_space' must be"):
        vector_space_part(loaded({FIT_ON: 762, "extra": 1}), "themes.yml", 4)
    with pytest.raises(InputError, match=r"themes.yml:4: 'vector_space' must be"):
        vector_space_part(762, "themes.yml", 4)
    assert first_built_part(loaded({"a.md": "2026-01-02"}), "themes.yml", 2) == {
        "a.md": dt.date(2026, 1, 2)
    }
    assert papers_part(loaded({"a-paper": "0123456789ab key2026"}), "themes.yml", 9) == {
        "addresses": {"a-paper": "0123456789ab"},
        "citation_keys": {"a-paper": "key2026"},
    }
    assert slug_value("a-paper", "themes.yml", 1, "slug") == "a-paper"
    with pytest.raises(InputError, match=r"themes.yml:7: slug 'A Paper' is not a slug"):
        slug_value("A Paper", "themes.yml", 7, "slug")


def test_a_recorded_label_stays_while_all_its_titles_still_hold_it() -> None:
    """The central titles move with every digest: a label they hold in under 15% is kept while
    15% of all the theme's titles hold it, and dropped when neither does."""
    from generator.themes.drafting import still_names
    from generator.themes.labels import title_words

    titles = [title_words("Parameter-efficient fine-tuning of large models")] * 30 + [
        title_words("Weight decay in deep networks")
    ] * 70
    central = titles[25:85]  # 5 of 60 hold the label (8%); 30 of all 100 do
    rows = np.arange(len(titles))
    label = "Parameter-efficient fine-tuning"
    assert still_names(label, central, rows, titles.__getitem__, 0.15)
    assert not still_names(label, central, rows[25:], titles.__getitem__, 0.15)
    assert not still_names(label, central, rows[25:85], titles.__getitem__, 0.15)


def test_a_recorded_label_stays_while_its_recorded_papers_hold_it() -> None:
    """A cluster can hold many papers of other themes before they return to theirs: the
    label stays while the theme's recorded papers hold it, even where the cluster's do not."""
    from generator.themes.drafting import still_names
    from generator.themes.labels import title_words

    titles = [title_words("Hallucinations in language models")] * 10 + [
        title_words("Retrieval and search for agents")
    ] * 90
    rows = np.arange(len(titles))  # the cluster: 10% hold the label
    recorded = rows[:60]  # the theme as recorded: 17% do
    label = "Hallucinations"
    assert not still_names(label, titles[40:70], rows, titles.__getitem__, 0.15)
    assert still_names(label, titles[40:70], rows, titles.__getitem__, 0.15, recorded)
    assert not still_names(label, titles[40:70], rows, titles.__getitem__, 0.15, rows[40:])


def test_title_words_are_found_in_batches_once_each_and_a_later_build_reuses_them() -> None:
    from generator.output.cache import ResultCache
    from generator.themes.labels import TitleIndex, title_words

    titles = ["Diffusion Models for Graphs", "Graph Neural Networks", "Robot Grasping"]
    batches: list[list[str]] = []

    def map_titles(function, items):
        batches.append(list(items))
        return [function(item) for item in items]

    index = TitleIndex(titles, map_titles)
    index.find([2, 0, 2])
    assert index(0) == title_words(titles[0]) and index(1) == title_words(titles[1])
    assert batches == [[titles[2], titles[0]], [titles[1]]]  # each title once
    cache = ResultCache("code")
    TitleIndex(titles, cache.mapped()).find(range(3))
    later = ResultCache("code", dict(cache.used))
    again = TitleIndex([*titles, "Robot Navigation"], later.mapped())
    again.find(range(4))
    assert later.figures() == {"cache_hits": 3, "cache_misses": 1}
    assert again(3) == title_words("Robot Navigation")
