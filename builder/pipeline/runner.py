"""The build: raw folder → validated Parquet dataset, card and build report.

Stages live in their own modules (read → document → split → gold → write);
this module only wires them together and accounts for every raw file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from builder.dataset.card import LICENSE, basic_card, yaml_header
from builder.ingest.document import Document, build_document, sentence_flags
from builder.errors import InputError
from builder.ingest.sources import Page, Skipped, iter_sources, page_columns, report_origin
from builder.dataset.schema import all_schemas
from builder.ingest.script import Converter
from builder.dataset.split import SplitConfig, SplitResult, assign_splits, manifest_text, read_manifest
from builder.dataset.write import atomic_output, write_split, write_text_atomic


@dataclass(frozen=True)
class BuildConfig:
    raw_dir: Path = Path("data/raw")
    out_dir: Path = Path("dist/suzhou-news")
    manifest: Path = Path("data/splits.json")
    annotations_dir: Path | None = Path("data/annotations")
    guidelines: Path | None = Path("docs/annotation-guidelines.md")
    split: SplitConfig = field(default_factory=SplitConfig)
    update_manifest: bool = True
    # tables so far -> (more tables, card lines); e.g. the silver config (builder/gold/silver.py)
    extra_tables: Callable[[dict[str, list[dict]]], tuple[dict[str, list[dict]], list[str]]] | None = None


@dataclass
class BuildResult:
    out_dir: Path
    report: dict
    counts: dict[str, dict[str, int]]


def load_documents(raw_dir: Path, converter: Converter) -> tuple[list[tuple[Document, Page]], list[dict]]:
    docs: list[tuple[Document, Page]] = []
    files: list[dict] = []
    seen: dict[str, str] = {}
    for got in iter_sources(raw_dir):
        if isinstance(got, Skipped):
            files.append({**report_origin(got), "sha256": got.sha256, "status": "excluded",
                          "reason": got.reason, "detail": got.detail})
            continue
        doc_id = got.id_hint
        if doc_id in seen:
            files.append({**report_origin(got), "sha256": got.sha256, "status": "excluded",
                          "reason": "duplicate_id", "detail": f"id {doc_id!r} already used by {seen[doc_id]}; rename one file"})
            continue
        doc = build_document(doc_id, got.text, converter, got.meta)
        if doc is None:
            files.append({**report_origin(got), "sha256": got.sha256, "status": "excluded",
                          "reason": "no_body", "detail": "no prose paragraph found after removing page furniture",
                          "encoding": got.encoding})
            continue
        seen[doc_id] = got.origin
        docs.append((doc, got))
        files.append({
            **report_origin(got), "sha256": got.sha256, "status": "included", "id": doc_id,
            "encoding": got.encoding, **page_columns(got),
            "script": doc.script, "title": doc.title, "sentences": len(doc.sentences),
            "corrupted_spans": len(doc.corrupted), "redactions": len(doc.redactions),
            "removed_lines": [asdict(r) for r in doc.removed],
            **({"damage": [asdict(d) for d in got.damage]} if got.damage else {}),
        })
    return docs, files


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


def exact_overlap(sentences: list[dict]) -> dict:
    """Exact-sentence overlap between train and test (whitespace-insensitive)."""
    by_split: dict[str, set[str]] = {"train": set(), "test": set()}
    for s in sentences:
        by_split[s["split"]].add("".join(s["text"].split()))
    shared = sorted(by_split["train"] & by_split["test"])
    n_test = len(by_split["test"])
    return {"shared_unique_sentences": len(shared), "test_unique_sentences": n_test,
            "fraction_of_test": (len(shared) / n_test) if n_test else None, "examples": shared[:10]}


def corpus_tables(config: BuildConfig, converter: Converter) -> tuple[dict[str, list[dict]], list[dict], SplitResult]:
    """The ``documents`` and ``sentences`` rows of a raw folder, with the per-file accounting."""
    docs, files = load_documents(config.raw_dir, converter)
    if not docs:
        reasons = ", ".join(f"{f['file']}: {f['reason']}" for f in files) or "the folder is empty"
        raise InputError(f"{config.raw_dir}: no usable article ({reasons})")
    pinned = read_manifest(config.manifest)
    result = assign_splits({d.id: d.text for d, _ in docs}, pinned, config.split)
    tables: dict[str, list[dict]] = {"documents": [], "sentences": []}
    for doc, raw in docs:
        split = result.assignment[doc.id]
        tables["documents"].append(document_row(doc, raw, split))
        tables["sentences"].extend(sentence_rows(doc, split))
    return tables, files, result


def sentences_for_raw(raw_dir: Path, manifest: Path = Path("data/splits.json")) -> list[dict]:
    """Sentence rows of a raw folder, built in memory (nothing is written)."""
    tables, _, _ = corpus_tables(BuildConfig(raw_dir=raw_dir, manifest=manifest), Converter())
    return tables["sentences"]


def build(config: BuildConfig) -> BuildResult:
    converter = Converter()
    tables, files, result = corpus_tables(config, converter)

    gold_report = None
    if config.annotations_dir is not None and config.annotations_dir.is_dir():
        from builder.gold.join import gold_tables

        gold, gold_report = gold_tables(config.annotations_dir, tables["sentences"], config.guidelines)
        tables.update(gold)
    extra_card: list[str] = []
    if config.extra_tables is not None:
        extra, extra_card = config.extra_tables(tables)
        tables.update(extra)

    schemas = all_schemas()
    files_out: dict[str, dict[str, list[str]]] = {}
    sizes: dict[str, dict[str, tuple[int, int]]] = {}
    counts: dict[str, dict[str, int]] = {}
    report = {
        "builder": "suzhou-news",
        "opencc": asdict(converter.backend),
        "split_config": asdict(config.split),
        "files": files,
        "excluded": sum(f["status"] == "excluded" for f in files),
        "included": sum(f["status"] == "included" for f in files),
        "splits": {
            "assignment": dict(sorted(result.assignment.items())),
            "new_documents": list(result.new),
            "near_duplicate_groups": [list(g) for g in result.groups],
            "pinned_conflicts": [list(g) for g in result.conflicts],
        },
        "train_test_overlap": exact_overlap(tables["sentences"]),
        "removed_line_reasons": dict(sorted(Counter(
            r["reason"] for f in files for r in f.get("removed_lines", [])).items())),
    }
    if gold_report is not None:
        report["annotations"] = gold_report
    with atomic_output(config.out_dir) as tmp:
        for name, rows in tables.items():
            schema = schemas[name]
            files_out[name], sizes[name], counts[name] = {}, {}, {}
            for split in ("train", "test"):
                part = [r for r in rows if r["split"] == split]
                if not part:
                    continue
                files_out[name][split] = write_split(tmp, schema, split, part)
                nbytes = sum((tmp / p).stat().st_size for p in files_out[name][split])
                sizes[name][split] = (nbytes, len(part))
                counts[name][split] = len(part)
        header = yaml_header(schemas, files_out, sizes, extra={**LICENSE, "language": ["zh"]})
        (tmp / "README.md").write_text(basic_card(header, _summary(counts) + extra_card), encoding="utf-8")
        (tmp / "build-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                               encoding="utf-8")
    if config.update_manifest and result.new:
        write_text_atomic(config.manifest, manifest_text(result.assignment, config.split))
    return BuildResult(config.out_dir, report, counts)


def _summary(counts: dict[str, dict[str, int]]) -> list[str]:
    lines = ["Chinese news articles about Suzhou, cleaned and split by document.", "",
             "| config | split | rows |", "|---|---|---|"]
    for name in sorted(counts):
        for split in sorted(counts[name]):
            lines.append(f"| {name} | {split} | {counts[name][split]} |")
    return lines
