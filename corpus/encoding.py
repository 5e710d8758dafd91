"""Turn the bytes of a text file into NFC text, or say why that is impossible.

Vietnamese archives hold UTF-8 (with or without a BOM), UTF-16 exported from
Word, and older Windows-1258 files (base letters plus combining tone marks).
We try the unambiguous encodings first and only then guess, because a guess
(charset-normalizer) can decode almost any bytes as *some* code page.
"""

from __future__ import annotations

import codecs
import re

from corpus.vietnamese import nfc

# Guesses we trust from charset-normalizer. Anything else (cp437, KOI8 …) on a
# Vietnamese archive is almost always a wrong guess that yields mojibake.
_TRUSTED_GUESSES = {"ascii", "utf_8", "cp1258", "cp1252", "latin_1", "iso8859_1"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not text we can read; ``problem`` and ``action`` are for the user."""

    def __init__(self, problem: str, action: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.action = action


# C0/C1 control characters other than tab, newlines, form feed.
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str, sample: int = 8000) -> float:
    head = text[:sample]
    return len(_BAD_CONTROLS.findall(head)) / len(head) if head else 0.0


def _vietnamese_letters(text: str) -> int:
    """Count letters only Vietnamese uses: a cp1258 decode yields them, a cp1252 decode cannot."""
    return sum(1 for ch in text if "\u1ea0" <= ch <= "\u1ef9" or ch in "ăâđêôơưĂÂĐÊÔƠƯ")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: ASCII text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    encoding = None
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: the fixed fallbacks below still work
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding not in _TRUSTED_GUESSES:
        return None
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return None


def _windows_1258(data: bytes) -> str | None:
    """Windows-1258, but only when it yields Vietnamese letters (else it is likely another code page)."""
    try:
        text = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    return text if _vietnamese_letters(text) > 0 else None


def _windows_1252(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes to NFC ``str``.

    Raises ``DecodeError`` for binary content or bytes no supported encoding reads.
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}",
                    "re-save the file as UTF-8",
                ) from exc
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise DecodeError(
                "binary content (NUL bytes), not a text document",
                "check the file: it may be a different format with the wrong extension",
            )
    if text is None:
        # Vietnamese-specific first: charset-normalizer tends to call cp1258 bytes cp1252.
        text = _windows_1258(data) or _guess(data) or _windows_1252(data)
    if text is None:
        raise DecodeError(
            "text encoding not recognised (not UTF-8, UTF-16, Windows-1258 or Windows-1252)",
            "re-save the file as UTF-8",
        )
    text = text.lstrip("\ufeff")
    if _control_ratio(text) > 0.05:
        raise DecodeError(
            "binary content (control characters), not a text document",
            "check the file: it may be a different format with the wrong extension",
        )
    return nfc(text)
