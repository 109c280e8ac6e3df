"""RSS feeds: one of digests, newest first, and one per theme, with stable item ids."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from email.utils import format_datetime, parsedate_to_datetime

from ..model import Archive, DigestRef, Grouping, MovedTheme, Theme
from .markup import counted, display_text, first_sentence
from .metadata import arrival_day
from .texmath import plain_text

FEED_LIMIT = 50
"""Items per feed: readers poll feeds often, and the newest items are what they need."""


def render_feeds(archive: Archive, grouping: Grouping, site_url: str) -> dict[str, str]:
    """``feeds/digests.xml``, ``feeds/theme-<slug>.xml`` for each theme, and an empty
    ``feeds/sitemap.xml``.

    Material's script fetches ``sitemap.xml`` from the folder of every ``<link rel="alternate">``
    target (it expects language versions). Beside the feeds it finds an empty one, instead of
    downloading the site's whole sitemap (3.5 MB at 20,000 papers) on every page load.
    """
    base = site_url.rstrip("/") + "/"
    feeds = {DIGEST_FEED: digest_feed(archive, base), "feeds/sitemap.xml": EMPTY_SITEMAP}
    newest = newest_papers(archive, grouping)
    for theme in grouping.themes:
        feeds[theme_feed_path(theme)] = theme_feed(theme, newest[theme.slug], archive, base)
    by_slug = {theme.slug: theme for theme in grouping.themes}
    last = max((d for ref in archive.digests if (d := arrival_day(ref, archive))), default=None)
    for moved in grouping.moved:
        feeds[theme_feed_path(moved)] = moved_feed(moved, by_slug, last, base)
    return feeds


def newest_papers(archive: Archive, grouping: Grouping) -> dict[str, list[tuple[str, DigestRef]]]:
    """For each theme by slug, its ``FEED_LIMIT`` newest papers (entry key, and the newest
    digest that holds it), newest digest first: one pass over the digests for all themes."""
    themes_of = theme_slugs_by_paper(grouping)
    found: dict[str, dict[str, DigestRef]] = {theme.slug: {} for theme in grouping.themes}
    for ref in archive.digests:
        for key in ref.entry_keys:
            for slug in themes_of.get(key, ()):
                papers = found[slug]
                if key not in papers and len(papers) < FEED_LIMIT:
                    papers[key] = ref
    return {slug: list(papers.items()) for slug, papers in found.items()}


def theme_slugs_by_paper(grouping: Grouping) -> dict[str, list[str]]:
    """The slugs of the themes that hold each paper, by entry key (from the themes' members)."""
    themes_of: dict[str, list[str]] = {}
    for theme in grouping.themes:
        for key in theme.members:
            themes_of.setdefault(key, []).append(theme.slug)
    return themes_of


DIGEST_FEED = "feeds/digests.xml"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def theme_feed_path(theme: Theme | MovedTheme) -> str:
    """Where a theme's feed lives, relative to the site root."""
    return f"feeds/theme-{theme.slug}.xml"


def digest_feed(archive: Archive, base: str) -> str:
    """Every digest (the newest first), each item listing its papers."""
    channel = _channel(
        "Reading Digest: digests", base, "New reading digests, newest first.", base + DIGEST_FEED
    )
    for ref in archive.digests[:FEED_LIMIT]:
        titles = [plain_text(archive.by_key[k].paper.title) for k in ref.entry_keys]
        listing = "".join(f"<li>{_escape(t)}</li>" for t in titles)
        description = f"<p>{counted(len(titles), 'paper')}.</p><ul>{listing}</ul>"
        _item(
            channel,
            title=display_text(ref.digest.title),
            link=f"{base}digests/{ref.slug}/",
            guid=f"urn:reading-digest:digest:{ref.slug}",
            description=description,
            date=arrival_day(ref, archive),
        )
    return _serialise(channel)


def theme_feed(
    theme: Theme, newest: list[tuple[str, DigestRef]], archive: Archive, base: str
) -> str:
    """The newest papers of one theme (``newest_papers``), newest digest first."""
    link = f"{base}themes/{theme.slug}/"
    channel = _channel(
        f"Reading Digest: {display_text(theme.label)}",
        link,
        f"New papers on {display_text(theme.label)}.",
        base + theme_feed_path(theme),
    )
    for key, ref in newest:
        entry = archive.by_key[key]
        _item(
            channel,
            title=plain_text(display_text(entry.paper.title)),
            link=f"{base}papers/{entry.slug}/",
            guid=f"urn:reading-digest:paper:{entry.slug}",
            description=_escape(plain_text(first_sentence(entry.paper.abstract))),
            date=arrival_day(ref, archive),
        )
    return _serialise(channel)


def moved_feed(
    moved: MovedTheme, themes: Mapping[str, Theme], newest: dt.date | None, base: str
) -> str:
    """The feed left at a retired, merged or hidden theme's address: one item, dated the
    archive's ``newest`` day, that points its followers to the themes that hold its papers
    now."""
    channel = _channel(
        f"Reading Digest: {display_text(moved.label)}",
        f"{base}themes/{moved.slug}/",
        f"New papers on {display_text(moved.label)}.",
        base + theme_feed_path(moved),
    )
    successors = [themes[s] for s in moved.successors if s in themes]
    names = ", ".join(display_text(theme.label) for theme in successors) or "other themes"
    links = "".join(
        f'<li><a href="{base}themes/{t.slug}/">{_escape(display_text(t.label))}</a></li>'
        for t in successors
    )
    _item(
        channel,
        title=f"{display_text(moved.label)} is now {names}",
        link=f"{base}themes/{successors[0].slug}/" if successors else f"{base}themes/",
        guid=f"urn:reading-digest:theme-moved:{moved.slug}:{'+'.join(moved.successors)}",
        description=f"<p>This theme's papers are now grouped under:</p><ul>{links}</ul>",
        date=newest,
    )
    return _serialise(channel)


def _channel(title: str, link: str, description: str, self_link: str) -> ElementTree.Element:
    rss = ElementTree.Element("rss", {"version": "2.0"})
    channel = ElementTree.SubElement(rss, "channel")
    ElementTree.SubElement(channel, "title").text = title
    ElementTree.SubElement(channel, "link").text = link
    ElementTree.SubElement(channel, "description").text = description
    ElementTree.SubElement(
        channel,
        "{http://www.w3.org/2005/Atom}link",
        {"href": self_link, "rel": "self", "type": "application/rss+xml"},
    )
    return rss


def _item(
    rss: ElementTree.Element,
    *,
    title: str,
    link: str,
    guid: str,
    description: str,
    date: dt.date | None,
) -> None:
    item = ElementTree.SubElement(rss.find("channel"), "item")  # type: ignore[arg-type]
    ElementTree.SubElement(item, "title").text = title
    ElementTree.SubElement(item, "link").text = link
    ElementTree.SubElement(item, "guid", {"isPermaLink": "false"}).text = guid
    ElementTree.SubElement(item, "description").text = description
    if date is not None:
        moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        ElementTree.SubElement(item, "pubDate").text = format_datetime(moment)


def _parsed(text: str | None) -> dt.datetime | None:
    return parsedate_to_datetime(text) if text else None


def _escape(text: str) -> str:
    """Escape text for the HTML that an item description carries (as XML text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (NUL, ESC, other controls): one in a title made the feed
invalid for every reader."""


def _serialise(rss: ElementTree.Element) -> str:
    """The feed as XML text, with every character XML forbids removed from its text, and a
    ``lastBuildDate``: its newest item's date (not the clock's, so a rebuild rewrites
    nothing)."""
    channel = rss.find("channel")
    dates = [_parsed(item.findtext("pubDate")) for item in rss.iter("item")]
    known = [date for date in dates if date is not None]
    if known and channel is not None:
        last = ElementTree.Element("lastBuildDate")
        last.text = format_datetime(max(known))
        channel.insert(3, last)  # after title, link and description
    for element in rss.iter():
        if element.text:
            element.text = NOT_IN_XML.sub("", element.text)
        for name, value in element.attrib.items():
            element.set(name, NOT_IN_XML.sub("", value))
    ElementTree.register_namespace("atom", "http://www.w3.org/2005/Atom")
    ElementTree.indent(rss)
    body = ElementTree.tostring(rss, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
