"""The input contract's data: a page read from the raw folder, or an input left out (:class:`LeftOut`).

Every reader (:mod:`suzhou_news.builder.ingest.sources`) yields these; everything after the
readers sees only pages. Ids: a file takes :func:`suzhou_news.builder.ingest.ids.file_id`; a record inside a WARC archive or a JSONL
dump gets its given ``id`` or one made from its URL (readable slug + short hash).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from suzhou_news.builder.ingest.ids import sanitize_id
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.read import Damage


@dataclass(frozen=True)
class PageMeta:
    """What the container or the page itself says about an article (all optional)."""

    url: str | None = None
    fetched: str | None = None  # ISO 8601, e.g. from WARC-Date
    title: str | None = None
    published: str | None = None
    author: str | None = None
    source: str | None = None
    site_name: str | None = None
    # what a crawl's site names are learned from (suzhou_news.builder.pipeline.site_names)
    title_element: str | None = None  # the page's <title>, markup removed
    title_seen: bool | None = None  # True: ``title`` is a line the page shows (not a <title> or a container's)
    canonical_url: str | None = None  # the page's <link rel=canonical> or og:url


@dataclass(frozen=True)
class Page:
    """One article as read from the raw folder, before cleaning."""

    file: str  # raw file, relative to the raw folder (POSIX)
    record: int | None  # record number or line number inside a container file; None for a one-page file
    source_format: str  # txt | html | warc | jsonl
    id_hint: str
    text: str  # a page-text dump's lines, or the main text an extractor took from HTML
    encoding: str
    sha256: str  # of this page's raw bytes
    meta: PageMeta = field(default_factory=PageMeta)
    damage: tuple[Damage, ...] = ()  # byte runs that were not clean text (marked in ``text``)

    @property
    def origin(self) -> str:
        return self.file if self.record is None else f"{self.file}#{self.record}"


# (path, rel, the file's bytes when the caller read them already, else None: the reader opens the file)
Reader = Callable[[Path, str, "bytes | None"], Iterator["Page | LeftOut"]]


def open_raw(path: Path, data: bytes | None) -> BinaryIO:
    """The raw file as a binary stream: ``data`` when given, else the file itself."""
    return io.BytesIO(data) if data is not None else path.open("rb")


def page_columns(page: Page) -> dict[str, str | None]:
    """The ``documents`` columns a page gives besides its cleaned text: ``url``, ``fetched``, ``source_format``."""
    return {"url": page.meta.url, "fetched": page.meta.fetched, "source_format": page.source_format}


def report_origin(item: Page | LeftOut) -> dict[str, str | int]:
    """Where a page or a skipped entry came from, as the build report lists it: ``file`` and, inside
    a container, ``record`` (the WARC record number or the JSONL line number)."""
    return {"file": item.file, **({"record": item.record} if item.record is not None else {})}


def record_id(given: str | None, url: str | None, file_stem: str, number: int) -> str:
    """Id of a record inside a container: its given id, else ``host_lastsegment-hash8`` of its URL,
    else ``<file stem>-<record number>``."""
    if given:
        return sanitize_id(given)
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        segment = next((s for s in reversed(parts.path.split("/")) if s), "")
        segment = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", segment)
        slug = sanitize_id(f"{host}_{segment}" if segment else host)[:48].rstrip("._-")
        return f"{slug}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"
    return f"{sanitize_id(file_stem)}-{number:05d}"
