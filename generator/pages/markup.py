"""Escape input text for Markdown, HTML and YAML so it reads as written and injects nothing."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping, Sequence

# Characters removed for display: control characters, bidirectional overrides and isolates,
# zero-width spaces and byte-order marks. They are invisible or reorder text; the parsed
# record keeps them, only the page drops them.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029]"
)
# Python-Markdown's backslash-escapable characters, except '>' which html.escape handles.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9)\]%][.!?])\s+(?=[A-Z])")


# Pure memoisation (the result depends on the arguments only): the only state a build keeps
# between calls, and it never changes what is returned.
@functools.lru_cache(maxsize=65536)
def display_text(text: str) -> str:
    """Drop invisible characters and fold all white space to single spaces."""
    return " ".join(INVISIBLE.sub("", text).split())


def md_inline(text: str) -> str:
    """Escape text for an inline Markdown context (headings, link text, list items)."""
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(display_text(text), quote=False))
    return escaped.replace("=", "&#61;")  # '=' cannot be backslash-escaped (setext headings)


def html_text(text: str) -> str:
    """Escape text for HTML content or attribute values."""
    return html.escape(display_text(text), quote=True)


# Pure memoisation (the result depends on the arguments only): the only state a build keeps
# between calls, and it never changes what is returned.
@functools.lru_cache(maxsize=65536)
def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of a text, clipped to ``limit`` characters at a word boundary."""
    text = display_text(text)
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence


# Characters PyYAML refuses to read unescaped.
YAML_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's, plus ``\\u`` for the rest."""
    return YAML_UNPRINTABLE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )


SEARCH_EXCLUDED = ("search:", "  exclude: true")
"""Front matter that keeps a page out of Material's (and Zensical's) own search index: Pagefind
indexes the site."""


def front_matter(fields: dict[str, str], *, light_frame: bool = False) -> str:
    """Render page front matter; text values must already be HTML-escaped by the caller.

    MkDocs templates print ``page.title`` and ``page.meta`` unescaped, hence the rule.
    Every page is left out of the builder's own search index (``SEARCH_EXCLUDED``).
    ``light_frame`` gives the page the site's light frame (``frame: light``: a flat
    navigation and no table of contents, see ``generator/templates/main.html``), for the
    pages that are many: papers, digests, tags.
    """
    fields = {**fields, "frame": "light"} if light_frame else fields
    lines = ["---", *(f"{key}: {yaml_string(value)}" for key, value in fields.items())]
    return "\n".join([*lines, *SEARCH_EXCLUDED, "---", ""])


def html_list(
    items: list[str],
    *,
    ordered: bool = False,
    css: str = "",
    row_data: Sequence[Mapping[str, str]] | None = None,
    marker: str = "",
) -> list[str]:
    """A list of HTML items as one raw HTML block, left out of the search index.

    Lists of other papers are most of a page's links. As raw HTML, MkDocs passes them through
    without Markdown processing (a large archive builds much faster), and search finds the
    page a word belongs to, not every page that links to it. Links are ``page_link``s.
    ``row_data`` gives each item ``data-rd-*`` attributes (and ``data-rd-rank``, its place)
    for the site's script, which ``marker`` (an attribute of the list, such as
    ``data-rd-sortable``) calls on; without the script the list reads as built.
    """
    if not items:
        return []
    tag = "ol" if ordered else "ul"
    data = row_data if row_data is not None else [{}] * len(items)
    rows = []
    for rank, (item, fields) in enumerate(zip(items, data, strict=True)):
        ranked = {"rank": str(rank), **fields} if row_data is not None else {}
        attributes = "".join(
            f' data-rd-{name}="{html.escape(value, quote=True)}"'
            for name, value in ranked.items()
            if value
        )
        rows.append(f"<li{attributes}>{item}</li>")
    list_attributes = [f'class="{css}"' if css else "", marker, "data-pagefind-ignore"]
    opening = f"<{tag} {' '.join(a for a in list_attributes if a)}>"
    return [f"{opening}{''.join(rows)}</{tag}>", ""]


def page_link(source_path: str, text: str) -> str:
    """An HTML link to a page of the site, its text escaped. The href is the target's Markdown
    file relative to the linking page's own (``../papers/x.md``), as a Markdown link would be
    written: Zensical resolves such hrefs in raw HTML, and the MkDocs hooks
    (``on_page_content``) turn them into page addresses, so one page serves both builders."""
    return f'<a href="{html.escape(source_path, quote=True)}">{html_text(text)}</a>'


def external_link(url: str, label: str) -> str:
    """An HTML link to an http(s) URL, or the label alone for any other scheme."""
    if not re.match(r"^https?://[^\s<>\"']+$", url):
        return html_text(label)
    return f'<a href="{html.escape(url, quote=True)}">{html_text(label)}</a>'


def noun(count: int, singular: str) -> str:
    """The noun in the number that agrees with ``count``: ``paper`` for 1, ``papers`` else."""
    return singular if count == 1 else singular + "s"


def counted(count: int, singular: str) -> str:
    """A count and its noun in agreement: ``1 paper``, ``2 papers``."""
    return f"{count} {noun(count, singular)}"
