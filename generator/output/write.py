"""Write the plan of pages into docs/: only what changed, never half a page, never outside its
folders.

Ownership rule: the generator owns the files it wrote, recorded with their content hashes in
``docs/.generated.json``. It overwrites or removes a file only while the file still holds what
the generator wrote. A generated page edited by hand stops the build with a list of such files
(``--force`` overwrites them); a file the generator did not write is never deleted, and one
standing where a generated page must go stops the build.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .signatures import checked_after_writing, current_hashes, load_signatures, save_signatures

MANIFEST = ".generated.json"
TEMP_PREFIX = ".rd-tmp-"


@dataclass(frozen=True)
class WriteStats:
    """What one write did."""

    written: int
    unchanged: int
    removed: int
    written_by_folder: dict[str, int] = field(default_factory=dict)
    """Files written per top folder under docs/ (``.`` for files at its top)."""


def content_hash(data: bytes) -> str:
    """Content hash used to recognise the generator's own files."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class KnownText:
    """A generated file known by the ``content_hash`` of its text, not by the text: the
    build's cache keeps only the hashes of the pages it rendered before, and such a page is
    rendered again (``render``) only when its file must be written."""

    digest: str
    render: Callable[[], str]


Plan = Mapping[str, "str | KnownText"]
"""The generated files: path under docs/ -> text, or the text's ``KnownText``."""


def planned_hash(planned: str | KnownText) -> str:
    """The content hash a planned file will have."""
    if isinstance(planned, KnownText):
        return planned.digest
    return content_hash(planned.encode("utf-8"))


def check_plan_paths(plan: Plan, owned: tuple[str, ...]) -> None:
    """Refuse any path that is absolute, climbs out, or lies outside the owned folders."""
    # Most paths lie in an owned folder: one set lookup of their first part decides them.
    folders = {entry.rstrip("/") for entry in owned if "*" not in entry}
    for path in plan:
        if path.startswith("/") or ".." in path.split("/") or "\\" in path or "\x00" in path:
            raise ValueError(f"refusing to write outside docs/: {path!r}")
        if path.split("/", 1)[0] in folders:
            continue
        if not any(owns(o, path) for o in owned):
            raise ValueError(f"refusing to write a path the generator does not own: {path!r}")


def owns(entry: str, path: str) -> bool:
    """Whether an owned entry (a file, a folder, or a file pattern such as ``feed-*.xml``)
    covers a path."""
    if "*" in entry:
        return "/" not in path and fnmatch.fnmatchcase(path, entry)
    return path == entry or path.startswith(entry.rstrip("/") + "/")


def write_plan(
    docs: Path,
    plan: Plan,
    owned: tuple[str, ...],
    *,
    force: bool = False,
) -> WriteStats:
    """Make ``docs`` hold exactly the plan's generated files; report what changed."""
    check_plan_paths(plan, owned)
    manifest = _load_manifest(docs)
    _remove_stale_temp_files(docs, owned)
    root = os.fspath(docs)  # string paths below: pathlib costs more than the writes
    started = time.time_ns()
    known = load_signatures(root)
    current, checked = current_hashes(root, manifest, known, _hash_of_file, started)
    edited = [
        path
        for path, hashes in sorted(manifest.items())
        if current[path] is not None and current[path] not in hashes
    ]
    # Each page is encoded to hash it and dropped (or its hash is known: ``KnownText``); only
    # the changed ones are encoded again to be written (holding every page's bytes at once
    # doubled the memory of a large archive).
    new_hashes = {path: planned_hash(planned) for path, planned in plan.items()}
    foreign = [
        path
        for path in sorted(new_hashes)
        if path not in manifest and os.path.exists(os.path.join(root, path))
    ]
    if foreign and not force:
        raise InputError(
            str(docs),
            "these files were not written by the generator but stand where generated pages "
            f"go; move them or build with --force to replace them: {', '.join(foreign[:5])}",
        )
    if edited and not force:
        raise InputError(
            str(docs),
            "generated pages were edited by hand and would be overwritten; keep your text in "
            "digests/ (notes) or a page of your own, or build with --force: "
            + ", ".join(edited[:5]),
        )
    # Record old and new hashes before touching any page, so an interrupted build leaves
    # every file recognisably the generator's own.
    pending = {path: set(hashes) for path, hashes in manifest.items()}
    for path, digest in new_hashes.items():
        pending.setdefault(path, set()).add(digest)
    _save_manifest(docs, pending)
    changed = sorted(path for path in new_hashes if current.get(path) != new_hashes[path])
    write_files(root, _encoded(plan, changed, new_hashes))
    checked.update(
        checked_after_writing(root, {path: new_hashes[path] for path in changed}, started)
    )
    by_folder: dict[str, int] = {}
    for path in changed:
        folder = path.split("/", 1)[0] if "/" in path else "."
        by_folder[folder] = by_folder.get(folder, 0) + 1
    written, unchanged, removed = len(changed), len(new_hashes) - len(changed), 0
    for path in sorted(set(manifest) - set(new_hashes)):
        target = docs / path
        if target.is_file() and (force or path not in edited):
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, docs)
    _save_manifest(docs, {path: {digest} for path, digest in new_hashes.items()})
    kept = {path: checked[path] for path in new_hashes if path in checked}
    save_signatures(root, kept, atomic_write)
    return WriteStats(written, unchanged, removed, dict(sorted(by_folder.items())))


def _encoded(plan: Plan, paths: list[str], hashes: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    """Each path with its bytes, one at a time. A page the plan knows only by its hash is
    rendered here, and ``hashes`` records the hash of what was rendered."""
    for path in paths:
        planned = plan[path]
        if isinstance(planned, KnownText):
            data = planned.render().encode("utf-8")
            hashes[path] = content_hash(data)
        else:
            data = planned.encode("utf-8")
        yield path, data


def write_files(root: str, files: Iterable[tuple[str, bytes]]) -> None:
    """Write each (path under ``root``, content) with ``atomic_write``, one at a time: a
    first build's pages are encoded as they are written, never all held at once."""
    made: set[str] = set()
    for path, data in files:
        atomic_write(os.path.join(root, path), data, made=made)


def atomic_write(target: str | Path, data: bytes, *, made: set[str] | None = None) -> None:
    """Write a file so that readers see the old or the new content, never a part.

    The temporary file sits beside the target under a fixed name (one build writes at a
    time; ``_remove_stale_temp_files`` clears what an interrupted build left). ``made``
    remembers folders already created, saving a system call per page.
    """
    folder, name = os.path.split(os.fspath(target))
    if made is None or folder not in made:
        os.makedirs(folder or ".", exist_ok=True)
        if made is not None:
            made.add(folder)
    temp = os.path.join(folder, TEMP_PREFIX + name)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if not isinstance(error, OSError):
            raise
        cause = error.strerror or str(error)
        if error.filename == temp:
            cause += f" (its temporary file {TEMP_PREFIX + name})"
        # Named for the user's file, not the temporary one, and never without a name.
        raise OSError(error.errno, cause, os.fspath(target)) from None


def _hash_of_file(path: str | Path) -> str | None:
    """Content hash of a file, or None when there is no such file."""
    try:
        with open(path, "rb") as handle:
            return content_hash(handle.read())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _load_manifest(docs: Path) -> dict[str, set[str]]:
    path = docs / MANIFEST
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text("utf-8"))
        return {str(k): set(v) for k, v in raw.items()}
    except (ValueError, AttributeError, TypeError):
        raise InputError(
            str(path), "the generator's record of its files is damaged; delete it and rebuild"
        ) from None


def _save_manifest(docs: Path, manifest: dict[str, set[str]]) -> None:
    data = {path: sorted(hashes) for path, hashes in sorted(manifest.items())}
    # One line: json's C encoder runs only without indentation (the Python one took several
    # times as long for 19,000 paths under the profiler).
    encoded = (json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8")
    target = docs / MANIFEST
    if not target.is_file() or target.read_bytes() != encoded:
        atomic_write(target, encoded)


def _remove_stale_temp_files(docs: Path, owned: tuple[str, ...]) -> None:
    """Remove temporary files an interrupted build left behind."""
    folders = {docs} | {docs / o for o in owned if "*" not in o and (docs / o).is_dir()}
    for folder in folders:
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)


def _remove_empty_parents(folder: Path, docs: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def outputs_intact(docs: Path) -> int | None:
    """The number of generated files when every one is still as written, else None."""
    manifest = _load_manifest(docs)
    if not manifest:
        return None
    root = os.fspath(docs)
    known = load_signatures(root)
    current, _ = current_hashes(root, manifest, known, _hash_of_file, time.time_ns())
    if any(current[path] not in hashes for path, hashes in manifest.items()):
        return None
    return len(manifest)
