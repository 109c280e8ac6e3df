"""What the built site's HTML holds: links, scripts, JSON-LD and meta tags, and which internal
links lead nowhere (shared by the MkDocs and Zensical end-to-end tests)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class LinkCollector(HTMLParser):
    """Collects href/src values and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        """Text of the scripts a browser runs."""
        self.data_blocks: list[str] = []
        """Text of the JSON-LD blocks (data, never run)."""
        self.meta: dict[str, str] = {}
        """Open Graph, Twitter card and robots tags by property or name."""
        self._in: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            assert not name.startswith("on"), f"event handler attribute {name}={value!r}"
        fields = dict(attrs)
        if tag == "meta" and (key := fields.get("property") or fields.get("name")):
            self.meta[key] = fields.get("content") or ""
        self._in = None
        if tag == "script":
            data = fields.get("type") == "application/ld+json"
            self._in = self.data_blocks if data else self.scripts

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._in.append(data)


def collected(page: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(page.read_text("utf-8"))
    return collector


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site's pages that names no file, as ``page -> link``."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in collected(page).links:
            parsed = urlparse(link)
            assert parsed.scheme in ("", "http", "https", "mailto"), f"{page}: {link}"
            if parsed.scheme or link.startswith("#") or not parsed.path:
                continue
            base = site if parsed.path.startswith("/") else page.parent  # 404.html: root-relative
            target = (base / unquote(parsed.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken
