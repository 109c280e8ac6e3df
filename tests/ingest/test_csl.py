"""CSL JSON files (``csl``): Zotero's export, a Pandoc bibliography."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.ingest.csl import CSL_SUFFIXES, NOT_CSL
from generator.ingest.files import DIGEST_SUFFIXES
from generator.ingest.parse import parse_digest


def test_a_zotero_csl_export_gives_its_items_with_abstracts() -> None:
    assert set(CSL_SUFFIXES) <= set(DIGEST_SUFFIXES)
    name = "zotero-export.json"
    digest = parse_digest((FIXTURES / "pastes" / name).read_bytes(), name)
    assert digest.read_as == "CSL JSON"
    attention, resnet = digest.papers
    assert (attention.line, attention.arxiv, attention.url) == (5, "1706.03762", None)
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert attention.published == "2017-06-12"  # the year written as text, as Zotero does
    assert attention.keywords == (
        "Computer Science - Computation and Language",
        "Computer Science - Machine Learning",
    )
    assert resnet.authors == ("Kaiming He", "The Microsoft Research Asia team")  # literal
    assert (resnet.published, resnet.doi) == ("2016-06", "10.1109/CVPR.2016.90")
    assert (
        resnet.journal_ref
        == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert [(f.line, f.text, f.reason) for f in digest.fragments] == [
        (
            73,
            "book: Deep Learning",
            "an item with neither an abstract nor a link to the paper (DOI, arXiv id, address); "
            "not read",
        ),
    ]


@pytest.mark.parametrize("text", ['{"items": []}', "[1, 2]", "", "null"])
def test_json_that_is_not_a_list_of_items_is_read_as_nothing(text: str) -> None:
    digest = parse_digest(text.encode(), "notes.json")
    assert not digest.papers
    assert NOT_CSL in [n.message for n in digest.notices]


def test_broken_json_is_refused_at_its_line() -> None:
    text = '[\n {"title": "A", "abstract": "B"},\n {"title": "C" "abstract": "D"}\n]'
    with pytest.raises(InputError, match="this JSON is broken") as refused:
        parse_digest(text.encode(), "refs.json")
    assert refused.value.line == 3


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = ("author", "issued", "DOI", "URL", "note", "number", "keyword", "container-title")
ITEM = st.fixed_dictionaries(
    {"title": st.just("A Title") | JSON, "abstract": st.just("An abstract.") | JSON},
    optional={name: JSON for name in (*FIELDS, "type", "id")},
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ITEM, max_size=4))
def test_items_with_any_field_of_any_type_are_read_or_reported(items: list[dict]) -> None:
    """Whatever a field holds (a number for a title, a string for the authors, a date of
    words), an item gives a paper or a fragment, and nothing raises."""
    digest = parse_digest(json.dumps(items).encode(), "refs.json")
    assert len(digest.papers) + len(digest.fragments) == len(items)


def test_an_item_without_an_abstract_is_a_paper_when_a_link_leads_to_it() -> None:
    items = [
        {"type": "article-journal", "title": "Linked", "DOI": "10.1/linked"},
        {
            "type": "paper-conference",
            "title": "Preprint",
            "URL": "https://arxiv.org/abs/2401.00001",
        },
        {"type": "book", "title": "Unlinked"},
    ]
    digest = parse_digest(json.dumps(items, indent=1).encode(), "refs.json")
    assert [(p.title, p.doi, p.arxiv) for p in digest.papers] == [
        ("Linked", "10.1/linked", None),
        ("Preprint", None, "2401.00001"),
    ]
    assert [f.text for f in digest.fragments] == ["book: Unlinked"]
    assert any(n.message.startswith("2 of its papers have no abstract") for n in digest.notices)
