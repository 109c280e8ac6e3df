"""Find code and project links in abstracts and repair the forms scrapers leave behind."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A URL with a scheme, or a bare code-host address without one.
LINK = re.compile(
    r"""(?P<url>
        https?://[^\s"'<>`]+
      | (?<![\w@/.])(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[^\s"'<>`]+
      | (?<![\w@/.])[\w.-]+\.github\.io(?:/[^\s"'<>`]*)?
      | (?<![\w@/.])anonymous\.4open\.science/r/[^\s"'<>`]+
    )""",
    re.VERBOSE | re.IGNORECASE,
)
TRAILING = ".,;:!?'\"*"
CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "anonymous.4open.science",
    "huggingface.co",
)


@dataclass(frozen=True)
class FoundLink:
    """A link found in a text, with where it stood."""

    start: int
    """Offset of the first character of the written form."""
    end: int
    """Offset after the written form, residue included (trailing punctuation excluded)."""
    url: str
    """The repaired, working URL."""
    kind: str
    """``code`` (a repository), ``project`` (a project page) or ``link``."""


LINK_HINTS = ("://", "github", "gitlab", "bitbucket", "4open")
"""Substrings every link has; a text with none skips the costly pattern."""


# Pure memoisation (the result depends on the arguments only): the only state a build keeps
# between calls, and it never changes what is returned.
@functools.lru_cache(maxsize=8192)
def find_links(text: str) -> tuple[FoundLink, ...]:
    """Every link in the text, repaired: no glued period, TeX residue, quotes or scheme gaps."""
    folded = text.lower()
    if not any(hint in folded for hint in LINK_HINTS):  # most abstracts have no link
        return ()
    found = []
    for match in LINK.finditer(text):
        written = match.group("url")
        start, end = match.start("url"), match.end("url")
        url = written
        if "{" in url:  # TeX residue: ".../RDLM{https://.../RDLM}." or ".../V2L{V^2L}."
            url = url.split("{", 1)[0]
        while url and url[-1] in TRAILING + "}":
            url = url[:-1]
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        if not written.startswith("{") and "{" not in written:
            end = start + len(url)
        else:  # keep the residue inside the link's span so the display drops it
            while end > start and text[end - 1] in TRAILING:
                end -= 1
        if start > 0 and text[start - 1] == "{" and text[end : end + 1] == "}":
            start, end = start - 1, end + 1  # "{https://...}": the braces are TeX residue
        if url.lower().endswith(".git"):
            url = url[:-4]
        if not re.match(r"https?://", url, re.IGNORECASE):
            url = "https://" + url
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if not host or "." not in host:
            continue
        found.append(FoundLink(start, end, url, _kind(host, url)))
    return tuple(found)


def _kind(host: str, url: str) -> str:
    path = urlsplit(url).path.strip("/")
    if host in CODE_HOSTS and path:
        return "code"
    if host.endswith(".github.io") or host in CODE_HOSTS:
        return "project"
    return "link"


def display_url(url: str) -> str:
    """A URL as shown to readers: no scheme, no ``www.``, no trailing slash."""
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    return shown.rstrip("/")
