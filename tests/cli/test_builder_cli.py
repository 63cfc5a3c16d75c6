"""suzhou_news.cli.main(argv): each subcommand's return code and the key lines it prints."""

import json
import textwrap

import pytest

from suzhou_news.cli import main

PAGE_A = textwrap.dedent("""\
    首页 > 新闻 > 本地
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)
PAGE_B = textwrap.dedent("""\
    吴江区推进生态绿色一体化示范区建设
    吴江区召开会议，部署长三角生态绿色一体化发展示范区建设工作。区委书记李铭主持会议。
    """)
GOLD_A = textwrap.dedent("""\
    a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。
    a-s0001\treviewed\t[市委]/ORG [书记]/TITLE [曹路宝]/PER 出席 会议 并 讲话 。
    a-s0002\treviewed\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 [上海]/GPE ， 融入 [长三角]/LOC 一体化 发展 。
    """)
GOLD_B = textwrap.dedent("""\
    b-s0000\treviewed\t[吴江区]/GPE 召开 会议 ， 部署 [长三角 生态 绿色 一体化 发展 示范区]/LOC 建设 工作 。
    b-s0001\treviewed\t[区委]/ORG [书记]/TITLE [李铭]/PER 主持 会议 。
    """)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (cwd) with raw pages, gold, and two files the build must exclude."""
    monkeypatch.chdir(tmp_path)
    for sub, name, text in (("raw", "a", PAGE_A), ("raw", "b", PAGE_B), ("ann", "a", GOLD_A), ("ann", "b", GOLD_B)):
        (tmp_path / sub).mkdir(exist_ok=True)
        (tmp_path / sub / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    (tmp_path / "raw" / "nav.txt").write_text("首页 | 新闻 | 体育 | 财经 | 科技\n", encoding="utf-8")
    (tmp_path / "guidelines.md").write_text("# Guidelines\n", encoding="utf-8")
    return tmp_path


def _build(capsys, extra=()):
    code = main(["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--annotations", "ann",
                 *extra])
    return code, capsys.readouterr()


def test_build_prints_every_file_and_the_counts(project, capsys):
    """Summary: totals, one line per included and excluded file (--verbose), rows per config, overlap, manifest note."""
    code, captured = _build(capsys, ["--verbose"])
    assert code == 0
    lines = captured.out.splitlines()
    assert lines[0] == "built out: 2 documents included, 2 files excluded"
    assert "  + a.txt: a [utf-8, hans] 3 sentences, 1 lines removed, 0 corrupted spans" in lines
    assert "  + b.txt: b [utf-8, hans] 2 sentences, 0 lines removed, 0 corrupted spans" in lines
    assert "  - empty.txt: excluded (empty_file): file is empty or whitespace only" in lines
    assert any(line.startswith("  - nav.txt: excluded (no_body): ") for line in lines)
    assert any(line.startswith("  documents: ") for line in lines)
    assert any(line.startswith("  ner: ") for line in lines)
    assert any(line.startswith("  train/test exact-sentence overlap: 0 of ") for line in lines)
    assert lines[-1] == "  pinned 2 new documents in splits.json: commit it"
    assert json.loads((project / "splits.json").read_text(encoding="utf-8"))["documents"].keys() == {"a", "b"}
    assert (project / "out" / "ner").is_dir()


def test_build_without_annotations(project, capsys):
    """--no-annotations: only documents and sentences."""
    code, captured = _build(capsys, ["--no-annotations"])
    assert code == 0
    assert sorted(p.name for p in (project / "out").iterdir() if p.is_dir()) == ["documents", "sentences"]
    assert "  ner: " not in captured.out


def test_build_errors_exit_2_with_the_message(project, capsys):
    """A missing raw folder: exit code 2, 'error:' and the way out on stderr, no traceback."""
    assert main(["build", "--raw", "nowhere", "--out", "out", "--manifest", "splits.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: nowhere: raw folder not found; pass --raw DIR")


def test_build_with_a_bad_annotation_exits_2_naming_the_line(project, capsys):
    """The misspelt annotation line is named in the error; the build writes nothing."""
    (project / "ann" / "b.txt").write_text(GOLD_B.replace("[李铭]/PER", "[李明]/PER"), encoding="utf-8")
    code, captured = _build(capsys)
    assert code == 2
    assert "b.txt:2:39: sentence b-s0001" in captured.err and "expected '铭'" in captured.err
    assert not (project / "out").exists()


def test_validate_and_stats_after_build(project, capsys):
    """validate exits 0; stats prints a table and, with --json, the same numbers as JSON."""
    _build(capsys)
    assert main(["validate", "out"]) == 0
    assert capsys.readouterr().out.strip() == "valid: out"
    assert main(["stats", "out"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:6] == ["config", "split", "rows", "documents", "characters", "words"]
    assert main(["stats", "out", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    rows = {(s["config"], s["split"]): s["rows"] for s in stats}
    assert sum(n for (config, _), n in rows.items() if config == "sentences") == 5
    assert sum(n for (config, _), n in rows.items() if config == "ner") == 5
    assert len(table) == 1 + len(stats)


def test_export_writes_files_and_lists_them(project, capsys):
    """export --format conll prints every written path."""
    _build(capsys)
    assert main(["export", "--format", "conll", "--dataset", "out", "--out", "exported"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed and all((project / p).is_file() for p in printed)
    assert {p.rsplit("/", 1)[-1] for p in printed} <= {"train.conll", "train.msra.conll", "test.conll",
                                                        "test.msra.conll"}


def test_export_rejects_an_unknown_format(project, capsys):
    """argparse refuses a format outside sighan/conll/brat (exit code 2 via SystemExit)."""
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "json", "--out", "x"])
    assert info.value.code == 2
    assert "invalid choice: 'json'" in capsys.readouterr().err


def test_check_annotations_exit_code_follows_unexplained_inconsistencies(project, capsys):
    """Consistent gold → 0; 长三角 once LOC and once unlabelled → 1 with the finding printed."""
    args = ["check-annotations", "--annotations", "ann", "--raw", "raw", "--guidelines", "guidelines.md"]
    assert main(args) == 0
    assert "consistency: 0 unexplained" in capsys.readouterr().out
    (project / "ann" / "b.txt").write_text(GOLD_B.replace("[长三角 生态 绿色 一体化 发展 示范区]/LOC",
                                                          "长三角 生态 绿色 一体化 发展 示范区"), encoding="utf-8")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "长三角" in out and "unexplained" in out


def test_agreement_plain_and_json(project, capsys):
    """agreement --passes DIR reads first/ and second/; --json gives the counts."""
    for name, body in (("first", "d-s0000\treviewed\t[苏州]/GPE 市委\n"), ("second", "d-s0000\treviewed\t[苏州]/GPE 市 委\n")):
        (project / "passes" / name).mkdir(parents=True)
        (project / "passes" / name / "d.txt").write_text(body, encoding="utf-8")
    assert main(["agreement", "--passes", "passes"]) == 0
    assert "word F1   40.0  (1 matched; 2 vs 3 words)" in capsys.readouterr().out
    assert main(["agreement", "--passes", "passes", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["word"] == {"matched": 1, "first": 2, "second": 3, "f1": 0.4}
    assert result["entity"]["f1"] == 1.0


def test_annotate_writes_files_for_new_documents(project, capsys):
    """annotate --dataset out --annotations new: one file per document, one summary line each."""
    _build(capsys, ["--no-annotations"])
    code = main(["annotate", "--dataset", "out", "--annotations", "new", "--segmenter", "jieba.nohmm.v1",
                 "--tagger", "jieba.posseg.ner.v1"])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["new/a.txt: 0 lines kept, 3 pre-annotated", "new/b.txt: 0 lines kept, 2 pre-annotated"]
    assert sorted(p.name for p in (project / "new").iterdir()) == ["a.txt", "b.txt", "pre"]  # pre/: the drafts


def test_annotate_defaults_to_the_best_untrained_systems_of_results_json(project, capsys):
    """results/results.json ranks jieba.nohmm.v1 first among untrained segmenters: annotate uses it, says why."""
    _build(capsys, ["--no-annotations"])
    results = {"dataset": {"content_hash": "c" * 64}, "results": [
        {"system": "jieba.nohmm.v1", "task": "cws", "trained": False, "protocol": "test", "cws": {"f1": 0.9}},
        {"system": "jieba.default.v1", "task": "cws", "trained": False, "protocol": "test", "cws": {"f1": 0.8}},
        {"system": "jieba.posseg.ner.v1", "task": "ner", "trained": False, "protocol": "test", "ner_msra": {"f1": 0.4}}]}
    (project / "results").mkdir()
    (project / "results" / "results.json").write_text(json.dumps(results), encoding="utf-8")
    assert main(["annotate", "--dataset", "out", "--annotations", "new"]) == 0
    header = (project / "new" / "a.txt").read_text(encoding="utf-8").splitlines()[2]
    assert header == ("# pre-annotation: jieba.nohmm.v1 + jieba.posseg.ner.v1 (best untrained segmenter in "
                      "results/results.json, test F1 90.0 on dataset cccccccccccc; best untrained tagger in "
                      "results/results.json, test F1 40.0 on dataset cccccccccccc); review every line "
                      "(docs/annotation-guidelines.md)")


def test_label_studio_round_trip_through_the_command_line(project, capsys):
    """annotate → export --format labelstudio → (a person completes task 1) → import labelstudio →
    annotation-status → build: the completed sentence is gold, the other is not."""
    _build(capsys, ["--no-annotations"])
    jieba = ["--segmenter", "jieba.nohmm.v1", "--tagger", "jieba.posseg.ner.v1"]
    assert main(["annotate", "--dataset", "out", "--annotations", "new", *jieba]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "labelstudio", "--dataset", "out", "--annotations", "new", "--doc", "b",
                 "--out", "ls"]) == 0
    assert capsys.readouterr().out.split() == ["ls/tasks.json", "ls/labeling-config.xml"]
    tasks = json.loads((project / "ls" / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["sentence_id"] for t in tasks] == ["b-s0000", "b-s0001"]
    text = tasks[1]["data"]["text"]  # 区委书记李铭主持会议。
    spans = [(0, 2, "word", "ORG"), (2, 4, "word", "TITLE"), (4, 6, "word", "PER"), (6, 8, "word", None),
             (8, 10, "word", None)]
    result = [{"from_name": layer, "to_name": "text", "type": "labels",
               "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}
              for s, e, word, ent in spans for layer, label in (("word", "W"), ("entity", ent)) if label]
    tasks[1].update(id=2, annotations=[{"completed_by": 7, "was_cancelled": False, "result": result}])
    (project / "export.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert main(["import", "labelstudio", "export.json", "--dataset", "out", "--annotations", "new"]) == 0
    assert capsys.readouterr().out.startswith("new/b.txt: 1 reviewed\nread 1 annotated sentences from export.json")
    assert "b-s0001\treviewed\t[区委]/ORG [书记]/TITLE [李铭]/PER 主持 会议 。" in (project / "new" / "b.txt").read_text("utf-8")
    assert main(["annotation-status", "--annotations", "new", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["total"]["lines"]["reviewed"] == 1 and status["total"]["reviewed_with_draft"] == 1
    assert main(["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--annotations", "new",
                 "--silver", *jieba]) == 0
    assert "silver: jieba.nohmm.v1 + jieba.posseg.ner.v1 (segmenter chosen with --segmenter" in capsys.readouterr().out
    assert main(["validate", "out"]) == 0
    assert sorted(p.name for p in (project / "out").iterdir() if p.is_dir()) == [
        "documents", "ner", "segmentation", "sentences", "silver"]


def test_import_needs_a_tool_name(project, capsys):
    """`import` without labelstudio/doccano is an argparse error listing them."""
    with pytest.raises(SystemExit) as info:
        main(["import", "export.json"])
    assert info.value.code == 2
    assert "labelstudio" in capsys.readouterr().err
