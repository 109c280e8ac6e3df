"""How well hard-wrapped listings read: the sample listings wrapped at every width, parsed,
and compared with the unwrapped parse.

    python -m generator.devtools.wrap_accuracy [--step N]

prints, per range of widths, the share of papers whose title or abstract come out different,
for abstracts wrapped alone and for titles wrapped too (``textwrap``, breaking at spaces only,
as mail clients do).
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from ..ingest.lines import looks_like_abstract
from ..ingest.parse import parse_digest

WIDTH_RANGES = ((40, 59), (60, 71), (72, 90), (91, 120))


def wrap_listing(text: str, width: int, *, titles: bool, hyphens: bool = False) -> str:
    """Wrap every abstract line (and, with ``titles``, every other long line) at ``width``."""
    wrapped = []
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) > width and (titles or looks_like_abstract(stripped)):
            wrapped += textwrap.wrap(
                stripped, width, break_on_hyphens=hyphens, break_long_words=False
            )
        else:
            wrapped.append(line)
    return "\n".join(wrapped) + "\n"


def papers_of(text: str) -> set[tuple[str, str]]:
    return {(p.title, p.abstract) for p in parse_digest(text.encode("utf-8"), "paste.txt").papers}


def wrong_share(texts: list[str], widths: range, *, titles: bool) -> tuple[int, int]:
    """(papers that differ, papers compared) over the texts wrapped at each width."""
    wrong = total = 0
    for text in texts:
        expected = papers_of(text)
        for width in widths:
            got = papers_of(wrap_listing(text, width, titles=titles))
            wrong += len(expected - got)
            total += len(expected)
    return wrong, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digests", type=Path, default=Path("digests"))
    parser.add_argument("--step", type=int, default=1, help="every Nth width (default: all)")
    args = parser.parse_args(argv)
    texts = [path.read_text("utf-8") for path in sorted(args.digests.glob("*.txt"))]
    print("| widths | abstracts wrapped | titles wrapped too |")
    print("| --- | --- | --- |")
    for low, high in WIDTH_RANGES:
        widths = range(low, high + 1, args.step)
        cells = []
        for titles in (False, True):
            wrong, total = wrong_share(texts, widths, titles=titles)
            cells.append(f"{100 * wrong / max(total, 1):.2f}% ({wrong} of {total})")
        print(f"| {low}-{high} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
