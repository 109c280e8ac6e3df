"""The sibling sites whose search indexes this site's search box merges.

An archive past one machine is built as sub-sites (one per year, say) published side by side
under one address: ``/2024/``, ``/2025/`` (see the guide, "Past one machine"). Each sub-site
is a project of its own; ``search-sites`` in its ``pyproject.toml`` names the others by their
address relative to its own (``["../2024/"]``), and the search script merges their Pagefind
indexes, shards included, with its own (``pagefind.mergeIndex``), so one search box finds
papers of every sub-site. The list is written as ``SEARCH_SITES`` for the script.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

SEARCH_SITES = "search-sites.json"
"""Where the list is written, relative to docs/ (and to the site)."""


def search_sites(sites: Sequence[str]) -> str:
    """The list as JSON: ``{"sites": [...]}``, each address relative to this site, ending in
    a slash."""
    return json.dumps({"sites": list(sites)}) + "\n"
