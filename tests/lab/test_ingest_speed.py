"""The ingest speed script reads a folder once and times ``build_document`` over its pages."""

import textwrap

from benchmarks.ingest_speed import main


def test_ingest_speed_reports_pages_and_rates(tmp_path, capsys):
    """Two pages (one without a body), one timed run: the page count and a wall and a CPU line are printed."""
    body = "苏州市委常委会召开会议，学习贯彻省两会精神，部署下一阶段重点工作任务。"
    (tmp_path / "a.txt").write_text(textwrap.dedent(f"""\
        苏州市委常委会召开会议
        {body}
        {body}
        """), encoding="utf-8")
    (tmp_path / "b.txt").write_text("首页 > 新闻\n", encoding="utf-8")
    assert main([str(tmp_path), "--runs", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{tmp_path}: 2 pages,") and "1 runs after a warm-up" in out[0]
    assert [line.split(":")[0].strip() for line in out[1:]] == ["wall", "CPU"]
    assert all("pages/s" in line and "MB/s" in line for line in out[1:])
