"""The MkDocs hooks that set the generator's raw-HTML lists aside while Markdown runs."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import yaml

from generator.pages.markup import html_list, page_link
from generator.site.mkdocs_hooks import compact_html, on_page_markdown, on_post_page, put_back

ROOT = Path(__file__).resolve().parents[2]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml gives it."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml.load(file, Loader=_IgnoreTags)
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml with its ``!ENV`` tags read as plain values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_lists_set_aside_come_back_as_markdown_would_have_written_them() -> None:
    titles = ["Attention *is* all you need", "A <b>bold</b> claim & more", "[Not] a `link`"]
    rows = [page_link(f"../papers/p{i}.md", title) for i, title in enumerate(titles)]
    page_text = "\n".join(
        [
            "# Theme",
            "",
            "Some *text* before.",
            "",
            "## Papers",
            "",
            *html_list(rows, ordered=True, css="rd-papers", row_data=[{"date": "2024-01-0"}] * 3),
            *html_list(rows[:1]),
            "Text after, with a [link](other.md).",
            "",
        ]
    )
    page = SimpleNamespace(file=SimpleNamespace(src_uri="themes/x.md"))
    shortened = on_page_markdown(page_text, page, None, None)  # type: ignore[arg-type]
    assert "<li" not in shortened and len(page.rd_raw_lists) == 2
    expected = site_markdown().convert(page_text)
    assert put_back(site_markdown().convert(shortened), page.rd_raw_lists) == expected
    assert "<em>is</em>" not in expected  # raw HTML: no Markdown inside the lists either way


def test_a_page_without_lists_is_left_as_it_is() -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guide/index.md"))
    text = "# Guide\n\n- a Markdown list\n- stays\n\n<ul><li>hand-written</li></ul>\n"
    assert on_page_markdown(text, page, None, None) == text  # type: ignore[arg-type]
    assert put_back("<p>html</p>", page.rd_raw_lists) == "<p>html</p>"
    written_by_hand = "<!--rd-list-0--><!--rd-list-7-->"
    assert put_back(written_by_hand, ["<ul></ul>"]) == "<ul></ul><!--rd-list-7-->"


MATERIAL_PAGE = """<html>
  <head>
    <meta charset="utf-8">
    <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">
  </head>
  <body>
    <div data-md-component="announce">

    </div>
    <h1 id="a-paper">A paper<a class="headerlink" href="#a-paper" title="Link">&para;</a></h1>
    <p>A <a class="headerlink" href="#x">link</a> written by hand.</p>
    <h2 id="related">Related<a class="headerlink" href="#related" title="Link">&para;</a></h2>
    <div class="md-dialog" data-md-component="dialog">
      <div class="md-dialog__inner md-typeset"></div>
    </div>
  </body>
</html>"""


def test_a_light_frame_page_loses_what_it_does_without() -> None:
    light = SimpleNamespace(meta={"frame": "light"})
    assert on_post_page(MATERIAL_PAGE, light, None) == (  # type: ignore[arg-type]
        '<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n'
        '<h1 id="a-paper">A paper</h1>\n'
        '<p>A <a class="headerlink" href="#x">link</a> written by hand.</p>\n'
        '<h2 id="related">Related</h2>\n</body>\n</html>'
    )
    other = SimpleNamespace(meta={"title": "Guide"})
    kept = on_post_page(MATERIAL_PAGE, other, None)  # type: ignore[arg-type]
    assert kept == compact_html(MATERIAL_PAGE)


def test_an_incremental_build_renders_the_changed_pages_and_sets_the_others_aside(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    import json
    import logging

    from mkdocs.structure.files import File, Files, InclusionLevel

    from generator.site.mkdocs_hooks import CHANGED_FILES, on_files
    from generator.site.sitemap_hooks import on_env

    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "papers").mkdir(parents=True)
    names = ["index.md", "papers/old.md", "papers/changed.md", "papers/never-built.md", "x.bib"]
    for name in names:
        (docs / name).write_text("text")
    files = Files([File(name, str(docs), str(site), True) for name in names])
    for file in files:
        in_nav = file.src_uri == "index.md" or not file.is_documentation_page()
        file.inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        if file.src_uri != "papers/never-built.md":
            Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            Path(file.abs_dest_path).write_text("built")  # newer than its source: unmodified
    listed = tmp_path / "changed.json"
    listed.write_text(json.dumps(["papers/changed.md", "x.bib"]))
    monkeypatch.setenv(CHANGED_FILES, str(listed))
    theme = SimpleNamespace(static_templates={"sitemap.xml"})
    config = SimpleNamespace(docs_dir=str(docs), site_url="https://example.org/site", theme=theme)
    on_files(files, config)  # type: ignore[arg-type]
    modified = {file.src_uri: file.is_modified() for file in files}
    assert modified == {
        "index.md": False,
        "papers/old.md": False,
        "papers/changed.md": True,  # its time says unmodified; the list says changed
        "papers/never-built.md": True,
        "x.bib": True,
    }
    # Unchanged pages outside the navigation are set aside: MkDocs makes no page of them.
    assert [file.src_uri for file in files.documentation_pages()] == [
        "index.md",
        "papers/changed.md",
        "papers/never-built.md",
    ]
    env = SimpleNamespace(globals={})
    on_env(env, config, files)  # type: ignore[arg-type]
    # The sitemap still lists them all, in MkDocs' order, at the address MkDocs gives them.
    addresses = re.findall(r"<loc>([^<]*)</loc>", env.globals["sitemap_urls"])
    site_url = "https://example.org/site/"
    assert addresses == [
        site_url,
        *(f"{site_url}papers/{n}/" for n in ("old", "changed", "never-built")),
    ]
    # MkDocs' notes that a page or the navigation links to one of them are dropped, no others.
    note = "A reference to '{}' is included in the 'nav' configuration, but this file is excluded"
    caplog.set_level(logging.INFO)
    for name in ("papers/old.md", "papers/changed.md"):
        logging.getLogger("mkdocs.structure.nav").info(note.format(name))
        logging.getLogger("mkdocs.structure.pages").info(
            f"Doc file 'index.md' contains a link to '{name}' which is excluded from the built "
            "site."
        )
    assert [r.getMessage().count("papers/changed.md") for r in caplog.records] == [1, 1]
