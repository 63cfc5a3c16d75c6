"""suzhou_news/builder/corpora/conll.py and labelmap.py through import_corpus: character-per-line NER corpora."""

from __future__ import annotations

import json

import pytest
from corpus_files import run_import, write

from suzhou_news.builder.corpora.published import compare
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import read_config
from suzhou_news.builder.checks.stats import collect
from suzhou_news.builder.checks.validate import validate_dir


def _entities(out, split="test"):
    return [[(e["text"], e["label"]) for e in r["entities"]] for r in read_config(out, "ner")[split]]


def test_msra_bio_with_bom_crlf_and_tabs(tmp_path):
    """MSRA style: BOM, CRLF, tab-separated BIO tags; ner_tags and the MSRA view agree with the entities."""
    test = write(tmp_path / "msra_test.txt", """\
        中\tB-ORG
        共\tI-ORG
        中\tI-ORG
        央\tI-ORG
        在\tO
        北\tB-LOC
        京\tI-LOC

        张\tB-PER
        三\tI-PER
        """, bom=True, crlf=True)
    result = run_import(tmp_path, "conll", name="msra", test=test, label_map="msra")
    assert _entities(result.out_dir) == [[("中共中央", "ORG"), ("北京", "LOC")], [("张三", "PER")]]
    row = read_config(result.out_dir, "ner")["test"][0]
    assert row["text"] == "中共中央在北京" and row["ner_tags_msra"][:2] == ["B-ORG", "I-ORG"]
    assert result.report["repaired"] == {}
    assert validate_dir(result.out_dir) == []


def test_broken_i_tags_are_repaired_and_counted_or_refused(tmp_path):
    """An I- after O and an I- of another type: new entities (conlleval's reading), counted with file and line."""
    text = """\
        北 O
        京 I-LOC
        大 I-ORG
        学 I-ORG
        """
    test = write(tmp_path / "broken.txt", text)
    result = run_import(tmp_path, "conll", test=test, label_map="msra")
    assert _entities(result.out_dir) == [[("京", "LOC"), ("大学", "ORG")]]
    rep = result.report["repaired"]
    assert rep["i_after_o"]["count"] == 1 and "broken.txt: line 2" in rep["i_after_o"]["examples"][0]
    assert rep["i_type_change"]["count"] == 1 and "line 3" in rep["i_type_change"]["examples"][0]
    with pytest.raises(InputError, match=r"broken.txt: line 2: I-LOC does not continue an entity \[i_after_o\]"):
        run_import(tmp_path, "conll", name="strict", test=test, label_map="msra", on_invalid="refuse")
    assert not (tmp_path / "strict").exists()


def test_weibo_position_suffixes_and_nominal_mentions(tmp_path):
    """Weibo: tokens are a character plus its position in the word (一0); X.NOM dropped or merged by map."""
    test = write(tmp_path / "weiboNER.conll.test", """\
        一0\tO
        位1\tO
        老0\tB-PER.NOM
        师1\tI-PER.NOM
        张0\tB-PER.NAM
        三1\tI-PER.NAM
        在0\tO
        北0\tB-GPE.NAM
        京1\tI-GPE.NAM
        10\tO
        """)
    dropped = run_import(tmp_path, "conll", name="weibo", test=test, label_map="weibo")
    row = read_config(dropped.out_dir, "ner")["test"][0]
    assert row["text"] == "一位老师张三在北京1"  # digits after the first character dropped, a digit character kept
    assert _entities(dropped.out_dir) == [[("张三", "PER"), ("北京", "GPE")]]
    assert dropped.report["tallies"]["dropped:PER.NOM"] == 1
    merged = run_import(tmp_path, "conll", name="weibo2", test=test, label_map="weibo-nominal")
    assert _entities(merged.out_dir) == [[("老师", "PER"), ("张三", "PER"), ("北京", "GPE")]]
    assert validate_dir(merged.out_dir) == []


def test_an_unmapped_label_is_always_refused_with_its_line(tmp_path):
    """A label the map does not name stops the import even with --on-invalid repair; the message says the way out."""
    test = write(tmp_path / "pd.txt", "今 B-T\n天 I-T\n")
    with pytest.raises(InputError, match=r"pd.txt: line 1: label 'T' is not in the label map 'msra'.*null"):
        run_import(tmp_path, "conll", test=test, label_map="msra")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"T": None, "PER": "PER"}), encoding="utf-8")
    result = run_import(tmp_path, "conll", test=test, label_map=str(mapping))
    assert _entities(result.out_dir) == [[]] and result.report["tallies"]["dropped:T"] == 1


def test_mixed_separators_and_empty_tokens_are_repaired_and_counted(tmp_path):
    """Tabs on some lines, spaces on others; a full-width space token and a tag with no token are dropped."""
    test = write(tmp_path / "mixed.txt", "苏\tB-LOC\n州 I-LOC\n\u3000 O\n\tO\n市 O\n")
    result = run_import(tmp_path, "conll", test=test)
    assert read_config(result.out_dir, "ner")["test"][0]["text"] == "苏州市"
    rep = result.report["repaired"]
    # the separator changes on lines 2 (tab -> space), 4 (-> tab) and 5 (-> space)
    assert rep["mixed_separators"]["count"] == 3 and rep["empty_token"]["count"] == 2
    with pytest.raises(InputError, match=r"mixed.txt: line 2: .*\[mixed_separators\]"):
        run_import(tmp_path, "conll", name="strict", test=test, on_invalid="refuse")


@pytest.mark.parametrize("scheme, tags", [
    ("bioes", ["B-LOC", "E-LOC", "S-PER", "O", "B-ORG", "I-ORG", "E-ORG"]),
    ("bmes", ["B-LOC", "E-LOC", "S-PER", "O", "B-ORG", "M-ORG", "E-ORG"]),
], ids=["bioes", "bmes"])
def test_bioes_and_bmes_schemes(tmp_path, scheme, tags):
    """E- closes and S- is a one-character entity; the same spans from either scheme."""
    test = write(tmp_path / "t.txt", "".join(f"{c} {t}\n" for c, t in zip("苏州王在市政府", tags)))
    result = run_import(tmp_path, "conll", test=test, scheme=scheme)
    assert _entities(result.out_dir) == [[("苏州", "LOC"), ("王", "PER"), ("市政府", "ORG")]]


def test_an_unterminated_bioes_entity_and_a_tag_outside_the_scheme(tmp_path):
    """B- followed by O in BIOES is closed and counted; an E- tag in BIO is refused naming --scheme."""
    test = write(tmp_path / "t.txt", "苏 B-LOC\n州 I-LOC\n的 O\n")
    result = run_import(tmp_path, "conll", test=test, scheme="bioes")
    assert _entities(result.out_dir) == [[("苏州", "LOC")]]
    assert result.report["repaired"]["unterminated_entity"]["count"] == 1
    bad = write(tmp_path / "e.txt", "苏 B-LOC\n州 E-LOC\n")
    with pytest.raises(InputError, match=r"e.txt: line 2: tag 'E-LOC' is not in the BIO scheme.*--scheme"):
        run_import(tmp_path, "conll", name="bio", test=bad)


def test_a_token_of_replacement_characters_is_one_lost_character(tmp_path):
    """Weibo's ``��0``: a pair of U+FFFD on a one-character line is one lost character, kept aligned with its tag."""
    test = write(tmp_path / "weibo.test", """\
        张0\tB-PER.NAM
        \ufffd\ufffd0\tI-PER.NAM
        说0\tO
        \ufffd0\tO
        \ufffd\ufffd\ufffd0\tO
        """)
    result = run_import(tmp_path, "conll", name="weibo", test=test, label_map="weibo")
    row = read_config(result.out_dir, "ner")["test"][0]
    assert row["text"] == "张\ufffd说\ufffd\ufffd" and row["ner_tags"][:3] == ["B-PER", "I-PER", "O"]
    assert _entities(result.out_dir) == [[("张\ufffd", "PER")]]
    lost = result.report["repaired"]["lost_character"]
    assert lost["count"] == 2  # the single U+FFFD on line 4 is a character as it stands
    assert "weibo.test: line 2" in lost["examples"][0] and "weibo.test: line 5" in lost["examples"][1]
    with pytest.raises(InputError, match=r"weibo.test: line 2: token '\ufffd\ufffd0' .*\[lost_character\]"):
        run_import(tmp_path, "conll", name="strict", test=test, label_map="weibo", on_invalid="refuse")
    bad = write(tmp_path / "mixed.test", "a\ufffd0\tO\n")
    with pytest.raises(InputError, match=r"mixed.test: line 1: token 'a\ufffd' has 2 characters"):
        run_import(tmp_path, "conll", name="mixed", test=bad, label_map="weibo")


def test_a_token_of_several_characters_is_refused(tmp_path):
    """One character per line; a word on a line has no safe repair."""
    test = write(tmp_path / "w.txt", "苏州 B-LOC\n")
    with pytest.raises(InputError, match=r"w.txt: line 1: token '苏州' has 2 characters"):
        run_import(tmp_path, "conll", test=test)


def test_train_validation_and_test_splits_in_schema_card_stats_and_validate(tmp_path):
    """People's Daily ships a dev file: it becomes the validation split everywhere."""
    files = {split: write(tmp_path / f"{split}.txt", f"{ch} B-PER\n民 I-PER\n\n好 O\n")
             for split, ch in (("train", "人"), ("validation", "公"), ("test", "市"))}
    result = run_import(tmp_path, "conll", name="peoples-daily", label_map="peoples-daily", **files)
    assert validate_dir(result.out_dir) == []
    card = (result.out_dir / "README.md").read_text(encoding="utf-8")
    assert "split: validation" in card and "ner/validation-*.parquet" in card
    stats = {(s["config"], s["split"]): s["rows"] for s in collect(result.out_dir)}
    assert stats[("ner", "validation")] == 2 and stats[("provenance", "validation")] == 2
    published = {(r["split"], r["figure"]): r for r in result.report["published"]}
    assert published[("validation", "sentences")]["imported"] == 2
    assert published[("validation", "sentences")]["match"] is False  # 2 is not the published 2,318


def test_published_figures_are_compared_exactly():
    """compare() marks a figure as matching only when the imported count is the published one."""
    rows = compare("Weibo", {"test": {"sentences": 270}, "train": {"sentences": 1349}})
    by = {(r["split"], r["figure"]): r["match"] for r in rows}
    assert by[("test", "sentences")] is True and by[("train", "sentences")] is False
    assert by[("validation", "sentences")] is None  # not imported: nothing to compare
    assert compare("no-such-corpus", {}) == []
