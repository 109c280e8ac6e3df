"""File signatures: a generated file is read again only when it may have changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.output import signatures, write
from generator.output.signatures import (
    SIGNATURES,
    current_hashes,
    load_signatures,
    signature,
)
from generator.output.write import content_hash, write_plan

SECONDS = 1_000_000_000


def reading(paths: list[str]):
    """A ``hash_of_file`` that notes which files it read."""

    def hash_of_file(path: str) -> str | None:
        paths.append(os.path.basename(path))
        return content_hash(Path(path).read_bytes())

    return hash_of_file


def test_a_file_unchanged_since_it_was_checked_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("A\n")
    checked_later = time.time_ns() + 10 * SECONDS
    known = {"a.md": ("recorded", signature(str(tmp_path / "a.md")), checked_later)}
    read: list[str] = []
    hashes, kept = current_hashes(str(tmp_path), ["a.md", "gone.md"], known, reading(read), 0)
    assert hashes == {"a.md": "recorded", "gone.md": None} and read == []
    assert kept == {"a.md": known["a.md"]}


def test_any_edit_is_read_even_with_the_same_size_and_times(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("A\n")
    before = page.stat()
    known = {"a.md": ("old", signature(str(page)), time.time_ns() + 10 * SECONDS)}
    time.sleep(0.05)  # past a coarse file clock's tick
    page.write_text("B\n")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a copy keeping times
    read: list[str] = []
    hashes, _ = current_hashes(str(tmp_path), ["a.md"], known, reading(read), 0)
    assert hashes == {"a.md": content_hash(b"B\n")} and read == ["a.md"]


def test_a_file_changed_just_before_its_check_is_read_again(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("A\n")
    now = signature(str(page))
    racy = {"a.md": ("old", now, now[2] + signatures.RACY_NANOSECONDS // 2)}
    read: list[str] = []
    hashes, kept = current_hashes(str(tmp_path), ["a.md"], racy, reading(read), 0)
    assert hashes == {"a.md": content_hash(b"A\n")} and read == ["a.md"]
    assert kept["a.md"][0] == content_hash(b"A\n")


def test_builds_read_only_the_files_they_may_not_know(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(signatures, "RACY_NANOSECONDS", 0)
    read: list[str] = []
    monkeypatch.setattr(write, "_hash_of_file", reading(read))
    plan = {"papers/a.md": "A\n", "papers/b.md": "B\n"}
    write_plan(tmp_path, plan, ("papers",))
    write_plan(tmp_path, plan, ("papers",))
    assert sorted(read) == ["a.md", "b.md"]  # written by the build before: read once
    read.clear()
    time.sleep(0.01)
    stats = write_plan(tmp_path, {**plan, "papers/b.md": "B2\n"}, ("papers",))
    assert read == [] and stats.written == 1
    assert set(load_signatures(str(tmp_path))) == {"papers/a.md", "papers/b.md"}


def test_damaged_signatures_only_mean_reading_every_file(tmp_path: Path) -> None:
    write_plan(tmp_path, {"papers/a.md": "A\n"}, ("papers",))
    (tmp_path / SIGNATURES).write_text('{"papers/a.md": [1, 2]')
    assert load_signatures(str(tmp_path)) == {}
    (tmp_path / "papers/a.md").write_text("my edit\n")
    stats = write_plan(tmp_path, {"papers/a.md": "A\n"}, ("papers",), force=True)
    assert stats.written == 1 and (tmp_path / "papers/a.md").read_text() == "A\n"
