"""Structured digests written in YAML: a list of papers, optionally with digest fields."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Paper
from .fields import refuse_unknown_fields, text_list
from .header import HEADER_FIELDS, Header, header_from_mapping
from .reading import NUMBER_FIELDS, READING_FIELDS, reading_from
from .yamlload import (
    Mapping,
    Sequence,
    line_of,
    load_yaml,
    text_field,
    unquoted_numbers,
)

PAPER_FIELDS = {
    "title": "the paper's title (required)",
    "abstract": "the paper's abstract (required)",
    "url": "link to the paper",
    "arxiv": "arXiv identifier, such as 2406.01234",
    "authors": "list of author names (or one comma-separated string)",
    "code": "code or project link, or a list of them",
    "tags": "list of your tags",
    "notes": "your comment on the paper",
    **READING_FIELDS,
}
DIGEST_FIELDS = {**HEADER_FIELDS, "papers": "the list of papers"}


def parse_structured(text: str, source: str) -> tuple[Header, list[Paper], list[tuple[int, str]]]:
    """Read a YAML digest: either a list of papers or a mapping with a ``papers`` list."""
    data = load_yaml(text, source)
    if data is None:
        return Header(), [], []
    if isinstance(data, Mapping):
        papers = data.get("papers")
        if papers is None:  # a digest with no papers yet
            papers = Sequence()
            papers.item_lines = []
        digest_fields = Mapping({k: v for k, v in data.items() if k != "papers"})
        digest_fields.line, digest_fields.key_lines = data.line, data.key_lines
        refuse_unknown_fields(data, DIGEST_FIELDS, source)
        header = header_from_mapping(digest_fields, source, allowed=HEADER_FIELDS)
        if not isinstance(papers, Sequence):
            raise InputError(source, "field 'papers' must be a list", line=line_of(data, "papers"))
    elif isinstance(data, Sequence):
        header, papers = Header(), data
    else:
        raise InputError(source, "a YAML digest must be a list of papers or a mapping", line=1)
    read = [
        _paper(item, source, index + 1, line)
        for index, (item, line) in enumerate(zip(papers, papers.item_lines))
    ]
    return header, read, unquoted_numbers(papers, frozenset(NUMBER_FIELDS))


def _paper(item: Any, source: str, number: int, line: int) -> Paper:
    if not isinstance(item, Mapping):
        raise InputError(source, f"paper {number} must be a mapping of fields", line=line)
    refuse_unknown_fields(item, PAPER_FIELDS, source, f"paper {number}")
    where = f"paper {number}"
    title = _required_text(item, "title", source, where)
    where = f"paper {number} ({title[:60]!r})"
    return Paper(
        title=title,
        abstract=_required_text(item, "abstract", source, where),
        line=item.line,
        arxiv=text_field(item, "arxiv", source, where),
        url=text_field(item, "url", source, where),
        authors=text_list(item, "authors", source, where, split_commas=True),
        code=text_list(item, "code", source, where),
        tags=text_list(item, "tags", source, where),
        notes=text_field(item, "notes", source, where),
        reading=reading_from(item, source, where),
    )


def _required_text(item: Mapping, key: str, source: str, where: str) -> str:
    value = text_field(item, key, source, where)
    if value is None or not value.strip():
        raise InputError(source, f"{where}: field {key!r} is required", line=item.line)
    return value.strip()
