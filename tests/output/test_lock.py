"""Two builds in one folder: the second waits for the first, and says so."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, make_project

from generator.output.lock import LOCK_FILE, build_lock


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with build_lock(root):
        second = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--quiet"],
            cwd=root, stderr=subprocess.PIPE, text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert second.stderr is not None
        waiting = second.stderr.readline()
        assert "waiting: another build is running" in waiting
        time.sleep(0.3)
        assert second.poll() is None  # still waiting while the lock is held
        assert not (root / "docs" / "index.md").exists()
    assert second.wait(timeout=60) == 0
    assert (root / "docs" / "index.md").is_file()
    assert (root / LOCK_FILE).exists()
