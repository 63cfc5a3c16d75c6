"""WARC input (``.warc``, ``.warc.gz``): every HTML response in an archive is one article.

Read record by record with warcio, in bounded chunks, so an archive of any size streams through in
the memory of one record. Each HTML ``response`` (or ``resource``) record becomes a page through
:func:`suzhou_news.builder.ingest.html_reader.html_page`, with its ``WARC-Target-URI`` as ``url``,
its ``WARC-Date`` as ``fetched`` and the HTTP ``Content-Type`` charset as the decoding hint. Records
that are not HTML articles (requests, metadata, warcinfo, images, redirects, errors) are counted in
one ``non_html_records`` entry.

Limits: a record whose payload is over the page limit (:data:`~.bounded.MAX_PAGE_BYTES`, counted
after any decompression) is left out as ``too_large`` with its size, and so is a record whose
headers run past it; a record without a usable ``Content-Length`` is ``bad_warc_record``.

Damage: a ``.warc.gz`` holds one gzip member per record (the WARC standard), and each member is
decompressed on its own (:mod:`.gzmembers`). After a member that is cut or corrupt, the reader looks
for the next gzip member (its magic bytes) and goes on from there: every damaged stretch is one
``truncated_archive`` entry with the byte offset where it starts and where reading resumed. In an
uncompressed ``.warc`` the records before a break are kept and the break's offset is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.bounded import TooLarge, read_at_most
from suzhou_news.builder.ingest.gzmembers import Damaged, Member, next_member
from suzhou_news.builder.ingest.html_reader import file_stem, html_page, looks_like_html
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.pages import Page, PageMeta, open_raw, record_id
from suzhou_news.errors import InputError

TRUNCATED = "truncated_archive"
NON_HTML = "non_html_records"
BAD_RECORD = "bad_warc_record"
HTML_TYPES = ("text/html", "application/xhtml+xml")
HEADER_SLACK = 1024 * 1024  # WARC and HTTP headers around one payload
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def _kind(record) -> tuple[bool, str]:
    """Is the record an HTML article? If not, the label it is counted under."""
    if record.rec_type not in ("response", "resource"):
        return False, record.rec_type
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if record.rec_type == "response" and headers is not None:
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False, f"response status {status}"
    ctype = (headers.get_header("Content-Type") if headers is not None else None) or ""
    mime = ctype.split(";")[0].strip().lower()
    if not mime:
        return True, f"{record.rec_type} without a content type"
    if mime not in HTML_TYPES:
        return False, f"{record.rec_type} {mime}"
    return True, record.rec_type


def _charset(record) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    m = _CHARSET.search((headers.get_header("Content-Type") if headers is not None else None) or "")
    return m.group(1) if m else None


class _Reader:
    """One archive's records → pages and entries left out; ``others`` counts the records that are not articles."""

    def __init__(self, path: Path, rel: str) -> None:
        self.rel, self.stem, self.number = rel, file_stem(path), 0
        self.others: Counter[str] = Counter()

    def lost(self, offset: int, why: str, resumed: int | None = None) -> LeftOut:
        after = (f"reading resumed at byte offset {resumed}" if resumed is not None else
                 "nothing after it could be read")
        return LeftOut(self.rel, self.number, TRUNCATED, f"{self.rel}: the archive breaks at byte offset {offset} "
                       f"(record {self.number}: {why}); {after}; re-download the archive to get the rest")

    def record(self, record, offset: int) -> Page | LeftOut | None:
        """One parsed record: a page, an entry left out, or None (counted in ``others``). A
        ``bad_warc_record`` means the records after it in this stream cannot be found."""
        self.number += 1
        where = f"{self.rel}: record {self.number} at byte offset {offset}"
        length = record.rec_headers.get_header("Content-Length")
        if length is None or not length.strip().isdigit():
            got = "no Content-Length" if length is None else f"Content-Length {length!r}"
            return LeftOut(self.rel, self.number, BAD_RECORD, f"{where} has {got}, so its end cannot be found; "
                           "the records after it in the same gzip member (or plain file) are not read")
        limit = bounded.MAX_PAGE_BYTES
        if int(length) > limit + HEADER_SLACK:
            return TooLarge(int(length), limit, exact=True).left_out(
                self.rel, self.number, "record", f"{where}: ", "not one article; the other records are read")
        is_html, label = _kind(record)
        if not is_html:
            self.others[label] += 1
            return None
        try:
            payload = read_at_most(record.content_stream(), limit)
        except TooLarge as big:
            return big.left_out(self.rel, self.number, "record", f"{where}: payload ", "not one article (or a "
                                "compression bomb); the other records are read")
        except Damaged:
            raise
        except Exception as e:  # a cut or corrupt payload (warcio's chunked or gzip decoding raises assorted errors)
            raise Damaged(offset, f"{type(e).__name__}: {e}") from None
        if record.raw_stream.limit > 0:
            raise Damaged(offset, "record cut short")
        if label.endswith("without a content type") and not looks_like_html(payload[:1024]):
            self.others[label] += 1
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        given = PageMeta(url=url, fetched=record.rec_headers.get_header("WARC-Date"))
        return html_page(payload, self.rel, self.number, "warc", record_id(None, url, self.stem, self.number),
                         http_charset=_charset(record), given=given)

    def stream(self, member: Member, ArchiveIterator) -> Iterator[Page | LeftOut]:
        """The records of one gzip member (or of a plain file); raises :class:`Damaged` or
        :class:`TooLarge` where the stream breaks."""
        archive = ArchiveIterator(member.buffered(), arc2warc=True)
        records = iter(archive)
        while True:
            member.limit_next(bounded.MAX_PAGE_BYTES + HEADER_SLACK)  # the headers of the next record
            offset = member.start if member.gzipped else archive.offset
            try:
                record = next(records)
            except StopIteration:
                return
            except (Damaged, TooLarge):
                raise
            except Exception as e:  # warcio raises assorted errors (EOF, header parsing) on a broken archive
                raise Damaged(offset, f"{type(e).__name__}: {e}") from None
            got = self.record(record, offset)
            if got is not None:
                yield got
            if isinstance(got, LeftOut) and got.reason == BAD_RECORD:
                return
            member.limit_next(None)  # the rest of the record (a payload too large is read through, not kept)
            try:
                archive.read_to_end()
            except Damaged:
                raise
            except Exception as e:
                raise Damaged(offset, f"{type(e).__name__}: {e}") from None


def read_warc(path: Path, rel: str, data: bytes | None = None) -> Iterator[Page | LeftOut]:
    """Every HTML response record of a WARC archive, one at a time."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        raise InputError(f"{rel}: reading WARC archives needs warcio: pip install warcio ({e})") from e
    reader = _Reader(path, rel)
    with open_raw(path, data) as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        fh.seek(0)
        yield from (_gzip(reader, fh, ArchiveIterator) if gzipped else _plain(reader, fh, ArchiveIterator))
    if reader.others:
        listed = ", ".join(f"{n} {label}" for label, n in sorted(reader.others.items()))
        yield LeftOut(rel, None, NON_HTML, f"{rel}: {sum(reader.others.values())} records are not HTML articles and "
                      f"were skipped ({listed})")


def _plain(reader: _Reader, fh, ArchiveIterator) -> Iterator[Page | LeftOut]:
    member = Member(fh, 0, gzipped=False)
    try:
        yield from reader.stream(member, ArchiveIterator)
    except Damaged as e:
        yield reader.lost(e.offset, e.why)
    except TooLarge as big:  # headers that never end: the records after them cannot be found
        reader.number += 1
        yield big.left_out(reader.rel, reader.number, "record", f"{reader.rel}: record {reader.number}: headers of ",
                           "the records after it are not read")


def _gzip(reader: _Reader, fh, ArchiveIterator) -> Iterator[Page | LeftOut]:
    """Member by member; after a damaged member, on from the next gzip member that holds a WARC record."""
    start = 0
    while True:
        fh.seek(start)
        if not fh.read(1):
            return
        member, before = Member(fh, start, gzipped=True), reader.number
        try:
            yield from reader.stream(member, ArchiveIterator)
            start = member.end()
            continue
        except TooLarge as big:
            yield big.left_out(reader.rel, reader.number + (reader.number == before), "record",
                               f"{reader.rel}: record at byte offset {start}: ", "not one article; the other "
                               "records are read")
            reader.number += reader.number == before
            try:
                start = member.end()
                continue
            except Damaged as cut:
                damage = cut
        except Damaged as e:
            damage = e
        resumed = next_member(fh, start + 1, opens_with=b"WARC/")
        reader.number += reader.number == before
        yield reader.lost(start, damage.why, resumed)
        if resumed is None:
            return
        start = resumed
