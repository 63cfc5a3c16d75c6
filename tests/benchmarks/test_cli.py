"""suzhou_news/bench/cli.py: score-cws, score-ner, segment, tag and bench as a user calls them.

Scoring commands get hand-made files whose expected numbers are worked out in
the comments from the SIGHAN ``score`` script's and ``conlleval``'s documented
rules.  ``segment`` and ``tag`` run the installed ``suzhou-news`` script in a
subprocess with text on stdin; ``bench`` runs in-process on the tiny gold
dataset of test_data.py.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from test_data import tiny_gold  # noqa: F401  (session fixture: the tiny gold dataset)

from suzhou_news.bench.data import load_gold
from suzhou_news.bench.report import validate_results
from suzhou_news.cli import main

CWS_KEYS = {"precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall", "gold_words", "pred_words", "matched"}


def _write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _json_out(capsys, argv):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1  # exactly one JSON object
    return json.loads(out)


def _cli() -> list[str]:
    script = shutil.which("suzhou-news")
    return [script] if script else [sys.executable, "-m", "suzhou_news"]


def _run(args, stdin="", cwd=None):
    return subprocess.run(_cli() + args, input=stdin, capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)


# ------------------------------------------------------------------ score-cws

@pytest.fixture
def sighan(tmp_path):
    gold = _write(tmp_path / "gold.utf8", """\
        我  爱  北京  天安门
        苏州  工业  园区  发布  新  政策
        天安门  广场
        """)
    pred = _write(tmp_path / "pred.utf8", """\
        我 爱 北京天安门
        苏州 工业园区 发布 新政策
        天安门 广场
        """)
    words = _write(tmp_path / "words.utf8", """\
        我
        爱
        北京
        苏州
        发布
        """)
    return gold, pred, words


def test_score_cws_json_matches_the_sighan_script(capsys, sighan):
    gold, pred, words = sighan
    got = _json_out(capsys, ["score-cws", "--gold", str(gold), "--pred", str(pred), "--words", str(words), "--json"])
    # Line 1: 4 gold, 3 pred words; diff keeps 我 爱 (北京 天安门 vs 北京天安门 differ): 2 matched.
    # Line 2: 6 gold, 4 pred; 苏州 is a common prefix, 发布 the only other shared word: 2 matched.
    # Line 3: identical, 2 gold, 2 pred, 2 matched.
    # Total: 12 gold, 9 pred, 6 matched -> P = 6/9, R = 6/12, F = 2*6/(12+9) = 4/7.
    # OOV (not in the word list): 天安门 x2, 工业, 园区, 新, 政策, 广场 = 7 of 12 gold words;
    # matched OOV: 天安门 and 广场 of line 3 = 2 -> OOV recall 2/7; IV: 5 gold, 4 matched -> 4/5.
    assert set(got) == CWS_KEYS
    expected = {"precision": 6 / 9, "recall": 6 / 12, "f1": 4 / 7,
                "oov_rate": 7 / 12, "oov_recall": 2 / 7, "iv_recall": 4 / 5}
    assert {k: got[k] for k in expected} == pytest.approx(expected)
    assert (got["gold_words"], got["pred_words"], got["matched"]) == (12, 9, 6)


def test_score_cws_without_a_word_list_leaves_oov_undefined(capsys, sighan):
    gold, pred, _ = sighan
    got = _json_out(capsys, ["score-cws", "--gold", str(gold), "--pred", str(pred), "--json"])
    assert set(got) == CWS_KEYS
    assert got["f1"] == pytest.approx(4 / 7)
    assert got["oov_rate"] is got["oov_recall"] is got["iv_recall"] is None


def test_score_cws_text_output_and_misaligned_prediction(capsys, sighan, tmp_path):
    gold, pred, words = sighan
    assert main(["score-cws", "--gold", str(gold), "--pred", str(pred), "--words", str(words)]) == 0
    out = capsys.readouterr().out
    assert "f1: 0.5714" in out and "gold 12, predicted 9, matched 6" in out

    bad = _write(tmp_path / "bad.utf8", "我 爱 北京\n苏州 工业园区 发布 新政策\n天安门 广场\n")
    assert main(["score-cws", "--gold", str(gold), "--pred", str(bad), "--json"]) == 2
    err = capsys.readouterr().err
    assert "line 1" in err and str(bad) in err and "--no-check" in err


def test_score_cws_no_check_scores_differing_lines_like_the_script_and_lists_them(capsys, sighan, tmp_path):
    """The MSR gold moves an opening quote to the line before: --no-check scores it as the perl script does."""
    gold, _, words = sighan
    moved = _write(tmp_path / "moved.utf8", "我 爱 北京 天安门 苏州\n工业 园区 发布 新 政策\n天安门 广场\n")
    got = _json_out(capsys, ["score-cws", "--gold", str(gold), "--pred", str(moved), "--json", "--no-check"])
    # Line 1: 4 of 5 predicted words match; line 2: 5 of 6 gold words (苏州 moved up); line 3: 2.
    assert (got["gold_words"], got["pred_words"], got["matched"]) == (12, 12, 11)
    assert got["text_differs"] == [1, 2]
    assert main(["score-cws", "--gold", str(gold), "--pred", str(moved), "--no-check"]) == 0
    assert "2 line(s) whose text differs from the gold" in capsys.readouterr().out


# ------------------------------------------------------------------ score-ner

CONLL = """\
    张 B-PER B-PER
    三 I-PER I-PER
    在 O O
    苏 B-LOC I-LOC
    州 I-LOC I-LOC

    李 B-PER B-PER
    四 I-PER O
    去 O O
    北 B-ORG B-LOC
    京 I-ORG I-LOC
    大 I-ORG O
    学 I-ORG I-ORG
    """


def test_score_ner_json_follows_conlleval_chunk_rules(capsys, tmp_path):
    path = _write(tmp_path / "pred.conll", CONLL)
    got = _json_out(capsys, ["score-ner", str(path), "--json"])
    # Gold chunks: PER 张三, LOC 苏州 | PER 李四, ORG 北京大学            -> 4
    # Pred chunks (conlleval: an I- after O starts a chunk):
    #   PER 张三 (ok), LOC 苏州 from I-LOC after O (ok) | PER 李, LOC 北京, ORG 学 (I-ORG after O)  -> 5
    # Correct 2: P = 2/5, R = 2/4, F = 2*2/(4+5) = 4/9.
    # PER: tp 1 fp 1 fn 1 -> 1/2, 1/2, 1/2; LOC: tp 1 fp 1 fn 0 -> 1/2, 1, 2/3; ORG: tp 0 fp 1 fn 1 -> 0, 0, 0.
    assert set(got) == {"precision", "recall", "f1", "per_type"}
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((2 / 5, 2 / 4, 4 / 9))
    assert got["per_type"] == {
        "LOC": {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1},
        "ORG": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1},
        "PER": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
    }
    for scores in [got, *got["per_type"].values()]:
        assert all(0.0 <= scores[k] <= 1.0 for k in ("precision", "recall", "f1"))


def test_score_ner_strict_mode_ignores_an_i_after_o(capsys, tmp_path):
    path = _write(tmp_path / "pred.conll", CONLL)
    got = _json_out(capsys, ["score-ner", str(path), "--mode", "strict", "--json"])
    # seqeval strict IOB2: the two chunks that begin with I- are not chunks.  Pred: PER 张三 (ok),
    # PER 李, LOC 北京 -> 3 predicted, 1 correct: P = 1/3, R = 1/4, F = 2/(4+3) = 2/7.
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((1 / 3, 1 / 4, 2 / 7))
    assert got["per_type"]["LOC"]["precision"] == 0.0 and got["per_type"]["ORG"]["precision"] is None


def test_score_ner_malformed_file_names_the_line(capsys, tmp_path):
    path = _write(tmp_path / "bad.conll", "张 B-PER B-PER\n三 I-PER\n")
    assert main(["score-ner", str(path), "--json"]) == 2
    assert "line 2" in capsys.readouterr().err


# ------------------------------------------------------------------ segment / tag

def test_segment_off_the_shelf_system_needs_no_dataset(tmp_path):
    # jieba's README example: 我来到北京清华大学 -> 我/ 来到/ 北京/ 清华大学
    proc = _run(["segment", "--system", "jieba.default.v1"], "我来到北京清华大学\n苏州工业园区\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "我 来到 北京 清华大学"
    assert len(lines) == 2 and lines[1].replace(" ", "") == "苏州工业园区"


def test_segment_trained_system_learns_the_train_split(tiny_gold, tmp_path):  # noqa: F811
    proc = _run(["segment", "--system", "mm.forward.v1", "--dataset", str(tiny_gold.path)],
                "苏州工业园区今天发布新政策\n我爱北京天安门\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # Forward maximum matching over the train words (苏州, 工业园区, 今天, 发布, 新, 政策, 北京, …);
    # 我, 爱 and the test-only word 天安门 are unknown, so they fall apart into characters.
    assert proc.stdout.splitlines() == ["苏州 工业园区 今天 发布 新 政策", "我 爱 北京 天 安 门"]


def test_tag_writes_conll_char_bio_with_a_blank_line_between_sentences(tiny_gold, tmp_path):  # noqa: F811
    proc = _run(["tag", "--system", "gazetteer.train.v1", "--dataset", str(tiny_gold.path)],
                "张三在苏州市政府工作。\n我爱北京天安门。\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # Train entities: 张三/PER, 苏州市政府/ORG (longest match beats 苏州/GPE), 北京/GPE; 天安门 is test-only.
    expected = ("张 B-PER\n三 I-PER\n在 O\n苏 B-ORG\n州 I-ORG\n市 I-ORG\n政 I-ORG\n府 I-ORG\n工 O\n作 O\n。 O\n"
                "\n"
                "我 O\n爱 O\n北 B-GPE\n京 I-GPE\n天 O\n安 O\n门 O\n。 O\n")
    assert proc.stdout == expected


def test_trained_system_without_dataset_and_wrong_task_say_what_to_do(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("苏州\n"))
    with pytest.raises(SystemExit, match="pass --dataset DIR"):
        main(["segment", "--system", "mm.forward.v1"])
    with pytest.raises(SystemExit, match="is a ner system; choose one of"):
        main(["segment", "--system", "gazetteer.train.v1"])


def test_unknown_system_name_suggests_the_closest_one(tmp_path):
    proc = _run(["segment", "--system", "jieba.defualt.v1"], "我爱北京\n", cwd=tmp_path)
    assert proc.returncode != 0
    assert "Did you mean 'jieba.default.v1'?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bench_with_an_unknown_system_fails_before_running(tiny_gold, tmp_path):  # noqa: F811
    out = tmp_path / "results"
    with pytest.raises(SystemExit, match="Did you mean 'mm.forward.v1'"):
        main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "mm.forwrd.v1"])
    with pytest.raises(SystemExit, match="--resamples must be at least 1000"):
        main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--resamples", "10"])
    assert not out.exists()


# ------------------------------------------------------------------ bench

def test_bench_writes_results_leaderboard_and_chart(capsys, tiny_gold, tmp_path):  # noqa: F811
    out = tmp_path / "results"
    systems = ["mm.forward.v1", "jieba.default.v1", "gazetteer.train.v1"]
    argv = ["bench", "--dataset", str(tiny_gold.path), "--out", str(out)]
    for name in systems:
        argv += ["--system", name]
    assert main(argv) == 0
    printed = capsys.readouterr().out

    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(doc)
    gold = load_gold(tiny_gold.path)
    assert doc["dataset"]["content_hash"] == gold.content_hash
    assert doc["settings"]["n_resamples"] >= 1000
    assert [e["system"] for e in doc["results"]] == [
        "mm.forward.v1", "jieba.default.v1", "jieba.default.v1", "gazetteer.train.v1"]
    for e in doc["results"]:
        assert e["speed"]["memory"]["peak_rss_mib"] > 0  # bench measures memory in a child process

    leaderboard = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert leaderboard in printed
    assert all(f"`{name}`" in leaderboard for name in systems)
    png = (out / "f1-vs-throughput.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert sorted(p.name for p in out.iterdir()) == ["f1-vs-throughput.png", "leaderboard.md", "results.json"]
