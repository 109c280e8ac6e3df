"""Text statistics shared by themes and related papers: TF-IDF terms and LSA vectors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .textprep import STOP_WORDS, TOKEN_PATTERN
from .theme_params import ThemeParameters


@dataclass(frozen=True)
class TextVectors:
    """Vectors of a list of papers, row i for paper i."""

    tfidf: sparse.csr_matrix
    """L2-normalised TF-IDF weights over ``terms``."""
    terms: np.ndarray
    """Vocabulary, one term per TF-IDF column."""
    dense: np.ndarray
    """L2-normalised LSA vectors (float32), for clustering and similarity."""


def vectorize(texts: list[str], params: ThemeParameters) -> TextVectors:
    """TF-IDF and LSA vectors of texts cleaned by ``textprep.clean_for_statistics``."""
    vectorizer = TfidfVectorizer(
        ngram_range=params.ngram_range,
        min_df=params.min_df if len(texts) > 20 else 1,
        max_df=params.max_df if len(texts) > 20 else 1.0,
        sublinear_tf=params.sublinear_tf,
        stop_words=sorted(STOP_WORDS),
        token_pattern=TOKEN_PATTERN,
        dtype=np.float32,
    )
    try:
        tfidf = vectorizer.fit_transform(texts).tocsr()
        terms = vectorizer.get_feature_names_out()
    except ValueError:  # no term at all (empty or all-stop-word texts)
        tfidf = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        terms = np.array(["paper"])
    dimensions = min(params.lsa_dimensions, tfidf.shape[1] - 1, len(texts) - 1)
    if dimensions >= 2:
        svd = TruncatedSVD(dimensions, random_state=params.seed, algorithm="randomized")
        dense = svd.fit_transform(tfidf)
    else:
        dense = tfidf.toarray()
    dense = normalize(np.asarray(dense, dtype=np.float32))
    return TextVectors(tfidf=tfidf, terms=terms, dense=dense)
