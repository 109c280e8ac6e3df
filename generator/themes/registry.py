"""The theme registry (themes.yml): stable theme identities and the reader's curation.

The file has six parts. ``curation`` is the reader's and is copied back verbatim, comments
included. ``themes`` (slug, label, papers) and ``retired`` (old slugs and where their papers
went) are the build's: each build matches its new clusters to the recorded themes, so a theme
keeps its slug and label while most of its papers stay with it. ``vector_space`` how many
of the oldest papers the text statistics are fit on (kept until a refit); ``digests`` the day
each digest file was first built, from which a listing date without a year (``Mar 12``) takes
its year, once; ``papers`` every paper slug given out, with a fingerprint of its paper (so that
an address never moves to another paper) and its BibTeX key (so that a citation never breaks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..ingest.yamlload import Mapping, Sequence, line_of, load_yaml
from ..model import Entry, MovedTheme, Theme
from .registry_parts import (
    FIT_ON,
    first_built_part,
    papers_part,
    slug_value,
    vector_space_part,
)
from .registry_yaml import yaml_text

if TYPE_CHECKING:
    from ..runtime import BuildCache, PaperMap

CURATION_TEMPLATE = """\
curation:
  # Your edits; the build never changes this part. Slugs are the theme page names.
  rename: {}   # theme-slug: New label
  merge: {}    # theme-slug: slug-of-the-theme-that-absorbs-it
  pin: {}      # paper-slug: theme-slug
  hide: []     # [theme-slug, ...] not shown on the site
"""
FILE_HEADER = """\
# Registry of Reading Digest. Commit this file: it keeps theme and paper pages at stable URLs.
# Edit only the curation part; `make site` rewrites the other parts (keep them committed).
"""
SECTIONS = ("curation", "themes", "retired", "vector_space", "digests", "papers")


@dataclass(frozen=True)
class RecordedTheme:
    """A theme as ``themes.yml`` records it: the clustering's theme before curation, by paper
    slug (the registry's lasting form of a ``model.Theme``)."""

    slug: str
    """Stable name of the theme page."""
    label: str
    """The label it was first given (curation may rename it on the site)."""
    papers: tuple[str, ...]
    """Paper slugs of its members, sorted."""


def recorded_themes(drafts: Iterable[Theme], entries: Iterable[Entry]) -> tuple[RecordedTheme, ...]:
    """Themes (members by entry key) as ``themes.yml`` records them: by slug, each one's
    paper slugs sorted."""
    slug_of = {entry.key: entry.slug for entry in entries}
    return tuple(
        RecordedTheme(d.slug, d.label, tuple(sorted(slug_of[k] for k in d.members)))
        for d in sorted(drafts, key=lambda d: d.slug)
    )


def theme_rows(entries: Iterable[Entry], themes: Iterable[RecordedTheme]) -> dict[str, list[int]]:
    """By slug, the rows in ``entries`` of each recorded theme's papers found there, in the
    order the theme records them: the way back from ``recorded_themes``."""
    row_of = {entry.slug: row for row, entry in enumerate(entries)}
    return {t.slug: [row_of[p] for p in t.papers if p in row_of] for t in themes}


@dataclass(frozen=True)
class Curation:
    """The reader's overrides."""

    rename: dict[str, str] = field(default_factory=dict)
    merge: dict[str, str] = field(default_factory=dict)
    pin: dict[str, str] = field(default_factory=dict)
    hide: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Registry:
    """Everything themes.yml holds."""

    themes: tuple[RecordedTheme, ...] = ()
    retired: tuple[MovedTheme, ...] = ()
    """Themes that dissolved, with the themes that took their papers."""
    curation: Curation = Curation()
    curation_text: str = CURATION_TEMPLATE
    first_built: dict[str, dt.date] = field(default_factory=dict)
    """Digest file -> the day it was first built: the year of its listing's ``Mar 12``."""
    addresses: dict[str, str] = field(default_factory=dict)
    """Paper slug -> fingerprint of the paper given it (``slug.key_fingerprint``)."""
    citation_keys: dict[str, str] = field(default_factory=dict)
    """Paper slug -> the BibTeX key it was given."""
    vector_basis: int | None = None
    """How many of the oldest papers the vector space was fit on (``TextVectors.basis``): kept
    until a refit, so that a new digest changes no existing paper's vector."""


def registry_key(data: bytes) -> str:
    """The build cache's key of the registry that themes.yml's bytes ``data`` hold."""
    return "themes.yml " + hashlib.blake2b(data, digest_size=20).hexdigest()


def load_registry(path: Path, cache: BuildCache | None = None) -> Registry:
    """Read themes.yml; a missing file is an empty registry. From the build's ``cache`` when
    it holds the file's bytes as a build wrote them (``registry_key``): parsing the file took
    0.7-1.5 s at 47,000 papers."""
    if not path.is_file():
        return Registry()
    source = path.name
    data_bytes = path.read_bytes()
    if cache is not None and isinstance(known := cache.get(registry_key(data_bytes)), Registry):
        return known
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data_bytes[: error.start].count(b"\n") + 1
        raise InputError(source, "is not UTF-8 text; save it as UTF-8", line=line) from None
    data = load_yaml(text, source)
    if data is None:
        return Registry()
    if not isinstance(data, Mapping):
        raise InputError(
            source,
            "must be a mapping with curation, themes, retired, digests and addresses",
            line=1,
        )
    for key in data:
        if key not in SECTIONS:
            raise InputError(source, f"unknown section {key!r}", line=line_of(data, key))
    return Registry(
        themes=tuple(_themes(data.get("themes"), source)),
        retired=tuple(_retired(data.get("retired"), source)),
        curation=_curation(data.get("curation"), source, line_of(data, "curation")),
        curation_text=_curation_text(text) or CURATION_TEMPLATE,
        first_built=first_built_part(data.get("digests"), source, line_of(data, "digests")),
        vector_basis=vector_space_part(
            data.get("vector_space"), source, line_of(data, "vector_space")
        ),
        **papers_part(data.get("papers"), source, line_of(data, "papers")),
    )


def render_registry(registry: Registry, map_chunks: PaperMap = map) -> str:
    """The text of themes.yml: the reader's curation verbatim, then the build's parts
    (written in chunks with ``map_chunks``, the pipeline's cache: see ``registry_yaml``)."""
    # Sorted by slug, papers sorted too: a build that adds papers adds lines and moves none.
    themes = {
        t.slug: {"label": t.label, "papers": sorted(t.papers)}
        for t in sorted(registry.themes, key=lambda t: t.slug)
    }
    retired = {
        r.slug: {"label": r.label, "successors": list(r.successors)} for r in registry.retired
    }
    digests = {source: day.isoformat() for source, day in sorted(registry.first_built.items())}
    papers = {
        slug: " ".join(filter(None, (fingerprint, registry.citation_keys.get(slug))))
        for slug, fingerprint in sorted(registry.addresses.items())
    }
    space = {"vector_space": {FIT_ON: registry.vector_basis}} if registry.vector_basis else {}
    parts = {"themes": themes, "retired": retired, **space, "digests": digests, "papers": papers}
    text = yaml_text(parts, map_chunks)
    return FILE_HEADER + registry.curation_text.rstrip("\n") + "\n" + text


def _labelled_records(
    value: object, source: str, section: str, what: str
) -> list[tuple[str, Mapping, int]]:
    """The (slug, record, line) of each entry of a ``themes`` or ``retired`` section, each
    slug checked and each record with a text ``label``."""
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise InputError(source, f"{section!r} must map slugs to their records", line=1)
    records = []
    for slug, record in value.items():
        line = line_of(value, slug)
        slug_value(slug, source, line, what)
        if not isinstance(record, Mapping) or not isinstance(record.get("label"), str):
            raise InputError(source, f"{what} {slug!r} needs a text 'label'", line=line)
        records.append((slug, record, line))
    return records


def _themes(value: object, source: str) -> list[RecordedTheme]:
    themes = []
    for slug, record, line in _labelled_records(value, source, "themes", "theme"):
        papers = record.get("papers") or []
        if not isinstance(papers, list) or not all(isinstance(p, str) for p in papers):
            raise InputError(source, f"theme {slug!r}: 'papers' must be a list of slugs", line=line)
        themes.append(RecordedTheme(slug, record["label"], tuple(papers)))
    return themes


def _retired(value: object, source: str) -> list[MovedTheme]:
    retired = []
    for slug, record, line in _labelled_records(value, source, "retired", "retired theme"):
        successors = record.get("successors") or []
        if not isinstance(successors, list):
            raise InputError(
                source, f"retired theme {slug!r}: 'successors' must be a list", line=line
            )
        for successor in successors:
            slug_value(successor, source, line, f"retired theme {slug!r}: successor")
        retired.append(MovedTheme(slug, record["label"], tuple(successors)))
    return retired


def _curation(value: object, source: str, line: int) -> Curation:
    if value is None:
        return Curation()
    if not isinstance(value, Mapping):
        raise InputError(source, "'curation' must be a mapping", line=line)
    known = ("rename", "merge", "pin", "hide")
    for key in value:
        if key not in known:
            raise InputError(
                source,
                f"curation: unknown field {key!r}; known: {', '.join(known)}",
                line=line_of(value, key),
            )
    maps = {}
    for key in ("rename", "merge", "pin"):
        part = value.get(key) or {}
        if not isinstance(part, dict) or not all(isinstance(v, str) for v in part.values()):
            raise InputError(
                source, f"curation: {key!r} must map slugs to text", line=line_of(value, key)
            )
        maps[key] = {str(k): v for k, v in part.items()}
        for slug, target in maps[key].items():
            where = line_of(part, slug, line_of(value, key))
            slug_value(slug, source, where, f"curation: {key}:")
            if key != "rename":  # rename maps a slug to a label; the others to a theme slug
                slug_value(target, source, where, f"curation: {key}: {slug}:")
    hide = value.get("hide") or []
    if not isinstance(hide, (list, Sequence)) or not all(isinstance(h, str) for h in hide):
        raise InputError(
            source, "curation: 'hide' must be a list of slugs", line=line_of(value, "hide")
        )
    for slug in hide:
        slug_value(slug, source, line_of(value, "hide"), "curation: hide:")
    return Curation(maps["rename"], maps["merge"], maps["pin"], frozenset(hide))


def _curation_text(text: str) -> str:
    """The ``curation:`` block exactly as written (up to the next top-level key)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("curation:")), None)
    if start is None:
        return ""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "#")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[start:end])
