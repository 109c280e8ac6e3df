"""The digests folder: deep trees, many files, links, hidden files and editor leftovers."""

from __future__ import annotations

import os
from pathlib import Path

from generator.ingest.files import find_digests
from generator.pipeline import read_digests

ABSTRACT = "We study a problem and show that the method works on many tasks. " * 4


def test_many_files_deep_folders_links_hidden_and_backups(tmp_path: Path) -> None:
    project = tmp_path / "project"
    root = project / "digests"
    for i in range(1500):
        folder = root / f"year-{i % 3}" / f"month-{i % 12}" / "deep" / "deeper"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"d{i:04}.txt").write_text(f"Paper number {i}\n{ABSTRACT}\n")
    (root / ".hidden.txt").write_text("Hidden\n" + ABSTRACT)
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("Git internals\n" + ABSTRACT)
    (root / "notes.txt~").write_text("Backup\n" + ABSTRACT)
    (root / ".notes.txt.swp").write_bytes(b"\x00\x01swap")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside the project\n" + ABSTRACT)
    os.symlink(outside, root / "link-outside.txt")
    os.symlink(tmp_path, root / "link-to-outside-folder")
    os.symlink(root / "year-0", root / "link-inside")  # inside the project: followed
    os.symlink(root / "missing.txt", root / "broken.txt")
    os.symlink(root, root / "year-1" / "loop")  # digests/ itself: never followed
    os.symlink("..", root / "up")  # the project: never followed
    (project / "README.txt").write_text("Not a digest\n" + ABSTRACT)

    found, skipped = find_digests(root)
    names = [name for name, _ in found]
    assert len(names) == 1500  # the link inside the project names a folder read already
    assert names == sorted(names)
    assert not any("hidden" in n or ".git" in n or n.endswith("~") or "swp" in n for n in names)
    assert "link-outside.txt" not in names
    reasons = {s.source: s.reason for s in skipped}
    assert "outside the project" in reasons["link-outside.txt"]
    assert "not inside the digests folder" in reasons["link-to-outside-folder"]
    assert "not inside the digests folder" in reasons["up"]
    assert not any(n.startswith("up/") for n in names)
    assert "broken" in reasons["broken.txt"]
    assert "read already" in reasons["link-inside"]
    assert "not inside the digests folder" in reasons["year-1/loop"]
    assert "not a digest type" in reasons["picture.png"]

    digests, errors, notices = read_digests(root)
    assert not errors and len(digests) == 1500
    assert {n.source for n in notices} == set(reasons)


def test_exports_for_citation_managers_are_digests(tmp_path: Path) -> None:
    root = tmp_path / "digests"
    root.mkdir()
    (root / "pubmed-2024.nbib").write_text(
        "PMID- 30943338\nDP  - 2019 Apr 4\nTI  - Machine Learning in Medicine.\n"
        "AB  - Machine learning is a tool.\nSO  - N Engl J Med. 2019 Apr 4;380(14):1347-1358.\n"
    )
    (root / "zotero.ris").write_text("TY  - JOUR\nTI  - A Title\nAB  - It works.\nER  - \n")
    (root / "library.xml").write_text("<xml/>")
    found, skipped = find_digests(root)
    assert [name for name, _ in found] == ["pubmed-2024.nbib", "zotero.ris"]
    assert [s.source for s in skipped] == ["library.xml"]
    digests = read_digests(root)[0]
    assert [[(p.title, p.published) for p in d.papers] for d in digests] == [
        [("Machine Learning in Medicine", "2019-04-04")],
        [("A Title", None)],
    ]
