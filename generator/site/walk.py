"""Walk a folder's files with string paths: ``make site`` walks docs/ and site/ on every run,
and at 46,000 papers (a folder per page) a ``Path`` per file or folder cost half a second to a
second per walk.

In: a folder, and which entries to leave out. Out: the ``os.DirEntry`` of each file under it,
or the paths of its pages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator


def files_under(
    top: str, skip: Callable[[str, os.DirEntry], bool] | None = None
) -> Iterator[os.DirEntry]:
    """Every entry under the folder ``top`` that is not a folder, depth first; links are not
    followed into folders. ``skip(folder, entry)`` leaves an entry out, a folder with all it
    holds. A folder that is gone, or is not one, holds nothing."""
    stack = [top]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if skip is not None and skip(current, entry):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                yield entry


def pages_outside(top: str, folders: set[str]) -> list[str]:
    """Every page under the folder ``top`` (``.html``, as Pagefind's own default picks them),
    as a path under it with ``/`` between folders, but those in its top ``folders``; in name
    order."""

    def left_out(current: str, entry: os.DirEntry) -> bool:
        return current == top and entry.name in folders

    paths = (os.path.relpath(entry.path, top) for entry in files_under(top, left_out))
    return sorted(path.replace(os.sep, "/") for path in paths if path.endswith(".html"))
