"""Work done in the forked helper process comes out the same as in the main process."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, require

from generator import helper
from generator.group import group
from generator.labels import phrase_reader, theme_terms
from generator.merge import merge
from generator.model import Notice
from generator.paper_page import all_paper_parts
from generator.pipeline import OWNED_OUTPUTS, read_digests
from generator.registry import Registry
from generator.render import render_paper_pages, render_site
from generator.textprep import clean_for_statistics
from generator.theme_params import DEFAULT_PARAMETERS
from generator.write import write_plan


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
    with helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=10**9) as here:
        assert here.paper_parts() == {}  # render_site renders them in-process
        assert here.peak_memory_mb() is None and here.label_counter() is None
        assert here.papers_here == archive.entries
    in_process = dict(zip((e.key for e in archive.entries), all_paper_parts(archive)))
    with helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=0) as forked_helper:
        forked = forked_helper.paper_parts()
        assert (forked_helper.peak_memory_mb() or 0) > 0
        here = forked_helper.papers_here
    # The parts rendered so far of the papers whose pages this process renders, in archive
    # order (render_paper_pages renders the rest)
    assert here == archive.entries[helper.first_paper_there(len(archive.entries)) :]
    assert list(forked) == [entry.key for entry in here][: len(forked)]
    assert forked == {key: in_process[key] for key in forked}
    assert not multiprocessing.active_children()


def test_worker_is_stopped_when_the_build_fails_before_asking(archive) -> None:
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    started = helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=0)
    with pytest.raises(RuntimeError), started:
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
    with helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=0) as forked_helper:
        counter = forked_helper.label_counter()
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
    members = [ref.entry_keys for ref in archive.digests]
    alone = group(archive.entries, Registry(), DEFAULT_PARAMETERS, digest_members=members)
    with helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=0) as forked_helper:
        helped = group(
            archive.entries,
            Registry(),
            DEFAULT_PARAMETERS,
            digest_members=members,
            count_label_phrases=forked_helper.label_counter(),
            find_related=forked_helper.related_finder(),
        )
    assert helped == alone
    assert alone[0].related and alone[0].same_digest  # both found in part by the helper


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


def test_work_done_ahead_gives_the_same_phrases_and_parts(archive, monkeypatch) -> None:
    """The helper's work ahead (``_work_ahead``), run here to completion, gives the label
    phrases ``theme_terms`` would find itself and the paper parts ``all_paper_parts`` renders."""
    import threading
    import time

    require(hasattr(os, "setpriority"), "needs per-thread priorities")
    requests, caller = multiprocessing.Pipe()
    monkeypatch.setattr(helper, "_archive", archive)
    monkeypatch.setattr(helper, "_requests", requests)
    monkeypatch.setattr(helper, "_phrases", None)
    monkeypatch.setattr(helper, "_parts", [])
    monkeypatch.setattr(helper, "_parts_sent", 0)
    rows = len(archive.entries) - 3  # the last three papers' phrases are found on demand

    sent: list = []

    def call_when_done() -> None:
        while len(helper._parts) < len(archive.entries):
            time.sleep(0.01)
        sent.append(caller.recv())  # the last parts, sent once all are rendered
        caller.send("next call")

    threading.Thread(target=call_when_done, daemon=True).start()
    monkeypatch.setattr(helper, "_texts", [])
    texts = [clean_for_statistics(e.paper.title, e.paper.abstract) for e in archive.entries]
    helper._work_ahead(texts[:5], rows, DEFAULT_PARAMETERS.label_ngram_range[1])
    assert helper._texts == texts[:5]  # the others are cleaned there as they are needed
    assert helper._phrases is not None and sorted(helper._phrases.found) == list(range(rows))
    labels = np.arange(len(texts)) % 4
    ahead = helper._label_phrases(labels, DEFAULT_PARAMETERS)
    assert ahead == theme_terms(
        phrase_reader(texts, DEFAULT_PARAMETERS), labels, DEFAULT_PARAMETERS
    )
    assert not helper._phrases.found  # handed over once, or freed once counted
    assert helper._parts == all_paper_parts(archive)
    # sent once all are rendered: those of the papers the main process renders
    first = helper.first_paper_there(len(archive.entries))
    assert sent == [(helper._MORE_PARTS, helper._parts[first:])]


def test_parts_are_rendered_until_the_main_process_asks(archive, monkeypatch) -> None:
    requests, caller = multiprocessing.Pipe()
    monkeypatch.setattr(helper, "_archive", archive)
    monkeypatch.setattr(helper, "_requests", requests)
    monkeypatch.setattr(helper, "_parts", [])
    monkeypatch.setattr(helper, "_parts_sent", 0)
    monkeypatch.setattr(helper, "PARTS_PER_MESSAGE", 10**9)
    caller.send("the next call")  # already waiting: the helper stops at once
    helper._render_parts_until_asked()
    assert helper._parts == []
    requests.recv()  # nothing waiting: it renders them all, then sends them
    sent: list = []
    reader = threading.Thread(target=lambda: sent.append(caller.recv()))
    reader.start()
    helper._render_parts_until_asked()
    reader.join(timeout=10)
    assert helper._parts == all_paper_parts(archive)
    first = helper.first_paper_there(len(archive.entries))
    assert sent == [(helper._MORE_PARTS, helper._parts[first:])]


def test_phrases_found_ahead_are_those_the_count_likely_needs() -> None:
    params = DEFAULT_PARAMETERS
    assert helper.phrase_rows_ahead(500, params) == 500  # small: every paper
    low = params.k_bounds(20_000)[0]
    assert helper.phrase_rows_ahead(20_000, params) == params.label_sample * low < 20_000


@pytest.mark.parametrize("parts_per_message", [3, 10**9])
def test_a_build_with_the_helper_writes_the_same_pages(
    archive, monkeypatch, tmp_path, parts_per_message
) -> None:
    """The helper's calls in the order the pipeline makes them: texts, work ahead, label
    phrases, paper parts so far (sent in messages of 3, or all at the end), its share of the
    pages, written by each process."""
    require(
        "fork" in multiprocessing.get_all_start_methods() and helper.usable_cores() >= 2,
        "needs fork and two cores",
    )
    monkeypatch.setattr(helper, "PARTS_PER_MESSAGE", parts_per_message)
    grouping, _ = group(archive.entries, Registry(), DEFAULT_PARAMETERS)
    notices = [Notice("week-1.txt", 3, "a warning <b>with markup</b>")]
    in_process = render_site(archive, grouping, notices, "https://example.org/")
    write_plan(tmp_path / "alone", in_process, OWNED_OUTPUTS)
    with helper.helper_started(archive, DEFAULT_PARAMETERS, parallel_from=0) as forked_helper:
        helped, _ = group(
            archive.entries,
            Registry(),
            DEFAULT_PARAMETERS,
            count_label_phrases=forked_helper.label_counter(),
            find_related=forked_helper.related_finder(),
            texts=forked_helper.statistics_texts(),
        )
        parts = forked_helper.paper_parts()
        docs = tmp_path / "helped"
        elsewhere = forked_helper.pages_elsewhere(helped, notices, "https://example.org/", docs)
        assert elsewhere is not None
        plan = render_paper_pages(archive, helped, dict(parts), forked_helper.papers_here)
        stats = write_plan(docs, plan, OWNED_OUTPUTS, elsewhere=elsewhere)
    assert helped == grouping
    assert stats.written == len(in_process) > len(plan)
    assert any(path.startswith("themes/") for path in in_process)
    assert _files(docs) == _files(tmp_path / "alone")
    # The parts the helper sent are those of this process's first papers, in order
    first = helper.first_paper_there(len(archive.entries))
    keys = [entry.key for entry in archive.entries[first:]]
    assert list(parts) == keys[: len(parts)]
    assert list(parts.values()) == all_paper_parts(archive)[first : first + len(parts)]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_related_papers_found_in_part_elsewhere_make_the_same_grouping(
    archive, monkeypatch
) -> None:
    """``group`` with a ``find_related`` that answers as the helper's ``_related_elsewhere``
    (run here) groups as without; the helper's own refusal (None) finds all here."""
    monkeypatch.setattr(helper, "_archive", archive)
    members = [ref.entry_keys for ref in archive.digests]
    alone = group(archive.entries, Registry(), DEFAULT_PARAMETERS, digest_members=members)
    asked = []

    def elsewhere(dense, labels, terms, digest_members):
        asked.append(digest_members)
        found = helper._related_elsewhere(dense, labels, terms, digest_members, DEFAULT_PARAMETERS)
        return lambda: found

    for find in (elsewhere, lambda *args: None):
        grouped = group(
            archive.entries, Registry(), DEFAULT_PARAMETERS, digest_members=members,
            find_related=find,
        )  # fmt: skip
        assert grouped == alone
    assert asked == [members]
    assert alone[0].same_digest
