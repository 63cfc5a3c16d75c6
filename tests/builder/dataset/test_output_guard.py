"""Issue 20, "never destroy input": every command that writes a folder refuses an --out that would destroy
input, before anything is touched (suzhou_news/builder/dataset/outputs.py), with exit 2 and one line."""

import os
import textwrap
from pathlib import Path

import pytest

from suzhou_news.builder.dataset.outputs import MARKER, owned_by, write_marker
from suzhou_news.builder.dataset.write import atomic_output
from suzhou_news.cli import main
from suzhou_news.errors import UsageError

PAGE = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path below ``root`` with its bytes (None for a folder): the input, to compare before and after."""
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(folder, name)
            out[str(p.relative_to(root))] = None if p.is_dir() else p.read_bytes()
    return out


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (cwd): raw/a.txt, ann/ (empty), precious.txt, corpus.utf8."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "ann").mkdir()
    (tmp_path / "precious.txt").write_text("keep me\n", encoding="utf-8")
    (tmp_path / "corpus.utf8").write_text("苏州  召开  会议  。\n", encoding="utf-8")
    return tmp_path


def _run(capsys, argv):
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def _build(out, *extra):
    return ["build", "--raw", "raw", "--out", out, "--manifest", "splits.json", "--annotations", "ann", *extra]


def _refused(code, err, *words):
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err


@pytest.mark.parametrize(("out", "words"), [
    ("raw", ["is the --raw input"]),
    (".", ["contains the --raw input"]),
    ("precious.txt", ["is an existing file"]),
    ("raw/out", ["inside the --raw folder", "read its own output"]),
    ("ann", ["is the --annotations input"]),
    ("splits.json", ["is the --manifest input"]),
], ids=["out-is-raw", "out-is-cwd", "out-is-a-file", "out-inside-raw", "out-is-annotations", "out-is-manifest"])
def test_build_refuses_an_out_that_would_destroy_input(project, capsys, out, words):
    """The issue's cases: `--out raw` and `--out .` deleted the articles, `--out precious.txt` replaced the file."""
    before = _tree(project)
    code, err = _run(capsys, _build(out))
    _refused(code, err, out, *words)
    assert _tree(project) == before


def test_build_refuses_an_out_that_holds_the_annotations(project, capsys):
    """--out a parent of the annotations folder (data/ holding data/annotations) is refused."""
    (project / "data" / "annotations").mkdir(parents=True)
    before = _tree(project)
    code, err = _run(capsys, ["build", "--raw", "raw", "--out", "data", "--manifest", "splits.json",
                              "--annotations", "data/annotations"])
    _refused(code, err, "contains the --annotations input")
    assert _tree(project) == before


def test_build_refuses_a_folder_that_is_not_its_own_output(project, capsys):
    """An existing folder with a file of the user's and no marker is left alone; the message says the way out."""
    (project / "mine").mkdir()
    (project / "mine" / "notes.md").write_text("mine\n", encoding="utf-8")
    before = _tree(project)
    code, err = _run(capsys, _build("mine"))
    _refused(code, err, "not an earlier output of `suzhou-news build`", MARKER, "move this folder away")
    assert _tree(project) == before


def test_build_replaces_its_own_earlier_output_and_marks_it(project, capsys):
    """A first build makes the marker; a second build to the same --out is allowed; an empty folder is too."""
    (project / "out").mkdir()
    assert main(_build("out")) == 0
    assert owned_by(project / "out", "build") and not owned_by(project / "out", "import")
    assert main(_build("out")) == 0


def test_build_replaces_an_output_made_before_the_marker(project, capsys):
    """An older version's output (build-report.json and build-audit.jsonl, no marker) is recognised."""
    assert main(_build("out")) == 0
    (project / "out" / MARKER).unlink()
    assert owned_by(project / "out", "build")
    assert main(_build("out")) == 0
    assert (project / "out" / MARKER).is_file()


def test_import_output_is_not_a_build_output(project, capsys):
    """A folder marked by another command is not replaced by build."""
    (project / "imp").mkdir()
    write_marker(project / "imp", "import")
    (project / "imp" / "x.parquet").write_bytes(b"x")
    code, err = _run(capsys, _build("imp"))
    _refused(code, err, "not an earlier output of `suzhou-news build`")
    assert (project / "imp" / "x.parquet").read_bytes() == b"x"


def test_manifest_naming_a_folder_is_a_usage_error(project, capsys):
    (project / "pins").mkdir()
    code, err = _run(capsys, ["build", "--raw", "raw", "--out", "out", "--manifest", "pins", "--annotations", "ann"])
    _refused(code, err, "pins: is a folder", "--manifest")
    assert not (project / "out").exists()


def test_out_under_a_file_is_an_exit_2_error(project, capsys):
    """--out below an existing file (its parent cannot be a folder): exit 2, no traceback."""
    before = _tree(project)
    code, err = _run(capsys, _build("precious.txt/out"))
    _refused(code, err, "precious.txt/out", "cannot write")
    assert _tree(project) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the case needs an ordinary user")
def test_read_only_parent_of_out_is_an_exit_2_error(project, capsys):
    (project / "ro").mkdir()
    (project / "ro").chmod(0o555)
    try:
        code, err = _run(capsys, _build("ro/out"))
    finally:
        (project / "ro").chmod(0o755)
    _refused(code, err, "ro/out", "cannot write")


def test_a_second_build_to_the_same_out_is_refused_while_the_first_holds_the_lock(project, capsys):
    """Two builds never interleave: the output's lock is held (here by the test), the second build stops at once."""
    import filelock

    assert main(_build("out")) == 0
    before = _tree(project / "out")
    with filelock.FileLock(str(project / ".out.lock"), timeout=0):
        code, err = _run(capsys, _build("out"))
    _refused(code, err, "another suzhou-news command is writing", ".out.lock")
    assert _tree(project / "out") == before


def test_a_build_waits_for_nobody_on_the_manifest_of_another_build(project, capsys):
    """The manifest has its own lock: a second build to another --out but the same manifest is refused."""
    import filelock

    with filelock.FileLock(str(project / ".splits.json.lock"), timeout=0):
        code, err = _run(capsys, _build("out"))
    _refused(code, err, "splits.json", "lock")
    assert not (project / "out").exists()


def test_import_refuses_to_replace_its_own_input(project, capsys):
    """The issue's case: `import sighan --test corpus.utf8 --out corpus.utf8` replaced the corpus."""
    before = _tree(project)
    code, err = _run(capsys, ["import", "sighan", "--test", "corpus.utf8", "--name", "c", "--out", "corpus.utf8"])
    _refused(code, err, "corpus.utf8")
    code, err = _run(capsys, ["import", "sighan", "--test", "corpus.utf8", "--name", "c", "--out", "."])
    _refused(code, err, "contains the --test input")
    assert _tree(project) == before
    assert main(["import", "sighan", "--test", "corpus.utf8", "--name", "c", "--out", "imported"]) == 0
    assert owned_by(project / "imported", "import")


def test_release_refuses_to_write_over_its_dataset(project, capsys):
    assert main(_build("out")) == 0
    before = _tree(project)
    code, err = _run(capsys, ["release", "--version", "1.0.0", "--dataset", "out", "--out", "out"])
    _refused(code, err, "is the --dataset input")
    assert _tree(project) == before


def test_export_refuses_a_file_and_a_symlink_inside_its_folder(project, capsys, tmp_path_factory):
    """`export --out DIR` with DIR/train.utf8 a link to a file elsewhere: refused, the file elsewhere intact."""
    (project / "ann" / "a.txt").write_text(
        "a-s0000\treviewed\t苏州市 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。\n"
        "a-s0001\treviewed\t市委 书记 曹路宝 出席 会议 并 讲话 。\n"
        "a-s0002\treviewed\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 上海 ， 融入 长三角 一体化 发展 。\n",
        encoding="utf-8")
    assert main(_build("out")) == 0
    code, err = _run(capsys, ["export", "--format", "sighan", "--dataset", "out", "--out", "precious.txt"])
    _refused(code, err, "is an existing file")
    assert main(["export", "--format", "sighan", "--dataset", "out", "--out", "exp"]) == 0
    outside = tmp_path_factory.mktemp("elsewhere") / "victim.txt"
    outside.write_text("victim\n", encoding="utf-8")
    split = next(p for p in (project / "exp").glob("*.utf8") if not p.name.endswith("_words.utf8"))
    split.unlink()
    split.symlink_to(outside)
    code, err = _run(capsys, ["export", "--format", "sighan", "--dataset", "out", "--out", "exp"])
    _refused(code, err, "is a symlink inside the export folder")
    assert outside.read_text(encoding="utf-8") == "victim\n"
    code, err = _run(capsys, ["export", "--format", "sighan", "--dataset", "out", "--out", "out"])
    _refused(code, err, "is the --dataset input")


def test_the_swap_removes_only_what_it_recognises(tmp_path):
    """atomic_output itself: a folder of the user's is refused up front, and one that appears meanwhile is kept."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "f").write_text("mine")
    with pytest.raises(UsageError, match="not an earlier output"):
        with atomic_output(mine, "build"):
            pass
    assert (mine / "f").read_text() == "mine"
    late = tmp_path / "late"
    with pytest.raises(UsageError, match="appeared while the command ran"):
        with atomic_output(late, "build") as tmp:
            (tmp / "new").write_text("new")
            late.mkdir()
            (late / "f").write_text("mine")
    assert [p.name for p in late.iterdir()] == ["f"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late", "mine"]
