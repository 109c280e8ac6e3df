"""Typed records that flow through parse -> merge -> group -> render -> write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Notice:
    """A warning about one place in one input file."""

    source: str
    """File name relative to the digests folder."""
    line: int
    """1-based line number, or 0 when the notice concerns the whole file."""
    message: str
    """What is wrong and, where it helps, what to do."""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Fragment:
    """A line of input that is neither chrome nor part of a whole paper."""

    line: int
    """1-based line number in the source file."""
    text: str
    """The line as written."""
    reason: str
    """Why it did not become part of a paper."""


@dataclass(frozen=True)
class Reading:
    """What a reading group did with a paper, as its digests say."""

    status: str | None = None
    """``to read``, ``read`` or ``discussed``."""
    presenter: str | None = None
    """Who presents (or presented) the paper."""
    discussed: dt.date | None = None
    """When the group discussed it."""
    rating: int | None = None
    """The group's rating, 1 to 5."""

    def __bool__(self) -> bool:
        return any(
            v is not None for v in (self.status, self.presenter, self.discussed, self.rating)
        )


@dataclass(frozen=True)
class Paper:
    """One paper as it appears in one digest."""

    title: str
    """Title exactly as written (surrounding whitespace removed)."""
    abstract: str
    """Abstract exactly as written; hard-wrapped lines are joined with single spaces. Empty
    when the input gives none (an arXiv listing of titles only, a list of links, a sheet, a
    PubMed record without one), which is reported."""
    line: int
    """1-based line of the title in the source file."""
    arxiv: str | None = None
    """arXiv identifier such as ``2406.01234`` when the input names it."""
    summary: str | None = None
    """One-sentence summary line from a paper page paste."""
    authors: tuple[str, ...] = ()
    """Author names when the input lists them."""
    url: str | None = None
    """Canonical link to the paper given by the input."""
    code: tuple[str, ...] = ()
    """Code or project links given by the input (not those found in the abstract)."""
    tags: tuple[str, ...] = ()
    """Free-form tags from a structured digest."""
    notes: str | None = None
    """The reader's own comment on this paper."""
    published: str | None = None
    """When the paper came out, as the input says: ``2024-11-29`` (or ``2024-11``, ``2024``)
    when it gives the year, else as written (``Nov 15``)."""
    subjects: tuple[str, ...] = ()
    """arXiv subjects or categories, primary first (``Machine Learning (cs.LG)``, ``cs.LG``)."""
    comments: str | None = None
    """The authors' comments line (``12 pages, 4 figures``)."""
    journal_ref: str | None = None
    """Where the paper was published (arXiv ``Journal-ref:``)."""
    doi: str | None = None
    """Digital object identifier, such as ``10.1145/3580305.3599256``."""
    keywords: tuple[str, ...] = ()
    """Keywords given by the input (a BibTeX ``keywords`` field)."""
    upvotes: int | None = None
    """Upvote count of a Hugging Face paper page or listing."""
    submitter: str | None = None
    """Who submitted the paper to a Hugging Face listing (their handle)."""
    author_count: int | None = None
    """Number of authors a listing gives (``· 12 authors``) when it does not name them all."""
    reading: Reading = Reading()
    """What the reading group did with it: status, presenter, discussion date, rating."""


@dataclass(frozen=True)
class Digest:
    """One input file, parsed."""

    source: str
    """File name relative to the digests folder, with forward slashes."""
    title: str
    """Display title: from the YAML header, else derived from the file name."""
    date: dt.date | None
    """Full date: from the YAML header when parsed; once merged, the best date the digest
    gives (see ``dates.digest_date``), its year inferred where the listing has none."""
    listing_date: str | None
    """Date as written in the listing itself (``Mar 12``), when present."""
    description: str | None
    """Optional description from the YAML header."""
    papers: tuple[Paper, ...]
    """Papers in input order."""
    fragments: tuple[Fragment, ...] = ()
    """Non-chrome lines that did not become part of a paper."""
    notices: tuple[Notice, ...] = ()
    """Warnings found while reading this file."""
    named: bool = False
    """Whether the title is the header's own (else the build names the digest by its date)."""
    year_inferred: bool = False
    """Whether the year of ``date`` was inferred from the day the digest was first built."""
    read_as: str = ""
    """What the file was read as: its format (``a BibTeX file``) or the shape of its paste
    (``a Markdown list of paper links``)."""

    @property
    def when(self) -> str | None:
        """The digest's date for display: the full date, else the listing's own, else None."""
        return self.date.isoformat() if self.date else self.listing_date


@dataclass(frozen=True)
class Appearance:
    """Where a unique paper appeared: a digest and the line there."""

    digest: str
    """Source name of the digest."""
    line: int
    """Line of the title in that digest."""


@dataclass(frozen=True)
class Entry:
    """One unique paper of the archive, merged over every digest it appeared in."""

    key: str
    """Identity: the ``title_key`` of its title published first (else of its first title)."""
    slug: str
    """URL-safe, unique, stable name of the paper page."""
    paper: Paper
    """The kept version of the paper (see the merge rule in ``merge.py``)."""
    appearances: tuple[Appearance, ...]
    """Every digest and line this paper came from, in archive order."""
    also_titled: tuple[str, ...] = ()
    """The other titles its versions carry (an earlier arXiv version, a list's or an alert's
    spelling), each once, oldest first: its page shows them, so that search finds them."""


@dataclass(frozen=True)
class DigestRef:
    """A digest as the archive knows it: its record and its page slug."""

    digest: Digest
    """The parsed digest."""
    slug: str
    """URL-safe, unique name of the digest page."""
    entry_keys: tuple[str, ...]
    """Keys of the digest's papers in input order (repeats within a file removed)."""


@dataclass(frozen=True)
class MovedPaper:
    """A paper page published before whose title is now a version of another paper (the same
    arXiv id or DOI, or the same words): its address stays, and points to that paper."""

    slug: str
    title: str
    """The title the page was published under."""
    key: str
    """Entry key of the paper it is a version of."""


@dataclass(frozen=True)
class Archive:
    """Every digest and every unique paper, ready for grouping and rendering."""

    digests: tuple[DigestRef, ...]
    """Digests, newest first (dated before undated, then by file name)."""
    entries: tuple[Entry, ...]
    """Unique papers, in first-appearance order."""
    notices: tuple[Notice, ...] = ()
    """Warnings raised while merging (for example differing abstracts)."""
    first_built: dict[str, dt.date] = field(default_factory=dict)
    """Digest file -> the day it was first built, for the registry to record."""
    addresses: dict[str, str] = field(default_factory=dict)
    """Every paper slug ever given out -> the fingerprint of its paper, for the registry to
    record: a slug never moves to another paper."""
    by_key: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    """Entries by key, for look-ups."""
    moved: tuple[MovedPaper, ...] = ()
    """Pages published for titles that are now versions of other papers."""
    key_of: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The title key (``title_key``) of every version of a paper -> its entry's key: a
    version under another title but with the same arXiv id or DOI is the same paper."""


@dataclass(frozen=True)
class Theme:
    """An automatically found group of papers, with a stable slug and a readable label."""

    slug: str
    """Stable name of the theme page, kept across builds by the theme registry."""
    label: str
    """Short readable phrase, such as ``Diffusion language models``."""
    terms: tuple[str, ...]
    """Distinctive key terms, most distinctive first."""
    members: tuple[str, ...]
    """Entry keys, most representative first."""
    related: tuple[str, ...] = ()
    """Slugs of the most related themes."""


@dataclass(frozen=True)
class MovedTheme:
    """A theme no longer shown (retired by the clustering, merged or hidden by the reader);
    its page and feed stay and point readers to where its papers went."""

    slug: str
    """The old slug, whose URL keeps working."""
    label: str
    """The old label."""
    successors: tuple[str, ...]
    """Slugs of the themes that now hold most of its papers."""
    reason: str = "retired"
    """Why its page moved: ``retired`` (the clustering dissolved it), ``merged`` or
    ``hidden`` (the reader's curation)."""


@dataclass(frozen=True)
class Related:
    """A paper similar to another one."""

    key: str
    """Entry key of the similar paper."""
    score: float
    """Cosine similarity of the two papers' text vectors, 0 to 1."""
    shared_terms: tuple[str, ...]
    """Key terms both papers weigh highly."""


@dataclass(frozen=True)
class Grouping:
    """Themes of the archive and everything derived from the same text statistics."""

    themes: tuple[Theme, ...]
    """Active themes, largest first."""
    theme_of: dict[str, str]
    """Entry key -> slug of its primary theme."""
    moved: tuple[MovedTheme, ...] = ()
    """Retired themes whose URLs still resolve."""
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Entry key -> position on the theme map, both coordinates in [0, 1]."""
    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)
    """Entry key -> most similar papers across the archive."""
    same_digest: dict[str, tuple[Related, ...]] = field(default_factory=dict)
    """Entry key -> most similar papers among those of the digests it appeared in."""
