"""Read PubMed's results as a browser copies them: a search results page, or the "Similar
articles" and "Cited by" lists of an article's page. Four lines a result::

    1
    Cite Share

    ACSL3 regulates lipid droplet biogenesis and ferroptosis sensitivity in clear cell ...
    Klasson TD, LaGory EL, Zhao H, Huynh SK, Papandreou I, Moon EJ, Giaccia AJ.
    Cancer Metab. 2022 Oct 3;10(1):14. doi: 10.1186/s40170-022-00290-z.
    PMID: 36192773 Free PMC article.

The title, the authors (a list of trending articles shows none), the citation (which gives
the venue, the date and the DOI; a short one such as ``3 Biotech. 2023.`` may follow it) and
the ``PMID:`` line. A results page shows no abstracts: each result is a paper without one (a
warning counts them), linked to its PubMed page. The page's own words around the results
(``Cite Share``, a result's number, ``Free PMC article.``, ``Similar articles``...) are
skipped; any other line is reported.
"""

from __future__ import annotations

import re

from ..model import Fragment, Paper
from .found import Listing
from .labelled import looks_like_labelled_page
from .lines import without_full_stop
from .pubmed import CITATION_DATE, CITATION_DOI, PMID, author_names, published_in

CHROME = re.compile(
    r"^(?:\d{1,4}|Cite|Share|Cite Share|Free PMC article\.|Free article\.|Review\."
    r"|No abstract available\.|Similar articles|Cited by|Comment in|See all similar articles"
    r'|See all "Cited by" articles|Page \d+|Search results|Items: [\d,]+ to [\d,]+ of [\d,]+'
    r"|Save|Email|Send to|Sort by:? .*|Display options|Filters applied: .*|Clear all)$"
)
"""What a results page shows around the results."""
NUMBERED = re.compile(r"^\d{1,4}\.\s+")
"""A result's number before its title, where a copy keeps it on the title's line."""
SHORT_CITATION = re.compile(r"^[\w .&()'-]+\. (?:19|20)\d{2}\.$")
"""A citation's short form under the full one (``3 Biotech. 2023.``)."""
NOTICE = re.compile(
    r"^(?:Retraction|Erratum|Comment|Update|Expression of concern) (?:in|of|on|for)\b"
)
"""A notice between a result's citation and its ``PMID:`` line (``Retraction in: ...``)."""
NO_ABSTRACTS = (
    "{count} results have no abstract (a results page shows none): they show one once another"
    " digest gives it"
)


def looks_like_pubmed_results(texts: list[str]) -> bool:
    """Whether stripped lines hold PubMed results: a ``PMID:`` line under a citation, and no
    article with its abstract (a whole article page, whose lists of similar articles and
    citing ones are the page's, is ``labelled``'s)."""
    lines = [text for text in texts if text]
    return not looks_like_labelled_page(texts) and any(
        PMID.match(text) and _citation_above(lines, index) is not None
        for index, text in enumerate(lines)
    )


def read_pubmed_results(numbered_lines: list[tuple[int, str]]) -> Listing:
    """One paper a result (title, authors, citation, ``PMID:`` line); the page's own words
    skipped, any other line reported."""
    lines = [(number, raw.strip()) for number, raw in numbered_lines if raw.strip()]
    texts = [text for _, text in lines]
    listing = Listing()
    start = 0  # the first line not yet read
    for index, text in enumerate(texts):
        found = PMID.match(text)
        citation = _citation_above(texts, index) if found else None
        if found is None or citation is None:
            continue
        above = citation - 1
        names = author_names(texts[above].split(";")[0]) if above >= start else ()
        title = above - 1 if names else above
        if title < start or CHROME.match(texts[title]) or PMID.match(texts[title]):
            continue  # no title above it: reported with the lines around it
        _report(lines[start:title], listing)
        groups = [g.strip() for g in texts[above].split(";")[1:] if g.strip()] if names else []
        cited = texts[citation]
        listing.papers.append(
            Paper(
                without_full_stop(NUMBERED.sub("", texts[title])),
                "",
                lines[title][0],
                authors=(*names, *(without_full_stop(g) for g in groups)),
                url=f"https://pubmed.ncbi.nlm.nih.gov/{found.group(1)}/",
                published=published_in(cited),
                journal_ref=CITATION_DOI.split(cited, maxsplit=1)[0].strip() or None,
                doi=next(iter(CITATION_DOI.findall(cited)), None),
            )
        )
        start = index + 1
    _report(lines[start:], listing)
    if listing.papers:
        first = listing.papers[0].line
        listing.warnings.append((first, NO_ABSTRACTS.format(count=len(listing.papers))))
    return listing


def _citation_above(texts: list[str], index: int) -> int | None:
    """The index of the citation above the ``PMID:`` line at ``index`` (past a short
    citation or a retraction notice), or None."""
    above = index - 1
    while above >= 0 and (SHORT_CITATION.match(texts[above]) or NOTICE.match(texts[above])):
        above -= 1
    if above >= 0 and CITATION_DATE.search(texts[above]) and not PMID.match(texts[above]):
        return above
    return None


def _report(lines: list[tuple[int, str]], listing: Listing) -> None:
    listing.fragments += [
        Fragment(number, text, "text between PubMed results")
        for number, text in lines
        if not CHROME.match(text)
    ]
