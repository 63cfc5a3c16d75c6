"""The one place that builds ``segmentation`` and ``ner`` rows, their tag columns and the MSRA view.

Used by the gold join (:mod:`.join`), the corpus importers
(``suzhou_news.builder.corpora.dataset``) and ``validate``, which recomputes the
tag columns from tokens and entities.  The tags themselves come from the tag
schemes (``suzhou_news.builder.dataset.tags``): BMES for words, IOB2 for entities.

Characters are counted the way the annotation files do: the sentence text with
its whitespace skipped.  The entity offsets of an
:class:`suzhou_news.builder.gold.annotation_format.AnnotatedSentence` are already in these
coordinates; a row's ``entities`` keep offsets into ``text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from suzhou_news.builder.dataset.tags import BMES, IOB2, Span, TagError
from suzhou_news.builder.gold.labels import msra_view
from suzhou_news.errors import AnnotationError


def compact_offsets(text: str) -> dict[int, int]:
    """Offset of each non-whitespace character of ``text`` → its index among those characters."""
    return {k: i for i, k in enumerate(k for k, ch in enumerate(text) if not ch.isspace())}


def bmes_tags(tokens: Iterable[str]) -> tuple[str, ...]:
    """``S`` for a one-character word, else ``B``, ``M``…, ``E``; one tag per character."""
    try:
        return tuple(BMES.encode_words(tokens))
    except TagError as exc:
        raise AnnotationError(f"{exc} (bmes_tags)") from None


def bio_tags(n_chars: int, spans: Iterable[Span]) -> tuple[str, ...]:
    """``B-X``/``I-X``/``O`` per character from ``(start, end, label)`` character spans."""
    try:
        return tuple(IOB2.encode(n_chars, spans))
    except TagError as exc:
        raise AnnotationError(str(exc)) from None


def ner_tag_columns(n_chars: int, spans: Sequence[Span]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(ner_tags, ner_tags_msra)``: BIO tags of the entities, and of their MSRA view."""
    return bio_tags(n_chars, spans), bio_tags(n_chars, msra_view(spans))


def entity_char_spans(entities: Iterable[object]) -> tuple[Span, ...]:
    """``(start_char, end_char, label)`` of entity objects, ready for :func:`bio_tags`."""
    return tuple((e.start_char, e.end_char, e.label) for e in entities)  # type: ignore[attr-defined]


def segmentation_row(id_: str, doc_id: str, text: str, tokens: Sequence[str], split: str) -> dict:
    """A ``segmentation`` row: the words of ``text`` (whitespace left out) and their BMES tags."""
    return {"id": id_, "doc_id": doc_id, "text": text, "tokens": list(tokens),
            "tags": list(bmes_tags(tokens)), "split": split}


def ner_row(id_: str, doc_id: str, text: str, tokens: Sequence[str], entities: Sequence[Span], split: str) -> dict:
    """A ``ner`` row; ``entities`` are ``(start, end, label)`` offsets into ``text`` (not into its characters)."""
    to_compact = compact_offsets(text)
    chars = [text[k] for k in to_compact]
    spans = [(to_compact[s], to_compact[e - 1] + 1, label) for s, e, label in entities]
    fine, msra = ner_tag_columns(len(chars), spans)
    return {"id": id_, "doc_id": doc_id, "text": text, "chars": chars,
            "ner_tags": list(fine), "ner_tags_msra": list(msra),
            "entities": [{"start": s, "end": e, "label": label, "text": text[s:e]} for s, e, label in entities],
            "tokens": list(tokens), "split": split}
