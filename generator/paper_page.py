"""Render one paper page: title, themes, abstract, notes, related papers, provenance, links."""

from __future__ import annotations

import urllib.parse

from .markup import external_link, first_sentence, front_matter, html_text, md_inline
from .model import Archive, DigestRef, Entry, Grouping
from .render_themes import theme_link

SEARCHES = (
    ("arXiv", "https://arxiv.org/search/?query={q}&searchtype=title"),
    ("Semantic Scholar", "https://www.semanticscholar.org/search?q={q}"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={q}"),
    ("Hugging Face papers", "https://huggingface.co/papers?q={q}"),
)


def render_paper(
    entry: Entry, archive: Archive, grouping: Grouping, digests: dict[str, DigestRef]
) -> str:
    """The Markdown page of one paper."""
    paper = entry.paper
    lines = [
        front_matter(
            {
                "title": html_text(paper.title),
                "description": html_text(first_sentence(paper.abstract)),
            }
        ),
        f"# {md_inline(paper.title)}",
        "",
    ]
    theme = next((t for t in grouping.themes if t.slug == grouping.theme_of.get(entry.key)), None)
    if theme:
        lines += [f"Theme: {theme_link(theme, '../themes/')}", ""]
    if paper.authors:
        lines += [f'<p class="rd-authors">{html_text(", ".join(paper.authors))}</p>', ""]
    if paper.summary:
        lines += [f'<p class="rd-summary"><em>{html_text(paper.summary)}</em></p>', ""]
    lines += [f'<p class="rd-abstract">{html_text(paper.abstract)}</p>', ""]
    if paper.notes:
        lines += ["## Reader notes", ""]
        lines += [f"<p>{html_text(part)}</p>\n" for part in paper.notes.split("\n\n")]
    lines += _related_section(entry, archive, grouping)
    lines += ["## Appeared in", ""]
    for appearance in entry.appearances:
        ref = digests[appearance.digest]
        lines.append(
            f"- [{md_inline(ref.digest.title)}](../digests/{ref.slug}.md), line {appearance.line}"
        )
    lines += ["", "## Links", ""]
    lines += [f"- {link}" for link in _links(entry)]
    lines.append("")
    return "\n".join(lines)


def _related_section(entry: Entry, archive: Archive, grouping: Grouping) -> list[str]:
    related = grouping.related.get(entry.key, ())
    if not related:
        return []
    lines = ["## Related papers", ""]
    for item in related:
        other = archive.by_key[item.key]
        terms = ", ".join(item.shared_terms)
        shared = f" · shares {md_inline(terms)}" if terms else ""
        lines.append(
            f"- [{md_inline(other.paper.title)}](../papers/{other.slug}.md) · "
            f"similarity {item.score:.2f}{shared}"
        )
    return [*lines, ""]


def _links(entry: Entry) -> list[str]:
    paper = entry.paper
    links = []
    if paper.arxiv:
        links.append(
            external_link(f"https://arxiv.org/abs/{paper.arxiv}", f"arXiv {paper.arxiv}")
            + " · "
            + external_link(f"https://arxiv.org/pdf/{paper.arxiv}", "PDF")
        )
    if paper.url:
        links.append(external_link(paper.url, paper.url))
    links += [external_link(url, url) for url in paper.code]
    if not paper.arxiv:
        query = urllib.parse.quote_plus(paper.title[:300])
        searches = " · ".join(
            external_link(template.format(q=query), name) for name, template in SEARCHES
        )
        links.append(f"Search by title: {searches}")
    return links
