"""The GitHub workflows: valid (a current actionlint, with shellcheck), safe (zizmor, pedantic),
least privilege, no fork code with write access, and previews that build only data of a pull
request with the default branch's code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, require

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PREVIEWS = ROOT / ".github" / "scripts" / "previews.sh"
TOOLS = Path(sys.executable).parent
"""The virtual environment's bin folder: actionlint, shellcheck and zizmor come from PyPI
wheels in requirements-dev.lock."""


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    require((TOOLS / "actionlint").exists(), "actionlint is not installed (requirements-dev.lock)")
    env = {**os.environ, "PATH": f"{TOOLS}:{os.environ.get('PATH', '')}"}  # with shellcheck
    return subprocess.run(
        [str(TOOLS / "actionlint"), "-no-color", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_workflows_exist() -> None:
    assert {w.name for w in WORKFLOWS} == {
        "deploy.yml",
        "preview.yml",
        "prune-previews.yml",
        "pull-request.yml",
    }


def test_actionlint_finds_nothing() -> None:
    require((TOOLS / "shellcheck").exists(), "shellcheck is not installed (requirements-dev.lock)")
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0 and not done.stdout, done.stdout + done.stderr


def test_actionlint_knows_the_inputs_of_current_actions(tmp_path: Path) -> None:
    """The 2022 linter this replaced knew no input newer than v3 and missed both of these."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    permissions: {}\n    steps:\n"
        "      - uses: actions/checkout@v5\n        with:\n          persist-credential: false\n"
        "      - uses: actions/upload-artifact@v4\n        with:\n          nmae: site\n"
        "          path: site\n"
    )
    done = actionlint(broken)
    assert done.returncode == 1
    assert (
        'input "persist-credential" is not defined in action "actions/checkout@v5"' in done.stdout
    )
    assert 'input "nmae" is not defined in action "actions/upload-artifact@v4"' in done.stdout


def test_zizmor_pedantic_finds_nothing_above_low() -> None:
    zizmor = TOOLS / "zizmor"
    require(zizmor.exists(), "zizmor is not installed (it is in requirements-dev.lock)")
    files = [*WORKFLOWS, ROOT / ".github" / "dependabot.yml"]
    options = ["--offline", "--persona", "pedantic", "--min-severity", "medium"]
    done = subprocess.run(
        [str(zizmor), *options, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_least_privilege_pinned_actions_and_time_limits() -> None:
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text("utf-8"))
        assert "pull_request_target" not in triggers(data), workflow.name
        assert data["permissions"] == {}, workflow.name
        for name, job in data["jobs"].items():
            assert "permissions" in job, f"{workflow.name}: job {name} states its permissions"
            assert job["timeout-minutes"] <= 30, f"{workflow.name}: job {name} has a time limit"
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
        for line in workflow.read_text("utf-8").splitlines():
            if "uses:" in line:  # by commit, with the version it is, for people and Dependabot
                assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_no_expression_is_pasted_into_a_shell_script() -> None:
    """Values reach `run:` steps through environment variables only: no text of a pull request
    (a branch name, a title) can become shell code."""
    for workflow in WORKFLOWS:
        for step in steps(yaml.safe_load(workflow.read_text("utf-8"))):
            assert "${{" not in step.get("run", ""), f"{workflow.name}: {step.get('name')}"


def test_the_preview_runs_no_code_of_the_pull_request() -> None:
    preview = load("preview.yml")
    assert triggers(preview) == {
        "workflow_run": {"workflows": ["Pull request"], "types": ["completed"]}
    }
    (job,) = preview["jobs"].values()
    assert "conclusion == 'success'" in job["if"] and "event == 'pull_request'" in job["if"]
    uses = [step.get("uses", "") for step in job["steps"]]
    assert not any("download-artifact" in u for u in uses), "artifacts of fork runs are not used"
    checkout = job["steps"][uses.index(next(u for u in uses if "checkout" in u))]
    assert set(checkout.get("with", {})) == {"persist-credentials"}, "the default branch's code"
    runs = [step.get("run", "") for step in job["steps"]]
    take = next(i for i, run in enumerate(runs) if "take-digests" in run)
    build = next(i for i, run in enumerate(runs) if run == "make site")
    assert take < build and job["steps"][build]["env"]["READING_DIGEST_NOINDEX"] == "1"
    assert "find-pull-request" in runs[take - 1], "the number comes from the API"
    publish = next(step for step in job["steps"] if "publish" in step.get("run", ""))
    assert publish["env"]["PREVIEW_DEPLOY_KEY"] == "${{ secrets.PREVIEW_DEPLOY_KEY }}"
    assert "vars.PREVIEW_REPOSITORY" in publish["env"]["PREVIEW_REMOTE"]
    script = PREVIEWS.read_text("utf-8")
    taken = re.findall(r'cp [^\n]*"\$unpacked/([^"]+)"', script)
    assert taken == ["digests", "themes.yml"], "only data is taken from the pull request"
    # The pull request is the open one whose head is the commit that passed, by the API.
    assert '.headRefOid == \\"$sha\\"' in script


def test_dependabot_keeps_every_pin_current_after_a_cooldown() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    assert all(u["cooldown"]["default-days"] >= 7 for u in updates.values())


def test_the_previews_script_is_shellcheck_clean() -> None:
    require((TOOLS / "shellcheck").exists(), "shellcheck is not installed (requirements-dev.lock)")
    done = subprocess.run(
        [str(TOOLS / "shellcheck"), str(PREVIEWS), str(ROOT / ".ci" / "run")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def previews_repository(tmp_path: Path) -> Path:
    """A previews repository (bare, as on GitHub) with a first commit on main."""
    remote = tmp_path / "previews.git"
    git("init", "-q", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    seed = tmp_path / "seed"
    git("clone", "-q", str(remote), str(seed), cwd=tmp_path)
    (seed / "README.md").write_text("Previews\n")
    git("add", "README.md", cwd=seed)
    git("commit", "-q", "-m", "first", cwd=seed)
    git("push", "-q", "origin", "HEAD:main", cwd=seed)
    return remote


def previews(*args: str, remote: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(cwd), "PREVIEW_REMOTE": str(remote),
           "PREVIEW_BASE_URL": "https://example.org/previews/"}  # fmt: skip
    return subprocess.run(
        ["bash", str(PREVIEWS), *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def site_of(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(text)
    return folder


def test_previews_are_published_replaced_and_pruned(
    tmp_path: Path, previews_repository: Path
) -> None:
    sha = "a" * 40
    first = site_of(tmp_path / "first", "first build")
    done = previews("publish", "7", str(first), sha, remote=previews_repository, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "url=https://example.org/previews/pr-7/\n"
    second = site_of(tmp_path / "second", "second build")
    for number, site in (("7", second), ("8", first)):
        done = previews("publish", number, str(site), sha, remote=previews_repository, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    files = git("ls-tree", "-r", "--name-only", "main", cwd=previews_repository).split()
    assert files == [".nojekyll", "README.md", "pr-7/index.html", "pr-8/index.html"]
    assert git("show", "main:pr-7/index.html", cwd=previews_repository) == "second build"
    done = previews("prune", "8", "12", remote=previews_repository, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = git("ls-tree", "-r", "--name-only", "main", cwd=previews_repository).split()
    assert files == [".nojekyll", "README.md", "pr-8/index.html"]


@pytest.mark.parametrize("number", ["0", "7; rm -rf /", "../main", "", "12345678901"])
def test_previews_refuse_anything_but_a_pull_request_number(
    tmp_path: Path, previews_repository: Path, number: str
) -> None:
    site = site_of(tmp_path / "site", "built")
    done = previews(
        "publish", number, str(site), "b" * 40, remote=previews_repository, cwd=tmp_path
    )
    assert done.returncode == 1 and "not a pull request number" in done.stderr
    assert previews("prune", number, remote=previews_repository, cwd=tmp_path).returncode == 1
