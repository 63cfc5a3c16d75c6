"""doccano round trip: two sequence-labelling projects, one for entities and one for words.

Export (``suzhou-news export --format doccano --out DIR``) writes JSONL files in
doccano's sequence-labelling import format, one sentence per line,
``{"text": …, "label": [[start, end, "TYPE"], …], "sentence_id": …, "doc_id": …, "status": …}``:

* ``DIR/entities.jsonl`` (fine labels) with ``DIR/entity-labels.json`` for a project
  of entities;
* ``DIR/words.jsonl`` (label ``W`` on every word of two or more characters, see
  spans.py) with ``DIR/word-labels.json`` for a second project of words.

doccano keeps the extra keys as the example's metadata and writes them back on export.

Import (``suzhou-news import doccano ENTITIES.jsonl [--words WORDS.jsonl]``) reads
doccano's JSONL export (or the zip doccano 1.8 downloads, holding one ``<user>.jsonl``
such as ``admin.jsonl``: read in place, at most :data:`MAX_EXPORT_BYTES` unpacked) (``label`` as ``[start, end, type]`` lists; ``entities`` as
``{start_offset, end_offset, label}`` objects is read too; the metadata at the top
level or under ``meta``). Without ``--words`` the file's current words are kept. A
line becomes ``reviewed`` only where the export says a person approved it:
``annotation_approver`` set (doccano 1.x), or ``--approved-only`` for a file exported
with *Export only approved documents* (later versions do not say it per line);
with ``--words``, both projects must say so. Everything else stays ``pre``.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO
from pathlib import Path

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.labels import LABELS
from suzhou_news.builder.gold.labelstudio import COLORS
from suzhou_news.builder.gold.roundtrip import ToolLine, sentence_fields
from suzhou_news.builder.gold.spans import WORD_LABEL
from suzhou_news.builder.ingest.bounded import MAX_PAGE_BYTES, TooLarge, readline_at_most

MAX_EXPORT_BYTES = 256 * 2**20  # an unpacked JSONL export read from a zip


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _label_config(labels) -> str:
    return json.dumps([{"text": lab, "background_color": COLORS[lab], "text_color": "#ffffff"} for lab in labels],
                      ensure_ascii=False, indent=1) + "\n"


def export_jsonl(data: dict[str, list[dict]], out: Path) -> list[Path]:
    written = []
    for layer, conf_name, labels in (("entities", "entity-labels.json", LABELS), ("words", "word-labels.json", (WORD_LABEL,))):
        rows = [{"text": r["text"], "label": [list(s) for s in r[layer]], "sentence_id": r["id"],
                 "doc_id": r["doc_id"], "status": r["status"], **({"old_words": r["old_words"]} if r["old_words"] else {})}
                for r in data["lines"]]
        path, conf = out / f"{layer}.jsonl", out / conf_name
        path.write_text(_jsonl(rows), encoding="utf-8")
        conf.write_text(_label_config(labels), encoding="utf-8")
        written += [path, conf]
    return written


@contextmanager
def _open_export(path: Path) -> Iterator[tuple[str, BinaryIO]]:
    """``(name, stream)`` of an export: the JSONL file, or the one JSONL file of the zip doccano 1.8 downloads
    (``<user>.jsonl``, e.g. ``admin.jsonl``), read in place without unpacking it."""
    try:
        if not zipfile.is_zipfile(path):
            with path.open("rb") as fh:
                yield str(path), fh
            return
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if i.filename.endswith(".jsonl") and not i.is_dir()]
            if len(members) != 1:
                names = ", ".join(i.filename for i in zf.infolist()[:10]) or "nothing"
                raise InputError(f"{path}: a zip holding {len(members)} JSONL files ({names}); doccano writes one per "
                                 "annotator: extract the one to import and pass that file")
            info = members[0]
            if info.file_size > MAX_EXPORT_BYTES:
                raise InputError(f"{path}: {info.filename} unpacks to {info.file_size:,} bytes, over the "
                                 f"{MAX_EXPORT_BYTES:,}-byte limit: export fewer documents at a time")
            with zf.open(info) as fh:
                yield f"{path}!{info.filename}", fh
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, zlib.error) as exc:
        raise InputError(f"{path}: a damaged zip ({exc}): export again from doccano") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def _read(path: Path, layer: str, approved_only: bool) -> dict[str, tuple[str, str, tuple, bool]]:
    """``sentence_id → (where, text, spans, approved)`` for one exported JSONL file (or doccano's zip of it)."""
    with _open_export(path) as (name, fh):
        return _rows(name, _lines(name, fh), layer, approved_only)


def _rows(name: str, lines: Iterator[tuple[int, str]], layer: str, approved_only: bool) -> dict:
    out: dict[str, tuple[str, str, tuple, bool]] = {}
    for lineno, line in lines:
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}:{exc.colno}: not a JSON object ({exc.msg}): export as JSONL") from exc
        except RecursionError:
            raise InputError(f"{where}: JSON nested too deeply to read: not a doccano export; export as JSONL") from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: not a JSON object: export as JSONL")
        meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
        sid, text = row.get("sentence_id", meta.get("sentence_id")), row.get("text", row.get("data"))
        sentence_fields(where, sid, text, "'text' and 'sentence_id'", "suzhou-news export --format doccano --out doccano/")
        where = f"{where} (sentence {sid})"
        if sid in out:
            raise InputError(f"{where}: sentence {sid} appears twice (also {out[sid][0]}): keep one line")
        out[sid] = (where, text, _spans(row, where, layer), approved_only or bool(row.get("annotation_approver")))
    return out


def _lines(name: str, fh: BinaryIO) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of a JSONL export, read line by line (a line over the page limit is refused)."""
    lineno = 0
    try:
        while raw := readline_at_most(fh, MAX_PAGE_BYTES):
            lineno += 1
            try:
                yield lineno, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}:{lineno}: not UTF-8 (byte {exc.start} of the line): export again as "
                                 "JSONL") from None
    except TooLarge as big:
        raise InputError(f"{name}:{lineno + 1}: {big.size} bytes on one line, over the {big.limit}-byte limit: "
                         "not one sentence; export again as JSONL") from None


def _spans(row: dict, where: str, layer: str) -> tuple:
    if isinstance(row.get("entities"), list):  # the relation-project form
        items = [(e.get("start_offset"), e.get("end_offset"), e.get("label")) if isinstance(e, dict) else e
                 for e in row["entities"]]
    else:
        items = row.get("label", row.get("labels", []))
    if not isinstance(items, list):
        raise InputError(f"{where}: 'label' must be a list of [start, end, type]: export again as JSONL")
    spans = []
    for k, item in enumerate(items, start=1):
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            raise InputError(f"{where}: label {k} is {item!r}, expected [start, end, type]")
        if layer == "words" and item[2] != WORD_LABEL:
            raise InputError(f"{where}: label {k} is {item[2]!r} in the words project: word spans are labelled "
                             f"{WORD_LABEL!r}")
        spans.append(tuple(item))
    return tuple(spans)


def read_export(path: Path, *, words: Path | None = None, approved_only: bool = False) -> list[ToolLine]:
    """The sentences of a doccano export (entities project, and optionally the words project)."""
    ents = _read(path, "entities", approved_only)
    word_rows = _read(words, "words", approved_only) if words is not None else {}
    for sid, (where, text, _, _) in word_rows.items():
        if sid not in ents:
            raise InputError(f"{where}: sentence {sid} is in the words project but not in {path}: export both "
                             "projects with the same sentences")
        if text != ents[sid][1]:
            raise InputError(f"{where}: the text differs from {ents[sid][0]}: the two projects must hold the same "
                             "sentences")
    lines = []
    for sid, (where, text, spans, approved) in ents.items():
        w = word_rows.get(sid)
        lines.append(ToolLine(where + (f" and {w[0]}" if w else ""), sid, text, w[2] if w else None, spans,
                              completed=approved and (w is None or w[3])))
    return lines
