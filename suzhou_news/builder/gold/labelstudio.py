"""Label Studio round trip: tasks with pre-annotations out, Label Studio's JSON export back in.

Export (``suzhou-news export --format labelstudio --out DIR``) writes

* ``DIR/tasks.json``: one task per sentence, ``data`` = ``{text, sentence_id, doc_id,
  status}`` (plus ``old_words`` for a stale line), and the machine draft as one
  ``predictions`` entry whose ``result`` holds ``labels`` regions on the ``text``
  object: ``from_name: "entity"`` for entities (fine labels) and ``from_name: "word"``
  (label ``W``) for every word of two or more characters (spans.py);
* ``DIR/labeling-config.xml``: the matching labelling interface (paste it under
  *Settings → Labeling Interface*).

Import (``suzhou-news import labelstudio EXPORT.json``) reads Label Studio's JSON
export (a list of tasks with ``annotations[].result[]`` items ``{from_name, to_name,
type, value: {start, end, text, labels}}``, offsets in code points). Per task, the
annotations with ``was_cancelled`` false count; one marked ``ground_truth`` wins,
otherwise they must agree. The line becomes ``reviewed`` only when that annotation
has a ``completed_by`` (a person submitted it); an annotation without one keeps the
line ``pre``; a task without annotations is left alone. An annotation without any
``word`` region keeps the file's words.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.labels import LABELS
from suzhou_news.builder.gold.roundtrip import ToolLine, sentence_fields
from suzhou_news.builder.gold.spans import WORD_LABEL

ENTITY_FROM, WORD_FROM, TO_NAME = "entity", "word", "text"
# An export is read whole, and JSON takes about 8 times its size in memory: above this, import it in parts.
MAX_EXPORT_BYTES = 64 * 1024 * 1024
COLORS = {"PER": "#e6194b", "ORG": "#3cb44b", "GPE": "#4363d8", "LOC": "#f58231", "TITLE": "#911eb4",
          "EVENT": "#42d4f4", WORD_LABEL: "#bfbfbf"}


def labeling_config() -> str:
    """The labelling interface: entity labels and the word layer over one ``Text``."""
    def labels(name: str, values) -> str:
        inner = "".join(f"\n    <Label value={quoteattr(v)} background={quoteattr(COLORS[v])}/>" for v in values)
        return f'  <Labels name="{name}" toName="{TO_NAME}">{inner}\n  </Labels>'

    return "\n".join([
        "<View>",
        '  <Header value="$sentence_id"/>',
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
        labels(ENTITY_FROM, LABELS),
        labels(WORD_FROM, [WORD_LABEL]),
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>',
        "</View>",
    ]) + "\n"


def _region(rid: str, from_name: str, text: str, start: int, end: int, label: str) -> dict:
    return {"id": rid, "from_name": from_name, "to_name": TO_NAME, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def task(row: dict) -> dict:
    """One Label Studio task for a row of ``roundtrip.curation_rows``."""
    data = {"text": row["text"], "sentence_id": row["id"], "doc_id": row["doc_id"], "status": row["status"]}
    if row.get("old_words"):
        data["old_words"] = row["old_words"]
    result = [_region(f"w{i}", WORD_FROM, row["text"], s, e, label) for i, (s, e, label) in enumerate(row["words"])]
    result += [_region(f"e{i}", ENTITY_FROM, row["text"], s, e, label) for i, (s, e, label) in enumerate(row["entities"])]
    return {"data": data, "predictions": [{"model_version": f"suzhou-news {row['status']} line", "result": result}]}


def export_tasks(data: dict[str, list[dict]], out: Path) -> list[Path]:
    tasks, config = out / "tasks.json", out / "labeling-config.xml"
    items = [json.dumps(task(r), ensure_ascii=False) for r in data["lines"]]
    tasks.write_text("[\n" + ",\n".join(items) + "\n]\n", encoding="utf-8")  # one task per line
    config.write_text(labeling_config(), encoding="utf-8")
    return [tasks, config]


def _load(path: Path) -> list:
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise InputError(f"{path}: {size} bytes, over the {MAX_EXPORT_BYTES}-byte limit for one Label Studio "
                             "export (it is read whole): export the project in parts (filter the tasks in the Data "
                             "Manager, Export → JSON for each part) and import each")
        doc = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply to read: not a Label Studio export; use Export → JSON") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}): export again as JSON") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}): use Label Studio's "
                         "Export → JSON") from exc
    if not isinstance(doc, list):
        raise InputError(f"{path}: expected a JSON list of tasks (Label Studio's Export → JSON), "
                         f"found a {type(doc).__name__}")
    return doc


def _chosen_annotation(annotations: list, where: str) -> dict | None:
    live = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    truth = [a for a in live if a.get("ground_truth")]
    pick = truth or live
    if not pick:
        return None
    results = {json.dumps(_regions_key(a.get("result"), where), sort_keys=True) for a in pick}
    if len(results) > 1:
        raise InputError(f"{where}: {len(pick)} annotations disagree: mark the right one as ground truth in Label "
                         "Studio (or delete the others) and export again")
    return pick[-1]


def _regions_key(result, where: str) -> list:
    if not isinstance(result, list):
        raise InputError(f"{where}: annotation result is not a list of regions: export again as JSON")
    values = [(r.get("from_name"), _value(r, where)) for r in result if isinstance(r, dict)]
    return sorted((str(name), str(v.get("start")), str(v.get("end")), str(v.get("labels"))) for name, v in values)


def _value(region: dict, where: str) -> dict:
    value = region.get("value") or {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: a region's 'value' is {value!r}, not an object with start, end and labels: "
                         "export again as JSON")
    return value


def _spans(result: list, text: str, where: str) -> tuple[list, list]:
    words, entities = [], []
    for k, region in enumerate(result, start=1):
        at = f"{where}, result item {k}"
        if not isinstance(region, dict) or region.get("type") != "labels" or region.get("from_name") not in (
                ENTITY_FROM, WORD_FROM):
            got = region.get("from_name") if isinstance(region, dict) else region
            raise InputError(f"{at}: expected a 'labels' region from 'entity' or 'word', found {got!r}: use the "
                             "labelling config written by `suzhou-news export --format labelstudio --out labelstudio/`")
        value = _value(region, at)
        labels = value.get("labels") or []
        if not isinstance(labels, list) or len(labels) != 1:
            raise InputError(f"{at}: a region needs exactly one label, found {labels!r}: fix it in Label Studio")
        start, end = value.get("start"), value.get("end")
        if "text" in value and isinstance(start, int) and isinstance(end, int) and text[start:end] != value["text"]:
            raise InputError(f"{at}: offsets [{start}, {end}) give {text[start:end]!r} but the region says "
                             f"{value['text']!r}: the offsets are not code points of the task text")
        (words if region["from_name"] == WORD_FROM else entities).append((start, end, labels[0]))
    return words, entities


def read_export(path: Path) -> list[ToolLine]:
    """The sentences of a Label Studio JSON export that carry an annotation."""
    lines = []
    for i, item in enumerate(_load(path)):
        where = f"{path}: task {item.get('id', '?') if isinstance(item, dict) else '?'} (item {i + 1})"
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            raise InputError(f"{where}: not a task object with 'data': use Label Studio's Export → JSON")
        data = item["data"]
        sid, text = data.get("sentence_id"), data.get("text")
        sentence_fields(where, sid, text, "data.sentence_id and data.text",
                        "suzhou-news export --format labelstudio --out labelstudio/")
        where = f"{where}, sentence {sid}"
        annotations = item.get("annotations") or []
        if not isinstance(annotations, list):
            raise InputError(f"{where}: 'annotations' is {annotations!r}, not a list: use Label Studio's Export → JSON")
        chosen = _chosen_annotation(annotations, where)
        if chosen is None:
            continue
        words, entities = _spans(chosen.get("result") or [], text, where)
        lines.append(ToolLine(where, sid, text, tuple(words) if words else None, tuple(entities),
                              completed=bool(chosen.get("completed_by"))))
    return lines
