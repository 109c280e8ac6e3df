"""Reading-group fields: what a YAML digest or a header gives a paper, what it refuses, and
what a paper in several digests shows."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import InputError
from generator.ingest.merge import merge
from generator.ingest.parse import parse_digest
from generator.ingest.reading import STATUSES, merged_reading
from generator.model import Reading

PAPER = "  - title: {title}\n    abstract: An abstract of the paper.\n"


def yaml_digest(fields: str, title: str = "Graph Paper", date: str = "2024-03-12") -> bytes:
    return f"date: {date}\npapers:\n{PAPER.format(title=title)}{fields}".encode()


def test_a_yaml_digest_gives_every_reading_field() -> None:
    digest = parse_digest(
        yaml_digest(
            "    status: Discussed\n    presenter: ' Ada  Lovelace '\n"
            "    discussed: 2024-03-14\n    rating: 4\n    tags: [graphs]\n"
        ),
        "week.yml",
    )
    (paper,) = digest.papers
    assert paper.reading == Reading("discussed", "Ada Lovelace", dt.date(2024, 3, 14), 4)
    assert paper.tags == ("graphs",)
    assert not digest.notices  # a rating is a number: no "unquoted number" warning


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("status: skimmed", "field 'status' must be one of to read, read, discussed"),
        ("discussed: next week", "field 'discussed' must be an ISO date"),
        ("discussed: '2024-02-30'", "field 'discussed' must be an ISO date"),
        ("rating: 6", "field 'rating' must be a whole number from 1 to 5"),
        ("rating: 3.5", "field 'rating' must be a whole number from 1 to 5"),
        ("rating: true", "field 'rating' must be a whole number from 1 to 5"),
        ("presenter: [Ada, Alan]", "field 'presenter' must be text"),
    ],
)
def test_a_wrong_reading_field_names_file_line_paper_and_field(field: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_digest(yaml_digest(f"    {field}\n"), "week.yml")
    text = str(raised.value)
    assert text.startswith("week.yml:5:") and "'Graph Paper'" in text and message in text


def test_a_header_reading_map_gives_fields_tags_and_notes_by_title() -> None:
    text = (
        "---\nreading:\n  graph paper:\n    status: to-read\n    tags: [graphs]\n"
        "    notes: Bring questions.\n  Not Here: {status: read}\n---\n"
        "Graph Paper\nThis abstract is long enough to read as the abstract of a paper here.\n"
    )
    digest = parse_digest(text.encode(), "week.txt")
    (paper,) = digest.papers
    assert paper.reading.status == "to read" and paper.tags == ("graphs",)
    assert paper.notes == "Bring questions."
    assert [(n.line, n.message) for n in digest.notices] == [
        (7, "a reading entry names a title that is not in this digest")
    ]
    with pytest.raises(InputError, match=r"week\.txt:4: .*unknown field 'statuss'"):
        parse_digest(b"---\nreading:\n  Graph Paper:\n    statuss: read\n---\n", "week.txt")


def test_a_header_names_a_paper_by_its_title_typed_with_other_punctuation() -> None:
    text = (
        "---\nnotes:\n  Attention is all you need.: Read section 3 twice.\n"
        "  Mixture of experts, revisited: Skim.\n---\n"
        "Attention Is All You Need\nThe dominant sequence transduction models are based on "
        "complex recurrent or convolutional neural networks.\n"
        "Mixture-of-Experts Revisited\nWe revisit sparse mixtures of experts and find "
        "that routing matters less than it seemed.\n"
    )
    digest = parse_digest(text.encode(), "week.txt")
    assert [paper.notes for paper in digest.papers] == ["Read section 3 twice.", "Skim."]
    assert not digest.notices


def test_the_newest_digest_says_where_a_paper_is() -> None:
    march = parse_digest(yaml_digest("    status: to read\n    presenter: Ada\n"), "march.yml")
    april = parse_digest(
        yaml_digest("    status: discussed\n    discussed: 2024-04-02\n", date="2024-04-01"),
        "april.yml",
    )
    for order in ([march, april], [april, march]):
        (entry,) = merge(order).entries
        assert entry.paper.reading == Reading("discussed", "Ada", dt.date(2024, 4, 2))
    assert merged_reading([]) == Reading() and not Reading()
    assert STATUSES == ("to read", "read", "discussed")


def test_shared_field_checks_name_the_field_and_its_line() -> None:
    from generator.ingest.fields import date_field, refuse_unknown_fields
    from generator.ingest.yamlload import load_yaml

    data = load_yaml("title: A\ndate: 2024-03-12\nwhen: '2024-03-14'\nbad: soon\n", "d.yml")
    assert date_field(data, "date", "d.yml") == dt.date(2024, 3, 12)
    assert date_field(data, "when", "d.yml") == dt.date(2024, 3, 14)
    assert date_field(data, "missing", "d.yml") is None
    with pytest.raises(InputError, match=r"d\.yml:4: paper 1: field 'bad' must be an ISO date"):
        date_field(data, "bad", "d.yml", "paper 1")
    unknown = r"d\.yml:3: unknown field 'when'; known fields: bad, date, title"
    with pytest.raises(InputError, match=unknown):
        refuse_unknown_fields(data, ["title", "date", "bad"], "d.yml")
