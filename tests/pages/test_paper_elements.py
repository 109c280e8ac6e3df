"""Paper page elements: repaired code links, math, TeX escapes, BibTeX, same-digest papers."""

from __future__ import annotations

import datetime as dt
import gc

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.merge import merge
from generator.model import Appearance, Digest, Entry, Paper
from generator.pages.abstract import abstract_html, code_links
from generator.pages.bibtex import bibtex_entries
from generator.pages.citekeys import citation_keys
from generator.pages.links import find_links
from generator.pages.texmath import plain_text, to_mathml
from generator.runtime import cyclic_gc_paused

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


def test_links_alone_do_not_make_an_abstract_read_differently_from_how_it_was_written() -> None:
    html, changed = abstract_html("Code at https://github.com/a/b and github.com/c/d.")
    assert '<a href="https://github.com/a/b">' in html and not changed
    assert not abstract_html("Plain words, <b>escaped</b> & kept.")[1]
    assert abstract_html("Code at github.com/c/d; we set $x^2$.")[1]  # math rendered
    assert abstract_html(r"Code at github.com/c/d in Schr\"odinger form.")[1]  # TeX accent


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


class Held:
    """Something a caller of ``plain_text`` holds, as the build's frames hold its data."""


@pytest.mark.parametrize("title", [r"Learning $\alpha$ Fast", r"Schr\"odinger Bridges"])
def test_converting_tex_leaves_no_cycle_that_keeps_the_callers_data(title: str) -> None:
    """pylatexenc's parser keeps a caught exception whose frames link back to the callers'."""

    def caller() -> str:
        held = [Held() for _ in range(100)]
        return plain_text(title) + str(len(held))

    gc.collect()
    with cyclic_gc_paused():
        caller()
        assert not any(isinstance(thing, Held) for thing in gc.get_objects())


def entry(**fields) -> Entry:
    paper = Paper(**{"title": "A {Title} with 100% & $x$", "abstract": "x", "line": 1, **fields})
    return Entry("k", "a-title", paper, (Appearance("d.txt", 1),))


def test_bibtex_entry() -> None:
    paper = entry(arxiv="2406.01234", authors=("Ada Lovelace", "Johannes van der Waals")).paper
    archive = merge([Digest("d.txt", "D", None, None, None, (paper,))])
    text = next(iter(bibtex_entries(archive).values()))
    assert text.startswith("@misc{lovelace2024title,\n")  # the year from the arXiv id
    assert r"title = {{A} {Title} with 100\% \& $x$}" in text  # TeX kept, capitals braced
    assert "author = {Lovelace, Ada and van der Waals, Johannes}" in text
    assert "year = {2024},\n  month = jun," in text
    assert "eprint = {2406.01234}" in text and "archiveprefix = {arXiv}" in text
    assert "doi = {10.48550/arXiv.2406.01234}" in text
    assert "url = {https://arxiv.org/abs/2406.01234}" in text


def test_the_bib_files_keep_the_abstract_and_the_page_entry_leaves_it_out() -> None:
    paper = entry(abstract="We study $x^2$ at scale.").paper
    archive = merge([Digest("d.txt", "D", None, None, None, (paper,))])
    (full,) = bibtex_entries(archive).values()
    (cited,) = bibtex_entries(archive, abstracts=False).values()
    assert "abstract = {We study $x^2$ at scale.}" in full
    assert "abstract" not in cited
    assert full.replace(",\n  abstract = {We study $x^2$ at scale.}", "") == cited
    parsed = bibtexparser.parse_string(cited)
    assert not parsed.failed_blocks and len(parsed.entries) == 1


def test_both_entries_of_a_paper_made_in_one_pass_are_its_bibtex_entries() -> None:
    from generator.pages.bibtex import bibtex_entry, bibtex_entry_pairs

    papers = [
        entry(abstract="We study $x^2$ at 50% & more {braces}.").paper,
        Paper("No abstract here", "", 2, authors=("Ümit Öztürk",), arxiv="2406.01234"),
    ]
    archive = merge([Digest("d.txt", "D", dt.date(2025, 3, 1), None, None, tuple(papers))])
    full, cited = bibtex_entry_pairs(archive)
    for item in archive.entries:
        key = full[item.key].split("{", 1)[1].split(",", 1)[0]
        paper = item.paper
        assert full[item.key] == bibtex_entry(paper, key, dt.date(2025, 3, 1))
        assert cited[item.key] == bibtex_entry(paper, key, dt.date(2025, 3, 1), abstract=False)


def test_bibtex_keys_are_unique_and_every_entry_parses() -> None:
    papers = [
        Paper("Attention Is All You Need", "One.", 1, authors=("A. Vaswani",), published="2017"),
        Paper("Attention, again", "Two.", 2, authors=("A. Vaswani",), published="2017-06"),
        Paper("On {Unbalanced braces", "Uses $\\alpha_1$, 50% & naïve ~ ^ # _.", 3,
              authors=("John Smith, Jr.", "Ümit Öztürk"), doi="10.5555/x_y"),
    ]  # fmt: skip
    archive = merge([Digest("d.txt", "D", dt.date(2025, 3, 1), None, None, tuple(papers))])
    entries = bibtex_entries(archive)
    library = bibtexparser.parse_string("\n".join(entries.values()))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [
        "vaswani2017attentiona", "vaswani2017attentionb", "smith2025unbalanced",
    ]  # fmt: skip
    third = library.entries[2].fields_dict
    assert third["author"].value == r"Smith, Jr., John and \"Ozt\"urk, \"Umit"
    assert third["doi"].value == "10.5555/x_y"
    assert third["year"].value == "2025"  # no date of its own: its digest's
    assert third["title"].value == r"{On} {\textbraceleft{}Unbalanced} braces"  # spelt out


def _braces_pair(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


FIELD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(
    str.strip
)


@settings(max_examples=300, deadline=None)
@given(FIELD_TEXT, FIELD_TEXT, st.lists(FIELD_TEXT, max_size=3), st.one_of(st.none(), FIELD_TEXT))
def test_any_text_gives_an_entry_that_bibtex_reads(title, abstract, authors, url) -> None:
    """Braces pair up as BibTeX counts them and no field ends in a backslash, whatever the
    title, abstract, names and links hold."""
    names = tuple(a.strip() for a in authors if a.strip())
    paper = Paper(title.strip(), abstract, 1, authors=names, url=url, doi=url, journal_ref=url)
    archive = merge([Digest("d.txt", "D", dt.date(2025, 1, 1), None, None, (paper,))])
    library = bibtexparser.parse_string("\n".join(bibtex_entries(archive).values()))
    assert not library.failed_blocks and len(library.entries) == 1
    for field in library.entries[0].fields:
        assert _braces_pair(field.value) and not field.value.endswith("\\"), field


def test_citation_keys_survive_added_authors_ids_and_dates() -> None:
    """Recorded once, a key stays: a later digest that names the authors, the arXiv id and an
    older date would derive another one (``vaswani2017attention``)."""
    bare = Paper("Attention Is All You Need", "One.", 1)
    first = merge([Digest("a.txt", "A", dt.date(2025, 3, 1), None, None, (bare,))])
    keys = citation_keys(first)
    assert list(keys.values()) == ["attention2025all"]
    recorded = {first.entries[0].slug: "attention2025all"}
    full = Paper("Attention Is All You Need", "One.", 1, authors=("Ashish Vaswani",),
                 arxiv="1706.03762")  # fmt: skip
    later = merge([Digest("a.txt", "A", dt.date(2025, 3, 1), None, None, (bare,)),
                   Digest("b.txt", "B", dt.date(2025, 4, 1), None, None, (full,))])  # fmt: skip
    assert list(citation_keys(later).values()) == ["vaswani2017attention"]  # derived afresh
    assert list(citation_keys(later, recorded).values()) == ["attention2025all"]
    # A new paper whose derived key is a recorded one gets another.
    other = Paper("Attention needs more", "Two.", 2)
    archive = merge([Digest("c.txt", "C", dt.date(2025, 3, 1), None, None, (other,))])
    assert list(citation_keys(archive, {"gone": "attention2025needs"}).values()) == [
        "attention2025needsa"
    ]
