"""Cleaned documents → the columns of the ``documents`` and ``sentences`` configs, and their keys.

A batch of documents becomes one list per column (no row dicts), which
:func:`suzhou_news.builder.dataset.write.columns_to_table` turns into Arrow arrays.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from suzhou_news.builder.ingest.document import Document, sentence_flags
from suzhou_news.builder.ingest.sources import Page, page_columns


def document_columns(docs: Sequence[Document], pages: Sequence[Page], split: str) -> dict[str, list]:
    """The ``documents`` columns of ``docs``; ``pages[i]`` is the page ``docs[i]`` was built from."""
    def spans(items, *extra):
        return [{"start": x.start, "end": x.end, **{k: getattr(x, k) for k in extra}} for x in items]

    given = [page_columns(p) for p in pages]
    return {
        "id": [d.id for d in docs], "title": [d.title for d in docs],
        "original_title": [d.original_title for d in docs], "text": [d.text for d in docs],
        "original_text": [d.original_text for d in docs], "script": [d.script for d in docs],
        "source": [d.source for d in docs], "published": [d.published for d in docs],
        "author": [d.author for d in docs], "editor": [d.editor for d in docs],
        "paragraphs": [[{"start": s, "end": e, "kind": k} for s, e, k in d.paragraphs] for d in docs],
        "redactions": [spans(d.redactions, "text") for d in docs],
        "corrupted": [spans(d.corrupted, "text", "reason") for d in docs],
        "flags": [list(d.flags) for d in docs], "encoding": [p.encoding for p in pages],
        "raw_sha256": [p.sha256 for p in pages], "split": [split] * len(docs),
        **{k: [g[k] for g in given] for k in ("url", "fetched", "source_format")},
    }


def sentence_columns(docs: Sequence[Document], split: str) -> dict[str, list]:
    """The ``sentences`` columns of ``docs``, document by document, each in sentence order."""
    cols: dict[str, list] = {k: [] for k in ("id", "doc_id", "index", "text", "start", "end", "is_heading", "flags")}
    for doc in docs:
        sents, n = doc.sentences, len(doc.sentences)
        cols["id"] += [sentence_id(doc.id, i) for i in range(n)]
        cols["doc_id"] += [doc.id] * n
        cols["index"] += range(n)
        cols["text"] += [doc.text[s.start : s.end] for s in sents]
        cols["start"] += [s.start for s in sents]
        cols["end"] += [s.end for s in sents]
        cols["is_heading"] += [s.is_heading for s in sents]
        cols["flags"] += [sentence_flags(doc, s) for s in sents]
    cols["split"] = [split] * len(cols["id"])
    return cols


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-s{index:04d}"


def sentence_key(text: str) -> str:
    """What the train/test overlap compares: the sentence without whitespace."""
    return "".join(text.split())


def sentence_hashes(texts: Sequence[str]) -> np.ndarray:
    """64-bit hashes (BLAKE2b) of the :func:`sentence_key` of every text, as one ``uint64`` array: the overlap
    exchanges hashes, not sentences."""
    digests = b"".join([hashlib.blake2b(sentence_key(t).encode("utf-8"), digest_size=8).digest() for t in texts])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def content_hash(title: str | None, text: str) -> bytes:
    """Exact-duplicate key: the cleaned title and text (the same body under another headline is kept)."""
    return hashlib.blake2b(f"{title or ''}\0{text}".encode("utf-8"), digest_size=16).digest()
