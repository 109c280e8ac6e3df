"""Settings from ``[tool.reading-digest]``: defaults, values, and one-line refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Settings, load_settings
from generator.errors import InputError


def settings_of(tmp_path: Path, table: str) -> Settings:
    (tmp_path / "pyproject.toml").write_text(f"[tool.reading-digest]\n{table}\n")
    return load_settings(tmp_path)


def test_defaults_without_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert load_settings(tmp_path) == Settings()
    assert Settings().search_sites == ()


def test_sibling_sub_sites_are_relative_folder_addresses(tmp_path: Path) -> None:
    found = settings_of(tmp_path, 'search-sites = ["../2024/", "../2025/"]')
    assert found.search_sites == ("../2024/", "../2025/")


@pytest.mark.parametrize(
    "value",
    ['"../2024/"', '["../2024"]', '["/2024/"]', '["https://example.org/2024/"]', "[1]"],
)
def test_other_sibling_addresses_are_refused_in_one_line(tmp_path: Path, value: str) -> None:
    with pytest.raises(InputError) as refused:
        settings_of(tmp_path, f"search-sites = {value}")
    assert "search-sites" in str(refused.value) and "\n" not in str(refused.value)


def test_an_unknown_setting_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown setting 'serch-sites'; known: .*search-sites"):
        settings_of(tmp_path, 'serch-sites = ["../a/"]')
