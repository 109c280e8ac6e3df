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
