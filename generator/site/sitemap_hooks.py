"""MkDocs hooks for the sitemap (listed under ``hooks`` in mkdocs.yml, after
``mkdocs_hooks.py``; loaded by MkDocs, not by the generator, so this file imports nothing from
it).

The sitemap (``generator/templates/sitemap.xml``, its addresses from ``sitemap_urls``) gives
each page the day its content last changed, from the generator's ``docs/.page-dates.json``
(read here for every build, dirty or not, so both give the same sitemap), or no ``lastmod`` at
all, and leaves out the pages the generator lists in ``docs/.unlisted-pages.json`` (a moved
paper's page, which asks search engines not to index it). An incremental build sets the
unchanged pages outside the navigation aside
(``mkdocs_hooks.set_aside_unchanged``), and the sitemap still lists them, at the address
MkDocs gives a page. Past 50,000 addresses it is split
into numbered sitemaps under a sitemap index, as the protocol requires; of a build in parts,
only the part that writes the sitemap (part 1: ``mkdocs_hooks.on_config``) splits it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PAGE_DATES = ".page-dates.json"
"""Written by the generator (``pages/metadata.py``): each generated page's content date."""
UNLISTED_PAGES = ".unlisted-pages.json"
"""Written by the generator too: the pages the sitemap leaves out, by source path."""
SITEMAP_LIMIT = 50_000
"""Addresses one sitemap may hold (sitemaps.org); past it, a sitemap index."""
SITEMAP_URL = re.compile(r"<url>.*?</url>", re.DOTALL)


def writes_sitemap(config: MkDocsConfig) -> bool:
    """Whether this build renders the sitemap: not a part whose theme templates
    ``mkdocs_hooks.on_config`` left to part 1."""
    return "sitemap.xml" in config.theme.static_templates


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the sitemap template its addresses, each with its page's content date
    (``sitemap_urls``). A part that leaves the sitemap to part 1 skips this."""
    if not writes_sitemap(config):
        return env
    dates = _read(Path(config.docs_dir) / PAGE_DATES, dict)
    unlisted = set(_read(Path(config.docs_dir) / UNLISTED_PAGES, list))
    aside = getattr(files, "rd_set_aside", set())
    urls = sitemap_urls(files, config.site_url or "", dates, aside, unlisted)
    env.globals["sitemap_urls"] = Markup(urls)
    return env


def _read(path: Path, kind: type) -> dict | list:
    """The JSON value of a file the generator wrote, or an empty one of ``kind`` (no file,
    or not such a value)."""
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return kind()
    return value if isinstance(value, kind) else kind()


def sitemap_urls(
    files: Files,
    site_url: str,
    dates: dict[str, str],
    aside: set[str],
    unlisted: AbstractSet[str] = frozenset(),
) -> str:
    """The sitemap's ``<url>`` elements, one a line: every page MkDocs builds and every page
    an incremental build set aside (``aside``, by source path) but the ``unlisted`` ones (by
    source path), in MkDocs' order, at the
    address MkDocs gives a page (its ``canonical_url``), with its content date from
    ``dates`` (by source path) or none. No site URL, no addresses, as MkDocs' own sitemap.
    Written here rather than by the template's loop: at 45,000 papers the loop and the
    addresses took about 0.7 s of the part that writes the sitemap, a daily build's longest."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    if not base:
        return ""
    lines = []
    for file in files:
        if not file.is_documentation_page():
            continue
        if not (file.inclusion.is_included() or file.src_uri in aside):
            continue
        if file.src_uri in unlisted:
            continue
        updated = dates.get(file.src_uri)
        lastmod = f"<lastmod>{escape(updated)}</lastmod>" if updated else ""
        lines.append(f"<url><loc>{escape(page_address(base, file.url))}</loc>{lastmod}</url>")
    return "\n".join(lines)


def page_address(base: str, url: str) -> str:
    """``urljoin(base, url)``, the address MkDocs gives a page of ``url`` under ``base`` (the
    site URL, ending in a slash), with the plain relative paths MkDocs gives pages joined as
    strings: ``urljoin`` took 0.34 s for 45,000 papers' pages."""
    plain = (
        not url.startswith(("/", "."))
        and not any(c in url for c in ":?#;")
        and "/." not in url  # urljoin resolves dot segments
        and "//" not in url  # and drops empty ones
    )
    if plain and not any(c in base for c in "?#;"):
        return base + url
    return urljoin(base, url)


def on_post_build(config: MkDocsConfig) -> None:
    """Split a sitemap of more than ``SITEMAP_LIMIT`` addresses under a sitemap index, in the
    build that writes it (``writes_sitemap``)."""
    if not writes_sitemap(config):
        return
    site = Path(config.site_dir)
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    files = split_sitemap(sitemap.read_text("utf-8"), config.site_url or "/", SITEMAP_LIMIT)
    for name, text in files.items():
        data = text.encode("utf-8")
        (site / name).write_bytes(data)
        with gzip.GzipFile(site / f"{name}.gz", "wb", mtime=0) as packed:
            packed.write(data)


def split_sitemap(text: str, site_url: str, limit: int) -> dict[str, str]:
    """The files that replace a sitemap of more than ``limit`` addresses: ``sitemap-N.xml``
    holding ``limit`` each, and ``sitemap.xml`` as their index; none for a smaller one."""
    urls = SITEMAP_URL.findall(text)
    if len(urls) <= limit:
        return {}
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    base = site_url if site_url.endswith("/") else site_url + "/"
    files, entries = {}, []
    for number, start in enumerate(range(0, len(urls), limit), 1):
        body = "\n".join(urls[start : start + limit])
        files[f"sitemap-{number}.xml"] = f"{head}<urlset {namespace}>\n{body}\n</urlset>\n"
        entries.append(f"<sitemap><loc>{base}sitemap-{number}.xml</loc></sitemap>")
    index = "\n".join(entries)
    files["sitemap.xml"] = f"{head}<sitemapindex {namespace}>\n{index}\n</sitemapindex>\n"
    return files
