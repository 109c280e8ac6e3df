"""The record of the last build: a fingerprint of its inputs and its figures.

A build whose inputs (digest files, theme registry, settings, generator code) match the record,
and whose generated files are all intact, has nothing to do: it reports the recorded figures
and writes nothing. The record lives beside the manifest in ``docs/.build-record.json``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .write import atomic_write

RECORD = ".build-record.json"
CODE = Path(__file__).resolve().parent.parent


def inputs_hash(files: list[tuple[str, Path]], settings: object, code: str) -> str:
    """A hash of the digest files, the settings and the generator code (``code_hash``)."""
    digest = hashlib.sha256(repr(settings).encode())
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(code.encode())
    return digest.hexdigest()


def code_hash() -> str:
    """A hash of the generator's code and templates: what a build's results depend on
    besides its inputs."""
    digest = hashlib.sha256()
    for source in sorted([*CODE.glob("**/*.py"), *CODE.glob("templates/**/*.html")]):
        digest.update(source.relative_to(CODE).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def fingerprint(inputs: str, registry: Path) -> str:
    """``inputs_hash`` combined with the theme registry, which the build itself may update."""
    digest = hashlib.sha256(inputs.encode())
    digest.update(registry.read_bytes() if registry.is_file() else b"no registry")
    return digest.hexdigest()


def load_record(docs: Path) -> dict | None:
    """The last build's record, or None."""
    path = docs / RECORD
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def save_record(docs: Path, inputs: str, figures: dict, notices: list[str]) -> None:
    """Record a finished build (only when the record changes)."""
    data = json.dumps({"inputs": inputs, "figures": figures, "notices": notices}, indent=0)
    path = docs / RECORD
    if not path.is_file() or path.read_text("utf-8") != data:
        atomic_write(path, data.encode("utf-8"))
