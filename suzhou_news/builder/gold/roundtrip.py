"""What the annotation-tool round trips share: the sentences to send, and applying what comes back.

Export (:func:`curation_rows`): one row per sentence whose annotation line has a
chosen status (``pre`` and ``stale`` by default), with the sentence text from the
built dataset and the machine draft as span layers (see spans.py). For a ``stale``
line the draft is the fresh pre-annotation kept in ``pre/<doc_id>.txt``, because the
line's own words spell the sentence's old text.

Import (:func:`apply_tool_lines`): every sentence the tool gives back replaces its
line in ``data/annotations/<doc_id>.txt``, by these rules:

* the tool says a person completed it → the line becomes ``reviewed``;
* otherwise a ``pre`` line takes the tool's words and entities and stays ``pre``;
  a ``reviewed`` or ``stale`` line is kept as it is (an import never demotes work);
* the sentence changed since the export → a completed one is kept as ``stale``
  (its words spell the text the person saw), anything else is skipped.

Nothing is written unless every sentence of the export is valid; each error names
the task or line of the tool's file. Other lines of a file are kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.dataset.write import write_text_atomic
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.annotate import dataset_sentences, pre_path
from suzhou_news.builder.gold.annotation_format import AnnotatedSentence, format_sentence, read_annotation_file
from suzhou_news.builder.gold.alignment import align
from suzhou_news.builder.gold.resync import spells
from suzhou_news.builder.gold.spans import Span, SpanLine, line_from_spans, spans_of
from suzhou_news.builder.ingest.damage import LONE_SURROGATE

EXPORT_STATUSES = ("pre", "stale", "reviewed")


@dataclass(frozen=True)
class ToolLine:
    """One sentence as a tool's export gives it back; ``words`` is None when the export has no word layer."""

    where: str  # e.g. "export.json: task 12 (sentence 005_…-s0003)"
    sentence_id: str
    text: str
    words: tuple[Span, ...] | None
    entities: tuple[Span, ...]
    completed: bool


def curation_rows(dataset: Path, annotations: Path, statuses: Iterable[str] = ("pre", "stale"),
                  docs: Iterable[str] = ()) -> list[dict]:
    """Sentences to send to a tool, in document and sentence order, with the machine draft as spans."""
    statuses, docs = tuple(statuses), tuple(docs)
    for s in statuses:
        if s not in EXPORT_STATUSES:
            raise InputError(f"cannot export lines with status {s!r}: choose from {', '.join(EXPORT_STATUSES)}")
    by_doc = dataset_sentences(dataset)
    for d in docs:
        if d not in by_doc:
            raise InputError(f"document {d!r} is not in {dataset}/sentences: check the id (ls {annotations})")
    rows = []
    for doc_id, sentences in by_doc.items():
        path = annotations / f"{doc_id}.txt"
        if docs and doc_id not in docs or not path.exists():
            continue
        lines = {s.sentence_id: s for s in read_annotation_file(path).sentences}
        pre_file = pre_path(annotations, doc_id)
        drafts = {s.sentence_id: s for s in read_annotation_file(pre_file).sentences} if pre_file.exists() else {}
        for sent in sentences:
            line = lines.get(sent["id"])
            if line is None or line.is_excluded or line.status not in statuses:
                continue
            draft = line if line.status != "stale" else drafts.get(sent["id"])
            spans = _draft_spans(draft, sent["text"])
            rows.append({"id": sent["id"], "doc_id": doc_id, "text": sent["text"], "status": line.status,
                         "words": list(spans.words) if spans else [], "entities": list(spans.entities) if spans else [],
                         "old_words": " ".join(line.tokens) if line.status == "stale" else None})
    return rows


def _draft_spans(draft: AnnotatedSentence | None, text: str) -> SpanLine | None:
    """The draft as spans, or None when there is none that spells the sentence (the tool shows it bare)."""
    return spans_of(align(draft, text)) if spells(draft, text) else None


def apply_tool_lines(dataset: Path, annotations: Path, lines: list[ToolLine]) -> list[str]:
    """Write the tool's sentences into the annotation files; one summary line per file changed or noted."""
    texts = {s["id"]: (doc_id, s["text"]) for doc_id, rows in dataset_sentences(dataset).items() for s in rows}
    seen: dict[str, str] = {}
    for line in lines:
        if line.sentence_id in seen:
            raise InputError(f"{line.where}: sentence {line.sentence_id} appears twice (also {seen[line.sentence_id]}): "
                             "keep one of the two tasks")
        seen[line.sentence_id] = line.where
        if line.sentence_id not in texts:
            raise InputError(f"{line.where}: sentence {line.sentence_id!r} is not in {dataset}/sentences: was the "
                             "export made from another dataset? Build the dataset the tasks came from")
    by_doc: dict[str, list[ToolLine]] = {}
    for line in lines:
        by_doc.setdefault(texts[line.sentence_id][0], []).append(line)
    writes: list[tuple[Path, str]] = []
    summary: list[str] = []
    for doc_id, doc_lines in sorted(by_doc.items()):
        path = annotations / f"{doc_id}.txt"
        if not path.exists():
            raise InputError(f"{doc_lines[0].where}: {path} does not exist: run `suzhou-news annotate` before "
                             "importing its sentences")
        text, counts, notes = _apply_to_file(path, doc_lines, {s: t for s, (_, t) in texts.items()})
        if text is not None:
            writes.append((path, text))
        summary.append(f"{path}: " + ", ".join(f"{n} {what}" for what, n in counts.items())
                       + "".join(f"\n  {note}" for note in notes))
    for path, text in writes:  # every sentence was valid: now write
        write_text_atomic(path, text)
    return summary


def _apply_to_file(path: Path, doc_lines: list[ToolLine], texts: dict[str, str]) -> tuple[str | None, dict, list]:
    ann = read_annotation_file(path)
    raw = path.read_text(encoding="utf-8").split("\n")
    current = {s.sentence_id: (s, n) for s, n in zip(ann.sentences, ann.linenos)}
    counts = {"reviewed": 0, "pre updated": 0, "stale": 0, "unchanged": 0}
    notes = []
    for line in doc_lines:
        if line.sentence_id not in current:
            raise InputError(f"{line.where}: sentence {line.sentence_id} has no line in {path}: run "
                             "`suzhou-news annotate --update` and export again")
        old, lineno = current[line.sentence_id]
        if old.is_excluded:
            raise InputError(f"{line.where}: sentence {line.sentence_id} is {old.status_field} in {path}:{lineno}: "
                             "delete the task, or change that line's status first")
        changed_text = line.text != texts[line.sentence_id]
        if changed_text and not line.completed:
            notes.append(f"{line.sentence_id}: skipped, the sentence changed since the export and the task was not "
                         "completed")
            continue
        words = line.words
        if words is None:  # no word layer in the export: the file's current words
            if changed_text or old.status == "stale":
                raise InputError(f"{line.where}: no word layer in the export and the file's words for "
                                 f"{line.sentence_id} do not spell the sentence: import the words file too")
            words = spans_of(align(old, line.text)).words
        tokens, entities = line_from_spans(SpanLine(line.sentence_id, line.text, words, line.entities), line.where)
        if changed_text:
            status = "stale"
            notes.append(f"{line.sentence_id}: kept as stale, the sentence changed since the export: fix the words "
                         "to spell the new text and set reviewed")
        elif line.completed:
            status = "reviewed"
        elif old.status == "pre":
            status = "pre"
        else:
            notes.append(f"{line.sentence_id}: not completed in the tool: kept the file's {old.status} line")
            counts["unchanged"] += 1
            continue
        new = format_sentence(tokens, entities, line.sentence_id, status)
        if raw[lineno - 1] == new:
            counts["unchanged"] += 1
            continue
        raw[lineno - 1] = new
        counts[{"reviewed": "reviewed", "pre": "pre updated", "stale": "stale"}[status]] += 1
    changed = any(counts[k] for k in ("reviewed", "pre updated", "stale"))
    return ("\n".join(raw) if changed else None), {k: v for k, v in counts.items() if v}, notes


def sentence_fields(where: str, sid: object, text: object, fields: str, made_by: str) -> tuple[str, str]:
    """The sentence id and text of one exported item, both strings of real characters, or an error naming
    ``fields`` (as the tool's export spells them) and the command whose output to import instead."""
    if not isinstance(sid, str) or not isinstance(text, str):
        raise InputError(f"{where}: {fields} are required: import files made by `{made_by}`")
    if bad := LONE_SURROGATE.search(sid + text):
        raise InputError(f"{where}: {fields} hold a lone surrogate (U+{ord(bad.group()):04X}), not a character: "
                         f"import the files `{made_by}` wrote")
    return sid, text
