"""Turn the bytes of an input file into text, or refuse them with a precise reason."""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import InputError

BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of control characters (other than tab, newline, carriage return, form feed) above
# which a file is taken for binary data rather than text with a few stray bytes.
BINARY_CONTROL_SHARE = 0.05
SNIFF_BYTES = 8192


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Return the text of ``data`` and a warning when a fallback encoding was used."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(source, f"this is {kind}, not a text digest; remove it from digests/")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError as error:
                raise InputError(
                    source,
                    f"invalid {encoding.upper()} despite its byte-order mark; "
                    "save the file as UTF-8",
                    offset=len(bom) + error.start,
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        encoding, text = utf16
        return text, f"{encoding.upper()} without a byte-order mark; save it as UTF-8"
    if _looks_binary(data[:SNIFF_BYTES]):
        raise InputError(
            source, "binary data, not a text digest; remove it from digests/", offset=0
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        first_error = error.start
    lines = data.split(b"\n")
    texts, not_utf8, utf8_beyond_ascii = [], [], False
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
            utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        except UnicodeDecodeError:
            fallback = _as_windows_1252(line)
            if fallback is None:
                raise InputError(
                    source,
                    "not valid UTF-8 and no other encoding fits reliably; save the file as UTF-8",
                    offset=first_error,
                ) from None
            texts.append(fallback)
            not_utf8.append(number)
    text = "\n".join(texts)
    if not utf8_beyond_ascii:
        return text, (
            f"not UTF-8 (first odd byte at offset {first_error}); read as Windows-1252/Latin-1, "
            "save it as UTF-8 to silence this warning"
        )
    shown = ", ".join(map(str, not_utf8[:10])) + (" ..." if len(not_utf8) > 10 else "")
    return text, (
        f"mixes encodings: line(s) {shown} are not UTF-8 and were read as Windows-1252/Latin-1, "
        "the rest as UTF-8; save the file as UTF-8"
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The encoding and text of UTF-16 written without a byte-order mark (Windows tools do):
    text that is mostly ASCII has a zero in every other byte, which nothing else has."""
    head = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    for encoding, zeros, letters in (("utf-16-le", head[1::2], head[0::2]),
                                     ("utf-16-be", head[0::2], head[1::2])):  # fmt: skip
        if zeros.count(0) < 0.6 * len(zeros) or letters.count(0) > 0.1 * len(letters):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        if _looks_binary(text[:SNIFF_BYTES].encode("utf-8", "replace")):
            return None
        return encoding, text
    return None


def _looks_binary(head: bytes) -> bool:
    """Tell whether the first bytes are mostly control characters."""
    if not head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(head) > BINARY_CONTROL_SHARE


def _as_windows_1252(data: bytes) -> str | None:
    """Decode as Windows-1252 when every non-ASCII character is a plausible letter or sign."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for char in text:
        if ord(char) < 128:
            continue
        if unicodedata.category(char)[0] not in "LPSZN":
            return None
    return text
