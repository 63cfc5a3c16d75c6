"""A gzip file one member at a time, in bounded chunks, and the way past a damaged member.

A ``.warc.gz`` holds one gzip member per record. :class:`Member` decompresses one member as a
readable stream (end of stream at the member's end), counts what it gives out against a cap that
the caller sets per record, and raises :class:`Damaged` with the member's byte offset when the
member is cut or corrupt (zlib checks the CRC, so bit rot is caught too). :func:`next_member`
finds the next gzip magic after a damaged member, where reading can go on.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from suzhou_news.builder.ingest.bounded import CHUNK, TooLarge

MAGIC = b"\x1f\x8b\x08"  # gzip id bytes and the deflate method
READ_AHEAD = 2 * CHUNK  # what the buffers above may read beyond the record they parse


class Damaged(Exception):
    """The stream breaks at byte ``offset`` (of the file on disk) for the reason ``why``."""

    def __init__(self, offset: int, why: str) -> None:
        super().__init__(offset, why)
        self.offset, self.why = offset, why


class Member(io.RawIOBase):
    """One gzip member of ``fh`` from byte ``start`` (or, with ``gzipped`` False, the plain file from
    ``start``), decompressed :data:`CHUNK` bytes at a time."""

    def __init__(self, fh: BinaryIO, start: int, gzipped: bool) -> None:
        super().__init__()
        fh.seek(start)
        self.fh, self.start, self.gzipped = fh, start, gzipped
        self.z = zlib.decompressobj(wbits=31) if gzipped else None
        self.raw_read = 0  # compressed bytes taken from fh
        self.delivered = 0  # bytes given out
        self.count, self.cap = 0, None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.delivered

    def buffered(self) -> io.BufferedReader:
        return io.BufferedReader(self, CHUNK)

    def limit_next(self, cap: int | None) -> None:
        """At most ``cap`` more bytes (None: no limit), give or take the buffers' read-ahead, until the next
        call: :class:`TooLarge` past it."""
        self.count, self.cap = 0, cap

    def readinto(self, buffer) -> int:
        size = min(len(buffer), CHUNK)
        got = self._next(size)
        self.delivered += len(got)
        self.count += len(got)
        if self.cap is not None and self.count > self.cap + READ_AHEAD:
            raise TooLarge(self.count, self.cap, exact=False)
        buffer[: len(got)] = got
        return len(got)

    def _next(self, size: int) -> bytes:
        if self.z is None:
            return self.fh.read(size)
        while not self.z.eof:
            data = self.z.unconsumed_tail
            if not data:
                data = self.fh.read(CHUNK)
                if not data:
                    raise Damaged(self.start, "the gzip member is cut short by the end of the file")
                self.raw_read += len(data)
            try:
                got = self.z.decompress(data, size)
            except zlib.error as e:
                raise Damaged(self.start, f"corrupt gzip data ({e})") from None
            if got:
                return got
        return b""

    def end(self) -> int:
        """Read through the rest of the member (nothing kept) and return the byte offset just after it."""
        self.cap = None
        while self._next(CHUNK):
            pass
        return self.start + self.raw_read - len(self.z.unused_data)


def next_member(fh: BinaryIO, after: int, opens_with: bytes = b"") -> int | None:
    """The byte offset of the first gzip member at or after ``after`` whose content starts with ``opens_with``
    (a gzip magic inside damaged bytes is passed over), or None; reads :data:`CHUNK` bytes at a time."""
    pos = after
    while (found := _find(fh, pos)) is not None:
        fh.seek(found)
        try:
            head = zlib.decompressobj(wbits=31).decompress(fh.read(CHUNK), max(1, len(opens_with)))
        except zlib.error:
            head = None
        if head is not None and head.startswith(opens_with):
            return found
        pos = found + 1
    return None


def _find(fh: BinaryIO, after: int) -> int | None:
    fh.seek(after)
    pos, tail = after, b""
    while chunk := fh.read(CHUNK):
        found = (tail + chunk).find(MAGIC)
        if found >= 0:
            return pos - len(tail) + found
        tail = chunk[-(len(MAGIC) - 1):]
        pos += len(chunk)
    return None
