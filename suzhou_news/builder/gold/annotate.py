"""``suzhou-news annotate``: start or refresh annotation files from tool pre-annotation.

For every document of a built dataset that has no file in ``data/annotations``,
write one: each sentence pre-segmented and pre-tagged by the chosen systems
(preannotation.py), with status ``pre``; sentences flagged ``corrupted`` are
written ``excluded:corrupted`` with their text. The header records the systems and
why they were chosen. With ``--update``, existing files are re-synced with the
current sentences (resync.py): reviewed work is never dropped, it is kept, moved to
the sentence it still spells, or kept ``stale`` for a person; new and changed
sentences are pre-annotated.

Every machine draft is also kept in ``pre/<doc_id>.txt`` beside the file (same
format, all ``pre``): ``annotation-status`` compares the reviewed lines with it to
show how much reviewers changed, and the tool exports offer it for ``stale`` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow.parquet as pq

from suzhou_news import defaults
from suzhou_news.builder.dataset.write import write_text_atomic
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.annotation_format import AnnotatedSentence, format_sentence, parse_line, read_annotation_file
from suzhou_news.builder.gold.resync import resync, spells

PRE_DIR = "pre"
GUIDE = "review every line (docs/annotation-guidelines.md)"


class Segmenter(Protocol):
    name: str

    def segment(self, texts: list[str]) -> list[list[str]]: ...


class Tagger(Protocol):
    name: str

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]: ...


@dataclass(frozen=True)
class AnnotateConfig:
    dataset: Path
    out_dir: Path = defaults.ANNOTATIONS
    update: bool = False
    pass_name: str = "first"
    chosen_by: str = ""  # why these systems (preannotation.Choice.reason), for the header


def pre_path(annotations: Path, doc_id: str) -> Path:
    """Where the machine draft of a document's sentences is kept; ``pre/`` as a symlink is refused (nothing is
    read or written through a link: it could point at any folder)."""
    folder = annotations / PRE_DIR
    if folder.is_symlink():
        raise InputError(f"{folder}: is a symlink; the drafts are read and written only inside the annotations "
                         "folder: replace the link with a real folder holding the drafts")
    return folder / f"{doc_id}.txt"


def _refuse_links(annotations: Path, doc_ids) -> None:
    """Before anything is written: no annotation file or draft to be touched is a symlink."""
    for doc_id in doc_ids:
        for path in (annotations / f"{doc_id}.txt", pre_path(annotations, doc_id)):
            if path.is_symlink():
                raise InputError(f"{path}: is a symlink; annotation files are read and written only inside the "
                                 "annotations folder: replace the link with the file")


def has_sentences(dataset: Path) -> bool:
    return any((dataset / "sentences").glob("*.parquet"))


def dataset_sentences(dataset: Path) -> dict[str, list[dict]]:
    """``doc_id → sentence rows`` (id, doc_id, index, text, flags) of a built dataset, in order."""
    files = sorted((dataset / "sentences").glob("*.parquet"))
    if not files:
        raise InputError(f"{dataset}/sentences: no Parquet files; run `suzhou-news build --no-annotations` "
                         f"(or pass --dataset the folder a build wrote)")
    return by_document(r for f in files for r in pq.read_table(f, columns=["id", "doc_id", "index", "text", "flags"])
                       .to_pylist())


def by_document(rows) -> dict[str, list[dict]]:
    """Sentence rows → ``doc_id → rows`` in sentence order, documents sorted."""
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    return {d: sorted(rows, key=lambda r: r["index"]) for d, rows in sorted(by_doc.items())}


def _pre_lines(rows: list[dict], seg, tagger) -> dict[str, str]:
    todo = [r for r in rows if "corrupted" not in r["flags"]]
    words = seg.segment([r["text"] for r in todo]) if todo else []
    spans = tagger.tag([r["text"] for r in todo]) if todo else []
    lines = {}
    for r, toks, ents in zip(todo, words, spans):
        lines[r["id"]] = format_sentence(toks, _entities_on_words(r["text"], toks, ents), r["id"], "pre")
    for r in rows:
        if "corrupted" in r["flags"]:
            lines[r["id"]] = format_sentence((), (), r["id"], "excluded:corrupted", excluded_text=r["text"])
    return lines


def _entities_on_words(text: str, tokens: list[str], spans) -> list[tuple[int, int, str]]:
    """Keep tool entities whose character span starts and ends on word boundaries."""
    starts, ends, pos = {}, {}, 0
    for i, tok in enumerate(tokens):
        while text[pos].isspace():
            pos += 1
        starts[pos] = i
        pos += len(tok)
        ends[pos] = i + 1
    return [(starts[s], ends[e], label) for s, e, label in spans if s in starts and e in ends]


def _read_lines(path: Path) -> tuple[list[str], dict[str, AnnotatedSentence]]:
    """Header comments and sentences of a file, or nothing when it does not exist."""
    if not path.exists() and not path.is_symlink():  # a symlink, even a broken one, is refused by the reader
        return [], {}
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    return header, {s.sentence_id: s for s in read_annotation_file(path).sentences}


def annotate(config: AnnotateConfig, load_systems: Callable[[], tuple[Segmenter, Tagger]],
             documents: dict[str, list[dict]] | None = None) -> list[str]:
    """Write or refresh annotation files; summary lines per document, then what needs a person.

    ``load_systems`` returns the segmenter and tagger, ready to run. The caller supplies them (the command line
    resolves names through the benchmark's registry), so the builder does not depend on the benchmark suite;
    they are loaded only after the dataset has been found. ``documents`` (``doc_id → sentence rows``, as
    :func:`by_document` makes them) replaces the dataset's sentences: the command line passes the sentences of
    the raw folder as it is now for ``--update``, so a build stopped by stale annotations is no dead end.
    """
    documents = dataset_sentences(config.dataset) if documents is None else documents
    _refuse_links(config.out_dir, documents)
    seg, tagger = load_systems()
    config.out_dir.mkdir(parents=True, exist_ok=True)
    made_by = f"# pre-annotation: {seg.name} + {tagger.name}" + (f" ({config.chosen_by})" if config.chosen_by else "")
    summary, attention = [], []
    for doc_id, rows in documents.items():
        path = config.out_dir / f"{doc_id}.txt"
        if path.exists() and not config.update:
            summary.append(f"{path}: exists, left alone (use --update to refresh it)")
            continue
        texts = {r["id"]: r["text"] for r in rows}
        header, current = _read_lines(path)
        plan = resync(list(current.values()), rows)
        need_draft = plan.todo(texts) + [line.sentence_id for line, text in plan.stale if text is not None]
        fresh = _pre_lines([r for r in rows if r["id"] in set(need_draft)], seg, tagger)
        if not header:
            header = [f"# doc: {doc_id}", f"# pass: {config.pass_name}", f"{made_by}; {GUIDE}"]
        elif fresh and not any(h.startswith(made_by) for h in header):  # --update: the file's own header stays
            header.append(f"{made_by}; {GUIDE}")
        body = [plan.lines[sid].to_line() if sid in plan.lines else fresh[sid] for sid in texts]
        body += [line.to_line() for line in plan.orphans]
        write_text_atomic(path, "\n".join(header + body) + "\n")
        _write_drafts(config.out_dir, doc_id, texts, fresh, dict(plan.moved), made_by)
        parts = [f"{len(plan.kept)} lines kept", f"{len(plan.todo(texts))} pre-annotated"]
        parts += [f"{len(plan.moved)} reviewed lines re-aligned"] if plan.moved else []
        parts += [f"{len(plan.restored)} stale lines reviewed again"] if plan.restored else []
        parts += [f"{len(plan.stale)} stale"] if plan.stale else []
        parts += [f"{len(plan.dropped)} old pre/excluded lines dropped ({', '.join(plan.dropped)})"] if plan.dropped else []
        summary.append(f"{path}: " + ", ".join(parts))
        for line, text in plan.stale:
            now = f"the sentence now reads {text!r}" if text is not None else "its sentence is gone"
            attention.append(f"  {path}: {line.sentence_id} is stale: the reviewed words spell "
                             f"{''.join(line.tokens)!r}, {now}")
    if attention:
        summary.append(f"needs a person ({len(attention)} stale lines: correct the words to spell the sentence, "
                       "or delete the line, then set reviewed; drafts are in pre/):")
        summary += attention
    return summary


def _write_drafts(out_dir: Path, doc_id: str, texts: dict[str, str], fresh: dict[str, str],
                  moved: dict[str, str], made_by: str) -> None:
    """Keep ``pre/<doc_id>.txt`` in step: new drafts replace old ones; drafts follow re-aligned lines."""
    path = pre_path(out_dir, doc_id)
    header, old = _read_lines(path)
    by_new_id = {new: old.get(prev) for prev, new in moved.items()}
    body = []
    for sid, text in texts.items():
        if sid in fresh:
            line = parse_line(fresh[sid])
        else:
            line = by_new_id.get(sid) or old.get(sid)
            if line is not None and sid in by_new_id:
                line = AnnotatedSentence(sid, "pre", line.tokens, line.entities)
        if spells(line, text):
            body.append(line.to_line())
    if not header:
        header = [f"# doc: {doc_id}", "# machine drafts as given to the annotators (kept for annotation-status)"]
    if fresh and not any(h.startswith(made_by) for h in header):
        header.append(made_by)
    write_text_atomic(path, "\n".join(header + body) + "\n")
