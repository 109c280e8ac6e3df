"""themes.yml's build parts written in chunks: the text of one dump of the whole, and a new
entry changes one chunk."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.output.cache import ResultCache
from generator.themes import registry_yaml
from generator.themes.registry import RecordedTheme, Registry, render_registry
from generator.themes.registry_yaml import part_chunks, yaml_dump, yaml_text

KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
LABELS = st.one_of(
    st.sampled_from(["yes", "null", "- dash", "#hash", "a: b", "'quoted'", "123", "~", ""]),
    st.text(max_size=150),
)


@settings(max_examples=150, deadline=None)
@given(
    themes=st.dictionaries(
        KEYS, st.fixed_dictionaries({"label": LABELS, "papers": st.lists(LABELS, max_size=4)})
    ),
    papers=st.dictionaries(KEYS, LABELS, max_size=60),
    span=st.sampled_from([1, 2, 5, 64]),
)
def test_the_chunks_make_the_text_of_one_dump(themes, papers, span: int) -> None:
    parts = {"themes": themes, "retired": {}, "vector_space": {"papers": 7}, "papers": papers}
    with mock.patch.object(registry_yaml, "CHUNK_SPAN", span):
        assert yaml_text(parts) == yaml_dump(parts)


def test_a_new_entry_changes_only_the_chunk_it_falls_in() -> None:
    entries = {f"paper-{n:05d}": f"fingerprint-{n}" for n in range(0, 6000, 2)}
    before = part_chunks("papers", entries)
    assert 20 < len(before) < 100  # about one chunk in CHUNK_SPAN entries
    for new in ("paper-00001", "paper-03001", "paper-05999", "a-first", "z-last"):
        after = part_chunks("papers", dict(sorted({**entries, new: "x"}.items())))
        gone = [chunk for chunk in before if chunk not in after]
        added = [chunk for chunk in after if chunk not in before]
        assert len(gone) == 1 and 1 <= len(added) <= 2, new
    themes = part_chunks("themes", {"a": {"label": "A"}, "b": {"label": "B"}})
    assert [entries for _, entries, _ in themes] == [
        (("a", {"label": "A"}),),
        (("b", {"label": "B"}),),
    ]


def test_a_daily_registry_writes_again_only_the_chunks_it_changed() -> None:
    addresses = {f"paper-{n:05d}": f"{n:012x}" for n in range(5000)}
    theme = RecordedTheme("t", "Theme", tuple(sorted(addresses)))
    day = {"digest.txt": dt.date(2024, 3, 1)}
    before = Registry(themes=(theme,), addresses=addresses, first_built=day)
    cache = ResultCache("code")
    assert render_registry(before, cache.mapped()) == render_registry(before)
    grown = {**addresses, "paper-00100-b": "abc"}
    after = Registry(themes=(theme,), addresses=grown, first_built=day)
    again = ResultCache("code", dict(cache.used))
    assert render_registry(after, again.mapped()) == render_registry(after)
    chunks = len(part_chunks("papers", grown)) + 3  # the theme, no retired ones, the digest
    assert chunks > 60 and again.misses == 1 and again.hits == chunks - 1
