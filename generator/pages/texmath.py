"""TeX in abstracts: math to MathML at build time, text escapes to characters.

Only what can be repaired safely is touched. Math that does not convert cleanly, or that
still holds command names whose backslash was lost inside a word, stays as written.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

from latex2mathml.converter import convert
from pylatexenc.latex2text import LatexNodes2Text

MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
# Super- and subscripts written outside math: "O(n^2)", "10^{-3}", "x_{t+1}".
BARE_SCRIPT = re.compile(
    r"(?<![\w\\$^_{])([A-Za-z0-9]{1,12})([\^_])(\{[^{}$\s][^{}$]{0,38}\}|-?[A-Za-z0-9]{1,3})(?![\w^_{])"
)
TEXT_ESCAPE = re.compile(r"\\([%&#$_])")
ACCENT = re.compile(r"""\\(["'`^~=.Hcuv])\s?(\{\\?[A-Za-z]\}|[A-Za-z])""")
# Backslash-less residue whose meaning is certain: "5sim10", "32times", "256times256".
NUMERIC_RESIDUE = re.compile(r"(?<=[\d%])(sim|times)(?=\d|\b)")
RESIDUE_SYMBOL = {"sim": "∼", "times": "×"}
COMMAND_WORDS = (
    "alpha beta gamma delta epsilon varepsilon theta lambda mu sigma tau phi omega pi "
    "cdot times sim le leq ge geq approx infty log lceil rceil lfloor rfloor sqrt frac sum"
).split()
LOST_BACKSLASH = re.compile(r"(?<![\\A-Za-z])(" + "|".join(COMMAND_WORDS) + r")(?![A-Za-z])")
GLUED_COMMAND = re.compile(
    r"[A-Za-z](?:" + "|".join(COMMAND_WORDS) + r")|(?:cdot|alpha|varepsilon)[A-Za-z]"
)

MATHML_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder "
    "munderover mtable mtr mtd mstyle mpadded mphantom menclose semantics annotation".split()
)
MATHML_ATTRIBUTES = frozenset(
    "xmlns display mathvariant stretchy fence form separator lspace rspace columnalign "
    "rowspacing columnspacing displaystyle scriptlevel minsize maxsize accent accentunder "
    "linethickness width height depth notation movablelimits symmetric largeop".split()
)
_TO_TEXT = LatexNodes2Text()


def latex_text(latex: str) -> str:
    """pylatexenc's ``latex_to_text``, called from a generator's frame.

    Its tolerant parser keeps the end-of-stream exception it catches in a local, and that
    exception's traceback holds the parser's frame: a reference cycle, and each frame in it
    links back to its caller's, up to the build's. One formula thus kept everything the
    build's frames held (at 44,000 papers, 2.5 million objects: the cache, the plan, the
    archive) until a full collection. A generator's frame links to no caller, so the cycle
    keeps the parser's frames only."""
    return next(_latex_text(latex))


def _latex_text(latex: str) -> Iterator[str]:
    yield _TO_TEXT.latex_to_text(latex)


PROSE_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{5,}")


def to_mathml(latex: str, display: bool = False) -> str | None:
    """MathML for a TeX formula, or None when it cannot be converted safely.

    Not converted: formulas with a command name glued to a letter ("Acdot": a lost backslash
    that cannot be placed for sure) or with plain words in them, which MathML would set as
    strings of italic variables.
    """
    latex = latex.strip()
    if not latex or GLUED_COMMAND.search(latex):
        return None
    if any(word not in COMMAND_WORDS for word in PROSE_WORD.findall(latex)):
        return None
    latex = LOST_BACKSLASH.sub(r"\\\1", latex)
    try:
        mathml = convert(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many exception types on malformed input
        return None
    return mathml if _is_safe_mathml(mathml) else None


def _is_safe_mathml(mathml: str) -> bool:
    """Only MathML elements and presentation attributes: nothing that links or runs."""
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag not in MATHML_TAGS or any(a not in MATHML_ATTRIBUTES for a in element.attrib):
            return False
    return True


def prose_to_html(text: str) -> str:
    """Escape prose for HTML, turning TeX text escapes, accents and bare scripts into
    characters and MathML."""
    if "^" not in text and "_" not in text:  # no script to convert: most abstracts
        return _prose_text(text)
    parts: list[str] = []
    last = 0
    for match in BARE_SCRIPT.finditer(text):
        mathml = to_mathml(match.group(0))
        if mathml is None:
            continue
        parts.append(_prose_text(text[last : match.start()]))
        parts.append(mathml)
        last = match.end()
    parts.append(_prose_text(text[last:]))
    return "".join(parts)


def _prose_text(text: str) -> str:
    if "\\" in text:
        text = TEXT_ESCAPE.sub(r"\1", text)
        text = ACCENT.sub(lambda m: latex_text(m.group(0)), text)
    if "sim" in text or "times" in text:
        text = NUMERIC_RESIDUE.sub(lambda m: RESIDUE_SYMBOL[m.group(1)], text)
    return html.escape(text, quote=False)


def math_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, MathML) for every delimited formula that converts safely."""
    spans = []
    if "$" not in text and "\\" not in text:
        return spans
    for match in MATH_SPAN.finditer(text):
        latex = next(group for group in match.groups() if group is not None)
        display = match.group(1) is not None or match.group(4) is not None
        mathml = to_mathml(latex, display=display)
        if mathml is not None:
            spans.append((match.start(), match.end(), mathml))
    return spans


SUPERSCRIPTS = str.maketrans("0123456789+-n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ")


# Pure memoisation (the result depends on the arguments only): the only state a build keeps
# between calls, and it never changes what is returned.
@functools.lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """TeX as plain text for tabs, navigation, search and BibTeX: ``V$^2$L`` -> ``V²L``."""

    def superscript(match: re.Match[str]) -> str:
        body = match.group(1).strip("{}")
        if all(c in "0123456789+-n" for c in body):
            return body.translate(SUPERSCRIPTS)
        return "^" + body

    def math(match: re.Match[str]) -> str:
        inner = re.sub(r"\^(\{[^}]*\}|\w)", superscript, match.group(1))
        try:
            return latex_text(inner).strip()
        except Exception:  # pylatexenc gives up on some malformed input: keep it as written
            return inner

    text = re.sub(r"\$([^$]+)\$", math, text)
    text = re.sub(r"(?<=\w)\^(\{[0-9+\-n]+\}|[0-9n])(?!\w)", superscript, text)
    text = TEXT_ESCAPE.sub(r"\1", text)
    text = ACCENT.sub(lambda m: latex_text(m.group(0)), text)
    return NUMERIC_RESIDUE.sub(lambda m: RESIDUE_SYMBOL[m.group(1)], text)
