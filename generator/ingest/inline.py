"""Markdown inline text as runs of plain text, emphasis and links, parsed by Python-Markdown.

In: one line of Markdown (a list item's text, a table cell). Out: ``Run`` records in reading
order, so that a reader of Markdown lists can tell a title link from a ``[Code]`` link without
parsing Markdown's brackets, escapes and entities itself.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")
"""Where Python-Markdown left a raw HTML tag or an entity (``<br>``, ``&amp;``) in the text."""
SEPARATOR = " | "
"""What a line break (``<br>``) inside an item reads as: a break between its parts."""


@dataclass(frozen=True)
class Run:
    """A stretch of one line's text, as Markdown marks it."""

    kind: str
    """``text``, ``strong`` (bold or italic), ``link`` or ``image``."""
    text: str
    """The text shown (an image's alternative text), without Markdown's marks."""
    href: str = ""
    """A link's address."""


class _Keep(Treeprocessor):
    """Keep the document's tree once every inline pattern and escape has been resolved."""

    root: etree.Element | None = None

    def run(self, root: etree.Element) -> None:
        self.root = root


class InlineParser:
    """Parse lines of Markdown, one at a time, with one Python-Markdown instance."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown()
        self._kept = _Keep(self._markdown)
        # After "unescape" (priority 0), so that the tree holds the text as written.
        self._markdown.treeprocessors.register(self._kept, "reading-digest-keep", -1)

    def runs(self, text: str) -> list[Run]:
        """The runs of ``text``: links with their address, emphasis, images, plain text."""
        self._markdown.reset()
        self._markdown.convert(text)
        root, stash = self._kept.root, self._markdown.htmlStash.rawHtmlBlocks
        runs: list[Run] = []
        for block in root if root is not None else ():
            _collect(block, runs, [str(item) for item in stash])
            runs.append(Run("text", " "))
        return _merged(runs)


def _collect(element: etree.Element, runs: list[Run], stash: list[str]) -> None:
    """Append the runs of ``element``'s content (not its tail)."""
    if element.text:
        runs.append(Run("text", _plain(element.text, stash)))
    for child in element:
        if child.tag == "a":
            runs.append(
                Run("link", _plain("".join(child.itertext()), stash), child.get("href", ""))
            )
            images = [image.get("alt", "") for image in child.iter("img")]
            if images and not runs[-1].text.strip():
                runs[-1] = Run("image", " ".join(images), runs[-1].href)
        elif child.tag == "img":
            runs.append(Run("image", child.get("alt", "")))
        elif child.tag in ("strong", "em", "b", "i") and not any(child.iter("a")):
            runs.append(Run("strong", _plain("".join(child.itertext()), stash)))
        else:
            _collect(child, runs, stash)
        if child.tail:
            runs.append(Run("text", _plain(child.tail, stash)))


def _plain(text: str, stash: list[str]) -> str:
    """Text with Python-Markdown's stashed HTML resolved: an entity as its character, a line
    break as ``SEPARATOR``, any other tag dropped."""

    def resolved(match: re.Match[str]) -> str:
        index = int(match.group(1))
        raw = stash[index] if index < len(stash) else ""
        if BREAK.match(raw.strip()):
            return SEPARATOR
        return "" if raw.startswith("<") else html.unescape(raw)

    return STASHED.sub(resolved, text)


def _merged(runs: list[Run]) -> list[Run]:
    """Adjacent plain runs as one, with their spaces collapsed; no empty plain run."""
    merged: list[Run] = []
    for run in runs:
        if run.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Run("text", merged[-1].text + run.text)
        else:
            merged.append(run)
    return [
        Run(run.kind, " ".join(run.text.split()) if run.kind == "text" else run.text, run.href)
        for run in merged
        if run.kind != "text" or run.text.strip()
    ]
