"""The house rules the one-process redesign set, checked so that they stay true: small runtime
modules, no module-level state changed at run time, every module reached by a unit test."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
RUNTIME_LINE_LIMIT = 300
"""A runtime module past this many lines is asking to be split (developer tools aside)."""


def modules() -> dict[str, Path]:
    """Every module of the generator by its dotted name (packages' ``__init__`` aside)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts)] = path
    return found


def imported_by_tests() -> set[str]:
    """The generator modules that some test file imports by name."""
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_runtime_modules_stay_small() -> None:
    too_long = {
        name: lines
        for name, path in modules().items()
        if ".devtools." not in name
        and (lines := len(path.read_text("utf-8").splitlines())) > RUNTIME_LINE_LIMIT
    }
    assert not too_long, f"split these modules (over {RUNTIME_LINE_LIMIT} lines): {too_long}"


def test_no_module_rebinds_a_global() -> None:
    rebinding = [
        f"{name}:{node.lineno}"
        for name, path in modules().items()
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert not rebinding, f"module-level state changed at run time: {rebinding}"


def test_every_module_is_imported_by_a_unit_test() -> None:
    untested = sorted(
        name
        for name in modules()
        if name not in imported_by_tests() and not name.endswith("__main__")
    )
    assert not untested, f"no test imports these modules: {untested}"
