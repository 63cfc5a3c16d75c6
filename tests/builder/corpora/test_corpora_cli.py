"""``suzhou-news import`` as a user calls it, and ``validate`` on what it writes."""

from __future__ import annotations

import pyarrow.parquet as pq
from corpus_files import write

from suzhou_news.cli import main
from suzhou_news.builder.checks.validate import validate_dir


def test_import_prints_counts_repairs_and_published_figures(tmp_path, capsys):
    """The summary names each file with its sha256 prefix, the repairs and each published figure checked."""
    test = write(tmp_path / "weibo.test", "张0\tB-PER.NAM\n三1\tI-PER.NAM\n\n在0\tO\n京1\tI-GPE.NAM\n")
    argv = ["import", "conll", "--test", str(test), "--label-map", "weibo", "--name", "weibo",
            "--out", str(tmp_path / "weibo")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "imported weibo (conll -> ner, script hans, not converted)" in out
    assert "test: " in out and "2 sentences, 4 characters, 2 entities (PER 1, GPE 1)" in out
    assert "repaired 1 x i_after_o" in out and "weibo.test: line 5" in out
    assert "published test sentences: 270, imported 2: DIFFERS" in out
    assert main(["validate", str(tmp_path / "weibo")]) == 0


def test_refused_input_exits_2_with_file_and_line(tmp_path, capsys):
    """--on-invalid refuse turns the first problem into an error message, not a traceback."""
    test = write(tmp_path / "t.txt", "北 O\n京 I-LOC\n")
    argv = ["import", "conll", "--test", str(test), "--on-invalid", "refuse", "--name", "x", "--out", str(tmp_path / "x")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "t.txt: line 2: I-LOC does not continue an entity [i_after_o]" in err and "--on-invalid repair" in err
    assert not (tmp_path / "x").exists()
    words = write(tmp_path / "w.txt", "北京\n")
    assert main(["import", "conll", "--test", str(test), "--words", str(words), "--name", "y",
                 "--out", str(tmp_path / "y")]) == 2
    assert "no meaning for a NER corpus" in capsys.readouterr().err


def test_validate_names_a_row_without_provenance(tmp_path, capsys):
    """A provenance table that lost a row is reported at the gold row it no longer describes."""
    test = write(tmp_path / "t.utf8", "苏州  发布\n新  政策\n")
    assert main(["import", "sighan", "--test", str(test), "--name", "s", "--out", str(tmp_path / "s")]) == 0
    (prov,) = (tmp_path / "s" / "provenance").glob("test-*.parquet")
    table = pq.read_table(prov)
    pq.write_table(table.slice(0, 1), prov)
    problems = validate_dir(tmp_path / "s")
    assert len(problems) == 1 and "(id s-test-0000002)" in problems[0] and "no provenance row" in problems[0]
