"""Stages 2–4 for one page: cleaned document, offsets shared by text and original_text, flags."""

import textwrap

import pytest

from suzhou_news.builder.ingest.document import build_document, sentence_flags
from suzhou_news.builder.ingest.read import read_raw
from suzhou_news.builder.ingest.script import Converter


@pytest.fixture(scope="module")
def converter():
    return Converter()


PORTAL = textwrap.dedent("""\
    首页 > 新闻 > 本地
    苏州市召开全市高质量发展推进大会
    2023-02-03 09:15 来源：苏州日报
    苏州市召开全市高质量发展推进大会,动员全市上下推动高质量发展。市委书记出席会议并讲话。
    创新引领 奋力攀高
    与会人员表示,将聚焦主导产业,持续推动创新链产业链深度融合。
    责任编辑：王小明
    版权所有 苏州日报社
    """)


def test_portal_page_gives_title_metadata_paragraphs_and_sentences(converter):
    """Breadcrumb, metadata line, editor line and copyright leave; a heading stays a unit."""
    doc = build_document("d", PORTAL, converter)
    assert doc.title == doc.original_title == "苏州市召开全市高质量发展推进大会"
    assert (doc.published, doc.source, doc.editor) == ("2023-02-03T09:15", "苏州日报", "王小明")
    assert doc.script == "hans" and doc.flags == ()
    # half-width commas next to Han become full width, one character for one
    assert doc.text == ("苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记出席会议并讲话。\n"
                        "创新引领 奋力攀高\n"
                        "与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合。")
    assert [k for _, _, k in doc.paragraphs] == ["paragraph", "heading", "paragraph"]
    for start, end, _ in doc.paragraphs:
        assert "\n" not in doc.text[start:end]
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。",
        "市委书记出席会议并讲话。",
        "创新引领 奋力攀高",
        "与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合。",
    ]
    assert [s.is_heading for s in doc.sentences] == [False, False, True, False]
    assert {(r.text, r.reason) for r in doc.removed} == {
        ("首页 > 新闻 > 本地", "breadcrumb"),
        ("2023-02-03 09:15 来源：苏州日报", "metadata_line"),
        ("责任编辑：王小明", "editor_line"),
        ("版权所有 苏州日报社", "copyright"),
    }
    assert sentence_flags(doc, doc.sentences[2]) == ["heading"]
    assert sentence_flags(doc, doc.sentences[0]) == []


def test_traditional_page_is_simplified_with_the_same_offsets(converter):
    """A Traditional page: text Simplified, original_text Traditional, same length and paragraph offsets."""
    page = textwrap.dedent("""\
        蘇州市召開全市高質量發展推進大會
        蘇州市召開全市高質量發展推進大會，動員全市上下推動高質量發展。市委書記出席會議並講話。
        與會人員表示，將聚焦主導產業，持續推動創新鏈產業鏈深度融合。
        """)
    doc = build_document("t", page, converter)
    assert doc.script == "hant"
    assert "converted_t2s" in doc.flags
    assert doc.title == "苏州市召开全市高质量发展推进大会"
    assert doc.original_title == "蘇州市召開全市高質量發展推進大會"
    assert doc.text.startswith("苏州市召开全市高质量发展推进大会，动员")
    assert doc.original_text.startswith("蘇州市召開全市高質量發展推進大會，動員")
    assert len(doc.text) == len(doc.original_text)
    for s in doc.sentences:
        assert converter.t2s(doc.original_text[s.start:s.end]) == doc.text[s.start:s.end]


def test_converter_pinyin_is_removed_before_offsets_are_taken(converter):
    """會(huì) readings left by a converter vanish; the flag records it; no title → flag no_title."""
    page = "會(huì)議在蘇州市召開，動員全市上下推動高質量發展，市委書記出席會(huì)議並講話。\n"
    doc = build_document("p", page, converter)
    assert doc.text == "会议在苏州市召开，动员全市上下推动高质量发展，市委书记出席会议并讲话。"
    assert "(huì)" not in doc.original_text
    assert set(doc.flags) == {"converted_t2s", "pinyin_removed", "no_title"}
    assert doc.title is None


def test_mojibake_is_marked_corrupted_and_not_punctuation_normalised(converter):
    """A ?-anchored mojibake run becomes a corrupted span; its sentence is flagged corrupted."""
    page = textwrap.dedent("""\
        相城区召开全会部署明年经济工作
        全会指出,要以新的发展实绩?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)。与会同志纷纷表示,要找准工作的切入点。
        区住建局局长表示,将着力建设安全、舒适、绿色、智慧的好房子,促进市场平稳健康发展。
        """)
    doc = build_document("c", page, converter)
    assert len(doc.corrupted) == 1
    span = doc.corrupted[0]
    assert doc.text[span.start:span.end] == span.text == "?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)"
    assert "has_corrupted" in doc.flags
    flagged = [doc.text[s.start:s.end] for s in doc.sentences if "corrupted" in sentence_flags(doc, s)]
    assert flagged == ["全会指出，要以新的发展实绩?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)。"]


def test_redaction_masks_are_recorded_verbatim(converter):
    """*月*日 and 世界***强 are kept in the text and listed as redaction spans."""
    page = textwrap.dedent("""\
        昆山市人大代表分组审议政府工作报告
        *月*日,出席昆山市人民代表大会的各代表团分组审议政府工作报告和人大常委会工作报告。
        代表们建议瞄准世界***强开展靶向招商,推进以商招商和供应链招商。
        """)
    doc = build_document("r", page, converter)
    assert [(r.text, doc.text[r.start:r.end]) for r in doc.redactions] == [("*", "*"), ("*", "*"), ("***", "***")]
    assert doc.text.startswith("*月*日，")
    assert "has_redactions" in doc.flags
    assert [sentence_flags(doc, s) for s in doc.sentences] == [["redacted"], ["redacted"]]


def test_page_without_prose_gives_none(converter):
    """Only navigation and a copyright line: no body, so no document."""
    page = "首页 | 新闻 | 体育 | 财经 | 科技\n版权所有 苏州日报社\n"
    assert build_document("n", page, converter) is None


def test_big5_traditional_outlet_page_meets_the_same_furniture_rules(tmp_path):
    """A Traditional-script portal page in Big5: its 責任編輯, 版權所有, 相關新聞 lines are removed like
    their Simplified forms, the title keeps its script in ``original_title``, and ``text`` is Simplified."""
    page = textwrap.dedent("""\
        首頁 > 新聞 > 兩岸
        蘇州工業園區發布新一輪產業政策
        2023年03月08日 10:20 來源：蘇州日報
        分享
        蘇州工業園區昨日發布新一輪產業扶持政策，重點支持生物醫藥、納米技術和人工智能等產業發展。
        園區負責人表示，將進一步優化營商環境，吸引更多優質項目落戶。
        責任編輯：陳小明
        相關新聞
        版權所有 蘇州新聞網
        """)
    path = tmp_path / "hk.txt"
    path.write_bytes(page.encode("big5"))
    raw = read_raw(path)
    assert raw.encoding == "big5"
    doc = build_document("hk", raw.text, Converter())
    assert doc.script == "hant"
    assert doc.original_title == "蘇州工業園區發布新一輪產業政策"
    assert doc.title == "苏州工业园区发布新一轮产业政策"
    assert doc.published == "2023-03-08T10:20"
    assert doc.source == "苏州日报"
    assert doc.editor == "陈小明"
    assert doc.text.startswith("苏州工业园区昨日发布新一轮产业扶持政策")
    assert len(doc.paragraphs) == 2
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["責任編輯：陳小明"] == "editor_line"
    assert reasons["版權所有 蘇州新聞網"] == "copyright"
    assert reasons["首頁 > 新聞 > 兩岸"] == "breadcrumb"
    assert reasons["相關新聞"] == "list_header"


def test_a_traditional_body_is_simplified_from_the_lines_the_rules_folded(converter):
    """Whole-line paragraphs reuse their folded line, bullet parts and a cut credit are folded again: same as one t2s."""
    from dataclasses import replace

    from suzhou_news.builder.ingest.document import _t2s_body
    from suzhou_news.builder.ingest.extract import extract

    page = textwrap.dedent("""\
        蘇州工業園區發佈會
          ●\u2002區文體和旅遊局局長表示，將做深城市人文經濟學，推動電競產業與文化、旅遊融合發展。
          ●\u2002周偉指出，要堅持以人民為中心的發展思想，著力推動高質量發展。
          全會提出，要在應對國際形勢深刻變化中把握用好機遇，更加注重以文興業、以文聚力。
          黃橋街道將依託蘇州實驗室相城園區，全力打造具備引領作用的數字經濟產業園。（記者 王小明 攝）
        責任編輯：李華
        """)
    ex = extract(page, fold=converter.t2s)
    body = converter.t2s("\n".join(p.text for p in ex.paragraphs))
    assert None in ex.folded and any(f is not None for f in ex.folded)
    assert _t2s_body(ex, converter) == body
    assert _t2s_body(replace(ex, folded=()), converter) == body
    doc = build_document("d", page, converter)
    assert doc.script == "hant" and doc.text.startswith("区文体和旅游局局长表示，将做深城市人文经济学")
