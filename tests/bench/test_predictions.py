"""suzhou_news/bench/predictions.py: prediction files in every format, and every way one can be wrong.

The gold is the test split of the tiny dataset (test_data.py): 我爱北京天安门。 /
王五在北京大学学习。 / 张三在苏州市政府工作。  Each bad file names the line or
sentence id and what is wrong; nothing is read on a subset.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from suzhou_news.bench.predictions import PredictionError, read_predictions


@pytest.fixture
def test_split(tiny_gold):
    return tiny_gold.test


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _cws_rows(split):
    words = [["我", "爱", "北京", "天安门", "。"], ["王五", "在", "北京大学", "学习", "。"],
             ["张三", "在", "苏州市政府", "工作", "。"]]
    return [{"id": s.id, "tokens": w} for s, w in zip(split, words)]


def test_jsonl_segmentation_in_any_order_comes_back_in_dataset_order(tmp_path, test_split):
    rows = _cws_rows(test_split)
    preds = read_predictions(_jsonl(tmp_path / "p.jsonl", rows[::-1]), "cws", test_split)
    assert preds.format == "jsonl" and len(preds.sha256) == 64
    assert preds.items[0] == ["我", "爱", "北京", "天安门", "。"] and preds.items[2][2] == "苏州市政府"


def test_sighan_text_is_read_in_dataset_order(tmp_path, test_split):
    path = tmp_path / "p.utf8"
    path.write_text("我 爱 北京 天安门 。\n王五 在 北京 大学 学习 。\n张三  在 苏州市 政府 工作 。\n", encoding="utf-8")
    preds = read_predictions(path, "cws", test_split)
    assert preds.format == "sighan" and preds.items[1] == ["王五", "在", "北京", "大学", "学习", "。"]


def test_ner_entities_tags_and_conll_give_the_same_spans(tmp_path, test_split):
    """The same spans written three ways: entities, one IOBES tag per character, CoNLL BIO."""
    ids = [s.id for s in test_split]
    entities = [{"id": ids[0], "entities": [{"start": 2, "end": 4, "label": "LOC"},
                                            {"start": 4, "end": 7, "label": "LOC"}]},
                {"id": ids[1], "entities": [{"start": 0, "end": 2, "label": "PER"}]},
                {"id": ids[2], "entities": []}]
    tags = [{"id": ids[0], "tags": ["O", "O", "B-LOC", "E-LOC", "B-LOC", "I-LOC", "E-LOC", "O"]},
            {"id": ids[1], "tags": ["B-PER", "E-PER"] + ["O"] * 8},
            {"id": ids[2], "tags": ["O"] * 11}]
    conll = tmp_path / "p.conll"
    conll.write_text(textwrap.dedent("""\
        我 O
        爱 O
        北 B-LOC
        京 I-LOC
        天 B-LOC
        安 I-LOC
        门 I-LOC
        。 O

        王 B-PER
        五 I-PER
        在 O
        北 O
        京 O
        大 O
        学 O
        学 O
        习 O
        。 O

        """) + "".join(f"{ch} O\n" for ch in "张三在苏州市政府工作。"), encoding="utf-8")
    expected = ([(2, 4, "LOC"), (4, 7, "LOC")], [(0, 2, "PER")], [])
    for path in (_jsonl(tmp_path / "e.jsonl", entities), _jsonl(tmp_path / "t.jsonl", tags), conll):
        assert read_predictions(path, "ner", test_split).items == expected, path.name


@pytest.mark.parametrize("case, message", [
    ("missing", r"1 of 3 sentences have no prediction, first a3-"),
    ("extra", r"line 4 \(id a9-0001\): no such sentence in the scored split"),
    ("duplicate", r"line 4 \(id a3-[a-z0-9-]+\): this id was already predicted on line 1"),
    ("misspelt", r"line 2 \(id a3-[a-z0-9-]+\): the tokens do not spell the sentence .* at character 4 "
                 r"\(tokens have '京', sentence has '北'\)"),
    ("not json", r"line 2: not a JSON object"),
    ("space in token", r"line 1 \(id a3-[a-z0-9-]+\): token '北 京' is empty or contains whitespace"),
])
def test_bad_jsonl_segmentation_names_the_line_and_id(tmp_path, test_split, case, message):
    rows = [json.dumps(r, ensure_ascii=False) for r in _cws_rows(test_split)]
    if case == "missing":
        rows = rows[:2]
    elif case == "extra":
        rows.append(json.dumps({"id": "a9-0001", "tokens": ["x"]}))
    elif case == "duplicate":
        rows.append(rows[0])
    elif case == "misspelt":
        rows[1] = json.dumps({"id": test_split[1].id, "tokens": ["王五", "在", "京", "大学", "学习", "。"]},
                             ensure_ascii=False)
    elif case == "not json":
        rows[1] = "{id: 1"
    elif case == "space in token":
        rows[0] = json.dumps({"id": test_split[0].id, "tokens": ["我", "爱", "北 京", "天安门", "。"]},
                             ensure_ascii=False)
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(PredictionError, match=message) as info:
        read_predictions(path, "cws", test_split)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("entities, tags, message", [
    ([{"start": 2, "end": 4, "label": "GPE"}], None, r"unknown label 'GPE' .*pass --label-set fine"),
    ([{"start": 2, "end": 4, "label": "CITY"}], None, r"unknown label 'CITY'"),
    ([{"start": 2, "end": 5, "label": "LOC"}, {"start": 4, "end": 7, "label": "LOC"}], None, "overlap"),
    ([{"start": 6, "end": 12, "label": "LOC"}], None, r"outside the sentence \(0..8\)"),
    (None, ["O"] * 7, r"one tag per character of the sentence \(8\), got 7"),
    (None, ["O", "O", "X-LOC", "O", "O", "O", "O", "O"], "malformed tag 'X-LOC'"),
])
def test_bad_ner_predictions_name_the_id(tmp_path, test_split, entities, tags, message):
    first = {"id": test_split[0].id, **({"entities": entities} if tags is None else {"tags": tags})}
    rest = [{"id": s.id, "entities": []} for s in test_split[1:]]
    with pytest.raises(PredictionError, match=message) as info:
        read_predictions(_jsonl(tmp_path / "p.jsonl", [first, *rest]), "ner", test_split)
    assert f"id {test_split[0].id}" in str(info.value)


def test_text_formats_must_hold_one_sentence_per_gold_sentence(tmp_path, test_split):
    sighan = tmp_path / "p.txt"
    sighan.write_text("我 爱 北京 天安门 。\n", encoding="utf-8")
    with pytest.raises(PredictionError, match=r"1 lines but the scored split has 3 sentences"):
        read_predictions(sighan, "cws", test_split)
    conll = tmp_path / "p.conll"
    conll.write_text("".join(f"{ch} O\n" for ch in "我爱北京天安门。") + "\n" + "王 O\n", encoding="utf-8")
    with pytest.raises(PredictionError, match=r"2 sentences \(blocks separated by a blank line\)"):
        read_predictions(conll, "ner", test_split)
    sighan.write_text("我 爱 北京 天安门 。\n王五 在 北京大学 学习 。\n张三 在 苏州 工作 。\n", encoding="utf-8")
    with pytest.raises(PredictionError, match=r"line 3 \(id a3-"):
        read_predictions(sighan, "cws", test_split)
    with pytest.raises(PredictionError, match="format 'conll' does not hold cws predictions"):
        read_predictions(sighan, "cws", test_split, fmt="conll")
