"""``suzhou-news annotate``: start or refresh annotation files from tool pre-annotation.

For every document of a built dataset that has no file in ``data/annotations``,
write one: each sentence pre-segmented and pre-tagged by a baseline, with
status ``pre``; sentences flagged ``corrupted`` are written ``excluded:corrupted``
with their text. With ``--update``, existing files keep every line whose words
still spell its sentence; lines for new or changed sentences are re-done as
``pre`` and stale lines are dropped (the summary names them).

A curator then reviews every ``pre`` line against docs/annotation-guidelines.md
and sets it to ``reviewed``; ``check-annotations`` and the build refuse nothing
here, but the build's report counts lines still ``pre``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyarrow.parquet as pq

from builder.gold.annotation_format import align, format_sentence, read_annotation_file
from builder.errors import AnnotationError, InputError


class Segmenter(Protocol):
    name: str

    def segment(self, texts: list[str]) -> list[list[str]]: ...


class Tagger(Protocol):
    name: str

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]: ...


@dataclass(frozen=True)
class AnnotateConfig:
    dataset: Path
    out_dir: Path = Path("data/annotations")
    update: bool = False
    pass_name: str = "first"


def _sentences(dataset: Path) -> dict[str, list[dict]]:
    files = sorted((dataset / "sentences").glob("*.parquet"))
    if not files:
        raise InputError(f"{dataset}/sentences: no Parquet files; run `suzhou-news build` first")
    by_doc: dict[str, list[dict]] = {}
    for f in files:
        for row in pq.read_table(f, columns=["id", "doc_id", "index", "text", "flags"]).to_pylist():
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


def annotate(config: AnnotateConfig, load_systems: Callable[[], tuple[Segmenter, Tagger]]) -> list[str]:
    """Write or refresh annotation files; one summary line per document.

    ``load_systems`` returns the segmenter and tagger, ready to run. The caller supplies them (the command line
    resolves names through the benchmark's registry), so the builder does not depend on the benchmark suite;
    they are loaded only after the dataset has been found.
    """
    documents = _sentences(config.dataset)
    seg, tagger = load_systems()
    config.out_dir.mkdir(parents=True, exist_ok=True)
    summary = []
    for doc_id, rows in documents.items():
        path = config.out_dir / f"{doc_id}.txt"
        kept: dict[str, str] = {}
        dropped: list[str] = []
        if path.exists():
            if not config.update:
                summary.append(f"{path}: exists, left alone (use --update to refresh it)")
                continue
            texts = {r["id"]: r["text"] for r in rows}
            current = read_annotation_file(path)
            for sent in current.sentences:
                if sent.sentence_id not in texts:
                    dropped.append(sent.sentence_id)
                    continue
                if sent.is_excluded:
                    kept[sent.sentence_id] = sent.to_line()
                    continue
                try:
                    align(sent, texts[sent.sentence_id])
                except AnnotationError:
                    dropped.append(sent.sentence_id)
                    continue
                kept[sent.sentence_id] = sent.to_line()
        fresh = _pre_lines([r for r in rows if r["id"] not in kept], seg, tagger)
        header = [f"# doc: {doc_id}", f"# pass: {config.pass_name}",
                  f"# pre-annotation: {seg.name} + {tagger.name}; review every line (docs/annotation-guidelines.md)"]
        if path.exists():  # --update keeps the file's own header (annotators, pass, notes)
            header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        body = [kept.get(r["id"]) or fresh[r["id"]] for r in rows]
        tmp = path.with_suffix(".txt.tmp")
        tmp.write_text("\n".join(header + body) + "\n", encoding="utf-8")
        tmp.replace(path)
        summary.append(f"{path}: {len(kept)} lines kept, {len(fresh)} pre-annotated"
                       + (f", {len(dropped)} old lines dropped ({', '.join(dropped)})" if dropped else ""))
    return summary
