"""Paper pages' theme-independent parts rendered in a forked worker are the same as in-process."""

from __future__ import annotations

import multiprocessing

import pytest
from conftest import FIXTURES, require

from generator import prerender
from generator.merge import merge
from generator.pipeline import read_digests


@pytest.fixture(scope="module")
def archive():
    digests, errors, _ = read_digests(FIXTURES / "digests")
    assert not errors
    return merge(digests)


def test_forked_worker_renders_the_same_parts(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and prerender.usable_cores() >= 2,
        "needs fork and two cores",
    )
    with prerender.paper_parts_started(archive, parallel_from=10**9) as pending:
        in_process = pending.result()
        assert pending.worker_peak_mb is None
    with prerender.paper_parts_started(archive, parallel_from=0) as pending:
        forked = pending.result()
        assert pending.worker_peak_mb and pending.worker_peak_mb > 0
    assert list(forked) == [entry.key for entry in archive.entries]
    assert forked == in_process
    assert not multiprocessing.active_children()


def test_worker_is_stopped_when_the_build_fails_before_asking(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and prerender.usable_cores() >= 2,
        "needs fork and two cores",
    )
    with pytest.raises(RuntimeError), prerender.paper_parts_started(archive, parallel_from=0):
        assert multiprocessing.active_children()
        raise RuntimeError("grouping failed")
    assert not multiprocessing.active_children()
