"""Run a command and measure it: wall time, peak memory, output."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from ..site.mkdocs_runs import MATERIAL_NOTICE
from ..stopwatch import maxrss_mb


def measured(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Run a command (in ``env``, by default this process's); return its wall seconds, its
    peak memory in MB, and its output.

    File systems mounted with ``discard`` trim deleted files' blocks at the next journal
    commit, which slows the file creations that follow a large deletion (three times over,
    measured here); ``os.sync`` first lets that settle so that it is not charged to the
    command.
    """
    os.sync()  # the benchmark also deletes its work folders only once, at the very end
    env = {**(os.environ if env is None else env), MATERIAL_NOTICE: "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    return seconds, maxrss_mb(usage.ru_maxrss), output
