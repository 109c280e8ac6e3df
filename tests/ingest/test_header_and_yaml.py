"""The YAML header of a text digest, strict YAML loading, text listings and YAML digests,
each read by its own module."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import InputError
from generator.ingest.header import parse_header, split_header
from generator.ingest.listing import read_text
from generator.ingest.structured import parse_structured
from generator.ingest.yamlload import line_of, load_yaml


def test_header_is_split_off_and_its_fields_read() -> None:
    lines = ["---", "title: Reading group, week 3", "date: 2024-03-12", "---", "A title"]
    text, body = split_header(lines, "week3.txt")
    assert body == 4 and lines[body] == "A title"
    header = parse_header(text, "week3.txt")
    assert header.title == "Reading group, week 3"
    assert header.date == dt.date(2024, 3, 12)


def test_an_unclosed_header_and_an_unknown_field_name_file_and_line() -> None:
    with pytest.raises(InputError, match="never closed") as unclosed:
        split_header(["---", "title: x", "Paper title"], "open.txt")
    assert "open.txt:1" in str(unclosed.value)
    with pytest.raises(InputError, match="'colour'") as unknown:
        parse_header("title: x\ncolour: red", "odd.txt")
    assert "odd.txt:3" in str(unknown.value)  # the header starts on line 2 of the file


def test_yaml_keeps_lines_and_refuses_duplicate_keys() -> None:
    data = load_yaml("a: 1\nb:\n  c: 2\n", "x.yml")
    assert line_of(data, "b") == 2 and line_of(data["b"], "c") == 3
    with pytest.raises(InputError, match=r"x\.yml:2"):
        load_yaml("a: 1\na: 2\n", "x.yml")
    with pytest.raises(InputError, match="tab character"):
        load_yaml("a:\n\t- 1\n", "x.yml")


def test_a_listing_body_gives_title_and_abstract_pairs_and_keeps_stray_lines() -> None:
    lines = [
        "Sparse Attention at Scale",
        "We study sparse attention for long documents and show it matches dense attention.",
        "Graph Networks for Weather",
        "A graph network forecasts the weather ten days ahead more accurately than before.",
        "Submitted by someone",
    ]
    listing = read_text(list(enumerate(lines, start=1)))
    assert [p.title for p in listing.papers] == [lines[0], lines[2]]
    assert [p.line for p in listing.papers] == [1, 3]
    assert listing.papers[1].abstract == lines[3]


def test_a_yaml_digest_gives_its_papers_and_its_digest_fields() -> None:
    header, papers, _ = parse_structured(
        "title: Week 3\npapers:\n  - title: A paper\n    abstract: It does things.\n", "w.yml"
    )
    assert header.title == "Week 3"
    assert [(p.title, p.abstract, p.line) for p in papers] == [("A paper", "It does things.", 3)]
    with pytest.raises(InputError, match=r"w\.yml:1"):
        parse_structured("colour: red\n", "w.yml")
