"""One cleaned document → its rows of the ``documents`` and ``sentences`` configs."""

from __future__ import annotations

import hashlib

from builder.ingest.document import Document, sentence_flags
from builder.ingest.sources import Page, page_columns


def document_row(doc: Document, raw: Page, split: str) -> dict:
    def spans(items, *extra):
        return [{"start": x.start, "end": x.end, **{k: getattr(x, k) for k in extra}} for x in items]

    return {
        "id": doc.id, "title": doc.title, "original_title": doc.original_title,
        "text": doc.text, "original_text": doc.original_text, "script": doc.script,
        "source": doc.source, "published": doc.published, "author": doc.author, "editor": doc.editor,
        "paragraphs": [{"start": s, "end": e, "kind": k} for s, e, k in doc.paragraphs],
        "redactions": spans(doc.redactions, "text"),
        "corrupted": spans(doc.corrupted, "text", "reason"),
        "flags": list(doc.flags), "encoding": raw.encoding, "raw_sha256": raw.sha256, "split": split,
        **page_columns(raw),
    }


def sentence_rows(doc: Document, split: str) -> list[dict]:
    return [
        {
            "id": sentence_id(doc.id, i), "doc_id": doc.id, "index": i, "text": doc.text[s.start : s.end],
            "start": s.start, "end": s.end, "is_heading": s.is_heading, "flags": sentence_flags(doc, s),
            "split": split,
        }
        for i, s in enumerate(doc.sentences)
    ]


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-s{index:04d}"


def sentence_key(text: str) -> str:
    """What the train/test overlap compares: the sentence without whitespace."""
    return "".join(text.split())


def sentence_hash(text: str) -> int:
    """64-bit hash of :func:`sentence_key` (the overlap exchanges hashes, not sentences)."""
    return int.from_bytes(hashlib.blake2b(sentence_key(text).encode("utf-8"), digest_size=8).digest(), "little")


def content_hash(title: str | None, text: str) -> bytes:
    """Exact-duplicate key: the cleaned title and text (the same body under another headline is kept)."""
    return hashlib.blake2b(f"{title or ''}\0{text}".encode("utf-8"), digest_size=16).digest()
