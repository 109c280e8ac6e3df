"""The digest diff of a pull request, from two snapshots made here."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace

from conftest import ROOT

from generator.diff import Snapshot, render_diff
from generator.ingest.merge import merge
from generator.model import Digest, Paper
from generator.themes.registry import RecordedTheme, Registry


def snapshot(papers: list[Paper], themes: dict[str, tuple[str, ...]], files: dict) -> Snapshot:
    archive = merge([Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, tuple(papers))])
    registry = Registry(themes=tuple(RecordedTheme(s, s.title(), p) for s, p in themes.items()))
    return Snapshot(archive, registry, files)


def test_added_digests_papers_and_theme_moves_are_listed() -> None:
    alpha, beta = Paper("Alpha", "About a.", 1), Paper("Beta <b>", "About b.", 3)
    base = snapshot([alpha], {"one": ("alpha",)}, {"a.txt": "1"})
    head = snapshot([alpha, beta], {"two": ("alpha", "beta-b")}, {"a.txt": "1", "b.txt": "2"})
    text = render_diff(base, head, "0123456789abcdef")
    assert text.startswith("## Digest changes since `0123456789ab`")
    assert "`b.txt`" in text and "Beta" in text
    assert "One → Two" in text
    assert "<b>" not in text  # input text is escaped
    plain = render_diff(base, head, "0123456789abcdef", markdown=False)
    assert plain.startswith("Digest changes since 0123456789ab\n")
    assert "- b.txt" in plain and "- Beta <b>" in plain  # as written: a terminal shows text
    assert "`" not in plain and "\\" not in plain and "#" not in plain


def test_a_digest_added_or_changed_says_what_it_was_read_as() -> None:
    alpha, beta = Paper("Alpha", "About a.", 1), Paper("Beta", "", 3)
    base = snapshot([alpha], {}, {"a.txt": "1"})
    digests = [
        Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, (alpha,), read_as="an arXiv e-mail"),
        Digest("b.md", "B", None, None, None, (beta,), read_as="a Markdown list of paper links"),
    ]
    head = Snapshot(merge(digests), Registry(), {"a.txt": "2", "b.md": "3"})
    text = render_diff(base, head, "0123456789abcdef")
    assert "### Digests added (1)\n\n- `b.md`: a Markdown list of paper links, 1 paper" in text
    assert "### Digests changed (1)\n\n- `a.txt`: an arXiv e\\-mail, 1 paper" in text  # escaped
    plain = render_diff(base, head, "0123456789abcdef", markdown=False)
    assert "- a.txt: an arXiv e-mail, 1 paper" in plain


def test_the_command_line_module_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "build" in done.stdout


def test_two_papers_made_one_are_listed_as_joined_not_removed() -> None:
    alpha, other = Paper("Alpha", "About a.", 1), Paper("Alpha, Revisited", "About a.", 3)
    base = snapshot([alpha, other], {}, {"a.txt": "1"})
    joining = Digest(
        "b.txt",
        "B",
        dt.date(2024, 3, 2),
        None,
        None,
        (replace(alpha, arxiv="2401.00001"), replace(other, arxiv="2401.00001")),
    )
    archive = merge(
        [Digest("a.txt", "A", dt.date(2024, 3, 1), None, None, (alpha, other)), joining],
        addresses=base.archive.addresses,
    )
    head = Snapshot(archive, Registry(), {"a.txt": "1", "b.txt": "2"})
    text = render_diff(base, head, "0123456789abcdef", markdown=False)
    assert (
        "Papers joined to another (their pages point to it) (1)\n\n- Alpha, Revisited → Alpha"
        in text
    )
    assert "Papers removed" not in text
