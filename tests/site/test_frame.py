"""The site's light page frame: icons drawn by CSS from Material's own icons, and compact
HTML that a browser shows as it showed the indented one (the built pages: test_e2e.py)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import material
import pytest

from generator.site.mkdocs_hooks import compact_html

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "docs" / "assets" / "reading-digest.css"
ICON_RULE = re.compile(
    r'\.rd-i--([\w-]+) \{ --rd-i: url\("data:image/svg\+xml,([^"]+)"\); \}'
    r" /\* material/([\w-]+) \*/"
)
MATERIAL_ICONS = Path(material.__file__).parent / "templates" / ".icons" / "material"


def icon_rules() -> dict[str, tuple[str, str]]:
    """Each CSS icon's name -> (its SVG, the Material icon it says it is)."""
    rules = ICON_RULE.findall(CSS.read_text("utf-8"))
    return {name: (unquote(svg), source) for name, svg, source in rules}


def test_every_css_icon_is_the_material_icon_it_names() -> None:
    rules = icon_rules()
    assert len(rules) >= 8
    for name, (svg, source) in rules.items():
        installed = (MATERIAL_ICONS / f"{source}.svg").read_text("utf-8").strip()
        assert svg == installed, f".rd-i--{name} is not material/{source} as installed"


def test_every_icon_the_pages_use_is_drawn() -> None:
    rules = icon_rules()
    sources = [*(ROOT / "generator" / "templates").rglob("*.html")]
    sources.append(ROOT / "docs" / "assets" / "reading-digest.js")
    used = set()
    for source in sources:
        text = source.read_text("utf-8")
        used |= set(re.findall(r"rd-i--([\w-]+)", text))
        dynamic = re.findall(r"rd-i--\{\{", text)  # the palette toggle picks dark or light
        used |= {"dark", "light"} if dynamic else set()
    assert used and used <= rules.keys(), f"no CSS for {sorted(used - rules.keys())}"
    assert not re.search(r'include "\.icons/', "".join(s.read_text("utf-8") for s in sources))


@pytest.mark.parametrize(
    ("html", "compacted"),
    [
        ("<p>\n    a\n\n    b</p>\n", "<p>\na\nb</p>\n"),
        ("<p>a  b</p>  \n  <p>c</p>", "<p>a  b</p>\n<p>c</p>"),  # spaces alone are kept
        ("<pre>\n  x\n\n  y\n</pre>\n\n", "<pre>\n  x\n\n  y\n</pre>\n"),
        ("<PRE class=k>\n  x\n</PRE>", "<PRE class=k>\n  x\n</PRE>"),
        ("<textarea>\n  t\n</textarea>", "<textarea>\n  t\n</textarea>"),
        (
            "<script>\n  // a\n  var b;\n</script>\n  <i>z</i>",
            "<script>\n  // a\n  var b;\n</script>\n<i>z</i>",
        ),
        ("<pre>a</pre>\n\n<pre>b</pre>", "<pre>a</pre>\n<pre>b</pre>"),
        ("", ""),
    ],
)
def test_compact_html_keeps_what_a_browser_shows(html: str, compacted: str) -> None:
    assert compact_html(html) == compacted
    assert compact_html(compacted) == compacted
