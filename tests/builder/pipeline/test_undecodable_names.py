"""Issue 20: a raw file or folder whose name is not valid UTF-8 stopped the whole build with a traceback; now the
article is kept and reports show the name with the byte escaped; an --out that is not UTF-8 is an exit-2 error."""

import json
import os
import textwrap

from suzhou_news.cli import main

PAGE = textwrap.dedent("""\
    吴江区推进生态绿色一体化示范区建设
    吴江区召开会议，部署长三角生态绿色一体化发展示范区建设工作。区委书记李铭主持会议。
    """)


def test_names_that_are_not_utf8_are_read_and_reported_escaped(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "raw"
    os.makedirs(os.path.join(os.fsencode(raw), b"dir\xfe"))
    with open(os.path.join(os.fsencode(raw), b"dir\xfe", b"n\xff.txt"), "w", encoding="utf-8") as f:
        f.write(PAGE)
    assert main(["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--no-annotations",
                 "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "  + dir\\xfe/n\\xff.txt: n-" in out
    audit = [json.loads(line) for line in (tmp_path / "out" / "build-audit.jsonl").read_text("utf-8").splitlines()]
    assert [(a["file"], a["status"]) for a in audit] == [("dir\\xfe/n\\xff.txt", "included")]

    code = main(["build", "--raw", "raw", "--out", os.fsdecode(b"out\xff"), "--manifest", "splits.json",
                 "--no-annotations"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: out\\xff: the path is not valid UTF-8") and err.count("\n") == 1
    assert not any(b"out\xff" in name for name in os.listdir(os.fsencode(tmp_path)))  # nothing written for it
