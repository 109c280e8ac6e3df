"""YAML that would hang, crash or inject: each refused in one line naming file and line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.ingest.parse import parse_digest
from generator.ingest.yamlload import load_yaml
from generator.themes.registry import load_registry

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["date: *i"]
)


def refused(call, *args) -> str:
    """The one-line message of the InputError ``call(*args)`` raises, quickly."""
    started = time.perf_counter()
    with pytest.raises(InputError) as raised:
        call(*args)
    assert time.perf_counter() - started < 2
    message = str(raised.value)
    assert "\n" not in message and len(message) < 300
    return message


def test_alias_bombs_are_refused_in_every_yaml_input(tmp_path: Path) -> None:
    assert "aliases" in refused(load_yaml, ALIAS_BOMB, "bomb.yml")
    assert "bomb.yml:2" in refused(parse_digest, ALIAS_BOMB.encode(), "bomb.yml")
    header = f"---\n{ALIAS_BOMB}\n---\nA title\nAn abstract.\n"
    assert "bomb.txt:3" in refused(parse_digest, header.encode(), "bomb.txt")
    registry = tmp_path / "themes.yml"
    registry.write_text(f"retired:\n  old:\n    label: x\n    successors: *a\n{ALIAS_BOMB}\n")
    assert "themes.yml:4" in refused(load_registry, registry)


def test_impossible_dates_deep_nesting_and_other_encodings_are_one_line(tmp_path: Path) -> None:
    for text in ("date: 2025-13-45\n", "date: 2024-02-30\n"):
        assert "not a date that exists" in refused(load_yaml, text, "d.yml")
    assert "d.yml:2" in refused(parse_digest, b"title: x\ndate: 2024-02-30\n", "d.yml")
    assert "nested too deeply" in refused(load_yaml, "[" * 20_000, "deep.yml")
    registry = tmp_path / "themes.yml"
    registry.write_bytes("themes: {}\n# caf\u00e9\n".encode("latin-1"))
    assert "themes.yml:2" in refused(load_registry, registry)


@pytest.mark.parametrize(
    "slug", ["javascript:alert(3)", "a/b", 'say"hi', "..", "UPPER", "-x", "x" * 200]
)
def test_a_theme_slug_that_could_inject_or_escape_is_refused(tmp_path: Path, slug: str) -> None:
    registry = tmp_path / "themes.yml"
    quoted = slug.replace('"', '\\"')
    for text, line in (
        (f'themes:\n  "{quoted}":\n    label: Diffusion\n    papers: []\n', 2),
        (f'retired:\n  old:\n    label: x\n    successors: ["{quoted}"]\n', 2),
        (f'curation:\n  merge:\n    "{quoted}": diffusion\n', 3),
        (f'curation:\n  pin:\n    a-paper: "{quoted}"\n', 3),
        (f'curation:\n  hide: ["{quoted}"]\n', 2),
    ):
        registry.write_text(text)
        message = refused(load_registry, registry)
        assert f"themes.yml:{line}" in message and "not a slug" in message


def test_ordinary_slugs_and_labels_still_load(tmp_path: Path) -> None:
    registry = tmp_path / "themes.yml"
    registry.write_text(
        "curation:\n  rename: {diffusion-2: 'Diffusion: <b>models</b>'}\n  hide: [old-1]\n"
        "themes:\n  diffusion-2:\n    label: Diffusion\n    papers: [a-paper]\n"
    )
    loaded = load_registry(registry)
    assert loaded.themes[0].slug == "diffusion-2"
    assert loaded.curation.rename == {"diffusion-2": "Diffusion: <b>models</b>"}


def test_unquoted_numbers_in_text_fields_are_kept_as_written() -> None:
    digits = "1234567890" * 8
    text = f"- title: 0x7fffffff\n  abstract: {digits}\n  arxiv: 2406.01230\n"
    digest = parse_digest(text.encode(), "numbers.yml")
    paper = digest.papers[0]
    assert (paper.title, paper.abstract, paper.arxiv) == ("0x7fffffff", digits, "2406.01230")
    warned = {notice.line: notice.message for notice in digest.notices}
    assert sorted(warned) == [1, 2, 3] and "'0x7fffffff' is an unquoted number" in warned[1]
    header = parse_digest(b"---\ntitle: 2024\n---\nA title\nAn abstract.\n", "h.txt")
    assert header.title == "2024" and header.notices[0].line == 2


def test_a_reserved_theme_slug_is_refused(tmp_path: Path) -> None:
    registry = tmp_path / "themes.yml"
    registry.write_text("themes:\n  index:\n    label: Index\n    papers: []\n")
    assert "themes.yml:2: theme 'index' is a reserved name" in refused(load_registry, registry)
