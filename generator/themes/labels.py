"""Theme labels a reader would write: phrases from the titles of a theme's central papers.

A label is the phrase that most of the theme's titles hold and few titles of other themes, or,
when no phrase names enough of them, its two main threads ("Gaussian processes and bandits").

In: each theme's titles (as ``TitleWords``, found once per paper) and its c-TF-IDF
``phrases.Candidate`` phrases. Out: a label per theme, as the papers write it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .phrases import LABEL_FIRST_WORDS, Candidate, candidate_phrases, usable_phrase

if TYPE_CHECKING:
    from ..runtime import PaperMap

LABEL_COVERAGE = 0.15
"""A label is chosen among the phrases in at least this share of the theme's titles, when
there are any: a label names what most of its papers are about."""
MULTIWORD_PREFERENCE = 1.5
"""A label of several words scores this many times its coverage x precision: "Diffusion
models" names a theme better than "diffusion"."""


EXTENSION_SHARE = 0.75
"""A longer phrase containing the label replaces it when this share of the theme's titles that
hold the label hold the longer phrase too."""
ADJECTIVE_ENDING = re.compile(r"(?:al|ed|ive|ous|ful|ic|ian|ar|ent|able|less)$")
"""Single words with these endings are mostly adjectives ("neural", "causal"): not a label."""


@functools.cache  # pure memoisation: labels are judged again in every round
def label_worthy(term: str) -> bool:
    """Whether a phrase reads as a theme name on its own."""
    words = term.split()
    if len(words) >= 2:
        initials = "".join(word[0] for word in words[:-1])
        return not (len(initials) >= 2 and words[-1].rstrip("s").endswith(initials))
    return term not in QUALIFIERS and ADJECTIVE_ENDING.search(term) is None


@dataclass(frozen=True)
class TitleWords:
    """What labelling reads of one title, found once per build."""

    phrases: dict[str, str]
    """Its ``candidate_phrases`` by their stemmed form (``_stem`` of each word), as written."""
    stems: frozenset[str]
    """Its words, lower case, a plural "s" dropped (``title_stems``)."""


class TitleIndex:
    """The ``TitleWords`` of an archive's titles for one grouping, each found the first time a
    round asks for it, a batch at a time through ``map_titles`` (the build's cache, where a
    daily build finds most of them: labelling took 1.1 s instead of 1.9 s under the profiler
    at 46,000 papers)."""

    def __init__(self, titles: Sequence[str], map_titles: PaperMap = map):
        self._titles = titles
        self._map_titles = map_titles
        self._found: dict[int, TitleWords] = {}

    def __call__(self, row: int) -> TitleWords:
        """The words of title ``row``."""
        if row not in self._found:
            self.find([row])
        return self._found[row]

    def find(self, rows: Iterable[int]) -> None:
        """Find the words of these titles, those not found before in one batch."""
        missing = list(dict.fromkeys(row for row in rows if row not in self._found))
        found = self._map_titles(title_words, [self._titles[row] for row in missing])
        self._found.update(zip(missing, found))


def title_words(title: str) -> TitleWords:
    """The title's ``TitleWords``."""
    found: dict[str, str] = {}
    for phrase in candidate_phrases(title):
        found.setdefault(" ".join(_stem(w) for w in phrase.split()), phrase)
    return TitleWords(found, frozenset(title_stems(title)))


def title_stems(title: str) -> tuple[str, ...]:
    """The words of a title, lower case, a plural "s" dropped: what label coverage compares."""
    return tuple(_stem(word) for word in LETTERS.findall(title.lower()))


WORD_BREAK = re.compile(r"[\s-]+")


@functools.cache  # pure memoisation: a few thousand distinct words
def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


LETTERS = re.compile(r"[^\W\d_]+")


@functools.cache  # pure memoisation: a few hundred labels, each against thousands of titles
def _label_parts(label: str) -> tuple[tuple[str, ...], ...]:
    """The stemmed words of a label but its stop words, for each part of "first and second"."""
    return tuple(
        tuple(_stem(w) for w in LETTERS.findall(part) if w not in ENGLISH_STOP_WORDS)
        for part in label.lower().split(" and ")
    )


def covers(label: str, stems: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether a title (its ``title_stems``) holds every word of a label but its stop words;
    of either part for a label of two threads ("Gaussian and bandits")."""
    return any(words and all(w in stems for w in words) for words in _label_parts(label))


def title_coverage(label: str, titles: Sequence[str] | Sequence[TitleWords]) -> float:
    """Share of the titles (text or ``TitleWords``) holding every word of the label."""
    if not titles:
        return 0.0
    stems = [t.stems if isinstance(t, TitleWords) else frozenset(title_stems(t)) for t in titles]
    return sum(covers(label, s) for s in stems) / len(titles)


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


def title_phrases(titles_per_theme: Sequence[Sequence[TitleWords]]) -> TitlePhrases:
    """Count the usable phrases (``candidate_phrases``) of each theme's titles."""
    per_theme, overall = [], Counter()
    forms: Counter[tuple[str, str]] = Counter()  # (stemmed phrase, as a title writes it)
    for titles in titles_per_theme:
        counts: Counter[str] = Counter()
        for title in titles:
            counts.update(title.phrases.keys())
            forms.update(title.phrases.items())
        per_theme.append(counts)
        overall.update(counts)
    surfaces: dict[str, str] = {}
    for (key, phrase), _ in sorted(forms.items(), key=lambda item: (-item[1], -len(item[0][1]))):
        surfaces.setdefault(key, phrase)  # the form most titles use; the plural on a tie
    stems = [[title.stems for title in titles] for titles in titles_per_theme]
    return TitlePhrases(per_theme, overall, [len(t) for t in titles_per_theme], surfaces, stems)


def pick_label(
    theme: int, phrases: TitlePhrases, candidates: list[Candidate], taken: set[str]
) -> str:
    """The phrase that best names theme number ``theme``: the one that most of its titles hold
    (coverage) and few titles of other themes (precision), ``coverage x precision``, phrases of
    several words counting ``MULTIWORD_PREFERENCE`` times; then extended to a longer phrase
    that most titles holding it continue with ("large language" -> "large language models"),
    in whichever spelling ("experts" -> "mixture-of-experts", six titles writing it so and
    six "mixture of experts").
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
        and usable_phrase(phrases.surfaces.get(k, k))
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
    # A longer phrase counts in all its spellings: "Mixture-of-Experts" and "mixture of experts".
    spelt = {k: " ".join(WORD_BREAK.split(k)) for k in usable}
    titles_with: Counter[str] = Counter()
    for k in usable:
        titles_with[spelt[k]] += counts[k]
    longer = [
        k
        for k in usable
        if f" {spelt[chosen]} " in f" {spelt[k]} "
        and spelt[k] != spelt[chosen]
        and titles_with[spelt[k]] >= EXTENSION_SHARE * counts[chosen]
    ]
    if longer:
        chosen = max(
            longer, key=lambda k: (len(spelt[k].split()), titles_with[spelt[k]], counts[k], k)
        )
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
    titles_with = _titles_by_word(titles)
    holding = {key: _titles_holding(surfaces.get(key, key), titles_with) for key in usable}

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


def _titles_by_word(titles: list[frozenset[str]]) -> dict[str, frozenset[int]]:
    """For each word stem, the numbers of the titles that hold it."""
    numbers: dict[str, set[int]] = {}
    for number, stems in enumerate(titles):
        for stem in stems:
            numbers.setdefault(stem, set()).add(number)
    return {stem: frozenset(found) for stem, found in numbers.items()}


def _titles_holding(label: str, titles_with: dict[str, frozenset[int]]) -> frozenset[int]:
    """The numbers of the titles that a label ``covers`` (``titles_with``: ``_titles_by_word``)."""
    held: frozenset[int] = frozenset()
    for words in _label_parts(label):
        if words:
            held |= frozenset.intersection(*(titles_with.get(w, frozenset()) for w in words))
    return held


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
