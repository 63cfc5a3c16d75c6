"""Page metadata read from real-page shapes: the headline as a reader sees it (no site name, no markup,
its own subtitle kept), the article's own date, and a declared charset that the bytes contradict."""

import textwrap

import pytest

from suzhou_news.builder.ingest.html import Article
from suzhou_news.builder.ingest.html_meta import iso_datetime, page_meta
from suzhou_news.builder.ingest.html_title import body_line
from suzhou_news.builder.ingest.read import decode_html

LEAD = "苏州工业园区今年上半年新设外资项目四十余个，实际使用外资同比增长百分之十二，生物医药和人工智能成为主要领域。"
MORE = "园区管委会表示，下一步将继续优化营商环境，为企业提供更加便利的政务服务和人才保障。"


def page(head: str, above: str, below: str = "") -> tuple[str, Article]:
    """A page whose body is the two paragraphs, with ``above`` (navigation, headline, date line) before
    them and ``below`` (related links, comments) after; the Article is what an extractor would return."""
    html = textwrap.dedent(f"""\
        <html><head><meta charset="utf-8">{head}</head><body>
        <div class="nav"><a href="/">首页</a> | <a href="/n/">新闻</a> | <a href="/z/">专题</a></div>
        {above}
        <div class="article"><p>{LEAD}</p><p>{MORE}</p></div>
        {below}
        <div class="footer">Copyright 2023 苏州新闻网 版权所有</div></body></html>""")
    return html, Article(None, (LEAD, MORE))


@pytest.mark.parametrize("head,above,title", [
    ("<title>三四个小时就能办完的事_苏银</title>", "<h1>三四个小时就能办完的事</h1>", "三四个小时就能办完的事"),
    ("<title>法国报纸摘要 - 新华网</title>", "<div class=logo>新华网</div><h2>法国报纸摘要</h2>", "法国报纸摘要"),
    ("<title>园区新兴产业集聚发展 | 专访园区主任_苏州新闻网</title>",
     "<h1>园区新兴产业集聚发展 | 专访园区主任</h1>", "园区新兴产业集聚发展 | 专访园区主任"),
    ("<title>李简——新外科运动向我们走来_北医新闻网</title>", "<td class=bt_title>李简——新外科运动向我们走来</td>",
     "李简——新外科运动向我们走来"),
    ('<title>苏州网</title><meta property="og:title" content="凝聚奋进力量<div>——热烈祝贺大会召开</div>">',
     "<h1>凝聚奋进力量——热烈祝贺大会召开</h1>", "凝聚奋进力量——热烈祝贺大会召开"),
    ("<title>金锺国 - 维基百科，自由的百科全书</title>", "<h1>金锺国</h1><div>维基百科，自由的百科全书</div>", "金锺国"),
], ids=["site-suffix", "site-suffix-spaced-dash", "bar-subtitle-kept", "dash-in-headline-kept", "markup-removed",
        "emphasised-over-slogan"])
def test_the_title_is_the_headline_the_page_shows(head, above, title):
    html, article = page(head, above + '<div class="info">2023-07-12 10:20 来源：苏州日报</div>')
    assert page_meta(html, article).title == title


def test_a_title_that_names_only_the_site_gives_way_to_the_emphasised_headline():
    """`<title>` says 网易娱乐 on every page of the board; the headline is the bold line above the body."""
    html, article = page("<title>网易娱乐</title>",
                         "<div>网易娱乐 &gt; 电影版区</div><div><b>《清洁》：东方式内敛与摇滚现实</b></div><div>眉间尺</div>")
    assert page_meta(html, article).title == "《清洁》：东方式内敛与摇滚现实"


def test_a_forum_label_before_the_headline_is_left_out():
    html, article = page("<title>CCTV.com- 央视论坛 :: null</title>",
                         "<table><tr><td><b>主题：</b> 导游为什么热衷于让你去购物</td></tr></table>")
    assert page_meta(html, article).title == "导游为什么热衷于让你去购物"


def test_with_no_body_found_the_title_is_cut_of_its_site_parts():
    """No article (a list page): `<title>` is all there is; its channel and site parts are cut."""
    html, _ = page("<title>四年前中500万现穷困潦倒 一夜暴富后如何经营__商贸_产业资讯_新浪网</title>", "")
    assert page_meta(html, None).title == "四年前中500万现穷困潦倒 一夜暴富后如何经营"


def test_the_date_is_the_articles_not_the_sites_today_nor_a_related_link():
    """The site's date bar at the top and the related links below carry other dates: the date line
    under the headline is the article's."""
    related = "".join(f'<li><a href="/n/{i}.html">太湖生态岛建设取得阶段性成果{i}</a> 2023-01-2{i}</li>' for i in range(4))
    html, article = page("<title>园区外资项目稳步增长_苏州新闻网</title>",
                         "<div>2026年12月05日 星期六</div><h1>园区外资项目稳步增长</h1>"
                         "<div>2023-07-12 10:20 来源：苏州日报</div>", f"<ul>{related}</ul>")
    assert page_meta(html, article).published == "2023-07-12T10:20"


def test_a_government_portals_first_published_time_beats_its_page_generation_time():
    """gov.cn pages say when the article was first published (``firstpublishedtime``) and, elsewhere in the
    head, when the page was generated: the first is the date."""
    html, article = page('<meta name="others" content="页面生成时间 2023-10-23 11:23:36">'
                         '<meta name="firstpublishedtime" content="2007-08-20-23:59:59">', "<h1>园区外资项目稳步增长</h1>")
    assert page_meta(html, article).published[:10] == "2007-08-20"


def test_a_date_bar_just_above_the_headline_is_read_when_none_is_below_it():
    html, article = page("<title>海姑娘 | blog.wenxuecity.com</title>",
                         "<div>2023-03-21 01:20:44</div><div><b>昨天去金矿玩 (图)</b></div>")
    meta = page_meta(html, article)
    assert (meta.title, meta.published) == ("昨天去金矿玩 (图)", "2023-03-21T01:20:44")


@pytest.mark.parametrize("value,iso", [
    ("发布日期： 9/17/2004 5:54:13 AM", "2004-09-17T05:54:13"),
    ("7/5/2005 9:23:57 PM", "2005-07-05T21:23:57"),
    ("12/1/2023 12:05 AM", "2023-12-01T00:05"),
])
def test_us_order_dates_with_am_pm(value, iso):
    """month/day/year is read only when AM/PM marks the US order; the hour goes to 24-hour time."""
    assert iso_datetime(value) == iso


@pytest.mark.parametrize("declared", ["meta", "http"])
def test_a_declared_charset_the_bytes_contradict_is_read_by_the_bytes(declared):
    """The template says gb2312, the bytes are UTF-8; these words' UTF-8 bytes also decode strictly as
    GB18030 (as mojibake), so only the bytes' UTF-8 validity can tell."""
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' if declared == "meta" else ""
    words = "苏州工业园区今年上半新设外资项目同比增长生物医药人工智能成为主要领域"
    html = f"<html><head>{meta}<title>园区外资项目</title></head><body><p>{words}</p></body></html>"
    data = html.encode("utf-8")
    assert data.decode("gb18030") != html  # the declared codec would read it, wrongly
    assert decode_html(data, "gb2312" if declared == "http" else None) == (html, "utf-8")


def test_a_true_gbk_declaration_still_decides():
    html = f'<html><head><meta charset="gbk"></head><body><p>{LEAD}</p></body></html>'
    assert decode_html(html.encode("gbk")) == (html, "gb18030")


def test_a_posted_line_under_the_article_is_its_date_not_a_comments():
    """A blog post with no date above it: `发表于 <date>` under its last paragraph, then comments posted later."""
    comments = "".join(f"<div>评论 {i}：说得好</div><div>发表于2023-09-1{i} 08:00</div>" for i in range(3))
    html, article = page("<title>评老冒：做最好的和最cool的东西？</title>", "<div>评老冒：做最好的和最cool的东西？</div>",
                         f"<div>发表于2023年09月07日 11:57 AM</div>{comments}")
    assert page_meta(html, article).published == "2023-09-07T11:57"


def test_a_members_sign_up_date_above_the_post_is_not_its_date():
    """A forum post: the poster's profile (`建立于 <date>`) sits just above the body, the post's own date
    (`发表于 <date>`) just under it."""
    html, article = page("<title>园区论坛</title>",
                         "<div>园区论坛</div><div>作者：大卫</div><div>建立于:2022年10月6日</div>",
                         "<div>发表于 2023-9-15 11:46:00</div>")
    assert page_meta(html, article).published == "2023-09-15T11:46:00"


def test_control_characters_in_the_page_do_not_stop_its_metadata():
    """Control characters XML forbids (found by the fuzz test) are passed over: the page's metadata is what it
    is without them."""
    html, article = page("<title>园区外资项目稳步增长_苏州新闻网</title>",
                         "<h1>园区外资项目稳步增长</h1><div>2023-07-12 10:20</div>")
    assert page_meta("\x1c" + html.replace("<h1>", "<h1>\x0b"), article) == page_meta(html, article)


@pytest.mark.parametrize("above,title", [
    ("<h2>谁来为无序拆房“埋单”？</h2><div>本报实习生 刘国栋 周炜</div><div>本报记者 王燕平 方云凤</div>",
     "谁来为无序拆房“埋单”？"),
    ("<div><b>经济学人分析中国经济热度</b></div><div>宏观政策应该相对稳定，但是改革一定要加快</div>"
     "<div>本报记者罗科苏盈发自北京</div>", "经济学人分析中国经济热度"),
    ("<div>* 第一编 古代</div>", "第一编 古代"),
    ("<h3>投身外交(3)\ue004</h3>", "投身外交(3)"),
], ids=["bylines-passed-over", "emphasised-over-deck", "bullet", "icon-glyph"])
def test_the_headline_above_bylines_decks_bullets_and_icons(above, title):
    """Bylines are passed over, the emphasised headline outranks the plain deck line under it, and a bullet
    or an icon-font glyph is not part of the headline."""
    html, article = page("<title>报纸</title>", above)
    assert page_meta(html, article).title == title


def test_a_heading_that_leads_into_a_list_is_not_the_title():
    html, article = page("<title>中国艺术研究院2004年博士生招生简章</title>", "<div>一、培养目标： ．</div>")
    assert page_meta(html, article).title == "中国艺术研究院2004年博士生招生简章"


def test_a_threads_first_post_signs_with_its_date():
    """A forum thread with no date above it: the first `发布时间`/`本贴由 … 于 <date>` line from the body on is the
    article's; the replies under it sign later."""
    replies = "".join(f"<div>回复{i}：同意楼主的看法，说得很有道理。</div><div>〓 发布时间 2023/05/{20 + i} 10:00:00 by 网友{i} 〓</div>"
                      for i in range(3))
    html, article = page("<title>论坛</title>", "", f"<div>本贴由 大卫 于2023年5月17日22:11:42在〖论坛〗发表.</div>{replies}")
    assert page_meta(html, article).published == "2023-05-17T22:11:42"
    html, article = page("<title>论坛</title>", "", replies)
    assert page_meta(html, article).published == "2023-05-20T10:00:00"


def test_a_forum_title_line_the_extractor_keeps_is_not_the_first_paragraph():
    """The extractor's first line is `主题：…？` (a question reads as prose): the body starts after it, and the
    headline is the line the page shows it on."""
    question = "你知道导游为什么那么热衷于让你去各种各样的商场购物吗？"
    html, _ = page("<title>CCTV.com- 央视论坛 :: null</title>",
                   f"<table><tr><td>主题：</td><td>{question}</td></tr></table><div>作者：芊草 时间：2005-08-22 19:13:18</div>")
    assert page_meta(html, Article(None, (f"主题：{question}", LEAD, MORE))).title == question


def test_table_rows_in_the_article_are_not_its_first_paragraph_nor_its_last_line_on_the_page():
    """An extractor gives a table row as its cells joined by tabs, while the page shows one cell a line: the
    body starts at the first real paragraph (the headline above it is found) and the post footer under the
    last row is its date."""
    rows = ("姓名\t单位，职务。", "王明\t苏州大学经济学院，教授、博士生导师。")
    table = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r.split("\t")) + "</tr>" for r in rows)
    html, _ = page("<title>园区外资项目稳步增长_苏州新闻网</title>",
                   f"<h1>苏州网</h1><h2>园区外资项目稳步增长</h2>{table}</table>",
                   f"{table}</table><div>本贴由 大卫 于2023年5月17日22:11:42在〖论坛〗发表.</div>")
    meta = page_meta(html, Article(None, (*rows, LEAD, MORE, *rows)))
    assert (meta.title, meta.published) == ("园区外资项目稳步增长", "2023-05-17T22:11:42")
    shown = ["姓名", "单位，职务。", "王明", "苏州大学经济学院，教授、博士生导师。", LEAD, MORE]
    assert body_line(shown, (*rows, LEAD, MORE)) == 4


def test_a_publication_line_under_a_share_bar_is_the_date():
    """A government or local news page: `发布日期：<date>` under the article, past a share and counter bar, and
    glued to the editor line in the extractor's last line."""
    bar = "".join(f"<div>{w}</div>" for w in ("赞 0", "赏", "分享", "查看评论", "阅读 539", "隐藏边栏", "A+"))
    html, article = page("<title>园区外资项目稳步增长</title>", "<h1>园区外资项目稳步增长</h1>",
                         f"{bar}<div>发布日期：2019-09-23 14:34:05 所属分类：头条</div>")
    assert page_meta(html, article).published == "2019-09-23T14:34:05"
    html, _ = page("<title>园区外资项目稳步增长</title>", "<h1>园区外资项目稳步增长</h1>",
                   "<div>发布日期：2019-03-06</div><div>责任编辑：龙慧</div>")
    glued = Article(None, (LEAD, MORE, "发布日期：2019-03-06 责任编辑：龙慧"))
    assert page_meta(html, glued).published == "2019-03-06"


@pytest.mark.parametrize("line,iso", [("发布时间：18-03-0823:16", "2018-03-08"), ("发布日期: 19-11-25", "2019-11-25"),
                                      ("发表于 98-03-08", "1998-03-08"),
                                      ("18-03-08", None), ("电话：18-03-08", None)])
def test_a_two_digit_year_only_after_a_publication_label(line, iso):
    html, article = page("<title>园区外资项目稳步增长</title>", f"<h1>园区外资项目稳步增长</h1><div>{line}</div>")
    assert (page_meta(html, article).published or "")[:10] == (iso or "")


def test_with_no_date_on_the_page_the_last_modified_meta_beats_a_guess():
    html, article = page('<meta itemprop="dateUpdate" content="2018-03-08 23:16:24">', "<h1>园区外资项目稳步增长</h1>")
    assert page_meta(html, article).published == "2018-03-08T23:16:24"


def test_an_icon_glyph_before_the_first_paragraph_does_not_lose_the_headline():
    """The extractor keeps an icon-font glyph (private use) the visual lines drop: the body is still found on
    the page (the headline and date lines above it are read from there)."""
    html, _ = page("<title>园区外资项目稳步增长-苏州新闻网</title>", "<div>园区外资项目稳步增长</div>")
    at = body_line(*_lines(html), ("\ue621 " + LEAD, MORE))
    assert at is not None and at == body_line(*_lines(html), (LEAD, MORE))
    assert page_meta(html, Article(None, ("\ue621 " + LEAD, MORE))).title == "园区外资项目稳步增长"


def test_a_sites_rights_notice_in_a_pop_up_is_not_the_first_paragraph():
    notice = "我司杂志提供免费订阅，任何第三方平台的赠送或售卖行为均未获得我司授权，我司保留追究其法律责任的权利！"
    html, _ = page("<title>园区外资项目稳步增长-苏州新闻网</title>", f"<div>{notice}</div><h1>园区外资项目稳步增长</h1>")
    assert body_line(*_lines(html), (notice, LEAD, MORE)) == body_line(*_lines(html), (LEAD, MORE))


def _lines(html):
    import lxml.html

    from suzhou_news.builder.ingest.html_title import visual_lines

    return (visual_lines(lxml.html.document_fromstring(html))[0],)


def test_a_headline_with_a_bracketed_tag_is_the_headline():
    """【不忘初心 牢记使命】 before the headline is its tag, not a tool bar: the headline under the menu is found."""
    head = "【不忘初心 牢记使命】我院医技药剂党支部举办中药知识与专业技能大赛"
    html, article = page(f"<title>{head} 某某医院</title>", "<div>院报</div><div>优秀员工墙</div><div>新闻动态</div>"
                         f"<div>位置：首页 &gt; 新闻动态</div><div>{head}</div><div>来源：本站原创 作者：药剂党支部</div>")
    assert page_meta(html, article).title == head


@pytest.mark.parametrize("title_element", ["新闻动态--中国地理学会官网", "{head}_中南海_澎湃新闻"])
def test_an_exclaiming_headline_the_extractor_keeps_is_the_headline(title_element):
    """The extractor keeps the headline, which ends with ！ or ？ and so reads as prose: it is not taken for the
    first paragraph, and a breadcrumb (首页 - 新闻动态) or a channel (中南海) above it is not the title."""
    head = "2019年中国人文地理学术年会在重庆成功举行！"
    html, _ = page(f"<title>{title_element.format(head=head)}</title>",
                   f"<div>首页 - 新闻动态</div><div>&gt; 中南海</div><div>{head}</div><div>发布时间：2019-05-18</div>")
    html = html.replace('<div class="article">', f'<div class="article"><p>{head}</p>')
    got = page_meta(html, Article(None, (head, LEAD, MORE)))
    assert (got.title, got.published) == (head, "2019-05-18")


def test_a_wechat_articles_ct_timestamp_is_its_date():
    """WeChat prints only 昨天; its script holds ``var ct = "<unix time>"`` (the time in China), and a name that
    merely ends in ``var`` is not that statement."""
    script = '<script>xvar ct = "1262304000"; var ct = "1581516000";</script>'
    html, article = page(script, "<h1>园区外资项目稳步增长</h1><div>昨天</div>")
    assert page_meta(html, article).published == "2020-02-12T22:00:00"
