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
    forms = Counter(_written_forms(phrase.lower().split(), texts))
    if forms:
        return " ".join(min(forms.items(), key=lambda item: (-item[1], item[0]))[0].split())
    return " ".join(word if _has_inner_capital(word) else word.lower() for word in phrase.split())


def with_acronyms(label: str, texts: list[str]) -> str:
    """The label with each word that the texts (the theme's titles and abstracts) most often
    write as an acronym or a name ("PDE", "LoRA") written so. Labels are found in lower case,
    and one recorded before its words' acronyms were kept ("Neural pde solver") is mended the
    same way, its words unchanged."""
    mended = []
    for word in label.split(" "):
        forms: Counter[str] = Counter()
        if word:  # "PDEs" writes "PDE" too
            forms.update(_written_forms([word.lower()], texts))
            forms.update(form[:-1] for form in _written_forms([word.lower() + "s"], texts))
        if forms and not _has_inner_capital(word):
            form = min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
            word = form if _has_inner_capital(form) and form.lower() == word.lower() else word
        mended.append(word)
    return " ".join(mended)


def _has_inner_capital(word: str) -> bool:
    """Whether a word (or a part of a hyphenated one) has a capital past its first letter, as
    acronyms and names such as "LoRA" and "GPT-4" do."""
    return any(part[1:] != part[1:].lower() for part in word.split("-"))


SEPARATOR = "\x00"
"""Joins the texts searched for a phrase: neither space, hyphen nor a word character, so no
match crosses from one text into the next."""


def _written_forms(words: list[str], texts: list[str]) -> list[str]:
    """Every place the texts write the words as a phrase (any case, spaces or hyphens between
    them), as written. One search of the lower-cased texts, whose literal start lets the regex
    engine skip ahead: 12x faster than searching each text ignoring case."""
    joined = SEPARATOR.join(texts)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a letter whose lower case is longer ("İ")
        pattern = re.compile(r"\b" + r"[\s\-]+".join(map(re.escape, words)) + r"\b", re.I)
        return [match.group(0) for match in pattern.finditer(joined)]
    pattern = re.compile(r"[\s\-]+".join(map(re.escape, words)) + r"\b")
    return [
        joined[match.start() : match.end()]
        for match in pattern.finditer(lowered)
        if not (match.start() and _word_character(lowered[match.start() - 1]))
    ]


def _word_character(character: str) -> bool:
    """What the regex ``\\w`` matches."""
    return character.isalnum() or character == "_"
