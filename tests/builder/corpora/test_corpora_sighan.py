"""suzhou_news/builder/corpora/sighan.py through import_corpus: SIGHAN 2005 bakeoff files as a segmentation dataset."""

from __future__ import annotations

import hashlib

import pytest
from corpus_files import run_import, write

from suzhou_news.bench.data import load_gold
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import read_config
from suzhou_news.builder.checks.validate import validate_dir


def test_bom_crlf_and_double_spaces_give_the_words_of_each_line(tmp_path):
    """PKU/MSR style: a BOM, CRLF line ends, words separated by two spaces, a blank line in between."""
    train = write(tmp_path / "pku_training.utf8", """\
        共同  创造  美好  的  新  世纪
        
        女士  们  ，  先生  们
        """, bom=True, crlf=True)
    test = write(tmp_path / "pku_test_gold.utf8", "迈向  充满  希望  的  新  世纪\n", crlf=True)
    result = run_import(tmp_path, "sighan", name="pku", train=train, test=test)
    rows = read_config(result.out_dir, "segmentation")
    assert [r["tokens"] for r in rows["train"]] == [["共同", "创造", "美好", "的", "新", "世纪"],
                                                    ["女士", "们", "，", "先生", "们"]]
    assert rows["train"][0]["text"] == "共同创造美好的新世纪"  # no BOM, no CR
    assert rows["test"][0]["tags"] == ["B", "E", "B", "E", "B", "E", "S", "S", "B", "E"]
    assert validate_dir(result.out_dir) == []
    prov = read_config(result.out_dir, "provenance")
    # blank line 2 is not a sentence: the second sentence starts on line 3
    assert [p["line"] for p in prov["train"]] == [1, 3]
    assert prov["train"][0]["source_sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert prov["train"][0]["source_file"] == "pku_training.utf8"
    counts = {f["split"]: (f["sentences"], f["words"]) for f in result.report["files"]}
    assert counts == {"train": (2, 11), "test": (1, 6)}
    assert result.report["tallies"]["blank lines:train"] == 1 and "blank lines:test" not in result.report["tallies"]


def test_traditional_corpus_with_full_width_spaces_stays_traditional(tmp_path):
    """AS/CITYU style: words separated by U+3000; the text is kept in Traditional script and the script recorded."""
    test = write(tmp_path / "as_test_gold.utf8", "我們\u3000在\u3000臺灣\u3000學習\u3000語言\n這\u3000是\u3000國家\u3000圖書館\n")
    result = run_import(tmp_path, "sighan", name="as", test=test)
    rows = read_config(result.out_dir, "segmentation")["test"]
    assert rows[0]["text"] == "我們在臺灣學習語言" and rows[1]["tokens"] == ["這", "是", "國家", "圖書館"]
    assert result.report["script"] == "hant" and result.report["converted"] is False
    assert result.report["tallies"] == {"lines separated by:test:ideographic_space": 2}
    assert "zh-Hant" in (result.out_dir / "README.md").read_text(encoding="utf-8")
    assert validate_dir(result.out_dir) == []


def test_words_file_is_the_oov_list_the_bench_uses(tmp_path):
    """With --words, OOV is counted against that list (as the score script does), not the train vocabulary."""
    train = write(tmp_path / "train.utf8", "苏州  工业  园区\n")
    test = write(tmp_path / "test.utf8", "苏州  发布  政策\n")
    words = write(tmp_path / "words.utf8", "苏州\n发布\n\n", bom=True)
    result = run_import(tmp_path, "sighan", train=train, test=test, words=words)
    gold = load_gold(result.out_dir)
    assert gold.oov_vocabulary == {"苏州", "发布"}
    assert gold.train_vocabulary == {"苏州", "工业", "园区"}
    assert result.report["oov_word_list"]["words"] == 2
    published = {(r["split"], r["figure"]): r for r in
                 run_import(tmp_path, "sighan", name="pku", test=test, words=words).report["published"]}
    # the word list is the training corpus's vocabulary: checked against the published word types
    assert (published[("train", "word_types")]["imported"], published[("train", "word_types")]["match"]) == (2, False)
    assert published[("train", "words")]["match"] is None  # no train split imported: not compared
    without = run_import(tmp_path, "sighan", name="plain", train=train, test=test)
    assert load_gold(without.out_dir).oov_vocabulary == {"苏州", "工业", "园区"}


def test_a_test_only_corpus_is_allowed_and_a_missing_test_file_is_refused(tmp_path):
    """Any subset of splits with a test file; no OOV list without a train split or word list."""
    test = write(tmp_path / "test.utf8", "苏州  发布\n")
    gold = load_gold(run_import(tmp_path, "sighan", test=test).out_dir)
    assert (len(gold.train), len(gold.test), gold.oov_vocabulary) == (0, 1, None)
    with pytest.raises(InputError, match="needs a test file"):
        run_import(tmp_path, "sighan", name="x", train=test)


def test_bytes_that_are_not_utf8_name_the_file_and_line_and_the_encoding_option(tmp_path):
    """A Big5 file read as UTF-8 is refused at its line; --encoding big5 reads it."""
    test = write(tmp_path / "cityu_test.txt", "香港  立法會\n政府  總部\n", encoding="big5")
    with pytest.raises(InputError, match=r"cityu_test.txt: line 1: .*--encoding"):
        run_import(tmp_path, "sighan", test=test)
    result = run_import(tmp_path, "sighan", name="cityu", test=test, encoding="big5")
    assert read_config(result.out_dir, "segmentation")["test"][1]["tokens"] == ["政府", "總部"]


def test_reimport_is_byte_identical_and_a_failed_import_leaves_the_old_folder(tmp_path):
    """Same files, same Parquet bytes; a refused input does not touch the existing output."""
    test = write(tmp_path / "test.utf8", "苏州  发布\n新  政策\n")
    out = run_import(tmp_path, "sighan", test=test).out_dir
    first = {p.name: p.read_bytes() for p in sorted(out.rglob("*.parquet"))}
    out = run_import(tmp_path, "sighan", test=test).out_dir
    assert {p.name: p.read_bytes() for p in sorted(out.rglob("*.parquet"))} == first
    bad = write(tmp_path / "empty.utf8", "\n\n")
    with pytest.raises(InputError, match="no sentences"):
        run_import(tmp_path, "sighan", test=bad)
    assert {p.name: p.read_bytes() for p in sorted(out.rglob("*.parquet"))} == first
