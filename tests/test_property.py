"""Property tests: the parser never raises on text and accounts for every line."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.lines import classify
from generator.ingest.merge import merge
from generator.ingest.parse import parse_digest, title_key
from generator.ingest.same_paper import MOST_TITLES, identifiers, loose_title
from generator.model import Digest, Paper
from generator.pages.markup import html_text, md_inline
from generator.slug import assign_slugs, base_slug, key_fingerprint

TITLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip() and not t.strip().startswith(("#", "---", "arxiv")))
ABSTRACT = st.lists(st.sampled_from(["We study", "a method", "for graphs", "with", "results."]),
                    min_size=45, max_size=60).map(" ".join)  # fmt: skip
NOISE = st.text(min_size=0, max_size=80).map(lambda t: t.replace("\n", " ").replace("\r", " "))


@st.composite
def digests(draw):
    lines: list[str] = []
    papers = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            lines.append(draw(NOISE))
        title, abstract = draw(TITLE), draw(ABSTRACT)
        papers.append((len(lines) + 1, title.strip()))
        lines += [title, abstract]
    return "\n".join(lines), papers


@settings(max_examples=150, deadline=None)
@given(digests())
def test_parser_never_raises_and_accounts_for_every_line(case) -> None:
    text, _ = case
    digest = parse_digest(text.encode("utf-8"), "random.txt")
    titles = {p.line for p in digest.papers}
    reported = {f.line for f in digest.fragments}
    for number, raw in enumerate(text.splitlines(), 1):
        line = classify(number, raw)
        if line.kind != "text" or number in titles or number in reported:
            continue
        if line.text.startswith("#") and line.text.lstrip("#").strip() == digest.title:
            continue  # a Markdown heading read as the digest's title
        # Or reported as part of a fragment: wrapped lines are joined into one (": ;").
        kept = [*(p.abstract for p in digest.papers), *(p.title for p in digest.papers)]
        kept += [f.text for f in digest.fragments]
        assert any(line.text in text for text in kept), (number, raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parser_raises_only_input_errors_on_any_bytes(data: bytes) -> None:
    from generator.errors import InputError

    for name in ("x.txt", "x.yml"):
        try:
            parse_digest(data, name)
        except InputError as error:
            assert str(error).startswith(name)


@given(st.lists(st.text(max_size=60), max_size=20))
def test_slugs_unique_ascii_and_contained(titles: list[str]) -> None:
    slugs = assign_slugs((f"k{i}", t) for i, t in enumerate(titles))
    assert len(set(slugs.values())) == len(titles)
    for slug in slugs.values():
        assert (slug and slug.isascii() and slug == base_slug(slug, fallback="x")) or "-" in slug
        assert "/" not in slug and "\\" not in slug and not slug.startswith(".")


@given(st.text(max_size=100))
def test_escaping_functions_never_raise(text: str) -> None:
    assert "<" not in html_text(text) and "<" not in md_inline(text)


def test_regression_control_character_in_yaml() -> None:
    """Found by the fuzz test: PyYAML's reader refused U+007F before parsing started."""
    from generator.errors import InputError

    try:
        parse_digest(b"\x7f", "x.yml")
    except InputError as error:
        assert str(error).startswith("x.yml:1: invalid YAML")
    else:
        raise AssertionError("a control character in YAML must be reported")


def test_reserved_names_are_never_given_out() -> None:
    slugs = assign_slugs([("a", "Index"), ("b", "index"), ("c", "Index!")])
    assert "index" not in slugs.values() and len(set(slugs.values())) == 3
    assert all(slug.startswith("index-") for slug in slugs.values())


IDS = st.sampled_from([None, "2401.00001", "2401.00002v2", "arXiv:2401.00003"])
DOIS = st.sampled_from(
    [None, "10.1/a", "10.1/A", "https://doi.org/10.1/b", "10.48550/arXiv.2401.00002"]
)
SHORT_TITLES = st.sampled_from(["A", "a.", "B", "b!", "C", "C c", "c-c", "D", "∞", "—"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(SHORT_TITLES, IDS, DOIS), min_size=1, max_size=12),
    st.sets(st.sampled_from(["a", "b", "c c", "d"])),
)
def test_titles_that_share_what_names_a_paper_are_one_paper(versions, published) -> None:
    """Whatever titles carry which identifiers, every version lands in one entry, titles that
    share an identifier (not one that too many titles carry) or their letters share it, and
    the paper is known by a published title of its versions where there is one, else by its
    first."""
    papers = [
        Paper(t, "An abstract.", n, arxiv=i, doi=d) for n, (t, i, d) in enumerate(versions, 1)
    ]
    archive = merge([Digest("d.txt", "D", None, None, None, tuple(papers))])
    keys = [title_key(p.title) for p in papers]
    assert set(archive.key_of) == set(keys)
    assert set(archive.key_of.values()) == {e.key for e in archive.entries}
    assert sum(len(e.appearances) for e in archive.entries) == len(papers)
    carriers: dict[str, set[str]] = {}
    for paper, key in zip(papers, keys):
        for identifier in identifiers(paper):
            carriers.setdefault(identifier, set()).add(loose_title(key) or key)
    crowded = {i for i, titles in carriers.items() if len(titles) > MOST_TITLES}
    for one, other in itertools.combinations(range(len(papers)), 2):
        shared = set(identifiers(papers[one])) & set(identifiers(papers[other])) - crowded
        loose = loose_title(keys[one])
        if shared or (loose and loose == loose_title(keys[other])):
            assert archive.key_of[keys[one]] == archive.key_of[keys[other]]
    fingerprints = {key_fingerprint(key): key for key in published}
    again = merge(
        [Digest("d.txt", "D", None, None, None, tuple(papers))],
        addresses={f"slug-{n}": f for n, f in enumerate(sorted(fingerprints))},
    )
    for entry in again.entries:
        titles = [k for k in dict.fromkeys(keys) if again.key_of[k] == entry.key]
        known = [k for k in titles if k in published]
        assert entry.key == (known[0] if known else titles[0])
