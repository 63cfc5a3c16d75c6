"""Helpers shared by the importer tests: write a file exactly as given (bytes, BOM, CRLF) and import it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from suzhou_news.builder.corpora import ImportConfig, import_corpus


def write(path: Path, text: str, *, bom: bool = False, crlf: bool = False, encoding: str = "utf-8") -> Path:
    body = textwrap.dedent(text)
    if crlf:
        body = body.replace("\n", "\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode(encoding))
    return path


def run_import(tmp_path: Path, fmt: str, name: str = "corpus", **kwargs):
    files = tuple((split, kwargs.pop(split)) for split in ("train", "validation", "test") if split in kwargs)
    config = ImportConfig(format=fmt, name=name, out_dir=tmp_path / name, files=files, **kwargs)
    return import_corpus(config)
