"""Records of tagged lines (``tagged``), as the MEDLINE and RIS readers use them."""

from __future__ import annotations

from generator.ingest.tagged import first_last, records
from generator.ingest.wos import WOS_TAG


def numbered(*lines: str) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


def test_records_end_at_their_end_tag_and_keep_every_value_with_its_line() -> None:
    found, stray = records(
        numbered("TY  - JOUR", "AU  - A, B", "AU  - C, D", "ER  - ", "a stray line", "TY  - BOOK"),
        starts="TY",
        ends="ER",
        continues=lambda raw: True,
    )
    assert [record.values("AU") for record in found] == [["A, B", "C, D"], []]
    assert (found[0].line("AU"), found[0].line(), found[1].first("TY")) == (2, 1, "BOOK")
    assert stray == [(5, "a stray line")]  # after an entry's end, before the next


def test_a_value_goes_on_only_where_the_format_says_and_a_blank_line_ends_a_record() -> None:
    found, stray = records(
        numbered(
            "PMID- 1", "AB  - One", "      two", "not indented", "", "      orphan", "TI  - T"
        ),
        starts="PMID",
        ends=None,
        continues=lambda raw: raw.startswith("      "),
    )
    assert found[0].first("AB") == "One two"
    assert [r.first("TI") for r in found] == ["", "T"]  # a tag after a blank line starts one
    assert stray == [(4, "not indented"), (6, "orphan")]


def test_names_written_last_name_first_read_first_name_first() -> None:
    assert first_last("Vaswani, Ashish") == "Ashish Vaswani"
    assert first_last("van der Waals, Johannes") == "Johannes van der Waals"
    assert first_last("Aristotle") == "Aristotle"


def test_a_line_going_on_may_be_the_next_value_of_its_tag() -> None:
    found, stray = records(
        numbered("PT J", "AU Vaswani, A", "   Shazeer, N", "TI Attention Is", "   All", "ER"),
        starts="PT",
        ends="ER",
        continues=lambda raw: raw.startswith("   "),
        tag_line=WOS_TAG,
        one_value_a_line=True,
    )
    assert found[0].values("AU") == ["Vaswani, A", "Shazeer, N"]  # one author a line
    assert found[0].values("TI") == ["Attention Is", "All"]  # the reader joins a title
    assert (found[0].line("TI"), stray) == (4, [])
