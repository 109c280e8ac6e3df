"""Phrase numbers for label counts: the counts scikit-learn makes, the numbering of complete
chunks kept in the build's cache and extended by a daily build; the key terms drawn from them."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT
from sklearn.feature_extraction.text import CountVectorizer

from generator.ingest.merge import merge
from generator.output.cache import ResultCache
from generator.pipeline import read_digests
from generator.themes import phrase_index
from generator.themes.paper_text import paper_texts
from generator.themes.params import DEFAULT_PARAMETERS
from generator.themes.phrase_index import Numbering, PhraseIndex
from generator.themes.phrases import key_terms, pick_terms, theme_terms


@pytest.fixture(scope="module")
def sample_phrases() -> list[str]:
    """The candidate phrases of the bundled digests' papers (781), in the archive's order."""
    digests, errors, _ = read_digests(ROOT / "digests")
    assert not errors
    texts = paper_texts(merge(digests).entries, DEFAULT_PARAMETERS)
    return [text.phrases for text in texts]


@pytest.fixture
def small_chunks(monkeypatch) -> list[int]:
    """Chunks of 100 papers; what ``chunk_phrases`` is given is listed (papers per chunk)."""
    monkeypatch.setattr(phrase_index, "CHUNK", 100)
    numbered: list[int] = []
    real = phrase_index.chunk_phrases

    def counted(chunk):
        numbered.append(len(chunk))
        return real(chunk)

    monkeypatch.setattr(phrase_index, "chunk_phrases", counted)
    return numbered


def assert_counts_as_scikit_learn(index: PhraseIndex, phrases: list[str], rows: list[int]):
    counts, terms = index.counts(rows)
    vectorizer = CountVectorizer(analyzer=str.splitlines, min_df=min(2, len(rows)))
    expected = vectorizer.fit_transform([phrases[row] for row in rows])
    assert terms.tolist() == vectorizer.get_feature_names_out().tolist()
    assert counts.dtype == np.float64
    assert (counts.toarray() == expected.toarray()).all()


def test_counts_are_scikit_learns_over_rows_of_many_chunks(sample_phrases, small_chunks):
    rows = sorted(np.random.default_rng(0).choice(len(sample_phrases), 300, replace=False))
    index = PhraseIndex(sample_phrases)
    assert_counts_as_scikit_learn(index, sample_phrases, [int(row) for row in rows])
    assert_counts_as_scikit_learn(index, sample_phrases, [5])  # one paper: all its phrases
    assert small_chunks == [100] * 7 + [81]  # numbered once, for both calls


def test_a_daily_build_numbers_only_the_papers_after_the_kept_chunks(sample_phrases, small_chunks):
    before = sample_phrases[:450]
    last_build = ResultCache("code")
    PhraseIndex(before, last_build).counts(list(range(450)))
    assert small_chunks == [100] * 4 + [50]  # the numbering of 4 complete chunks is kept
    (kept,) = [v for v in last_build.used.values() if isinstance(v, Numbering)]
    width, names = kept.width, dict(kept.name_of)
    small_chunks.clear()
    this_build = ResultCache("code", dict(last_build.used))
    rows = list(range(0, len(sample_phrases), 3))
    assert_counts_as_scikit_learn(PhraseIndex(sample_phrases, this_build), sample_phrases, rows)
    assert small_chunks == [100, 100, 100, 81]  # chunks 4-6 on top of the kept ones, then 7
    # The last build's numbering is extended into a new one, never changed.
    assert (kept.width, kept.name_of, len(kept.number_of)) == (width, names, len(names))


def test_a_changed_early_paper_numbers_every_chunk_again(sample_phrases, small_chunks):
    last_build = ResultCache("code")
    PhraseIndex(sample_phrases, last_build).counts([0, 1])
    changed = list(sample_phrases)
    changed[5] = "federated learning\nnew phrase"
    small_chunks.clear()
    this_build = ResultCache("code", dict(last_build.used))
    rows = list(range(0, len(changed), 2))
    assert_counts_as_scikit_learn(PhraseIndex(changed, this_build), changed, rows)
    assert small_chunks == [100] * 7 + [81]


def test_no_papers_count_nothing() -> None:
    counts, terms = PhraseIndex([], ResultCache("code")).counts([])
    assert counts.shape[0] == 0 and len(terms) == 0


def test_key_terms_depend_on_each_themes_papers_and_not_on_the_order_of_themes(
    sample_phrases,
) -> None:
    index = PhraseIndex(sample_phrases)
    themes = [list(range(start, len(sample_phrases), 5)) for start in range(5)]
    terms = key_terms(index, themes, DEFAULT_PARAMETERS)
    assert all(len(found) == DEFAULT_PARAMETERS.key_terms for found in terms)
    assert key_terms(index, themes[::-1], DEFAULT_PARAMETERS)[::-1] == terms
    clusters = np.arange(len(sample_phrases)) % 5
    candidates = theme_terms(index, clusters, DEFAULT_PARAMETERS)
    assert terms == [tuple(pick_terms(c, DEFAULT_PARAMETERS.key_terms)) for c in candidates]
