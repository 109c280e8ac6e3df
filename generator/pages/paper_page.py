"""Render one paper page: title, theme, code box, abstract, notes, related papers,
provenance, links and BibTeX."""

from __future__ import annotations

import functools
import html
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from ..dates import readable
from ..model import Archive, DigestRef, Entry, Paper, Related, Theme
from .abstract import abstract_html, code_links
from .links import display_url
from .markup import (
    counted,
    external_link,
    front_matter,
    html_list,
    html_text,
    md_inline,
    page_link,
)
from .metadata import digest_dates, paper_description, scholarly_article
from .reading import reading_facts, tag_slugs
from .texmath import plain_text
from .theme_pages import name_only, theme_link

SEARCHES = (
    ("arXiv", "https://arxiv.org/search/?query={q}&searchtype=title"),
    ("Semantic Scholar", "https://www.semanticscholar.org/search?q={q}"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={q}"),
    ("Hugging Face papers", "https://huggingface.co/papers?q={q}"),
)
LINK_LABELS = {"code": "Code", "project": "Project page", "link": "Link"}
TITLE_ID = "title"
"""The id of a paper page's title (its heading), which the skip link and the search's
anchors lead to."""


@dataclass(frozen=True)
class PaperLink:
    """Another paper as a paper page lists it."""

    slug: str
    title: str
    score: float
    """Cosine similarity of the two papers."""
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class DigestLink:
    """A digest the paper appeared in."""

    slug: str
    title: str


@dataclass(frozen=True)
class PaperPage:
    """Everything one paper page shows: the paper, and what the archive around it says of
    it. Equal records give equal pages, so the build's cache keys each page by its record."""

    entry: Entry
    theme: Theme | None
    """Its theme, by name only (no members: the page lists none)."""
    related: tuple[PaperLink, ...]
    same_digest: tuple[PaperLink, ...]
    """The most similar papers among those of its digests."""
    appeared_in: tuple[DigestLink, ...]
    dates: tuple[tuple[str, str], ...]
    """The ISO date of each dated digest it appeared in, by source."""
    tags: tuple[tuple[str, str], ...]
    """Its tags (case-folded) and the slugs of their pages."""
    bibtex: str
    """Its BibTeX entry as the page shows it."""


def paper_page(
    entry: Entry,
    archive: Archive,
    digests: Mapping[str, DigestRef],
    theme: Theme | None,
    related: tuple[Related, ...],
    same_digest: tuple[Related, ...],
    bibtex: str,
    dates: Mapping[str, str] | None = None,
    tag_slug: Mapping[str, str] | None = None,
) -> PaperPage:
    """The ``PaperPage`` of one paper: its theme, related papers, where it appeared
    (``digests`` by source name), its ``bibtex`` entry (``dates``: each dated digest's ISO
    date by source, found from ``digests`` when not given; ``tag_slug``: each tag's page,
    ``reading.tag_slugs``, found when not given)."""
    if dates is None:
        dates = digest_dates(archive)
    tags = tag_slugs(archive) if tag_slug is None else tag_slug
    sources = dict.fromkeys(appearance.digest for appearance in entry.appearances)
    return PaperPage(
        entry=entry,
        theme=name_only(theme) if theme else None,
        related=_paper_links(related, archive),
        same_digest=_paper_links(same_digest, archive),
        # Digests only: their lines belong in the build report, not on a reader's page.
        appeared_in=tuple(
            DigestLink(digests[source].slug, digests[source].digest.title) for source in sources
        ),
        dates=tuple((source, dates[source]) for source in sources if source in dates),
        tags=tuple((tag.casefold(), tags[tag.casefold()]) for tag in entry.paper.tags),
        bibtex=bibtex,
    )


def _paper_links(related: tuple[Related, ...], archive: Archive) -> tuple[PaperLink, ...]:
    links = []
    for item in related:
        other = archive.by_key[item.key]
        links.append(PaperLink(other.slug, other.paper.title, item.score, item.shared_terms))
    return tuple(links)


def render_paper(page: PaperPage) -> str:
    """The Markdown page of one paper: title, theme, code box, authors, abstract, notes,
    related papers, where it appeared, links and its BibTeX entry."""
    entry = page.entry
    dates = dict(page.dates)
    lines = [_head(entry, dates)]
    if page.theme:
        # A class for the search to skip: results show the abstract, not this line.
        lines += [f"Theme: {theme_link(page.theme, '../themes/')}", "{: .rd-theme }", ""]
    lines += reading_facts(entry.paper, dict(page.tags), "../")
    lines.append(_body(entry))
    lines += _related_section("Related papers", page.related)
    lines += _related_section("Similar papers in the same digest", page.same_digest)
    lines.append(_tail(entry, page.appeared_in, page.bibtex))
    return "\n".join(lines)


def _head(entry: Entry, dates: Mapping[str, str]) -> str:
    """Front matter (with the paper's structured data) and title."""
    paper = entry.paper
    title = plain_text(paper.title)
    head = [
        front_matter(
            {
                "title": html_text(title),
                "description": html_text(paper_description(paper)),
                "og_type": "article",
                "jsonld": scholarly_article(entry, dates),
            },
            light_frame=True,
        ),
        # A short id, not one made of the title: the skip link repeats it (150 bytes a page).
        f"# {md_inline(title)} {{ #{TITLE_ID} }}",
        "",
    ]
    return "\n".join(head)


def _body(entry: Entry) -> str:
    """Code box, authors, summary, abstract, the text as written, reader notes."""
    paper = entry.paper
    title = plain_text(paper.title)
    body = []
    links = code_links(paper.abstract, paper.code)
    if links:
        body += ['!!! example "Code and project pages"', ""]
        body += [
            f"    - {LINK_LABELS[link.kind]}: {external_link(link.url, display_url(link.url))}"
            for link in links
        ]
        body.append("")
    if paper.authors:
        body += [f'<p class="rd-authors">{html_text(", ".join(paper.authors))}</p>', ""]
    facts = _facts(paper)
    if entry.also_titled:  # searchable: a paper is found by any title it was listed under
        facts.append(
            "Also listed as " + "; ".join(html_text(plain_text(t)) for t in entry.also_titled)
        )
    if facts:
        body += [f'<p class="rd-facts">{" · ".join(facts)}</p>', ""]
    if paper.summary:
        body += [f'<p class="rd-summary"><em>{html_text(paper.summary)}</em></p>', ""]
    rendered, changed = abstract_html(paper.abstract)
    if paper.abstract:
        body += [f'<p class="rd-abstract">{rendered}</p>', ""]
    else:
        body += ['<p class="rd-abstract rd-missing">No abstract in the digests yet.</p>', ""]
    if changed or title != paper.title:
        original = html.escape(f"{paper.title}\n\n{paper.abstract}", quote=False)
        body += [
            '<details class="rd-as-written" data-search-exclude data-pagefind-ignore>'
            "<summary>As written in the digest</summary>"
            f'<pre class="rd-original">{original}</pre></details>',
            "",
        ]
    if paper.notes:
        body += ["## Reader notes", ""]
        body += [f"<p>{html_text(part)}</p>\n" for part in paper.notes.split("\n\n")]
    return "\n".join(body)


CLOSENESS = ((0.5, "very close"), (0.3, "close"), (0.0, "related"))
"""Words for the cosine similarity of two papers, highest bound first: readers get a word, not
a number."""


def closeness(score: float) -> str:
    """How close two papers are, in a word (``very close`` from 0.5)."""
    return next(word for bound, word in CLOSENESS if score >= bound)


def _facts(paper: Paper) -> list[str]:
    """What the input tells about the paper besides its text, as escaped HTML pieces."""
    facts = []
    if paper.arxiv:  # searchable: an arXiv id finds its paper
        facts.append(f"arXiv {html_text(paper.arxiv)}")
    if paper.published:
        facts.append(f"Published {html_text(readable(paper.published))}")
    if paper.author_count and len(paper.authors) < paper.author_count:
        facts.append(counted(paper.author_count, "author"))
    if paper.subjects:
        facts.append(html_text(", ".join(paper.subjects)))
    if paper.journal_ref:
        facts.append(f"In {html_text(paper.journal_ref)}")
    if paper.comments:
        facts.append(html_text(paper.comments))
    if paper.keywords:
        facts.append(f"Keywords: {html_text(', '.join(paper.keywords))}")
    if paper.upvotes is not None:
        facts.append(counted(paper.upvotes, "upvote"))
    if paper.submitter:
        facts.append(f"Submitted by {html_text(paper.submitter)}")
    return facts


def _tail(entry: Entry, appeared_in: tuple[DigestLink, ...], bibtex: str) -> str:
    """The digests it appeared in, links and BibTeX."""
    tail = ["## Appeared in", ""]
    tail += html_list(
        [page_link(f"../digests/{digest.slug}.md", digest.title) for digest in appeared_in]
    )
    tail += ["## Links", "", *html_list(_links(entry))]
    tail += [
        "## BibTeX",
        "",
        f'<pre class="rd-bibtex" data-pagefind-ignore><code>{html.escape(bibtex, quote=False)}'
        "</code></pre>",
        "",
    ]
    return "\n".join(tail)


def _related_section(heading: str, related: tuple[PaperLink, ...]) -> list[str]:
    if not related:
        return []
    items = []
    for item in related:
        terms = ", ".join(item.shared_terms)
        shared = f" · shares {html_text(terms)}" if terms else ""
        items.append(_sibling_link(item.slug, item.title) + f" · {closeness(item.score)}{shared}")
    return [f"## {heading}", "", *html_list(items)]


# Pure memoisation (the result depends on the arguments only): the only state a build keeps
# between calls, and it never changes what is returned.
@functools.lru_cache(maxsize=65536)
def _sibling_link(slug: str, title: str) -> str:
    """A link from one paper page to another; each paper is linked from about ten pages."""
    return page_link(f"{slug}.md", plain_text(title))


def _links(entry: Entry) -> list[str]:
    paper = entry.paper
    links = []
    if paper.arxiv:
        links.append(
            external_link(f"https://arxiv.org/abs/{paper.arxiv}", f"arXiv {paper.arxiv}")
            + " · "
            + external_link(f"https://arxiv.org/pdf/{paper.arxiv}", "PDF")
        )
    if paper.doi:
        links.append(external_link(f"https://doi.org/{paper.doi}", f"DOI {paper.doi}"))
    if paper.url:
        links.append(external_link(paper.url, paper.url))
    if not paper.arxiv:
        query = urllib.parse.quote_plus(plain_text(paper.title)[:300])
        searches = " · ".join(
            external_link(template.format(q=query), name) for name, template in SEARCHES
        )
        links.append(f"Search by title (no arXiv id in the digest): {searches}")
    return links
