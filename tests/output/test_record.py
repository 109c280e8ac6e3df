"""The record of the last build: what makes a rebuild necessary."""

from __future__ import annotations

from pathlib import Path

from generator.output.record import fingerprint, inputs_hash, load_record, save_record


def test_the_inputs_hash_follows_digests_and_settings(tmp_path: Path) -> None:
    digest = tmp_path / "a.txt"
    digest.write_text("A title\nAn abstract.\n")
    first = inputs_hash([("a.txt", digest)], ("settings", 1), "code")
    assert inputs_hash([("a.txt", digest)], ("settings", 1), "code") == first
    assert inputs_hash([("a.txt", digest)], ("settings", 2), "code") != first
    assert inputs_hash([("a.txt", digest)], ("settings", 1), "other code") != first
    digest.write_text("A title\nAnother abstract.\n")
    assert inputs_hash([("a.txt", digest)], ("settings", 1), "code") != first


def test_the_fingerprint_follows_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "themes.yml"
    none = fingerprint("inputs", registry)
    registry.write_text("themes: {}\n")
    assert fingerprint("inputs", registry) != none


def test_a_record_is_saved_once_and_read_back(tmp_path: Path) -> None:
    assert load_record(tmp_path) is None
    save_record(tmp_path, "abc", {"papers_read": 3}, ["a.txt:2: a warning"])
    record_file = next(tmp_path.iterdir())
    written = record_file.stat().st_mtime_ns
    save_record(tmp_path, "abc", {"papers_read": 3}, ["a.txt:2: a warning"])
    assert record_file.stat().st_mtime_ns == written  # unchanged: not rewritten
    assert load_record(tmp_path) == {
        "inputs": "abc", "figures": {"papers_read": 3}, "notices": ["a.txt:2: a warning"]
    }  # fmt: skip
