"""One item of a Markdown list of paper links as a paper: a list item's text, or a table
row's cells with its table's column names.

In: the item's cells (one for a list item), parsed by ``inline.InlineParser``. Out: a ``Paper``
without an abstract, or why the item names none. Its title is its paper's own link, else its
first link or bold text that is not a label (``[paper]``, ``[code]``); its address the first
link that leads to a paper; other links are code, or notes; dates, venues with a year and
author names around the title are kept as such, other text (a table's other columns) as notes.
"""

from __future__ import annotations

import re

from ..model import Paper
from .inline import InlineParser, Run
from .lines import (
    ARXIV_ID,
    AUTHOR_NAME,
    WEB_ADDRESS,
    looks_like_authors,
    split_authors,
    without_full_stop,
)

PAPER_ADDRESS = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:arxiv\.org/(?:abs|pdf|html)/|doi\.org/10\.|openreview\.net/"
    r"(?:forum|pdf)|aclanthology\.org/|aclweb\.org/anthology/|proceedings\.neurips\.cc/"
    r"|papers\.nips\.cc/|proceedings\.mlr\.press/|openaccess\.thecvf\.com/|dl\.acm\.org/doi/"
    r"|ieeexplore\.ieee\.org/(?:abstract/)?document/|link\.springer\.com/|sciencedirect\.com/"
    r"science/article/|(?:bio|med)rxiv\.org/content/|semanticscholar\.org/paper/"
    r"|huggingface\.co/papers/|ojs\.aaai\.org/|ijcai\.org/proceedings/|jmlr\.org/papers/"
    r"|nature\.com/articles/|science\.org/doi/|pubmed\.ncbi\.nlm\.nih\.gov/|ecva\.net/papers/)"
    r"|^https?://\S+\.pdf(?:[?#]\S*)?$",
    re.IGNORECASE,
)
"""A link to a paper itself: its page at an archive, a publisher or proceedings, or a PDF."""
PAPER_LABEL = re.compile(
    r"^(?:paper|pdf|arxiv|openreview|doi|abs|link|proceedings|publication|preprint)\b"
    r"[\w\s'()-]{0,20}$",
    re.IGNORECASE,
)
"""A link's text that names what it leads to (``[paper]``, ``[arXiv version]``), no title."""
CODE_LABEL = re.compile(
    r"^(?:code|github|gitlab|pytorch|tensorflow|jax|project|official|implementation|repo"
    r"|website|demo|homepage|blog|model|models|dataset|data|video|slides|poster)\b.{0,30}$",
    re.IGNORECASE,
)
CODE_ADDRESS = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
    r"|huggingface\.co/(?!papers/)|colab\.research\.google\.com)",
    re.IGNORECASE,
)
ARXIV_ADDRESS = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/{ARXIV_ID}", re.IGNORECASE)
DOI_ADDRESS = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
DATE = re.compile(r"^\(?((?:19|20)\d{2})(?:[-/.](0?[1-9]|1[0-2]))?\)?$")
VENUE = re.compile(r"^([A-Z][\w&.\- ]{0,40}?)\s*(?:'(\d{2})|((?:19|20)\d{2}))\b[\w\s()]{0,20}$")
SEGMENT_BREAK = re.compile(
    r"\s*(\((?:19|20)\d{2}(?:[-/.]\d{1,2})?\))\s*,?\s*"  # a date in brackets, kept
    r"|\s*(?:\||·|•|;|\s[-–—]\s)\s*|(?<=[a-z\d)\]])\.\s+"
)
CONNECTIVES = frozenset({"and", "or", "&", "/", "+", "with"})
"""Words that only join two links (``[arXiv](...) and [IEEE](...)``): no note."""
SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
INITIAL = re.compile(r"^[A-Z]\.$")
ET_AL = re.compile(r"\s+et\s+al\.?$")
NO_PAPER = "text that names no paper"
NO_PAPER_LINK = "no link to a paper (an arXiv, DOI, OpenReview or proceedings address, a PDF)"
NO_TITLE = "a link to a paper without a title (a name of one word is not taken for one)"
MARKS = "[]()*_`.,:;|-–— "
"""What is left of Markdown around a link once it is taken out (``[[Code](...)]``)."""


def item_paper(
    parser: InlineParser,
    cells: list[str],
    columns: list[str],
    number: int,
    year: str | None = None,
) -> Paper | str:
    """The paper an item or row names (``year``: the year of the heading above it, if any),
    or why it names none."""
    runs_of = [parser.runs(cell) for cell in cells]
    runs = [run for cell_runs in runs_of for run in cell_runs]
    # Only web addresses lead to a paper: never an anchor, a relative path or ``javascript:``.
    links = [run for run in runs if run.kind == "link" and WEB_ADDRESS.match(run.href)]
    paper_links = [r for r in links if PAPER_ADDRESS.match(r.href) or _labelled(r.text)]
    titled = [r for r in runs if r.kind in ("link", "strong") and _titled(r.text)]
    # Bold text is a title; else a paper's own link names it, even after another link ("a
    # book based on [the survey]"); else the first link that reads as a title.
    named = [r for r in titled if r.kind == "strong"] + [r for r in titled if r in paper_links]
    title = (named or titled or [None])[0]
    if not paper_links:
        return NO_PAPER_LINK if titled else NO_PAPER
    if title is None:  # a plain title: "Title (2017), A. Author et al. [[pdf]](...)"
        cell = next((k for k, name in enumerate(columns) if "title" in name), 0)
        title = _leading_title(runs_of[cell]) if cell < len(runs_of) else None
        if title is None:
            return NO_TITLE
    address = title.href if title in paper_links else paper_links[0].href
    code: list[str] = []
    notes: list[str] = []
    same = ARXIV_ADDRESS.search(address)
    for link in links:  # the others: code, or another address of the paper (kept as a note)
        other = ARXIV_ADDRESS.search(link.href)
        if link.href == address or (same and other and same.group(1) == other.group(1)):
            continue
        if CODE_ADDRESS.match(link.href) or CODE_LABEL.match(link.text.strip("[]() ")):
            code.append(link.href)
        else:
            notes.append(f"{link.text.strip('[]() ')}: {link.href}")
    facts: dict[str, object] = {}
    for position, cell_runs in enumerate(runs_of):
        column = columns[position] if position < len(columns) else ""
        rest = [run for run in cell_runs if run is not title and run.kind in ("text", "strong")]
        if "code" in column or "github" in column:
            continue  # its links are code; its text ("-", "Releasing") says nothing more
        for segment in _segments(" | ".join(run.text for run in rest)):
            _place(segment, column, facts, notes)
    if "published" not in facts and year:
        facts["published"] = year
    arxiv, doi = ARXIV_ADDRESS.search(address), DOI_ADDRESS.match(address)
    return Paper(
        without_full_stop(SHORTCODE.sub("", title.text).strip()),
        "",
        number,
        arxiv=arxiv.group(1) if arxiv else None,
        doi=doi.group(1) if doi else None,
        url=None if arxiv or doi else address,
        code=tuple(dict.fromkeys(code)),
        notes=" · ".join(notes) or None,
        **facts,
    )


def _leading_title(runs: list[Run]) -> Run | None:
    """The title in plain text at the start of a cell's runs, taken out of them; None when
    its text does not start with two words or more."""
    if not runs or runs[0].kind != "text":
        return None
    parts = _segments(runs[0].text)
    if not parts or not _titled(parts[0]) or DATE.match(parts[0]):
        return None
    end = runs[0].text.find(parts[0]) + len(parts[0])
    runs[0] = Run("text", runs[0].text[end:])
    return Run("strong", parts[0])


def _labelled(text: str) -> bool:
    """Whether a link's text says that it leads to a paper (``paper``, ``[pdf]``)."""
    return bool(PAPER_LABEL.match(text.strip("[]() ")))


def _titled(text: str) -> bool:
    """Whether a link's or bold text is a title, not a label (``Paper``, ``Code``)."""
    label = text.strip("[]() ")
    return len(text.split()) >= 2 and not PAPER_LABEL.match(label) and not CODE_LABEL.match(label)


def _segments(text: str) -> list[str]:
    """The parts of an item's text around its links: between separators and sentences."""
    parts = SEGMENT_BREAK.split(SHORTCODE.sub("", text))
    kept = (_trimmed(part) for part in parts if part)
    return [part for part in kept if part and part.lower() not in CONNECTIVES]


def _trimmed(part: str) -> str:
    """A part without the marks around it, a bracket it closes kept (``NeurIPS (Oral)``)."""
    text = part.strip(MARKS)
    if text.count("(") > text.count(")") and part.rstrip(" .,;:|").endswith(")"):
        text += ")"
    return text


def _place(segment: str, column: str, facts: dict[str, object], notes: list[str]) -> None:
    """Keep one part of an item as its date, venue, authors or, failing those, a note."""
    date, venue = DATE.match(segment), VENUE.match(segment)
    names = ET_AL.sub("", segment)
    if date and "published" not in facts:
        month = date.group(2)
        facts["published"] = f"{date.group(1)}-{int(month):02d}" if month else date.group(1)
    elif column == "authors" or ("authors" not in facts and _names(names, segment)):
        facts["authors"] = split_authors(names)
    elif venue and "journal_ref" not in facts:
        facts["journal_ref"] = segment
        short = int(venue.group(2) or 0)  # ICML'99, ICLR'24
        facts.setdefault("published", venue.group(3) or str(short + (1900 if short > 50 else 2000)))
    elif any(word in column for word in ("venue", "conference", "publication", "journal")):
        facts.setdefault("journal_ref", segment)
    else:
        notes.append(f"{column.capitalize()}: {segment}" if column else segment)


def _names(names: str, segment: str) -> bool:
    """Whether a segment is author names: a list of them, or one name before ``et al.``."""
    if looks_like_authors(names):
        return True
    words = names.split()
    one_name = 2 <= len(words) <= 4 and all(AUTHOR_NAME.match(word) for word in words)
    # One name is taken for an author before "et al." or after an initial ("A. Graves").
    return one_name and (names != segment or INITIAL.match(words[0]) is not None)


def plain(runs: list[Run]) -> str:
    """The text of runs, without images and emoji codes (``:star:``)."""
    text = " ".join(run.text for run in runs if run.kind != "image")
    return " ".join(SHORTCODE.sub("", text).split())
