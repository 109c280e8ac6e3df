"""Two builds in one folder: the second waits for the first, and says so."""

from __future__ import annotations

import fcntl
import os
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


ORPHAN_SCRIPT = """
import multiprocessing, os, sys
from pathlib import Path
from generator.output.lock import build_lock
from generator.runtime import paper_map

with build_lock(Path(sys.argv[1])), paper_map(2) as mapped:
    list(mapped(abs, list(range(-8, 8))))  # the pool's workers are running now
    print(*(child.pid for child in multiprocessing.active_children()), flush=True)
    os.kill(os.getpid(), 9)  # killed mid-build, as by kill -9
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_build_leaves_no_worker_behind_and_no_lock(tmp_path: Path) -> None:
    """Forked pool workers neither keep the lock of a killed build (it is the process's own)
    nor outlive it (they watch for their parent)."""
    killed = subprocess.run(
        [sys.executable, "-c", ORPHAN_SCRIPT, str(tmp_path)],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    workers = [int(pid) for pid in killed.stdout.split()]
    assert killed.returncode == -9 and len(workers) == 2, killed.stderr
    with open(tmp_path / LOCK_FILE, "a+b") as handle:  # free at once: no orphan holds it
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)
