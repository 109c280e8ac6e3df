"""Labels: the phrases of a theme's titles, and the one that names it."""

from __future__ import annotations

from generator.themes.labels import pick_label, title_phrases, title_words

MIXTURE_OF_EXPERTS = [
    "A Closer Look into Mixture-of-Experts in Large Language Models",
    "M6-T: Exploring Sparse Expert Models and Beyond",
    "DA-MoE: Towards Dynamic Expert Allocation for Mixture-of-Experts Models",
    "SMILE: Scaling Mixture-of-Experts with Efficient Bi-level Routing",
    "Turbo Sparse: Achieving LLM SOTA Performance with Minimal Activated Parameters",
    "HetuMoE: An Efficient Trillion-scale Mixture-of-Expert Distributed Training System",
    "Revisiting SMoE Language Models by Evaluating Inefficiencies with Task Specific Expert"
    " Pruning",
    "A Survey on Inference Optimization Techniques for Mixture of Experts Models",
    "Hecate: Unlocking Efficient Sparse Model Training via Fully Sharded Sparse Data Parallelism",
    "Enhancing Fast Feed Forward Networks with Load Balancing and a Master Leaf Node",
    "Symbolic Mixture-of-Experts: Adaptive Skill-based Routing for Heterogeneous Reasoning",
    "Checkmating One, by Using Many: Combining Mixture of Experts with MCTS to Improve in Chess",
    "Learning Factored Representations in a Deep Mixture of Experts",
    "Mixture of experts models for multilevel data: modelling framework and approximation theory",
    "A General Theory for Softmax Gating Multinomial Logistic Mixture of Experts",
    "A Review of Sparse Expert Models in Deep Learning",
    "Eliciting and Understanding Cross-Task Skills with Task-Level Mixture-of-Experts",
    "Extending Mixture of Experts Model to Investigate Heterogeneity of Trajectories",
    "MLP-KAN: Unifying Deep Representation and Function Learning",
    "MoDE: CLIP Data Experts via Clustering",
    "A Survey on Model MoErging: Recycling and Routing Among Specialized Experts for"
    " Collaborative Learning",
    "Uni-Perceiver-MoE: Learning Sparse Generalist Models with Conditional MoEs",
]
"""The titles of the sample's theme of these papers, as the listings write them: six write
"Mixture-of-Experts", six "Mixture of Experts"."""

TIME_SERIES = [
    "MOMENT: A Family of Open Time-series Foundation Models",
    "Multivariate Time Series Forecasting with Transformers",
    "Diffusion Models for Time Series Imputation",
    "A Survey of Deep Learning for Time Series Forecasting",
]


def test_a_label_counts_a_phrase_however_its_titles_hyphenate_it() -> None:
    """Counted apart, each form was in 6 of the 22 titles and "experts" (12) named the theme."""
    phrases = title_phrases(
        [[title_words(t) for t in MIXTURE_OF_EXPERTS], [title_words(t) for t in TIME_SERIES]]
    )
    assert pick_label(0, phrases, [], set()).replace("-", " ") == "mixture of experts"
    assert pick_label(1, phrases, [], set()) == "time series"


def test_a_hyphenated_label_still_extends_to_the_longer_phrase_its_titles_write() -> None:
    titles = [
        "Bayesian low-rank adaptation of large language models",
        "Bayesian low-rank adaptation with sparse adapters",
        "Bayesian low-rank adaptation for vision transformers",
        "A survey of Bayesian low-rank adaptation",
        "Bayesian low-rank adaptation meets pruning",
        "Low-rank adaptation without forgetting",
    ]
    phrases = title_phrases(
        [[title_words(t) for t in titles], [title_words(t) for t in TIME_SERIES]]
    )
    assert pick_label(0, phrases, [], set()) == "bayesian low-rank adaptation"
