"""Gold annotation files → segmentation and ner rows, with the checks that fail a build."""

import textwrap

import pytest

from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.join import gold_tables, load_aligned


def _sentences(doc_id, texts, split="train"):
    """Sentence rows as the pipeline makes them (only the fields gold uses)."""
    return [{"id": f"{doc_id}-s{i:04d}", "doc_id": doc_id, "text": t, "split": split} for i, t in enumerate(texts)]


def _write(folder, doc_id, body):
    folder.mkdir(exist_ok=True)
    path = folder / f"{doc_id}.txt"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


DOC = ["苏州市委书记曹路宝在上海讲话。", "会议由市长主持。", "苏州 工业园区召开进博会对接会"]


def test_reviewed_lines_become_segmentation_and_ner_rows(tmp_path):
    """BMES tags from tokens; BIO fine tags; MSRA maps GPE/LOC→LOC and TITLE/EVENT→O."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        # doc: d
        d-s0000\treviewed\t[苏州 市委]/ORG [书记]/TITLE [曹路宝]/PER 在 [上海]/GPE 讲话 。
        d-s0001\treviewed\t会议 由 [市长]/TITLE 主持 。
        d-s0002\treviewed\t[苏州]/GPE [工业园区]/LOC 召开 [进博会]/EVENT 对接会
        """)
    tables, report = gold_tables(ann, _sentences("d", DOC, split="test"))
    seg, ner = tables["segmentation"], tables["ner"]
    assert [r["id"] for r in seg] == ["d-s0000", "d-s0001", "d-s0002"]
    assert seg[1] == {"id": "d-s0001", "doc_id": "d", "text": "会议由市长主持。", "tokens": ["会议", "由", "市长", "主持", "。"],
                      "tags": ["B", "E", "S", "B", "E", "B", "E", "S"], "split": "test"}
    first = ner[0]
    assert first["chars"] == list("苏州市委书记曹路宝在上海讲话。")
    assert first["ner_tags"] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "B-TITLE", "I-TITLE", "B-PER", "I-PER", "I-PER",
                                 "O", "B-GPE", "I-GPE", "O", "O", "O"]
    assert first["ner_tags_msra"] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "B-PER", "I-PER", "I-PER",
                                      "O", "B-LOC", "I-LOC", "O", "O", "O"]
    assert [(e["text"], e["label"]) for e in first["entities"]] == [
        ("苏州市委", "ORG"), ("书记", "TITLE"), ("曹路宝", "PER"), ("上海", "GPE")]
    assert report == {"coverage": {"sentences": 3, "reviewed": 3, "pre": 0, "stale": 0, "excluded": {},
                                   "documents_without_annotation_file": [],
                                   "sentences_without_annotation_line": []}}


def test_sentence_with_whitespace_chars_skip_it_and_entity_offsets_point_into_text(tmp_path):
    """Heading "苏州 工业园区…": chars have no space, entity offsets are offsets into the text with the space."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        d-s0002\treviewed\t[苏州]/GPE [工业园区]/LOC 召开 [进博会]/EVENT 对接会
        """)
    tables, _ = gold_tables(ann, _sentences("d", DOC)[2:])
    row = tables["ner"][0]
    text = row["text"]
    assert text == "苏州 工业园区召开进博会对接会"
    assert " " not in row["chars"] and len(row["chars"]) == len(text) - 1
    assert len(row["ner_tags"]) == len(row["chars"])
    park = row["entities"][1]
    assert (park["start"], park["end"]) == (3, 7)  # 2 in the compact string, 3 in the text
    for e in row["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    assert row["ner_tags"][2:6] == ["B-LOC", "I-LOC", "I-LOC", "I-LOC"]
    assert row["ner_tags_msra"][7:10] == ["O", "O", "O"]  # EVENT → O
    assert tables["segmentation"][0]["tags"] == ["B", "E", "B", "M", "M", "E", "B", "E", "B", "M", "E", "B", "M", "E"]


def test_words_that_do_not_spell_the_sentence_fail_naming_document_line_and_character(tmp_path):
    """Line 3 writes 苏洲 for 苏州: the error names the file (document), line 3 and the first differing character."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        # doc: d
        d-s0001\treviewed\t会议 由 [市长]/TITLE 主持 。
        d-s0000\treviewed\t[苏洲 市委]/ORG 书记 曹路宝 在 上海 讲话 。
        """)
    with pytest.raises(AnnotationError) as info:
        gold_tables(ann, _sentences("d", DOC[:2]))
    message = str(info.value)
    assert "d.txt:3" in message and "d-s0000" in message
    assert "character offset 1" in message
    assert "expected '州'" in message and "found '洲'" in message


def test_words_that_stop_early_fail(tmp_path):
    """A line missing the final 。 does not cover its sentence."""
    ann = tmp_path / "ann"
    _write(ann, "d", "d-s0001\treviewed\t会议 由 市长 主持\n")
    with pytest.raises(AnnotationError, match=r"d\.txt:1:\d+: sentence d-s0001: the words stop before the end"):
        gold_tables(ann, _sentences("d", DOC[:2]))


@pytest.mark.parametrize(("line", "message"), [
    ("d-s0001\treviewed\t会议 由 [市长 主持 。", r"d\.txt:1:\d+: unbalanced '\['"),
    ("d-s0001\treviewed\t会议 由 [市长]/MAYOR 主持 。", r"unknown label 'MAYOR'"),
    ("d-s0001\treviewed\t会议  由 市长 主持 。", r"empty word"),
    ("d-s0001\tdone\t会议 由 市长 主持 。", r"bad status 'done'"),
    ("d-s0001 reviewed 会议 由 市长 主持 。", r"missing tab"),
], ids=["unclosed-bracket", "unknown-label", "double-space", "bad-status", "no-tabs"])
def test_malformed_markup_fails(tmp_path, line, message):
    """Markup errors stop the gold build with the file, line and column."""
    ann = tmp_path / "ann"
    _write(ann, "d", line + "\n")
    with pytest.raises(AnnotationError, match=message):
        gold_tables(ann, _sentences("d", DOC[:2]))


def test_pre_lines_are_left_out_and_counted_excluded_lines_counted_by_reason(tmp_path):
    """pre → not gold but counted; excluded:<reason> → counted per reason; only reviewed lines become rows."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        d-s0000\tpre\t苏州 市委 书记 曹路宝 在 上海 讲话 。
        d-s0001\treviewed\t会议 由 市长 主持 。
        d-s0002\texcluded:corrupted\t苏州 工业园区召开进博会对接会
        d-s0003\texcluded:duplicate\t会议由市长主持。
        """)
    sentences = _sentences("d", DOC + ["会议由市长主持。"])
    tables, report = gold_tables(ann, sentences)
    assert [r["id"] for r in tables["segmentation"]] == [r["id"] for r in tables["ner"]] == ["d-s0001"]
    cov = report["coverage"]
    assert (cov["reviewed"], cov["pre"]) == (1, 1)
    assert cov["excluded"] == {"corrupted": 1, "duplicate": 1}
    assert cov["sentences_without_annotation_line"] == []


def test_coverage_names_documents_and_sentences_without_annotation(tmp_path):
    """Document e has no file; sentence d-s0001 has no line: both listed, nothing fails."""
    ann = tmp_path / "ann"
    _write(ann, "d", "d-s0000\treviewed\t苏州 市委 书记 曹路宝 在 上海 讲话 。\n")
    _, report = gold_tables(ann, _sentences("d", DOC[:2]) + _sentences("e", ["会议由市长主持。"]))
    assert report["coverage"]["documents_without_annotation_file"] == ["e"]
    assert report["coverage"]["sentences_without_annotation_line"] == ["d-s0001"]


def test_a_line_for_an_unknown_sentence_fails(tmp_path):
    """A sentence id the build does not have (the text changed): re-run annotate --update."""
    ann = tmp_path / "ann"
    _write(ann, "d", "d-s0007\treviewed\t会议 由 市长 主持 。\n")
    with pytest.raises(AnnotationError, match=r"'d-s0007' is not in the dataset's sentences.*annotate --update"):
        load_aligned(ann, _sentences("d", DOC[:2]))


def test_a_line_for_another_documents_sentence_fails(tmp_path):
    """A line of document e pasted into d's file is refused, naming the line."""
    ann = tmp_path / "ann"
    _write(ann, "d", "d-s0001\treviewed\t会议 由 市长 主持 。\ne-s0000\treviewed\t会议 由 市长 主持 。\n")
    sentences = _sentences("d", DOC[:2]) + _sentences("e", ["会议由市长主持。"])
    with pytest.raises(AnnotationError, match=r"d\.txt:2:1: sentence 'e-s0000' belongs to another document"):
        gold_tables(ann, sentences)


def test_consistency_counts_are_reported_when_guidelines_are_given(tmp_path):
    """苏州市 one word once, two words once: one unexplained inconsistency in the report."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        d-s0000\treviewed\t[苏州市]/GPE 召开 会议 。
        d-s0001\treviewed\t[苏州 市]/GPE 召开 会议 。
        """)
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text("# Guidelines\n\nNo justified exceptions.\n", encoding="utf-8")
    _, report = gold_tables(ann, _sentences("d", ["苏州市召开会议。", "苏州市召开会议。"]), guidelines)
    assert report["consistency"] == {"unexplained": 1, "justified": 0}


def test_a_reviewed_line_for_a_corrupted_sentence_fails(tmp_path):
    """Corrupted sentences never become gold: a reviewed line for one is refused, naming the line."""
    ann = tmp_path / "ann"
    _write(ann, "d", """\
        d-s0000\treviewed\t会议 由 市长 主持 。
        d-s0001\treviewed\t实绩 ? y ō u ) 槿 。
        """)
    sentences = _sentences("d", ["会议由市长主持。", "实绩?yōu)槿。"])
    sentences[1]["flags"] = ["corrupted"]
    with pytest.raises(AnnotationError, match=r"d\.txt:2:1: sentence d-s0001 overlaps a corrupted span.*excluded:corrupted"):
        gold_tables(ann, sentences)
    _write(ann, "d", "d-s0000\treviewed\t会议 由 市长 主持 。\nd-s0001\texcluded:corrupted\t实绩?yōu)槿。\n")
    tables, _ = gold_tables(ann, sentences)
    assert [r["id"] for r in tables["ner"]] == ["d-s0000"]


def test_every_annotation_problem_is_reported_in_one_pass(tmp_path):
    """Finding 7: a file with six kinds of mistake (wrong header, unbalanced bracket, unknown label, words
    that do not spell the sentence, a duplicated sentence id, a line for a sentence that no longer exists)
    and a second file with one more: one error lists all seven, each as file:line:column."""
    from suzhou_news.errors import AnnotationErrors

    ann = tmp_path / "ann"
    _write(ann, "d", """\
        # doc: x
        d-s0000\treviewed\t[苏州 市委 书记 曹路宝 在 上海 讲话 。
        d-s0001\treviewed\t会议 由 [市长]/MAYOR 主持 。
        d-s0002\treviewed\t[苏州]/GPE 工业区 召开 进博会 对接会
        d-s0001\treviewed\t会议 由 市长 主持 。
        d-s0009\treviewed\t会议 由 市长 主持 。
        """)
    _write(ann, "e", "e-s0000\treviewed\t会议 由 市长 主持 。\n")
    sentences = _sentences("d", DOC) + _sentences("e", ["会议由县长主持。"])
    with pytest.raises(AnnotationErrors) as err:
        gold_tables(ann, sentences)
    problems = err.value.problems
    assert err.value.total == 7 == len(problems)
    where = [p.split(": ", 1)[0].rsplit("/", 1)[-1] for p in problems]
    # reading problems first, then alignment problems, file by file
    assert where == ["d.txt:1:8", "d.txt:2:18", "d.txt:3:28", "d.txt:5:1", "d.txt:4:27", "d.txt:6:1", "e.txt:1:23"]
    for fragment in ("header names document 'x'", "unbalanced '['", "unknown label 'MAYOR'", "duplicate sentence id",
                     "'d-s0009' is not in the dataset", "word 2 '工业区' does not match", "expected '县'"):
        assert sum(fragment in p for p in problems) == 1, fragment
    assert str(err.value).startswith("7 annotation problem(s):")


def test_the_problem_list_stops_at_its_limit_and_says_how_many_more(tmp_path, monkeypatch):
    """More problems than the limit: the first ones are listed, the message gives the total."""
    from suzhou_news.errors import AnnotationErrors
    from suzhou_news.builder.gold import annotation_format

    monkeypatch.setattr(annotation_format, "MAX_PROBLEMS", 3)
    ann = tmp_path / "ann"
    _write(ann, "d", "".join(f"d-s000{i}\tdone\tx\n" for i in range(3)) + "d-s0003\tdone\tx\nd-s0004\tdone\tx\n")
    with pytest.raises(AnnotationErrors) as err:
        gold_tables(ann, _sentences("d", DOC))
    assert (err.value.total, len(err.value.problems)) == (5, 3)
    assert "… and 2 more" in str(err.value)
