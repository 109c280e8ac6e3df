"""Undo hard wrapping: join the lines of a paragraph that an editor or a mail client wrapped.

A wrapped file is recognised from its lines, never from a flag. A greedy wrapper at width W
leaves every line at most W long and moves a word to the next line only when it did not fit,
so inside a wrapped paragraph ``len(line) + 1 + len(next word) > W`` (the line is *full*),
while a line that could have taken the next word ended its paragraph. An indented line after a
less indented one continues it too (a wrapped title in a list).

A full line can still end a paragraph: a title as long as the width, an abstract whose last
line happens to be full. There the reading is chosen that makes the file titles followed by
abstracts with the fewest orphans (``_best_segments``): by what follows each piece and by its
own form (length, final punctuation, case), the same tests that pair titles with abstracts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .lines import Line, looks_like_authors, shaped_like_abstract

MIN_WIDTH, MAX_WIDTH = 30, 200
"""Widths a wrapper may have used; unwrapped abstracts are far longer than the largest."""
MIN_WRAPS = 3
"""Fewest line pairs that must read as wraps before a file counts as wrapped."""
WRAP_SHARE = 0.5
"""Share of the pairs of short lines that must read as wraps at the found width."""

# Costs of a reading (lower is better); an orphan is a title without an abstract or an
# abstract without a title, which the listing reader reports as a fragment.
ORPHAN = 3.0
TITLE_AFTER_SENTENCE = 1.0
"""Starting a title after a full line that ends a sentence (an abstract's last line)."""
TITLE_MID_SENTENCE = 4.0
"""Starting a title after a full line that stops mid-sentence (only cut abstracts do)."""
ABSTRACT_AFTER_FULL_LINE = 2.0
"""Starting an abstract (or an author line) after a full line (a title as long as the width)."""
BREAK_BEFORE_INDENT = 1.5
"""Ending a paragraph before a more indented line (an abstract nested under a list item)."""
BREAK_INSIDE_BLOCK = 2 * ORPHAN
"""Ending a paragraph at a full line in a file whose paragraphs end at blank lines."""
BLANK_STYLE_SHARE = 0.1
"""Most paragraph ends at blank lines: at most this many ends between two text lines."""
TITLE_LINE = 1.0
"""Each extra line of a title (titles rarely take more than two lines)."""
TITLE_CASE = 2.0
"""Credit for each title line in Title Case (most long words capitalised)."""
TITLE_IN_ABSTRACT = 1.5
"""Cost of a line in Title Case without prose words inside an abstract. With the credit above
it outweighs the two breaks around a title that sits between two full lines."""
PROSE_IN_TITLE = 1.5
"""Cost of a title line holding words that make prose (we, is, this, ...)."""
ABSTRACT_ODD_START = 2.5
"""An abstract that would start in lower case or with a bracket: the middle of a sentence.
Raised from 2.0, at which a Title-Case first line of an abstract ("Graph Neural Networks
(GNNs), especially") was read as a title's second line, leaving the abstract to start with
"message-passing". The seed listings wrapped at every fourth width from 40 to 120 (17,808
papers): 30 read wrong against 35 with 2.0 (abstracts wrapped), 158 against 179 (titles
wrapped too); 3.0 and 4.0 gave the same as 2.5."""
LONGEST_ABSTRACT = 2100
"""arXiv caps abstracts at 1,920 characters; longer reads as two abstracts and a title."""
OVERLONG_ABSTRACT = 3.5
"""Cost of an abstract longer than that: more than the two breaks around a title."""
TITLE_CASE_SHARE, TITLE_CASE_WORDS = 0.75, 2
PROSE_WORDS = frozenset(
    "we our us is are was were be been being this that these those which it its can could "
    "has have had such than however here".split()
)
TITLE_PERIOD = 2.5
"""A title that ends with a full stop: rare, while the last line of an abstract always does."""
MAX_TITLE_LINES = 6
MAX_ABSTRACT_LINES = 500

SENTENCE_END = re.compile(r"(?:[.!?][\"'’”)\]]?|\S+://\S+)$")
"""The end of a sentence, or of an abstract that closes with its code link."""
LONG_WORD = re.compile(r"[^\W\d_][\w'’\-]{3,}")
HYPHEN_BREAK = re.compile(r"[^\W\d_]-+$")
SUSPENDED_HYPHEN_WORDS = frozenset({"and", "or", "nor", "to", "versus", "vs", "vs.", "&", "but"})


@dataclass(frozen=True)
class Gap:
    """What lies between two consecutive text lines."""

    joinable: bool
    """Whether the second line may continue the first's paragraph."""
    before_title: float = 0.0
    """Cost of ending the paragraph here when a title starts on the second line."""
    before_abstract: float = 0.0
    """Cost of ending it here when an abstract or an author line starts there."""


def unwrap(lines: list[Line], raws: list[str]) -> list[Line]:
    """Join wrapped paragraphs of classified lines (``raws``: the same lines as written); each
    joined line keeps the number of its first line."""
    indents = [len(raw) - len(raw.lstrip()) for raw in raws]
    lengths = [len(raw.strip()) for raw in raws]  # as wrapped, chrome glued on included
    width = wrap_width(lines, lengths)
    texts = [i for i, line in enumerate(lines) if line.kind == "text"]
    pairs = list(pairwise(texts))
    gaps = [
        _gap(lines[a].text, lines[b].text, (lengths[a], lengths[b]), indents[b] - indents[a], width)
        if b == a + 1
        else Gap(False)
        for a, b in pairs
    ]
    if not any(gap.joinable for gap in gaps):
        return lines
    adjacent_ends = sum(1 for (a, b), gap in zip(pairs, gaps) if b == a + 1 and not gap.joinable)
    if _paragraphs_end_at_blank_lines(lines, adjacent_ends):
        inside_block = Gap(True, BREAK_INSIDE_BLOCK, BREAK_INSIDE_BLOCK)
        gaps = [inside_block if gap.joinable else gap for gap in gaps]
    segments = _best_segments([lines[i].text for i in texts], gaps)
    first_of = {texts[start]: texts[start:end] for start, end in segments}
    joined: list[Line] = []
    inside = set()
    for index, line in enumerate(lines):
        if index in first_of:
            members = first_of[index]
            inside.update(members)
            text = join_lines([lines[i].text for i in members])
            joined.append(Line(line.number, text, "text"))
        elif index not in inside:
            joined.append(line)
    return joined


def _paragraphs_end_at_blank_lines(lines: list[Line], adjacent_ends: int) -> bool:
    """Whether the file separates its paragraphs by blank lines: then a full line inside a
    block of lines is a wrap, not the end of a paragraph."""
    blank_ends = sum(
        1 for before, after in pairwise(lines) if before.kind == "text" and after.kind == "blank"
    )
    return blank_ends > 0 and adjacent_ends <= BLANK_STYLE_SHARE * blank_ends


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines with single spaces; a word broken after its hyphen is rejoined."""
    result = texts[0]
    for text in texts[1:]:
        # "Model-" + "Based" was one word; "sentence-" + "or user-level" waits for its word.
        broken_word = (
            HYPHEN_BREAK.search(result) is not None
            and text[:1].isalpha()
            and text.split()[0].casefold() not in SUSPENDED_HYPHEN_WORDS
        )
        result += ("" if broken_word else " ") + text
    return result


def wrap_width(lines: list[Line], lengths: list[int]) -> int | None:
    """The width the file was wrapped at, or None when it reads as unwrapped.

    Each pair of consecutive text lines votes for the widths at which it would be a wrap
    (``len(first) <= W < len(first) + 1 + len(next word)``); the most voted width wins when
    most pairs of lines no longer than it agree.
    """
    votes = [0] * (MAX_WIDTH + 2)
    short_pairs = [0] * (MAX_WIDTH + 2)
    for index, (first, second) in enumerate(pairwise(lines)):
        if first.kind != "text" or second.kind != "text":
            continue
        low, next_length = lengths[index], lengths[index + 1]
        if low > MAX_WIDTH:
            continue
        high = min(low + len(second.text.split()[0]), MAX_WIDTH)
        votes[low] += 1
        votes[high + 1] -= 1
        if next_length <= MAX_WIDTH:
            short_pairs[max(low, next_length)] += 1
    running_votes = running_pairs = 0
    best: tuple[int, int] | None = None
    for width in range(MAX_WIDTH + 1):
        running_votes += votes[width]
        running_pairs += short_pairs[width]
        if width < MIN_WIDTH or running_votes < MIN_WRAPS:
            continue
        if running_votes >= WRAP_SHARE * running_pairs and (
            best is None or running_votes > best[0]
        ):
            best = (running_votes, width)
    return best[1] if best else None


def _gap(
    first: str, second: str, lengths: tuple[int, int], indent_step: int, width: int | None
) -> Gap:
    """The gap between two adjacent text lines, of these lengths as written."""
    if indent_step > 0:
        return Gap(True, BREAK_BEFORE_INDENT, BREAK_BEFORE_INDENT)
    length, next_length = lengths
    if width is None:
        return Gap(False)
    if (length > width and " " in first) or (next_length > width and " " in second):
        return Gap(False)  # not made by wrapping at this width (one long word, a link, may be)
    if length + 1 + len(second.split()[0]) <= width:  # the next word would have fit
        return Gap(False)
    ends_sentence = SENTENCE_END.search(first) is not None
    before_title = TITLE_AFTER_SENTENCE if ends_sentence else TITLE_MID_SENTENCE
    return Gap(True, before_title, ABSTRACT_AFTER_FULL_LINE)


def _best_segments(texts: list[str], gaps: list[Gap]) -> list[tuple[int, int]]:
    """Cut the text lines into paragraphs ``[start, end)`` at the cheapest reading.

    A dynamic programme over paragraph ends: each paragraph is a title, an author line or an
    abstract (by the listing reader's own tests), and the cost counts breaks at full lines,
    extra title lines and orphans.
    """
    count = len(texts)
    lengths = [0]
    as_title = [0.0]
    as_abstract = [0.0]
    for text in texts:
        lengths.append(lengths[-1] + len(text) + 1)
        title_cost, abstract_cost = _line_costs(text)
        as_title.append(as_title[-1] + title_cost)
        as_abstract.append(as_abstract[-1] + abstract_cost)
    run_start = [0] * count  # first line of the chain of joinable gaps that ends at each line
    for index in range(1, count):
        run_start[index] = run_start[index - 1] if gaps[index - 1].joinable else index

    def kinds_of(start: int, end: int) -> list[tuple[str, float]]:
        """What ``texts[start:end]`` joined may be read as, and the cost of each reading."""
        lines = end - start
        length = lengths[end] - lengths[start] - 1
        if shaped_like_abstract(length, texts[end - 1]):
            opening = texts[start][:1]
            odd_start = ABSTRACT_ODD_START if opening.islower() or opening in "(),;:" else 0
            too_long = OVERLONG_ABSTRACT if length > LONGEST_ABSTRACT else 0.0
            return [("abstract", as_abstract[end] - as_abstract[start] + odd_start + too_long)]
        if lines > MAX_TITLE_LINES:
            return []
        cost = TITLE_LINE * (lines - 1) + as_title[end] - as_title[start]
        if texts[end - 1].endswith("."):
            cost += TITLE_PERIOD
        if lines == 1 and looks_like_authors(texts[start]):
            return [("title", cost), ("authors", 0.0)]
        return [("title", cost)]

    # best[end][kind]: (cost, start, previous kind) of the cheapest reading of texts[:end]
    # whose last paragraph is of that kind; kind None only at the start.
    best: list[dict] = [{None: (0.0, -1, None)}] + [{} for _ in range(count)]
    for end in range(1, count + 1):
        for start in range(max(run_start[end - 1], end - MAX_ABSTRACT_LINES), end):
            gap = gaps[start - 1] if start else Gap(False)  # a hard gap costs nothing
            for kind, own_cost in kinds_of(start, end):
                entry = gap.before_title if kind == "title" else gap.before_abstract
                for previous, (cost_before, _, _) in best[start].items():
                    total = cost_before + _pairing(previous, kind) + own_cost + entry
                    if total < best[end].get(kind, (float("inf"),))[0]:
                        best[end][kind] = (total, start, previous)
    finals = {kind: cost + (0 if kind == "abstract" else ORPHAN)
              for kind, (cost, _, _) in best[count].items()}  # fmt: skip
    kind = min(finals, key=lambda k: (finals[k], k != "abstract"))
    segments = []
    end = count
    while end > 0:
        _, start, previous = best[end][kind]
        segments.append((start, end))
        end, kind = start, previous
    return segments[::-1]


def _line_costs(text: str) -> tuple[float, float]:
    """Costs of reading one line as part of a title and as part of an abstract, by its form:
    titles are mostly in Title Case and rarely hold the words that make prose."""
    words = LONG_WORD.findall(text)
    upper = sum(word[0].isupper() for word in words)
    title_cased = len(words) >= TITLE_CASE_WORDS and upper >= TITLE_CASE_SHARE * len(words)
    prose = not PROSE_WORDS.isdisjoint(text.casefold().split())
    as_title = (PROSE_IN_TITLE if prose else 0.0) - (TITLE_CASE if title_cased else 0.0)
    as_abstract = TITLE_IN_ABSTRACT if title_cased and not prose else 0.0
    return as_title, as_abstract


def _pairing(previous: str | None, kind: str) -> float:
    """Cost of one paragraph kind following another, as the listing reader pairs them."""
    if kind == "authors":
        return 0.0 if previous == "title" else float("inf")
    if kind == "abstract":
        return 0.0 if previous in ("title", "authors") else ORPHAN
    return ORPHAN if previous in ("title", "authors") else 0.0
