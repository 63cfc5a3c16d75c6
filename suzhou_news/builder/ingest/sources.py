"""Stage 0 — sources: the raw folder's files → pages, whatever the input kind.

One reader per input kind, behind a registry (:data:`READERS`). A reader takes a
file and yields :class:`Page` objects (one per article; a container such as a WARC
archive or a JSONL dump yields many) or :class:`LeftOut` entries with a reason code.
Everything after this stage sees only pages, so every input kind goes through the
same cleaning, splitting and gold stages.

Input kinds (:func:`input_kind`) are recognised by content first, the file name
second: a WARC record header (``WARC/1.x``) is a WARC archive, a JSON object on
the first line a JSONL dump, an HTML document start (``<!DOCTYPE html>``,
``<html>``, ``<head>``, ``<body>``) an HTML page, gzip-compressed or not. When
the content says nothing definite the extension decides (``.html``/``.htm``,
``.warc``, ``.jsonl``, each optionally ``.gz``); anything else is a page-text dump.

A page's ``id_hint`` is the id it asks for, from the file name by the one rule
of :func:`suzhou_news.builder.ingest.ids.file_id` (every reader uses it); the build resolves
clashes between pages (a deterministic suffix, reported), it never drops one for
its id. :func:`iter_sources` walks the raw folder (:mod:`suzhou_news.builder.ingest.scan`:
nothing outside it is read) and yields every page and every entry left out.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from suzhou_news.builder.ingest.html_reader import looks_like_html, read_html
from suzhou_news.builder.ingest.ids import file_id
from suzhou_news.builder.ingest.jsonl import read_jsonl
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.pages import Page, PageMeta, Reader, page_columns, report_origin
from suzhou_news.builder.ingest.read import raw_bytes, read_raw
from suzhou_news.builder.ingest.scan import scan_raw_folder
from suzhou_news.builder.ingest.warc import read_warc

__all__ = ["LeftOut", "Page", "PageMeta", "READERS", "Reader", "input_kind", "page_columns", "read_source",
           "report_origin"]

SNIFF_BYTES = 4096
_MARKUP = re.compile(rb"<[A-Za-z!/]")
_EXTENSIONS = {".html": "html", ".htm": "html", ".xhtml": "html", ".warc": "warc", ".jsonl": "jsonl",
               ".ndjson": "jsonl"}


def read_text_page(path: Path, rel: str, data: bytes | None = None) -> Iterator[Page | LeftOut]:
    """A page-text dump (``.txt``): the whole file is one article."""
    got = read_raw(path, data, rel)
    if isinstance(got, LeftOut):
        yield got
        return
    yield Page(rel, None, "txt", file_id(path.name), got.text, got.encoding, got.sha256, damage=got.damage)


READERS: dict[str, Reader] = {"txt": read_text_page, "html": read_html, "warc": read_warc, "jsonl": read_jsonl}


def _head(path: Path, data: bytes | None) -> bytes:
    """The first bytes of the file (of its content when gzipped), from ``data`` when the file was read."""
    if data is not None:
        head = data[:SNIFF_BYTES]
    else:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:
            return b""  # unreadable: the reader chosen by the extension reports it
    if head[:2] != b"\x1f\x8b":
        return head
    try:
        with gzip.open(path if data is None else io.BytesIO(data), "rb") as fh:
            return fh.read(SNIFF_BYTES)
    except (OSError, EOFError, zlib.error):
        return b""  # a broken gzip file: the extension decides, the reader reports it


def _by_content(head: bytes) -> str | None:
    if head.lstrip().startswith(b"WARC/"):
        return "warc"
    if looks_like_html(head):
        return "html"
    first, newline, _ = head.lstrip().partition(b"\n")
    if first.startswith(b'{"') and not newline:  # a long first line, cut by the sniff window
        return "jsonl"
    if first.startswith(b"{"):
        try:
            if isinstance(json.loads(first.decode("utf-8")), dict):
                return "jsonl"
        except (UnicodeDecodeError, ValueError):
            return None
    return None


def input_kind(path: Path, data: bytes | None = None) -> str:
    """The reader for a file: its content when that is definite, else its extension, else ``txt``.
    ``data``: the file's bytes when already read (the file is then not opened again)."""
    head = _head(path, data)
    kind = _by_content(head)
    if kind is not None:
        return kind
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = _EXTENSIONS.get(suffixes[-1] if suffixes else "", "txt")
    if kind == "html" and head and not _MARKUP.search(head):
        return "txt"  # named .html but holds no markup at all: page text saved under the wrong name
    return kind


def read_source(path: Path, rel: str) -> Iterator[Page | LeftOut]:
    """The pages of one raw file. The file is read once, and its kind told from those bytes; a file that
    cannot be read here (unreadable, over the size limit, a large container) is left to its reader, which
    streams it or reports it."""
    data = raw_bytes(path, rel)
    if isinstance(data, LeftOut):
        data = None
    yield from READERS[input_kind(path, data)](path, rel, data)


def iter_sources(raw_dir: Path) -> Iterator[Page | LeftOut]:
    """Every page of the raw folder, and a :class:`LeftOut` for every entry that is not read, by path."""
    for path, refused in scan_raw_folder(raw_dir).in_order():
        if refused is not None:
            yield refused
        else:
            yield from read_source(path, path.relative_to(raw_dir).as_posix())
