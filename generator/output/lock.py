"""One build at a time in a project folder: an exclusive lock held while a build writes.

Two builds at once in one folder would write the same pages, the same temporary files and the
same manifest; the second now waits for the first, and says so.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".reading-digest.lock"
"""Beside digests/ and mkdocs.yml (git-ignored); it holds nothing, only the lock."""


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock for the block, waiting (with a message on standard
    error) while another build holds it. The operating system drops the lock of a build
    that dies, so a killed build never blocks the next.

    The lock is a POSIX record lock (``lockf``), which belongs to this process alone: the
    build's forked worker processes do not inherit it, so a worker outliving a killed build
    cannot hold it (an ``flock`` lock is shared with every forked child)."""
    with open(root / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            print(
                f"waiting: another build is running in {root.resolve()} (it holds {LOCK_FILE})",
                file=sys.stderr,
                flush=True,
            )
            fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)
