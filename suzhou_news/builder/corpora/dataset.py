"""An imported corpus as a dataset folder: Parquet configs, card, provenance, word list and report.

Layout of ``--out DIR``::

    segmentation/ or ner/<split>-NNNNN-of-MMMMM.parquet   same schema as a built dataset
    provenance/<split>-….parquet                          id -> source file, sha256, line
    oov-words.txt                                         the --words list (SIGHAN), if given
    import-report.json                                    files, counts, findings, published figures
    README.md                                             card (YAML configs + dataset_info)

The text is never converted between scripts; the detected script is recorded.
The folder is written atomically: a failed import leaves an earlier one untouched.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.dataset.card import yaml_header
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.labels import IMPORT_REPORT, msra_label, ner_schema
from suzhou_news.builder.dataset.provenance import code_revision, package_version
from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.ingest.script import Converter, detect_script
from suzhou_news.builder.gold.tagging import bio_tags, bmes_tags
from suzhou_news.builder.dataset.write import atomic_output, write_split, write_text_atomic

from .base import SPLITS, Findings, ImportConfig, ImportedSentence, Source
from .formats import get_reader
from .labelmap import load_label_map
from .published import compare
from .sighan import read_word_list

WORDS = "oov-words.txt"
SCRIPT_SAMPLE = 20_000  # characters per split looked at to detect the script


@dataclass(frozen=True)
class ImportResult:
    out_dir: Path
    report: dict


def _segmentation_row(name: str, split: str, k: int, s: ImportedSentence) -> dict:
    return {"id": f"{name}-{split}-{k:07d}", "doc_id": f"{name}-{split}", "text": s.text,
            "tokens": list(s.tokens), "tags": list(bmes_tags(s.tokens)), "split": split}


def _ner_row(name: str, split: str, k: int, s: ImportedSentence) -> dict:
    text, n = s.text, len(s.tokens)
    return {"id": f"{name}-{split}-{k:07d}", "doc_id": f"{name}-{split}", "text": text, "chars": list(s.tokens),
            "ner_tags": list(bio_tags(n, s.entities)),
            "ner_tags_msra": list(bio_tags(n, [(a, b, m) for a, b, lab in s.entities if (m := msra_label(lab))])),
            "entities": [{"start": a, "end": b, "label": lab, "text": text[a:b]} for a, b, lab in s.entities],
            "tokens": list(s.tokens), "split": split}


ROWS = {"segmentation": _segmentation_row, "ner": _ner_row}


def _counts(task: str, sentences: list[ImportedSentence], labels: tuple[str, ...]) -> dict[str, int]:
    out = {"sentences": len(sentences), "characters": sum(len(s.text) for s in sentences)}
    if task == "segmentation":
        out["words"] = sum(len(s.tokens) for s in sentences)
    else:
        found = Counter(lab for s in sentences for _, _, lab in s.entities)
        out["entities"] = sum(found.values())
        out.update({lab: found.get(lab, 0) for lab in labels})
    return out


def _script(by_split: dict[str, list[ImportedSentence]]) -> str:
    """``hans`` or ``hant`` (suzhou_news.builder.script.detect_script) on up to SCRIPT_SAMPLE characters of each split."""
    parts = []
    for sentences in by_split.values():
        taken = 0
        for s in sentences:
            if taken >= SCRIPT_SAMPLE:
                break
            parts.append(s.text)
            taken += len(s.text)
    return detect_script("".join(parts), Converter())


def _read(config: ImportConfig, findings: Findings) -> tuple[str, dict[str, Source], dict[str, list[ImportedSentence]]]:
    """``(config name, sources, sentences)`` per split, in the order train, validation, test."""
    info = get_reader(config.format)
    if config.words is not None and info.task != "segmentation":
        raise InputError("--words is a SIGHAN word list for OOV figures; it has no meaning for a NER corpus")
    sources: dict[str, Source] = {}
    by_split: dict[str, list[ImportedSentence]] = {}
    for split, path in sorted(config.files, key=lambda f: SPLITS.index(f[0])):
        sources[split] = Source.of(path, split)
        by_split[split] = info.read(sources[split], config, findings)
        if not by_split[split]:
            raise InputError(f"{path}: no sentences in the {split} file; is it the right file and --encoding?")
    return info.task, sources, by_split


def import_corpus(config: ImportConfig) -> ImportResult:
    findings = Findings(config.on_invalid)
    task, sources, by_split = _read(config, findings)
    words, words_src = None, None
    if config.words is not None:
        words_src = Source.of(config.words, "words")
        words = read_word_list(words_src, config.encoding)
    # The label set is declared by the label map, never taken from the data; it becomes the ClassLabel names.
    labels = load_label_map(config.label_map).labels if task == "ner" else ()
    counts = {split: _counts(task, sents, labels) for split, sents in by_split.items()}
    report = {
        "name": config.name, "format": config.format, "config": task,
        "script": _script(by_split), "converted": False,
        "files": [{"split": split, "file": str(src.path), "sha256": src.sha256, **counts[split]}
                  for split, src in sources.items()],
        "oov_word_list": ({"file": str(config.words), "sha256": words_src.sha256, "words": len(words),
                           "stored_as": WORDS} if words_src is not None else
                          ("train split vocabulary" if "train" in by_split else None)),
        "settings": {"on_invalid": config.on_invalid, "encoding": config.encoding,
                     **({"scheme": config.scheme, "label_map": config.label_map} if task == "ner" else {})},
        **({"labels": list(labels)} if task == "ner" else {}),
        "repaired": findings.to_dict(),
        "tallies": dict(sorted(findings.tallies.items())),
        "published": compare(config.name, {**counts, "train": {**counts.get("train", {}), **(
            {"word_types": len(words)} if words is not None else {})}}),
        "environment": {"code_revision": code_revision(), "suzhou_news": package_version("suzhou-news")},
    }
    with atomic_output(config.out_dir) as tmp:
        files: dict[str, dict[str, list[str]]] = {}
        sizes: dict[str, dict[str, tuple[int, int]]] = {}
        schemas = {task: ner_schema(labels) if task == "ner" else load_schema(task),
                   "provenance": load_schema("provenance")}
        for split, sents in by_split.items():
            rows = [ROWS[task](config.name, split, k, s) for k, s in enumerate(sents, start=1)]
            prov = [{"id": r["id"], "source_file": sources[split].path.name, "source_sha256": sources[split].sha256,
                     "line": s.line, "split": split} for r, s in zip(rows, sents)]
            for schema, table in ((schemas[task], rows), (schemas["provenance"], prov)):
                paths = write_split(tmp, schema, split, table)
                files.setdefault(schema.name, {})[split] = paths
                sizes.setdefault(schema.name, {})[split] = (sum((tmp / p).stat().st_size for p in paths), len(table))
        if words is not None:
            (tmp / WORDS).write_text("".join(w + "\n" for w in words), encoding="utf-8")
        (tmp / IMPORT_REPORT).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_text_atomic(tmp / "README.md", _card(config, report, schemas, files, sizes))
    return ImportResult(config.out_dir, report)


def _card(config: ImportConfig, report: dict, schemas, files, sizes) -> str:
    meta = {"pretty_name": config.name, "license": "other",
            "license_name": "the-corpus-own-licence-see-its-source", "language": ["zh"],
            "language_details": "zh-Hant" if report["script"] == "hant" else "zh-Hans",
            "task_categories": ["token-classification"],
            "tags": ["word-segmentation" if report["config"] == "segmentation" else "named-entity-recognition",
                     "imported-corpus"]}
    header = yaml_header(schemas, files, sizes, extra=meta)
    lines = [f"Imported with `suzhou-news import {config.format}` from files the user supplied; the corpus keeps "
             "its own licence. The text is exactly as in the source files (script "
             f"`{report['script']}`, not converted).", "",
             "| split | file | sha256 | sentences | characters |", "|---|---|---|---|---|"]
    lines += [f"| {f['split']} | `{Path(f['file']).name}` | `{f['sha256'][:16]}…` | {f['sentences']} | {f['characters']} |"
              for f in report["files"]]
    lines += ["", "`provenance` gives, for every row id, its source file, the file's sha256 and the line it starts on; "
              f"`{IMPORT_REPORT}` lists the repairs made (if any) and the published figures checked."]
    if "labels" in report:
        lines += ["", f"Entity labels, declared by the label map `{config.label_map}` (the ClassLabel names of "
                  "`ner_tags` and `entities.label`): " + ", ".join(f"`{lab}`" for lab in report["labels"]) + ". "
                  "`ner_tags_msra` maps PER, ORG, GPE and LOC to PER, ORG, LOC, LOC; any other label is O there."]
    return f"{header}\n# {config.name}\n\n" + "\n".join(lines) + "\n"
