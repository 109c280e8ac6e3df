"""The search index's shards: every paper page in exactly one, the rest of the site in the
main index."""

from __future__ import annotations

import re

from generator.site.search_index import EVERY_PAGE, INDEX_DIR, Shard, outside_folder, plan_shards


def _matches(glob: str, path: str) -> bool:
    """Pagefind's glob on one path: braces hold alternatives, ``*`` stays within a folder,
    ``**/`` stands for any folders or none."""
    alternatives = glob[1:-1].split(",") if glob.startswith("{") else [glob]
    return any(re.fullmatch(_regex(alternative), path) for alternative in alternatives)


def _regex(glob: str) -> str:
    tokens = re.findall(r"\*\*/|\*|\?|\[!?[^\]]*\]|[^*?\[]+", glob)
    parts = []
    for token in tokens:
        if token == "**/":
            parts.append("(?:.*/)?")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        elif token.startswith("["):
            parts.append(token.replace("[!", "[^", 1))
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def test_one_index_up_to_the_limit() -> None:
    assert plan_shards(["a", "b"], 2) == [Shard(INDEX_DIR, EVERY_PAGE)]


def test_papers_are_split_by_first_character_within_the_limit() -> None:
    slugs = ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3", "c4", "c5", "d1", "9x", "-odd"]
    shards = plan_shards(slugs, 6)
    assert [s.glob for s in shards[1:]] == [
        "papers/[9a]*/**/*.html",  # 4 papers: with b's 3 they would be 7
        "papers/[b]*/**/*.html",
        "papers/[!9ab]*/**/*.html",  # the rest (c, d), odd first characters included
    ]
    for slug in slugs:
        holding = [s for s in shards[1:] if _matches(s.glob, f"papers/{slug}/index.html")]
        assert len(holding) == 1, (slug, holding)
        assert not _matches(shards[0].glob, f"papers/{slug}/index.html")


def test_main_index_holds_every_page_outside_papers() -> None:
    glob = outside_folder("papers")
    inside = ("index.html", "404.html", "guide/index.html", "themes/x/index.html", "p/a.html")
    near = ("pape/a.html", "paper/a.html", "papersx/a.html", "digests/2024-01-01/index.html")
    for path in inside + near:
        assert _matches(glob, path), path
    assert not _matches(glob, "papers/some-paper/index.html")
    assert not _matches(glob, "papers/x/y/index.html")
