"""WARC input (``.warc``, ``.warc.gz``): every HTML response in an archive is one article.

Read record by record with warcio, so an archive of any size streams through in
the memory of one record. Each HTML ``response`` (or ``resource``) record becomes
a page through :func:`suzhou_news.builder.ingest.html_reader.html_page`, with its
``WARC-Target-URI`` as ``url``, its ``WARC-Date`` as ``fetched`` and the HTTP
``Content-Type`` charset as the decoding hint. Records that are not HTML
articles (requests, metadata, warcinfo, images, redirects, errors) are counted
in one ``non_html_records`` entry. A truncated or corrupt archive keeps every
record before the break and reports the break's byte offset as
``truncated_archive``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from suzhou_news.errors import InputError
from suzhou_news.builder.ingest.html_reader import file_stem, html_page, looks_like_html
from suzhou_news.builder.ingest.pages import Page, PageMeta, Skipped, open_raw, record_id

TRUNCATED = "truncated_archive"
NON_HTML = "non_html_records"
HTML_TYPES = ("text/html", "application/xhtml+xml")
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


def _break(rel: str, number: int, offset: int, kept: int, why: str) -> Skipped:
    return Skipped(rel, number, TRUNCATED,
                   f"{rel}: the archive breaks at byte offset {offset} (record {number}: {why}); the {kept} records "
                   "before it were read; re-download the archive to get the rest")


def read_warc(path: Path, rel: str, data: bytes | None = None) -> Iterator[Page | Skipped]:
    """Every HTML response record of a WARC archive, one at a time."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        raise InputError(f"{rel}: reading WARC archives needs warcio: pip install warcio ({e})") from e
    size = path.stat().st_size if data is None else len(data)
    others: Counter[str] = Counter()
    number, broken = 0, None
    with open_raw(path, data) as fh:
        archive = ArchiveIterator(fh, arc2warc=True)
        records = iter(archive)
        while broken is None:
            offset = archive.offset
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as e:  # warcio raises assorted errors (EOF, zlib, header parsing) on a broken archive
                broken = _break(rel, number + 1, offset, number, f"{type(e).__name__}: {e}")
                break
            number += 1
            offset = archive.offset
            is_html, label = _kind(record)
            if not is_html:
                others[label] += 1
                continue
            try:
                payload = record.content_stream().read()
            except Exception as e:  # same: a cut or corrupt payload
                broken = _break(rel, number, offset, number - 1, f"{type(e).__name__}: {e}")
                break
            if record.raw_stream.limit > 0:
                broken = _break(rel, number, offset, number - 1, "record cut short")
                break
            if label.endswith("without a content type") and not looks_like_html(payload[:1024]):
                others[label] += 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            given = PageMeta(url=url, fetched=record.rec_headers.get_header("WARC-Date"))
            yield html_page(payload, rel, number, "warc", record_id(None, url, file_stem(path), number),
                            http_charset=_charset(record), given=given)
        end = archive.offset
    if broken is None and end < size:  # warcio stops quietly at a gzip member cut in its headers
        broken = _break(rel, number + 1, end, number, f"{size - end} bytes after the last whole record")
    if broken is not None:
        yield broken
    if others:
        listed = ", ".join(f"{n} {label}" for label, n in sorted(others.items()))
        yield Skipped(rel, None, NON_HTML, f"{rel}: {sum(others.values())} records are not HTML articles and were "
                      f"skipped ({listed})")
