"""One paper across digests, the keep rule for differing abstracts, and slugs."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from generator.ingest.merge import merge
from generator.ingest.parse import parse_digest, title_key
from generator.ingest.same_paper import identifiers
from generator.model import Digest, Paper
from generator.slug import MAX_SLUG_LENGTH, assign_slugs, base_slug


def digest(source: str, *papers: Paper, date: dt.date | None = None) -> Digest:
    return Digest(source, source, date, None, None, papers)


def test_title_key_normalises_case_spacing_and_unicode_form_only() -> None:
    assert title_key("Deep  Learning\u00a0FOR  Fun") == title_key("deep learning for fun")
    assert title_key("ﬁne-tuning") == title_key("fine-tuning")  # NFKC
    assert title_key("Deep Learning for Fun") != title_key("Deep Learning for Profit")


def test_same_paper_in_two_digests_is_one_entry_with_both_appearances() -> None:
    old = digest("old.txt", Paper("A Paper", "Short.", 3), date=dt.date(2024, 1, 1))
    new = digest("new.txt", Paper("a  paper", "A longer abstract.", 7), date=dt.date(2024, 2, 1))
    archive = merge([new, old])
    (entry,) = archive.entries
    assert [a.digest for a in entry.appearances] == ["old.txt", "new.txt"]
    assert entry.paper.abstract == "A longer abstract."  # the longest abstract is kept
    assert entry.slug == "a-paper"
    (notice,) = archive.notices
    assert notice.source == "new.txt" and notice.line == 7 and "old.txt:3" in notice.message
    assert [r.digest.source for r in archive.digests] == ["new.txt", "old.txt"]


def test_same_title_twice_in_one_digest_warns() -> None:
    archive = merge([digest("d.txt", Paper("A", "x.", 1), Paper("a", "x.", 5))])
    assert len(archive.entries) == 1
    assert any(n.line == 5 and "line 1" in n.message for n in archive.notices)
    assert archive.digests[0].entry_keys == ("a",)


def test_digests_sort_by_their_best_date_across_years_then_undated_by_name() -> None:
    digests = [
        Digest("b.txt", "b", None, None, None, ()),
        Digest("a.txt", "a", None, "Mar 12", None, ()),
        Digest("c.txt", "c", None, "Mar 28, 2025", None, ()),
        Digest("notes/2024-11-02-wrapped.txt", "x", None, None, None, ()),
        Digest("z.txt", "z", dt.date(2023, 5, 1), None, None, (), named=True),
    ]
    archive = merge(digests, today=dt.date(2025, 4, 1))
    assert [(r.digest.source, r.digest.date.isoformat() if r.digest.date else None)
            for r in archive.digests] == [
        ("c.txt", "2025-03-28"), ("a.txt", "2025-03-12"),
        ("notes/2024-11-02-wrapped.txt", "2024-11-02"), ("z.txt", "2023-05-01"), ("b.txt", None),
    ]  # fmt: skip
    titles = [r.digest.title for r in archive.digests]
    assert titles == ["March 28, 2025", "March 12, 2025", "November 2, 2024", "z", "b"]
    assert [r.digest.year_inferred for r in archive.digests] == [False, True, False, False, False]


def test_inferred_years_cross_new_year_and_never_change_once_recorded() -> None:
    december = Digest("daily-dec-30.txt", "d", None, "Dec 30", None, ())
    january = Digest("daily-jan-2.txt", "j", None, "Jan 2", None, ())
    first = merge([december], today=dt.date(2024, 12, 31))
    assert first.digests[0].digest.date == dt.date(2024, 12, 30)
    # Three days later the January digest arrives; December keeps its recorded first build.
    second = merge([december, january], first.first_built, today=dt.date(2025, 1, 3))
    assert [r.digest.date for r in second.digests] == [dt.date(2025, 1, 2), dt.date(2024, 12, 30)]
    # A rebuild a year on infers nothing anew: both dates come from the recorded days.
    later = merge([december, january], second.first_built, today=dt.date(2026, 6, 1))
    assert [r.digest.date for r in later.digests] == [dt.date(2025, 1, 2), dt.date(2024, 12, 30)]
    assert later.first_built == {"daily-dec-30.txt": dt.date(2024, 12, 31),
                                 "daily-jan-2.txt": dt.date(2025, 1, 3)}  # fmt: skip


def test_slugs_are_bounded_ascii_and_safe() -> None:
    assert base_slug("Über ../../etc/passwd & <script>") == "uber-etc-passwd-script"
    assert len(base_slug("word " * 1000)) <= MAX_SLUG_LENGTH
    assert base_slug("!!! ...", fallback="") == ""
    slugs = assign_slugs([("k1", "深度学习"), ("k2", "!!!"), ("k3", "Attention Tricks!"),
                          ("k4", "Attention: Tricks?")])  # fmt: skip
    assert slugs["k3"] == "attention-tricks"
    assert slugs["k4"].startswith("attention-tricks-") and slugs["k4"] != slugs["k3"]
    assert slugs["k1"].startswith("paper-") and slugs["k2"].startswith("paper-")
    assert len(set(slugs.values())) == 4
    for slug in slugs.values():
        assert slug.isascii() and "/" not in slug and ".." not in slug


def test_slugs_are_stable_when_a_newer_paper_collides() -> None:
    before = assign_slugs([("attention tricks!", "Attention Tricks!")])
    after = assign_slugs([("attention tricks!", "Attention Tricks!"), ("x", "Attention tricks")])
    assert before["attention tricks!"] == after["attention tricks!"] == "attention-tricks"


def test_an_older_digest_added_later_never_takes_a_published_address() -> None:
    """The issue's case: an older digest arrives with another paper whose title gives the same
    slug (two long titles that differ past the slug's length). Without the record it would
    sort first and take the address."""
    shared = "Attention tricks for long sequences in large language models when every token"
    slug = "attention-tricks-for-long-sequences-in-large-language-models-when-every-token"
    one, two = f"{shared} matters, part one", f"{shared} matters, part two"
    newer = Digest("b.txt", "B", dt.date(2025, 3, 2), None, None,
                   (Paper(one, "The first one.", 1),))  # fmt: skip
    first = merge([newer])
    assert first.entries[0].slug == slug
    older = Digest("a.txt", "A", dt.date(2024, 1, 1), None, None,
                   (Paper(two, "Another paper.", 1),))  # fmt: skip
    unrecorded = merge([newer, older])
    assert unrecorded.by_key[title_key(one)].slug != slug  # the old rule
    second = merge([newer, older], addresses=first.addresses)
    assert second.by_key[title_key(one)].slug == slug
    assert second.by_key[title_key(two)].slug.startswith(f"{slug}-")
    assert set(first.addresses) < set(second.addresses)
    # Gone from the digests, the paper keeps its address reserved: nothing else gets it.
    third = merge([older], addresses=second.addresses)
    assert third.entries[0].slug == second.by_key[title_key(two)].slug
    assert slug in third.addresses


def test_a_paper_seen_once_is_kept_as_merging_would_make_it() -> None:
    plain = Paper("A", "x.", 1, arxiv="2401.00001", code=("https://github.com/a/b",))
    odd = Paper("B", "y.", 2, arxiv="", notes="", code=("u", "u"), tags=("t", "t"))
    archive = merge([digest("d.txt", plain, odd)])
    kept = {entry.paper.title: entry.paper for entry in archive.entries}
    assert kept["A"] is plain  # nothing to merge: the very same record
    assert kept["B"] == Paper("B", "y.", 2, code=("u",), tags=("t",))  # emptied, deduplicated


def test_a_digest_or_paper_named_index_never_takes_a_list_pages_address() -> None:
    paper = Paper("Index", "An abstract about indexes.", 1)
    archive = merge([Digest("index.txt", "Index", dt.date(2024, 1, 1), None, None, (paper,))])
    assert archive.digests[0].slug.startswith("index-")
    assert archive.entries[0].slug.startswith("index-")


def test_a_papers_publication_day_takes_its_year_like_its_digest() -> None:
    papers = (
        Paper("A", "x.", 1, published="Dec 30"),
        Paper("B", "y.", 2, published="Nov 15, 2023"),
        Paper("C", "z.", 3, published="2024-02-01"),
    )
    archive = merge([Digest("d.txt", "D", None, None, None, papers)], today=dt.date(2025, 1, 2))
    assert [e.paper.published for e in archive.entries] == ["2024-12-30", "Nov 15, 2023",
                                                             "2024-02-01"]  # fmt: skip


def test_two_titles_with_one_arxiv_id_are_one_paper_known_by_the_first() -> None:
    """arXiv's second version of Self-Instruct (2212.10560) retitled its first."""
    first = Paper(
        "Self-Instruct: Aligning Language Model with Self Generated Instructions",
        "Short.",
        4,
        arxiv="2212.10560",
    )
    second = Paper(
        "Self-Instruct: Aligning Language Models with Self-Generated Instructions",
        "A longer abstract.",
        9,
        arxiv="arXiv:2212.10560v2",  # as a YAML digest may spell it
    )
    old = digest("old.txt", first, date=dt.date(2022, 12, 21))
    new = digest("new.txt", second, date=dt.date(2023, 5, 26))
    archive = merge([new, old])
    (entry,) = archive.entries
    assert entry.key == title_key(first.title)
    assert entry.slug.startswith("self-instruct-aligning-language-model-with-self")
    assert entry.paper.title == second.title  # the version with the longest abstract is shown
    assert entry.also_titled == (first.title,)  # and its page names the other
    assert [a.digest for a in entry.appearances] == ["old.txt", "new.txt"]
    assert [ref.entry_keys for ref in archive.digests] == [(entry.key,), (entry.key,)]
    assert archive.key_of == {title_key(first.title): entry.key, title_key(second.title): entry.key}
    (notice,) = [n for n in archive.notices if "arXiv id 2212.10560" in n.message]
    assert (notice.source, notice.line) == ("new.txt", 9)
    assert f'"{first.title}" (old.txt:4)' in notice.message


def test_a_doi_names_a_paper_in_any_spelling_and_an_arxiv_doi_is_its_arxiv_id() -> None:
    resnet = Paper(
        "Deep Residual Learning for Image Recognition", "x.", 1, doi="10.1109/CVPR.2016.90"
    )
    resnet_again = Paper(
        "Deep residual learning (ResNet)", "", 2, doi="https://doi.org/10.1109/cvpr.2016.90"
    )
    attention = Paper("Attention Is All You Need", "y.", 3, arxiv="1706.03762")
    attention_again = Paper("Attention is all you need.", "", 4, doi="10.48550/arXiv.1706.03762")
    archive = merge([digest("d.txt", resnet, resnet_again, attention, attention_again)])
    assert [e.paper.title for e in archive.entries] == [resnet.title, attention.title]
    assert archive.digests[0].entry_keys == tuple(e.key for e in archive.entries)
    assert [n.line for n in archive.notices] == [2, 4]
    assert "DOI 10.1109/cvpr.2016.90" in archive.notices[0].message


def test_a_title_joins_the_paper_of_the_first_identifier_it_shares() -> None:
    """A title met first without an identifier still holds the paper when a later version
    gives it one; different identifiers, or none, keep papers apart."""
    plain = Paper("A Survey", "Listed first, without an id.", 1)
    with_doi = Paper("Another Name for the Survey", "", 1, doi="10.1/abc")
    plain_with_doi = Paper("A survey", "Now with its DOI.", 1, doi="10.1/ABC")
    other = Paper("A Different Paper", "z.", 2, doi="10.1/xyz")
    untitled_twin = Paper("Yet Another Paper", "w.", 3)
    archive = merge(
        [
            digest("1.txt", plain, date=dt.date(2024, 1, 1)),
            digest("2.txt", with_doi, other, date=dt.date(2024, 1, 2)),
            digest("3.txt", plain_with_doi, untitled_twin, date=dt.date(2024, 1, 3)),
        ]
    )
    survey = archive.by_key[title_key(plain.title)]
    assert [e.key for e in archive.entries] == [
        title_key(t) for t in (plain.title, other.title, untitled_twin.title)
    ]
    assert [a.digest for a in survey.appearances] == ["1.txt", "2.txt", "3.txt"]
    assert archive.key_of[title_key(with_doi.title)] == survey.key


def test_pastes_of_one_arxiv_paper_under_two_titles_are_one_paper() -> None:
    """Real shapes: arXiv's titles-only list names 2503.21004 by a shorter title than the
    e-mail announcing it; a Scholar alert retitles Consistency Models (2303.01469)."""
    names = [
        "arxiv-recent-titles-only.txt",
        "arxiv-mail-cs.txt",
        "scholar-alert.txt",
        "arxiv-abstract-pages.txt",
    ]
    pastes = FIXTURES / "pastes"
    archive = merge([parse_digest((pastes / name).read_bytes(), name) for name in names])
    by_id = {}
    for entry in archive.entries:
        if entry.paper.arxiv in ("2503.21004", "2303.01469"):
            by_id.setdefault(entry.paper.arxiv, []).append(entry)
    search, consistency = by_id["2503.21004"], by_id["2303.01469"]
    assert len(search) == 1 and len(consistency) == 1
    assert search[0].paper.abstract  # the e-mail's abstract, on the titles-only paper
    assert search[0].also_titled == ("Differentiable Neural Input Search for Recommender Systems",)
    assert {a.digest for a in search[0].appearances} == {names[0], names[1]}
    assert {a.digest for a in consistency[0].appearances} == {names[2], names[3]}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"arxiv": "2406.01234"}, ["arXiv id 2406.01234"]),
        ({"arxiv": "https://arxiv.org/abs/2406.01234v3"}, ["arXiv id 2406.01234"]),
        (
            {"arxiv": "hep-th/9901001v1", "doi": "10.48550/arXiv.hep-th/9901001"},
            ["arXiv id hep-th/9901001"],
        ),
        ({"doi": "doi: 10.1145/3580305.3599256."}, ["DOI 10.1145/3580305.3599256"]),
        ({"doi": "https://dx.doi.org/10.1109/CVPR.2016.90"}, ["DOI 10.1109/cvpr.2016.90"]),
        ({"arxiv": "2406.01234", "doi": "10.1/x"}, ["arXiv id 2406.01234", "DOI 10.1/x"]),
        ({}, []),
    ],
)
def test_identifiers_of_a_paper_in_the_spellings_inputs_give(fields, expected) -> None:
    assert identifiers(Paper("T", "A.", 1, **fields)) == expected


def test_titles_that_differ_in_punctuation_or_spacing_alone_are_one_paper() -> None:
    curly = Paper("Don’t Stop Pretraining: Adapt Language Models to Domains and Tasks", "a.", 1)
    straight = Paper("Don't Stop Pretraining: Adapt Language Models to Domains and Tasks.", "", 2)
    hyphens = Paper("Mixture-of-Experts with Expert Choice Routing", "b.", 3)
    spaces = Paper("Mixture of Experts with Expert Choice Routing", "", 4)
    other = Paper("Mixture of Experts with Expert Choice Routing, Revisited", "c.", 5)
    symbols, more_symbols = Paper("∞", "d.", 6), Paper("—", "e.", 7)  # no letter: no loose title
    archive = merge(
        [digest("d.txt", curly, straight, hyphens, spaces, other, symbols, more_symbols)]
    )
    titles = [entry.paper.title for entry in archive.entries]
    assert titles == [curly.title, hyphens.title, other.title, "∞", "—"]
    assert not any(entry.also_titled for entry in archive.entries)  # the same words
    assert [n.line for n in archive.notices] == [2, 4]
    assert (
        f'differs from "{curly.title}" (d.txt:1) only in punctuation' in archive.notices[0].message
    )


def test_titles_joined_through_others_are_one_paper() -> None:
    """A and B share nothing; C carries the arXiv id of one and the DOI of the other; D, E
    and F come later, each through another of them."""
    papers = [
        Paper("Paper A", "a.", 1, arxiv="2401.00001"),
        Paper("Paper B", "b.", 2, doi="10.1/b"),
        Paper("Paper C", "c.", 3, arxiv="2401.00001v2", doi="10.1/B"),
        Paper("Paper D", "d.", 4, doi="10.1/b"),
        Paper("Paper E", "e.", 5, arxiv="2401.00001"),
        Paper("Paper-F", "f.", 6),
        Paper("Paper F", "f.", 7, doi="10.1/b"),
    ]
    archive = merge([digest("d.txt", *papers)])
    (entry,) = archive.entries
    assert entry.key == "paper a"
    assert set(archive.key_of.values()) == {"paper a"} and len(archive.key_of) == 7
    same = [n.line for n in archive.notices if n.message.endswith("both are the same paper")]
    assert same == [3, 3, 4, 5, 7, 7]  # C joins two papers, and so does F


def test_the_title_with_an_address_keeps_the_paper_when_an_older_digest_retitles_it() -> None:
    """An older digest added later brings the paper under another title: it would come first,
    but the address published for the title built before stays the paper's."""
    newer = digest("b.txt", Paper("Sparse Gadgets Now", "Built first.", 1, arxiv="2501.00002"),
                   date=dt.date(2025, 3, 2))  # fmt: skip
    first = merge([newer])
    older = digest("a.txt", Paper("Sparse gadgets, revisited", "Older.", 1, arxiv="2501.00002"),
                   date=dt.date(2025, 3, 1))  # fmt: skip
    (unrecorded,) = merge([newer, older]).entries
    assert unrecorded.key == "sparse gadgets, revisited"  # first by arrival, without a record
    (entry,) = merge([newer, older], addresses=first.addresses).entries
    assert (entry.key, entry.slug) == (first.entries[0].key, first.entries[0].slug)
    assert [a.digest for a in entry.appearances] == ["a.txt", "b.txt"]


def test_a_long_chain_of_joined_titles_is_one_paper() -> None:
    """Four titles with four arXiv ids, joined one after the other from the last to the
    first by titles that carry two of them: every title reaches the first."""
    ids = ["2401.00001", "2401.00002", "2401.00003", "2401.00004"]
    alone = [Paper(f"Paper {n}", "x.", n, arxiv=i) for n, i in enumerate(ids, 1)]
    joining = [
        Paper("Joins four and three", "x.", 5, arxiv=ids[3], doi=f"10.48550/arXiv.{ids[2]}"),
        Paper("Joins three and two", "x.", 6, arxiv=ids[2], doi=f"10.48550/arXiv.{ids[1]}"),
        Paper("Joins two and one", "x.", 7, arxiv=ids[1], doi=f"10.48550/arXiv.{ids[0]}"),
    ]
    archive = merge([digest("d.txt", *alone, *joining)])
    assert [entry.key for entry in archive.entries] == ["paper 1"]


def test_a_published_title_joined_to_another_paper_leaves_its_address_to_it() -> None:
    first_title, second_title = "Sparse Gadgets Now", "Gadgets, Sparse and Now"
    before = merge(
        [
            digest("a.txt", Paper(first_title, "x.", 1), date=dt.date(2025, 3, 1)),
            digest("b.txt", Paper(second_title, "y.", 1), date=dt.date(2025, 3, 2)),
        ]
    )
    assert not before.moved
    joining = digest(
        "c.txt",
        Paper(first_title, "x.", 1, arxiv="2503.00001"),
        Paper(second_title, "y.", 2, arxiv="2503.00001"),
        date=dt.date(2025, 3, 3),
    )
    after = merge([*(ref.digest for ref in before.digests), joining], addresses=before.addresses)
    (entry,) = after.entries
    (moved,) = after.moved
    assert (moved.slug, moved.title, moved.key) == (
        "gadgets-sparse-and-now",
        second_title,
        entry.key,
    )
    assert entry.slug == "sparse-gadgets-now"
    assert not merge([joining]).moved  # never published: nothing to keep


def test_an_identifier_given_to_many_different_titles_joins_none_of_them() -> None:
    """A book's DOI on each of its chapters names no one paper; five spellings of one paper's
    arXiv id (versions, a list, an alert) still join."""
    chapters = [Paper(f"Chapter {n}: on topic {n}", "x.", n, doi="10.1/book") for n in range(1, 7)]
    spellings = [
        Paper(title, "y.", 10 + n, arxiv="2401.00009")
        for n, title in enumerate(
            ["One", "One v2", "One, shorter", "One (list)", "One, longer", "One!"]
        )
    ]  # six titles, five told apart by their letters: the most one identifier joins
    archive = merge([digest("d.txt", *chapters, *spellings)])
    titles = [entry.paper.title for entry in archive.entries]
    assert titles[:6] == [chapter.title for chapter in chapters] and len(titles) == 7
    crowded = [n for n in archive.notices if "names no one paper" in n.message]
    assert [(n.line, n.message) for n in crowded] == [
        (1, "the DOI 10.1/book is given to 6 titles that differ in their words: it names no "
            "one paper here, and joins none of them"),
    ]  # fmt: skip
