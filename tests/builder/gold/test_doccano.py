"""doccano round trip: entities and words projects exported, edited as doccano's JSONL export would, imported, built."""

import json

import pytest

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.annotation_format import format_sentence, read_annotation_file
from suzhou_news.builder.gold.doccano import read_export
from suzhou_news.builder.gold.export import export
from suzhou_news.builder.gold.roundtrip import apply_tool_lines
from tests.fixtures.curation_corpus import gold, make_corpus, rebuild, set_status, word_spans

S0 = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。"
S0_WORDS = "苏州市 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。"
S3 = "与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。"
S3_WORDS = "与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 上海 ， 融入 长三角 一体化 发展 。"


@pytest.fixture
def corpus(tmp_path):
    paths = make_corpus(tmp_path)
    set_status(paths["ann"] / "a.txt", "a-s0002", "reviewed")
    rebuild(paths)
    export(paths["out"], "doccano", tmp_path / "dc", annotations=paths["ann"])
    for name in ("entities", "words"):
        paths[name] = [json.loads(line) for line in (tmp_path / "dc" / f"{name}.jsonl").read_text("utf-8").splitlines()]
    return paths


def exported(rows, edits, approver="curator"):
    """doccano's JSONL export: id, text, the metadata back at the top level, label, Comments."""
    out = []
    for k, row in enumerate(rows, start=1):
        label = edits.get(row["sentence_id"], row["label"])
        out.append({"id": 40 + k, "text": row["text"], "sentence_id": row["sentence_id"], "doc_id": row["doc_id"],
                    "status": row["status"], "label": label, "Comments": [],
                    "annotation_approver": approver if row["sentence_id"] in edits else None})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out)


def _unapproved(jsonl, marker):
    """The same export with the approver of the line holding ``marker`` removed (approved in one project only)."""
    return "".join(line.replace('"annotation_approver": "curator"', '"annotation_approver": null') if marker in line
                   else line for line in jsonl.splitlines(keepends=True))


def words_label(text, words):
    return [[s, e, "W"] for s, e in word_spans(text, words) if e - s > 1]


def test_export_writes_both_projects(corpus):
    """Three pre lines in each project; entity labels fine, word labels W on 2+ character words."""
    assert [r["sentence_id"] for r in corpus["entities"]] == ["a-s0000", "a-s0001", "a-s0003"]
    assert corpus["entities"][0]["label"] == [[0, 2, "LOC"]]
    assert {lab for r in corpus["words"] for *_, lab in r["label"]} == {"W"}
    assert (corpus["ann"].parent / "dc" / "entity-labels.json").exists()


def test_round_trip_puts_the_approved_edits_in_the_gold_and_changes_nothing_else(corpus, tmp_path):
    """s0000 approved in both projects → reviewed; s0003 edited in both but not approved → pre with the edits."""
    ann = corpus["ann"] / "a.txt"
    before_file = ann.read_text(encoding="utf-8").split("\n")
    before_gold = gold(corpus["out"])
    s3_entities = [[17, 19, "GPE"], [22, 25, "LOC"]]
    ents = exported(corpus["entities"], {"a-s0000": [[0, 3, "GPE"]], "a-s0003": s3_entities})
    words = exported(corpus["words"], {"a-s0000": words_label(S0, S0_WORDS), "a-s0003": words_label(S3, S3_WORDS)})
    unapprove = '"sentence_id": "a-s0003"'
    (tmp_path / "e.jsonl").write_text(_unapproved(ents, unapprove), encoding="utf-8")
    (tmp_path / "w.jsonl").write_text(words, encoding="utf-8")
    summary = apply_tool_lines(corpus["out"], corpus["ann"], read_export(tmp_path / "e.jsonl", words=tmp_path / "w.jsonl"))
    assert summary == [f"{ann}: 1 reviewed, 1 pre updated, 1 unchanged"]
    after_file = ann.read_text(encoding="utf-8").split("\n")
    changed = [after_file[i] for i, (x, y) in enumerate(zip(before_file, after_file)) if x != y]
    assert changed == [format_sentence(S0_WORDS.split(), [(0, 1, "GPE")], "a-s0000", "reviewed"),
                       format_sentence(S3_WORDS.split(), [(10, 11, "GPE"), (13, 14, "LOC")], "a-s0003", "pre")]
    rebuild(corpus)
    after_gold = gold(corpus["out"])
    assert sorted(after_gold) == ["a-s0000", "a-s0002"] and after_gold["a-s0002"] == before_gold["a-s0002"]
    assert after_gold["a-s0000"]["tokens"] == S0_WORDS.split()


def test_without_an_approver_nothing_becomes_reviewed_unless_the_file_says_approved_only(corpus, tmp_path):
    """doccano 2.x writes no approver: lines stay pre, unless --approved-only states the export filter."""
    text = exported(corpus["entities"], {"a-s0000": [[0, 2, "GPE"]]}, approver=None)
    (tmp_path / "e.jsonl").write_text(text, encoding="utf-8")
    assert not any(line.completed for line in read_export(tmp_path / "e.jsonl"))
    assert all(line.completed for line in read_export(tmp_path / "e.jsonl", approved_only=True))
    apply_tool_lines(corpus["out"], corpus["ann"], read_export(tmp_path / "e.jsonl"))
    first = read_annotation_file(corpus["ann"] / "a.txt").sentences[0]
    assert (first.status, [e.label for e in first.entities]) == ("pre", ["GPE"])  # keeps the file's words


@pytest.mark.parametrize("line, message", [
    ('{"text": "x", "label": []}', r"e\.jsonl:1: 'text' and 'sentence_id' are required"),
    ('{"text": "市委书记曹路宝出席会议并讲话。", "sentence_id": "a-s0001", "label": [[4, 7]]}',
     r"e\.jsonl:1 \(sentence a-s0001\): label 1 is \[4, 7\], expected \[start, end, type\]"),
    ('{"text": "市委书记曹路宝出席会议并讲话。", "sentence_id": "a-s0001", "label": [[5, 7, "PER"]]}',
     r"e\.jsonl:1 \(sentence a-s0001\): entity PER \[5, 7\) '路宝' does not start and end on word"),
    ('{"text": "市委书记曹路宝", ', r"e\.jsonl:1:\d+: not a JSON object"),
], ids=["no-sentence-id", "short-label", "entity-off-words", "broken-json"])
def test_import_errors_name_the_line_and_write_nothing(corpus, tmp_path, line, message):
    before = (corpus["ann"] / "a.txt").read_bytes()
    (tmp_path / "e.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        apply_tool_lines(corpus["out"], corpus["ann"], read_export(tmp_path / "e.jsonl"))
    assert (corpus["ann"] / "a.txt").read_bytes() == before


def test_words_project_must_match_the_entities_project(corpus, tmp_path):
    """A sentence in the words file but not in the entities file is refused, naming the words file's line."""
    (tmp_path / "e.jsonl").write_text(exported(corpus["entities"][:1], {}), encoding="utf-8")
    (tmp_path / "w.jsonl").write_text(exported(corpus["words"][:2], {}), encoding="utf-8")
    with pytest.raises(InputError, match=r"w\.jsonl:2 \(sentence a-s0001\): sentence a-s0001 is in the words project"):
        read_export(tmp_path / "e.jsonl", words=tmp_path / "w.jsonl")


def _zip(path, members):
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def test_the_zip_doccano_1_8_downloads_is_read_like_its_jsonl(corpus, tmp_path):
    """doccano 1.8 downloads a zip holding admin.jsonl: the same lines as the JSONL itself, named by member."""
    jsonl = exported(corpus["entities"], {"a-s0000": [[0, 3, "GPE"]]})
    (tmp_path / "e.jsonl").write_text(jsonl, encoding="utf-8")
    from_zip = read_export(_zip(tmp_path / "project.zip", {"admin.jsonl": jsonl}))
    from_file = read_export(tmp_path / "e.jsonl")
    assert [(x.sentence_id, x.text, x.entities, x.completed) for x in from_zip] == \
           [(x.sentence_id, x.text, x.entities, x.completed) for x in from_file]
    assert from_zip[0].where.startswith(f"{tmp_path / 'project.zip'}!admin.jsonl:1")


def test_a_zip_that_is_not_one_export_is_refused_with_the_way_out(corpus, tmp_path, monkeypatch):
    """Two annotators' files, a damaged zip, a member over the size limit: exit-2 errors naming the zip."""
    import suzhou_news.builder.gold.doccano as doccano

    jsonl = exported(corpus["entities"], {})
    two = _zip(tmp_path / "two.zip", {"admin.jsonl": jsonl, "bob.jsonl": jsonl})
    with pytest.raises(InputError, match="2 JSONL files .*admin.jsonl, bob.jsonl.*extract the one"):
        read_export(two)
    good = _zip(tmp_path / "good.zip", {"admin.jsonl": jsonl}).read_bytes()
    (tmp_path / "cut.zip").write_bytes(good[:-30])
    with pytest.raises(InputError, match="cut.zip"):
        read_export(tmp_path / "cut.zip")
    monkeypatch.setattr(doccano, "MAX_EXPORT_BYTES", 100)
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_export(tmp_path / "good.zip")
