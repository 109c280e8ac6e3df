"""Readable theme labels and key terms by class-based TF-IDF over phrases.

Each theme's papers are pooled into one document; a phrase scores by how often it occurs in the
theme against how common it is across all themes (BERTopic's c-TF-IDF). Phrases made only of
generic research words, or starting with one, and scraping residue never become labels.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from .textprep import GENERIC_WORDS, TOKEN_PATTERN
from .theme_params import ThemeParameters

# TeX and markup words that survive as letters once backslashes are lost.
RESIDUE_WORDS = frozenset(
    """
    mathcal mathbf mathrm mathbb textit textbf emph frac sim times cdot leq geq url href
    mathit boldsymbol operatorname left right approx infty sqrt sum http https www github
    com et al
    """.split()
)
# Phrases that name the whole field rather than a theme of it.
GENERIC_PHRASES = frozenset(
    {
        "machine learning",
        "deep learning",
        "neural network",
        "neural networks",
        "deep neural networks",
        "deep neural network",
        "artificial intelligence",
    }
)
PHRASE_WEIGHT = {1: 1.0, 2: 2.0, 3: 2.2}
"""Score factor by phrase length: a phrase is always rarer than its words, yet says more
("scaling laws" against "scaling"), so phrases are weighted up to compete."""
PHRASE_PREFERENCE = 0.5
"""For the label, a phrase of several words beats a higher-scoring single word when it scores
at least this fraction of it."""


def theme_terms(
    texts_by_theme: list[list[str]], params: ThemeParameters
) -> list[list[tuple[str, float]]]:
    """For each theme (a list of cleaned texts), its candidate phrases and scores, best first."""
    documents = [" ".join(texts) for texts in texts_by_theme]
    vectorizer = CountVectorizer(
        ngram_range=params.label_ngram_range,
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        min_df=1,
    )
    try:
        counts = vectorizer.fit_transform(documents).astype(np.float64)
    except ValueError:
        return [[] for _ in documents]
    terms = vectorizer.get_feature_names_out()
    usable = np.array([_usable(term) for term in terms])
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    average_words = counts.sum() / max(len(documents), 1)
    idf = np.log1p(average_words / np.maximum(frequency, 1))
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    lengths = np.char.count(terms.astype(str), " ") + 1
    weight = idf * usable * np.vectorize(PHRASE_WEIGHT.get)(lengths)
    result = []
    for row in range(counts.shape[0]):
        score = counts.getrow(row).toarray().ravel() / max(row_sums[row], 1) * weight
        ranked = np.argsort(-score, kind="stable")[:80]
        result.append([(str(terms[i]), float(score[i])) for i in ranked if score[i] > 0])
    return result


def _usable(term: str) -> bool:
    """Whether a phrase may be a label or key term at all."""
    words = term.split()
    if any(w in RESIDUE_WORDS or len(w) < 2 for w in words):
        return False
    for phrase in GENERIC_PHRASES:  # "machine learning models" is as generic as its core
        if f" {phrase} " in f" {term} ":
            rest = f" {term} ".replace(f" {phrase} ", " ").split()
            if all(w in GENERIC_WORDS or w in ENGLISH_STOP_WORDS for w in rest):
                return False
    if words[0] in ENGLISH_STOP_WORDS or words[-1] in ENGLISH_STOP_WORDS:
        return False
    if words[0] in GENERIC_WORDS and (len(words) == 1 or words[0] not in LABEL_FIRST_WORDS):
        return False
    if sum(w in ENGLISH_STOP_WORDS for w in words) > 1:
        return False
    return not all(word in GENERIC_WORDS or word in ENGLISH_STOP_WORDS for word in words)


def pick_terms(candidates: list[tuple[str, float]], count: int) -> list[str]:
    """Key terms without repeats: a term inside a chosen phrase (or around it) is skipped."""
    chosen: list[str] = []
    for term, _ in candidates:
        if any(_overlaps(term, other) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def _overlaps(first: str, second: str) -> bool:
    a, b = f" {first} ", f" {second} "
    return a in b or b in a or first.rstrip("s") == second.rstrip("s")


EXTENSION_SHARE = 0.75
"""A longer phrase containing the label replaces it when it scores at least this share."""
ADJECTIVE_ENDING = re.compile(r"(?:al|ed|ive|ous|ful|ic|ian|ar|ent|able|less)$")
"""Single words with these endings are mostly adjectives ("neural", "causal"): not a label."""
LABEL_FIRST_WORDS = frozenset({"large", "small", "deep", "high", "low", "general", "state"})
"""Generic words that may still open a label of several words ("Large language models")."""


def label_worthy(term: str) -> bool:
    """Whether a phrase reads as a theme name on its own."""
    words = term.split()
    if len(words) >= 2:
        initials = "".join(word[0] for word in words[:-1])
        return not (len(initials) >= 2 and words[-1].rstrip("s").endswith(initials))
    return ADJECTIVE_ENDING.search(term) is None


def pick_label(candidates: list[tuple[str, float]], taken: set[str]) -> str:
    """The best phrase not used by another theme, preferring phrases of several words."""
    free = [(t, score) for t, score in candidates if t not in taken and label_worthy(t)]
    if not free:
        return "Other papers"
    top_score = free[0][1]
    chosen = free[0]
    for term, score in free:
        if score < PHRASE_PREFERENCE * top_score:
            break
        if " " in term:
            chosen = (term, score)
            break
    # Extend to a longer phrase that carries it almost every time ("large language models").
    longer = [
        (t, score)
        for t, score in free
        if f" {chosen[0]} " in f" {t} " and t != chosen[0] and score >= EXTENSION_SHARE * chosen[1]
    ]
    return max(longer, key=lambda item: (len(item[0]), item[1]))[0] if longer else chosen[0]


def surface_form(phrase: str, texts: list[str]) -> str:
    """The phrase as the papers most often write it, with a capital first letter."""
    pattern = re.compile(
        r"\b" + r"[\s\-]+".join(re.escape(word) for word in phrase.split()) + r"\b", re.IGNORECASE
    )
    forms: Counter[str] = Counter()
    for text in texts:
        forms.update(match.group(0) for match in pattern.finditer(text))
    best = min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else phrase
    best = " ".join(best.split())
    return best[:1].upper() + best[1:]
