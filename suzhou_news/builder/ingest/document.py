"""Stages 2–4 for one file: decoded page → cleaned document with sentences.

Order matters for offsets: length-changing cleaning (NFC, converter pinyin)
runs on raw lines; layout analysis picks the body; the body is assembled with
``\\n`` between paragraphs; Traditional text is converted to Simplified (same
length); corrupted spans are found; punctuation is normalised one character
for one, skipping corrupted spans. So every offset holds in both ``text`` and
``original_text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from suzhou_news.builder.ingest.corruption import Corrupted, find_corrupted
from suzhou_news.builder.ingest.extract import Extracted, RemovedLine, extract
from suzhou_news.builder.ingest.ids import sanitize_id  # noqa: F401  (re-exported: the id rule lives in ids.py)
from suzhou_news.builder.ingest.normalize import Span, clean_line, clean_page, normalize_punct, redactions
from suzhou_news.builder.ingest.pages import PageMeta
from suzhou_news.builder.ingest.script import Converter, detect_script
from suzhou_news.builder.ingest.sentences import SentenceSpan, split_sentences


@dataclass(frozen=True)
class Document:
    id: str
    title: str | None
    original_title: str | None
    text: str
    original_text: str
    script: str
    source: str | None
    published: str | None
    author: str | None
    editor: str | None
    paragraphs: tuple[tuple[int, int, str], ...]
    redactions: tuple[Span, ...]
    corrupted: tuple[Corrupted, ...]
    sentences: tuple[SentenceSpan, ...]
    flags: tuple[str, ...]
    removed: tuple[RemovedLine, ...] = field(default=())


def build_document(doc_id: str, page_text: str, converter: Converter, meta: PageMeta | None = None) -> Document | None:
    """Clean one decoded page; ``None`` when no body text is found.

    ``meta`` is what the page's markup or its container said (title, date, author,
    source, site name); each field it has wins over what the line rules guessed,
    and the site name stands in for a source nobody named.
    """
    cleaned, pinyin = clean_page(page_text)
    ex: Extracted = extract(cleaned, fold=converter.t2s, title_first=bool(meta and meta.title and meta.title.strip()))
    if not ex.paragraphs:
        return None
    spans, pos = [], 0
    for p in ex.paragraphs:
        spans.append((pos, pos + len(p.text), p.kind))
        pos += len(p.text) + 1
    original = "\n".join(p.text for p in ex.paragraphs)
    script = detect_script(original, converter)
    simplified = _t2s_body(ex, converter) if script == "hant" else original
    corrupted = find_corrupted(simplified)
    guard = [(c.start, c.end) for c in corrupted]
    text = normalize_punct(simplified, guard)
    original_text = text if simplified == original else normalize_punct(original, guard)
    meta = meta or PageMeta()
    title = None
    original_title = (title_form(meta.title) if meta.title else normalize_punct(ex.title) if ex.title else "") or None
    if original_title:
        title = converter.t2s(original_title) if script == "hant" else original_title
    flags = []
    if script == "hant":
        flags.append("converted_t2s")
    if pinyin:
        flags.append("pinyin_removed")
    if corrupted:
        flags.append("has_corrupted")
    masks = redactions(text)
    if masks:
        flags.append("has_redactions")
    if title is None:
        flags.append("no_title")
    return Document(
        id=doc_id,
        title=title,
        original_title=original_title,
        text=text,
        original_text=original_text,
        script=script,
        source=meta.source or ex.source or meta.site_name,
        published=meta.published or ex.published,
        author=meta.author or ex.author,
        editor=ex.editor,
        paragraphs=tuple(spans),
        redactions=tuple(masks),
        corrupted=tuple(corrupted),
        sentences=tuple(split_sentences(spans, text, guard)),
        flags=tuple(flags),
        removed=ex.removed,
    )


def title_form(title: str) -> str:
    """A title as ``original_title`` holds it: :func:`clean_line`, trimmed, punctuation normalised."""
    return normalize_punct(clean_line(title).strip())


def _t2s_body(ex: Extracted, converter: Converter) -> str:
    """``converter.t2s`` of the paragraphs joined by ``\n``: t2s works line by line, so the paragraphs the
    rules already folded are reused and the others folded in one call."""
    folded = ex.folded if len(ex.folded) == len(ex.paragraphs) else (None,) * len(ex.paragraphs)
    missing = [p.text for p, f in zip(ex.paragraphs, folded) if f is None]
    rest = iter(converter.t2s("\n".join(missing)).split("\n") if missing else ())
    return "\n".join(f if f is not None else next(rest) for f in folded)


def sentence_flags(doc: Document, s: SentenceSpan) -> list[str]:
    kind = doc.paragraphs[s.paragraph][2]
    flags = [] if kind == "paragraph" else [kind]
    if any(c.start < s.end and s.start < c.end for c in doc.corrupted):
        flags.append("corrupted")
    if any(r.start < s.end and s.start < r.end for r in doc.redactions):
        flags.append("redacted")
    return flags
