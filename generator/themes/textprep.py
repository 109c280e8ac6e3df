"""Clean titles and abstracts for text statistics: no URLs, TeX residue or boilerplate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

URL = re.compile(
    r"https?://\S+|\bwww\.\S+|\b(?:github|gitlab|huggingface)\.(?:com|co)/\S*|\S+\.github\.io\S*",
    re.IGNORECASE,
)
TEX_MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]")
TEX_COMMAND = re.compile(r"\\[a-zA-Z]+|\\.|[{}^_~]")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
BOILERPLATE = re.compile(
    r"\b(?:available|released|open[- ]sourced?|publicly|can be found|will be made|project page)\b",
    re.IGNORECASE,
)
BOILERPLATE_SUBJECT = re.compile(
    r"\b(?:code|data|models?|datasets?|checkpoints?|weights|demo|implementation|project)\b",
    re.IGNORECASE,
)
if TYPE_CHECKING:
    from ..model import Paper

# Words too common in research abstracts to say anything about a theme. They never make a
# label on their own, and the clustering ignores them.
GENERIC_WORDS = frozenset(
    """
    model models modeling modelling propose proposed proposes proposing result results
    approach approaches method methods performance learning paper papers work works show
    shows shown novel new existing based using use used uses task tasks framework frameworks
    experiments experiment experimental demonstrate demonstrates demonstrated achieve
    achieves achieved state art significantly significant improve improves improved
    improving improvement improvements effective effectively also however various different
    including well problem problems study studies present presents introduce introduces
    introduced outperforms outperform baseline baselines benchmark benchmarks extensive code
    available release github https http com www org io data set sets provide provides key
    training way ways recent recently large scale small high low better best strong simple
    general efficient efficiently lead leads make makes making first second many number
    numbers furthermore moreover thus therefore while whether across within without via able
    ability capability capabilities challenge challenges challenging important crucial
    existing evaluation evaluate evaluated evaluations setting settings paradigm paradigms
    technique techniques process processes prior previous like compared comparison
    competitive superior superiority despite due respectively abstract github.com state-of-the-art
    sota network networks system systems function functions algorithm algorithms
    information analysis application applications
    """.split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | GENERIC_WORDS)
# Tokens are words that start with a letter: numbers and TeX leftovers never become terms.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]*(?:-[^\W_]+)*\b"


URL_HINTS = ("http", "www.", "github", "gitlab", "huggingface")
"""Cheap substring tests before the URL pattern, which is slow on long texts without URLs."""


def clean_for_statistics(title: str, abstract: str) -> str:
    """Title and abstract as one text, with URLs, TeX and boilerplate sentences removed."""
    text = f"{title}. {title}. {abstract}"  # the title twice: it is the densest summary
    folded = text.lower()
    if any(hint in folded for hint in URL_HINTS):
        text = URL.sub(" ", text)
    if BOILERPLATE.search(text) and BOILERPLATE_SUBJECT.search(text):
        text = " ".join(
            sentence
            for sentence in SENTENCE_SPLIT.split(text)
            if not (BOILERPLATE.search(sentence) and BOILERPLATE_SUBJECT.search(sentence))
        )
    text = TEX_MATH.sub(" ", text)
    text = TEX_COMMAND.sub(" ", text)
    return " ".join(text.split())


def statistics_text(paper: Paper) -> str:
    """The text of a paper that themes, labels and related papers are computed from."""
    return clean_for_statistics(paper.title, paper.abstract)
