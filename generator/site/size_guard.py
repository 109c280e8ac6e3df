"""How large the built site is against GitHub Pages' limit: ``make site`` says it after every
build and warns when the site nears the limit, before a deploy fails on it.

In: the built site folder. Out: its size in bytes, and the line (and warning) the site command
prints.
"""

from __future__ import annotations

from pathlib import Path

from .walk import files_under

PAGES_LIMIT = 1_000_000_000
"""GitHub Pages publishes sites of at most 1 GB."""
WARN_SHARE = 0.8
"""Past this share of the limit the site command warns."""


def folder_size(folder: Path) -> int:
    """Total bytes of the files under a folder (links not followed)."""
    return sum(
        entry.stat(follow_symlinks=False).st_size
        for entry in files_under(str(folder))
        if entry.is_file(follow_symlinks=False)
    )


def size_line(size: int, limit: int = PAGES_LIMIT) -> str:
    """``Site size: 146 MB, 15% of GitHub Pages' 1 GB limit.``"""
    return f"Site size: {_mb(size)}, {size / limit:.0%} of GitHub Pages' {_mb(limit)} limit."


def size_warning(size: int, limit: int = PAGES_LIMIT, share: float = WARN_SHARE) -> str | None:
    """A warning when the site passes ``share`` of the limit, else None."""
    if size <= share * limit:
        return None
    return (
        f"warning: the site is {_mb(size)}, {size / limit:.0%} of GitHub Pages' {_mb(limit)} "
        "limit: past it the deploy fails. Publish the archive as sub-sites, one per year (the "
        'guide\'s section "Past one machine: sub-sites"), or trim old digests.'
    )


def _mb(size: int) -> str:
    return (
        f"{size / 1e9:.0f} GB"
        if size >= 1e9 and size % 1_000_000_000 == 0
        else f"{size / 1e6:,.0f} MB"
    )
