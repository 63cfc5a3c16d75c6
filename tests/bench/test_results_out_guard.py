"""Issue 20: ``bench --out`` and ``score --out`` add their files to a folder; a file, an input, or a folder inside
the raw folder is refused (exit 2, one line) before any system runs or anything is written."""

from __future__ import annotations

import pytest

from suzhou_news.cli import main


def _refused(capsys, argv, *words):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err


@pytest.fixture
def project(tmp_path, monkeypatch, tiny_gold):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "a.txt").write_text("苏州。\n", encoding="utf-8")
    (tmp_path / "precious.txt").write_text("keep\n", encoding="utf-8")
    (tmp_path / "preds.jsonl").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("out", "words"), [
    ("precious.txt", ["is an existing file"]),
    ("data/raw/results", ["inside the --raw folder"]),
    ("data", ["contains the --raw input"]),
], ids=["file", "inside-raw", "holds-raw"])
def test_bench_refuses_before_running_a_system(project, capsys, tiny_gold, out, words):
    _refused(capsys, ["bench", "--dataset", str(tiny_gold.path), "--system", "mm.forward.v1", "--no-memory",
                      "--out", out], out, *words)
    assert (project / "precious.txt").read_text(encoding="utf-8") == "keep\n"
    assert sorted(p.name for p in (project / "data" / "raw").iterdir()) == ["a.txt"]


def test_score_refuses_its_own_inputs(project, capsys, tiny_gold):
    base = ["score", "--dataset", str(tiny_gold.path), "--task", "cws", "--predictions", "preds.jsonl"]
    _refused(capsys, [*base, "--out", "preds.jsonl"], "preds.jsonl: is an existing file")
    _refused(capsys, [*base, "--out", str(tiny_gold.path)], "is the --dataset input")
    assert (project / "preds.jsonl").read_text(encoding="utf-8") == ""
