"""Settings in one declarative place: ``[tool.reading-digest]`` in pyproject.toml."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class Settings:
    """Where the build reads and writes, and how it groups papers."""

    digests: str = "digests"
    """Folder of digest files, relative to the project root."""
    docs: str = "docs"
    """MkDocs docs folder the pages are generated into."""
    themes_file: str = "themes.yml"
    """Theme registry and curation file (committed; the build updates its ``themes`` part)."""
    theme_count: int | None = None
    """Number of themes; None chooses it from the data."""
    related_count: int = 5
    """How many related papers each paper page lists."""
    search_shard_pages: int = 10_000
    """Paper pages per search index: Pagefind indexes the papers in shards that the browser
    merges, so its memory (about 0.1 MB per page) follows the shard, not the site; the most
    recent papers (all of them up to this many) in shards of a quarter as many, so a new
    digest indexes again at most a quarter of it. Up to a quarter, one index."""
    site_split_pages: int = 100
    """Pages to render from which a MkDocs build runs in parts at once, one per core (at most
    four): every page of a full build, the new and changed ones of an incremental build
    (about 350 after a 50-paper digest); below it, the parts save little."""
    site_url: str = "http://127.0.0.1:8000/"
    """Address the site is served from, for feed links; the SITE_URL environment variable
    (which mkdocs.yml reads too) overrides it."""
    semantic: bool = False
    """Draw themes from the papers' meaning as well as their words: each paper's sentence
    embedding (``themes/semantic.py``, after ``make semantic``) joins its word vector."""
    semantic_model: str = ""
    """Folder of the sentence model's files, checked against the official hashes; empty for
    the one ``make semantic`` installs."""
    search_sites: tuple[str, ...] = ()
    """Sibling sub-sites whose search indexes the search box merges, by their address
    relative to this site's (``"../2024/"``): see ``generator/pages/search_sites.py``."""


def load_settings(root: Path) -> Settings:
    """Read ``[tool.reading-digest]`` from ``root/pyproject.toml``; defaults where absent."""
    path = root / "pyproject.toml"
    table = {}
    if path.is_file():
        try:
            document = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise InputError(str(path), f"invalid TOML: {error}") from None
        table = document.get("tool", {}).get("reading-digest", {})
    known = {f.name.replace("_", "-"): f for f in fields(Settings)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise InputError(
                str(path),
                f"[tool.reading-digest] has unknown setting {key!r}; known: {', '.join(known)}",
            )
        expected = {
            "digests": str,
            "docs": str,
            "themes-file": str,
            "related-count": int,
            "search-shard-pages": int,
            "site-url": str,
            "semantic": bool,
            "semantic-model": str,
        }
        if key == "theme-count" and value == "auto":
            value = None
        elif key == "theme-count" and not (isinstance(value, int) and value >= 2):
            raise InputError(str(path), 'theme-count must be "auto" or a whole number >= 2')
        if key in ("search-shard-pages", "site-split-pages") and not (
            isinstance(value, int) and value >= 1
        ):
            raise InputError(str(path), f"{key} must be a whole number >= 1")
        if key == "search-sites":
            value = _relative_addresses(path, value)
        if key in expected and not isinstance(value, expected[key]):
            raise InputError(str(path), f"setting {key!r} must be {expected[key].__name__}")
        values[known[key].name] = value
    if os.environ.get("SITE_URL"):
        values["site_url"] = os.environ["SITE_URL"]
    return dataclasses.replace(Settings(), **values)


def _relative_addresses(path: Path, value: object) -> tuple[str, ...]:
    """``search-sites``: addresses relative to the site, each a folder (ending in "/")."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(str(path), 'search-sites must be a list of addresses such as "../2024/"')
    for item in value:
        if not item.endswith("/") or "//" in item or item.startswith("/") or ":" in item:
            raise InputError(
                str(path),
                f"search-sites: {item!r} must be an address relative to this site, ending in "
                '"/" (such as "../2024/")',
            )
    return tuple(value)


NOT_A_PROJECT = (
    "is not a Reading Digest project folder (it has no mkdocs.yml, nor a pyproject.toml with "
    "[tool.reading-digest]); run the build from the folder that holds digests/ and mkdocs.yml"
)


def is_project(root: Path) -> bool:
    """Whether ``root`` is a project folder: a build there never writes into a stranger's
    folder (run from inside docs/, it used to read the generated pages as digests)."""
    if (root / "mkdocs.yml").is_file():
        return True
    pyproject = root / "pyproject.toml"
    try:
        return pyproject.is_file() and "[tool.reading-digest]" in pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
