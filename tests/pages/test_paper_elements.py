"""Paper page elements: repaired code links, math, TeX escapes, BibTeX, same-digest papers."""

from __future__ import annotations

import pytest

from generator.model import Appearance, Entry, Paper
from generator.pages.abstract import abstract_html, code_links
from generator.pages.bibtex import bibtex_entry
from generator.pages.links import find_links
from generator.pages.texmath import plain_text, to_mathml

URL_REPAIRS = [
    ('at "https://github.com/Edward-Sun/TSM-PDE".', "https://github.com/Edward-Sun/TSM-PDE"),
    ("at anonymous.4open.science/r/BETT-773F/.", "https://anonymous.4open.science/r/BETT-773F/"),
    ("at github.com/anyasims/edge-of-reach.", "https://github.com/anyasims/edge-of-reach"),
    ("https://github.com/WangWenhao0716/V2L{V^2L}.", "https://github.com/WangWenhao0716/V2L"),
    (
        "https://github.com/harryjo97/RDLM{https://github.com/harryjo97/RDLM}.",
        "https://github.com/harryjo97/RDLM",
    ),
    ("repository:https://github.com/wxie9/CARD", "https://github.com/wxie9/CARD"),
    ("{https://github.com/FudanDISC/SocialAgent}.", "https://github.com/FudanDISC/SocialAgent"),
    (
        "https://llm-stacking.github.io/{https://llm-stacking.github.io/}.",
        "https://llm-stacking.github.io/",
    ),
    ("https://github.com/sunnytqin/concept_comp.git.", "https://github.com/sunnytqin/concept_comp"),
    ("(see https://x.org/a_(b)) more", "https://x.org/a_(b)"),
    ("page: https://dit-policy.github.io", "https://dit-policy.github.io"),
]


@pytest.mark.parametrize(("text", "url"), URL_REPAIRS)
def test_urls_are_repaired(text: str, url: str) -> None:
    assert [link.url for link in find_links(text)] == [url]


def test_link_kinds_and_code_box_order() -> None:
    text = "Code: github.com/a/b. Page: https://a.github.io/x. Data: https://example.org/d."
    links = code_links(text, given=("https://github.com/a/b",))
    assert [(link.url, link.kind) for link in links] == [
        ("https://github.com/a/b", "code"),
        ("https://a.github.io/x", "project"),
        ("https://example.org/d", "link"),
    ]


def test_abstract_links_math_and_escapes() -> None:
    html, changed = abstract_html(
        r"We set $\alpha^2$ and O(n^2) in Schr\"odinger; 5sim10 steps, 32times faster, 15\% less."
        " Code: github.com/a/b. <script>x</script>"
    )
    assert changed
    assert html.count("<math") == 2 and "<mi>&#x003B1;</mi>" in html
    assert "Schrödinger" in html and "5∼10" in html and "32×" in html and "15% less" in html
    assert '<a href="https://github.com/a/b">github.com/a/b</a>.' in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_unsafe_or_unrepairable_math_stays_as_written() -> None:
    assert to_mathml(r"\text{<script>alert(1)</script>}") is None
    assert to_mathml(r"\href{javascript:alert(1)}{x}") is None
    assert to_mathml("L(s) = L_0 + Acdot S_1^{-alpha}") is None  # lost backslash glued to A
    assert to_mathml("P(final output is incorrect)") is None  # words, not variables
    html, _ = abstract_html("where $L = Acdot S$ holds")
    assert "$L = Acdot S$" in html


def test_titles_become_plain_text() -> None:
    assert plain_text("V$^2$L: Leveraging Vision") == "V²L: Leveraging Vision"
    assert plain_text("BT^2: Backward-compatible Training") == "BT²: Backward-compatible Training"
    assert plain_text(r"Schr\"odinger \& Friends") == "Schrödinger & Friends"


def entry(**fields) -> Entry:
    paper = Paper(**{"title": "A {Title} with 100% & $x$", "abstract": "x", "line": 1, **fields})
    return Entry("k", "a-title", paper, (Appearance("d.txt", 1),))


def test_bibtex_entry() -> None:
    text = bibtex_entry(entry(arxiv="2406.01234", authors=("Ada Lovelace", "Alan Turing")))
    assert text.startswith("@misc{lovelace240601234,\n")
    assert r"title = {{A \{Title\} with 100\% \& x}}" in text
    assert "author = {Ada Lovelace and Alan Turing}" in text
    assert "eprint = {2406.01234}" in text and "url = {https://arxiv.org/abs/2406.01234}" in text
    plain = bibtex_entry(entry())
    assert "eprint" not in plain and plain.startswith("@misc{a")
