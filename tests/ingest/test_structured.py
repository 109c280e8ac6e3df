"""YAML digests: the schema, and messages that name file, line, paper and field."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.errors import InputError
from generator.ingest.parse import parse_digest


def parse_yaml(text: str):
    return parse_digest(text.encode(), "papers.yml")


def test_list_of_papers() -> None:
    digest = parse_yaml(
        "- title: A\n  abstract: About A.\n  arxiv: '2401.00001'\n  authors: X Y, Z W\n"
        "  code: [https://github.com/a/b]\n  tags: [t]\n  notes: mine\n"
        "- title: B\n  abstract: About B.\n"
    )
    first, second = digest.papers
    assert first.arxiv == "2401.00001" and first.authors == ("X Y", "Z W")
    assert first.code == ("https://github.com/a/b",) and first.tags == ("t",)
    assert first.notes == "mine" and (first.line, second.line) == (1, 8)


def test_mapping_with_digest_fields() -> None:
    digest = parse_yaml("title: Week\ndate: 2024-01-02\npapers:\n  - title: A\n    abstract: x\n")
    assert digest.title == "Week" and str(digest.date) == "2024-01-02"


def test_hostile_fixture_reads() -> None:
    digest = parse_digest((FIXTURES / "digests" / "hostile.yml").read_bytes(), "hostile.yml")
    assert len(digest.papers) == 10
    assert any("\x00" in p.title for p in digest.papers)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("- title: A\n  abstarct: x\n", "papers.yml:2:", "unknown field 'abstarct'"),
        ("- title: A\n  abstract: [1, 2]\n", "papers.yml:2:", "'abstract' must be text"),
        ("- title: A\n", "papers.yml:1:", "'abstract' is required"),
        ("- title: A\n  abstract: x\n  title: B\n", "papers.yml:3:", "duplicate key"),
        ("- title: A\n\tabstract: x\n", "papers.yml:2:", "tab"),
        ("- title: A\n  abstract: x\n   bad: indent\n", "papers.yml:3:", "invalid YAML"),
        ("date: someday\npapers: []\n", "papers.yml:1:", "'date'"),
        ("- just text\n", "papers.yml:1:", "paper 1 must be a mapping"),
        ("papers: 3\n", "papers.yml:1:", "'papers' must be a list"),
        ("- title: A\n  abstract: x\n  authors: {a: b}\n", "papers.yml:3:", "'authors'"),
        ('- title: "A \\ud800"\n  abstract: x\n', "papers.yml:1:", "surrogate"),
    ],
)
def test_errors_are_located(text: str, where: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        parse_yaml(text)
    message = str(error.value)
    assert message.startswith(where), message
    assert words in message, message
