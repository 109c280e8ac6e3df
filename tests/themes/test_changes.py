"""What a build changed in the recorded themes, said in its summary."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_project

from generator.config import Settings
from generator.model import MovedTheme
from generator.pipeline import build
from generator.themes.changes import ThemeChanges, theme_changes
from generator.themes.registry import RecordedTheme, Registry, load_registry


def test_renamed_retired_and_new_themes_and_moved_papers_are_counted_and_said() -> None:
    before = Registry(
        themes=(
            RecordedTheme("hallucinations", "Hallucinations", ("a", "b")),
            RecordedTheme("peft", "Parameter-efficient fine-tuning", ("c", "d", "e")),
            RecordedTheme("pruning", "Pruning", ("f",)),
            RecordedTheme("not-yet-grouped", "Not yet grouped", ("g",)),
        )
    )
    after = Registry(
        themes=(
            RecordedTheme("hallucinations", "Search", ("a", "b")),
            RecordedTheme("long-sequences", "Long sequences", ("c", "d", "g")),
            RecordedTheme("pruning", "Pruning", ("e", "f", "new")),
        ),
        retired=(MovedTheme("peft", "Parameter-efficient fine-tuning", ("pruning", "gone")),),
    )
    changes = theme_changes(before, after)
    assert changes == ThemeChanges(
        renamed=(("Hallucinations", "Search"),),
        retired=(("Parameter-efficient fine-tuning", ("Pruning",)),),
        new=("Long sequences",),
        moved=4,  # c, d and e left their retired theme, g was not yet grouped
    )
    assert changes.line() == (
        "Themes changed: renamed Hallucinations → Search; retired Parameter-efficient "
        "fine-tuning (now in Pruning); new Long sequences; 4 earlier papers in another theme."
    )
    assert changes.figures() == {
        "themes_renamed": 1,
        "themes_retired": 1,
        "themes_new": 1,
        "papers_moved": 4,
    }
    assert theme_changes(after, after).line() is None
    assert theme_changes(Registry(), after) == ThemeChanges()  # a first build changes nothing


def test_a_long_list_of_changes_names_three_of_a_kind() -> None:
    before = Registry(themes=tuple(RecordedTheme(f"t{n}", f"T{n}", (f"p{n}",)) for n in range(5)))
    after = Registry(themes=tuple(RecordedTheme(f"t{n}", f"U{n}", (f"p{n}",)) for n in range(5)))
    assert theme_changes(before, after).line() == (
        "Themes changed: renamed T0 → U0, T1 → U1, T2 → U2 and 2 more."
    )


def test_a_build_says_which_theme_it_renamed_and_a_rerun_says_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    build(root, Settings())
    path = root / "themes.yml"
    first = load_registry(path).themes[0]
    text = path.read_text("utf-8")
    label_line = re.compile(rf"(\n  {re.escape(first.slug)}:\n    label: )[^\n]*")
    assert label_line.search(text)
    path.write_text(label_line.sub(r"\1Quilting patterns", text, count=1), "utf-8")

    result = build(root, Settings())
    relabelled = load_registry(path).themes[0].label
    said = f"Themes changed: renamed Quilting patterns → {relabelled}."
    assert result.theme_changes == said and said in result.summary().splitlines()
    assert result.counts["themes_renamed"] == 1 and result.counts["papers_moved"] == 0

    again = build(root, Settings())
    assert again.theme_changes == "" and "Themes changed" not in again.summary()
    assert "themes_renamed" not in again.counts
