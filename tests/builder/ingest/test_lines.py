"""Line features and furniture rules: the fast paths against the straightforward rules they replace.

``features_of`` counts the Han characters of a page's lines in one table look-up,
the rarely read features are computed when read, and the furniture rules test
their length bounds first, split the case-insensitive word lists and check a
token of five characters before splitting a line. Each must give exactly what
the plain rule gives.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suzhou_news.builder.ingest import lines as L

_EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WORDS = ["版权所有", "Copyright", "ICP备", "ıcp备", "All Rights Reserved", "免责声明", "DISCLAIMER", "notice :",
          "nOtice:", "登录", "LOG IN", "ſign in", "第 2 页", "上一页", "关注我们", "扫码关注公众号", "无障碍", "首页 > 新闻",
          "[图片]", "123", "分享", "2023-01-02 12:30", "责任编辑：王小明", "相关", "a b c d", "苏州 市委 会议 召开",
          "详情", "阅读全文", "更多>>", "（未完待续）□",
          "点赞 89 收藏", "举报/反馈", "分享到：", "【纠错】", "【打印】 【关闭】", "[推荐]",
          "本贴由大卫于", "在〖心灵体操〗发表.", "由海姑娘张贴 @", "Posted by", "加入本站邮件列表", "首页 > 新闻\t正文", "环 境 的 带 领"]
_CHARS = list("苏州市委會議區。，、：:;!?()（）“”>›»＞|｜【】[]/ *\t\u3000abcdnlsiCDNLSIK\u212a\u0130\u0131\u017f0123456789●\ufffd\u2400□\ue004»→")
_LINES = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_CHARS)), max_size=40).map("".join)


def _without_end_marks(text: str) -> str:
    """Peel what may follow a full stop off the end, one mark at a time: end marks, icon glyphs, "more" links."""
    while True:
        before = text
        text = re.sub(r"[\s□■\ue000-\uf8ff]$", "", text)
        for mark in (">>", "》》", "»"):
            text = text.removesuffix(mark)
        for word in ("阅读全文", "详情", "详细", "全文", "更多"):
            if text.endswith(word) and text[: -len(word)][-1:] in tuple("。！？!?…”」）)"):
                text = text[: -len(word)]
        if text == before:
            return text


def _reference_features(line: str) -> tuple:
    text = line.strip()
    stripped = re.sub(r"[（(][^（）()]{1,40}[)）]\s*$", "", _without_end_marks(text)).rstrip(L.CLOSERS + " ")
    ends = bool(stripped) and (stripped[-1] in L.SENTENCE_END or stripped[-1] in L.DAMAGE_MARKS
                               or (stripped[-1] in "：:" and "。" in stripped)
                               or (stripped.endswith(".") and len(stripped) >= 2 and L.is_han(stripped[-2])))
    punct = sum(unicodedata.category(ch).startswith("P") for ch in text)
    return (text, len(text), sum(map(L.is_han, text)), len(re.findall("[A-Za-z]", text)), punct, ends,
            tuple(text.split()))


def _as_tuple(f: L.LineFeatures) -> tuple:
    return (f.text, f.length, f.han, f.latin, f.punct, f.ends_sentence, f.tokens)


def _reference_crumbs(t: str) -> bool:
    parts = [p for p in re.split(r"\s*(?:>|›|»|＞|→)\s*", t) if p]
    return bool(len(parts) >= 2 and all(len(p) <= 12 for p in parts[:-1]) and (len(parts) >= 3 or len(parts[-1]) <= 12)
                and re.search(r"[>›»＞→]", t))


def _reference_furniture(f: L.LineFeatures) -> str | None:
    """The rules in their order, each regex first, the whole word lists with re.I."""
    t = f.text
    rules = [
        ("image_placeholder", lambda: L.PLACEHOLDER_RE.match(t)),
        ("counter", lambda: L.COUNTER_RE.match(t) or (
            f.length <= 30 and (lambda toks: len(toks) >= 2 and all(L.COUNTER_RE.match(x) for x in toks))(
                [x for x in re.split(r"[\s/|｜]+", t) if x]))),
        ("list_timestamp", lambda: L.TIMESTAMP_LINE.match(t)),
        ("editor_line", lambda: L.EDITOR_RE.match(t)),
        ("post_footer", lambda: L.POST_FOOTER_RE.match(t) and f.length <= 120),
        ("copyright", lambda: L.COPYRIGHT_RE.search(t) and f.length <= 120),
        ("disclaimer", lambda: L.DISCLAIMER_RE.search(t)),
        ("foreign_boilerplate", lambda: f.latin_ratio > 0.5 and 30 <= f.length <= 100 and f.han < 5),
        ("login_prompt", lambda: (L.HIDDEN_RE.search(t) or L.LOGIN_RE.search(t)) and f.length <= 40),
        ("pagination", lambda: L.PAGINATION_RE.search(t) and f.length <= 40),
        ("follow_prompt", lambda: L.FOLLOW_RE.search(t) and f.length <= 80),
        ("accessibility_link", lambda: L.ACCESSIBILITY_RE.search(t) and f.length <= 30),
        ("share_bar", lambda: L.SHARE_RE.match(t) and f.length <= 40),
        ("tool_bar", lambda: L.TOOL_BAR_RE.match(t) and f.length <= 80),
        ("breadcrumb", lambda: any(_reference_crumbs(cell) for cell in t.split("\t"))),
        ("nav_bar", lambda: len(f.tokens) >= 4 and all(len(tok) <= 4 for tok in f.tokens) and f.punct == 0
         and not all(len(tok) == 1 for tok in f.tokens)),
    ]
    return next((reason for reason, holds in rules if t and holds()), None)


@_EXAMPLES
@given(st.lists(_LINES, max_size=8))
def test_features_of_a_page_are_the_features_of_each_line(lines):
    """One look-up for all lines gives each line's features; each equals the plain count."""
    got = L.features_of(lines)
    assert got == [L.features(line) for line in lines]
    assert [_as_tuple(f) for f in got] == [_reference_features(line) for line in lines]


def test_han_counts_at_the_edges():
    """Empty lines, a last empty line, characters beyond the BMP, a lone surrogate, the range ends, a long line."""
    texts = ["", "苏", "", "𠀀a\U0002a6d6苏", "\ud800苏", "\u3400\u4dbf\u4dc0\u4e00\u9fff\ua000\uf900\ufaff\ufb00",
             "苏州" * 600, ""]
    assert L.count_han_each(texts) == [L.count_han(t) for t in texts] == [0, 1, 0, 1, 1, 6, 1200, 0]
    assert L.count_han_each([]) == []
    assert L.han_characters("a苏,州\ud800\u4dc0區") == "".join(L.HAN_RE.findall("a苏,州\ud800\u4dc0區")) == "苏州區"


@_EXAMPLES
@given(_LINES)
def test_furniture_fast_path_gives_the_reason_of_the_plain_rules(line):
    """Length bounds first, split word lists, the five-character token check: the same reason, first rule wins."""
    f = L.features(line)
    assert L.furniture_reason(f) == _reference_furniture(f)


def test_furniture_reasons_on_tricky_lines():
    """Case-folded English words (ı ſ), a disclaimer in a long line, a body line, a nav bar with punctuation."""
    lines = ["苏州版权所有", "ıcp备12345号", "ſign in", "苏州" * 80 + "Notice: 本文", "苏州" * 80 + "免责声明。",
             "苏州" * 80 + "。", "首页 新闻 体育 财经", "首页 新闻 体育 财经。", "首页 > 新闻 > 本地", ""]
    for line in lines:
        f = L.features(line)
        assert L.furniture_reason(f) == _reference_furniture(f), line
    assert [L.furniture_reason(L.features(t)) for t in lines[:5]] == [
        "copyright", "copyright", "login_prompt", "disclaimer", "disclaimer"]


@pytest.mark.parametrize("line,reason", [
    ("点赞 89 收藏", "counter"), ("举报/反馈", "counter"), ("分享到：微信新浪微博", "share_bar"),
    ("分享到 微信 微博", "share_bar"), ("【纠错】 【责任编辑：赵一鸣】", "tool_bar"),
    ("页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】", "tool_bar"),
    ("分享经济在苏州发展迅速，共享单车已覆盖全市。", None), ("【新华社】苏州今日召开大会", None),
    ("点赞之后他又收藏了这篇文章", None),
    ("欢迎加入本站邮件列表，您将得到最新更新邮件。请在表格中填入您的邮件地址：", "follow_prompt"),
    ("本贴由大卫于2005年8月12日16:12:21在〖心灵体操（在线心理咨询）〗发表.", "post_footer"),
    ("由海姑娘张贴 @ 2005-03-21 01:20:44 (359)", "post_footer"),
    ("当前位置：首页>>CN>>会议\t双击自动滚屏", "breadcrumb"), ("↓\t│ │ └→\t↓\t└→\t先去弄清楚", None),
    ("环 境 的 带 领\t肢 体 的 劝 告\t行 动 的 动 机", None),
    ("我司杂志提供免费订阅，任何第三方平台的赠送或售卖行为均未获得我司授权，我司保留追究其法律责任的权利！", "copyright"),
    ("本站文章未经授权禁止转载", "copyright"), ("图片来源网络，违者必究", "copyright"),
    ("法院认为，被告擅自转载原告作品，应当承担相应的法律责任。", None)])
def test_reader_tools_are_furniture_and_prose_about_them_is_not(line, reason):
    """Counters and actions side by side, a share bar, a bar of bracketed tools, a mailing-list prompt, a forum
    post's footer, a crumb trail in one cell of a table row, a site's rights notice; prose that names them is
    kept, and so are a flow chart's arrows across cells and letter-spaced words."""
    assert L.furniture_reason(L.features(line)) == reason


def test_case_split_first_letters_are_every_character_re_i_lets_the_words_start_with():
    """The string check before a cased word list needs every character that re.I matches to its first letters."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for rule in (L._DISCLAIMER_FAST, L._COPYRIGHT_FAST, L._LOGIN_FAST):
        firsts = {alternative.lstrip("(?:")[0] for alternative in rule.cased.pattern.split("|")}
        matched = set(re.findall(f"[{''.join(firsts)}]", everything, re.I))
        assert matched == set(rule.first), rule.cased.pattern


def test_regex_whitespace_is_what_str_split_splits_on():
    """The nav-bar check reads \\S{5} as a token of five characters: \\s and str.isspace agree on every character."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert re.findall(r"\s", everything) == [ch for ch in everything if ch.isspace()]


def test_english_lines_of_content_are_not_boilerplate():
    """An English line of 30–100 characters with no Chinese is boilerplate; a longer one (an abstract, a list of
    authors with their paper) is content, and an abstract of sentences is kept even in a body's short-line check."""
    abstract = ("Abstract: Based on the popularization of the network shopping, this article described e-commerce "
                "and logistics distribution. According to different problems, the corresponding measures have "
                "been further put forward, in order to improve the logistics distribution in Taobao.")
    authors = ("Donghui Li, Fariborz Moshirian, Peter Kien Pham and Jason Zein（University of New South Wales）"
               "When Financial Institutions Are Large Shareholders")
    assert L.furniture_reason(L.features("Powered by Discuz! Archiver 5.0.0 (c) 2001-2006 Comsenz Inc.")) == \
        "foreign_boilerplate"
    assert [L.furniture_reason(L.features(t)) for t in (abstract, authors)] == [None, None]
    assert L.is_foreign_prose(abstract) and not L.is_foreign_prose(authors)


@pytest.mark.parametrize("line,ends", [
    ("他们的内在一定会很辛苦。□", True), ("犬儒主义也就走到了它的极点。(未完待续)□", True),
    ("一道工作的还有徐迟和冯亦代。\ue004", True), ("送到医院时神情十分狼狈。详情", True), ("会议已经结束。阅读全文>>", True),
    ("涉及赌债，原因种种。让我们回顾一下众明星被打事件：", True),
    ("相关新闻：", False), ("查看更多>>", False), ("□", False), ("没有句号的标题详情", False),
    ("反正金矿让人很难忘呢，尤其是开高速,110公里好爽呀.", True), ("版本号 v2.0.", False), ("www.sina.com.cn", False),
])
def test_a_full_stop_may_be_followed_by_an_end_mark_an_icon_or_a_more_link(line, ends):
    """Real pages put these after an article's full stop; a prose line leading into a list ends with a colon; a
    Chinese sentence may be typed with an ASCII full stop (not a version number or a host name)."""
    assert L.features(line).ends_sentence is ends


@pytest.mark.parametrize("line,crumb", [
    ("首页 > 新闻 > 苏州古城保护更新三年行动计划正式发布", True), ("麻辣社区 → 错误信息 → [原创]朋友,请正确客观认识凉山、西昌！", True),
    ("首页 › 要闻", True), ("苏州 > 上海，这是一个比较长的比较句而不是导航", False), ("a>b", True),
])
def test_a_breadcrumb_may_end_with_the_articles_title(line, crumb):
    assert (L.furniture_reason(L.features(line)) == "breadcrumb") is crumb


@pytest.mark.parametrize("line,code", [
    ("import json", True), ("data = client.lpop('test')", True), ("handler.insert_one(json.loads(data))", True),
    ("for (int i = 0; i < n; i++) {", True), ("};", True), ("#include <stdio.h>", True),
    ("Home News Sports About", False), ("Powered by Discuz! X3.4", False), ("client = 客户端", False),
    ("The quick brown fox jumps over the lazy dog.", False), ('size="20"', False),
    ("[img src=http://bbs6.netease.com/ent_upimage/200407/1089649920.jpg]", False),
    ('<SCRIPT LANGUAGE="JavaScript1.1" SRC="http://ad.example.com/a.js">', False)])
def test_code_lines(line, code):
    assert L.is_code_line(L.features(line)) is code
