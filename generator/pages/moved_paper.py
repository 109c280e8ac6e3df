"""The page left at the address of a title that is now a version of another paper.

A paper published under two titles (two pages) becomes one paper when a digest shows that
they are one (the same arXiv id or DOI, or the same words but for punctuation): the page of
the later title stays, so that its links keep working, and sends the reader to the paper.
"""

from __future__ import annotations

from ..model import Archive, MovedPaper
from .markup import front_matter, html_text, md_inline
from .texmath import plain_text

MOVED = "This title is one of the listings of a paper, whose page is"
"""What the page says, before the link to the paper's page."""


def render_moved_paper(moved: MovedPaper, archive: Archive) -> str:
    """The Markdown page at ``papers/<moved.slug>``: its old title and a link to the paper.
    Search leaves it out (``moved`` in its front matter): the paper's own page is the result."""
    entry = archive.by_key[moved.key]
    title, now = plain_text(moved.title), plain_text(entry.paper.title)
    head = {"title": html_text(title), "description": html_text(f"{MOVED} {now}."), "moved": "1"}
    return "\n".join(
        [
            front_matter(head, light_frame=True),
            f"# {md_inline(title)}",
            "",
            f"{MOVED} [{md_inline(now)}]({entry.slug}.md): the same arXiv id or DOI, or the "
            "same title but for its punctuation, names both.",
            "",
        ]
    )
