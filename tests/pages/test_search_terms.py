"""The vocabulary the search box corrects misspellings to."""

from __future__ import annotations

import json

from generator.ingest.merge import merge
from generator.model import Digest, Paper
from generator.pages.search_terms import search_terms


def test_words_of_titles_and_repeated_words_of_abstracts_with_their_counts() -> None:
    papers = (
        Paper("Reinforcement Learning for Robots", "Robots learn by trial. Robots fail once.", 1),
        Paper("Diffusion Models", "Diffusion denoises <script>alert(1)</script> noise.", 2),
    )
    terms = json.loads(search_terms(merge([Digest("d.txt", "D", None, None, None, papers)])))
    counts = dict(zip(terms["words"], terms["counts"]))
    assert terms["words"] == sorted(terms["words"])
    assert counts["robots"] == 3 and counts["diffusion"] == 2
    assert counts["reinforcement"] == 1  # once, in a title: kept
    assert "trial" not in counts and "denoises" not in counts  # once, in an abstract
    assert all(len(word) >= 4 and word.isalnum() for word in counts)


def test_words_are_counted_by_chunk_and_a_new_digest_counts_only_the_last_chunk(
    monkeypatch,
) -> None:
    from generator.output.cache import ResultCache
    from generator.pages import search_terms as module

    papers = tuple(
        Paper(f"Paper {n} on {topic}", f"We study {topic} with {topic} methods.", n)
        for n, topic in enumerate(["graphs", "robots", "proteins", "auctions", "codes"] * 3)
    )
    archive = merge([Digest("d.txt", "D", None, None, None, papers[:12])])
    whole = search_terms(archive)
    monkeypatch.setattr(module, "CHUNK", 4)
    cache = ResultCache("code")
    assert search_terms(archive, cache.mapped()) == whole  # three chunks, the same list
    later = merge([Digest("d.txt", "D", None, None, None, papers)])
    again = ResultCache("code", dict(cache.used))
    terms = search_terms(later, again.mapped())
    assert again.figures() == {"cache_hits": 3, "cache_misses": 1}  # the fourth chunk is new
    assert terms == search_terms(later)
    assert dict(zip(*json.loads(terms).values()))["robots"] == 9  # 3 papers, 3 times each
