"""How the papers write a label's phrase: "Monte Carlo", "sparse models", "LoRA".

In: a phrase (lower case, as labels find it) and the texts of the theme's papers. Out: the
phrase as those texts most often write it, ready to be shown as a label.
"""

from __future__ import annotations

import re
from collections import Counter


def surface_form(phrase: str, texts: list[str]) -> str:
    """The phrase as the papers most often write it, with a capital first letter (each part
    of "first and second" as the papers write it: "Diffusion and Monte Carlo", "Pruning and
    sparse models")."""
    if " and " in phrase:
        first, second = (written_form(part, texts) for part in phrase.split(" and ", 1))
        return f"{_capitalised(first)} and {second}"
    return _capitalised(written_form(phrase, texts))


def _capitalised(text: str) -> str:
    """The text with a capital first letter, the rest as written ("LoRA" stays)."""
    return text[:1].upper() + text[1:]


def written_form(phrase: str, texts: list[str]) -> str:
    """The phrase as the texts (abstracts: sentence case) most often write it. One they never
    write (it came from titles) loses the capitals of title case: "Sparse Model" becomes
    "sparse model", "Low-Rank LoRA" keeps its acronym: "low-rank LoRA"."""
    forms = Counter(_written_forms(phrase.lower().split(), _searchable(texts)))
    if forms:
        return " ".join(_most_written(forms).split())
    return " ".join(word if _has_inner_capital(word) else word.lower() for word in phrase.split())


def with_acronyms(label: str, texts: list[str]) -> str:
    """The label with each word that the texts (the theme's titles and abstracts) most often
    write as an acronym or a name ("PDE", "LoRA") written so. Labels are found in lower case,
    and one recorded before its words' acronyms were kept ("Neural pde solver") is mended the
    same way, its words unchanged."""
    searchable = _searchable(texts)
    mended = []
    for word in label.split(" "):
        # "PDEs" writes "PDE" too: the plural "s" is allowed, and left out of the form.
        forms = Counter(_written_forms([word.lower()], searchable, plural=True)) if word else None
        if forms and not _has_inner_capital(word):
            form = _most_written(forms)
            word = form if _has_inner_capital(form) and form.lower() == word.lower() else word
        mended.append(word)
    return " ".join(mended)


def _most_written(forms: Counter[str]) -> str:
    """The form written most often; of equal counts, the first in code-point order."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]


def _has_inner_capital(word: str) -> bool:
    """Whether a word (or a part of a hyphenated one) has a capital past its first letter, as
    acronyms and names such as "LoRA" and "GPT-4" do."""
    return any(part[1:] != part[1:].lower() for part in word.split("-"))


SEPARATOR = "\x00"
"""Joins the texts searched for a phrase: neither space, hyphen nor a word character, so no
match crosses from one text into the next."""


def _searchable(texts: list[str]) -> tuple[str, str]:
    """The texts joined by ``SEPARATOR``, and lower-cased: searched once per phrase or word."""
    joined = SEPARATOR.join(texts)
    return joined, joined.lower()


def _written_forms(
    words: list[str], searchable: tuple[str, str], *, plural: bool = False
) -> list[str]:
    """Every place the texts (``_searchable``) write the words as a phrase (any case, spaces
    or hyphens between them), as written; with ``plural``, also followed by an "s", which the
    form leaves out. One search of the lower-cased texts, whose literal start lets the regex
    engine skip ahead: 12x faster than searching each text ignoring case."""
    joined, lowered = searchable
    phrase = r"[\s\-]+".join(map(re.escape, words)) + (r"(s?)\b" if plural else r"()\b")
    if len(lowered) != len(joined):  # a letter whose lower case is longer ("İ")
        pattern = re.compile(r"\b" + phrase, re.I)
        return [joined[m.start() : m.start(1)] for m in pattern.finditer(joined)]
    return [
        joined[match.start() : match.start(1)]
        for match in re.finditer(phrase, lowered)
        if not (match.start() and _word_character(lowered[match.start() - 1]))
    ]


def _word_character(character: str) -> bool:
    """What the regex ``\\w`` matches."""
    return character.isalnum() or character == "_"
