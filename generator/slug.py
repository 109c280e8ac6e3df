"""URL-safe names for pages: lowercase ASCII, bounded, unique by a deterministic rule."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping

MAX_SLUG_LENGTH = 80
HASH_LENGTH = 6
FINGERPRINT_LENGTH = 12
"""Hex digits of a recorded key's fingerprint: 48 bits, no clash among millions of papers."""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What every slug is: lowercase ASCII letters and digits in words joined by hyphens."""


RESERVED = frozenset({"index"})
"""Names a generated page may not take: ``index`` is each folder's list page (``digests/``,
``themes/``), and ``papers/index.md`` would be served at ``papers/``, not ``papers/index/``."""


def is_slug(text: object) -> bool:
    """Whether a value (say, one read from themes.yml) is a slug the build could have made:
    nothing that could climb out of a folder or become a ``javascript:`` link."""
    return isinstance(text, str) and len(text) <= 2 * MAX_SLUG_LENGTH and bool(SLUG.fullmatch(text))


def base_slug(text: str, fallback: str = "paper") -> str:
    """Fold text to ``lowercase-ascii-words``, at most ``MAX_SLUG_LENGTH`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug or fallback


def short_hash(key: str) -> str:
    """A short, stable fingerprint of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def key_fingerprint(key: str) -> str:
    """The fingerprint of a paper's identity that themes.yml records beside its slug."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def assign_slugs(
    items: Iterable[tuple[str, str]],
    fallback: str = "paper",
    recorded: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Give each (key, text) a unique slug.

    ``recorded`` maps slugs given out before to the ``key_fingerprint`` of their key: such a
    key keeps its slug, and no other key ever gets one of them, so a published address never
    moves to another paper. The rule for the rest: a key's slug is ``base_slug(text)``. When
    several keys share a base, the first in the given order keeps it and the others get ``-``
    and a hash of their key appended. Text with no ASCII letters or digits always gets
    ``fallback-<hash>``, and a ``RESERVED`` name ``<name>-<hash>``.
    """
    recorded = recorded or {}
    owners = {fingerprint: slug for slug, fingerprint in recorded.items()}
    items = list(items)
    slugs: dict[str, str] = {}
    for key, _ in items:
        if (slug := owners.get(key_fingerprint(key))) is not None:
            slugs[key] = slug
    taken: set[str] = set(recorded)
    for key, text in items:
        if key in slugs:
            continue
        base = base_slug(text, fallback="")
        free = base and base not in taken and base not in RESERVED
        slug = base if free else f"{base or fallback}-{short_hash(key)}"
        while slug in taken:  # a hash clash as well: extend the hash
            slug = f"{slug}-{short_hash(slug)}"
        slugs[key] = slug
        taken.add(slug)
    return slugs
