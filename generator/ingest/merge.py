"""Merge parsed digests into one archive of unique papers with their provenance."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from .. import dates
from ..dates import digest_date, infer_year, listing_day, long_date
from ..model import Appearance, Archive, Digest, DigestRef, Entry, MovedPaper, Notice, Paper
from ..slug import assign_slugs, key_fingerprint
from .parse import title_key
from .reading import merged_reading
from .same_paper import loose_title, same_papers

GATHERED_FIELDS = ("code", "tags", "keywords")
"""Fields whose values from every version of a paper are kept, each once."""
MERGED_FIELDS = tuple(
    f.name for f in dataclasses.fields(Paper) if f.name not in ("title", "abstract", "line")
)
"""Fields a paper's kept version takes from its other versions when it lacks them."""
EMPTY_VALUES = {f.name: f.default for f in dataclasses.fields(Paper) if f.name in MERGED_FIELDS}


def digest_order(digest: Digest) -> tuple[int, int, str]:
    """Sort key, newest first: dated digests (across years), then undated ones by name."""
    if digest.date is not None:
        return (0, -digest.date.toordinal(), digest.source)
    return (1, 0, digest.source)


def arrival_order(digest: Digest, first_built: dt.date) -> tuple[int, str]:
    """Sort key, oldest first, of the order papers enter the archive: by date, an undated
    digest by the day it was first built. A paste added today comes last, so it never
    reshapes the vector space fit on the oldest papers (``themes.vectors``)."""
    return ((digest.date or first_built).toordinal(), digest.source)


def dated(digest: Digest, first_built: dt.date) -> Digest:
    """The digest with its best date (``dates.digest_date``) and, unless its header names it,
    that date as its name ("March 12, 2024"); its papers' ``Published on Mar 14`` take their
    year the same way."""
    date, inferred = digest_date(digest.date, digest.source, digest.listing_date, first_built)
    title = digest.title if digest.named or date is None else long_date(date)
    papers = tuple(_with_year(paper, first_built) for paper in digest.papers)
    return dataclasses.replace(
        digest, date=date, year_inferred=inferred, title=title, papers=papers
    )


def _with_year(paper: Paper, first_built: dt.date) -> Paper:
    """A paper whose publication day has no year (``Mar 14``) with the year inferred."""
    day = listing_day(paper.published)
    if day is None or day[2] is not None:
        return paper
    published = infer_year(day[0], day[1], first_built)
    return dataclasses.replace(paper, published=published.isoformat()) if published else paper


def merge(
    digests: Sequence[Digest],
    first_built: Mapping[str, dt.date] | None = None,
    today: dt.date | None = None,
    addresses: Mapping[str, str] | None = None,
) -> Archive:
    """Build the archive: one entry per paper, every appearance recorded. A paper is known
    by its title (``title_key``), and by its arXiv id and DOI: titles that share one are
    versions of one paper, known by the first of them with an address, else by the first
    (``same_paper.same_papers``).

    Each digest is dated first (``dated``): a listing day without a year takes it from the
    day the digest was first built, ``first_built`` as recorded or else ``today``. Papers keep
    the slugs ``addresses`` records (slug -> key fingerprint); new papers never get one.

    Rule for one title with different abstracts: keep the longest abstract (listings often
    truncate), the oldest digest winning ties, and warn. Missing fields (arXiv id, authors,
    links, notes) are filled from the other appearances.
    """
    day = today or dates.today()
    built = dict(first_built or {})
    for digest in digests:
        built.setdefault(digest.source, day)
    digests = [dated(digest, built[digest.source]) for digest in digests]
    newest_first = sorted(digests, key=digest_order)
    oldest_first = sorted(digests, key=lambda d: arrival_order(d, built[d.source]))
    arrival = {digest.source: position for position, digest in enumerate(oldest_first)}
    by_title: dict[str, list[tuple[Paper, Appearance]]] = {}
    notices: list[Notice] = []
    for digest in oldest_first:
        seen_here: dict[str, int] = {}
        for paper in digest.papers:
            key = title_key(paper.title)
            if key in seen_here:
                notices.append(
                    Notice(
                        digest.source,
                        paper.line,
                        f"the same title already appears on line {seen_here[key]}; "
                        "both are the same paper",
                    )
                )
            seen_here.setdefault(key, paper.line)
            by_title.setdefault(key, []).append((paper, Appearance(digest.source, paper.line)))
    # The slug each recorded paper was published at, by the fingerprint of its key.
    published_at = {fingerprint: slug for slug, fingerprint in (addresses or {}).items()}
    paper_of, same = same_papers(by_title, lambda key: key_fingerprint(key) in published_at)
    notices.extend(same)
    versions: dict[str, list[tuple[Paper, Appearance]]] = {}
    for key, group in by_title.items():
        versions.setdefault(paper_of[key], []).extend(group)
    # A title's versions come oldest first; a paper joined from several titles sorts them.
    for paper in {paper for key, paper in paper_of.items() if paper != key}:
        versions[paper].sort(key=lambda version: (arrival[version[1].digest], version[1].line))
    slugs = assign_slugs(
        ((key, group[0][0].title) for key, group in versions.items()), recorded=addresses
    )
    recorded = dict(addresses or {})
    recorded.update((slug, key_fingerprint(key)) for key, slug in slugs.items())
    entries = []
    for key, group in versions.items():
        entry, notice = _merge_versions(key, slugs[key], group)
        entries.append(entry)
        if notice:
            notices.append(notice)
    digest_slugs = assign_slugs(
        ((d.source, d.source.rsplit(".", 1)[0]) for d in sorted(digests, key=lambda d: d.source)),
        fallback="digest",
    )
    refs = tuple(
        DigestRef(
            d,
            digest_slugs[d.source],
            tuple(dict.fromkeys(paper_of[title_key(p.title)] for p in d.papers)),
        )
        for d in newest_first
    )
    return Archive(
        digests=refs,
        entries=tuple(entries),
        notices=tuple(notices),
        first_built=built,
        addresses=recorded,
        by_key={entry.key: entry for entry in entries},
        moved=_moved_papers(by_title, paper_of, published_at),
        key_of=paper_of,
    )


def _moved_papers(
    by_title: Mapping[str, list[tuple[Paper, Appearance]]],
    paper_of: Mapping[str, str],
    published_at: Mapping[str, str],
) -> tuple[MovedPaper, ...]:
    """The pages published for titles that are now versions of another paper (two papers
    joined by an identifier a later digest gives, or by an earlier version of this code;
    ``published_at``: the slug of each recorded paper, by the fingerprint of its key)."""
    return tuple(
        MovedPaper(slug, by_title[key][0][0].title, paper)
        for key, paper in paper_of.items()
        if paper != key and (slug := published_at.get(key_fingerprint(key))) is not None
    )


def _merge_versions(
    key: str, slug: str, group: list[tuple[Paper, Appearance]]
) -> tuple[Entry, Notice | None]:
    if len(group) == 1 and _nothing_to_merge(group[0][0]):  # most papers appear once
        return Entry(key=key, slug=slug, paper=group[0][0], appearances=(group[0][1],)), None
    papers = [paper for paper, _ in group]
    appearances = tuple(dict.fromkeys(appearance for _, appearance in group))
    kept_index = max(range(len(papers)), key=lambda i: (len(papers[i].abstract), -i))
    kept = papers[kept_index]
    kept = _filled(kept, papers)
    shown, also = {_told_apart(kept.title)}, []  # titles told apart by their letters
    for paper in papers:
        if (told := _told_apart(paper.title)) not in shown:
            shown.add(told)
            also.append(paper.title)
    notice = None
    if len({p.abstract for p in papers if p.abstract}) > 1:
        where = group[kept_index][1]
        others = ", ".join(f"{a.digest}:{a.line}" for p, a in group if p.abstract != kept.abstract)
        notice = Notice(
            where.digest,
            where.line,
            f"this paper also appears with a different abstract ({others}); "
            "kept the longest one, from here",
        )
    entry = Entry(key, slug, kept, appearances, also_titled=tuple(also))
    return entry, notice


def _told_apart(title: str) -> str:
    """What tells a title from another: its letters and digits, or itself without any."""
    return loose_title(title_key(title)) or title


def _filled(kept: Paper, papers: list[Paper]) -> Paper:
    """The kept version with what it lacks taken from the other versions (``papers``, oldest
    first): links, tags and keywords of all of them, every note, the highest upvote count,
    each reading-group field as the newest version gives it, and else the first value any
    version gives."""
    filled = {}
    for name in MERGED_FIELDS:
        values = [getattr(p, name) for p in papers]
        if name in GATHERED_FIELDS:
            filled[name] = tuple(dict.fromkeys(v for value in values for v in value))
        elif name == "notes":
            filled[name] = "\n\n".join(dict.fromkeys(v for v in values if v)) or None
        elif name == "reading":  # the newest digest's word on each field
            filled[name] = merged_reading(values)
        elif name == "upvotes":
            filled[name] = max((v for v in values if v is not None), default=None)
        else:
            default = EMPTY_VALUES[name]
            filled[name] = getattr(kept, name) or next((v for v in values if v), default)
    return dataclasses.replace(kept, **filled)


def _nothing_to_merge(paper: Paper) -> bool:
    """Whether merging this paper's only version would return it unchanged: no empty text
    field (merging makes those None) and no repeated link, tag or keyword."""
    return all(
        getattr(paper, name) != ""
        for name in MERGED_FIELDS
        if isinstance(getattr(paper, name), str)
    ) and all(
        len(set(getattr(paper, name))) == len(getattr(paper, name)) for name in GATHERED_FIELDS
    )
