"""Line features and the furniture rules that classify one line of page text.

Each rule looks at general features of a line — length, share of Han
characters, punctuation, list/date-tail patterns, a few generic keyword
families that every Chinese news platform uses (登录, 版权所有, ICP备, 关注…公众号)
— and returns a reason code or ``None``. No rule names a particular site.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from suzhou_news.builder.ingest.damage import MARK_REASONS

SENTENCE_END = "。！？!?…；;"
DAMAGE_MARKS = "".join(MARK_REASONS)
CLOSERS = "”’」』）)》】〉\"'"
CLAUSE_PUNCT = "，,、：:；;。！？!?…"

_DATE = r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_TIME = r"(?:\s*(?P<H>\d{1,2})[:：](?P<M>\d\d)(?:[:：](?P<S>\d\d))?)?"
DATE_RE = re.compile(_DATE + _TIME)
TIMESTAMP_LINE = re.compile(r"^\s*" + _DATE + _TIME + r"\s*$")
NAV_SEPARATOR = re.compile(r"\s*(?:>|›|»|＞|/|\|)\s*")
EDITOR_RE = re.compile(r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|审核|审校|校对|监制|统筹|终审|初审|编审)\s*[:：]\s*(?P<name>[^）)】\]]{1,30})")
BYLINE_LINE = re.compile(r"^(?:本报)?(?:记者|通讯员|作者|文|撰文|摄影|图|文/图)\s*[:：/]?\s*(?P<name>[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,4})\s*$")
COUNTER_RE = re.compile(r"^(?:\d+(?:\.\d+)?[万wk]?|分享至|分享|点赞|收藏|评论|转发|举报|反馈|打开APP|阅读\s*\d*|在看|赞\s*\d*)$", re.I)
PAGINATION_RE = re.compile(r"(?:共有?\s*\d+\s*页|当前为?第\s*\d+\s*页|^第\s*\d+\s*页|上一页|下一页|首页\s*末页)")
_LOGIN = (r"登录|登陆|登入|注册", r"log\s*in|sign\s*in")
LOGIN_RE = re.compile("(?:{}|{})".format(*_LOGIN), re.I)
HIDDEN_RE = re.compile(r"(?:隐藏内容|查看全文|展开全文|阅读全文|阅读原文|点击查看)")
PLACEHOLDER_RE = re.compile(r"^(?:\[?(?:图片附件|图片|附件|视频|图|image|photo|img|video)\]?\s*)+$", re.I)
# a site's rights notice: 我司保留追究其法律责任的权利, 本站文章未经授权禁止转载, 违者必究
_COPYRIGHT = (r"©|版权所有|公网安备|互联网新闻信息服务许可|违者必究|(?:我司|本站|本网|本刊|本平台|本公司).{0,40}(?:转载|法律责任)",
              r"copyright|ICP备|ICP证|all rights reserved")
COPYRIGHT_RE = re.compile("(?:{}|{})".format(*_COPYRIGHT), re.I)
_DISCLAIMER = (r"特别声明|免责声明|声明[:：]|仅提供信息存储|不代表本(?:站|网|平台)|本平台仅|如有侵权|联系删除|转载请注明",
               r"disclaimer|notice\s*:")
DISCLAIMER_RE = re.compile("(?:{}|{})".format(*_DISCLAIMER), re.I)
FOLLOW_RE = re.compile(r"(?:关注|订阅|扫码|扫描|长按).{0,20}(?:微信|公众号|官方|微博|账号|二维码|客户端|APP|抖音|视频号)"
                       r"|(?:微信号|公众号)\s*[:：(（]|点击.{0,8}关注|关注我们|欢迎关注|星标"
                       r"|(?:订阅|加入|填入).{0,12}(?:邮件列表|电子杂志|邮件地址|newsletter)", re.I)
LIST_HEADER_RE = re.compile(r"(?:相关|热点|热门|推荐|排行|猜你|往期|延伸|精选|热搜|最新|更多|要闻|回顾|专题|阅读)")
_TRAILING_PAREN = re.compile(r"[（(][^（）()]{1,40}[)）]\s*$")
# what may follow a full stop: an end mark (□), an icon-font glyph (private use), a "more" link (详情, >>)
_TRAILING_MARKS = re.compile(r"(?:[\s□■\ue000-\uf8ff]|(?<=[。！？!?…”」）)])(?:阅读全文|详情|详细|全文|更多)|>>|》》|»)+$")
_TRAILING_LAST = "□■情细文多>》»"  # the last character of a trailing mark (private use aside)
SHARE_RE = re.compile(r"^(?:分享到|分享至|分享给|一键分享|分享本文)\s*[:：]?")
# a bar of bracketed tools or links (【纠错】【打印】【关闭】), after an optional label of a few characters
TOOL_BAR_RE = re.compile(r"^\S{0,6}\s*(?:[【\[][^】\]]{1,12}[】\]]\s*){2,}$")
# a post's footer, where it ends: a forum's 本贴由 <name> 于 <date> 在〖<board>〗发表, a blog's 由 <name> 张贴 @ <date>
POST_FOOTER_RE = re.compile(r"^(?:本[贴帖]由.{1,60}发表|由\s*\S{1,30}?\s*张贴\s*@|posted\s+by\b)", re.I)
ACCESSIBILITY_RE = re.compile(r"(?:无障碍|关怀版|适老化|返回顶部|回到顶部|打印本页|关闭窗口)")


# A page line longer than this is a page whose line breaks a crawler removed
# (the bundled pages' longest paragraph is 787 characters).
LONG_LINE = 1000
_PIECE_BREAK = re.compile(
    r"\s{2,}|\u3000+|(?<=[^\x00-\x7f])\s|\s(?=[^\x00-\x7f])"  # where a crawler left a space for a line break
    r"|(?<=[。！？；…])(?![。！？；…”’」』）)》】])"  # after a sentence end and its closing quotes
    r"|(?<=[。！？；…][”’」』）)》】])(?![”’」』）)》】])"
    r"|(?<=\d\d:\d\d)(?=[^\d:])"  # after a time of day (list timestamps)
    r"|(?<![:：\s])(?=(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"  # before a date
    r"|(?=(?:发布时间|时间|日期|来源|责任编辑|责编|编辑|作者|记者)\s*[:：])"  # before a metadata label
)


def split_long_line(line: str, limit: int = LONG_LINE) -> list[str]:
    """Pieces of a line longer than ``limit``: at whitespace, after sentence ends, before metadata.

    Shorter lines are returned whole. The pieces, stripped, are non-empty and
    appear in the line in order, so every rule then reads them as lines.
    """
    if len(line) <= limit:
        return [line]
    return [piece for piece in (p.strip() for p in _PIECE_BREAK.split(line)) if piece]


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))  # exactly the characters is_han accepts
HAN_CLASS = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in HAN_RANGES)  # for a regex character class
HAN_RE = re.compile(f"[{HAN_CLASS}]")
_ASCII_LETTER = re.compile("[A-Za-z]")


def count_han(text: str) -> int:
    return len(HAN_RE.findall(text))


@functools.cache
def _han_table():
    """A read-only table over every code point: 1 for a Han character (as :func:`is_han` says), else 0."""
    import numpy as np

    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for lo, hi in HAN_RANGES:
        table[lo : hi + 1] = 1
    table.flags.writeable = False
    return table


def count_han_each(texts: Sequence[str]) -> list[int]:
    """:func:`count_han` of every text, in one table look-up over all of them (a page's lines at once)."""
    if not texts:
        return []
    import numpy as np

    # "\n" after every text: no segment is empty and none runs past the end; "\n" is not Han
    codes = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.fromiter(accumulate((len(t) + 1 for t in texts[:-1]), initial=0), dtype=np.int64, count=len(texts))
    return np.add.reduceat(_han_table()[codes], starts, dtype=np.int64).tolist()


def han_characters(text: str) -> str:
    """The Han characters of ``text``, in order (``"".join(HAN_RE.findall(text))``), by one table look-up."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[_han_table()[codes].view(bool)].tobytes().decode("utf-32-le", "surrogatepass")


def count_punct(text: str) -> int:
    """Characters whose Unicode category is P* (as ``unicodedata`` of this Python says)."""
    return sum(unicodedata.category(ch)[0] == "P" for ch in text)


class LineFeatures(NamedTuple):
    """Cheap, general features of one stripped line; the rarely read ones are computed when read."""

    text: str
    length: int
    han: int
    ends_sentence: bool

    @property
    def han_ratio(self) -> float:
        return self.han / self.length if self.length else 0.0

    @property
    def latin(self) -> int:
        return len(_ASCII_LETTER.findall(self.text))

    @property
    def latin_ratio(self) -> float:
        return self.latin / self.length if self.length else 0.0

    @property
    def punct(self) -> int:
        return count_punct(self.text)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.text.split())


def _ends_sentence(text: str) -> bool:
    """``text`` is stripped, so a trailing bracket can only be there when its last character closes one.

    After the full stop may come an end mark (``□``), an icon-font glyph (private use) or a "more" link
    (``详情``); a prose line that leads into a list ends with a colon after a full stop of its own."""
    if text[-1:] in _TRAILING_LAST or "\ue000" <= text[-1:] <= "\uf8ff":
        text = _TRAILING_MARKS.sub("", text)
    stripped = _TRAILING_PAREN.sub("", text) if text[-1:] in (")", "）") else text
    stripped = stripped.rstrip(CLOSERS + " ")
    # a line cut by damaged bytes (U+FFFD, ␀ from suzhou_news.builder.ingest.damage) may have lost its full stop
    # a Chinese sentence typed with an ASCII full stop (好爽呀.) ends as well
    return bool(stripped) and (stripped[-1] in SENTENCE_END or stripped[-1] in DAMAGE_MARKS
                               or (stripped[-1] in "：:" and "。" in stripped)
                               or (stripped[-1] == "." and is_han(stripped[-2:-1] or " ")))


def features(line: str) -> LineFeatures:
    text = line.strip()
    return LineFeatures(text, len(text), count_han(text), _ends_sentence(text))


def features_of(lines: Sequence[str]) -> list[LineFeatures]:
    """:func:`features` of every line, with the Han counts of all of them taken at once."""
    texts = [line.strip() for line in lines]
    return [LineFeatures(t, len(t), han, _ends_sentence(t)) for t, han in zip(texts, count_han_each(texts))]


def is_body_like(f: LineFeatures) -> bool:
    """A prose paragraph: mostly Han, sentence-final punctuation, not tiny."""
    return f.ends_sentence and f.han >= 10 and f.han_ratio >= 0.5


_CLAUSE_COMMA = re.compile(f"[，、；]|(?<=[{HAN_CLASS}]),")
_SNIPPET_END = re.compile(r"(?:…|\.\.\.|[>»]|更多|详细|全文|详情)\W*$")


def is_unstopped_prose(f: LineFeatures) -> bool:
    """A paragraph whose writer left off the full stop (common on self-media platforms): 20+ Han characters,
    mostly Han, clauses split by commas, and not a cut summary (``…``, ``更多``). One such line may be a long
    headline; :func:`has_prose` asks for two."""
    return (not f.ends_sentence and f.han >= 20 and f.han_ratio >= 0.5 and _CLAUSE_COMMA.search(f.text) is not None
            and _SNIPPET_END.search(f.text) is None)


def writer_stops(features: list[LineFeatures]) -> list[LineFeatures]:
    """On a page whose writer leaves off full stops (more Han characters in :func:`is_unstopped_prose` lines
    than in :func:`is_body_like` ones), those lines read as ending their sentences; other pages unchanged."""
    unstopped = [is_unstopped_prose(f) for f in features]
    if not any(unstopped) or sum(f.han for f, u in zip(features, unstopped) if u) <= sum(
            f.han for f in features if is_body_like(f)):
        return features
    return [f._replace(ends_sentence=True) if u else f for f, u in zip(features, unstopped)]


def has_prose(features: Sequence[LineFeatures]) -> bool:
    """Does a page's text read as an article: a prose paragraph (:func:`is_body_like`), or two paragraphs
    without their full stops (:func:`is_unstopped_prose`)?"""
    return any(is_body_like(f) for f in features) or sum(map(is_unstopped_prose, features)) >= 2


def is_heading_like(f: LineFeatures) -> bool:
    """A short Han line without sentence-final punctuation (title or section heading)."""
    return 4 <= f.han and f.length <= 60 and f.han_ratio >= 0.6 and not f.ends_sentence


@dataclass(frozen=True)
class _CaseSplit:
    """``re.compile(f"(?:{uncased}|{cased})", re.I).search(t)`` as a yes/no, faster on long lines.

    The uncased words (Chinese) match the same without re.I, and a search then jumps
    between their first characters; the cased words run only when the line holds a
    character re.I lets them start with (``first``: every such character).
    """

    uncased: re.Pattern
    cased: re.Pattern
    first: str

    @classmethod
    def of(cls, words: tuple[str, str], first: str) -> _CaseSplit:
        return cls(re.compile(words[0]), re.compile(words[1], re.I), first)

    def search(self, t: str) -> bool:
        if self.uncased.search(t):
            return True
        for ch in self.first:
            if ch in t:
                return bool(self.cased.search(t))
        return False


_DISCLAIMER_FAST = _CaseSplit.of(_DISCLAIMER, "DdNn")
_COPYRIGHT_FAST = _CaseSplit.of(_COPYRIGHT, "CcIi\u0130\u0131Aa")
_LOGIN_FAST = _CaseSplit.of(_LOGIN, "LlSs\u017f")
_LONG_TOKEN = re.compile(r"\S{5}")


def furniture_reason(f: LineFeatures) -> str | None:
    """Reason code if the line is page furniture wherever it stands, else None.

    The first rule that holds wins. Each rule tests its length bound before its
    regex, so a long body line skips most of the searches.
    """
    t = f.text
    if not t:
        return None
    if PLACEHOLDER_RE.match(t):
        return "image_placeholder"
    if COUNTER_RE.match(t) or (f.length <= 30 and _is_counter_bar(t)):
        return "counter"
    if TIMESTAMP_LINE.match(t):
        return "list_timestamp"
    if EDITOR_RE.match(t):
        return "editor_line"
    if f.length <= 120 and POST_FOOTER_RE.match(t):
        return "post_footer"
    if f.length <= 120 and _COPYRIGHT_FAST.search(t):
        return "copyright"
    if _DISCLAIMER_FAST.search(t):
        return "disclaimer"
    if 30 <= f.length <= 100 and f.han < 5 and f.latin_ratio > 0.5 and not is_code_line(f):
        return "foreign_boilerplate"  # a longer one is content: an abstract, authors
    if f.length <= 40 and (HIDDEN_RE.search(t) or _LOGIN_FAST.search(t)):
        return "login_prompt"
    if f.length <= 40 and PAGINATION_RE.search(t):
        return "pagination"
    if f.length <= 80 and FOLLOW_RE.search(t):
        return "follow_prompt"
    if f.length <= 30 and ACCESSIBILITY_RE.search(t):
        return "accessibility_link"
    if f.length <= 40 and SHARE_RE.match(t):
        return "share_bar"
    if f.length <= 80 and TOOL_BAR_RE.match(t):
        return "tool_bar"
    if _is_breadcrumb(t):
        return "breadcrumb"
    if _is_nav_bar(f):
        return "nav_bar"
    return None


_TOOL_SPLIT = re.compile(r"[\s/|｜]+")


def _is_counter_bar(t: str) -> bool:
    """Counters and reader actions side by side: ``点赞 89 收藏``, ``举报/反馈``."""
    tokens = [tok for tok in _TOOL_SPLIT.split(t) if tok]
    return len(tokens) >= 2 and all(COUNTER_RE.match(tok) for tok in tokens)


# a line of program code in a technical article: a keyword that opens a statement, an assignment, a method call,
# a line ending a C-like statement or block
_CODE_LINE = re.compile(
    r"^(?:import|from|def|class|return|if|elif|else|for|while|try|except|finally|with|print|var|let|const|function"
    r"|public|private|static|void|package|#include|#define)\b"
    r"|[\w\])]\s*(?:[-+*/%|&]?=|==|=>|->)\s*\S|\w\.\w+\(|[;{}]\s*$|^[}\])]+[;,]?$")
_NOT_CODE = re.compile(r"://|^[\[<]|^\w+=[\"']")  # a URL, leaked markup or BBCode, an HTML attribute


def is_code_line(f: LineFeatures) -> bool:
    """A line of code shown in an article (``import json``, ``data = client.lpop('test')``): no Han character.
    It is neither prose nor furniture: it neither extends nor cuts the body, and is kept inside it."""
    return (f.han == 0 and f.length <= 200 and _CODE_LINE.search(f.text) is not None
            and _NOT_CODE.search(f.text) is None)


def is_foreign_prose(t: str) -> bool:
    """A paragraph in another language (an English abstract): two sentences or more, 200 characters or more."""
    return len(t) >= 200 and t.endswith(".") and ". " in t


_CRUMB_SPLIT = re.compile(r"\s*(?:>|›|»|＞|→)\s*")


def _is_breadcrumb(t: str) -> bool:
    """Short parts between ``>`` (or ``›`` ``»`` ``＞`` ``→``); the last may be the article's own title."""
    if not (">" in t or "›" in t or "»" in t or "＞" in t or "→" in t):
        return False
    if "\t" in t:  # a table row: a trail sits in one cell (a flow chart's arrows across cells are none)
        return any(_is_breadcrumb(cell) for cell in t.split("\t"))
    parts = [p for p in _CRUMB_SPLIT.split(t) if p]
    return len(parts) >= 2 and all(len(p) <= 12 for p in parts[:-1]) and (len(parts[-1]) <= 12 or len(parts) >= 3)


def _is_nav_bar(f: LineFeatures) -> bool:
    """Many very short whitespace-separated items and no punctuation: a menu."""
    if _LONG_TOKEN.search(f.text):  # a token of 5+ characters (\\S is what str.split keeps): not all short
        return False
    tokens = f.tokens
    # single characters only: letter-spaced words (环 境 的 带 领), not a menu
    return len(tokens) >= 4 and f.punct == 0 and any(len(tok) > 1 for tok in tokens)


def is_list_header(f: LineFeatures) -> bool:
    """A short label that opens a related/hot/recommended list."""
    return f.length <= 8 and bool(LIST_HEADER_RE.search(f.text)) and f.punct == 0
