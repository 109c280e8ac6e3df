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
from .labels import candidate_phrases
from .textprep import statistics_text

if TYPE_CHECKING:
    from ..runtime import PaperMap
    from .params import ThemeParameters


@dataclass(frozen=True)
class PaperText:
    """One paper's text as grouping reads it."""

    statistics: str
    """``textprep.statistics_text``: what vectors, clusters and labels are computed from."""
    phrases: str
    """``labels.candidate_phrases`` of that text, one per line: one string per paper is
    cheaper to keep and to send between processes than a list of strings."""


def paper_text(paper: Paper, longest: int = 3) -> PaperText:
    """The paper's ``PaperText``, with label phrases of up to ``longest`` words."""
    text = statistics_text(paper)
    return PaperText(text, "\n".join(candidate_phrases(text, longest)))


def paper_texts(
    entries: Sequence[Entry], params: ThemeParameters, map_papers: PaperMap = map
) -> list[PaperText]:
    """Every entry's ``paper_text``, in order, mapped with ``map_papers`` (the built-in map,
    or the pipeline's process pool)."""
    prepare = functools.partial(paper_text, longest=params.label_ngram_range[1])
    return list(map_papers(prepare, [entry.paper for entry in entries]))
