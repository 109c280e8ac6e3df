"""Find digest files in the digests folder and read their bytes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DIGEST_SUFFIXES = (
    ".txt",
    ".md",
    ".markdown",
    ".nbib",
    ".ris",
    ".yml",
    ".yaml",
    ".bib",
    ".csv",
    ".tsv",
    ".json",
)
# Editor and system leftovers that are never digests.
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".tmp", ".DS_Store")


@dataclass(frozen=True)
class Skipped:
    """A file in the digests folder that was not read, and why."""

    source: str
    reason: str


def find_digests(root: Path) -> tuple[list[tuple[str, Path]], list[Skipped]]:
    """List digest files under ``root`` as (name relative to root, path), sorted by name.

    Hidden files and folders, editor backups and files of other types are skipped. A link to
    a file is followed when it points inside ``root``'s project (its parent); a link to a
    folder only when it points below ``root`` itself: never to the project, to ``root`` or
    above it, which would read the whole project as digests.
    """
    found: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    digests = root.resolve()
    project = digests.parent
    visited: set[Path] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        if here.resolve() in visited:  # a link to a folder read already (or a loop)
            skipped.append(Skipped(_relative(here, root), "a link to a folder read already"))
            dirs[:] = []
            continue
        visited.add(here.resolve())
        kept_dirs = []
        # Real folders first, so a link inside the project never hides the folder it names.
        for name in sorted(dirs, key=lambda d: ((here / d).is_symlink(), d)):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not _below(path, digests):
                skipped.append(
                    Skipped(
                        _relative(path, root),
                        "a link to a folder that is not inside the digests folder, not followed",
                    )
                )
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            path = here / name
            source = _relative(path, root)
            if name.startswith(".") or name.endswith(IGNORED_SUFFIXES):
                continue
            if not name.lower().endswith(DIGEST_SUFFIXES):
                skipped.append(Skipped(source, f"not a digest type ({', '.join(DIGEST_SUFFIXES)})"))
            elif path.is_symlink() and not _inside(path, project):
                skipped.append(
                    Skipped(source, "a link to a file outside the project, not followed")
                )
            elif not path.is_file():
                skipped.append(Skipped(source, "a broken link"))
            else:
                found.append((source, path))
    return sorted(found), sorted(skipped, key=lambda s: s.source)


def _inside(path: Path, project: Path) -> bool:
    try:
        path.resolve().relative_to(project)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _below(path: Path, folder: Path) -> bool:
    """Whether a path resolves to somewhere strictly inside ``folder``."""
    return _inside(path, folder) and path.resolve() != folder


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
