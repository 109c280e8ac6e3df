"""Hard-wrapped pastes: abstracts and titles that an editor or a mail client wrapped.

The wrapped fixtures in ``tests/fixtures/pastes`` are seed papers as people paste them
(mail-wrapped at 72 columns with a greeting, a listing without blank lines wrapped at 80 by an
editor that breaks after hyphens, a numbered Markdown reading list with bold titles); their
golden parse results are checked in ``test_pastes.py``.
"""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import FIXTURES, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.devtools.wrap_accuracy import wrap_listing
from generator.ingest.lines import classify
from generator.ingest.parse import parse_digest
from generator.ingest.unwrap import join_lines, unwrap, wrap_width

PASTES = FIXTURES / "pastes"
SEEDS = SHARED / "seeds"
TRUTH = SHARED / "truth" / "seeds.json"
BLANK_SEPARATED_SEEDS = ("001_89334c290d36f2c2.txt", "003_88429e94ceb0c524.txt")
UNBROKEN_SEEDS = (
    "000_1876e618fe4a50b0.txt",
    "002_a10868335fdb0864.txt",
    "004_f450d354f81f3563.txt",
)

needs_seeds = pytest.mark.skipif(not TRUTH.exists(), reason="needs ../shared/seeds and truth")


def parse_text(text: str, name: str = "paste.txt"):
    return parse_digest(text.encode("utf-8"), name)


def papers_of(text: str) -> list[tuple[str, str]]:
    return [(paper.title, paper.abstract) for paper in parse_text(text).papers]


@needs_seeds
@pytest.mark.parametrize(
    "name", ["mail-wrapped-72.txt", "listing-wrapped-80.txt", "reading-list.md"]
)
def test_wrapped_pastes_give_the_seed_papers_exactly(name: str) -> None:
    truth = json.loads(TRUTH.read_text("utf-8"))
    known = {(p["title"], p["abstract"]) for seed in truth.values() for p in seed["papers"]}
    digest = parse_digest((PASTES / name).read_bytes(), name)
    assert len(digest.papers) >= 5
    assert [p.title for p in digest.papers if (p.title, p.abstract) not in known] == []


def test_mail_paste_keeps_its_greeting_as_reported_fragments() -> None:
    digest = parse_digest((PASTES / "mail-wrapped-72.txt").read_bytes(), "mail-wrapped-72.txt")
    assert digest.title == "Reading group, week 11"
    assert [(f.line, f.reason) for f in digest.fragments] == [
        (5, "a lead-in line, not a paper"),
        (7, "abstract without a title"),
    ]
    assert digest.papers[0].title == (
        "DPM-Solver-v3: Improved Diffusion ODE Solver with Empirical Model Statistics"
    )
    assert digest.papers[0].line == 11


def test_markdown_list_heading_names_the_digest() -> None:
    digest = parse_digest((PASTES / "reading-list.md").read_bytes(), "reading-list.md")
    assert digest.title == "Papers for Thursday"
    assert digest.papers[0].title.startswith("Text-Tuple-Table: Towards Information Integration")
    assert not digest.fragments


def test_wrap_width_is_found_and_unwrapped_text_has_none() -> None:
    paragraph = textwrap.wrap("word " * 40 + "end of the paragraph.", 72)
    lines = [classify(n, raw) for n, raw in enumerate(paragraph, 1)]
    assert wrap_width(lines, [len(raw) for raw in paragraph]) == max(map(len, paragraph))
    titles = ["A Short Title", "Another Title That Is Somewhat Longer Than That", "Third One"]
    lines = [classify(n, raw) for n, raw in enumerate(titles, 1)]
    assert wrap_width(lines, [len(raw) for raw in titles]) is None


def test_a_full_line_that_ends_a_sentence_still_continues() -> None:
    abstract = (
        "We study how the loss of sparse mixture-of-experts models scales with the number of "
        "experts and the data. It follows a power law. We fit it on 120 runs and find that "
        "the exponent does not depend on the size of the dense part of the model at all."
    )
    text = "Scaling Laws for Sparse Experts\n" + "\n".join(textwrap.wrap(abstract, 44)) + "\n"
    assert papers_of(text) == [("Scaling Laws for Sparse Experts", abstract)]


def test_indented_title_continuation_is_joined() -> None:
    text = (
        "Scaling Laws for Sparse Mixture-of-Experts Language Models Trained on\n"
        "    Trillions of Tokens\n"
        "We study how the loss of sparse mixture-of-experts models scales with the number of "
        "experts and the amount of data.\n"
    )
    (paper,) = parse_text(text).papers
    assert paper.title.endswith("Trained on Trillions of Tokens")


def test_joining_undoes_hyphen_breaks_but_keeps_waiting_hyphens() -> None:
    assert join_lines(["model-", "based control"]) == "model-based control"
    assert join_lines(["sentence-", "or user-level"]) == "sentence- or user-level"
    assert join_lines(["see", "https://example.org/x."]) == "see https://example.org/x."


def test_unwrap_leaves_chrome_and_dates_alone() -> None:
    raws = ["Mar 12", "Title Of A Paper", "new"]
    lines = [classify(n, raw) for n, raw in enumerate(raws, 1)]
    assert unwrap(lines, raws) == lines


@needs_seeds
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(BLANK_SEPARATED_SEEDS),
    width=st.integers(40, 120),
    titles=st.booleans(),
    hyphens=st.booleans(),
)
def test_wrapping_a_blank_separated_listing_at_any_width_gives_the_same_papers(
    seed: str, width: int, titles: bool, hyphens: bool
) -> None:
    text = (SEEDS / seed).read_text("utf-8")
    wrapped = wrap_listing(text, width, titles=titles, hyphens=hyphens)
    expected, got = papers_of(text), papers_of(wrapped)
    if hyphens:
        expected, got = _blur_hyphen_breaks(expected), _blur_hyphen_breaks(got)
    assert got == expected


def _blur_hyphen_breaks(papers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A wrapper that breaks after hyphens leaves two breaks that no reader can tell from
    text as written: ``pre-`` + ``or`` (``pre- or post-``?) and ``Rao`` + ``--Blackwell``
    (``Rao -- Blackwell``?). Compare with those spaces removed."""
    return [(t, a.replace("- or ", "-or ").replace(" --", "--")) for t, a in papers]


@needs_seeds
@pytest.mark.parametrize(
    ("width", "titles", "allowed"),
    [(40, False, 0.01), (72, False, 0.01), (100, False, 0.01), (56, True, 0.04), (72, True, 0.015)],
)
def test_listings_without_blank_lines_unwrap_nearly_always(
    width: int, titles: bool, allowed: float
) -> None:
    """Without blank lines a full last line of an abstract, followed by a title as long as the
    width, can be read either way: the bar is a share of papers, measured, not exactness."""
    wrong = total = 0
    for seed in UNBROKEN_SEEDS:
        text = (SEEDS / seed).read_text("utf-8")
        expected = set(papers_of(text))
        got = set(papers_of(wrap_listing(text, width, titles=titles, hyphens=False)))
        wrong += len(expected - got)
        total += len(expected)
    assert wrong <= allowed * total, f"{wrong} of {total} papers differ at {width} columns"
