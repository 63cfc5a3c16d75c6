"""Alignment: an annotation line's words checked against the sentence they must spell, with offsets.

A mismatch is an :class:`~suzhou_news.errors.AnnotationError` naming the file, line, column of the word and
the first differing character; :func:`align_file` reports every line that fails at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.annotation_format import AnnotatedSentence, AnnotationFile, Entity, ProblemCollector, _fail

_FIX_ALIGN = ("re-run `suzhou-news annotate --update` or edit the line so its words spell the "
              "sentence (whitespace in the sentence is skipped; words never contain any)")


@dataclass(frozen=True)
class AlignedSentence:
    """A sentence whose words were checked against its text, with char offsets."""

    doc_id: str
    sentence_id: str
    status: str
    text: str
    tokens: tuple[str, ...]
    token_spans: tuple[tuple[int, int], ...]  # (start, end) of each word in ``text``
    entities: tuple[Entity, ...]  # offsets into ``text``; ``Entity.text`` is the surface



def _show(s: str) -> str:
    return repr(s)[1:-1] if s else "(end)"


def align(annotated: AnnotatedSentence, sentence_text: str, *, path: object = "<string>",
          lineno: int = 0, doc_id: str | None = None) -> AlignedSentence:
    """Check that the words spell ``sentence_text`` (skipping its whitespace); add offsets."""
    sid = annotated.sentence_id
    where = f"{path}:{lineno}: sentence {sid}"

    def at_word(k: int) -> str:  # file:line:column of word k (its first column when the words ran out)
        cols = annotated.columns
        col = cols[min(k, len(cols) - 1)] if cols else None
        return f"{path}:{lineno}" + (f":{col}" if col is not None else "") + f": sentence {sid}"

    if annotated.is_excluded:
        raise AnnotationError(f"{where} is excluded ({annotated.exclusion_reason}) and has no words to "
                              "align: skip excluded sentences before aligning")
    text, pos, spans = sentence_text, 0, []
    rest = "".join(annotated.tokens)
    done = 0  # characters of ``rest`` already matched

    def mismatch(what: str) -> AnnotationError:
        context = text[max(0, pos - 6):pos] + "⟨" + text[pos:pos + 1] + "⟩" + text[pos + 1:pos + 7]
        return AnnotationError(
            f"{at_word(len(spans))}: {what} at character offset {pos}: expected {_show(text[pos:pos + 1])!r} "
            f"(sentence: '{_show(context)}'), found {_show(rest[done:done + 1])!r} "
            f"(words continue '{_show(rest[done:done + 8])}'): {_FIX_ALIGN}")

    for word in annotated.tokens:
        start = None
        for ch in word:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                raise mismatch("the words run past the end of the sentence")
            if text[pos] != ch:
                raise mismatch(f"word {len(spans) + 1} {word!r} does not match the sentence")
            start = pos if start is None else start
            pos += 1
            done += 1
        spans.append((start, pos))
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos < len(text):
        raise mismatch("the words stop before the end of the sentence")
    entities = tuple(Entity(e.start_token, e.end_token, e.label, spans[e.start_token][0],
                            spans[e.end_token - 1][1], text[spans[e.start_token][0]:spans[e.end_token - 1][1]])
                     for e in annotated.entities)
    return AlignedSentence(doc_id if doc_id is not None else Path(str(path)).stem, sid, annotated.status,
                           text, annotated.tokens, tuple(spans), entities)


def align_file(annotations: AnnotationFile, texts: Mapping[str, str],
               problems: ProblemCollector | None = None) -> tuple[AlignedSentence, ...]:
    """Align every sentence of a file against ``texts`` (sentence id -> text).

    Excluded lines have no words, and stale lines spell an old text: both are skipped. Every line that
    fails is reported (all at once, or into a shared ``problems`` collector).
    """
    own = problems is None
    problems = ProblemCollector() if own else problems
    aligned = []
    for sentence, lineno in zip(annotations.sentences, annotations.linenos):
        if sentence.is_excluded or sentence.status == "stale":
            continue
        if sentence.sentence_id not in texts:
            problems.add(_fail(annotations.path, lineno, 1,
                               f"sentence id {sentence.sentence_id!r} is not in the dataset's sentences: "
                               "re-run `suzhou-news annotate --update` or delete the line"))
            continue
        try:
            aligned.append(align(sentence, texts[sentence.sentence_id], path=annotations.path,
                                 lineno=lineno, doc_id=annotations.doc_id))
        except AnnotationError as exc:
            problems.add(exc)
    if own:
        problems.raise_if_any()
    return tuple(aligned)
