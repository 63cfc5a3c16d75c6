"""SIGHAN ``score`` reproduction.  Expected numbers are worked out from the script's rules:
matched = gold words that ``diff -y`` (one word per line) leaves unchanged;
R = matched / gold words, P = matched / predicted words, F = 2PR / (P + R)."""

import random
import re
import shutil
import subprocess
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suzhou_news.bench.metrics.cws import (
    CwsCounts, align_words, check_alignment, cws_sentence_counts, read_sighan, read_words,
    score_cws, split_words,
)


def lines(*texts):
    return [t.split() for t in texts]


# ---------------------------------------------------------------- hand-computed cases

def test_basic_example():
    """gold 我 爱 北京 天安门 / pred 我 爱北京 天安 门: only 我 survives the diff."""
    s = score_cws(lines("我 爱 北京 天安门"), lines("我 爱北京 天安 门"), {"我", "爱", "北京"})
    # 4 gold, 4 pred, 1 matched -> P = R = F = 1/4.  天安门 is the only OOV word.
    assert (s.gold_words, s.pred_words, s.matched) == (4, 4, 1)
    assert s.precision == s.recall == s.f1 == 0.25
    assert s.oov_rate == 0.25 and s.oov_recall == 0.0
    assert s.iv_gold == 3 and s.iv_matched == 1 and s.iv_recall == pytest.approx(1 / 3)


def test_unequal_lengths_f_is_harmonic_mean():
    """gold 结婚 的 和 尚未 结婚 的 (6) / pred 结婚 的 和尚 未 结婚 的 (6) plus a second line
    gold 北京大学 生 (2) / pred 北京 大学生 (2): matched 4 + 0."""
    s = score_cws(lines("结婚 的 和 尚未 结婚 的", "北京大学 生"),
                  lines("结婚 的 和尚 未 结婚 的", "北京 大学生"))
    assert (s.gold_words, s.pred_words, s.matched) == (8, 8, 4)
    assert s.f1 == 0.5
    s = score_cws(lines("结婚 的 和 尚未 结婚 的"), lines("结婚 的 和尚未 结婚 的"))
    # 6 gold, 5 pred, 4 matched: R = 4/6, P = 4/5, F = 2*4/(6+5) = 8/11
    assert s.recall == pytest.approx(4 / 6) and s.precision == pytest.approx(4 / 5)
    assert s.f1 == pytest.approx(8 / 11)
    assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))


def test_lcs_matches_a_word_at_another_character_offset():
    """gold 哈哈 哈 / pred 哈 哈哈 share no character span, but diff pairs one equal word.

    Position-based scoring: gold spans (0,2),(2,3), pred (0,1),(1,3): 0 matched.
    diff: one of the two words matches; GNU diff keeps the *later* gold word (哈).
    """
    s = score_cws(lines("哈哈 哈"), lines("哈 哈哈"), {"哈"})
    assert s.matched == 1 and s.precision == s.recall == 0.5
    # tie-break: 哈 (IV) matched, 哈哈 (OOV) not
    assert (s.oov_gold, s.oov_matched, s.iv_gold, s.iv_matched) == (1, 0, 1, 1)
    assert align_words(["哈哈", "哈"], ["哈", "哈哈"]) == [False, True]
    assert align_words(["a", "b"], ["b", "a"]) == [False, True]
    assert align_words(["a", "b", "c"], ["c", "b", "a"]) == [False, False, True]


def test_gnu_diff_discards_a_word_frequent_on_the_other_side():
    """哈 occurs 7 times in the prediction (> 5) and sits in a run of gold words that have
    no match at all, so GNU diff discards it before aligning: the script counts 0 matches
    although 哈 is at the same offset in both lines (the LCS, and position scoring, say 1)."""
    gold = lines("一二 三四 五六 哈 七八 九十 百千 哈哈哈哈哈哈")
    pred = lines("一 二 三 四 五 六 哈 七 八 九 十 百 千 哈 哈 哈 哈 哈 哈")
    assert score_cws(gold, pred).matched == 0
    assert score_cws(gold, pred, alignment="lcs").matched == 1
    # with 哈 only 5 times in the prediction it is no longer "confusing": matched again
    gold = lines("一二 三四 五六 哈 七八 九十 百千 哈哈哈哈")
    pred = lines("一 二 三 四 五 六 哈 七 八 九 十 百 千 哈 哈 哈 哈")
    assert score_cws(gold, pred).matched == 1


def test_same_count_but_different_words_than_position_scoring():
    """docs/metrics.md case 3.  gold 哈哈 的 的 哈 / pred 哈 哈 的 的哈, word list {的}.
    Offsets would match 的 at (2,3); diff matches the last gold 哈 instead."""
    s = score_cws(lines("哈哈 的 的 哈"), lines("哈 哈 的 的哈"), {"的"})
    assert s.matched == 1
    assert (s.oov_recall, s.iv_recall) == (0.5, 0.0)  # position scoring: (0.0, 0.5)


def test_pipe_and_angle_words_are_ordinary_words():
    """The perl script misreads a matched word '|', '<' or '>' as a diff marker; we do not."""
    s = score_cws(lines("| < > 的"), lines("| < > 的"))
    assert s.matched == 4 and s.f1 == 1.0


def test_oov_and_iv_count_repeated_tokens():
    """gold 的 的 北京 的 / pred 的 的北京 的, word list {的}.
    diff keeps the first and last 的; 北京 (OOV) and the middle 的 are lost."""
    s = score_cws(lines("的 的 北京 的"), lines("的 的北京 的"), {"的"})
    assert (s.gold_words, s.pred_words, s.matched) == (4, 3, 2)
    assert (s.oov_gold, s.oov_matched, s.iv_gold, s.iv_matched) == (1, 0, 3, 2)
    assert s.oov_rate == 0.25 and s.oov_recall == 0.0 and s.iv_recall == pytest.approx(2 / 3)


def test_perfect_prediction():
    gold = lines("我 爱 北京", "", "天安门 上 太阳 升")
    s = score_cws(gold, gold, {"我", "北京"})
    assert s.precision == s.recall == s.f1 == s.oov_recall == s.iv_recall == 1.0
    assert s.oov_rate == pytest.approx(5 / 7)


def test_without_word_list_oov_scores_are_none():
    s = score_cws(lines("我 爱"), lines("我 爱"))
    assert s.oov_rate is s.oov_recall is s.iv_recall is None
    assert s.f1 == 1.0


def test_oov_recall_none_when_no_oov_words():
    s = score_cws(lines("我 爱"), lines("我爱"), {"我", "爱"})
    assert s.oov_rate == 0.0 and s.oov_recall is None and s.iv_recall == 0.0


def test_empty_lines():
    """Empty gold lines are skipped by the script: their predicted words are not counted."""
    s = score_cws(lines("", "我 爱"), lines("", "我 爱"))
    assert (s.gold_words, s.pred_words, s.matched) == (2, 2, 2)
    s = score_cws(lines("", "我 爱"), lines("多余", "我 爱"), check=False)
    assert (s.gold_words, s.pred_words, s.matched) == (2, 2, 2)
    s = score_cws(lines("我 爱"), lines(""), check=False)  # nothing predicted
    assert s.recall == 0.0 and s.precision is None and s.f1 == 0.0
    assert score_cws([], []).f1 is None and score_cws(lines(""), lines("")).to_dict()["f1"] is None


def test_mismatched_characters_resynchronise_by_words():
    """check=False: pred dropped 爱.  diff still matches 我 and 北京 (R = 2/3, P = 2/2);
    character offsets would only match 我."""
    s = score_cws(lines("我 爱 北京"), lines("我 北京"), check=False)
    assert (s.matched, s.recall, s.precision) == (2, pytest.approx(2 / 3), 1.0)


def test_sentence_counts_sum_to_corpus_score():
    gold = lines("我 爱 北京", "", "天安门 上 太阳 升")
    pred = lines("我 爱北京", "", "天安门 上 太阳升")
    per = cws_sentence_counts(gold, pred, {"我"})
    assert len(per) == 3 and per[1] == CwsCounts()
    assert sum(per) == score_cws(gold, pred, {"我"})
    assert per[0] == CwsCounts(3, 2, 1, 2, 0, 1, 1)


def test_to_dict_keys():
    d = score_cws(lines("我 爱"), lines("我 爱")).to_dict()
    assert list(d) == ["precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall",
                       "gold_words", "pred_words", "matched", "oov_gold", "oov_matched",
                       "iv_gold", "iv_matched"]


# ---------------------------------------------------------------- files and errors

def test_read_sighan_multi_line_file(tmp_path):
    """Tabs, U+3000, CRLF and a missing final newline all separate words; empty lines stay."""
    path = tmp_path / "gold.utf8"
    path.write_bytes("\ufeff我 爱\t北京\r\n\n天安门\u3000上\u3000\u3000太阳  升".encode())
    assert read_sighan(path) == [["我", "爱", "北京"], [], ["天安门", "上", "太阳", "升"]]
    pred = tmp_path / "pred.utf8"
    pred.write_text("我 爱北京\n\n天安门 上 太阳升\n", encoding="utf-8")
    s = score_cws(read_sighan(path), read_sighan(pred))
    # line 1: 我 matched (1 of 3 gold, 2 pred); line 3: 天安门 上 (2 of 4 gold, 3 pred)
    assert (s.gold_words, s.pred_words, s.matched) == (7, 5, 3)


def test_split_words_follows_perl_whitespace():
    assert split_words("  a\u3000b\x0bc\fd \r") == ["a", "b", "c", "d"]
    assert split_words("a\u00a0b c") == ["a\u00a0b", "c"]  # NBSP is not \s for the script
    assert split_words("北\r京") == ["北京"]  # the script deletes every CR
    assert split_words(" \u3000 ") == []


def test_read_words(tmp_path):
    path = tmp_path / "words.utf8"
    path.write_text(textwrap.dedent("""\
        北京
          天安门  \r

        上"""), encoding="utf-8")
    assert read_words(path) == {"北京", "天安门", "上"}


def test_character_mismatch_is_reported_with_line_and_character():
    with pytest.raises(ValueError, match=r"line 2: .* character 2 .*'京'.*'东'"):
        score_cws(lines("我", "北京 上海"), lines("我", "北东 上海"))
    with pytest.raises(ValueError, match=r"line 1: .* character 3 .*end of line"):
        check_alignment(lines("北京 上"), lines("北京"))


def test_line_count_mismatch_always_raises():
    with pytest.raises(ValueError, match="2 lines but pred has 1"):
        score_cws(lines("我", "你"), lines("我"), check=False)


@pytest.mark.parametrize("bad", [[["我 爱"]], [[""]], [["我\u3000"]]])
def test_words_must_not_contain_whitespace(bad):
    with pytest.raises(ValueError, match="line 1"):
        score_cws(bad, bad)


def test_argument_errors():
    with pytest.raises(TypeError):
        score_cws(["我 爱"], ["我 爱"])
    with pytest.raises(TypeError):
        score_cws(lines("我"), lines("我"), words="我")
    with pytest.raises(ValueError, match="alignment"):
        score_cws(lines("我"), lines("我"), alignment="myers")


# ---------------------------------------------------------------- properties

def segment(text, cuts):
    """Cut ``text`` before position i when ``cuts[i % len(cuts)]``."""
    words, start = [], 0
    for i in range(1, len(text)):
        if cuts[i % len(cuts)]:
            words.append(text[start:i])
            start = i
    return words + [text[start:]] if text else []


def lcs_length(a, b):
    """Textbook dynamic programme, independent of the Myers code under test."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev, row = row, [0]
        for j, y in enumerate(b):
            row.append(prev[j] + 1 if x == y else max(prev[j + 1], row[j]))
    return row[-1]


def offset_matches(a, b):
    def spans(words):
        out, pos = set(), 0
        for w in words:
            out.add((pos, pos + len(w)))
            pos += len(w)
        return out
    return len(spans(a) & spans(b))


pairs = st.text(alphabet="我的是了北", min_size=0, max_size=40).flatmap(
    lambda t: st.tuples(st.just(t), *[st.lists(st.booleans(), min_size=max(1, len(t)),
                                               max_size=max(1, len(t)))] * 2))


@settings(max_examples=300, deadline=None)
@given(pairs)
def test_matched_count_properties(pair):
    text, cuts_a, cuts_b = pair
    a, b = segment(text, cuts_a), segment(text, cuts_b)
    lcs = sum(align_words(a, b, "lcs"))
    sighan = sum(align_words(a, b, "sighan"))
    assert lcs == lcs_length(a, b)
    assert offset_matches(a, b) <= lcs  # same-offset pairs are a common subsequence
    assert sighan <= lcs
    for mode in ("lcs", "sighan"):
        kept = [w for w, f in zip(a, align_words(a, b, mode)) if f]
        it = iter(b)
        assert all(w in it for w in kept)  # the matched words are a subsequence of b
        s, t = score_cws([a], [b], alignment=mode), score_cws([b], [a], alignment=mode)
        assert (s.precision, s.recall, s.f1) == (t.recall, t.precision, t.f1)
        assert s.f1 is None or 0.0 <= s.f1 <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=9), st.lists(st.booleans(), min_size=1, max_size=9),
       st.integers(0, 12))
def test_distinct_characters_make_lcs_equal_offsets(cuts_a, cuts_b, n):
    """With no repeated character, equal words can only sit at equal offsets."""
    text = "一二三四五六七八九十百千"[:n]
    a, b = segment(text, cuts_a), segment(text, cuts_b)
    assert sum(align_words(a, b, "lcs")) == sum(align_words(a, b)) == offset_matches(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(pairs, min_size=0, max_size=6), st.integers(0, 6),
       st.sets(st.sampled_from(["我", "的", "是了", "北"])))
def test_counts_of_concatenation_equal_merged_counts(batch, split, words):
    gold = [segment(t, ca) for t, ca, _ in batch]
    pred = [segment(t, cb) for t, _, cb in batch]
    whole = score_cws(gold, pred, words)
    assert whole == score_cws(gold[:split], pred[:split], words) + score_cws(
        gold[split:], pred[split:], words)
    assert whole.oov_gold + whole.iv_gold == whole.gold_words


# ---------------------------------------------------------------- against GNU diff itself

def _gnu_diff():
    exe = shutil.which("diff")
    if exe is None:
        return None
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    return exe if "GNU diffutils" in version else None


def diff_lines(gold, pred, tmp_path, minimal=False):
    """Run ``diff -y`` on one word per line, as the script does; return its output lines."""
    (tmp_path / "t1").write_text("".join(w + "\n" for w in gold), encoding="utf-8")
    (tmp_path / "t2").write_text("".join(w + "\n" for w in pred), encoding="utf-8")
    args = [_gnu_diff(), "-y"] + (["-d"] if minimal else [])
    out = subprocess.run(args + [str(tmp_path / "t1"), str(tmp_path / "t2")],
                         capture_output=True, text=True, encoding="utf-8").stdout
    return out.splitlines(keepends=True)


def sighan_script(gold, pred, words, tmp_path, minimal=False):
    """The perl script's per-line loop, transcribed: diff -y on one word per line, then its
    regexes (a gold word is missed when its diff line carries a | < > marker)."""
    totals = dict(true=0, test=0, missed_gold=0, missed_test=0, oov=0, oov_missed=0)
    for g, p in zip(gold, pred):
        if not g:
            continue
        totals["true"] += len(g)
        totals["test"] += len(p)
        for line in diff_lines(g, p, tmp_path, minimal):
            m = re.match(r"^(\S+)\s", line)
            if m:
                oov = m.group(1) not in words
                totals["oov"] += oov
                if re.match(r"^\S+\s.*\s[|><]\s", line):
                    totals["missed_gold"] += 1
                    totals["oov_missed"] += oov
            if re.search(r"\s[|><]\s.*\S$", line):
                totals["missed_test"] += 1
    return totals


needs_gnu_diff = pytest.mark.skipif(_gnu_diff() is None,
                                    reason="needs GNU diff, the tool the script runs")


@needs_gnu_diff
@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_gnu_diff_on_random_segmentations(seed, tmp_path):
    rng = random.Random(seed)
    words = {"我", "的", "是", "北京", "的的"}
    gold, pred = [], []
    for _ in range(40):
        text = "".join(rng.choice("我的是了北京" if seed % 2 else "的的的是我")
                       for _ in range(rng.randint(0, 90)))
        gold.append(segment(text, [rng.random() < 0.6 for _ in range(7)]))
        pred.append(segment(text, [rng.random() < rng.random() for _ in range(5)]))
    for mode, minimal in (("sighan", False), ("lcs", True)):
        ref = sighan_script(gold, pred, words, tmp_path, minimal)
        s = score_cws(gold, pred, words, alignment=mode)
        assert (s.gold_words, s.pred_words) == (ref["true"], ref["test"])
        assert s.matched == ref["true"] - ref["missed_gold"] == ref["test"] - ref["missed_test"]
        assert (s.oov_gold, s.oov_matched) == (ref["oov"], ref["oov"] - ref["oov_missed"])


@needs_gnu_diff
def test_agrees_with_gnu_diff_on_runs_of_discardable_words(tmp_path):
    """Arbitrary word lists: unique words (never matched), a word frequent on the pred side
    and a few shared ones exercise every branch of diff's discard pass."""
    rng = random.Random(0)
    cases = []
    for _ in range(150):
        p_unique, p_frequent = rng.random(), rng.random()
        gold = [f"u{i}" if (r := rng.random()) < p_unique
                else "f" if r < p_unique + (1 - p_unique) * p_frequent else rng.choice("abc")
                for i in range(rng.randint(5, 80))]
        pred = ["f" if rng.random() < 0.5 else rng.choice("abcd")
                for _ in range(rng.randint(5, 60))]
        cases.append((gold, pred))
    for _ in range(10):  # 256+ words: diff's "frequent" threshold doubles from 5 to 10
        vocab = [f"v{k}" for k in range(rng.randint(15, 40))]
        pred = [rng.choice(vocab) for _ in range(rng.randint(260, 500))]
        gold = [f"u{i}" if rng.random() < 0.75 else rng.choice(vocab)
                for i in range(rng.randint(260, 500))]
        cases.append((gold, pred))
    for gold, pred in cases:
        for mode, minimal in (("sighan", False), ("lcs", True)):
            kept = [w for w, f in zip(gold, align_words(gold, pred, mode)) if f]
            ref = [m.group(1) for line in diff_lines(gold, pred, tmp_path, minimal)
                   if (m := re.match(r"^(\S+)\s", line))
                   and not re.match(r"^\S+\s.*\s[|><]\s", line)]
            assert sorted(kept) == sorted(ref), (gold, pred, mode)
