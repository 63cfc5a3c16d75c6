"""Stage 1 — read: raw bytes to text, with the encoding that was used recorded.

Order of attempts, first match wins:

1. a byte-order mark (UTF-8, UTF-16 LE/BE) decides;
2. strict UTF-8;
3. ``charset-normalizer`` (a maintained detector), restricted to the encodings
   Chinese pages come in (GB18030 covers GBK and GB2312; Big5), then a strict
   re-decode with the detected codec;
4. line by line (:mod:`suzhou_news.builder.ingest.damage`): each line strict UTF-8, else
   strict in the codec the detector names for the failing lines (a page with
   mixed encodings, recorded as ``utf-8+gb18030``), else decoded with each
   damaged byte run replaced by one U+FFFD. NUL bytes become one U+2400 (␀) per
   run. The document marks both as ``corrupted`` spans (``invalid_bytes``,
   ``nul_bytes``), so one bad byte never loses an article.

HTML pages (:func:`decode_html`) first try what they declare: ``<meta charset>``,
then the HTTP ``Content-Type`` charset a WARC record carries; a page whose bytes are
valid UTF-8 (with non-ASCII characters) is read as UTF-8 whatever it declares (a
``gb2312`` template serving UTF-8 text).

A file that is empty, binary (more than 5% control bytes) or undecodable (more
than 1% of its bytes damaged in every codec tried) is *excluded* with a reason
code; so is a file that cannot be opened (``unreadable``) or one larger than
:data:`~suzhou_news.builder.ingest.bounded.MAX_PAGE_BYTES` (``too_large``). Reading never crashes the build and
never drops a file silently. Files are opened without following a symlink.
"""

from __future__ import annotations

import hashlib
import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.bounded import TooLarge, read_at_most
from suzhou_news.builder.ingest.damage import BINARY, EMPTY, UNDECODABLE, Damage, decode_bytes
from suzhou_news.builder.ingest.leftout import REASONS, LeftOut

__all__ = ["BINARY", "EMPTY", "UNDECODABLE", "Damage", "LeftOut", "RawText", "decode_bytes", "iter_raw_files",
           "raw_bytes", "read_raw"]


@dataclass(frozen=True)
class RawText:
    """A decoded raw file; ``damage`` lists the byte runs that were not text."""

    path: Path
    text: str
    encoding: str
    sha256: str
    damage: tuple[Damage, ...] = ()


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, opened without following a symlink and only if it is a regular file, read in
    chunks and never more than the page limit (:class:`~suzhou_news.builder.ingest.bounded.TooLarge`)."""
    limit = bounded.MAX_PAGE_BYTES
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path}: not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit, exact=True)
        try:
            return read_at_most(fh, limit)
        except TooLarge as big:  # it grew while read
            raise TooLarge(max(info.st_size, big.size), limit, exact=False) from None


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
    is passed over, not trusted; one that the bytes contradict (they are valid UTF-8) is overruled."""
    if not data.strip():
        return None, EMPTY
    if any(data.startswith(bom) for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _detected(data)
    m = _DECLARED.search(data[:4096])
    for declared in (m.group(1).decode("ascii") if m else None, http_charset):
        codec = charset_codec(declared)
        if codec is None or codec in _WEAK_CHARSETS:
            continue
        if (utf8 := _utf8(data)) is not None:
            return utf8, "utf-8"  # valid UTF-8 is read as UTF-8, whatever the page declares
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return _detected(data)


def _utf8(data: bytes) -> str | None:
    """The page as UTF-8 when its bytes are strict UTF-8 with some multi-byte characters (Chinese text in
    GBK or Big5 essentially never is: their two-byte sequences break UTF-8's rules within a few characters)."""
    if data.isascii():
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _detected(data: bytes) -> tuple[str, str] | tuple[None, str]:
    """:func:`decode_bytes` for an HTML payload: damaged runs stay marked in the text (U+FFFD, ␀)."""
    got = decode_bytes(data)
    return (None, got) if isinstance(got, str) else (got[0], got[1])


def raw_bytes(path: Path, rel: str | None = None) -> bytes | LeftOut:
    """A raw file's bytes (no symlink followed, regular files only, at most the page limit), or why it is
    left out (``too_large``, ``unreadable``) under ``rel`` (default: the path); never raises."""
    rel = path.as_posix() if rel is None else rel
    try:
        return _read_bytes(path)
    except TooLarge as big:
        return big.left_out(rel, None, "page", "", "split it into one file per article")
    except OSError as exc:
        return LeftOut(rel, None, "unreadable", f"cannot be read ({exc.strerror or exc}); fix its permissions or "
                       "replace it with a regular file")


def read_raw(path: Path, data: bytes | None = None, rel: str | None = None) -> RawText | LeftOut:
    """Read one raw file (or decode ``data``, its bytes already read by :func:`raw_bytes`); never raises:
    bad content or an unreadable file is a :class:`LeftOut` under ``rel`` (default: the path)."""
    if data is None:
        data = raw_bytes(path, rel)
        if isinstance(data, LeftOut):
            return data
    digest = hashlib.sha256(data).hexdigest()
    got = decode_bytes(data)
    if isinstance(got, str):
        return LeftOut(path.as_posix() if rel is None else rel, None, got, REASONS[got], digest)
    text, encoding, damage = got
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawText(path, text, encoding, digest, damage)


def iter_raw_files(raw_dir: Path) -> list[Path]:
    """The plain files under ``raw_dir`` that are read (see :mod:`suzhou_news.builder.ingest.scan`), sorted."""
    from suzhou_news.builder.ingest.scan import scan_raw_folder

    return list(scan_raw_folder(raw_dir).files)
