"""``suzhou-news export``: the gold in formats existing tools read, one exporter per format.

* ``sighan``: icwb2 style, ``<split>.utf8`` with one sentence per line and words
  separated by two spaces (as in the bakeoff's gold files), plus
  ``<split>_words.utf8``, the split's word list (for the score script's OOV).
* ``conll``: ``<split>.conll``, two columns ``char TAG`` (fine labels, BIO),
  ``<split>.msra.conll`` with the MSRA labels, a blank line between sentences.
* ``brat``: one ``<doc_id>.txt``/``.ann`` pair per document under ``<split>/``;
  the ``.txt`` is the gold sentences joined by newlines, ``.ann`` holds
  ``T<n>\\t<LABEL> <start> <end>\\t<text>`` standoff lines, plus ``annotation.conf``.
* ``labelstudio`` and ``doccano``: the sentences still to annotate (their annotation
  lines, not the gold), for a round trip through those tools (labelstudio.py, doccano.py).

Each exporter names its source: a gold config of the dataset, or ``lines``
(roundtrip.curation_rows: annotation lines with the dataset's sentence text).

``--out`` is checked like every output folder (dataset/outputs.py: not an input, not a file, empty or an earlier
export, which the marker file names) and locked while written; a symlink anywhere inside it is refused, so an
export never writes through a link to a file outside.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from suzhou_news import defaults
from suzhou_news.builder.dataset.outputs import Guarded, claim_output, default_inputs, write_marker
from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.errors import InputError, UsageError
from suzhou_news.builder.gold import doccano, labelstudio
from suzhou_news.builder.gold.labels import LABELS, declared_labels, ner_schema
from suzhou_news.builder.gold.roundtrip import curation_rows

Exporter = Callable[[dict[str, list[dict]], Path], list[Path]]
EXPORTERS: dict[str, tuple[Exporter, str]] = {}  # name -> (writer, source: a gold config or "lines")


def exporter(name: str, source: str = "ner"):
    def register(fn: Exporter) -> Exporter:
        if name in EXPORTERS:
            raise ValueError(f"exporter {name!r} registered twice")
        EXPORTERS[name] = (fn, source)
        return fn

    return register


def read_config(dataset: Path, config: str) -> dict[str, list[dict]]:
    """``{split: rows}`` with ClassLabel ints decoded to names, rows sorted by id."""
    files = sorted((dataset / config).glob("*.parquet"))
    if not files:
        raise InputError(f"{dataset}/{config}: no Parquet files; build the dataset with annotations first")
    # an imported corpus may declare its own entity labels (the ClassLabel names of its ner files)
    schema = ner_schema(declared_labels(dataset)) if config == "ner" else load_schema(config)
    labels = schema.class_labels()
    out: dict[str, list[dict]] = {}
    for f in files:
        for row in pq.read_table(f).to_pylist():
            for path, names in labels.items():
                head, _, sub = path.partition(".")
                if sub:
                    for item in row[head]:
                        item[sub] = names[item[sub]]
                elif isinstance(row[head], list):
                    row[head] = [names[v] for v in row[head]]
                else:
                    row[head] = names[row[head]]
            out.setdefault(row["split"], []).append(row)
    return {s: sorted(rows, key=lambda r: r["id"]) for s, rows in sorted(out.items())}


@exporter("sighan", source="segmentation")
def export_sighan(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    for split, rows in data["segmentation"].items():
        path = out / f"{split}.utf8"
        path.write_text("".join("  ".join(r["tokens"]) + "\n" for r in rows), encoding="utf-8")
        words = out / f"{split}_words.utf8"
        words.write_text("".join(w + "\n" for w in sorted({t for r in rows for t in r["tokens"]})), encoding="utf-8")
        written += [path, words]
    return written


@exporter("conll")
def export_conll(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    for split, rows in data["ner"].items():
        for suffix, column in (("", "ner_tags"), (".msra", "ner_tags_msra")):
            path = out / f"{split}{suffix}.conll"
            blocks = ["\n".join(f"{c} {t}" for c, t in zip(r["chars"], r[column])) + "\n" for r in rows]
            path.write_text("\n".join(blocks), encoding="utf-8")
            written.append(path)
    return written


@exporter("brat")
def export_brat(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    conf = out / "annotation.conf"
    conf.write_text("[entities]\n" + "".join(f"{label}\n" for label in LABELS) +
                    "[relations]\n[events]\n[attributes]\n", encoding="utf-8")
    written.append(conf)
    for split, rows in data["ner"].items():
        by_doc: dict[str, list[dict]] = {}
        for r in rows:
            by_doc.setdefault(r["doc_id"], []).append(r)
        (out / split).mkdir(parents=True, exist_ok=True)
        for doc_id, sents in by_doc.items():
            text_parts, ann, offset, n = [], [], 0, 0
            for r in sents:
                for e in r["entities"]:
                    n += 1
                    ann.append(f"T{n}\t{e['label']} {offset + e['start']} {offset + e['end']}\t{e['text']}")
                text_parts.append(r["text"])
                offset += len(r["text"]) + 1
            txt, annf = out / split / f"{doc_id}.txt", out / split / f"{doc_id}.ann"
            txt.write_text("\n".join(text_parts) + "\n", encoding="utf-8")
            annf.write_text("".join(line + "\n" for line in ann), encoding="utf-8")
            written += [txt, annf]
    return written


exporter("labelstudio", source="lines")(labelstudio.export_tasks)
exporter("doccano", source="lines")(doccano.export_jsonl)


def export(dataset: Path, fmt: str, out: Path, *, annotations: Path = defaults.ANNOTATIONS,
           statuses: tuple[str, ...] = ("pre", "stale"), docs: tuple[str, ...] = ()) -> list[Path]:
    """Write format ``fmt``; ``annotations``, ``statuses`` and ``docs`` choose the lines of a round-trip format."""
    if fmt not in EXPORTERS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {sorted(EXPORTERS)}")
    write, source = EXPORTERS[fmt]
    if source == "lines":
        data = {"lines": curation_rows(dataset, annotations, statuses, docs)}
        if not data["lines"]:
            raise InputError(f"no annotation line in {annotations} has status {' or '.join(statuses)}"
                             + (f" in {', '.join(docs)}" if docs else "") + ": nothing to export (run "
                             "`suzhou-news annotate`, or choose other lines with --status)")
    else:
        data = {source: read_config(dataset, source)}
    inputs = (Guarded("--dataset", dataset), Guarded("--annotations", annotations), *default_inputs())
    with claim_output(out, "export", inputs):
        _refuse_links(out)
        out.mkdir(parents=True, exist_ok=True)
        written = write(data, out)
        write_marker(out, "export")
    return written


def _refuse_links(out: Path) -> None:
    """An earlier export with a symlink planted in it (``train.utf8`` → a file elsewhere) is refused."""
    if not out.is_dir():
        return
    for folder, dirs, files in os.walk(out):
        for name in sorted(dirs + files):
            if os.path.islink(os.path.join(folder, name)):
                raise UsageError(f"{os.path.join(folder, name)}: is a symlink inside the export folder; an export "
                                 f"never writes through a link: remove it, or pass another --out")
