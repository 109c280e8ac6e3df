"""Command line: a thin shell over the library functions."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import load_settings
from .errors import InputError
from .ingest.parse import parse_digest
from .model import Digest, Reading
from .outcome import BuildFailed, BuildResult
from .output.lock import build_lock
from .pipeline import build, refuse_outside_a_project


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    # bibtexparser logs each broken entry; the user gets one precise error line from us instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    try:
        return int(args.run(args))
    except BuildFailed as failure:
        for error in failure.errors:
            print(f"error: {error}", file=sys.stderr)
        return 1
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; run the build again to finish it", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reading-digest",
        description="Turn digests of research papers into a searchable MkDocs site.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser(
        "build", help="generate the Markdown pages under docs/ from the digests"
    )
    _add_build_options(build_cmd)
    build_cmd.add_argument(
        "--regroup",
        action="store_true",
        help="draw the themes afresh rather than from the ones themes.yml records (theme "
        "addresses pass to the new themes that hold most of their papers; the others retire)",
    )
    build_cmd.set_defaults(run=_run_build)

    site_cmd = commands.add_parser(
        "site",
        help="generate the pages, then build the site with MkDocs and Pagefind: skipped when "
        "no source changed since the last site build, only the changed pages when only "
        "generated pages changed (--force: everything)",
    )
    _add_build_options(site_cmd)
    site_cmd.set_defaults(run=_run_site)

    parse_cmd = commands.add_parser(
        "parse", help="print what digest files hold, as JSON, without building anything"
    )
    parse_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE", help="digest files")
    parse_cmd.set_defaults(run=_run_parse)

    diff_cmd = commands.add_parser(
        "diff",
        help="summarise how the digests and themes changed since a git revision",
    )
    diff_cmd.add_argument("base", metavar="BASE", help="git revision to compare with, e.g. main")
    diff_cmd.add_argument(
        "--root", type=Path, default=Path("."), help="project folder (default: the current one)"
    )
    diff_cmd.add_argument(
        "--format",
        choices=("markdown", "text"),
        default="markdown",
        help="markdown (for a pull request comment, the default) or plain text for a terminal",
    )
    diff_cmd.set_defaults(run=_run_diff)

    perf_cmd = commands.add_parser(
        "bench",
        help="build synthetic archives of 1,000 to 50,000 papers and measure every stage",
    )
    perf_cmd.add_argument(
        "--quick", action="store_true", help="only the smaller sizes (1,000 and 5,000 papers)"
    )
    perf_cmd.add_argument(
        "--sizes", type=int, nargs="+", metavar="N", help="archive sizes to build instead"
    )
    perf_cmd.add_argument(
        "--output",
        type=Path,
        default=Path("bench-results"),
        help="folder for bench.json (default: bench-results)",
    )
    perf_cmd.add_argument(
        "--against",
        metavar="REV",
        default=None,
        help="also build each archive with the generator of this git revision, side by side "
        "(default: the last commit with the helper process; '' for none)",
    )
    perf_cmd.set_defaults(run=_run_bench)

    bench_cmd = commands.add_parser(
        "bench-themes",
        help="score the theme grouping against labelled papers (JSON lines: title, abstract, "
        "label), next to a TF-IDF + k-means baseline",
    )
    bench_cmd.add_argument("path", type=Path, metavar="PATH.jsonl", help="labelled papers")
    bench_cmd.add_argument("--k", type=int, default=None, help="fix the number of themes")
    bench_cmd.add_argument("--seeds", type=int, default=3, help="seeds to average (default 3)")
    bench_cmd.add_argument(
        "--semantic",
        action="store_true",
        help="draw themes from meaning too, as with semantic = true (after make semantic)",
    )
    bench_cmd.set_defaults(run=_run_bench_themes)
    return parser


def _add_build_options(command: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``site``."""
    command.add_argument(
        "--root", type=Path, default=Path("."), help="project folder (default: the current one)"
    )
    command.add_argument(
        "--strict", action="store_true", help="exit with status 1 when there are warnings"
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="overwrite generated pages that were edited by hand (they are listed otherwise); "
        "for site, also build the whole site again",
    )
    command.add_argument(
        "--refit",
        action="store_true",
        help="fit the vector space on the archive as it is now, not on the oldest papers "
        "themes.yml records (past 1,000 papers the build says when a refit is due; most "
        "pages change)",
    )
    command.add_argument("--quiet", action="store_true", help="print errors only")
    command.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="also write the build's figures (stage times, peak memory, pages) to PATH as JSON",
    )


def _run_diff(args: argparse.Namespace) -> int:
    from .diff import digest_diff

    markdown = args.format == "markdown"
    print(digest_diff(args.root, args.base, load_settings(args.root), markdown=markdown))
    return 0


def _run_bench(args: argparse.Namespace) -> int:
    from .devtools import benchmark

    sizes = tuple(args.sizes or (benchmark.QUICK_SIZES if args.quick else benchmark.SIZES))
    against = benchmark.HELPER_REVISION if args.against is None else args.against
    return benchmark.main(Path("."), sizes, args.output, against)


def _run_bench_themes(args: argparse.Namespace) -> int:
    from .devtools.bench_themes import bench, load_labelled, report
    from .themes.semantic import verified_model

    papers, labels = load_labelled(args.path)
    model = None
    if args.semantic:  # the model the project names, or the one make semantic installs
        model = verified_model(load_settings(Path(".")).semantic_model or None, "--semantic")
    print(report(bench(args.path, args.seeds, args.k, model), len(papers), len(set(labels))))
    return 0


def _run_build(args: argparse.Namespace) -> int:
    settings = load_settings(args.root)
    refuse_outside_a_project(args.root)  # before the lock: no lock file in a stranger's folder
    with build_lock(args.root):
        result = build(
            args.root, settings, force=args.force, regroup=args.regroup, refit=args.refit
        )
    if args.json:
        args.json.write_text(json.dumps(result.figures(), indent=1), "utf-8")
    return _report_build(result, args)


def _report_build(result: BuildResult, args: argparse.Namespace) -> int:
    """Print a build's warnings and summary; the exit status ``--strict`` asks for."""
    if not args.quiet:
        for notice in result.notices[:20]:
            print(f"warning: {notice}", file=sys.stderr)
        if len(result.notices) > 20:
            print(f"warning: … and {len(result.notices) - 20} more", file=sys.stderr)
        print(result.summary())
    if args.strict and result.notices:
        print(f"error: {len(result.notices)} warnings and --strict is set", file=sys.stderr)
        return 1
    return 0


def _run_site(args: argparse.Namespace) -> int:
    from .site.builder import build_site
    from .site.size_guard import size_warning

    settings = load_settings(args.root)
    refuse_outside_a_project(args.root)  # before the lock: no lock file in a stranger's folder
    with build_lock(args.root):
        site = build_site(args.root, settings, force=args.force, quiet=args.quiet, refit=args.refit)
    status = _report_build(site.build, args)
    if args.json:
        figures = {**site.build.figures(), "site_up_to_date": site.up_to_date}
        figures.update(site_mode=site.mode, site_reason=site.reason)
        figures.update(site_seconds=round(site.seconds, 3), site_steps=site.steps)
        figures.update(site_bytes=site.size)
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")
    if not args.quiet:
        print(site.summary())
    warning = size_warning(site.size)
    if warning:
        print(warning, file=sys.stderr)
    return status


def _run_parse(args: argparse.Namespace) -> int:
    """Print every file's papers as JSON; exit 1 when any file was refused or unreadable."""
    names = [path.name for path in args.files]
    output: dict[str, object] = {}
    status = 0
    for path, name in zip(args.files, names):
        key = name if names.count(name) == 1 else str(path)
        try:
            output[key] = digest_as_json(parse_digest(path.read_bytes(), name))
        except InputError as error:
            output[key] = {"date": None, "papers": [], "fragments": [], "warnings": [],
                           "errors": [str(error)]}  # fmt: skip
            status = 1  # a refused file: scripts must be able to tell
        except OSError as error:
            print(f"error: {path}: cannot be read: {error.strerror or error}", file=sys.stderr)
            status = 1
    json.dump(output, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return status


def digest_as_json(digest: Digest) -> dict[str, object]:
    """A digest as the JSON that ``parse`` prints (shaped like shared/truth/seeds.json)."""
    papers = []
    for paper in digest.papers:
        record: dict[str, object] = {"title": paper.title, "abstract": paper.abstract}
        record["line"] = paper.line
        for field in dataclasses.fields(paper):
            value = getattr(paper, field.name)
            if isinstance(value, Reading):
                reading = {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
                if reading.get("discussed"):
                    reading["discussed"] = reading["discussed"].isoformat()
                if reading:
                    record[field.name] = reading
            elif field.name not in record and value not in (None, "", ()):
                record[field.name] = list(value) if isinstance(value, tuple) else value
        papers.append(record)
    return {
        "read_as": digest.read_as,
        "date": digest.when,
        "papers": papers,
        "fragments": [
            {"line": f.line, "text": f.text, "reason": f.reason} for f in digest.fragments
        ],
        "warnings": [str(n) for n in digest.notices],
    }
