"""Shared fixtures: paths, a fixture project, and the --update-goldens switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.site.builder import copy_theme_files

# Builds in tests run on one fixed day (reproducible-builds' SOURCE_DATE_EPOCH, inherited by
# the builds they start): the year a listing's "Mar 12" takes must not follow the calendar.
os.environ["SOURCE_DATE_EPOCH"] = "1741996800"  # 2025-03-15

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/pages/golden/ from the current output after a deliberate change",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def make_project(target: Path, digests: Path = FIXTURES / "digests") -> Path:
    """A small real project: the repository's mkdocs.yml and guide, and the given digests."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "guide", target / "docs" / "guide")
    shutil.copytree(ROOT / "docs" / "assets", target / "docs" / "assets")
    copy_theme_files(ROOT, target)
    shutil.copytree(digests, target / "digests")
    return target


def run_python(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` in ``cwd`` with a minimal environment (plus ``env``): what the
    commands need must come from the repository, not from the caller's shell."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
            "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"],
            **env,
        },
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the fixture project."""
    return make_project(tmp_path)


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test when the shared folder is not beside the repo."""
    path = SHARED.joinpath(*parts)
    require(path.exists(), f"{path} is not present (the shared folder sits beside the repository)")
    return path


REQUIRE_ALL = os.environ.get("READING_DIGEST_REQUIRE_ALL_TESTS") == "1"
"""Set by .ci/run: a test that would skip for a missing tool fails instead."""


def require(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) a test whose tool is missing."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (CI installs it; READING_DIGEST_REQUIRE_ALL_TESTS=1)")
    pytest.skip(reason)
