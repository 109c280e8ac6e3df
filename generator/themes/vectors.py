"""Text statistics shared by themes and related papers: BM25 term weights and LSA vectors.

The vector space (vocabulary, IDF weights, LSA basis) is fit on the archive's oldest papers,
the ``basis`` rows, and every paper is projected into it. While the basis stays the same, a new
digest leaves every existing paper's vector as it was: only pages the digest touches change.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from .params import ThemeParameters
from .related import neighbours
from .smoothing import smoothed
from .textprep import STOP_WORDS, TOKEN_PATTERN

if TYPE_CHECKING:
    from ..runtime import BuildCache


@dataclass(frozen=True)
class TextVectors:
    """Vectors of a list of papers, row i for paper i."""

    tfidf: sparse.csr_matrix
    """L2-normalised BM25 term weights over ``terms`` (a TF-IDF variant: see ``bm25``)."""
    terms: np.ndarray
    """Vocabulary, one term per TF-IDF column."""
    dense: np.ndarray
    """L2-normalised LSA vectors (float32): each paper's own, for related papers."""
    themed: np.ndarray
    """``dense`` smoothed with the paper's nearest neighbours (``smoothing.smoothed``): what
    themes are clustered, ordered and judged on."""
    captured: np.ndarray
    """How much of each paper's (unit) BM25 vector the LSA space holds, 0 to 1: low for a paper
    whose words the basis papers seldom use, as in a field new to the archive."""
    basis: int
    """How many of the first papers the vector space was fit on."""
    near: tuple[np.ndarray, np.ndarray] | None = None
    """Each paper's nearest papers by ``dense`` (``related.neighbours``: indices, -1 for
    none, and similarities, nearest first), as many as smoothing or related papers take."""
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32), repr=False)
    """The BM25 IDF of each of ``terms``, from the basis papers."""
    average_length: float = 1.0
    """Mean term count of a basis paper, over ``terms`` (BM25's length normalisation)."""


def statistics_terms(text: str, params: ThemeParameters) -> str:
    """The terms the vectors count in a text cleaned by ``textprep.clean_for_statistics``:
    its words and word pairs (``params.ngram_range``) once stop words are out, one per line,
    as scikit-learn's ``CountVectorizer`` finds them."""
    return "\n".join(_analyzer(params.ngram_range)(text))


@functools.cache  # pure memoisation: one analyzer per n-gram range
def _analyzer(ngram_range: tuple[int, int]) -> Callable[[str], list[str]]:
    return CountVectorizer(
        ngram_range=ngram_range, stop_words=sorted(STOP_WORDS), token_pattern=TOKEN_PATTERN
    ).build_analyzer()


def vectorize(
    paper_terms: Sequence[str],
    params: ThemeParameters,
    basis: int | None = None,
    cache: BuildCache | None = None,
) -> TextVectors:
    """BM25 and LSA vectors of papers, oldest first (``paper_terms[i]``: paper i's
    ``statistics_terms``); the space is fit on the first ``basis`` of them (by default
    ``params.basis_size``: the ladder's step; see ``ThemeParameters.fitted_basis``).
    ``cache``: the pipeline's; the fitted space, each paper's term counts and the
    neighbour search are then reused while the basis papers stay the same."""
    basis = params.basis_size(len(paper_terms)) if basis is None else basis
    cached = cache.mapped if cache else (lambda map_papers: map_papers)
    space = fitted_space(basis_terms(paper_terms[:basis]), params, cache)
    if not len(space.terms):
        tfidf = sparse.csr_matrix((len(paper_terms), 1), dtype=np.float32)
        dense = tfidf.toarray()
        return TextVectors(
            tfidf, np.array(["paper"]), dense, dense, np.ones(len(paper_terms)), basis
        )

    # The basis papers' counts come with the space; the others' paper by paper.
    def count_all(_count: Callable[[str], TermCounts], texts: Sequence[str]) -> list[TermCounts]:
        return _counts(texts, space)  # a map of ``term_counts``: the papers in one pass

    count = functools.partial(term_counts, space=space)
    rest = list(cached(count_all)(count, paper_terms[basis:]))
    counts = sparse.vstack([space.basis_counts, _stacked(rest, len(space.terms))], format="csr")
    tfidf = bm25(counts, space.idf, space.average_length, params)
    # The LSA projection as TruncatedSVD.transform computes it.
    lsa = tfidf @ space.components.T if space.components is not None else tfidf.toarray()
    dense = np.asarray(lsa, dtype=np.float32)
    captured = np.linalg.norm(dense, axis=1)
    dense = normalize(dense)
    # One search serves smoothing and related papers: each takes the nearest it needs.
    wanted = max(params.smoothing_neighbours, params.related_papers)
    near = neighbours(dense, wanted, basis, params, cache)
    themed = smoothed(dense, near, params)
    return TextVectors(
        tfidf, space.terms, dense, themed, captured, basis, near, space.idf, space.average_length
    )


def with_meaning(vectors: TextVectors, meaning: np.ndarray, params: ThemeParameters) -> TextVectors:
    """``vectors`` whose ``themed`` rows join each paper's smoothed LSA vector (its
    ``themed`` row) and its sentence embedding (``meaning``, unit rows; see ``semantic``) in
    the proportion ``params.meaning_weight``: themes are then drawn from what papers say as
    well as from the words they use. Related papers still come from ``dense`` alone."""
    if not len(meaning):
        return vectors
    weight = params.meaning_weight
    joined = np.hstack([np.sqrt(1 - weight) * vectors.themed, np.sqrt(weight) * meaning])
    return replace(vectors, themed=normalize(joined).astype(np.float32))


@dataclass(frozen=True)
class BasisTerms:
    """The terms of the papers a vector space is fit on, and a hash of them that names the
    space (``VectorSpace.source``)."""

    digest: str
    texts: tuple[str, ...] = field(repr=False)


def basis_terms(texts: Sequence[str]) -> BasisTerms:
    """``BasisTerms`` of these papers' ``statistics_terms``."""
    digest = hashlib.blake2b(digest_size=20)
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return BasisTerms(digest.hexdigest(), tuple(texts))


@dataclass(frozen=True, repr=False)
class VectorSpace:
    """What the vectors are measured in, fit on the basis papers: the terms they share,
    their BM25 statistics, and the LSA basis."""

    source: str
    """A hash of the basis papers' terms and the parameters: what ``repr`` shows, so that a
    result computed in this space is cached under it."""
    terms: np.ndarray
    """Vocabulary, sorted: the terms in ``min_df`` to ``max_df`` of the basis papers."""
    idf: np.ndarray
    average_length: float
    """Mean term count of a basis paper, over ``terms``."""
    components: np.ndarray | None
    """LSA basis (dimensions x terms), or None when there are too few terms or papers."""
    basis_counts: sparse.csr_matrix
    """The basis papers' term counts over ``terms`` (their ``term_counts``), row i for basis
    paper i: counted once for the fit, kept for the vectors."""

    def __repr__(self) -> str:
        return f"VectorSpace({self.source})"


def fitted_space(
    basis: BasisTerms, params: ThemeParameters, cache: BuildCache | None = None
) -> VectorSpace:
    """``fit_space``, taken from ``cache`` when it holds the space of these terms and
    parameters, and kept there. Its key holds the terms' digest: a content key of the
    ``BasisTerms`` pickled and hashed 42,000 papers' terms again (80 MB, 0.15 s a build)."""
    if cache is None:
        return fit_space(basis, params)
    key = f"fit_space\0{params!r}\0{basis.digest}"
    space = cache.get(key)
    if not isinstance(space, VectorSpace):
        space = fit_space(basis, params)
    cache.keep(key, space)
    return space


def fit_space(basis: BasisTerms, params: ThemeParameters) -> VectorSpace:
    """The vector space of the basis papers: the terms they share (``min_df``) without being
    everywhere (``max_df``), their BM25 statistics and the truncated SVD of their weights."""
    source = hashlib.blake2b(
        (basis.digest + repr(params)).encode("utf-8"), digest_size=20
    ).hexdigest()
    papers = len(basis.texts)
    none = sparse.csr_matrix((papers, 0), dtype=np.float32)
    empty = VectorSpace(source, np.array([]), np.zeros(0, np.float32), 1.0, None, none)
    counter = CountVectorizer(analyzer=str.splitlines, dtype=np.float32)
    try:
        counts = counter.fit_transform(basis.texts).tocsr()
    except ValueError:  # no term at all (empty or all-stop-word texts)
        return empty
    terms = counter.get_feature_names_out()
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    small = papers <= 20
    keep = (frequency >= (1 if small else params.min_df)) & (
        frequency <= (papers if small else params.max_df * papers)
    )
    if not keep.any():
        return empty
    counts, terms, frequency = counts[:, keep], terms[keep], frequency[keep]
    # Each row's terms in column order, as ``term_counts`` gives them (scikit-learn leaves them
    # in the order it first met them in the whole basis): sums over a row, and with them the
    # SVD, then run in the same order whichever papers the basis holds.
    counts.sort_indices()
    idf = np.log1p((papers - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
    average = max(float(lengths.mean()), 1.0)
    tfidf = bm25(counts, idf, average, params)
    dimensions = min(params.lsa_dimensions, tfidf.shape[1] - 1, papers - 1)
    components = None
    if dimensions >= 2:
        svd = TruncatedSVD(
            dimensions,
            algorithm="randomized",
            n_iter=params.lsa_power_iterations,
            random_state=params.seed,
        )
        components = svd.fit(tfidf).components_
    return VectorSpace(source, terms, idf, average, components, counts)


TermCounts = tuple[np.ndarray, np.ndarray]
"""One paper's term counts: the columns of its terms in the space's vocabulary (sorted) and
how often each occurs."""


def term_counts(paper_terms: str, space: VectorSpace) -> TermCounts:
    """One paper's ``TermCounts`` in ``space``: terms outside its vocabulary are not counted."""
    return _counts([paper_terms], space)[0]


def _counts(texts: Sequence[str], space: VectorSpace) -> list[TermCounts]:
    """``term_counts`` of many papers, counted in one pass (scikit-learn's loop): the same rows
    as one by one, in far less time."""
    columns = {term: column for column, term in enumerate(space.terms)}
    counter = CountVectorizer(analyzer=str.splitlines, dtype=np.float32, vocabulary=columns)
    matrix = counter.transform(list(texts)).tocsr()
    matrix.sort_indices()
    return [
        (matrix.indices[a:b].copy(), matrix.data[a:b].copy())
        for a, b in itertools.pairwise(matrix.indptr)
    ]


def _stacked(rows: Sequence[TermCounts], columns: int) -> sparse.csr_matrix:
    """The papers' term counts as one matrix, row i for paper i."""
    lengths = np.fromiter((len(found) for found, _ in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    if not rows:
        return sparse.csr_matrix((0, columns), dtype=np.float32)
    indices = np.concatenate([found for found, _ in rows]).astype(np.int32, copy=False)
    data = np.concatenate([times for _, times in rows]).astype(np.float32, copy=False)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), columns))


def bm25(
    counts: sparse.csr_matrix, idf: np.ndarray, average_length: float, params: ThemeParameters
) -> sparse.csr_matrix:
    """Okapi BM25 weights of term counts, L2-normalised rows, with the basis papers' ``idf`` and
    ``average_length`` (``fit_space``). A term's weight saturates with its count (``bm25_k1``)
    and long abstracts are discounted (``bm25_b``): on the benchmark it groups better than
    sublinear TF-IDF (see ``params``)."""
    k1, b = params.bm25_k1, params.bm25_b
    lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
    per_entry = np.repeat(lengths / average_length, np.diff(counts.indptr))
    weights = counts.copy().astype(np.float32)
    weights.data = counts.data * (k1 + 1) / (counts.data + k1 * (1 - b + b * per_entry))
    weights.data *= idf[weights.indices]
    return normalize(weights).astype(np.float32).tocsr()
