"""The command line: parse JSON, build summary, exit codes, --strict, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, run_python

from generator.cli import main


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_python(cwd, "-m", "generator", *args)


def test_parse_prints_json_keyed_by_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "digests" / "cards.txt")]) == 0
    data = json.loads(capsys.readouterr().out)
    cards = data["cards.txt"]
    assert cards["date"] == "Mar 14"
    assert cards["papers"][0]["line"] == 5
    assert cards["fragments"] == [
        {
            "line": 16,
            "text": "A title that lost its abstract",
            "reason": "title without an abstract",
        }
    ]
    assert cards["warnings"] == [
        "cards.txt:16: title without an abstract: A title that lost its abstract"
    ]


def test_parse_reports_unreadable_and_invalid_files(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("- title: A\n  abstarct: x\n")
    assert main(["parse", str(bad)]) == 1  # refused: reported in the JSON, and the status says so
    assert "unknown field" in json.loads(capsys.readouterr().out)["bad.yml"]["errors"][0]
    assert main(["parse", str(tmp_path / "missing.txt")]) == 1
    capsys.readouterr()
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    good = FIXTURES / "digests" / "cards.txt"
    assert main(["parse", str(good), str(binary)]) == 1  # one refused file is enough
    printed = json.loads(capsys.readouterr().out)
    assert printed["cards.txt"]["papers"] and printed["scan.txt"]["errors"]
    assert main(["parse", str(good)]) == 0


def test_help_for_every_command() -> None:
    for command in ("build", "parse", "bench-themes"):
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0


@pytest.mark.slow
def test_build_summary_warnings_and_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    done = cli("build", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (
        "Digests read: 7; papers read: 42; unique papers: 42; lines not read as papers: 1."
        in done.stdout
    )
    assert "Pages written:" in done.stdout and "Time:" in done.stdout
    assert "warning: cards.txt:16: title without an abstract" in done.stderr
    strict = cli("build", "--strict", cwd=root)
    assert strict.returncode == 1 and "--strict" in strict.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "digests/image.txt"),
        ("broken.yml", b"- title: A\n  abstract: [\n", "broken.yml:"),
        ("dupe.txt", b"---\ntitle: a\ntitle: b\n---\n", "dupe.txt:3: invalid YAML: duplicate key"),
    ],
)
def test_fatal_input_is_one_line_per_problem_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    root = make_project(tmp_path)
    (root / "digests" / name).write_bytes(content)
    done = cli("build", cwd=root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and message.split("/")[-1] in done.stderr
    assert not (root / "docs" / "papers").exists()


@pytest.mark.slow
def test_unchanged_rebuild_is_skipped_and_damage_repaired(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert cli("build", cwd=root).returncode == 0
    again = cli("build", cwd=root)
    assert "Pages written: 0;" in again.stdout and "Time: 0.0 s." in again.stdout
    assert "warning: cards.txt:16" in again.stderr  # recorded warnings are reported again
    page = next((root / "docs" / "papers").glob("*.md"))
    page.unlink()
    repaired = cli("build", cwd=root)
    assert "Pages written: 1;" in repaired.stdout and page.exists()
    (root / "digests" / "cards.txt").write_text("A new title\n" + "We study it. " * 30)
    changed = cli("build", cwd=root)
    assert "Pages written: 0;" not in changed.stdout
