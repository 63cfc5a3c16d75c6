"""Stage 0 — sources: the raw folder's files → pages, whatever the input kind.

One reader per input kind, behind a registry (:data:`READERS`). A reader takes a
file and yields :class:`Page` objects (one per article; a container such as a WARC
archive or a JSONL dump yields many) or :class:`Skipped` entries with a reason code.
Everything after this stage sees only pages, so every input kind goes through the
same cleaning, splitting and gold stages.

A page's ``id_hint`` is the id it asks for, from the file name by the one rule
of :func:`builder.ingest.ids.file_id` (every reader uses it); the build resolves
clashes between pages (a deterministic suffix, reported), it never drops one for
its id. :func:`iter_sources` walks the raw folder (:mod:`builder.ingest.scan`:
nothing outside it is read) and yields every page and every skipped entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.ingest.ids import file_id
from builder.ingest.read import Damage, Excluded, read_raw
from builder.ingest.scan import scan_raw_folder


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


@dataclass(frozen=True)
class Skipped:
    """An input (a file, or a record inside one) left out, with its reason code and a message."""

    file: str
    record: int | None
    reason: str
    detail: str
    sha256: str | None = None


Reader = Callable[[Path, str], Iterator["Page | Skipped"]]


def read_text_page(path: Path, rel: str) -> Iterator[Page | Skipped]:
    """A page-text dump (``.txt``): the whole file is one article."""
    got = read_raw(path)
    if isinstance(got, Excluded):
        yield Skipped(rel, None, got.reason, got.detail, got.sha256)
        return
    yield Page(rel, None, "txt", file_id(path.name), got.text, got.encoding, got.sha256, damage=got.damage)


READERS: dict[str, Reader] = {"txt": read_text_page}


def input_kind(path: Path) -> str:
    """The reader for a file (today every file is read as a page-text dump)."""
    return "txt"


def read_source(path: Path, rel: str) -> Iterator[Page | Skipped]:
    yield from READERS[input_kind(path)](path, rel)


def iter_sources(raw_dir: Path) -> Iterator[Page | Skipped]:
    """Every page of the raw folder, and a :class:`Skipped` for every entry that is not read, by path."""
    scan = scan_raw_folder(raw_dir)
    refused = {r.path: r for r in scan.refused}
    for path in sorted([*scan.files, *refused]):
        if path in refused:
            r = refused[path]
            yield Skipped(r.rel, None, r.reason, r.detail)
        else:
            yield from read_source(path, path.relative_to(raw_dir).as_posix())
