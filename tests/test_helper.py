"""Work done in the forked helper process comes out the same as in the main process."""

from __future__ import annotations

import multiprocessing
import os

import numpy as np
import pytest
from conftest import FIXTURES, require

from generator import helper
from generator.group import group
from generator.labels import phrase_reader, theme_terms
from generator.merge import merge
from generator.model import Notice
from generator.paper_page import all_paper_parts
from generator.pipeline import read_digests
from generator.registry import Registry
from generator.render import render_site
from generator.textprep import clean_for_statistics
from generator.theme_params import DEFAULT_PARAMETERS


@pytest.fixture(scope="module")
def archive():
    digests, errors, _ = read_digests(FIXTURES / "digests")
    assert not errors
    return merge(digests)


def test_forked_helper_renders_the_same_paper_parts(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    with helper.helper_started(archive, parallel_from=10**9) as here:
        assert here.paper_parts() is None  # render_site renders them in-process
        assert here.worker_peak_mb is None and here.label_counter(DEFAULT_PARAMETERS) is None
    in_process = dict(zip((e.key for e in archive.entries), all_paper_parts(archive)))
    with helper.helper_started(archive, parallel_from=0) as forked_helper:
        forked = forked_helper.paper_parts()
        assert forked_helper.worker_peak_mb and forked_helper.worker_peak_mb > 0
    assert list(forked) == [entry.key for entry in archive.entries]
    assert forked == in_process
    assert not multiprocessing.active_children()


def test_worker_is_stopped_when_the_build_fails_before_asking(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    with pytest.raises(RuntimeError), helper.helper_started(archive, parallel_from=0):
        assert multiprocessing.active_children()
        raise RuntimeError("grouping failed")
    assert not multiprocessing.active_children()


def test_forked_helper_counts_the_same_label_phrases(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    labels = np.arange(len(texts)) % 4
    with helper.helper_started(archive, parallel_from=0) as forked_helper:
        counter = forked_helper.label_counter(DEFAULT_PARAMETERS)
        assert counter is not None
        forked = counter(labels)()
    assert forked == theme_terms(
        phrase_reader(texts, DEFAULT_PARAMETERS), labels, DEFAULT_PARAMETERS
    )
    assert any(forked)


def test_grouping_with_the_helper_equals_grouping_without(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    alone = group(archive.entries, Registry(), DEFAULT_PARAMETERS)
    with helper.helper_started(archive, parallel_from=0) as forked_helper:
        helped = group(
            archive.entries,
            Registry(),
            DEFAULT_PARAMETERS,
            count_label_phrases=forked_helper.label_counter(DEFAULT_PARAMETERS),
        )
    assert helped == alone


def test_a_helper_that_dies_is_an_error_not_a_wait() -> None:
    require("fork" in multiprocessing.get_all_start_methods(), "needs fork")
    worker = helper._Worker()
    try:
        assert worker.send(sum, [1, 2])() == 3
        with pytest.raises(ValueError):  # an error in the helper is raised here
            worker.send(int, "not a number")()
        dies = worker.send(os._exit, 3)
        with pytest.raises(RuntimeError, match=r"helper process stopped \(exit code 3\)"):
            dies()
    finally:
        worker.stop()
    assert not multiprocessing.active_children()


def test_label_phrases_found_ahead_count_the_same(archive, monkeypatch) -> None:
    """The helper's look-ahead (``_analyse_label_phrases``), run here to completion, gives the
    phrases ``theme_terms`` would find itself."""
    import threading
    import time

    require(hasattr(os, "setpriority"), "needs per-thread priorities")
    requests, caller = multiprocessing.Pipe()
    monkeypatch.setattr(helper, "_archive", archive)
    monkeypatch.setattr(helper, "_requests", requests)
    monkeypatch.setattr(helper, "_phrases", {})

    def call_when_done() -> None:
        while len(helper._phrases) < len(archive.entries):
            time.sleep(0.01)
        caller.send("next call")

    threading.Thread(target=call_when_done, daemon=True).start()
    helper._analyse_label_phrases(DEFAULT_PARAMETERS.label_ngram_range[1])
    assert len(helper._phrases) == len(archive.entries)
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    labels = np.arange(len(texts)) % 4
    ahead = helper._label_phrases(labels, DEFAULT_PARAMETERS)
    assert ahead == theme_terms(
        phrase_reader(texts, DEFAULT_PARAMETERS), labels, DEFAULT_PARAMETERS
    )
    assert not helper._phrases  # each paper's phrases are handed over once, then freed


def test_forked_helper_renders_the_same_shared_pages(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    grouping, _ = group(archive.entries, Registry(), DEFAULT_PARAMETERS)
    notices = [Notice("week-1.txt", 3, "a warning <b>with markup</b>")]
    in_process = render_site(archive, grouping, notices, "https://example.org/")
    with helper.helper_started(archive, parallel_from=0) as forked_helper:
        shared = forked_helper.shared_pages(grouping, notices, "https://example.org/")
        assert shared is not None
        parts = forked_helper.paper_parts()
        forked = render_site(archive, grouping, notices, "https://example.org/", parts, shared)
    assert forked == in_process
    assert any(path.startswith("themes/") for path in forked)
