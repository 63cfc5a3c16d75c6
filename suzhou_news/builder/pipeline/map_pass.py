"""Pass 1 (map), one pure function per shard: pages → cleaned documents → intermediate rows and small keys.

For its range of raw files a shard writes, into the build's work folder:

* ``docs-NNNNN.arrow`` / ``sents-NNNNN.arrow``: the ``documents`` and ``sentences`` rows
  (Arrow IPC streams, written in batches, ids still the pages' id hints, split empty);
  sentence rows carry ``_doc``, the position of their document in the shard, and document
  rows the ``TITLE_WORK_FIELDS`` that reduce cuts learned site names with;
* ``keys-NNNNN.pkl``: per document the id hint, origin, exact-content hash, LSH band
  keys, sentence hashes and its site and title parts: all the global pass holds;
* ``sigs-NNNNN.npy``: the MinHash signatures, of which the global pass reads only the
  rows of candidate near-duplicate pairs;
* ``audit-NNNNN.jsonl``: one line per page or skipped input, with every removed line
  and its reason code.

Nothing is held for more than one batch of documents, so memory does not grow with
the shard.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from suzhou_news.builder.dataset.schema import TableSchema
from suzhou_news.builder.dataset.split import MinHashScheme, SplitConfig, band_keys, signatures
from suzhou_news.builder.dataset.write import columns_to_table, kill_point
from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.ids import printable
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.ingest.sources import LeftOut, Page, page_columns, read_source, report_origin
from suzhou_news.builder.pipeline.plan import Shard
from suzhou_news.builder.pipeline.rows import content_hash, document_columns, sentence_columns, sentence_hashes
from suzhou_news.builder.pipeline.site_names import title_key

BATCH_DOCUMENTS = 256


@dataclass(frozen=True)
class MapTask:
    raw_dir: Path
    work_dir: Path
    shard: Shard
    split: SplitConfig
    minhash: MinHashScheme  # made in the driver: workers never import datasketch
    schemas: dict[str, TableSchema]  # detached (see detached_schema): workers never import ``datasets``


def detached_schema(schema: TableSchema) -> TableSchema:
    """A copy carrying its Arrow schema (Features embedded in the metadata) but not the ``Features`` object.

    Workers only need the Arrow schema; unpickling ``Features`` would import ``datasets`` in
    every worker (about a second and 70 MB each).
    """
    copy = TableSchema(schema.name, schema.version, schema.json_schema)
    copy.__dict__["arrow_schema"] = schema.arrow_schema
    return copy


@dataclass(frozen=True)
class MapSummary:
    index: int
    files: int
    bytes: int
    documents: int
    skipped: int
    sentences: int
    removed_line_reasons: dict[str, int] = field(default_factory=dict)


def work_file(work_dir: Path, kind: str, index: int, ext: str) -> Path:
    return work_dir / f"{kind}-{index:05d}.{ext}"


def sentence_work_schema(schema: TableSchema) -> pa.Schema:
    return schema.arrow_schema.append(pa.field("_doc", pa.int32()))


# what reduce needs to cut learned site names from a title (suzhou_news.builder.pipeline.site_names)
TITLE_WORK_FIELDS = (pa.field("_site", pa.string()), pa.field("_title_source", pa.string()),
                     pa.field("_title_seen", pa.bool_()))


def document_work_schema(schema: TableSchema) -> pa.Schema:
    out = schema.arrow_schema
    for f in TITLE_WORK_FIELDS:
        out = out.append(f)
    return out


class _ShardWriter:
    """Buffers one batch of documents, then appends their rows and keys to the shard's files."""

    def __init__(self, task: MapTask) -> None:
        self.task = task
        i, work = task.shard.index, task.work_dir
        self.docs_schema, self.sents_schema = task.schemas["documents"], task.schemas["sentences"]
        self.docs = pa.ipc.new_stream(str(work_file(work, "docs", i, "arrow")), document_work_schema(self.docs_schema))
        self.sents = pa.ipc.new_stream(str(work_file(work, "sents", i, "arrow")),
                                       sentence_work_schema(self.sents_schema))
        self.keys: dict[str, list] = {"id_hint": [], "origin": [], "content": [], "signature": [],
                                      "sentence_hashes": [], "title_key": []}
        self.pending: list = []
        self.n_docs = self.n_sents = 0

    def add(self, doc, page: Page) -> None:
        self.pending.append((doc, page))
        if len(self.pending) >= BATCH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        docs, pages = [d for d, _ in self.pending], [p for _, p in self.pending]
        sents = sentence_columns(docs, "")
        counts = [len(d.sentences) for d in docs]
        hashes = sentence_hashes(sents["text"])
        self.keys["id_hint"] += [d.id for d in docs]
        self.keys["origin"] += [p.origin for p in pages]
        self.keys["content"] += [content_hash(d.title, d.text) for d in docs]
        title_keys = [title_key(p) for p in pages]
        self.keys["title_key"] += [(k[0], k[2]) if k else None for k in title_keys]  # (site, parts)
        self.keys["sentence_hashes"] += np.split(hashes, np.cumsum(counts)[:-1])
        self.keys["signature"].append(signatures([d.text for d in docs], self.task.split, self.task.minhash))
        where = f"shard {self.task.shard.index}"
        table = columns_to_table(document_columns(docs, pages, ""), self.docs_schema, f"documents ({where})")
        hidden = ([k[0] if k else None for k in title_keys], [k[1] if k else None for k in title_keys],
                  [p.meta.title_seen if k else None for p, k in zip(pages, title_keys)])
        for f, values in zip(TITLE_WORK_FIELDS, hidden):
            table = table.append_column(f, pa.array(values, type=f.type))
        self.docs.write_table(table)
        table = columns_to_table(sents, self.sents_schema, f"sentences ({where})")
        positions = np.repeat(np.arange(self.n_docs, self.n_docs + len(docs), dtype=np.int32), counts)
        self.sents.write_table(table.append_column("_doc", pa.array(positions, type=pa.int32())))
        self.n_docs += len(docs)
        self.n_sents += table.num_rows
        self.pending = []

    def close(self) -> None:
        self.flush()
        self.docs.close()
        self.sents.close()
        keys = dict(self.keys)
        sigs = keys.pop("signature")
        sigs = np.concatenate(sigs) if sigs else np.zeros((0, self.task.split.num_perm), dtype=np.uint32)
        np.save(work_file(self.task.work_dir, "sigs", self.task.shard.index, "npy"), sigs)
        keys["bands"] = band_keys(sigs, self.task.minhash)
        # one array per shard (not one per document): ``sentence_counts[p]`` hashes belong to document p
        keys["sentence_counts"] = np.array([len(h) for h in keys["sentence_hashes"]], dtype=np.int64)
        keys["sentence_hashes"] = (np.concatenate(keys["sentence_hashes"]) if keys["sentence_hashes"]
                                   else np.zeros(0, dtype=np.uint64))
        with work_file(self.task.work_dir, "keys", self.task.shard.index, "pkl").open("wb") as f:
            pickle.dump(keys, f, protocol=pickle.HIGHEST_PROTOCOL)


def _included(page: Page, doc) -> dict:
    return {**report_origin(page), "sha256": page.sha256, "status": "included", "id": doc.id,
            "encoding": page.encoding, **page_columns(page), "script": doc.script, "title": doc.title,
            "sentences": len(doc.sentences), "corrupted_spans": len(doc.corrupted), "redactions": len(doc.redactions),
            "removed_lines": [{"line": r.line, "text": r.text, "reason": r.reason} for r in doc.removed],
            **({"damage": [asdict(d) for d in page.damage]} if page.damage else {})}


def _excluded(left: LeftOut, **extra) -> dict:
    return {"file": left.file, **({"record": left.record} if left.record is not None else {}), "sha256": left.sha256,
            "status": "excluded", "reason": left.reason, "detail": left.detail, **extra}


def map_shard(task: MapTask) -> MapSummary:
    """Read, clean and key every page of one shard (pure: its output depends on the shard alone)."""
    converter = Converter()
    writer = _ShardWriter(task)
    reasons: Counter = Counter()
    skipped = 0
    audit_path = work_file(task.work_dir, "audit", task.shard.index, "jsonl")
    # a name that is not UTF-8 is opened as it is and reported escaped (ids.printable)
    refused = {r.file: replace(r, file=printable(r.file)) for r in task.shard.refused}
    with audit_path.open("w", encoding="utf-8") as audit:
        for n, rel in enumerate(task.shard.files):
            for got in [refused[rel]] if rel in refused else read_source(task.raw_dir / rel, printable(rel)):
                if isinstance(got, LeftOut):
                    entry = _excluded(got)
                    skipped += 1
                else:
                    doc = build_document(got.id_hint, got.text, converter, got.meta)
                    if doc is None:
                        entry = _excluded(LeftOut(got.file, got.record, "no_body", "no prose paragraph found after "
                                                  "removing page furniture", got.sha256), encoding=got.encoding)
                        skipped += 1
                    else:
                        entry = _included(got, doc)
                        reasons.update(r.reason for r in doc.removed)
                        writer.add(doc, got)
                audit.write(json.dumps(entry, ensure_ascii=False) + "\n")
            if n == 0:
                kill_point("read")
    writer.close()
    return MapSummary(task.shard.index, len(task.shard.files), task.shard.bytes, writer.n_docs, skipped,
                      writer.n_sents, dict(reasons))
