"""Bytes to clean text: encodings guessed without a traceback, invisible characters removed.

Every reader (and the actor-file loaders) decodes through `decode_bytes`, and every document
and actor name passes through `clean_text`, so a zero-width space or a stray control
character in a page reads the same as the plain text a person sees.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import IngestError

_SAMPLE = 65536


def _cp1252_table() -> list[str]:
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # five bytes cp1252 leaves undefined: read them as Latin-1
            table.append(chr(byte))
    return table


_CP1252 = _cp1252_table()


def _utf8_else_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252, so mixed files lose nothing."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    if exc.reason == "unexpected end of data":  # a character cut off by truncation
        return "", exc.end
    return "".join(_CP1252[b] for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("communique-cp1252", _utf8_else_cp1252)


def _bomless_utf16(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is mostly zero (ASCII in UTF-16)."""
    half = len(sample) // 2
    if half < 8:  # too few characters to tell UTF-16 from a binary with a NUL or two
        return None
    even, odd = sample[0:2 * half:2].count(0), sample[1:2 * half:2].count(0)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _binary(source: str) -> IngestError:
    return IngestError(source, "binary content, not a text, HTML, feed or JSONL file",
                       code="C103")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode an input's bytes (UTF-8, UTF-16/32, Windows-1252/Latin-1, or a mix), refusing
    binaries; a character cut off at the end of a truncated file is dropped."""
    if not data.strip():
        raise IngestError(source, "file is empty", code="C102")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding: str | None = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _bomless_utf16(data[:_SAMPLE])
    if encoding:
        width = 4 if encoding == "utf-32" else 2
        try:
            text = data[:len(data) - len(data) % width].decode(encoding)
        except UnicodeDecodeError:
            raise IngestError(source, f"invalid {encoding.upper()} text", code="C103") from None
    elif b"\x00" in data[:_SAMPLE]:
        raise _binary(source)
    else:
        text = data.decode("utf-8-sig", errors="communique-cp1252")
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    # Random bytes are about 10% control characters; text with a few stray ones is still text.
    if controls > len(sample) * 0.05 or sample.count("\ufffd") > len(sample) * 0.01:
        raise _binary(source)
    if not text.strip():
        raise IngestError(source, "file is empty", code="C102")
    return text


# Invisible formatting: soft hyphen, joiners, direction marks and overrides, word joiner, BOM.
_INVISIBLE = "\u00ad\u034f\u180e\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
# Characters str.splitlines() also breaks on: they become real line breaks.
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TABLE: dict[int, str | None] = {i: None for i in [*range(0x00, 0x09), *range(0x0e, 0x20),
                                                   *range(0x7f, 0xa0)]}
_TABLE.update({ord(ch): None for ch in _INVISIBLE})
_TABLE.update({ord(ch): "\n" for ch in _BREAKS})
# A zero-width space where a letter meets a capital ("North\u200bKorea") separates two words;
# anywhere else ("Ko\u200brea", "North \u200bKorea") it is dropped.
_ZWSP_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])\u200b+(?=[A-Z])")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Terminal colour and cursor codes in scraped text: the whole sequence goes, not just ESC.
_ANSI = re.compile(r"\x1b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]")


def clean_text(text: str) -> str:
    """Remove control and invisible formatting characters, replace lone surrogates, apply NFC.

    Line and paragraph separators become newlines; tabs, newlines and carriage returns stay.
    """
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\u200b" in text:
        text = _ZWSP_BETWEEN_WORDS.sub(" ", text).replace("\u200b", "")
    text = _SURROGATE.sub("\ufffd", text.translate(_TABLE))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def clean_line(text: str) -> str:
    """`clean_text` for a one-line value (an id, a title, a name): whitespace runs become one
    space."""
    return " ".join(clean_text(text).split())
