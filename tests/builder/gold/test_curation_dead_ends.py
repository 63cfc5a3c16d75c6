"""Issue 20, "curators never stuck" and "nothing read or written through symlinks" in the annotations folder:
each case replayed through the command line (exit 0, or exit 2 with one line naming the file and the way out)."""

import textwrap

import pytest

from suzhou_news.cli import main

PAGE = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)
GOLD = textwrap.dedent("""\
    a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。
    a-s0001\treviewed\t[市委]/ORG [书记]/TITLE [曹路宝]/PER 出席 会议 并 讲话 。
    a-s0002\treviewed\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 [上海]/GPE ， 融入 [长三角]/LOC 一体化 发展 。
    """)
SYSTEMS = ["--segmenter", "jieba.nohmm.v1", "--tagger", "jieba.posseg.ner.v1"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """raw/a.txt with its reviewed gold in ann/a.txt."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "a.txt").write_text(GOLD, encoding="utf-8")
    return tmp_path


BUILD = ["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--annotations", "ann"]
ANNOTATE = ["annotate", "--raw", "raw", "--manifest", "splits.json", "--dataset", "out", "--annotations", "ann",
            *SYSTEMS]


def _one_line_error(capsys, code, *words):
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    for w in words:
        assert w in err
    return err


def _change_the_article(project):
    (project / "raw" / "a.txt").write_text(PAGE.replace("市委书记曹路宝出席会议并讲话。", "市委书记曹路宝出席会议。"),
                                           encoding="utf-8")


@pytest.mark.parametrize("earlier_build", [False, True], ids=["no-dataset-yet", "stale-dataset"])
def test_annotate_update_works_straight_after_a_build_stopped_by_a_changed_article(project, capsys, earlier_build):
    """build stops with "re-run `suzhou-news annotate --update`"; that command now works as written (it reads the
    raw folder itself: before, it needed a built dataset, which the stopped build had not written or was old), and
    the next build succeeds, the reviewed line kept as stale."""
    if earlier_build:
        assert main(BUILD) == 0
    _change_the_article(project)
    err = _one_line_error(capsys, main(BUILD), "annotate --update")
    assert "suzhou-news annotate --update" in err
    assert main(ANNOTATE + ["--update"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sentences from raw as it is now")
    assert "a-s0001 is stale" in out
    text = (project / "ann" / "a.txt").read_text(encoding="utf-8")
    assert "a-s0000\treviewed\t" in text and "a-s0001\tstale\t" in text
    assert main(BUILD) == 0


def test_annotate_without_a_dataset_reads_the_raw_folder(project, capsys):
    """A fresh project: `annotate` before any build writes the files (no "run build first" dead end)."""
    (project / "ann" / "a.txt").unlink()
    assert main(ANNOTATE) == 0
    assert (project / "ann" / "a.txt").read_text(encoding="utf-8").count("\tpre\t") == 3


def test_annotate_never_writes_through_a_symlinked_pre_folder(project, capsys, tmp_path_factory):
    """data/annotations/pre as a link to another folder: refused before anything is written, there or here."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "ann" / "pre").symlink_to(elsewhere, target_is_directory=True)
    before = (project / "ann" / "a.txt").read_bytes()
    _one_line_error(capsys, main(ANNOTATE + ["--update"]), "ann/pre: is a symlink")
    assert list(elsewhere.iterdir()) == []
    assert (project / "ann" / "a.txt").read_bytes() == before


def test_an_annotation_file_that_is_a_symlink_is_refused(project, capsys, tmp_path_factory):
    """ann/a.txt → a file elsewhere: never read (the build and annotate refuse it), the target intact."""
    target = tmp_path_factory.mktemp("elsewhere") / "a.txt"
    target.write_text(GOLD, encoding="utf-8")
    (project / "ann" / "a.txt").unlink()
    (project / "ann" / "a.txt").symlink_to(target)
    _one_line_error(capsys, main(BUILD), "ann/a.txt: is a symlink", "replace the link with the file")
    assert not (project / "out").exists()
    _one_line_error(capsys, main(ANNOTATE + ["--update"]), "ann/a.txt: is a symlink")
    assert target.read_text(encoding="utf-8") == GOLD


def test_a_bom_is_named_as_a_bom(project, capsys):
    """A file saved with a BOM: the error says BOM at line 1, column 1 (it said "missing tab" before)."""
    (project / "ann" / "a.txt").write_bytes(b"\xef\xbb\xbf# doc: a\n" + GOLD.encode("utf-8"))
    err = _one_line_error(capsys, main(BUILD), "ann/a.txt:1:1: the file starts with a byte-order mark (BOM",
                          "without BOM")
    assert "missing tab" not in err
