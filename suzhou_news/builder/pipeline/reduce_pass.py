"""Pass 2 (reduce), one pure function per shard: apply the global decisions, join the gold, write Parquet.

A shard reads its intermediate rows, drops exact duplicates, gives every document
its final id and split, cuts learned site names from its titles, sorts by id and
writes ``<config>/<split>`` parts into the work folder (the finalize step numbers them). Documents with an annotation file
are joined with their gold (``suzhou_news.builder.gold.join``); every annotation error of the
shard is returned, not raised, so the build reports them all at once.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from suzhou_news.builder.dataset.schema import TableSchema
from suzhou_news.builder.dataset.split import SPLITS
from suzhou_news.builder.dataset.write import MAX_ROWS_PER_SHARD, kill_point, to_table, write_parts
from suzhou_news.errors import AnnotationError, AnnotationErrors
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.pipeline.map_pass import TITLE_WORK_FIELDS, work_file
from suzhou_news.builder.pipeline.resolve import ShardDecision
from suzhou_news.builder.pipeline.rows import sentence_hashes, sentence_key
from suzhou_news.builder.pipeline.site_names import retitle

OVERLAP_EXAMPLES = 10


@dataclass(frozen=True)
class ReduceTask:
    work_dir: Path
    index: int
    decision: ShardDecision
    shared_hashes: np.ndarray
    annotations_dir: Path | None
    schemas: dict[str, TableSchema]  # detached, as in MapTask


@dataclass
class ReduceSummary:
    index: int
    parts: dict[str, dict[str, list[tuple[str, int, int]]]]  # config → split → [(work-relative path, rows, bytes)]
    statuses: dict[str, int]
    totals: dict[str, int]
    gold_errors: list[str] = field(default_factory=list)
    gold_errors_hidden: int = 0  # problems past the annotation reader's limit, counted only
    coverage: dict = field(default_factory=dict)
    gold_sentences: list[dict] = field(default_factory=list)  # sentence rows of annotated documents
    overlap_examples: list[str] = field(default_factory=list)
    title_patches: dict[int, dict] = field(default_factory=dict)  # shard position → audit fields (site names cut)


def _read(path: Path) -> pa.Table:
    with pa.ipc.open_stream(str(path)) as reader:
        return reader.read_all()


def _set(table: pa.Table, name: str, values) -> pa.Table:
    i = table.schema.get_field_index(name)
    return table.set_column(i, table.schema.field(i), pa.array(values, type=table.schema.field(i).type))


def _sorted(table: pa.Table) -> pa.Table:
    return table.take(pc.sort_indices(table, sort_keys=[("id", "ascending")]))


def _documents(task: ReduceTask, summary: ReduceSummary) -> pa.Table:
    d = task.decision
    table = _read(work_file(task.work_dir, "docs", task.index, "arrow"))
    keep = [i for i, f in enumerate(d.final_ids) if f is not None]
    table = table.take(pa.array(keep, type=pa.int64()))
    table = _set(table, "id", [d.final_ids[i] for i in keep])
    if d.site_names:
        table = _retitled(table, keep, d.site_names, summary, task.schemas["documents"].class_labels()["script"])
    table = table.drop_columns([f.name for f in TITLE_WORK_FIELDS])
    return _sorted(_set(table, "split", [d.splits[i] for i in keep]))


def _retitled(table: pa.Table, positions: list[int], learned: dict, summary: ReduceSummary,
              script_names: list[str]) -> pa.Table:
    """Titles with the learned site names of their site cut (:func:`site_names.retitle`); each change is
    noted for the shard's audit lines, by position in the shard."""
    cols = table.select(["_site", "_title_seen", "_title_source", "original_title", "title", "script"]).to_pydict()
    titles, originals = cols["title"], cols["original_title"]
    converter = None
    for r, site in enumerate(cols["_site"]):
        if site not in learned:
            continue
        new = retitle(originals[r], cols["_title_seen"][r], cols["_title_source"][r], learned[site])
        if new is None or new == originals[r]:
            continue
        if script_names[cols["script"][r]] == "hant":
            converter = converter or Converter()
            title = converter.t2s(new)
        else:
            title = new
        summary.title_patches[positions[r]] = {"title": title, "title_before_site_names": titles[r]}
        titles[r], originals[r] = title, new
    if not summary.title_patches:
        return table
    return _set(_set(table, "title", titles), "original_title", originals)


def _sentences(task: ReduceTask) -> pa.Table:
    d = task.decision
    table = _read(work_file(task.work_dir, "sents", task.index, "arrow"))
    doc = table.column("_doc").to_numpy()
    final = np.array(d.final_ids, dtype=object)
    keep = np.flatnonzero(np.array([f is not None for f in d.final_ids], dtype=bool)[doc]) if len(doc) else []
    table = table.take(pa.array(keep, type=pa.int64())).drop_columns(["_doc"])
    doc = doc[keep]
    doc_ids = pa.array(final[doc].tolist(), type=pa.string())
    table = _set(table, "doc_id", doc_ids)
    if any("id" in patch for patch in d.audit_patches.values()):  # a renamed document renames its sentences
        index = pc.utf8_lpad(pc.cast(table.column("index"), pa.string()), 4, "0")
        table = _set(table, "id", pc.binary_join_element_wise(doc_ids, pa.scalar("-s"), index, ""))
    splits = np.array(d.splits, dtype=object)
    return _sorted(_set(table, "split", splits[doc].tolist()))


def _write(task: ReduceTask, name: str, table: pa.Table, parts: dict) -> None:
    out = parts.setdefault(name, {})
    for split in SPLITS:
        part = table.filter(pc.equal(table.column("split"), split))
        if part.num_rows == 0:
            continue
        prefix = task.work_dir / "parts" / name / f"{split}-{task.index:05d}"
        paths = write_parts(part, prefix)
        out[split] = [(p.relative_to(task.work_dir).as_posix(),
                       min(MAX_ROWS_PER_SHARD, part.num_rows - k * MAX_ROWS_PER_SHARD), p.stat().st_size)
                      for k, p in enumerate(paths)]


def _gold(task: ReduceTask, sentences: pa.Table, summary: ReduceSummary) -> dict[str, list[dict]]:
    from suzhou_news.builder.gold.join import gold_tables

    tables: dict[str, list[dict]] = {"segmentation": [], "ner": []}
    if not task.decision.gold:
        return tables
    mask = pc.is_in(sentences.column("doc_id"), value_set=pa.array(sorted(task.decision.gold), type=pa.string()))
    rows = sentences.filter(mask).select(["id", "doc_id", "text", "flags", "split"]).to_pylist()
    summary.gold_sentences = rows
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    for doc_id in sorted(by_doc):
        try:
            gold, report = gold_tables(task.annotations_dir, by_doc[doc_id], None)
        except AnnotationErrors as exc:  # every problem of the file, up to the reader's limit
            summary.gold_errors.extend(exc.problems)
            summary.gold_errors_hidden += exc.total - len(exc.problems)
            continue
        except AnnotationError as exc:
            summary.gold_errors.append(str(exc))
            continue
        summary.coverage = merge_coverage(summary.coverage, report["coverage"])
        for name in tables:
            tables[name].extend(gold[name])
    return tables


def merge_coverage(a: dict, b: dict) -> dict:
    """Two gold coverage reports as one: counts add, reason counts add, lists concatenate."""
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict):
            out[key] = dict(Counter(out.get(key, {})) + Counter(value))
        elif isinstance(value, list):
            out[key] = [*out.get(key, []), *value]
        else:
            out[key] = out.get(key, 0) + value
    return out


def _audit(task: ReduceTask, summary: ReduceSummary) -> None:
    """The shard's audit lines with the global decisions applied (final id, duplicates)."""
    source = work_file(task.work_dir, "audit", task.index, "jsonl")
    target = work_file(task.work_dir, "audit-final", task.index, "jsonl")
    statuses: Counter = Counter()
    totals: Counter = Counter()
    position = 0
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as out:
        for line in src:
            entry = json.loads(line)
            if entry["status"] == "included":
                patch = {**summary.title_patches.get(position, {}), **task.decision.audit_patches.get(position, {})}
                position += 1
                if patch:
                    entry.update(patch)
                    line = json.dumps(entry, ensure_ascii=False) + "\n"
            statuses[entry["status"]] += 1
            if entry["status"] == "included":
                totals.update({"corrupted_spans": entry["corrupted_spans"], "redactions": entry["redactions"]})
            out.write(line)
    summary.statuses = dict(statuses)
    summary.totals.update(totals)


def reduce_shard(task: ReduceTask) -> ReduceSummary:
    summary = ReduceSummary(task.index, {}, {}, {})
    documents = _documents(task, summary)
    sentences = _sentences(task)
    summary.totals["sentences"] = sentences.num_rows
    _write(task, "documents", documents, summary.parts)
    kill_point("write")
    _write(task, "sentences", sentences, summary.parts)
    del documents
    if len(task.shared_hashes):
        test = sentences.filter(pc.equal(sentences.column("split"), "test")).column("text").to_pylist()
        found = np.isin(sentence_hashes(test), np.asarray(task.shared_hashes, dtype=np.uint64))
        summary.overlap_examples = sorted({sentence_key(t) for t, hit in zip(test, found) if hit})[:OVERLAP_EXAMPLES]
    for name, rows in _gold(task, sentences, summary).items():
        if rows:
            _write(task, name, _sorted(to_table(rows, task.schemas[name], f"{name} (shard {task.index})")),
                   summary.parts)
    _audit(task, summary)
    return summary
