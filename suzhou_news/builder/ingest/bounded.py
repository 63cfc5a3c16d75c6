"""Bounded reading: every input is read in chunks, and never more than a limit, whatever its size on disk
or once decompressed.

One limit, :data:`MAX_PAGE_BYTES`, holds for one page however it comes: a file, a gzip-compressed file
(counted after decompression, so a gzip bomb stops at the limit), a WARC record's payload, a JSONL line.
Over it the input is left out as ``too_large`` with its size; memory stays within the limit plus one
chunk, and time is linear in the bytes read.
"""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

from suzhou_news.builder.ingest.leftout import LeftOut

# 1,000 times a long article: a bigger page is a dump or an accident, not one article (bounds time and memory).
MAX_PAGE_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024  # the most any read here asks for at once


class TooLarge(Exception):
    """More than ``limit`` bytes. ``size`` is the input's size when it is known (its whole line was read
    through, or the file's size on disk), else the bytes read before stopping (``exact`` False)."""

    def __init__(self, size: int, limit: int, exact: bool) -> None:
        super().__init__(size, limit, exact)
        self.size, self.limit, self.exact = size, limit, exact

    def left_out(self, file: str, record: int | None, what: str, where: str, way_out: str, *,
                 compressed: int | None = None, sha256: str | None = None) -> LeftOut:
        """The ``too_large`` entry: ``where`` starts the message, ``compressed`` is the size before decompression."""
        if self.exact:
            size = f"{self.size} bytes, over the {self.limit}-byte limit"
        else:
            unpacked = f" once decompressed (from {compressed} bytes)" if compressed is not None else ""
            size = f"more than {self.limit} bytes{unpacked}, over the limit"
        return LeftOut(file, record, "too_large", f"{where}{size} for one {what}: {way_out}", sha256)


def read_at_most(fh: BinaryIO, limit: int) -> bytes:
    """Every byte of ``fh``, read :data:`CHUNK` bytes at a time; :class:`TooLarge` as soon as there are
    more than ``limit`` (memory: at most ``limit`` + one chunk)."""
    parts, total = [], 0
    while True:
        chunk = fh.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge(total, limit, exact=False)


def gunzip_at_most(data: bytes, limit: int) -> bytes:
    """A gzip file's content (every member), at most ``limit`` bytes of it; :class:`TooLarge` past it.
    A broken gzip file raises what :mod:`gzip` raises (``OSError``, ``EOFError``, ``zlib.error``)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        return read_at_most(fh, limit)


def readline_at_most(fh: BinaryIO, limit: int) -> bytes:
    """One line of ``fh`` (with its newline; ``b""`` at the end). A line longer than ``limit`` bytes is read
    through in chunks and dropped: :class:`TooLarge` with its length, and ``fh`` is at the next line."""
    line = fh.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line
    size = len(line)
    while True:
        more = fh.readline(CHUNK)
        size += len(more)
        if not more or more.endswith(b"\n"):
            raise TooLarge(size - more.endswith(b"\n"), limit, exact=True)
