"""Hostile tool exports (issue 20): wrong types, JSON nested 100,000 deep, lone surrogates, an export too
big to read whole. Each stops the import with an InputError naming the file and the task or line (the
command line prints it and exits 2), never a traceback."""

import json

import pytest

from suzhou_news.builder.gold import doccano, labelstudio
from suzhou_news.errors import InputError

TEXT = "苏州市召开会议。"


def _task(**change) -> dict:
    region = {"from_name": "entity", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 3, "text": "苏州市", "labels": ["GPE"]}}
    task = {"id": 7, "data": {"text": TEXT, "sentence_id": "d-s0001"},
            "annotations": [{"result": [region], "completed_by": 1}]}
    for key, value in change.items():
        if key == "value":
            region["value"] = value
        elif key == "labels":
            region["value"]["labels"] = value
        else:
            task[key] = value
    return task


@pytest.mark.parametrize("change,message", [
    ({"annotations": 5}, r"task 7 .*'annotations' is 5, not a list"),
    ({"value": [1, 2]}, r"task 7 .*'value' is \[1, 2\], not an object"),
    ({"labels": 3}, r"task 7 .*exactly one label, found 3"),
    ({"data": {"text": "苏\ud800", "sentence_id": "d-s0001"}}, r"task 7 .*lone surrogate \(U\+D800\)"),
])
def test_label_studio_wrong_shapes_are_named(tmp_path, change, message):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([_task(**change)]), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        labelstudio.read_export(path)


def test_label_studio_json_nested_100000_deep(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"export.json: JSON nested too deeply"):
        labelstudio.read_export(path)


def test_label_studio_export_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """The 420 MB export case, scaled down: refused from its size, with the way out (export in parts)."""
    monkeypatch.setattr(labelstudio, "MAX_EXPORT_BYTES", 100)
    path = tmp_path / "export.json"
    path.write_text(json.dumps([_task()] * 5), encoding="utf-8")
    with pytest.raises(InputError, match=r"export.json: \d+ bytes, over the 100-byte limit.*in parts"):
        labelstudio.read_export(path)


@pytest.mark.parametrize("line,message", [
    ("[" * 100_000 + "]" * 100_000, r"e.jsonl:1: JSON nested too deeply"),
    (json.dumps({"text": "苏\udc00", "sentence_id": "d-s0001", "label": []}), r"e.jsonl:1: .*lone surrogate \(U\+DC00\)"),
    (json.dumps({"text": TEXT, "sentence_id": "d-s0001", "label": 5}), r"e.jsonl:1 .*'label' must be a list"),
])
def test_doccano_hostile_lines_are_named(tmp_path, line, message):
    path = tmp_path / "e.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        doccano.read_export(path)


def test_doccano_is_read_line_by_line_and_a_huge_line_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(doccano, "MAX_PAGE_BYTES", 1000)
    good = json.dumps({"text": TEXT, "sentence_id": "d-s0001", "label": []}, ensure_ascii=False)
    path = tmp_path / "e.jsonl"
    path.write_text(good + "\n" + json.dumps({"text": "字" * 5000}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"e.jsonl:2: \d+ bytes on one line, over the 1000-byte limit"):
        doccano.read_export(path)
