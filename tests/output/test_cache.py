"""The build's content-keyed cache: a result is reused only for the same item, function,
bound arguments and code."""

from __future__ import annotations

import functools
from pathlib import Path

from generator.output.cache import (
    BASE,
    CACHE_DIR,
    CHUNK,
    RECENT,
    ResultCache,
    load_cache,
    save_cache,
)
from generator.output.write import KnownText, content_hash


def shout(text: str, *, marks: int = 1) -> str:
    return text.upper() + "!" * marks


def counting(calls: list[str]):
    def map_and_count(function, items):
        calls.extend(items)
        return map(function, items)

    return map_and_count


def test_results_come_in_order_and_are_computed_once(tmp_path: Path) -> None:
    calls: list[str] = []
    cache = load_cache(tmp_path, "code-1")
    mapped = cache.mapped(counting(calls))
    assert mapped(shout, ["a", "b", "a"]) == ["A!", "B!", "A!"]
    assert calls == ["a", "b", "a"]  # nothing found yet (the same item twice is computed twice)
    save_cache(tmp_path, cache)
    again = load_cache(tmp_path, "code-1")
    calls.clear()
    assert again.mapped(counting(calls))(shout, ["b", "c", "a"]) == ["B!", "C!", "A!"]
    assert calls == ["c"]
    assert again.figures() == {"cache_hits": 2, "cache_misses": 1}


def test_other_arguments_functions_or_code_are_computed_again(tmp_path: Path) -> None:
    cache = load_cache(tmp_path, "code-1")
    cache.mapped()(shout, ["a"])
    save_cache(tmp_path, cache)
    calls: list[str] = []
    louder = functools.partial(shout, marks=3)
    found = load_cache(tmp_path, "code-1")
    assert found.mapped(counting(calls))(louder, ["a"]) == ["A!!!"]
    assert found.mapped(counting(calls))(str.lower, ["a"]) == ["a"]
    assert load_cache(tmp_path, "code-2").mapped(counting(calls))(shout, ["a"]) == ["A!"]
    assert calls == ["a", "a", "a"]


def test_the_file_keeps_only_what_the_build_used_and_is_left_alone_when_equal(
    tmp_path: Path,
) -> None:
    cache = load_cache(tmp_path, "code")
    cache.mapped()(shout, ["a", "b"])
    save_cache(tmp_path, cache)
    path = tmp_path / CACHE_DIR / BASE
    smaller = load_cache(tmp_path, "code")
    smaller.mapped()(shout, ["b"])
    used = dict(smaller.used)
    save_cache(tmp_path, smaller)
    assert load_cache(tmp_path, "code").found == used
    assert len(used) == 1
    assert smaller.used == {}  # handed to the file as it was written
    same = load_cache(tmp_path, "code")
    same.mapped()(shout, ["b"])
    before = path.stat().st_mtime_ns
    save_cache(tmp_path, same)
    assert path.stat().st_mtime_ns == before


def test_a_cache_file_is_read_whole_or_not_at_all(tmp_path: Path) -> None:
    """Results are written in chunks after a header: a file cut short, or with more after
    its last chunk, is an empty cache, never part of one."""
    items = [f"item{i}" for i in range(2 * CHUNK + 5)]
    cache = load_cache(tmp_path, "code")
    cache.mapped()(shout, items)
    save_cache(tmp_path, cache)
    path = tmp_path / CACHE_DIR / BASE
    data = path.read_bytes()
    assert len(load_cache(tmp_path, "code").found) == len(items)
    for damaged in (data[: len(data) // 2], data[:-1], data + b"\x80\x05N."):
        path.write_bytes(damaged)
        assert load_cache(tmp_path, "code").found == {}
    path.write_bytes(data)
    assert load_cache(tmp_path, "other code").found == {}


def test_an_unreadable_cache_is_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    for data in (b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05}\x94."):
        (tmp_path / CACHE_DIR / BASE).write_bytes(data)
        cache = load_cache(tmp_path, "code")
        assert isinstance(cache, ResultCache) and cache.found == {}
        assert cache.mapped()(shout, ["x"]) == ["X!"]


def test_a_closure_is_refused_what_it_captured_is_in_no_key(tmp_path: Path) -> None:
    import pytest

    marks = "!!"
    with pytest.raises(ValueError, match="closure"):
        load_cache(tmp_path, "code").mapped()(lambda text: text + marks, ["a"])


def test_a_daily_build_writes_only_its_new_results(tmp_path: Path) -> None:
    """A build that adds a few results to many writes them to the small recent file; the
    base is rewritten once builds have drifted a quarter away from it."""
    letters = [chr(ord("a") + i) for i in range(20)]
    first = load_cache(tmp_path, "code")
    first.mapped()(shout, letters)
    save_cache(tmp_path, first)
    base = tmp_path / CACHE_DIR / BASE
    written = base.stat().st_mtime_ns
    calls: list[str] = []
    for day in range(1, 8):
        added = [f"new{day}"]
        cache = load_cache(tmp_path, "code")
        assert cache.mapped(counting(calls))(shout, [*letters, *added]) == [
            *[letter.upper() + "!" for letter in letters],
            added[0].upper() + "!",
        ]
        letters.append(added[0])
        save_cache(tmp_path, cache)
        if day < 7:  # 1 to 6 new of 21 to 26 used: within a quarter
            assert base.stat().st_mtime_ns == written
            assert len(load_cache(tmp_path, "code").found) == 20 + day
    assert calls == [f"new{day}" for day in range(1, 8)]  # each computed once, then found
    assert base.stat().st_mtime_ns != written  # 7 of 27: the base took them in
    assert not load_cache(tmp_path, "code").found.keys() - load_cache(tmp_path, "code").base
    assert (tmp_path / CACHE_DIR / RECENT).is_file()


def test_a_cache_that_cannot_be_written_is_only_a_slower_next_build(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).write_text("a file where the cache folder goes")
    cache = load_cache(tmp_path, "code")
    assert cache.mapped()(shout, ["a"]) == ["A!"]
    save_cache(tmp_path, cache)  # no error
    assert load_cache(tmp_path, "code").found == {}


def test_pages_are_kept_by_their_hash_and_rendered_again_only_when_asked(tmp_path: Path) -> None:
    """A page function's results are kept as the hashes of their texts: a record rendered
    before comes back as a ``KnownText`` whose ``render`` gives the same text, a new record
    as its text."""
    first = load_cache(tmp_path, "code")
    assert first.mapped_pages()(shout, ["a", "b"]) == ["A!", "B!"]
    save_cache(tmp_path, first)
    kept = load_cache(tmp_path, "code")
    assert sorted(kept.found.values()) == sorted(
        content_hash(text.encode("utf-8")) for text in ("A!", "B!")
    )
    calls: list[str] = []
    pages = kept.mapped_pages(counting(calls))(shout, ["b", "é"])
    assert calls == ["é"] and pages[1] == "É!"
    known = pages[0]
    assert isinstance(known, KnownText)
    assert known.digest == content_hash(b"B!") and known.render() == "B!"
    assert kept.figures() == {"cache_hits": 1, "cache_misses": 1}
    # The same function's texts through ``mapped`` are other results, under other keys.
    assert kept.mapped(counting(calls))(shout, ["b"]) == ["B!"] and calls[-1] == "b"
