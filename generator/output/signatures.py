"""Content hashes of the generated files without reading them again, as git's index does.

Before it writes, a build must know what each of its files holds now (a page edited by hand
is not overwritten). Reading 48,000 pages to hash them took 2.5 s of a daily build. So the
build keeps, per file, the hash it found and the file's stat signature (size, modification
and change times, inode) at that moment. A file whose signature is unchanged is taken to hold
that hash; any edit changes the change time, which no program can set back. A file that
changed shortly before the signatures were taken (``RACY_NANOSECONDS``) is read again: on a
coarse file clock an edit in the same tick keeps its times.

The signatures are a cache (git-ignored): missing, damaged or taken of another machine's
files, every file is read, as before.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping

SIGNATURES = ".generated-signatures.json"
"""Under docs/, beside the manifest (``write.MANIFEST``): each generated file's content hash,
stat signature and a moment before they were taken."""
RACY_NANOSECONDS = 2_000_000_000
"""A file changed less than this before its signature was taken is read again (the widest
common file clock tick is 2 s, FAT's)."""

Signature = tuple[int, int, int, int]
"""A file's size, modification and change times (ns), inode."""
Checked = tuple[str, Signature, int]
"""A file's content hash, its signature when the hash was taken, and a moment before that."""


def signature(path: str) -> Signature | None:
    """A file's stat signature, or None when there is no such file."""
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def current_hashes(
    root: str,
    paths: Iterable[str],
    known: Mapping[str, Checked],
    hash_of_file: Callable[[str], str | None],
    started: int,
) -> tuple[dict[str, str | None], dict[str, Checked]]:
    """Each path's content hash now (None: no such file), from ``known`` where the file's
    signature is the one recorded and it did not change near the moment it was checked, read
    with ``hash_of_file`` otherwise; and what was checked, to keep (``save_signatures``).
    ``started``: a moment (``time.time_ns``) before the first file is looked at."""
    hashes: dict[str, str | None] = {}
    checked: dict[str, Checked] = {}
    for path in paths:
        full = os.path.join(root, path)
        now = signature(full)
        recorded = known.get(path)
        if now is None:
            hashes[path] = None
        elif recorded and recorded[1] == now and now[2] < recorded[2] - RACY_NANOSECONDS:
            hashes[path], checked[path] = recorded[0], recorded
        elif (found := hash_of_file(full)) is not None:
            hashes[path], checked[path] = found, (found, now, started)
        else:
            hashes[path] = None
    return hashes, checked


def checked_after_writing(root: str, hashes: Mapping[str, str], started: int) -> dict[str, Checked]:
    """What to keep of files just written with these hashes (``started``: a moment before the
    writing began, so that the next build reads them once more)."""
    kept = {}
    for path, content in hashes.items():
        now = signature(os.path.join(root, path))
        if now is not None:
            kept[path] = (content, now, started)
    return kept


def load_signatures(docs: str) -> dict[str, Checked]:
    """The signatures the last build kept, or none (missing, damaged, another format)."""
    try:
        with open(os.path.join(docs, SIGNATURES), encoding="utf-8") as file:
            raw = json.load(file)
        return {
            str(path): (str(content), tuple(int(n) for n in stat), int(moment))  # type: ignore[misc]
            for path, (content, stat, moment) in raw.items()
            if len(stat) == 4
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def save_signatures(
    docs: str, checked: Mapping[str, Checked], write: Callable[[str, bytes], None]
) -> None:
    """Keep the signatures (with ``write``, an atomic write) unless the file holds them."""
    data = {path: [c[0], list(c[1]), c[2]] for path, c in sorted(checked.items())}
    encoded = (json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8")
    target = os.path.join(docs, SIGNATURES)
    try:
        with open(target, "rb") as file:
            if file.read() == encoded:
                return
    except OSError:
        pass
    with contextlib.suppress(OSError):  # a cache that cannot be kept only slows the next build
        write(target, encoded)
