"""Encodings: decoded when reliable, refused with file and byte offset otherwise."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.ingest.decode import decode
from generator.ingest.parse import parse_digest

ABSTRACT = "We describe a method for learning things, and it works well in practice. " * 4


def test_utf16_with_bom() -> None:
    text = f"Schrödinger Bridges\n{ABSTRACT}\n"
    digest = parse_digest(text.encode("utf-16"), "u16.txt")
    assert digest.papers[0].title == "Schrödinger Bridges"
    assert not digest.notices


def test_latin1_is_read_with_a_warning() -> None:
    text = f"Schrödinger Bridges für Sprache\n{ABSTRACT}\n"
    digest = parse_digest(text.encode("latin-1"), "l1.txt")
    assert digest.papers[0].title == "Schrödinger Bridges für Sprache"
    assert "Windows-1252/Latin-1" in str(digest.notices[0])
    assert "offset 4" in str(digest.notices[0])  # the ö of Schrödinger


def test_undecodable_bytes_name_the_offset() -> None:
    data = b"A title\n" + bytes([0x81, 0x8D, 0x8F, 0x90]) + b" rest"
    with pytest.raises(InputError) as error:
        decode(data, "bad.txt")
    assert str(error.value).startswith("bad.txt (byte 8):")


def test_binary_files_are_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(InputError, match="PNG image"):
        parse_digest(png, "image.txt")
    with pytest.raises(InputError, match="binary data"):
        parse_digest(bytes(range(32)) * 100, "junk.txt")


def test_a_stray_nul_is_not_binary() -> None:
    text = f"A Title With\x00 a NUL\n{ABSTRACT}\n"
    digest = parse_digest(text.encode(), "nul.txt")
    assert digest.papers[0].title == "A Title With\x00 a NUL"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(encoding: str) -> None:
    text = f"Schrödinger Bridges\n{ABSTRACT}\n"
    digest = parse_digest(text.encode(encoding), "u16.txt")
    assert digest.papers[0].title == "Schrödinger Bridges"
    assert "without a byte-order mark" in str(digest.notices[0])


def test_a_file_mixing_utf8_and_latin1_is_decoded_line_by_line() -> None:
    data = (
        "Schrödinger Bridges\n".encode()
        + f"{ABSTRACT}\n".encode()
        + "Café Networks für alle\n".encode("latin-1")
        + f"{ABSTRACT}\n".encode()
    )
    digest = parse_digest(data, "mixed.txt")
    assert [p.title for p in digest.papers] == ["Schrödinger Bridges", "Café Networks für alle"]
    assert "line(s) 3 are not UTF-8" in str(digest.notices[0])
