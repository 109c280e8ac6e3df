"""Escaping: text from inputs reads as written and never becomes markup."""

from __future__ import annotations

import markdown
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.pages.markup import (
    display_text,
    first_sentence,
    front_matter,
    html_list,
    html_text,
    md_inline,
)
from generator.pages.paper_page import TITLE_ID

MD = markdown.Markdown(extensions=["toc", "admonition", "attr_list", "tables", "pymdownx.details",
                                   "pymdownx.superfences"])  # fmt: skip


def render(text: str) -> str:
    MD.reset()
    return MD.convert(text)


def test_markdown_specials_are_shown_as_written() -> None:
    title = "*bold* _it_ `code` [x](javascript:alert(1)) <b>tag</b> # | {: onclick=x }"
    html = render(f"# {md_inline(title)}")
    assert "<em>" not in html and "<code>" not in html and "<a " not in html
    assert "<b>" not in html and "onclick=" not in html.replace("onclick=x", "")
    assert "&lt;b&gt;tag&lt;/b&gt;" in html


@given(st.text(max_size=200))
def test_md_inline_never_makes_elements(text: str) -> None:
    html = render(f"- item {md_inline(text)}")
    assert html.count("<") == html.count("<li>") + html.count("</li>") + html.count(
        "<ul>"
    ) + html.count("</ul>")


@given(st.text(max_size=200).filter(lambda text: display_text(text).strip()))
def test_a_paper_title_keeps_its_short_id_whatever_it_ends_with(text: str) -> None:
    """A title ending in braces, hashes or a backslash cannot end or replace the heading's
    attribute list (``paper_page.TITLE_ID``)."""
    for title in (text, text + " { #x }", text + " {: .c }", text + "\\", text + " #"):
        html = render(f"# {md_inline(title)} {{ #{TITLE_ID} }}")
        assert html.startswith(f'<h1 id="{TITLE_ID}">') and html.count("<") == 2, html


@given(st.text(max_size=200))
def test_front_matter_is_valid_yaml_for_any_title(text: str) -> None:
    block = front_matter({"title": html_text(text)})
    data = yaml.safe_load(block.strip().strip("-"))
    assert data["title"] == html_text(text)
    assert "<" not in data["title"] and '"' not in data["title"]


def test_display_text_drops_invisible_characters() -> None:
    assert display_text("a\u202eb\u200bc\x00d\ufeff  e\n f") == "abcd e f"


def test_first_sentence() -> None:
    assert first_sentence("We do X. Then Y.") == "We do X."
    assert first_sentence("e.g. this stays. Next") == "e.g. this stays."
    assert len(first_sentence("word " * 200)) < 310


def test_html_list_writes_only_the_attributes_it_is_given() -> None:
    assert html_list(["<a>A</a>"]) == ["<ul data-pagefind-ignore><li><a>A</a></li></ul>", ""]
    (listed, _) = html_list(["x"], ordered=True, css="rd-papers", row_data=[{"date": "2024"}])
    assert listed == (
        '<ol class="rd-papers" data-pagefind-ignore>'
        '<li data-rd-rank="0" data-rd-date="2024">x</li></ol>'
    )
    assert html_list([], css="rd-papers") == []
