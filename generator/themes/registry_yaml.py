"""The build's parts of themes.yml as YAML text, written in chunks that the build's cache keeps.

Writing them with PyYAML in one dump took 0.65-0.77 s of every build at 44,700 papers
(180,000 nodes, most of it in PyYAML's representer), though a new digest changes few of their
lines. So each part is cut into chunks, and each chunk is written by itself: a theme each; in
the other parts, a run of entries that ends at an entry whose key's CRC-32 is a multiple of
``CHUNK_SPAN``, so that a new entry changes only the chunk it falls in, wherever it sorts. A
block mapping's entries are written the same alone as among the others (same indent, same
column), so the chunks together are the text of one dump of the whole (tested). Mapped with
the pipeline's cache, only the chunks whose entries changed are written again (0.10-0.11 s
when none did).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from ..runtime import PaperMap

YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it (same text, ten times faster on 50,000 papers)."""
CHUNK_SPAN = 64
"""About how many entries of a part one chunk holds (the themes part: one theme a chunk)."""
ONE_A_CHUNK = frozenset({"themes"})
"""The parts whose entries are large enough to be a chunk each."""

Chunk = tuple[str, tuple[tuple[str, object], ...], bool]
"""A part's name, a run of its entries in order, and whether the part starts with them."""


def yaml_text(parts: Mapping[str, Mapping[str, object]], map_chunks: PaperMap = map) -> str:
    """The YAML of ``parts`` (name -> its entries, in order), as ``yaml_dump`` of the whole
    would write it, each chunk written with ``map_chunks`` (the pipeline's cache)."""
    chunks = [chunk for name, entries in parts.items() for chunk in part_chunks(name, entries)]
    return "".join(map_chunks(chunk_yaml, chunks))


def part_chunks(name: str, entries: Mapping[str, object]) -> list[Chunk]:
    """The chunks of one part (see the module's docstring); one empty chunk for no entries."""
    items = list(entries.items())
    if not items:
        return [(name, (), True)]
    chunks: list[Chunk] = []
    start = 0
    for end, (key, _) in enumerate(items, start=1):
        boundary = zlib.crc32(key.encode("utf-8")) % CHUNK_SPAN == 0
        if name in ONE_A_CHUNK or boundary or end == len(items):
            chunks.append((name, tuple(items[start:end]), start == 0))
            start = end
    return chunks


def chunk_yaml(chunk: Chunk) -> str:
    """One chunk's lines: its entries under its part's name, the name's line only where the
    part starts."""
    name, entries, first = chunk
    text = yaml_dump({name: dict(entries)})
    return text if first else text.split("\n", 1)[1]


def yaml_dump(data: object) -> str:
    """YAML as themes.yml holds it: block style, in the data's order, unicode as it is."""
    return yaml.dump(
        data,
        Dumper=YAML_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
