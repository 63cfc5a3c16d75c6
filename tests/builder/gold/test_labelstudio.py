"""Label Studio round trip: export tasks, edit them as Label Studio's JSON export would, import, build."""

import json

import pytest

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.annotation_format import format_sentence, read_annotation_file
from suzhou_news.builder.gold.export import export
from suzhou_news.builder.gold.labelstudio import labeling_config, read_export
from suzhou_news.builder.gold.roundtrip import apply_tool_lines
from tests.fixtures.curation_corpus import gold, make_corpus, rebuild, set_status, word_spans

S0 = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。"
S0_WORDS = "苏州市 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。"
S1 = "市委书记曹路宝出席会议并讲话。"
S1_WORDS = "市委 书记 曹路宝 出席 会议 并 讲话 。"


@pytest.fixture
def corpus(tmp_path):
    """Four pre lines; a-s0002 reviewed (its pair segmentation is right), so the gold has one row before."""
    paths = make_corpus(tmp_path)
    set_status(paths["ann"] / "a.txt", "a-s0002", "reviewed")
    rebuild(paths)
    export(paths["out"], "labelstudio", tmp_path / "ls", annotations=paths["ann"])
    paths["tasks"] = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    paths["export"] = tmp_path / "export.json"
    return paths


def regions(text, words, entities):
    """A result list as Label Studio writes it: word regions (2+ characters) and entity regions."""
    out = [{"id": f"w{k}", "from_name": "word", "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": ["W"]}}
           for k, (s, e) in enumerate(word_spans(text, words)) if e - s > 1]
    out += [{"id": f"e{k}", "from_name": "entity", "to_name": "text", "type": "labels", "origin": "manual",
             "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}
            for k, (s, e, label) in enumerate(entities)]
    return out


def annotation(text, words, entities, completed_by=1, cancelled=False, ground_truth=False):
    return {"id": 1000, "completed_by": completed_by, "result": regions(text, words, entities),
            "was_cancelled": cancelled, "ground_truth": ground_truth, "created_at": "2026-11-26T10:00:00.000000Z",
            "updated_at": "2026-11-26T10:05:00.000000Z", "lead_time": 61.2, "result_count": 0}


def as_exported(tasks, annotations):
    """Label Studio's Export → JSON: the tasks with ids, project fields and the given annotations."""
    out = []
    for k, task in enumerate(tasks, start=1):
        sid = task["data"]["sentence_id"]
        out.append({"id": k, "project": 3, "created_at": "2026-11-26T09:00:00.000000Z", "data": task["data"],
                    "annotations": annotations.get(sid, []), "predictions": task["predictions"], "drafts": []})
    return out


def write(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


def test_export_sends_the_pre_lines_with_both_layers(corpus):
    """Tasks for the three pre lines (not the reviewed one); predictions hold word and entity regions."""
    tasks = corpus["tasks"]
    assert [t["data"]["sentence_id"] for t in tasks] == ["a-s0000", "a-s0001", "a-s0003"]
    first = tasks[0]["predictions"][0]["result"]
    assert {r["from_name"] for r in first} == {"word", "entity"}
    assert [r["value"]["text"] for r in first if r["from_name"] == "entity"] == ["苏州"]
    assert all(len(r["value"]["text"]) == 2 for r in first if r["from_name"] == "word")  # the pair segmenter
    config = labeling_config()
    assert '<Labels name="entity" toName="text">' in config and '<Label value="W"' in config
    assert '<Text name="text" value="$text"' in config


def test_round_trip_puts_the_edits_in_the_gold_and_changes_nothing_else(corpus):
    """s0000 completed by a person → reviewed with its edits; s0001 has an annotation nobody completed →
    its edits stay pre; s0003 was skipped (cancelled) → untouched. The rebuilt gold differs only by s0000."""
    ann = corpus["ann"] / "a.txt"
    before_file = ann.read_text(encoding="utf-8").split("\n")
    before_gold = gold(corpus["out"])
    exported = as_exported(corpus["tasks"], {
        "a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "GPE")])],
        "a-s0001": [annotation(S1, S1_WORDS, [(4, 7, "PER")], completed_by=None)],
        "a-s0003": [annotation("", "", [], cancelled=True)],
    })
    write(corpus["export"], exported)
    summary = apply_tool_lines(corpus["out"], corpus["ann"], read_export(corpus["export"]))
    assert summary == [f"{ann}: 1 reviewed, 1 pre updated"]
    after_file = ann.read_text(encoding="utf-8").split("\n")
    expect_s0 = format_sentence(S0_WORDS.split(), [(0, 1, "GPE")], "a-s0000", "reviewed")
    expect_s1 = format_sentence(S1_WORDS.split(), [(2, 3, "PER")], "a-s0001", "pre")
    changed = {i for i, (x, y) in enumerate(zip(before_file, after_file)) if x != y}
    assert len(after_file) == len(before_file)
    assert [after_file[i] for i in sorted(changed)] == [expect_s0, expect_s1]

    rebuild(corpus)
    after_gold = gold(corpus["out"])
    assert sorted(after_gold) == ["a-s0000", "a-s0002"]
    assert after_gold["a-s0002"] == before_gold["a-s0002"]
    assert after_gold["a-s0000"]["tokens"] == S0_WORDS.split()
    assert [(e["start"], e["end"], e["text"]) for e in after_gold["a-s0000"]["entities"]] == [(0, 3, "苏州市")]


def test_a_task_whose_sentence_changed_is_kept_stale(corpus):
    """The task text is not the dataset's sentence any more: a completed task is kept as stale, not lost."""
    old = "市委书记曹路宝出席会议。"
    task = dict(corpus["tasks"][1], data={**corpus["tasks"][1]["data"], "text": old})
    write(corpus["export"], as_exported([task], {"a-s0001": [annotation(old, "市委 书记 曹路宝 出席 会议 。", [])]}))
    summary = apply_tool_lines(corpus["out"], corpus["ann"], read_export(corpus["export"]))
    assert "1 stale" in summary[0] and "kept as stale" in summary[0]
    line = read_annotation_file(corpus["ann"] / "a.txt").sentences[1]
    assert (line.sentence_id, line.status, line.tokens) == ("a-s0001", "stale", tuple("市委 书记 曹路宝 出席 会议 。".split()))
    report = rebuild(corpus).report["annotations"]["coverage"]
    assert report["stale"] == 1 and report["reviewed"] == 1


def _bad_entity(c):
    return as_exported(c["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 2, "GPE")])]})


def _bad_text(c):
    doc = as_exported(c["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "GPE")])]})
    doc[0]["annotations"][0]["result"][-1]["value"]["text"] = "苏州"
    return doc


def _disagree(c):
    return as_exported(c["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "GPE")]),
                                                     annotation(S0, S0_WORDS, [(0, 3, "LOC")])]})


def _unknown_label(c):
    return as_exported(c["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "CITY")])]})


def _foreign_sentence(c):
    doc = as_exported(c["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [])]})
    doc[0]["data"]["sentence_id"] = "zz-s0000"
    return doc


@pytest.mark.parametrize("make, message", [
    (_bad_entity, r"task 1 \(item 1\), sentence a-s0000: entity GPE \[0, 2\) '苏州' does not start and end on word"),
    (_bad_text, r"task 1 \(item 1\), sentence a-s0000, result item \d+: offsets \[0, 3\) give '苏州市'"),
    (_disagree, r"task 1 \(item 1\), sentence a-s0000: 2 annotations disagree: mark the right one as ground truth"),
    (_unknown_label, r"task 1 \(item 1\), sentence a-s0000: unknown entity label 'CITY'"),
    (_foreign_sentence, r"task 1 \(item 1\), sentence zz-s0000: sentence 'zz-s0000' is not in"),
], ids=["entity-off-words", "offsets-vs-text", "disagreeing-annotations", "unknown-label", "foreign-sentence"])
def test_import_errors_name_the_task_and_write_nothing(corpus, make, message):
    """Each bad export is refused with the task named; the annotation file is left byte for byte."""
    before = (corpus["ann"] / "a.txt").read_bytes()
    write(corpus["export"], make(corpus))
    with pytest.raises(InputError, match=message):
        apply_tool_lines(corpus["out"], corpus["ann"], read_export(corpus["export"]))
    assert (corpus["ann"] / "a.txt").read_bytes() == before


def test_one_bad_task_stops_the_whole_import(corpus):
    """A good task before a bad one is not written either: all or nothing."""
    before = (corpus["ann"] / "a.txt").read_bytes()
    doc = as_exported(corpus["tasks"][:2], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "GPE")])],
                                            "a-s0001": [annotation(S1, S1_WORDS, [(4, 6, "PER")])]})
    write(corpus["export"], doc)
    with pytest.raises(InputError, match="task 2"):
        apply_tool_lines(corpus["out"], corpus["ann"], read_export(corpus["export"]))
    assert (corpus["ann"] / "a.txt").read_bytes() == before


def test_ground_truth_settles_disagreement(corpus):
    """Two annotations disagree, one is marked ground truth: it is the one imported."""
    doc = as_exported(corpus["tasks"][:1], {"a-s0000": [annotation(S0, S0_WORDS, [(0, 3, "LOC")]),
                                                        annotation(S0, S0_WORDS, [(0, 3, "GPE")], ground_truth=True)]})
    write(corpus["export"], doc)
    (line,) = read_export(corpus["export"])
    assert line.entities == ((0, 3, "GPE"),) and line.completed


def test_not_json_names_line_and_column(corpus):
    """A truncated download is refused with the file, line and column."""
    corpus["export"].write_text('[{"id": 1,\n "data": {', encoding="utf-8")
    with pytest.raises(InputError, match=r"export\.json:2:\d+: not JSON"):
        read_export(corpus["export"])


def test_label_studio_accepts_the_config_the_predictions_and_the_example_export(corpus):
    """Label Studio's own validator (label-studio-sdk's LabelInterface, offline) reads the config we write,
    accepts every prediction and the example export's annotations, and rejects a label the config lacks."""
    pytest.importorskip("label_studio_sdk", reason="pip install label-studio-sdk (in the test extra)")
    from pathlib import Path

    from label_studio_sdk.label_interface import LabelInterface

    li = LabelInterface(labeling_config())
    assert sorted(c.name for c in li.controls) == ["entity", "word"]
    assert all(li.validate_prediction(p) for t in corpus["tasks"] for p in t["predictions"])
    example = Path(__file__).resolve().parents[3] / "docs" / "examples" / "labelstudio-export-005_canal_culture.json"
    assert all(li.validate_annotation(a) for t in json.loads(example.read_text("utf-8")) for a in t["annotations"])
    bad = json.loads(json.dumps(corpus["tasks"][0]["predictions"][0]))
    bad["result"][0]["value"]["labels"] = ["CITY"]
    assert not li.validate_prediction(bad)


def test_export_chooses_lines_by_status_and_offers_the_draft_for_a_stale_line(corpus, tmp_path):
    """--status reviewed sends the reviewed line; a stale line goes out with its old words in the data and the
    fresh machine draft (pre/a.txt) as the prediction, since its own words spell an old text."""
    export(corpus["out"], "labelstudio", tmp_path / "rev", annotations=corpus["ann"], statuses=("reviewed",))
    reviewed = json.loads((tmp_path / "rev" / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["sentence_id"] for t in reviewed] == ["a-s0002"]
    path = corpus["ann"] / "a.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(
        next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("a-s0001")),
        "a-s0001\tstale\t市委 书记 出席 会议 。"), encoding="utf-8")
    export(corpus["out"], "labelstudio", tmp_path / "stale", annotations=corpus["ann"], statuses=("stale",))
    (task,) = json.loads((tmp_path / "stale" / "tasks.json").read_text(encoding="utf-8"))
    assert task["data"]["status"] == "stale" and task["data"]["old_words"] == "市委 书记 出席 会议 。"
    words = [r["value"]["text"] for r in task["predictions"][0]["result"] if r["from_name"] == "word"]
    assert words == ["市委", "书记", "曹路", "宝出", "席会", "议并", "讲话"]  # the pair segmenter's draft


def test_exporting_nothing_says_how_to_get_lines(corpus, tmp_path):
    with pytest.raises(InputError, match="nothing to export"):
        export(corpus["out"], "labelstudio", tmp_path / "x", annotations=corpus["ann"], statuses=("stale",))
    with pytest.raises(InputError, match="document 'zz' is not in"):
        export(corpus["out"], "doccano", tmp_path / "x", annotations=corpus["ann"], docs=("zz",))
