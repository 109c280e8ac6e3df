"""How a label's phrase is written: as the abstracts write it, names kept, title case dropped."""

from __future__ import annotations

from generator.themes.surface import surface_form, with_acronyms, written_form

ABSTRACTS = [
    "We sample with Monte Carlo methods and show that a sparse model suffices.",
    "Sparse models are cheap. Monte Carlo estimates converge; LoRA adapters help.",
]


def test_a_phrase_is_written_as_most_abstracts_write_it_with_a_capital_first_letter() -> None:
    assert surface_form("monte carlo", ABSTRACTS) == "Monte Carlo"
    assert surface_form("sparse model", ABSTRACTS) == "Sparse model"


def test_the_second_thread_of_a_label_keeps_a_name_and_drops_sentence_capitals() -> None:
    assert surface_form("diffusion and monte carlo", ABSTRACTS) == "Diffusion and Monte Carlo"
    assert surface_form("pruning and sparse model", ABSTRACTS) == "Pruning and sparse model"


def test_a_phrase_only_titles_hold_loses_title_case_but_keeps_acronyms_and_names() -> None:
    assert written_form("Mixture-of-Experts Routing", []) == "mixture-of-experts routing"
    assert written_form("Low-Rank LoRA Adapters", []) == "low-rank LoRA adapters"
    assert written_form("GPT-4 Agents", []) == "GPT-4 agents"
    assert surface_form("Pruning and Sparse Training", []) == "Pruning and sparse training"


def test_a_label_keeps_the_acronyms_its_papers_write_and_mends_one_recorded_without() -> None:
    titles = ["A Neural PDE Solver with Stencils", "Learning Neural PDE Solvers", "PDEs at scale"]
    abstracts = ["We train neural PDE solvers on a grid.", "Graph networks for PDEs."]
    texts = titles + abstracts
    assert with_acronyms("Neural pde solver", texts) == "Neural PDE solver"
    assert with_acronyms("Pde", ["Many PDEs and one PDE."]) == "PDE"  # plurals count too
    assert with_acronyms("Diffusion and llm", ["LLM agents", "an LLM"]) == "Diffusion and LLM"
    # Words the papers mostly write in lower case, and names already written, stay as they are.
    assert with_acronyms("Graph networks", ["Graph Networks", "graph networks"]) == (
        "Graph networks"
    )
    assert with_acronyms("Sam", ["SAM once", "sam twice", "a sam"]) == "Sam"
    assert with_acronyms("LoRA adapters", ["lora adapters"]) == "LoRA adapters"
    assert with_acronyms("Neural solver", []) == "Neural solver"
