"""Bounded fuzzing: random bytes, random YAML and random listing text never give a traceback
or a hang, and every paper read is rendered (or the file is refused with a reason)."""

from __future__ import annotations

import bibtexparser
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.ingest.merge import merge
from generator.ingest.parse import parse_digest
from generator.model import Grouping
from generator.pages.render import render_site

SCALAR = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from(["2025-13-45", "2024-02-30", "0x7fff", "1e400", "*a", "&a x", "[", "{"]),
)
YAML_VALUE = st.recursive(
    SCALAR,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "abstract", "date", "papers", "x"]), children, max_size=4
        )
    ),
    max_leaves=20,
)
LINE = st.one_of(
    st.text(max_size=100).map(lambda t: t.replace("\n", " ")),
    st.sampled_from(
        [
            "---",
            "title: x",
            "## Heading",
            "arXiv:2406.01234",
            "Abstract",
            "· 3 authors",
            "Submitted by x",
            "\\\\",
            "Title: A paper",
            "Authors: A, B and C",
        ]
    ),
)
FUZZ = settings(max_examples=120, deadline=2_000)  # per-example time limit: no hangs


def read_and_render(data: bytes, name: str) -> None:
    """Parse; on success every paper read has a page (or merged into one that has)."""
    try:
        digest = parse_digest(data, name)
    except InputError as error:
        assert str(error).startswith(name) and "\n" not in str(error)
        return
    archive = merge([digest])
    plan = render_site(archive, Grouping(themes=(), theme_of={}), [], "https://example.org/")
    pages = {path for path in plan if path.startswith("papers/")}
    for path in (p for p in plan if p.endswith(".bib")):
        assert not bibtexparser.parse_string(plan[path]).failed_blocks, plan[path]
    assert len(pages) == len(archive.entries)
    assert sum(len(e.appearances) for e in archive.entries) + len(archive.notices) >= len(
        {p.line for p in digest.papers}
    )


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    for name in ("fuzz.txt", "fuzz.yml", "fuzz.bib"):
        read_and_render(data, name)


@FUZZ
@given(YAML_VALUE)
def test_random_yaml(value) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    read_and_render(text.encode("utf-8"), "fuzz.yml")
    read_and_render(f"---\n{text}---\nA title\nAn abstract of it.\n".encode(), "fuzz.txt")


@FUZZ
@given(st.lists(LINE, max_size=30))
def test_random_listing_text(lines: list[str]) -> None:
    read_and_render("\n".join(lines).encode("utf-8"), "fuzz.txt")
    read_and_render("\n".join(lines).encode("utf-8"), "fuzz.bib")


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["title", "abstract", "author", "year", "month",
                                           "eprint", "doi", "url", "note", "keywords"]),
                          LINE), max_size=8))  # fmt: skip
def test_random_bibtex_entries(fields: list[tuple[str, str]]) -> None:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    read_and_render(f"@misc{{key,\n{body}\n}}\n".encode(), "fuzz.bib")
