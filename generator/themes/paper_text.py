"""What grouping reads of each paper, computed paper by paper.

``paper_text`` is a pure function of one paper, so the pipeline maps it over the archive in a
process pool (``paper_texts`` with ``runtime.paper_map``): the results come in the papers'
order, the same on any number of processes. It holds the cleaning and phrase finding, the
part of grouping that is plain Python and grows with the archive.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Entry, Paper
from .params import ThemeParameters
from .phrases import candidate_phrases
from .textprep import statistics_text
from .vectors import statistics_terms

if TYPE_CHECKING:
    from ..runtime import PaperMap


@dataclass(frozen=True)
class PaperText:
    """One paper's text as grouping reads it."""

    terms: str
    """``vectors.statistics_terms`` of its ``textprep.statistics_text``: the words and word
    pairs the vectors count."""
    phrases: str
    """``phrases.candidate_phrases`` of that text, one per line: one string per paper is
    cheaper to keep and to send between processes than a list of strings."""


def paper_text(paper: Paper, params: ThemeParameters) -> PaperText:
    """The paper's ``PaperText``."""
    text = statistics_text(paper)
    return PaperText(
        statistics_terms(text, params),
        "\n".join(candidate_phrases(text, params.label_ngram_range[1])),
    )


def paper_texts(
    entries: Sequence[Entry], params: ThemeParameters, map_papers: PaperMap = map
) -> list[PaperText]:
    """Every entry's ``paper_text``, in order, mapped with ``map_papers`` (the built-in map,
    or the pipeline's process pool)."""
    prepare = functools.partial(paper_text, params=params)
    return list(map_papers(prepare, [entry.paper for entry in entries]))
