"""``suzhou-news validate DIR``: check a built dataset or a release against ``schemas/``.

Every problem is reported as ``<file>: row <n>: <field>: <what>``; the check
goes on after a problem so one run lists them all (up to a cap).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import yaml
from jsonschema import Draft202012Validator

from suzhou_news.builder.gold.labels import LABELS, ner_schema
from suzhou_news.builder.dataset.outputs import MARKER
from suzhou_news.builder.dataset.schema import TableSchema, all_schemas
from suzhou_news.builder.gold.tagging import bmes_tags, compact_offsets, ner_tag_columns

from .labels import declared_labels, feature_labels, label_difference

MAX_PROBLEMS = 200
_WHERE = "__where__"  # key under which check_file records "<file>: row <n>" on each row it returns


class Problems(list):
    def add(self, where: str, what: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(f"{where}: {what}")


def read_card(root: Path, problems: Problems) -> dict:
    card = root / "README.md"
    if not card.exists():
        problems.add(str(card), "missing dataset card; rebuild with `suzhou-news build`")
        return {}
    text = card.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        problems.add(str(card), "no YAML header (--- … ---) with configs and dataset_info")
        return {}
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def validate_dir(root: Path, schema_dir: Path | None = None) -> list[str]:
    problems = Problems()
    schemas = all_schemas(schema_dir) if schema_dir else all_schemas()
    labels = declared_labels(root, problems)
    if labels != LABELS:  # an imported corpus with its own label set: only the ClassLabel names differ
        schemas["ner"] = ner_schema(labels, base=schemas["ner"])
    card = read_card(root, problems)
    declared = {c["config_name"]: {d["split"]: d["path"] for d in c.get("data_files", [])}
                for c in card.get("configs", [])}
    verify_checksums(root, problems)
    tables: dict[str, list[dict]] = {}
    for config_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        name = config_dir.name
        if name not in schemas:
            problems.add(str(config_dir), f"no schema schemas/{name}.schema.json for this config")
            continue
        if name not in declared:
            problems.add(str(config_dir), "config not declared in the card's configs: block")
        rows: list[dict] = []
        for f in sorted(config_dir.glob("*.parquet")):
            split = f.name.split("-", 1)[0]
            if split not in declared.get(name, {}):
                problems.add(str(f), f"split {split!r} is not declared in the card for config {name!r}")
            rows.extend(check_file(f, schemas[name], split, problems))
        tables[name] = rows
        first_at: dict[str, str] = {}
        for r in rows:
            if r["id"] in first_at:
                problems.add(_at(r), f"id: {r['id']!r} already used at {first_at[r['id']]}; ids must be unique")
            else:
                first_at[r["id"]] = r[_WHERE]
    for name, splits in declared.items():
        if name not in tables:
            problems.add(str(root / name), f"config {name!r} is declared in the card but has no folder")
    if "documents" in tables:
        check_documents(tables["documents"], problems)
        if "sentences" in tables:
            check_sentences(tables["documents"], tables["sentences"], problems)
    # An imported corpus has no sentences config: its rows are checked on their own.
    sentence_text = {s["id"]: s["text"] for s in tables["sentences"]} if "sentences" in tables else None
    if "segmentation" in tables:
        check_segmentation(tables["segmentation"], sentence_text, problems, schemas["segmentation"])
    if "ner" in tables:
        check_ner(tables["ner"], sentence_text, problems, schemas["ner"])
    if "provenance" in tables:
        check_provenance(tables, problems)
    return list(problems)


def check_file(path: Path, schema: TableSchema, split: str, problems: Problems) -> list[dict]:
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding here
        problems.add(str(path), f"unreadable Parquet ({exc})")
        return []
    if not table.schema.equals(schema.arrow_schema, check_metadata=False):
        problems.add(str(path), f"Arrow schema differs from schemas/{schema.name}.schema.json:\n"
                                f"  found    {table.schema.remove_metadata()}\n  expected {schema.arrow_schema.remove_metadata()}")
        return []
    from datasets import Features

    embedded = (table.schema.metadata or {}).get(b"huggingface")
    found = Features.from_arrow_schema(table.schema) if embedded is not None else None
    if found is None or found != schema.features:
        problems.add(str(path), "embedded HF Features missing or different from the schema"
                     + (label_difference(feature_labels(found), schema) if found is not None else ""))
    rows = table.to_pylist()
    validator = Draft202012Validator(schema.json_schema)
    for i, row in enumerate(rows):
        for err in validator.iter_errors(row):
            field = ".".join(str(p) for p in err.absolute_path) or "<row>"
            problems.add(f"{path}: row {i}", f"{field}: {err.message}")
        if row.get("split") != split:
            problems.add(f"{path}: row {i}", f"split: {row.get('split')!r} stored in the {split!r} file")
        row[_WHERE] = f"{path}: row {i}"
    return rows


def _at(row: dict) -> str:
    """``<file>: row <n> (id …)`` of a row returned by :func:`check_file`."""
    return f"{row[_WHERE]} (id {row['id']})"


def _names(values: list[int], names: list[str]) -> tuple[str | None, ...]:
    """ClassLabel ints to names; an out-of-range int (already reported by the schema check) gives None."""
    return tuple(names[v] if 0 <= v < len(names) else None for v in values)


def _span_checks(where: str, text: str, spans: list[dict], field: str, problems: Problems, with_text: bool) -> None:
    last = -1
    for j, sp in enumerate(spans):
        s, e = sp["start"], sp["end"]
        if not 0 <= s < e <= len(text):
            problems.add(where, f"{field}[{j}]: offsets ({s}, {e}) outside the text (length {len(text)})")
            continue
        if s < last:
            problems.add(where, f"{field}[{j}]: overlaps or is out of order")
        last = e
        if with_text and text[s:e] != sp["text"]:
            problems.add(where, f"{field}[{j}].text: {sp['text']!r} but text[{s}:{e}] is {text[s:e]!r}")


def check_documents(docs: list[dict], problems: Problems) -> None:
    for d in docs:
        where = _at(d)
        if len(d["original_text"]) != len(d["text"]):
            problems.add(where, "original_text: length differs from text, so offsets cannot be shared")
        _span_checks(where, d["text"], d["paragraphs"], "paragraphs", problems, with_text=False)
        _span_checks(where, d["text"], d["redactions"], "redactions", problems, with_text=True)
        _span_checks(where, d["text"], d["corrupted"], "corrupted", problems, with_text=True)


def check_sentences(docs: list[dict], sentences: list[dict], problems: Problems) -> None:
    by_doc = {d["id"]: d for d in docs}
    grouped: dict[str, list[dict]] = defaultdict(list)
    for s in sentences:
        where = _at(s)
        doc = by_doc.get(s["doc_id"])
        if doc is None:
            problems.add(where, f"doc_id: {s['doc_id']!r} is not in documents")
            continue
        if s["split"] != doc["split"]:
            problems.add(where, f"split: {s['split']!r} but its document is in {doc['split']!r}")
        if not 0 <= s["start"] < s["end"] <= len(doc["text"]):
            problems.add(where, f"start/end: ({s['start']}, {s['end']}) outside the document text")
            continue
        if doc["text"][s["start"] : s["end"]] != s["text"]:
            problems.add(where, f"start/end/text: documents.text[{s['start']}:{s['end']}] of {s['doc_id']!r} "
                                "is not this row's text")
        grouped[s["doc_id"]].append(s)
    for doc_id, doc in by_doc.items():
        covered = [False] * len(doc["text"])
        for s in sorted(grouped.get(doc_id, []), key=lambda s: s["start"]):
            for k in range(s["start"], s["end"]):
                if covered[k]:
                    problems.add(_at(s), f"start: overlaps the previous sentence at offset {k}")
                    break
                covered[k] = True
        gaps = [k for k, c in enumerate(covered) if not c and not doc["text"][k].isspace()]
        if gaps:
            k = gaps[0]
            problems.add(_at(doc), f"text: sentences do not tile the body; offset {k} "
                                                    f"({doc['text'][k]!r}) and {len(gaps) - 1} more are in no sentence")


def _compact(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def check_segmentation(rows: list[dict], sentence_text: dict[str, str] | None, problems: Problems,
                       schema: TableSchema) -> None:
    """``schema``: schemas/segmentation.schema.json (the ClassLabel names of ``tags``)."""
    names = schema.class_labels()["tags"]
    for r in rows:
        where = _at(r)
        if sentence_text is not None and sentence_text.get(r["id"]) != r["text"]:
            problems.add(where, "text: differs from the sentence with the same id (or no such sentence)")
        if "".join(r["tokens"]) != _compact(r["text"]):
            problems.add(where, "tokens: do not concatenate to the text without whitespace")
            continue
        if _names(r["tags"], names) != bmes_tags(r["tokens"]):
            problems.add(where, "tags: disagree with the BMES tags of tokens")


def check_ner(rows: list[dict], sentence_text: dict[str, str] | None, problems: Problems,
              schema: TableSchema) -> None:
    """``schema``: schemas/ner.schema.json, with the dataset's declared ClassLabel names."""
    labels = schema.class_labels()
    fine, msra, ent = labels["ner_tags"], labels["ner_tags_msra"], labels["entities.label"]
    for r in rows:
        where = _at(r)
        text = r["text"]
        if sentence_text is not None and sentence_text.get(r["id"]) != text:
            problems.add(where, "text: differs from the sentence with the same id (or no such sentence)")
        if r["chars"] != list(_compact(text)) or "".join(r["tokens"]) != _compact(text):
            problems.add(where, "chars/tokens: do not spell the text without whitespace")
            continue
        to_compact = compact_offsets(text)
        bounds, pos = set(), 0
        for tok in r["tokens"]:
            bounds.add(pos)
            pos += len(tok)
        bounds.add(pos)
        spans = []
        for j, e in enumerate(r["entities"]):
            s, t = e["start"], e["end"]
            if not 0 <= s < t <= len(text) or text[s:t] != e["text"]:
                problems.add(where, f"entities[{j}]: offsets ({s}, {t}) do not hold for text {e['text']!r}")
                continue
            if s not in to_compact or (t - 1) not in to_compact:
                problems.add(where, f"entities[{j}]: starts or ends on whitespace")
                continue
            cs, ce = to_compact[s], to_compact[t - 1] + 1
            if cs not in bounds or ce not in bounds:
                problems.add(where, f"entities[{j}]: {e['text']!r} does not start and end on word boundaries")
            label = _names([e["label"]], ent)[0]
            if label is None:
                problems.add(where, f"entities[{j}].label: {e['label']} is not a label index")
                continue
            spans.append((cs, ce, label))
        try:
            expected, coarse = ner_tag_columns(len(r["chars"]), spans)
        except Exception as exc:  # noqa: BLE001
            problems.add(where, f"entities: {exc}")
            continue
        if _names(r["ner_tags"], fine) != expected:
            problems.add(where, "ner_tags: disagree with entities")
        if _names(r["ner_tags_msra"], msra) != coarse:
            problems.add(where, "ner_tags_msra: disagree with the MSRA mapping of entities")


def check_provenance(tables: dict[str, list[dict]], problems: Problems) -> None:
    """Every gold row of an imported corpus has exactly one provenance row, in the same split, and back."""
    prov = {r["id"]: r for r in tables["provenance"]}
    gold = {r["id"]: r for name in ("segmentation", "ner") for r in tables.get(name, [])}
    for id_, r in gold.items():
        p = prov.get(id_)
        if p is None:
            problems.add(_at(r), "id: no provenance row (source file, sha256, line) for this row; re-import the corpus")
        elif p["split"] != r["split"]:
            problems.add(_at(p), f"split: {p['split']!r} but the row it describes is in {r['split']!r}")
    for id_, p in prov.items():
        if id_ not in gold:
            problems.add(_at(p), f"id: {id_!r} describes no segmentation or ner row")


def verify_checksums(root: Path, problems: Problems) -> None:
    sums = root / "SHA256SUMS"
    if not sums.exists():
        if (root / "manifest.json").exists():  # a release always carries its checksums
            problems.add(str(sums), "missing: a release must list the SHA-256 of every file; re-download it")
        return
    listed = set()
    for n, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, rel = line.partition("  ")
        listed.add(rel)
        path = root / rel
        if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts or path.is_symlink():
            problems.add(f"SHA256SUMS: line {n}", f"{rel!r}: not a regular file inside the release (a symlink or a "
                                                  "path outside it); re-download the release")
        elif not path.is_file():
            problems.add(f"SHA256SUMS: line {n}", f"{rel}: listed but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.add(f"SHA256SUMS: line {n}", f"{rel}: checksum mismatch (file changed or corrupted)")
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == MARKER and path.is_file() and not path.is_symlink():
            continue  # the release command's marker (dataset/outputs.py), written after the checksums
        if (path.is_file() or path.is_symlink()) and rel != "SHA256SUMS" and rel not in listed:
            problems.add(str(path), "file not covered by SHA256SUMS: remove it, or re-download the release")
