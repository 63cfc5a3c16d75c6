"""conlleval reproduction and seqeval strict IOB2 mode, checked on hand-made cases and against
transcriptions of the reference tools' own loops on random tag sequences."""

import re
import textwrap
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suzhou_news.bench.metrics.ner import (
    NerCounts, map_labels, ner_sentence_counts, read_conll, score_spans, score_tags,
    span_sentence_counts, spans_from_tags, split_tag, tags_from_spans,
)
from suzhou_news.bench.metrics.prf import PRF

# Two sentences in conlleval layout: token, gold, pred.
CORPUS = [
    [("张", "B-PER", "B-PER"), ("三", "I-PER", "I-PER"), ("在", "O", "O"),
     ("苏", "B-LOC", "B-ORG"), ("州", "I-LOC", "I-ORG")],
    [("苏", "B-GPE", "O"), ("州", "I-GPE", "I-GPE"), ("大", "B-ORG", "B-ORG"),
     ("学", "I-ORG", "I-ORG")],
]


# ---------------------------------------------------------------- chunk rules

@pytest.mark.parametrize("tags, conlleval, strict", [
    # I- after O starts a chunk (conlleval); strict IOB2 ignores a lone I-
    (["O", "I-PER", "I-PER"], [(1, 3, "PER")], []),
    # I-X after B-Y: type change ends PER and starts LOC
    (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")], [(0, 1, "PER")]),
    (["B-PER", "I-PER", "I-LOC", "I-LOC"], [(0, 2, "PER"), (2, 4, "LOC")], [(0, 2, "PER")]),
    (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")], [(0, 1, "PER"), (1, 2, "PER")]),
    (["I-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")], []),
    (["I-PER", "B-PER", "I-PER"], [(0, 1, "PER"), (1, 3, "PER")], [(1, 3, "PER")]),
    ([], [], []),
    (["O", "O"], [], []),
])
def test_bio_chunks(tags, conlleval, strict):
    assert spans_from_tags(tags) == conlleval
    assert spans_from_tags(tags, "strict") == strict
    assert spans_from_tags(tags_from_spans(len(tags), conlleval)) == conlleval


@pytest.mark.parametrize("tags, expected", [
    (["S-PER", "S-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
    (["B-PER", "E-PER", "B-PER", "E-PER"], [(0, 2, "PER"), (2, 4, "PER")]),
    (["B-PER", "I-PER", "E-PER", "S-LOC", "O"], [(0, 3, "PER"), (3, 4, "LOC")]),
    (["B-PER", "S-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
    (["S-PER", "I-PER", "E-PER"], [(0, 1, "PER"), (1, 3, "PER")]),
    # IOE1, handled by conlleval.pl itself: E-X closes a chunk only before another X chunk
    (["I-NP", "E-NP", "I-NP"], [(0, 2, "NP"), (2, 3, "NP")]),
    (["E-NP", "E-NP", "O"], [(0, 1, "NP"), (1, 2, "NP")]),
    (["B-PER", "E-PER", "I-PER"], [(0, 2, "PER"), (2, 3, "PER")]),
])
def test_iobes_and_ioe_chunks(tags, expected):
    assert spans_from_tags(tags) == expected


def test_strict_mode_rejects_iobes():
    with pytest.raises(ValueError, match="strict mode is IOB2.*'S-PER'"):
        spans_from_tags(["O", "S-PER"], "strict")


@pytest.mark.parametrize("tag", ["B", "B-", "X-PER", "o", "", "PER", "BI-PER"])
def test_malformed_tags(tag):
    with pytest.raises(ValueError, match="malformed tag"):
        spans_from_tags(["O", tag])


def test_split_tag_keeps_hyphens_in_types():
    assert split_tag("B-GPE-LOC") == ("B", "GPE-LOC")
    assert split_tag("O") == ("O", "")


def test_unknown_mode():
    with pytest.raises(ValueError, match="unknown mode"):
        spans_from_tags(["O"], "lenient")


# ---------------------------------------------------------------- scores

def test_conlleval_corpus_numbers():
    """Gold chunks: PER(0,2) LOC(3,5) | GPE(0,2) ORG(2,4) -> 4 phrases.
    Guessed: PER(0,2) ORG(3,5) | GPE(1,2) (I- after O starts one) ORG(2,4) -> 4 found.
    Correct: PER and the second ORG -> 2.  P = R = F = 2/4.
    Tags equal on 张 三 在 | 州 大 学 -> accuracy 6/9."""
    s = score_tags(CORPUS)
    assert (s.total.tp, s.total.fp, s.total.fn) == (2, 2, 2)
    assert s.precision == s.recall == s.f1 == 0.5
    assert s.accuracy == pytest.approx(6 / 9)
    d = s.to_dict()
    assert d["per_type"]["ORG"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3),
                                    "support": 1, "tp": 1, "fp": 1, "fn": 0}
    assert d["per_type"]["PER"]["f1"] == 1.0
    # LOC never guessed: precision undefined (conlleval prints 0.00), recall 0
    assert d["per_type"]["LOC"] == {"precision": None, "recall": 0.0, "f1": 0.0, "support": 1,
                                    "tp": 0, "fp": 0, "fn": 1}
    assert d["per_type"]["GPE"]["precision"] == 0.0 and d["per_type"]["GPE"]["support"] == 1
    assert list(d["per_type"]) == ["GPE", "LOC", "ORG", "PER"]
    assert {k: d[k] for k in ("tp", "fp", "fn", "support", "tokens", "correct_tags")} == {
        "tp": 2, "fp": 2, "fn": 2, "support": 4, "tokens": 9, "correct_tags": 6}


def test_strict_corpus_numbers():
    """strict IOB2 drops the guessed GPE(1,2) (lone I-GPE): 3 found, 2 correct.
    P = 2/3, R = 2/4, F = 2*2/(3+4) = 4/7."""
    s = score_tags(CORPUS, mode="strict")
    assert (s.total.tp, s.total.fp, s.total.fn) == (2, 1, 2)
    assert s.f1 == pytest.approx(4 / 7)
    assert s.for_label("GPE") == PRF(0, 0, 1)


def test_lone_i_prediction_conlleval_versus_strict():
    """docs/metrics.md: gold B-PER I-PER O, pred I-PER I-PER O."""
    sentence = [("B-PER", "I-PER"), ("I-PER", "I-PER"), ("O", "O")]
    assert score_tags([sentence]).f1 == 1.0
    strict = score_tags([sentence], "strict")
    assert (strict.precision, strict.recall, strict.f1) == (None, 0.0, 0.0)


def test_sentence_counts_add_up():
    per = ner_sentence_counts(CORPUS)
    assert per[0].for_label("PER") == PRF(1, 0, 0) and per[1].for_label("PER") == PRF()
    assert sum(per) == score_tags(CORPUS)
    assert per[0] + per[1] == per[1] + per[0]


def test_pairs_and_triples_are_both_accepted():
    pairs = [[(g, p) for _, g, p in sentence] for sentence in CORPUS]
    assert score_tags(pairs) == score_tags(CORPUS)
    with pytest.raises(TypeError, match="sentence 1"):
        score_tags([["B-PER", "O"]])


def test_perfect_and_empty():
    gold = [[(g, g) for _, g, _ in sentence] for sentence in CORPUS]
    s = score_tags(gold)
    assert s.precision == s.recall == s.f1 == s.accuracy == 1.0
    empty = score_tags([[("O", "O")]])
    assert empty.f1 is None and empty.precision is None and empty.accuracy == 1.0
    assert score_tags([]).to_dict()["accuracy"] is None


def test_score_spans_and_label_map():
    gold = [[(0, 2, "PER"), (3, 5, "GPE")], [(0, 1, "TITLE")]]
    pred = [[(0, 2, "PER"), (3, 5, "LOC"), (3, 5, "LOC")], [(1, 2, "EVENT")]]
    raw = score_spans(gold, pred)
    assert (raw.total.tp, raw.total.fp, raw.total.fn) == (1, 2, 2)  # duplicate counted once
    assert raw.accuracy is None
    mapping = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "TITLE": None,
               "EVENT": None}
    mapped = score_spans([map_labels(s, mapping) for s in gold],
                         [map_labels(s, mapping) for s in pred])
    assert mapped.f1 == 1.0 and mapped.for_label("LOC").support == 1
    with pytest.raises(ValueError, match="'NORP' is not in the mapping"):
        map_labels([(0, 1, "NORP")], mapping)
    with pytest.raises(ValueError, match="2 gold sentences but 1"):
        span_sentence_counts(gold, pred[:1])


def test_tags_from_spans():
    assert tags_from_spans(5, [(3, 5, "LOC"), (0, 1, "PER")]) == [
        "B-PER", "O", "O", "B-LOC", "I-LOC"]
    with pytest.raises(ValueError, match="overlaps"):
        tags_from_spans(5, [(0, 2, "PER"), (1, 3, "LOC")])
    with pytest.raises(ValueError, match="outside"):
        tags_from_spans(2, [(1, 3, "PER")])
    with pytest.raises(ValueError, match="outside"):
        tags_from_spans(2, [(1, 1, "PER")])


# ---------------------------------------------------------------- reading conlleval files

def test_read_conll(tmp_path):
    """-DOCSTART- and blank lines separate sentences; the last two columns are gold, pred."""
    path = tmp_path / "out.conll"
    path.write_text(textwrap.dedent("""\
        -DOCSTART- -X- O O

        张 NR B-PER B-PER
        三 NR I-PER I-PER
        在 P O O
        苏 NR B-LOC B-ORG
        州 NR I-LOC I-ORG
        -DOCSTART- -X- O O
        苏 NR B-GPE O
        州 NR I-GPE I-GPE


        大 NN B-ORG B-ORG
        学 NN I-ORG I-ORG
        """), encoding="utf-8")
    sentences = read_conll(path)
    assert [len(s) for s in sentences] == [5, 2, 2]
    assert sentences[0][3] == ("苏", "B-LOC", "B-ORG")
    # sentence breaks act like O tags, so splitting S2 in two changes nothing here
    assert score_tags(sentences) == score_tags(CORPUS)


@pytest.mark.parametrize("body, message", [
    ("a O O\nb O\n", r"line 2: expected 'token gold pred'"),
    ("a X O O\nb O O\n", r"line 2: 3 fields, but earlier lines have 4"),
    ("a O O\n\nb B-PER I_PER\n", r"line 3: malformed tag 'I_PER'"),
])
def test_read_conll_errors_name_the_line(tmp_path, body, message):
    path = tmp_path / "bad.conll"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_conll(path)


# ---------------------------------------------------------------- reference transcriptions

def perl_split(tag):
    m = re.match(r"^([^-]*)-(.*)$", tag)
    return (m.group(1), m.group(2)) if m else (tag, "")


def perl_end_of_chunk(prev, tag, prev_type, type_, iobes):
    """endOfChunk of conlleval.pl, line for line, then the IOBES additions."""
    end = False
    if prev == "B" and tag == "B": end = True  # noqa: E701
    if prev == "B" and tag == "O": end = True  # noqa: E701
    if prev == "I" and tag == "B": end = True  # noqa: E701
    if prev == "I" and tag == "O": end = True  # noqa: E701
    if prev == "E" and tag == "E": end = True  # noqa: E701
    if prev == "E" and tag == "I": end = True  # noqa: E701
    if prev == "E" and tag == "O": end = True  # noqa: E701
    if prev == "I" and tag == "O": end = True  # noqa: E701
    if prev != "O" and prev != "." and prev_type != type_: end = True  # noqa: E701
    if iobes and (prev == "S" or (prev == "E" and tag in "BS") or (prev in "BI" and tag == "S")):
        end = True
    return end


def perl_start_of_chunk(prev, tag, prev_type, type_, iobes):
    """startOfChunk of conlleval.pl, line for line, then the IOBES additions."""
    start = False
    if prev == "B" and tag == "B": start = True  # noqa: E701
    if prev == "I" and tag == "B": start = True  # noqa: E701
    if prev == "O" and tag == "B": start = True  # noqa: E701
    if prev == "O" and tag == "I": start = True  # noqa: E701
    if prev == "E" and tag == "E": start = True  # noqa: E701
    if prev == "E" and tag == "I": start = True  # noqa: E701
    if prev == "O" and tag == "E": start = True  # noqa: E701
    if prev == "O" and tag == "I": start = True  # noqa: E701
    if tag != "O" and tag != "." and prev_type != type_: start = True  # noqa: E701
    if iobes and (tag == "S" or (prev in "ES" and tag == "B") or (prev == "S" and tag in "IE")):
        start = True
    return start


def conlleval_main_loop(sentences, iobes=True):
    """conlleval.pl's main loop over a file with a boundary line after every sentence."""
    rows = [r for s in sentences for r in [("w",) + tuple(t) for t in s] + [("-X-", "O", "O")]]
    n = defaultdict(int)
    per = defaultdict(lambda: [0, 0, 0])  # correct, found in gold, found in guesses
    in_correct, last_c, last_g, last_ct, last_gt = False, "O", "O", "", ""
    end = lambda *a: perl_end_of_chunk(*a, iobes)  # noqa: E731
    start = lambda *a: perl_start_of_chunk(*a, iobes)  # noqa: E731
    for first, gold, guess in rows:
        c, ct = perl_split(gold)
        g, gt = perl_split(guess)
        if first == "-X-":
            g = "O"
        if in_correct:
            if end(last_c, c, last_ct, ct) and end(last_g, g, last_gt, gt) and last_gt == last_ct:
                in_correct = False
                n["correct"] += 1
                per[last_ct][0] += 1
            elif end(last_c, c, last_ct, ct) != end(last_g, g, last_gt, gt) or gt != ct:
                in_correct = False
        if start(last_c, c, last_ct, ct) and start(last_g, g, last_gt, gt) and gt == ct:
            in_correct = True
        if start(last_c, c, last_ct, ct):
            n["found_correct"] += 1
            per[ct][1] += 1
        if start(last_g, g, last_gt, gt):
            n["found_guessed"] += 1
            per[gt][2] += 1
        if first != "-X-":
            n["correct_tags"] += c == g and gt == ct
            n["tokens"] += 1
        last_g, last_c, last_gt, last_ct = g, c, gt, ct
    if in_correct:
        n["correct"] += 1
        per[last_ct][0] += 1
    return n, {k: tuple(v) for k, v in per.items()}


def check_against_conlleval(sentences, iobes):
    n, per = conlleval_main_loop(sentences, iobes)
    s = score_tags(sentences)
    assert s.total.tp == n["correct"]
    assert s.total.tp + s.total.fp == n["found_guessed"]
    assert s.total.tp + s.total.fn == n["found_correct"]
    assert (s.correct_tags, s.tokens) == (n["correct_tags"], n["tokens"])
    assert {lab: (p.tp, p.support, p.tp + p.fp) for lab, p in s.per_type} == per


def tag_sentences(prefixes):
    tags = st.sampled_from(["O"] + [f"{p}-{t}" for p in prefixes for t in ("PER", "LOC")])
    return st.lists(st.lists(st.tuples(tags, tags), max_size=12), max_size=5)


@settings(max_examples=400, deadline=None)
@given(tag_sentences("BI"))
def test_identical_to_conlleval_pl_on_iob(sentences):
    check_against_conlleval(sentences, iobes=False)


@settings(max_examples=300, deadline=None)
@given(tag_sentences("IE"))
def test_identical_to_conlleval_pl_on_ioe(sentences):
    check_against_conlleval(sentences, iobes=False)


@settings(max_examples=400, deadline=None)
@given(tag_sentences("BIES"))
def test_identical_to_conlleval_with_iobes_rules(sentences):
    check_against_conlleval(sentences, iobes=True)


def seqeval_iob2_strict(tags):
    """seqeval ``Tokens(tags, IOB2).entities`` transcribed (start/inside/end patterns)."""
    toks = [split_tag(t) for t in tags] + [("O", "_")]

    def inside(prev, cur):
        return prev[0] in "BI" and cur[0] == "I" and prev[1] == cur[1]

    def is_end(prev, cur):
        return prev[0] in "BI" and (cur[0] in "OB" or (cur[0] == "I" and cur[1] != prev[1]))

    entities, i = [], 0
    while i < len(toks):
        if toks[i][0] == "B":
            end, prev = len(toks) - 2, toks[i]
            for j in range(i + 1, len(toks)):
                if not inside(prev, toks[j]):
                    end = j
                    break
                prev = toks[j]
            if is_end(toks[end - 1], toks[end]):
                entities.append((i, end, toks[i][1]))
            i = end
        else:
            i += 1
    return entities


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]), max_size=15))
def test_strict_mode_matches_seqeval(tags):
    assert spans_from_tags(tags, "strict") == seqeval_iob2_strict(tags)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "E-PER", "S-PER", "I-LOC", "S-LOC"]),
                max_size=15))
def test_conlleval_chunks_partition_the_non_o_tokens(tags):
    spans = spans_from_tags(tags)
    covered = [i for s, e, _ in spans for i in range(s, e)]
    assert covered == [i for i, t in enumerate(tags) if t != "O"]
    assert all(tags[i].endswith("-" + lab) for s, e, lab in spans for i in range(s, e))


spans_strategy = st.lists(st.tuples(st.integers(0, 6), st.integers(1, 3),
                                    st.sampled_from(["PER", "LOC"])), max_size=4)


@settings(max_examples=300, deadline=None)
@given(spans_strategy)
def test_span_tag_round_trip(raw):
    spans, used = [], set()
    for start, length, label in raw:
        cells = set(range(start, start + length))
        if not cells & used:
            used |= cells
            spans.append((start, start + length, label))
    tags = tags_from_spans(10, spans)
    assert spans_from_tags(tags) == spans_from_tags(tags, "strict") == sorted(spans)


@settings(max_examples=300, deadline=None)
@given(tag_sentences("BIES"), st.sampled_from(["conlleval", "strict"]))
def test_swapping_gold_and_pred_swaps_precision_and_recall(sentences, mode):
    if mode == "strict":
        sentences = [[tuple(t if t[0] in "BIO" else "O" for t in tok) for tok in s]
                     for s in sentences]
    s = score_tags(sentences, mode)
    t = score_tags([[(p, g) for g, p in sent] for sent in sentences], mode)
    assert (s.precision, s.recall, s.f1) == (t.recall, t.precision, t.f1)
    assert s.f1 is None or 0.0 <= s.f1 <= 1.0
    perfect = score_tags([[(g, g) for g, _ in sent] for sent in sentences], mode)
    assert perfect.f1 in (None, 1.0) and perfect.accuracy in (None, 1.0)
    assert NerCounts() + s == s
