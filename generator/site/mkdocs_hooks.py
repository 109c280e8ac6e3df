"""MkDocs hooks for the site (listed under ``hooks`` in mkdocs.yml; loaded by MkDocs, not by
the generator, so this file imports nothing from it).

- Pagefind is the site's search, so Material's own index is left empty: every page is
  excluded from it. Built pages then do not depend on which other pages MkDocs rendered, which
  is what lets ``python -m generator site`` rebuild only the pages that changed.
- That incremental build is ``mkdocs build --dirty --strict``, run only once the site command
  has checked that it gives the same site as a full build (see ``site/builder.py``). MkDocs
  warns about every dirty build, which strict mode turns into a failure; the site command sets
  ``READING_DIGEST_CHECKED_DIRTY`` and that one warning is then dropped.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

CHECKED_DIRTY = "READING_DIGEST_CHECKED_DIRTY"
DIRTY_NOTICE = "A 'dirty' build is being performed"


class _DropDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTICE)


def on_startup(command: str, dirty: bool) -> None:
    """Drop MkDocs' notice about dirty builds when the site command checked this one."""
    if dirty and os.environ.get(CHECKED_DIRTY) == "1":
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyNotice())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the page out of Material's search index (Pagefind indexes the site)."""
    page.meta["search"] = {**page.meta.get("search", {}), "exclude": True}
    return markdown
