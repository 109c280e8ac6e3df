"""The writer: only what changed, stale pages removed, hand edits and user files protected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.output import write
from generator.output.write import (
    MANIFEST,
    KnownText,
    check_plan_paths,
    content_hash,
    write_plan,
)

OWNED = ("index.md", "papers")


def test_writes_only_what_changed_and_removes_stale(tmp_path: Path) -> None:
    plan = {"index.md": "home\n", "papers/a.md": "A\n", "papers/b.md": "B\n"}
    assert write_plan(tmp_path, plan, OWNED).written == 3
    before = {p: (tmp_path / p).stat().st_mtime_ns for p in plan}
    manifest_before = (tmp_path / MANIFEST).stat().st_mtime_ns
    stats = write_plan(tmp_path, plan, OWNED)
    assert (stats.written, stats.unchanged, stats.removed) == (0, 3, 0)
    assert before == {p: (tmp_path / p).stat().st_mtime_ns for p in plan}
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == manifest_before
    stats = write_plan(tmp_path, {"index.md": "home 2\n", "papers/a.md": "A\n"}, OWNED)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert not (tmp_path / "papers/b.md").exists()


def test_hand_edited_page_stops_the_build_unless_forced(tmp_path: Path) -> None:
    write_plan(tmp_path, {"papers/a.md": "A\n"}, OWNED)
    (tmp_path / "papers/a.md").write_text("my edit\n")
    with pytest.raises(InputError, match="edited by hand"):
        write_plan(tmp_path, {"papers/a.md": "A2\n"}, OWNED)
    assert (tmp_path / "papers/a.md").read_text() == "my edit\n"
    write_plan(tmp_path, {"papers/a.md": "A2\n"}, OWNED, force=True)
    assert (tmp_path / "papers/a.md").read_text() == "A2\n"


def test_user_files_are_never_deleted_or_overwritten(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "mine.md").write_text("mine\n")
    (tmp_path / "papers" / "a.md").write_text("also mine\n")
    with pytest.raises(InputError, match="not written by the generator"):
        write_plan(tmp_path, {"papers/a.md": "A\n"}, OWNED)
    write_plan(tmp_path, {"papers/b.md": "B\n"}, OWNED)
    write_plan(tmp_path, {}, OWNED)
    assert (tmp_path / "papers" / "mine.md").read_text() == "mine\n"
    assert (tmp_path / "papers" / "a.md").read_text() == "also mine\n"
    assert not (tmp_path / "papers" / "b.md").exists()


@pytest.mark.parametrize(
    "path", ["../x.md", "/etc/x.md", "papers/../../x.md", "other/x.md", "a\\b"]
)
def test_paths_outside_owned_folders_are_refused(path: str) -> None:
    with pytest.raises(ValueError):
        check_plan_paths({path: ""}, OWNED)


KILLER = """
import os, sys
from pathlib import Path
import generator.output.write as write
real_replace = os.replace
count = 0
def replace_then_die(src, dst):
    global count
    real_replace(src, dst)
    count += 1
    if count == int(sys.argv[2]):
        os._exit(9)
os.replace = replace_then_die
plan = {f"papers/p{i}.md": f"new {i}\\n" * int(sys.argv[3]) for i in range(20)}
write.write_plan(Path(sys.argv[1]), plan, ("papers",))
"""


def test_killed_build_leaves_old_or_new_pages_and_the_next_build_repairs(tmp_path: Path) -> None:
    old = {f"papers/p{i}.md": f"old {i}\n" for i in range(20)}
    write_plan(tmp_path, old, ("papers",))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(tmp_path), "8", "1000"], env=env, check=False
    )
    assert done.returncode == 9
    for i in range(20):
        text = (tmp_path / f"papers/p{i}.md").read_text()
        assert text in (f"old {i}\n", f"new {i}\n" * 1000)
    new = {f"papers/p{i}.md": f"new {i}\n" * 1000 for i in range(20)}
    stats = write_plan(tmp_path, new, ("papers",))  # no "edited by hand" refusal
    assert stats.written + stats.unchanged == 20
    assert all((tmp_path / p).read_text() == t for p, t in new.items())
    assert not list((tmp_path / "papers").glob(".rd-tmp-*"))


def test_many_pages_in_many_folders_are_all_written(tmp_path: Path) -> None:
    plan = {f"papers/{i % 7}/p{i}.md": f"page {i}\n" for i in range(500)}
    assert write_plan(tmp_path, plan, OWNED).written == 500
    assert all((tmp_path / path).read_text() == text for path, text in plan.items())
    assert not list(tmp_path.rglob(".rd-tmp-*"))


def test_a_write_that_fails_leaves_no_half_page(tmp_path: Path, monkeypatch) -> None:
    class Full:
        def __init__(self, path: str, mode: str) -> None:
            self.handle = open(path, mode)  # noqa: SIM115 - closed in __exit__

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            self.handle.write(data[:3])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "open", Full, raising=False)
    (tmp_path / "old.md").write_bytes(b"the old page")
    for name in ("new.md", "old.md"):
        with pytest.raises(OSError, match="No space") as raised:
            write.atomic_write(str(tmp_path / name), b"a whole page")
        assert raised.value.filename == str(tmp_path / name)  # the user's file, not the temp
    assert not (tmp_path / "new.md").exists()
    assert (tmp_path / "old.md").read_bytes() == b"the old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.md"]


def test_errors_name_the_users_file_and_the_cause(tmp_path: Path) -> None:
    (tmp_path / f"{write.TEMP_PREFIX}themes.yml").mkdir()  # something in the temporary's way
    with pytest.raises(OSError) as raised:
        write.atomic_write(tmp_path / "themes.yml", b"themes: {}\n")
    assert raised.value.filename == str(tmp_path / "themes.yml")
    assert "Is a directory" in raised.value.strerror
    assert "temporary file" in raised.value.strerror


@pytest.mark.parametrize("killed_after", [2, 8, 20])
def test_a_fresh_build_killed_while_writing_leaves_only_whole_pages(
    tmp_path: Path, killed_after: int
) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(tmp_path), str(killed_after), "2000"],
        env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 9
    pages = sorted((tmp_path / "papers").glob("*.md"))
    # The first rename is the manifest's (it lists the new pages before any is written).
    assert len(pages) == killed_after - 1  # the others never begun, or left as temporaries
    assert all(page.read_text() == f"new {page.stem[1:]}\n" * 2000 for page in pages)
    new = {f"papers/p{i}.md": f"new {i}\n" * 2000 for i in range(20)}
    stats = write_plan(tmp_path, new, ("papers",))  # no "edited by hand" refusal
    assert (stats.written, stats.unchanged) == (21 - killed_after, killed_after - 1)
    assert not list((tmp_path / "papers").glob(".rd-tmp-*"))


def known(text: str, renders: list[str]) -> KnownText:
    """A page known by its hash whose renders are counted in ``renders``."""

    def render() -> str:
        renders.append(text)
        return text

    return KnownText(content_hash(text.encode("utf-8")), render)


def test_a_page_known_by_its_hash_is_rendered_only_when_its_file_must_be_written(
    tmp_path: Path,
) -> None:
    write_plan(tmp_path, {"papers/a.md": "A\n", "papers/b.md": "B é\n"}, OWNED)
    renders: list[str] = []
    plan = {"papers/a.md": known("A\n", renders), "papers/b.md": known("B é\n", renders)}
    assert write_plan(tmp_path, plan, OWNED).written == 0 and renders == []
    (tmp_path / "papers" / "b.md").unlink()
    assert write_plan(tmp_path, plan, OWNED).written == 1 and renders == ["B é\n"]
    assert (tmp_path / "papers" / "b.md").read_text("utf-8") == "B é\n"
    (tmp_path / "papers" / "a.md").write_text("edited\n")
    with pytest.raises(InputError, match="edited by hand"):
        write_plan(tmp_path, plan, OWNED)
    assert write_plan(tmp_path, plan, OWNED, force=True).written == 1
    assert (tmp_path / "papers" / "a.md").read_text() == "A\n"


def test_a_page_whose_known_hash_is_wrong_is_recorded_by_what_was_written(
    tmp_path: Path,
) -> None:
    wrong = KnownText(content_hash(b"what the cache said\n"), lambda: "what it is\n")
    assert write_plan(tmp_path, {"papers/a.md": wrong}, OWNED).written == 1
    assert (tmp_path / "papers" / "a.md").read_text() == "what it is\n"
    # Recorded as the generator's own: the same text again is unchanged, not "edited".
    assert write_plan(tmp_path, {"papers/a.md": "what it is\n"}, OWNED).written == 0
