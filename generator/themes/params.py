"""Every parameter of theme grouping, in one place, with the reason for its value.

Measured on ../shared/bench (1,897 labelled arXiv abstracts) with ``make bench-themes``; the
figures are in docs/guide/themes.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeParameters:
    """How papers become themes. Change a value only with a new benchmark run."""

    ngram_range: tuple[int, int] = (1, 2)
    """TF-IDF terms: words and word pairs ("reinforcement learning" is one idea)."""
    min_df: int = 2
    """A term must occur in two papers: one-off words cannot tie papers together."""
    max_df: float = 0.5
    """Terms in more than half the papers say nothing about any theme."""
    bm25_k1: float = 1.2
    """BM25 saturation: an abstract that repeats a word is not that much more about it.
    BM25 (Okapi's usual 1.2 and 0.75) against sublinear TF-IDF, the rest of the grouping the
    same, mean NMI of 3 seeds on the benchmark: 0.481 against 0.471 at k = 10."""
    bm25_b: float = 0.75
    """BM25 length normalisation: a long abstract's words count for less each."""
    basis_start: int = 200
    """Archives up to this many papers fit the vector space (vocabulary, IDF, LSA) on all of
    them. Larger ones fit it on their oldest papers, as many as the largest step of the ladder
    ``basis_start * basis_growth**k`` that the archive reaches (see ``basis_size``)."""
    basis_growth: float = 1.25
    """Ratio of the ladder's steps. Between two steps the vector space stays fixed, so a new
    digest changes no existing paper's vector and rewrites only the pages it touches; at most
    1 - 1/1.25 = 20% of the papers (the newest) are outside the fit."""
    refit_by_itself_until: int = 1_000
    """Archives up to this many papers climb the ladder by themselves: when a digest reaches its
    next step, the space is refit and most pages change (at most this many: seconds). Larger
    ones keep the recorded space (themes.yml's ``vector_space``) until ``--refit`` (``make
    refit``), so that no daily update rewrites the whole site; the build says when one is due."""
    lsa_dimensions: int = 60
    """Latent semantic analysis (truncated SVD) dimensions: merges synonyms, removes noise.
    On the benchmark (mean NMI of 3 seeds) 60 gave 0.451, against 0.434 for 40 and 80, 0.431
    for 100 and 0.415 for 150."""
    lsa_power_iterations: int = 2
    """Power iterations of the randomized SVD. Two instead of scikit-learn's five: mean NMI
    of four seeds on the benchmark 0.444 against 0.431 (within noise), in 45% of the time."""
    smoothing_neighbours: int = 20
    """Nearest neighbours each paper's vector is smoothed with before clustering."""
    smoothing_weight: float = 0.8
    """Weight of the neighbours against the paper's own vector at each smoothing step."""
    smoothing_steps: int = 5
    """Steps of diffusion along the neighbour graph. At the project's rule for k, mean of 3
    seeds on the benchmark: NMI 0.465, homogeneity 0.524 with (20, 0.8, 5), against 0.458 and
    0.512 for one step of 10 neighbours at 0.5, and 0.447 and 0.491 without smoothing."""
    meaning_weight: float = 0.7
    """With ``semantic = true``: the share of a paper's sentence embedding in the vector themes
    are drawn from, the rest its smoothed LSA vector (``themed``; each unit length, and the
    join is unit length, so cosines mix in this proportion). Mean of 3 seeds on the
    benchmark, NMI and homogeneity at the project's rule for k / NMI at k = 10: 0.504, 0.553 /
    0.523 with 0.7 (5 seeds: 0.504, 0.552 / 0.520); 0.497, 0.553 / 0.518 with 0.6; 0.496,
    0.543 / 0.504 with 0.5; 0.505, 0.555 / 0.538 with 0.8, but then three of the sample's
    themes (with 20 robotics papers added) are grab-bags whose labels are in 11-14% of their
    titles; 0.502, 0.546 / 0.523 with 0.9. Joined with the unsmoothed LSA vector (the rule
    before): 0.497, 0.543 / 0.535 with 0.7, 0.488, 0.542 / 0.516 with 0.8. Words only:
    0.461, 0.502 / 0.479."""
    seed: int = 0
    """Seed of the SVD and of k-means: same input, same themes."""
    kmeans_restarts: int = 4
    """k-means runs from different starts; the lowest-inertia run wins."""
    max_theme_share: float = 0.10
    """No theme may hold more than this share of the papers (or 2/sqrt(N) for small archives)
    when the number of themes is searched."""
    kept_theme_share: float = 0.15
    """A recorded number of themes is kept while no theme holds more than this share: without
    the margin, one digest that tips a theme over 10% would redraw every theme."""
    min_theme_size: int = 3
    """Smaller clusters are dissolved into their nearest themes."""
    loose_capture: float = 0.6
    """A paper is *loose* (see ``newtopics``) when the vector space holds less of it than this
    share of the basis papers' median. On the sample with 20 robotics papers added, the
    existing papers' captured shares start at 0.24 (1st percentile; median 0.40), the robotics
    papers' are 0.15-0.28."""
    loose_min_basis: int = 100
    """Below this many basis papers no paper is loose: the space is fit on nearly everything."""
    new_theme_size: int = 8
    """Loose papers this many or more, grouped by their words, form a new theme: fewer are
    too easily a few unrelated papers that happen to share some words (see
    docs/guide/themes.md)."""
    new_theme_similarity: float = 0.03
    """Mean BM25 cosine (``newtopics.loose_vectors``) of their papers at which two groups of
    loose papers join (average linkage). Measured with ``theme_stability``: see
    docs/guide/themes.md."""
    loose_grouping_limit: int = 4000
    """Past this many loose papers none is grouped: average linkage holds every pair (about
    190 MB and 0.4 s for 4,000 papers), and a refit is due long before (the bench's 45,948-paper
    synthetic archive lists 241 papers under "Not yet grouped")."""
    sticky_margin: float = 0.1
    """A paper leaves its recorded theme only for one whose centre is closer by more than this
    cosine margin: papers on the border of two themes do not flip at every new digest. Adding
    39 papers (5%) to the sample digests, in five draws, kept 94-98% of the papers' theme slugs
    with 0.1, 92-96% with 0.05 (centres of this build's clusters and smoothed vectors; judged
    since on the paper's own vector and the recorded centres: one 50-paper digest at 16,700
    papers moved 8 earlier papers instead of 76)."""
    k_step: int = 2
    """Step of the search for the number of themes."""
    label_sample: int = 300
    """Papers per theme whose phrases are counted for labels: bounds time and memory."""
    label_keep: float = 0.15
    """A label names a cluster when its words are in at least this share of the cluster's
    titles; a cluster no label names is a grab-bag (see ``regroup_limit``)."""
    label_stay: float = 0.10
    """A recorded label stays, and its theme with it, while its words are in at least this
    share of its theme's titles; below it the theme (same slug) is labelled again. Lower than
    ``label_keep``, so that a theme on the edge does not come and go with the digests: with
    themes drawn from meaning too, one 39-paper digest took "PDE solvers and Monte Carlo"
    from 15% to 14.9% of its titles, and dissolving it dissolved four more themes (71% of the
    sample's papers kept their theme; 100% with this margin)."""
    regroup_limit: int = 8
    """Rounds of clustering again without the clusters no label names (grab-bags); after the
    last, any left are listed as not yet grouped."""
    redraft_limit: int = 3
    """Drafts after the first, each from the last one's record, until one gives its record back
    unchanged: what the next build (or a rebuild from a fresh clone) starts from is then what
    it would draw again. One confirming draft is the usual case (see docs/guide/themes.md)."""
    label_ngram_range: tuple[int, int] = (1, 3)
    """Label candidates: phrases of up to three words."""
    key_terms: int = 8
    """Key terms shown per theme."""
    related_themes: int = 3
    """Related themes shown per theme."""
    related_papers: int = 5
    """Related papers shown per paper."""
    same_digest_papers: int = 3
    """Similar papers from the same digest shown per paper."""
    same_digest_min_score: float = 0.2
    """Below this cosine similarity a paper of the same digest is not called similar."""
    exact_related_limit: int = 5000
    """Up to this many papers the nearest neighbours (related papers, smoothing) are exact;
    past it, each paper is compared with the papers of the ``search_probes`` coarse lists whose
    centres are nearest to it (``list_search.nearest_in_lists``)."""
    search_lists: float = 0.5
    """Coarse lists per square root of the basis papers (103 at 42,285), their centres fit on
    the basis: fixed until a refit, so a digest changes a paper's related list only where a new
    paper is nearer than one in it. Recall of the exact top 5 on the 46,356-paper synthetic
    archive (3,000 papers checked): 0.9986 with 6 probes, in 1.6 s; the search within this
    build's themes it replaces found 0.980, and one digest changed the lists of 2,258 pages."""
    search_probes: int = 6
    """Coarse lists searched per paper (0.9245 recall with 5 probes of 200 lists per list
    instead of per paper; 0.9998 with 10 of 103, in 2.3 s)."""
    related_chunk: int = 1024
    """Rows per block when finding related papers: memory stays at chunk x N floats."""

    def k_bounds(self, papers: int) -> tuple[int, int]:
        """Smallest and largest number of themes searched for an archive of this size."""
        if papers < 2 * self.min_theme_size:
            return 1, 1
        low = max(2, round(papers**0.5 / 3))
        high = max(low, min(papers // self.min_theme_size, round(1.5 * papers**0.5)))
        return low, high

    def basis_size(self, papers: int) -> int:
        """How many of the oldest papers the vector space is fit on."""
        if papers <= self.basis_start:
            return papers
        step = self.basis_start
        while round(step * self.basis_growth) <= papers:
            step = round(step * self.basis_growth)
        return step

    def fitted_basis(self, papers: int, recorded: int | None, *, refit: bool = False) -> int:
        """How many of the oldest papers the vector space is fit on: the recorded number, so
        that no existing vector moves, or the ladder's step (``basis_size``) on a refit, on a
        first build, in a small archive (``refit_by_itself_until``) and when papers left."""
        ladder = self.basis_size(papers)
        if refit or recorded is None or recorded > papers or papers <= self.refit_by_itself_until:
            return ladder
        return recorded

    def share_limit(self, papers: int, *, kept: bool = False) -> float:
        """Largest share of papers one theme may hold (``kept``: in a recorded grouping)."""
        share = self.kept_theme_share if kept else self.max_theme_share
        return max(share, 2 / max(papers, 1) ** 0.5)


DEFAULT_PARAMETERS = ThemeParameters()
