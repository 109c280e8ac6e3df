"""Rendered pages against golden files. After a deliberate change to rendering, run
``pytest tests/pages/test_golden.py --update-goldens`` and review the diff of
tests/pages/golden/."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import build

GOLDEN = Path(__file__).resolve().parent / "golden"
V2L = "v-2-l-leveraging-vision-and-vision-language-models-into-large-scale-product"
MOE = "scaling-laws-for-sparse-mixture-of-experts-language-models"
DPM = "dpm-solver-v3-improved-diffusion-ode-solver-with-empirical-model-statistics"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from conftest import make_project

    root = make_project(tmp_path_factory.mktemp("golden"))
    result = build(root, Settings())
    return root / "docs", result


def pages(built) -> dict[str, str]:
    _, result = built
    dpm_theme = next(
        t.slug for t in result.grouping.themes if any("dpm-solver" in k for k in t.members)
    )
    return {
        "paper.md": f"papers/{DPM}.md",
        "paper-page-paste.md": f"papers/{MOE}.md",
        "tex-paper.md": f"papers/{V2L}.md",
        "hostile-paper.md": "papers/script-alert-title-script-attention-tricks.md",
        "digest.md": "digests/week-1.md",
        "hostile-digest.md": "digests/hostile.md",
        "index.md": "index.md",
        "theme.md": f"themes/{dpm_theme}.md",
        "report.md": "report.md",
    }


def test_pages_match_goldens(built, update_goldens: bool) -> None:
    docs, _ = built
    mismatched = []
    for golden_name, path in pages(built).items():
        actual = (docs / path).read_text("utf-8")
        golden = GOLDEN / golden_name
        if update_goldens:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(actual, "utf-8")
        elif not golden.exists() or golden.read_text("utf-8") != actual:
            mismatched.append(golden_name)
    assert not mismatched, (
        f"differs from tests/pages/golden: {mismatched} (see the module docstring)"
    )
