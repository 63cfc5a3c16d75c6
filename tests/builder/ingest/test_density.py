"""Text density over the DOM (``density.v1``), the extractor chain of the default, and bounded work on HTML."""

import pytest

from suzhou_news.builder.ingest import html as H
from suzhou_news.builder.ingest.density import Block, blocks, main_text, unwrap
from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.html import DEFAULT_EXTRACTOR, Article, ExtractionFailed, FirstWithProse, get_extractor
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.script import Converter

PROSE = ("苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。",
         "会议强调，要坚定信心、真抓实干，推动各项工作落地见效，确保全年目标任务圆满完成。",
         "会议要求，各地各部门要压实责任，细化措施，以钉钉子精神抓好各项任务落实。")
ADS = ("立可充电池出租席卷全国", "上海十大最具潜力创业项目", "教育界金字品牌出击", "轻松拥有自己的知名网站")


def _page(body: str, title: str = "苏州召开高质量发展推进大会") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def test_blocks_count_link_text_but_not_a_link_that_wraps_blocks():
    """A link inside a paragraph is link text; an unclosed <a> around whole paragraphs (old pages) is not."""
    got = blocks(_page('<p>据<a href="/x">新华社</a>报道，会议召开。</p><a href="/y"><div>正文段落，内容。</div></a>'))
    assert got == [Block("据新华社报道，会议召开。", 12, 3), Block("正文段落，内容。", 8, 0)]


def test_text_reads_as_a_browser_shows_it():
    """A source line break between CJK characters is nothing; other whitespace (and between elements) one space."""
    got = blocks(_page("<p>苏州市\n    召开大会， Suzhou\n  news  <b>今日</b> <i>报道</i>。</p>"))
    assert [b.text for b in got] == ["苏州市召开大会， Suzhou news 今日 报道。"]


def test_article_among_sibling_ads_in_one_cell():
    """Old table layouts: the paragraphs and the ad links are siblings in one <td>; only the paragraphs come out."""
    ads = "".join(f'<br><a href="/ad/{i}">{t}</a>' for i, t in enumerate(ADS * 3))
    body = (f'<table><tr><td><a href="/">首页</a> | <a href="/news">新闻</a></td></tr><tr><td>'
            + "".join(f"<p>{p}" for p in PROSE) + ads + "</td></tr></table><p>版权所有 © 2005 某某网</p>")
    assert main_text(_page(body)) == list(PROSE)


def test_a_table_row_is_one_block_of_tab_separated_cells():
    """Cells of inline text (a <br> or <div> inside one made a space) join their row with tabs; a cell of
    more than CELL_CHARS characters, or holding a table, is a layout column, read as blocks; a Word export's
    <p> in every cell is not; a row of one cell keeps its blocks."""
    table = ("<table><tr><th>专业</th><th>导师</th><th>考试科目</th></tr>"
             "<tr><td>01艺术学原理</td><td><div>刘梦溪</div></td><td>1、英语<br>2、艺术概论</td><td>&nbsp;</td></tr>"
             "</table>")
    assert [(b.text, b.chars) for b in blocks(_page(table))] == [
        ("专业\t导师\t考试科目", 8), ("01艺术学原理\t刘梦溪\t1、英语 2、艺术概论", 20)]
    word = f"<table><tr><td><p class=MsoNormal>导师</p></td><td><p>刘梦溪</p><p>方李莉</p></td></tr></table>"
    assert [b.text for b in blocks(_page(word))] == ["导师\t刘梦溪 方李莉"]
    layout = f"<table><tr><td><a href='/'>首页</a></td><td><p>{PROSE[0] * 6}</p><p>{PROSE[1]}</p></td></tr></table>"
    assert [b.text for b in blocks(_page(layout))] == ["首页", PROSE[0] * 6, PROSE[1]]
    long = "".join(PROSE) * 2
    assert [b.text for b in blocks(_page(f"<table><tr><td>栏目</td><td>{long}</td></tr></table>"))] == ["栏目", long]
    nested = f"<table><tr><td>栏目</td><td><table><tr><td>甲</td><td>乙</td></tr></table></td></tr></table>"
    assert [b.text for b in blocks(_page(nested))] == ["栏目", "甲\t乙"]
    alone = f"<table><tr><td><p>{PROSE[0]}</p><p>{PROSE[1]}</p></td></tr></table>"  # a short article in one cell
    assert [b.text for b in blocks(_page(alone))] == list(PROSE[:2])


def test_a_table_after_the_article_stays_with_it():
    """A notice's table of subjects after its prose: the rows are part of the article (the build keeps them too)."""
    rows = "".join(f"<tr><td>0{i}方向</td><td>导师{i}</td><td>1、英语 2、专业课</td></tr>" for i in range(1, 6))
    html = _page("<p>" + "</p><p>".join(PROSE) + f"</p><p>附：招生专业及考试科目</p><table>{rows}</table>"
                 "<div>版权所有 © 2004 某某网</div>")
    assert main_text(html)[-5:] == [f"0{i}方向\t导师{i}\t1、英语 2、专业课" for i in range(1, 6)]
    got = html_page(html.encode("utf-8"), "notice.html", None, "html", "notice")
    doc = build_document("notice", got.text, Converter(), got.meta)
    assert "附：招生专业及考试科目" in doc.text and "05方向\t导师5" in doc.text and "版权所有" not in doc.text


def test_hard_wrapped_lines_are_joined_back():
    """An author's hard wrap (every line of a paragraph cut at one width, <br> between): one line per paragraph."""
    para = "".join(PROSE) * 2
    lines = [para[i:i + 36] for i in range(0, len(para), 36)]
    got = main_text(_page("<p>" + "<br>".join(lines) + "</p>"))
    assert got == [para]


def test_equal_lines_that_end_sentences_are_not_joined():
    items = [Block(p, len(p), 0) for p in PROSE * 2]
    assert unwrap(items) == items


def test_comments_and_recommended_lists_cut_the_page():
    """Prose below a comment count or a 推荐 header belongs to other texts: the article above is the main text."""
    comment = "我觉得这篇文章写得非常好，说出了很多人的心里话，希望有关部门能够认真听取群众的意见和建议。"
    for cut in ("共 3 条评论", "为你推荐"):
        body = "".join(f"<p>{p}</p>" for p in PROSE) + f"<div>{cut}</div>" + f"<p>{comment}</p>" * 6
        assert main_text(_page(body)) == list(PROSE), cut


def test_deeply_nested_page_with_prose_is_an_article():
    """100,000 nested <div>s around the prose: walked without recursion, read as an article, not a list page."""
    depth = 100_000
    html = _page("<div>" * depth + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>" * depth)
    got = html_page(html.encode("utf-8"), "deep.html", None, "html", "deep")
    assert isinstance(got, Page), got
    doc = build_document("deep", got.text, Converter(), got.meta)
    assert doc is not None and doc.text == "\n".join(PROSE)


def test_gne_title_matching_is_bounded():
    """A 40,000-character <title> and <h1> (gne's longest-common-substring matching took 190 s): finishes,
    the body is found, and the title is the <title> text."""
    long = "标题很长的一段文字" * 4500
    html = _page(f"<h1>{long}</h1>" + "".join(f"<p>{p}</p>" for p in PROSE), title=long)
    got = get_extractor("gne.v1").extract(html)
    assert got is not None and got.title == long and "".join(PROSE) in "".join(got.lines)


def test_the_default_skips_a_page_no_method_finds_prose_on():
    got = html_page(_page("".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(ADS))).encode(),
                    "list.html", None, "html", "list")
    assert not isinstance(got, Page) and got.reason == "no_article" and DEFAULT_EXTRACTOR in got.detail


class _Fixed:
    def __init__(self, name, lines=None, fail=False):
        self.name, self.lines, self.fail = name, lines, fail

    def extract(self, html, url=None):
        if self.fail:
            raise ExtractionFailed(f"{self.name} failed")
        return Article(self.name, tuple(self.lines)) if self.lines is not None else None


@pytest.mark.parametrize("first,second,third,want", [
    (["导航 首页"], PROSE, PROSE[:1], "b"),  # the first without prose is passed over
    (PROSE, PROSE[:1], None, "a"),  # the first with prose wins: the others are not asked
    ("fail", PROSE[:1], None, "b"),  # a failing extractor passes the page on
    (["导航 首页"], None, ["更多"], "a"),  # none has prose: the first that found lines (the page is then no_article)
], ids=["skip-no-prose", "first-wins", "failure-passes-on", "none-has-prose"])
def test_first_with_prose(monkeypatch, first, second, third, want):
    for name, lines in zip("abc", (first, second, third)):
        monkeypatch.setitem(H.EXTRACTORS, f"test.{name}", lambda n=name, ls=lines: _Fixed(n, None if ls == "fail" else ls,
                                                                                           fail=ls == "fail"))
    got = FirstWithProse("test.chain", ("test.a", "test.b", "test.c")).extract("<html></html>")
    assert got is not None and got.title == want


def test_first_with_prose_raises_when_all_fail(monkeypatch):
    monkeypatch.setitem(H.EXTRACTORS, "test.a", lambda: _Fixed("a", fail=True))
    with pytest.raises(ExtractionFailed, match="a failed"):
        FirstWithProse("test.chain", ("test.a",)).extract("<html></html>")


def test_a_related_reading_box_set_into_the_article_is_stepped_over():
    """A portal sets a 推荐阅读 box of links between two paragraphs: the article goes on after it, the links
    stay out. After a comment count, or when the prose after the box is not link-free, the page is still cut."""
    links = "".join(f'<div><a href="/n/{i}.html">{ad}</a></div>' for i, ad in enumerate(ADS))
    body = f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p><div>推荐阅读</div>{links}<p>{PROSE[2]}</p>"
    assert main_text(_page(body)) == list(PROSE)
    comment = "我觉得这篇文章写得非常好，说出了很多人的心里话，希望有关部门能够认真听取群众的意见和建议。"
    for cut, after in (("共 3 条评论", f"<p>{comment}</p>"), ("推荐阅读", f'<p><a href="/x">{ADS[0]}</a>：{comment}</p>')):
        body = "".join(f"<p>{p}</p>" for p in PROSE) + f"<div>{cut}</div>{links}" + after * 3
        assert main_text(_page(body)) == list(PROSE), cut


@pytest.mark.parametrize("header", ["评论", "Feedback", "发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)",
                                    "# re: 苏州召开高质量发展推进大会 2004-12-27 12:46 flyingbirds"])
def test_a_blogs_comment_header_or_reply_line_cuts_the_page(header):
    """Blog engines head their comments with a bare `评论`/`Feedback`, a post footer counting them, or a
    `# re: <title>` line per reply: the replies are not the post."""
    reply = "拜读了你翻译的那本书，很不错，希望以后能够多多交流，也期待你的新作早日出版，一定第一时间去买。"
    body = "".join(f"<p>{p}</p>" for p in PROSE) + f"<div>{header}</div>" + f"<p>{reply}</p>" * 5
    assert main_text(_page(body)) == list(PROSE)


def test_a_page_of_signed_posts_is_read_as_its_first_post():
    """A blog page lists several posts, each closed by its footer (`由 X 张贴 @ <date>`, then a comment count that
    cuts the page): the first post is the article, though a later one is longer."""
    def post(title: str, paras: tuple[str, ...], day: int) -> str:
        return (f"<div><b>{title}</b> 2005-03-{day} 01:20:44</div>" + "".join(f"<p>{p}</p>" for p in paras)
                + f"<div>由海姑娘张贴 @ 2005-03-{day} 01:20:44 (359) 共 3 篇评论 发表评论 >>></div>")
    html = _page(post("昨天去金矿玩", PROSE[:1], 21) + post("长发剪了", PROSE * 4, 18))
    assert main_text(html) == [PROSE[0]]


CODE = ("import json", "import redis", "client = redis.Redis()", "handler = pymongo.MongoClient().test.data",
        "def parse():", "data = client.lpop('test')", "if not data:", "return", "handler.insert_one(json.loads(data))",
        "with contextlib.ExitStack() as stack:", "stack.callback(add_ts)", "print('done')")


def test_a_code_listing_does_not_cut_a_technical_article():
    """A technical article's last paragraph comes after a long code listing (a WeChat tech post lost its ending):
    code lines are neither prose nor furniture, for the density extractor and for the line rules."""
    listing = "<pre>" + "<br>".join(CODE) + "</pre>"
    body = f"<div><p>{PROSE[0]}</p>{listing}<p>{PROSE[1]}</p>{listing}<p>{PROSE[2]}</p></div>"
    html = _page('<div><a href="/">首页</a> <a href="/n">新闻</a></div>' + body)
    assert main_text(html) == [PROSE[0], *CODE, PROSE[1], *CODE, PROSE[2]]
    got = html_page(html.encode(), "tech.html", None, "html", "tech")
    doc = build_document("tech", got.text, Converter(), got.meta)
    assert all(p in doc.text for p in PROSE) and "client = redis.Redis()" in doc.text
