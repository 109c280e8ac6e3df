"""MkDocs hooks for the site (listed under ``hooks`` in mkdocs.yml, with the sitemap's in
``sitemap_hooks.py``; loaded by MkDocs, not by the generator, so this file imports nothing
from it).

- Pagefind is the site's search, so Material's own index is left empty: every page says
  ``search: exclude: true`` in its front matter (Zensical reads the same). Built pages then do
  not depend on which other pages MkDocs rendered, which is what lets
  ``python -m generator site`` rebuild only the pages that changed.
- The generator's lists of pages are raw HTML (fast to build), with each href written as the
  target's Markdown file relative to the page's own (``../papers/x.md``), as Zensical resolves
  hrefs in raw HTML. MkDocs leaves raw HTML alone, so ``on_page_content`` resolves them here the
  same way, and a link to a missing page fails the strict build.
- That incremental build is ``mkdocs build --dirty --strict``, run only once the site command
  has checked that it gives the same site as a full build (see ``site/builder.py``). MkDocs
  warns about every dirty build, which strict mode turns into a failure; the site command sets
  ``READING_DIGEST_CHECKED_DIRTY`` and that one warning is then dropped. It also lists the
  docs/ files changed since the last complete build (``READING_DIGEST_CHANGED_FILES``): the
  unchanged pages outside the navigation are set aside (marked excluded: MkDocs makes no page
  of them, a dirty build alone did, and links to them resolve as before; see ``on_files``),
  and the sitemap still lists them (``sitemap_hooks.py``).
- The generator's lists of papers are raw HTML blocks of one line (``markup.html_list``),
  which Markdown passes through as written; at 46,000 papers they are most of a theme page's
  megabyte. Python-Markdown and MkDocs would each read them with Python's HTML parser
  (looking for Markdown and anchors they do not hold), which took most of a daily build's
  time in MkDocs; ``on_page_markdown`` sets them aside behind a comment and
  ``on_page_content`` puts them back as they were (so the page is the same, tested).
- Every page's HTML is compacted (``compact_html``): Material's templates indent deeply and
  leave blank lines, a sixth of a paper page's bytes. A page in the light frame (papers,
  digests, tags: front matter ``frame: light``) also loses what Material writes outside its
  templates' blocks that such a page does without (``LIGHT_FRAME_LEFTOVERS``).
- A build that renders many pages runs as parts in parallel (``READING_DIGEST_SITE_PART`` =
  ``k/n``, set by the site command): each part is a ``--dirty`` build, into the emptied site
  folder for a first build or into the site for an incremental one, that renders only the
  pages among every n-th page it would render, and part 1 also writes the theme's files, the
  sitemap and the 404 page. No page shows anything of another page (above), so the parts
  together write the files one build writes (tested, both ways).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

CHECKED_DIRTY = "READING_DIGEST_CHECKED_DIRTY"
CHANGED_FILES = "READING_DIGEST_CHANGED_FILES"
"""A JSON list of the docs/ files (paths as MkDocs' ``src_uri``) changed since the last complete
build, for an incremental build (see above)."""
SITE_PART = "READING_DIGEST_SITE_PART"
"""``k/n``: this build renders part k of n (see above)."""
QUIET = "READING_DIGEST_QUIET"
"""``1``: MkDocs says only its warnings and errors (``site --quiet``). Its own ``-q`` drops the
warnings before strict mode counts them, so a broken link would pass."""
DIRTY_NOTICE = "A 'dirty' build is being performed"
STALE_NOTICE = "The directory contains stale files"
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
"""Elements whose whitespace is kept as written."""
LINE_BREAK_RUN = re.compile(r"[ \t]*\n\s*")
SOURCE_LINK = re.compile(r'href="([^"#:?/][^"#:?]*\.md)(#[^"]*)?"')
"""An href to a Markdown file, relative to the page's own (no scheme, not from the root)."""
RAW_LIST = re.compile(r"^<(ul|ol)\b[^>\n]* data-pagefind-ignore>.*</\1>$", re.M)
"""A list as ``markup.html_list`` writes it: one line of raw HTML."""
LIGHT_FRAME_LEFTOVERS = re.compile(
    r'<meta name="generator" content="[^"<>]*">\n'
    r'|<div data-md-component="announce">\n</div>\n'
    r'|<div class="md-dialog" data-md-component="dialog">\n'
    r'<div class="md-dialog__inner md-typeset"></div>\n</div>\n'
    r'|<a class="headerlink" href="#[^"<>]*" title="[^"<>]*">&para;</a>'
)
"""In compacted HTML: Material's generator tag; its announcement bar and dialog, empty (no
announcement configured; the dialog only says a code block was copied, and no page has a copy
button); the permalink beside each heading (a paper page's sections are one screen, reached
from its address). 0.7 KB of a paper page; the headings keep their ids."""
SET_ASIDE = "<!--rd-list-{}-->"
SET_ASIDE_MARK = re.compile(r"<!--rd-list-(\d+)-->")
log = logging.getLogger("mkdocs.hooks.reading_digest")


class _DropDirtyNotice(logging.Filter):
    """Drops MkDocs' notices that a dirty build may be wrong and that the site folder holds
    files it did not write: both by design in a build the site command checked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith((DIRTY_NOTICE, STALE_NOTICE))


def on_startup(command: str, dirty: bool) -> None:
    """Drop MkDocs' notices about dirty builds when the site command checked this one. A quiet
    build (``QUIET``), and a part but the first of a build in parts (part 1 says what the
    build does), print only warnings and errors, which strict mode still counts."""
    if dirty and os.environ.get(CHECKED_DIRTY) == "1":
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyNotice())
    part = site_part()
    if os.environ.get(QUIET) == "1" or (part and part[0] > 1):
        for handler in logging.getLogger("mkdocs").handlers:
            if handler.name == "MkDocsStreamHandler":  # what MkDocs prints (mkdocs.__main__)
                handler.setLevel(logging.WARNING)


def site_part() -> tuple[int, int] | None:
    """The part of the site this build renders (``SITE_PART``), or None for all of it."""
    number, _, parts = os.environ.get(SITE_PART, "").partition("/")
    if not (number.isdigit() and parts.isdigit() and 1 <= int(number) <= int(parts)):
        return None
    return int(number), int(parts)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """In a part but the first, leave the theme's templates (sitemap, 404 page) to part 1."""
    part = site_part()
    if part and part[0] > 1:
        config.theme.static_templates.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """In an incremental build, mark which docs/ files changed (``CHANGED_FILES``) and set the
    others' pages aside (``set_aside_unchanged``). In a part,
    skip what other parts write: every n-th page is this part's, and the theme's and the
    site's other files are part 1's."""
    listed = os.environ.get(CHANGED_FILES)
    if listed:
        set_aside_unchanged(files, config, set(json.loads(Path(listed).read_text("utf-8"))))
    part = site_part()
    if part is None:
        return files
    number, parts = part
    pages = sorted(files.documentation_pages(), key=lambda file: file.src_uri)
    mine = {file.src_uri for file in pages[number - 1 :: parts]}
    for file in files:
        page = file.is_documentation_page()
        if (page and file.src_uri not in mine) or (not page and number > 1):
            file.is_modified = _unmodified  # type: ignore[method-assign]
    return files


def set_aside_unchanged(files: Files, config: MkDocsConfig, changed: set[str]) -> None:
    """In an incremental build, mark each docs/ file modified when it is in ``changed`` or its
    output is missing, and set aside the pages outside the navigation that are not (see
    above); their source paths go in ``files.rd_set_aside``, and the logger stops saying that
    a page links to one of them, which is "excluded from the built site"."""
    from mkdocs.structure.files import InclusionLevel

    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    aside: set[str] = set()
    for file in files:
        if not (file.abs_src_path and file.abs_src_path.startswith(docs)):
            continue  # the theme's files: MkDocs compares their times
        modified = file.src_uri in changed or not os.path.isfile(file.abs_dest_path)
        file.is_modified = _modified if modified else _unmodified  # type: ignore[method-assign]
        if not modified and file.inclusion.is_not_in_nav() and file.is_documentation_page():
            file.inclusion = InclusionLevel.EXCLUDED
            aside.add(file.src_uri)
    files.rd_set_aside = aside  # type: ignore[attr-defined]
    for logger in ("mkdocs.structure.pages", "mkdocs.structure.nav"):
        logging.getLogger(logger).addFilter(_QuietSetAside(aside))


class _QuietSetAside(logging.Filter):
    """Drops MkDocs' notes that a page, or the navigation, links to a page set aside."""

    NOTES = (
        re.compile(r"contains a link to '([^']*)' which is excluded from the built site"),
        re.compile(r"A reference to '([^']*)' is included in the 'nav' configuration, but"),
    )

    def __init__(self, aside: set[str]):
        super().__init__()
        self.aside = aside

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = (note.search(message) for note in self.NOTES)
        return not any(match and match.group(1) in self.aside for match in found)


def _modified() -> bool:
    """``File.is_modified`` of a docs/ file changed since the last complete build."""
    return True


def _unmodified() -> bool:
    """``File.is_modified`` of a file a dirty build skips: unchanged, or another part's."""
    return False


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Set the page's raw-HTML lists aside (see above): each becomes a comment that
    ``on_page_content`` replaces with it. They are kept on the page being built."""
    lists: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        lists.append(match.group(0))
        return SET_ASIDE.format(len(lists) - 1)

    markdown = RAW_LIST.sub(set_aside, markdown)
    page.rd_raw_lists = lists  # type: ignore[attr-defined]
    return markdown


def put_back(html: str, lists: list[str]) -> str:
    """``html`` with each comment ``on_page_markdown`` left replaced by its list."""
    if not lists:
        return html

    def listed(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return lists[number] if number < len(lists) else match.group(0)

    return SET_ASIDE_MARK.sub(listed, html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put back the lists set aside, then point each raw-HTML link to a Markdown file at that
    page's address, relative to this page's (see above); warn about a link to a file that
    is not in the site."""
    html = put_back(html, getattr(page, "rd_raw_lists", []))
    folder = posixpath.dirname(page.file.src_uri)

    def address(match: re.Match[str]) -> str:
        written, fragment = match.group(1), match.group(2) or ""
        # A normalised POSIX path is the key ``get_file_from_path`` would build (through
        # pathlib, a third of this hook's time on a large theme page).
        target = files.src_uris.get(posixpath.normpath(posixpath.join(folder, written)))
        if target is None:
            log.warning("%s links to '%s', which is not in the site", page.file.src_uri, written)
            return match.group(0)
        return f'href="{target.url_relative_to(page.file)}{fragment}"'

    return SOURCE_LINK.sub(address, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Compact the page's HTML (see ``compact_html``), and lighten a light frame's."""
    compacted = compact_html(output)
    if page.meta.get("frame") != "light":
        return compacted
    return LIGHT_FRAME_LEFTOVERS.sub("", compacted)


def compact_html(html: str) -> str:
    """The page with every run of whitespace that holds a line break made one line break,
    outside ``pre``, ``textarea`` and ``script`` elements. A browser shows any such run as one
    space, so the page looks and reads the same (a full minifier saves 5% more of a paper
    page, measured with minify-html 0.18: not worth a dependency that rewrites the markup)."""
    pieces = VERBATIM.split(html)
    # split() gives text, then for each verbatim element the element and its tag name.
    compacted = [LINE_BREAK_RUN.sub("\n", text) for text in pieces[::3]]
    kept = pieces[1::3]
    return "".join(part for pair in zip(compacted, [*kept, ""]) for part in pair)
