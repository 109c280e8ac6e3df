"""The search index's shards: papers in arrival order, the rest of the site in the main
index, and the fingerprint that tells whether a shard must be indexed again."""

from __future__ import annotations

from pathlib import Path

from generator.site.search_index import (
    EVERY_PAGE,
    INDEX_DIR,
    Shard,
    indexed_fingerprint,
    plan_shards,
)
from generator.site.walk import pages_outside


def test_one_index_up_to_a_quarter_of_the_limit() -> None:
    assert plan_shards(["a", "b"], 8) == [Shard(INDEX_DIR, EVERY_PAGE)]


def test_past_a_quarter_of_the_limit_the_papers_are_in_recent_shards_before_any_full_one() -> None:
    """So that a daily build at a few thousand papers indexes again a quarter of a shard, not
    every paper of the archive."""
    shards = plan_shards(["p1", "p2", "p3", "p4", "p5"], 8)
    assert shards[0] == Shard(INDEX_DIR)
    assert [(s.folder, s.papers) for s in shards[1:]] == [
        ("pagefind/papers-1a", ("p1", "p2")),
        ("pagefind/papers-1b", ("p3", "p4")),
        ("pagefind/papers-1c", ("p5",)),
    ]


def test_papers_are_cut_in_arrival_order_into_shards_of_the_limit() -> None:
    order = ["z-first", "a-second", "m3", "b4", "c5", "d6", "e7", "f8", "g9", "h10", "i11"]
    shards = plan_shards(order, 4)
    assert shards[0] == Shard(INDEX_DIR)
    assert [(s.folder, s.papers) for s in shards[1:]] == [
        ("pagefind/papers-1", ("z-first", "a-second", "m3", "b4")),
        ("pagefind/papers-2", ("c5", "d6", "e7", "f8")),
        # The recent papers, past the full shards: shards of a quarter as many.
        ("pagefind/papers-3a", ("g9",)),
        ("pagefind/papers-3b", ("h10",)),
        ("pagefind/papers-3c", ("i11",)),
    ]
    # Once the recent papers fill a shard, they are one; the others keep their papers.
    grown = plan_shards([*order, "new"], 4)
    assert grown[1:3] == shards[1:3] and len(grown) == 4
    assert (grown[3].folder, grown[3].papers) == ("pagefind/papers-3", ("g9", "h10", "i11", "new"))


def test_a_new_paper_joins_the_last_recent_shard_and_the_others_keep_theirs() -> None:
    order = [f"p{number}" for number in range(13)]
    shards = plan_shards(order, 8)  # one full shard of 8, then 5 in shards of 2
    assert [s.folder.rsplit("/", 1)[1] for s in shards[1:]] == [
        "papers-1", "papers-2a", "papers-2b", "papers-2c"
    ]  # fmt: skip
    grown = plan_shards([*order, "p13"], 8)
    assert grown[:4] == shards[:4] and grown[4].papers == ("p12", "p13")


def test_the_fingerprint_leaves_out_only_what_pagefind_ignores() -> None:
    page = (
        b'<article><h1>T</h1><p class="rd-abstract">We study x.</p>'
        b'<ul data-pagefind-ignore><li><a href="../a/">A</a></li></ul>'
        b'<pre class="rd-bibtex" data-pagefind-ignore><code>@misc{k,\n}</code></pre></article>'
    )
    other_related = page.replace(b"../a/", b"../b/").replace(b">A<", b">B<")
    themed = page.replace(b"<h1>T</h1>", b'<h1>T</h1><p class="rd-theme">Theme: <a>X</a></p>')
    renamed = themed.replace(b"<a>X</a>", b"<a>Y</a>")
    assert indexed_fingerprint(themed) == indexed_fingerprint(renamed) == indexed_fingerprint(page)
    assert indexed_fingerprint(page.replace(b"<h1>T</h1>", b"<h1>T2</h1>")) != indexed_fingerprint(
        page
    )
    other_abstract = page.replace(b"We study x.", b"We study y.")
    assert indexed_fingerprint(page) == indexed_fingerprint(other_related)
    assert indexed_fingerprint(page) != indexed_fingerprint(other_abstract)
    nested = b"<div data-pagefind-ignore><div>in</div>still ignored</div><p>kept</p>"
    assert indexed_fingerprint(nested) != indexed_fingerprint(b"<p>kept</p>")  # more, not less


def test_main_index_holds_every_page_outside_papers(tmp_path: Path) -> None:
    """Pages at the top and in every folder but the papers' and the index's own, however
    near a folder's name."""
    inside = ("index.html", "404.html", "guide/index.html", "themes/x/index.html", "p/a.html")
    near = ("pape/a.html", "paper/a.html", "papersx/a.html", "digests/2024-01-01/index.html")
    papers = ("papers/some-paper/index.html", "papers/x/y/index.html")
    other = ("sitemap.xml", "assets/site.css", "digests/2024-01-01.bib", "pagefind/x.html")
    for path in inside + near + papers + other:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<p>page</p>", "utf-8")
    assert pages_outside(str(tmp_path), {"papers", "pagefind"}) == sorted(inside + near)
