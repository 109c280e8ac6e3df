"""Time and peak memory of the build's stages, for the summary and the benchmark."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def maxrss_mb(maxrss: int) -> float:
    """``ru_maxrss`` of a resource usage in MB (bytes on macOS, kilobytes elsewhere)."""
    return maxrss / 1024 / 1024 if sys.platform == "darwin" else maxrss / 1024


def peak_memory_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return maxrss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass
class Stopwatch:
    """Wall time per stage, and the peak memory reached by the end of each stage."""

    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the enclosed block as ``name`` (repeated stages add up)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.peak_mb[name] = peak_memory_mb()
