"""Readable theme labels and key terms by class-based TF-IDF over phrases.

Each theme's papers are pooled into one document; a phrase scores by how often it occurs in the
theme against how common it is across all themes (BERTopic's c-TF-IDF). Phrases made only of
generic research words, or starting with one, and scraping residue never become labels.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .params import ThemeParameters
from .textprep import GENERIC_WORDS, TOKEN_PATTERN

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
LABEL_COVERAGE = 0.15
"""A label is chosen among the phrases in at least this share of the theme's titles, when
there are any: a label names what most of its papers are about."""
MULTIWORD_PREFERENCE = 1.5
"""A label of several words scores this many times its coverage x precision: "Diffusion
models" names a theme better than "diffusion"."""


@dataclass(frozen=True)
class Candidate:
    """A phrase that may name or describe a theme."""

    term: str
    score: float
    """Class-based TF-IDF of the phrase in the theme, weighted by its length."""
    coverage: float
    """Share of the theme's papers that use the phrase."""


def theme_terms(
    phrases_of: Callable[[int], list[str]], clusters: np.ndarray, params: ThemeParameters
) -> list[list[Candidate]]:
    """For each cluster, its candidate phrases, best first (``clusters[i]`` is paper i's
    cluster number and ``phrases_of(i)`` its ``candidate_phrases``)."""
    themes = int(clusters.max()) + 1 if len(clusters) else 0
    # Phrase counts over at most ``label_sample`` papers per theme: the labels of a large
    # archive come out the same, and counting 1-3-grams stays bounded in time and memory.
    rows = np.concatenate(
        [np.flatnonzero(clusters == t)[: params.label_sample] for t in range(themes)]
    ).astype(int)
    rows.sort()
    sampled = clusters[rows]
    per_paper, terms = _phrase_counts([phrases_of(int(row)) for row in rows])
    if not len(terms):
        return [[] for _ in range(themes)]
    membership = sparse.csr_matrix(
        (np.ones(len(sampled)), (sampled, np.arange(len(sampled)))), shape=(themes, len(sampled))
    )
    counts = (membership @ per_paper).tocsr()
    present = per_paper.copy()
    present.data[:] = 1
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    coverage = (membership @ present).tocsr()
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    average_words = counts.sum() / max(themes, 1)
    idf = np.log1p(average_words / np.maximum(frequency, 1))
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    lengths = np.char.count(terms.astype(str), " ") + 1
    weight = idf * np.vectorize(PHRASE_WEIGHT.get)(lengths)
    usable: dict[int, bool] = {}  # judged only for phrases that rank high somewhere
    result = []
    for row in range(themes):
        score = counts.getrow(row).toarray().ravel() / max(row_sums[row], 1) * weight
        share = coverage.getrow(row).toarray().ravel() / max(sizes[row], 1)
        top = np.argpartition(-score, min(400, len(score) - 1))[:400]
        ranked = top[np.lexsort((top, -score[top]))]
        candidates = []
        for i in ranked:
            if score[i] <= 0 or len(candidates) == 80:
                break
            if usable.setdefault(int(i), _usable(str(terms[i]))):
                candidates.append(Candidate(str(terms[i]), float(score[i]), float(share[i])))
        result.append(candidates)
    return result


WORD = re.compile(TOKEN_PATTERN)


def _phrase_counts(phrase_lists: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Paper-by-phrase counts of the phrases at least two of the papers use (all, for one
    paper), the columns in alphabetical order of the phrases, and those phrases: what
    scikit-learn's ``CountVectorizer(min_df=2)`` makes of the same phrases, with the
    numbering and counting done by dict and NumPy calls instead of a Python loop per phrase
    (at 16,600 papers: 0.2 s against 1.2 s for numbering phrase by phrase)."""
    flat = list(itertools.chain.from_iterable(phrase_lists))
    number_of = {phrase: n for n, phrase in enumerate(dict.fromkeys(flat))}  # first seen
    columns = np.fromiter(map(number_of.__getitem__, flat), np.int64, len(flat))
    lengths = np.fromiter(map(len, phrase_lists), np.int64, len(phrase_lists))
    width = len(number_of)
    counts = sparse.csr_matrix(
        (np.ones(len(columns)), columns, np.concatenate(([0], np.cumsum(lengths)))),
        shape=(len(phrase_lists), width),
    )
    counts.sum_duplicates()
    papers_using = np.bincount(counts.indices, minlength=width)
    kept = np.flatnonzero(papers_using >= min(2, len(phrase_lists)))
    names = list(number_of)
    ordered = sorted(kept.tolist(), key=names.__getitem__)
    terms = np.array([names[i] for i in ordered], dtype=object)
    return counts[:, ordered].tocsr(), terms


def candidate_phrases(text: str, longest: int = 3) -> list[str]:
    """The phrases of up to ``longest`` words that could pass ``_usable``: none starts or ends
    with a stop word, holds more than one, or holds residue or one-letter words. Counting only
    these is half the work of counting every n-gram, and the labels' counts are the same."""
    words = WORD.findall(text.lower())
    skip = [w in ENGLISH_STOP_WORDS or w in RESIDUE_WORDS or len(w) < 2 for w in words]
    phrases = [w for w, skipped in zip(words, skip) if not skipped]
    for start in range(len(words)):
        if skip[start]:
            continue
        stops = 0
        for end in range(start + 1, min(start + longest, len(words))):
            word = words[end]
            if skip[end]:
                if word not in ENGLISH_STOP_WORDS or len(word) < 2 or stops:
                    break
                stops += 1
                continue
            phrases.append(" ".join(words[start : end + 1]))
    return phrases


@functools.cache  # pure memoisation: phrases recur across themes and rounds
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


def pick_terms(candidates: list[Candidate], count: int) -> list[str]:
    """Key terms without repeats: a term inside a chosen phrase (or around it) is skipped."""
    chosen: list[str] = []
    for term in (c.term for c in candidates):
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
"""A longer phrase containing the label replaces it when this share of the theme's titles that
hold the label hold the longer phrase too."""
ADJECTIVE_ENDING = re.compile(r"(?:al|ed|ive|ous|ful|ic|ian|ar|ent|able|less)$")
"""Single words with these endings are mostly adjectives ("neural", "causal"): not a label."""
LABEL_FIRST_WORDS = frozenset({"large", "small", "deep", "high", "low", "general", "state"})
"""Generic words that may still open a label of several words ("Large language models")."""


@functools.cache  # pure memoisation, as for ``_usable``
def label_worthy(term: str) -> bool:
    """Whether a phrase reads as a theme name on its own."""
    words = term.split()
    if len(words) >= 2:
        initials = "".join(word[0] for word in words[:-1])
        return not (len(initials) >= 2 and words[-1].rstrip("s").endswith(initials))
    return term not in QUALIFIERS and ADJECTIVE_ENDING.search(term) is None


def title_stems(title: str) -> tuple[str, ...]:
    """The words of a title, lower case, a plural "s" dropped: what label coverage compares."""
    return tuple(_stem(word) for word in LETTERS.findall(title.lower()))


@functools.cache  # pure memoisation: a few thousand distinct words
def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


LETTERS = re.compile(r"[^\W\d_]+")


def covers(label: str, stems: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether a title (its ``title_stems``) holds every word of a label but its stop words;
    of either part for a label of two threads ("Gaussian and bandits")."""
    label = label.lower()
    if " and " in label:
        return any(covers(part, stems) for part in label.split(" and "))
    words = [_stem(w) for w in LETTERS.findall(label) if w not in ENGLISH_STOP_WORDS]
    return bool(words) and all(word in stems for word in words)


def title_coverage(label: str, titles: list[str]) -> float:
    """Share of the titles holding every word of the label (``covers``)."""
    if not titles:
        return 0.0
    return sum(covers(label, frozenset(title_stems(t))) for t in titles) / len(titles)


@dataclass(frozen=True)
class TitlePhrases:
    """Phrases of every theme's titles: how many titles of each theme hold each phrase."""

    per_theme: list[Counter[str]]
    """For each theme, titles holding each phrase (phrases in ``title_stems`` form)."""
    overall: Counter[str]
    """Titles of all themes holding each phrase."""
    sizes: list[int]
    """Titles counted per theme."""
    surfaces: dict[str, str]
    """A phrase as most titles write it (lower case), by its stemmed form."""
    stems: list[list[frozenset[str]]]
    """Each theme's titles as ``title_stems`` sets."""


def title_phrases(titles_per_theme: list[list[str]]) -> TitlePhrases:
    """Count the usable phrases (``candidate_phrases``) of each theme's titles."""
    per_theme, overall = [], Counter()
    forms: Counter[tuple[str, str]] = Counter()  # (stemmed phrase, as a title writes it)
    for titles in titles_per_theme:
        counts: Counter[str] = Counter()
        for title in titles:
            found = {}
            for phrase in candidate_phrases(title):
                found.setdefault(" ".join(_stem(w) for w in phrase.split()), phrase)
            counts.update(found.keys())
            forms.update(found.items())
        per_theme.append(counts)
        overall.update(counts)
    surfaces: dict[str, str] = {}
    for (key, phrase), _ in sorted(forms.items(), key=lambda item: (-item[1], -len(item[0][1]))):
        surfaces.setdefault(key, phrase)  # the form most titles use; the plural on a tie
    stems = [[frozenset(title_stems(t)) for t in titles] for titles in titles_per_theme]
    return TitlePhrases(per_theme, overall, [len(t) for t in titles_per_theme], surfaces, stems)


def pick_label(
    theme: int, phrases: TitlePhrases, candidates: list[Candidate], taken: set[str]
) -> str:
    """The phrase that best names theme number ``theme``: the one that most of its titles hold
    (coverage) and few titles of other themes (precision), ``coverage x precision``, phrases of
    several words counting ``MULTIWORD_PREFERENCE`` times; then extended to a longer phrase
    that most titles holding it continue with ("large language" -> "large language models").
    Candidates come from the theme's titles and from its distinctive c-TF-IDF ``candidates``;
    a phrase ``taken`` by another theme, or a word-prefix of one or extending one, is skipped
    (no twin labels). Returns the phrase as the titles write it, lower case."""
    counts, size = phrases.per_theme[theme], max(phrases.sizes[theme], 1)
    keys = [k for k, n in counts.items() if n >= min(2, size)]
    keys += [" ".join(_stem(w) for w in c.term.split()) for c in candidates[:20]]

    def score(key: str) -> float:
        inside = counts.get(key, 0)
        precision = inside / max(phrases.overall.get(key, 0), 1)
        weight = MULTIWORD_PREFERENCE if " " in key else 1.0
        return inside / size * precision * weight

    whole, starts = _taken_words(taken)
    usable = [
        k
        for k in dict.fromkeys(keys)
        if counts.get(k, 0)
        and _usable(phrases.surfaces.get(k, k))
        and label_worthy(phrases.surfaces.get(k, k))
        and not _twin(k, whole, starts)
    ]
    if not usable:
        return "Other papers"
    common = [k for k in usable if counts[k] >= LABEL_COVERAGE * size]
    if not common:  # no phrase names enough of the theme: name its two main threads
        by_count = sorted(usable, key=lambda k: (-counts[k], k))
        return _two_threads(by_count, score, phrases.surfaces, phrases.stems[theme])
    chosen = max(common, key=lambda k: (score(k), k))
    longer = [
        k
        for k in usable
        if f" {chosen} " in f" {k} "
        and k != chosen
        and counts[k] >= EXTENSION_SHARE * counts[chosen]
    ]
    if longer:
        chosen = max(longer, key=lambda k: (len(k.split()), counts[k], k))
    return phrases.surfaces.get(chosen, chosen)


def _two_threads(
    usable: list[str],
    score: Callable[[str], float],
    surfaces: dict[str, str],
    titles: list[frozenset[str]],
) -> str:
    """The label "first and second": the phrase in the most titles, and the phrase of other
    words that with it is in the most titles (one that may qualify anything, "deep", never)."""
    usable = usable[:THREAD_CANDIDATES]
    holding = {
        key: frozenset(i for i, stems in enumerate(titles) if covers(surfaces.get(key, key), stems))
        for key in usable
    }

    def weight(key: str) -> float:
        return MULTIWORD_PREFERENCE if " " in key else 1.0

    first = max(usable, key=lambda k: (len(holding[k]) * weight(k), score(k), k))
    text = surfaces.get(first, first)
    best, best_count = None, 0.0
    for key in usable:
        if set(key.split()) & set(first.split()) or surfaces.get(key, key) in QUALIFIERS:
            continue
        count = len(holding[first] | holding[key]) - len(holding[first])
        if count * weight(key) > best_count or (
            count * weight(key) == best_count and best and score(key) > score(best)
        ):
            best, best_count = key, count * weight(key)
    return f"{text} and {surfaces.get(best, best)}" if best else text


THREAD_CANDIDATES = 60
"""Phrases (those in the most titles) weighed as threads of a two-thread label."""
QUALIFIERS = LABEL_FIRST_WORDS | frozenset(
    {"sparse", "markov", "robust", "fast", "multi", "machine", "game"}
)
"""Words that qualify a phrase rather than name a thread of their own."""


def _taken_words(taken: set[str]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The taken labels (each part of "first and second") as stemmed word tuples, and every
    word-prefix of them."""
    whole = {
        tuple(_stem(w) for w in part.lower().split())
        for label in taken
        for part in label.split(" and ")
    }
    starts = {words[:end] for words in whole for end in range(1, len(words) + 1)}
    return whole, starts


def _twin(key: str, whole: set[tuple[str, ...]], starts: set[tuple[str, ...]]) -> bool:
    """Whether a phrase (stemmed) equals a taken label (``_taken_words``), or one is a
    word-prefix of the other."""
    words = tuple(key.split())
    return words in starts or any(words[:end] in whole for end in range(1, len(words)))


def surface_form(phrase: str, texts: list[str]) -> str:
    """The phrase as the papers most often write it, with a capital first letter (each part
    of "first and second" as the papers write it)."""
    if " and " in phrase:
        first, second = (surface_form(part, texts) for part in phrase.split(" and ", 1))
        if second[1:2].islower():
            second = second[:1].lower() + second[1:]
        return f"{first} and {second}"
    pattern = re.compile(
        r"\b" + r"[\s\-]+".join(re.escape(word) for word in phrase.split()) + r"\b", re.IGNORECASE
    )
    forms: Counter[str] = Counter()
    for text in texts:
        forms.update(match.group(0) for match in pattern.finditer(text))
    best = min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else phrase
    best = " ".join(best.split())
    return best[:1].upper() + best[1:]
