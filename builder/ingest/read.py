"""Stage 1 — read: raw bytes to text, with the encoding that was used recorded.

Order of attempts, first match wins:

1. a byte-order mark (UTF-8, UTF-16 LE/BE) decides;
2. strict UTF-8;
3. ``charset-normalizer`` (a maintained detector), restricted to the encodings
   Chinese pages come in (GB18030 covers GBK and GB2312; Big5), then a strict
   re-decode with the detected codec.

HTML pages (:func:`decode_html`) first try what they declare: ``<meta charset>``,
then the HTTP ``Content-Type`` charset a WARC record carries.

A file that is empty, binary (NUL bytes or many control characters) or
undecodable is *excluded* with a reason code; it never crashes the build and is
never dropped silently.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

# Candidate codecs handed to the detector: the encodings Chinese news pages use.
CHINESE_CODECS = ("gb18030", "big5", "utf_16", "utf_8")

# Reason codes for excluded files (documented in docs/architecture.md).
EMPTY = "empty_file"
BINARY = "binary_file"
UNDECODABLE = "undecodable"


@dataclass(frozen=True)
class RawText:
    """A decoded raw file."""

    path: Path
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True)
class Excluded:
    """A raw file that was left out, with its reason code and a human message."""

    path: Path
    reason: str
    detail: str
    sha256: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16, which is handled by its BOM) or >5% C0 controls."""
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls > 0.05 * len(sample)


def decode_bytes(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """Return ``(text, encoding)`` or ``(None, reason_code)``."""
    if not data.strip():
        return None, EMPTY
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None, UNDECODABLE
    if _looks_binary(data):
        return None, BINARY
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_CODECS)).best()
    if best is None:
        return None, UNDECODABLE
    codec = codecs.lookup(best.encoding).name
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None, UNDECODABLE


# Declared charsets that only mean "nobody said" (the HTTP default): detection decides instead.
_WEAK_CHARSETS = frozenset({"latin_1", "iso8859-1", "cp1252", "ascii"})
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def charset_codec(name: str | None) -> str | None:
    """A declared charset → the codec to decode with (GB2312/GBK → GB18030, their superset); None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gb2312", "gbk") else codec


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str] | tuple[None, str]:
    """Decode an HTML page: BOM, then ``<meta charset>``/``http-equiv``, then the HTTP header's
    charset, then detection (:func:`decode_bytes`). A declaration that does not decode strictly
    is passed over, not trusted."""
    if not data.strip():
        return None, EMPTY
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_bytes(data)
    m = _DECLARED.search(data[:4096])
    for declared in (m.group(1).decode("ascii") if m else None, http_charset):
        codec = charset_codec(declared)
        if codec is None or codec in _WEAK_CHARSETS:
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return decode_bytes(data)


def read_raw(path: Path) -> RawText | Excluded:
    """Read one raw file; never raises for bad content, only for I/O errors."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    text, how = decode_bytes(data)
    if text is None:
        details = {
            EMPTY: "file is empty or whitespace only",
            BINARY: "file holds NUL bytes or control characters: not a text page",
            UNDECODABLE: "no strict decoding as UTF-8/16, GB18030 or Big5",
        }
        return Excluded(path, how, details[how], digest)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawText(path, text, how, digest)


def iter_raw_files(raw_dir: Path) -> list[Path]:
    """Every regular file under ``raw_dir`` (recursive, hidden files skipped), sorted."""
    if not raw_dir.is_dir():
        from builder.errors import InputError

        raise InputError(f"{raw_dir}: raw folder not found; pass --raw DIR pointing at the article files")
    return sorted(
        p for p in raw_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    )
