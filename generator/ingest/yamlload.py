"""Strict YAML loading that keeps line numbers and refuses duplicate keys, aliases,
impossible dates and nesting too deep to read."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import InputError


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class Sequence(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    line: int = 0
    item_lines: list[int]


class _StrictLoader(yaml.SafeLoader):
    """Safe loader whose mappings and sequences carry line numbers."""

    line_offset = 0
    """Added to every line number: the YAML may start further down a file."""


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser, about ten times faster on a large themes.yml.

    libyaml words syntax errors differently, so a text it refuses is parsed again by
    ``_StrictLoader`` to report the error; the constructors (and their errors) are shared.
    """

    line_offset = 0


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1 + loader.line_offset
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {mapping.key_lines[key]})",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1 + loader.line_offset
    sequence.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return sequence


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""What YAML's escapes can write but no text holds (one regex search, not a loop per
character: themes.yml of 46,000 papers held 8 million characters)."""


def _construct_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if LONE_SURROGATE.search(text):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            "a lone surrogate escape (\\uD800-\\uDFFF) is not a character",
            node.start_mark,
        )
    return text


class WrittenInt(int):
    """A YAML integer that remembers how it was written (``0x7fff`` is not ``32767``)."""

    written: str


class WrittenFloat(float):
    """A YAML float that remembers how it was written (80 digits are not ``1.2e+79``)."""

    written: str


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    number = WrittenInt(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))
    number.written = node.value
    return number


def _construct_float(loader: _StrictLoader, node: yaml.ScalarNode) -> float:
    number = WrittenFloat(yaml.constructor.SafeConstructor.construct_yaml_float(loader, node))
    number.written = node.value
    return number


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value[:40]!r} is not a date that exists", node.start_mark
        ) from None


for _loader in (_StrictLoader, _FastStrictLoader):
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, source: str, *, first_line: int = 1) -> Any:
    """Parse YAML text; errors name the file and the line (counted from ``first_line``)."""
    try:
        return _load(text, source, first_line)
    except RecursionError:
        raise InputError(source, "invalid YAML: nested too deeply to read") from None


def _refuse_aliases(text: str, source: str, first_line: int) -> None:
    """Refuse a YAML alias (``*name``): a few bytes of aliases can expand to gigabytes, and
    digests and themes.yml never need them."""
    if "*" not in text or "&" not in text:
        return  # an alias needs an anchor
    try:
        for event in yaml.parse(text, Loader=_FastStrictLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(
                    source,
                    "invalid YAML: aliases (*name) are not accepted; write the value out",
                    line=event.start_mark.line + first_line,
                )
    except yaml.YAMLError:
        return  # a syntax error: reported by the parse that follows


MAX_FLOW_DEPTH = 200
"""Brackets open at once past which YAML is refused before parsing: the parser would recurse to
Python's limit first, for seconds (no digest or themes.yml nests more than a few levels)."""


def _refuse_deep_nesting(text: str, source: str, first_line: int) -> None:
    """Refuse flow collections (``[[[...``) nested deeper than ``MAX_FLOW_DEPTH``."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for line_number, line in enumerate(text.splitlines(), first_line):
        for character in line:
            if character in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    raise InputError(
                        source, "invalid YAML: nested too deeply to read", line=line_number
                    )
            elif character in "]}":
                depth = max(depth - 1, 0)


def _load(text: str, source: str, first_line: int) -> Any:
    _refuse_aliases(text, source, first_line)
    _refuse_deep_nesting(text, source, first_line)
    fast = _FastStrictLoader(text)
    fast.line_offset = first_line - 1
    try:
        return fast.get_single_data()
    except yaml.YAMLError:
        pass  # parse again below, for the error as the pure-Python parser words it
    finally:
        fast.dispose()
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + first_line
        raise InputError(
            source, f"invalid YAML: character {error.character!r} is not allowed", line=line
        ) from None
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else 0
        problem = error.problem or error.context or "invalid YAML"
        if "\\t" in problem or "'\\t'" in str(error):
            problem = "a tab character; YAML indents with spaces only"
        raise InputError(source, f"invalid YAML: {problem}", line=line) from None
    except yaml.YAMLError as error:
        raise InputError(source, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def text_field(data: Mapping, key: str, source: str, where: str = "") -> str | None:
    """An optional text field (numbers kept as written); anything else is an error at its
    line."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return getattr(value, "written", str(value))
    if not isinstance(value, str):
        prefix = f"{where}: " if where else ""
        raise InputError(source, f"{prefix}field {key!r} must be text", line=line_of(data, key))
    return value


def unquoted_numbers(value: Any, numbers: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, warning) for every number in a loaded YAML tree: in a digest every field is text
    but those named in ``numbers`` (a rating), so a number elsewhere was meant as text (it is
    kept as written, see ``text_field``)."""
    found: list[tuple[int, str]] = []
    if isinstance(value, Mapping):
        items = [
            (value.key_lines.get(key, value.line), item)
            for key, item in value.items()
            if key not in numbers
        ]
    elif isinstance(value, Sequence):
        items = list(zip(value.item_lines, value))
    else:
        return found
    for line, item in items:
        if isinstance(item, (WrittenInt, WrittenFloat)):
            found.append(
                (
                    line,
                    f"{item.written[:40]!r} is an unquoted number in YAML; kept as written, "
                    "quote it to silence this warning",
                )
            )
        else:
            found += unquoted_numbers(item, numbers)
    return found


def line_of(value: Any, key: str | None = None, default: int = 0) -> int:
    """Line of a loaded mapping (or of one of its keys), else ``default``."""
    if isinstance(value, Mapping):
        if key is not None and key in value.key_lines:
            return value.key_lines[key]
        return value.line
    if isinstance(value, Sequence):
        return value.line
    return default
