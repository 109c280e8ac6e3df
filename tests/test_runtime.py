"""How a build uses the machine: the pool of per-paper workers, the paused collector."""

from __future__ import annotations

import gc
import multiprocessing

import pytest

from generator.runtime import cyclic_gc_paused, paper_map, usable_cores


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this system"
)
def test_the_pool_forks_its_workers_when_it_opens_and_maps_in_order() -> None:
    """Forked before the build loads its data, a worker shares none of it copy-on-write."""
    with paper_map(2) as mapped:
        workers = multiprocessing.active_children()
        assert len(workers) == 2  # before any map
        assert list(mapped(abs, list(range(-50, 50)))) == [abs(i) for i in range(-50, 50)]
    assert not any(worker.is_alive() for worker in workers)


def _collector_running(_: int) -> bool:
    return gc.isenabled()


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this system"
)
def test_the_workers_run_the_collector_though_the_build_paused_it() -> None:
    """What a worker computes is short-lived, and libraries' cycles would pile up."""
    with cyclic_gc_paused(), paper_map(2) as mapped:
        assert all(mapped(_collector_running, list(range(8))))
        assert not gc.isenabled()


def test_one_worker_is_the_built_in_map() -> None:
    with paper_map(1) as mapped:
        assert mapped is map
    assert usable_cores() >= 1


def test_objects_made_while_the_collector_is_paused_skip_its_young_generations() -> None:
    """Else the first allocation after a build walks every object it made."""
    enabled = gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        made = [[i] for i in range(50_000)]
    assert gc.isenabled() == enabled
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert id(made[0]) in oldest and id(made[-1]) in oldest
    assert gc.get_freeze_count() == 0  # collected as usual from there, not frozen for good
