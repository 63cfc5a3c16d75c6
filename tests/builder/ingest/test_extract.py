"""Stage 2: title, metadata and body from page text; furniture removed with reason codes.

The pages here are laid out unlike the bundled seeds on purpose: a WeChat
account article, a portal page with a header block and a Traditional-script
outlet page.
"""

import textwrap

from suzhou_news.builder.ingest.extract import extract

WECHAT = textwrap.dedent("""\
    南京发布
    关注
    南京市召开全市高质量发展推进大会
    原创 南京发布 2023年02月03日 09:15 江苏
    2月2日上午，南京市召开全市高质量发展推进大会，动员全市上下以更加奋发有为的精神状态推动高质量发展。市委书记韩立明出席会议并讲话。
    会议强调，要坚定信心、真抓实干，以新的更大作为谱写中国式现代化南京新篇章，为全省发展大局作出更大贡献。
    图片
    产业强市 奋力攀高
    与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，不断增强城市核心竞争力。
    来源：南京日报
    责任编辑：王小明
    长按识别二维码关注南京发布公众号
    阅读 10万+
    在看 236
    """)

PORTAL = textwrap.dedent("""\
    首页 | 新闻 | 体育 | 财经 | 科技 | 汽车
    当前位置：首页 > 新闻中心 > 地方新闻
    无锡推进太湖综合治理工作会议召开
    发布时间：2022年5月6日 14:30   来源：无锡日报   作者：张三
    【字体：大 中 小】
    本报讯 5日，无锡市召开太湖综合治理工作推进会议，总结前一阶段工作，部署下一步重点任务。会议要求，要把太湖治理作为重中之重，持续改善水环境质量。
    会议指出，治太工作任务艰巨，必须坚持系统治理、源头治理，加快补齐短板。
    上一页 下一页
    版权所有：无锡日报报业集团  苏ICP备05012345号
    """)


def test_wechat_article():
    ex = extract(WECHAT)
    assert ex.title == "南京市召开全市高质量发展推进大会"
    assert ex.published == "2023-02-03T09:15"
    assert ex.editor == "王小明"
    texts = [p.text for p in ex.paragraphs]
    assert texts[0].startswith("2月2日上午")
    assert ("产业强市 奋力攀高", "heading") in [(p.text, p.kind) for p in ex.paragraphs]
    body = "\n".join(texts)
    for furniture in ("关注", "图片", "长按识别", "阅读 10万+", "在看", "责任编辑"):
        assert furniture not in body
    reasons = {r.text: r.reason for r in ex.removed}
    assert reasons["图片"] == "image_placeholder"
    assert reasons["责任编辑：王小明"] == "editor_line"
    assert reasons["长按识别二维码关注南京发布公众号"] == "follow_prompt"


def test_portal_page_with_header_block():
    ex = extract(PORTAL)
    assert ex.title == "无锡推进太湖综合治理工作会议召开"
    assert ex.published == "2022-05-06T14:30"
    assert ex.source == "无锡日报"
    assert ex.author == "张三"
    assert len(ex.paragraphs) == 2 and all(p.kind == "paragraph" for p in ex.paragraphs)
    reasons = {r.reason for r in ex.removed}
    assert {"nav_bar", "breadcrumb", "metadata_line", "pagination", "copyright"} <= reasons


def test_related_list_with_timestamps_after_the_body_is_removed():
    page = textwrap.dedent("""\
        苏州发布数字经济三年行动计划
        苏州发布数字经济和数字化发展三年行动计划，加快产业智能化改造和数字化转型，确保今年完成改造项目五千个。
        相关推荐
        震惊!又一车主起诉厂家,事故前0.4秒退出智驾
        震惊!又一车主起诉厂家,事故前0.4秒退出智驾
        火山诗话
        2024-11-28 18:54:00
        普京的警告失效,美国计划向乌克兰提供新武器,各方表态亮了吗?
        猎火照狼山
        2024-11-29 00:05:07
        """)
    ex = extract(page)
    assert [p.text[:6] for p in ex.paragraphs] == ["苏州发布数字"]
    assert {r.reason for r in ex.removed} >= {"list_header", "list_timestamp"}
    assert len(ex.removed) == 8


def test_login_prompt_placeholder_and_bullets_glued_to_a_line():
    page = textwrap.dedent("""\
        昆山市领导参加代表团分组审议
        查看隐藏内容(*)需先登录
        市领导来到代表团，与代表们一同审议政府工作报告，并听取代表们的意见建议。周伟强调● 产业发展上要突出高质量。
        图片附件图片附件
        ● 城市建设上要突出高标准、刷新新界面。
        """)
    ex = extract(page)
    assert [(p.kind, p.text) for p in ex.paragraphs] == [
        ("paragraph", "市领导来到代表团，与代表们一同审议政府工作报告，并听取代表们的意见建议。周伟强调"),
        ("list_item", "产业发展上要突出高质量。"),
        ("list_item", "城市建设上要突出高标准、刷新新界面。"),
    ]
    assert {r.reason for r in ex.removed} == {"login_prompt", "image_placeholder"}


def test_disclaimers_in_chinese_and_english_and_a_closing_byline():
    page = textwrap.dedent("""\
        苏州召开氢能产业发展推进会
        苏州召开氢能产业发展工作推进会，加快部署实施氢能及燃料电池产业发展规划，力求打造千亿级产业链。
        记者 李仲勋
        特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。
        Notice: The content above is uploaded and posted by a user of a social media platform, which only provides information storage services.
        """)
    ex = extract(page)
    assert ex.author == "李仲勋"
    assert len(ex.paragraphs) == 1
    assert [r.reason for r in ex.removed] == ["byline", "disclaimer", "disclaimer"]


def test_trailing_credit_moves_to_author():
    page = "全会召开\n市卫健委党组书记表示，将加快优质医疗资源扩容，建设宜居之城。（苏报融媒记者 朱琦 钱茹冰/文 王亭川/摄）\n"
    ex = extract(page)
    assert ex.author == "朱琦 钱茹冰/文 王亭川/摄"
    assert ex.paragraphs[-1].text.endswith("建设宜居之城。")


def test_page_without_title_keeps_its_first_paragraph():
    page = "12月29日，中共苏州市相城区委五届九次全会召开，为明年工作把脉定向、谋篇布局。\n成绩来之不易、振奋人心，目标清晰务实、催人奋进。\n"
    ex = extract(page)
    assert ex.title is None
    assert len(ex.paragraphs) == 2


def test_wechat_page_with_follow_banner_source_line_and_read_more():
    """A WeChat account page: the banner above the title, the account name, a dateline with a
    province tag, a closing source line, a "past posts" list and the read-more link all go."""
    page = textwrap.dedent("""\
        点击上方蓝字关注我们
        苏州发布
        苏州出台支持民营经济发展若干措施
        苏州发布 2024-05-06 18:30 江苏
        5月6日，苏州市出台支持民营经济高质量发展的若干措施，从市场准入、要素保障、法治环境等方面提出具体举措。
        措施提出，要持续破除市场准入壁垒，完善融资支持政策，切实保护民营企业和企业家合法权益。
        来源：苏州日报
        编辑：张三
        往期推荐
        苏州地铁新线开通运营
        2024-05-01
        阅读原文
        """)
    ex = extract(page)
    assert ex.title == "苏州出台支持民营经济发展若干措施"
    assert (ex.published, ex.source, ex.editor, ex.author) == ("2024-05-06T18:30", "苏州日报", "张三", None)
    assert [p.text[:4] for p in ex.paragraphs] == ["5月6日", "措施提出"]
    reasons = {r.text: r.reason for r in ex.removed}
    assert reasons["点击上方蓝字关注我们"] == "follow_prompt"
    assert reasons["来源：苏州日报"] == "source_line"
    assert reasons["往期推荐"] == "list_header"
    assert reasons["2024-05-01"] == "list_timestamp"
    assert len(ex.removed) == 12 - 1 - 2  # every line is the title, a paragraph or removed


# --- an article on one line (crawlers that drop line breaks) ----------------------------------------------

def _bundled_on_one_line(name: str, sep: str) -> tuple[str, str]:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[3] / "data" / "raw" / name).read_text(encoding="utf-8")
    return page, sep.join(line.strip() for line in page.split("\n"))


import pytest  # noqa: E402


@pytest.mark.parametrize("sep", ["", " "], ids=["joined", "space-joined"])
@pytest.mark.parametrize("name", ["003_1279e53f9b8d3d6a.txt", "001_03e6a39d6aae467d.txt"])
def test_a_bundled_article_with_its_line_breaks_removed_is_kept(name, sep):
    """Finding 4: a bundled article on one line (2,000+ characters) gives a body again, most of the body
    sentences of the multi-line page come back verbatim, and furniture is still removed."""
    from suzhou_news.builder.ingest.document import build_document
    from suzhou_news.builder.ingest.script import Converter

    converter = Converter()
    page, one = _bundled_on_one_line(name, sep)
    assert "\n" not in one and len(one) > 2000
    full, doc = build_document("m", page, converter), build_document("o", one, converter)
    assert doc is not None
    body = [full.text[s.start:s.end] for s in full.sentences if not s.is_heading]
    kept = [s for s in body if s in doc.text]
    assert len(kept) >= 0.8 * len(body)
    for furniture in ("版权所有", "ICP备", "本篇文章共有", "欢迎关注", "责编", "热点排行", "Copyright"):
        assert furniture not in doc.text
    assert {r.reason for r in doc.removed} & {"copyright", "tail_furniture", "head_furniture"}


def test_long_line_pieces_keep_metadata_and_sentences_apart():
    """split_long_line cuts after sentence ends (with closing quotes), at spaces left for line breaks, and
    before a date or a metadata label; a short line is returned whole."""
    from suzhou_news.builder.ingest.lines import LONG_LINE, split_long_line

    assert split_long_line("短行。第二句。") == ["短行。第二句。"]
    head = "首页 新闻 苏州召开大会时间:2020-12-29 16:41:08 来源:苏州日报"
    body = "会议强调，要抓好落实。“我们要加油。”他说！" * (LONG_LINE // 20)
    pieces = split_long_line(head + body)
    assert pieces[:5] == ["首页", "新闻", "苏州召开大会", "时间:2020-12-29 16:41:08", "来源:苏州日报会议强调，要抓好落实。"]
    assert pieces[5:8] == ["“我们要加油。”", "他说！", "会议强调，要抓好落实。"]
    assert "".join(pieces).replace(" ", "") == (head + body).replace(" ", "")  # nothing lost but spaces


# --- one fold call per page ------------------------------------------------------------------------------------

from suzhou_news.builder.ingest.script import Converter  # noqa: E402

TRADITIONAL_PAGE = textwrap.dedent("""\
    首頁 > 新聞 > 本地
    蘇州工業園區發佈會（第3期）
    時間:2023-05-06 10:20 來源:蘇州日報
      ●\u2002區文體和旅遊局局長表示，將做深城市人文經濟學，推動電競產業與文化、旅遊融合發展。
      ●\u2002周偉指出
      黃橋街道將依託蘇州實驗室相城園區，全力打造具備引領作用的數字經濟產業園。（記者 王小明 攝）
    責任編輯：李華
    版權所有 蘇州日報社 未經授權不得轉載
    """)


def test_folding_the_page_at_once_is_folding_each_line():
    """OpenCC t2s works line by line, so one call on the page gives what one call per line gives (the rules rely on it)."""
    converter = Converter()
    lines = TRADITIONAL_PAGE.split("\n") + ["  著名  ", "乾隆", "", "\ufffd區", "頭髮" * 600]
    assert converter.t2s("\n".join(lines)).split("\n") == [converter.t2s(line) for line in lines]

    def per_line(text: str) -> str:
        return "\n".join(converter.t2s(line) for line in text.split("\n"))

    for page in (TRADITIONAL_PAGE, WECHAT, PORTAL):
        assert extract(page, fold=converter.t2s) == extract(page, fold=per_line)
    got = extract(TRADITIONAL_PAGE, fold=converter.t2s)
    assert (got.editor, got.author, got.published) == ("李华", "王小明 摄", "2023-05-06T10:20")
    assert [p.kind for p in got.paragraphs] == ["list_item", "list_item", "paragraph"]


AD_PARTED = textwrap.dedent("""\
    娱乐圈受黑社会控制？ 明星挨打事件回顾
    近日，惊爆台湾本土艺人被打，娱乐圈被打事件频频发生。涉及赌债，感情纠葛，原因种种。让我们回顾一下众明星被打事件：
    ·
    医疗关注--前列腺新发现
    ·
    皮肤顽疾----康复圣地
    ·
    国际认证：专治口臭、溃疡
    ·
    ★07男人--补肾新药（图）
    艺人被打成“猪头”
    2004年6月，艺人贺一航也传出疑因欠下赌债而遭痛殴，外界众说纷纭，但他在医院接受整容手术后，露脸向媒体说明一切。
    陈冠希2004年3月于香港中环一间商场内遭两名外籍青年挑衅而遭挥拳殴打，双方展开近半小时的追逐战，最后他致电经理人求助。
    曾志伟是2001年7月6日深夜遇袭的。当晚，刚从上海返港的他与朋友相约到九龙旺角一家酒吧消遣，其间有三名大汉闯入巡视了一番。
    """)


def test_the_lead_under_the_title_is_kept_when_an_ad_list_parts_it_from_the_body():
    """A portal pastes an ad list after the first paragraph: the best run of lines starts after the ads, but
    the prose right under the title is the article's lead."""
    got = extract(AD_PARTED)
    assert got.title == "娱乐圈受黑社会控制？ 明星挨打事件回顾"
    assert got.paragraphs[0].text.startswith("近日，惊爆台湾本土艺人被打") and got.paragraphs[0].kind == "paragraph"
    assert [p.text for p in got.paragraphs if p.kind == "paragraph"][1:] == AD_PARTED.splitlines()[-3:]
    assert {r.text: r.reason for r in got.removed}["★07男人--补肾新药（图）"] == "head_furniture"


def test_prose_above_the_title_is_still_not_the_lead():
    """A related story's summary sits above the headline: it stays out."""
    page = "推荐阅读：苏州地铁六号线全线开通。记者从轨道交通集团获悉，沿线共设车站三十余座。\n广告\n" + AD_PARTED
    got = extract(page)
    assert not any("六号线" in p.text for p in got.paragraphs)


SECTIONS = "\n".join([
    "二十三、感赞", "二十三、感赞", "一、法官试验凡事谢恩",
    "有一个法官，因为听见一位传道人常常说要凡事谢恩，就想试试他。一天，法官藉故把他捉到牢里，晚上去听他的动静。",
    "二、被抢钱包应当感谢神",
    "有一位老人的钱包被抢了，他却在日记里写下三件值得感谢的事情，朋友们读了以后都很受感动，纷纷效仿起来。"])


def test_a_known_title_is_the_first_line_so_a_body_heading_is_not_taken_for_it():
    """An HTML page's headline (or a dump's title field) opens its text: told so, the rules keep the first
    section heading, which they would otherwise take for the title (the first heading of 8+ Han)."""
    guessed = extract(SECTIONS)
    assert guessed.title == "一、法官试验凡事谢恩" and "一、法官试验凡事谢恩" not in [p.text for p in guessed.paragraphs]
    known = extract(SECTIONS, title_first=True)
    assert known.title == "二十三、感赞"
    assert [p.text for p in known.paragraphs][0] == "一、法官试验凡事谢恩"
    assert [(r.line, r.text) for r in known.removed] == [(2, "二十三、感赞")]  # the repeat only


NOTICE = "\n".join([
    "中国艺术研究院博士生招生简章",
    "我院为科研单位，所收博士生应提供课题培养费，每人每年一万二千元，不含住宿费。",
    "报名时先持考生本人身份证复印件、学历证书和毕业证书复印件后，向招生办索取全部报名材料。",
    "附：招生专业及考试科目",
    "01艺术学原理\t刘梦溪\t1、英语或俄语或日语 2、艺术概论",
    "02艺术文化学\t刘梦溪\t1、同上 2、艺术概论",
    "03艺术人类学\t方李莉\t1、英语或俄语或日语 2、中外艺术史",
])


def test_plain_lines_right_after_the_body_stay_with_it():
    """A table's rows after a notice's prose have no prose punctuation, so the scores end the body before
    them; with nothing but plain lines between, they are part of the article."""
    got = extract(NOTICE, title_first=True)
    assert [p.text for p in got.paragraphs] == NOTICE.splitlines()[1:]
    assert got.removed == ()


@pytest.mark.parametrize("stop", ["记者 李仲勋", "来源：苏州日报", "（摘自《社会科学》2000年第2期）", "相关新闻",
                                  "〓 网易娱乐 发布时间 2005/05/17 22:11:42 by 眉间尺 〓", "责任编辑：王小明",
                                  "采写：南都记者 余毅菁 向雪妮"])
def test_the_body_does_not_grow_over_a_credit_a_byline_or_furniture(stop):
    """A byline, a source line, a source note, a list header, a forum's post footer, an editor line: the run
    stops there, and what follows stays out."""
    lines = NOTICE.splitlines()
    got = extract("\n".join(lines[:3] + [stop] + lines[3:]), title_first=True)
    assert [p.text for p in got.paragraphs] == lines[1:3]


def test_a_line_repeated_inside_the_body_is_the_articles_own():
    """A spec table gives the same fields for two models: the repeats are kept inside the body (a repeated
    short line outside it, a menu item, is still furniture)."""
    specs = ["发动机型式：直列四缸双顶置凸轮轴十六气门", "驱动型式：前置前驱"]
    page = "\n".join(["对比试车：测试两款微型轿车", "分享", "首页", "这次我们把两款同级别的微型轿车放在一起，在城市道路和高速公路上分别进行了对比测试。",
                      "爱迪尔参数", *specs, "北斗星参数", *specs,
                      "两款车的动力都来自同一台发动机，但是调校风格明显不同，驾驶感受也各有特点。", "分享", "首页"])
    got = extract(page, title_first=True)
    assert [p.text for p in got.paragraphs].count(specs[0]) == 2
    assert {r.text: r.reason for r in got.removed} == {"分享": "counter", "首页": "repeated_line"}


def test_an_agenda_between_the_title_and_the_first_prose_is_part_of_the_article():
    """More than HEAD_LINES plain lines part the title from the best-scoring run: they are the article's
    (an agenda), not a page head; a short head (a deck line) is still read by the head rules."""
    agenda = [f"{h}:30—{h + 1}:00 专题讨论会" for h in range(8, 22)]
    agenda[5] = "13:30—14:00 杂志作者读者见面会"  # 作者 without a colon is no credit line
    prose = ["会议期间，代表们围绕宏观经济政策与金融改革等议题进行了深入讨论，并提出了许多建设性意见。",
             "闭幕式上，组委会宣布下一届年会将在上海举行，届时将有更多海内外学者参加会议交流。"]
    got = extract("\n".join(["第四届中国经济学年会会议议程", *agenda, *prose]), title_first=True)
    assert [p.text for p in got.paragraphs] == agenda + prose
    got = extract("\n".join(["第四届中国经济学年会会议议程", *agenda[:3], *prose]), title_first=True)
    assert [p.text for p in got.paragraphs] == prose


def test_a_forum_post_ends_at_its_footer():
    """`本贴由 … 发表` closes the post: the board's rules under it (numbered sentences that score as prose) stay
    out, with the footer."""
    rules = ["1. 任何言论纯属作者个人观点，与本论坛无关；", "2. 禁止发表反动、色情和其他违反国家法律、法规的言论、信息；",
             "3. 禁止利用本论坛进行赌博、非法买卖等违法行为；"]
    post = ["我今天在这儿演讲的时候，每个人都看到不同的我，有人看到我蛮有艺术气息的，也有人看到别的样子。",
            "所以你用什么样的眼光看你的孩子，是用你生命里面的经验，而你清不清楚知道这一点呢。"]
    page = "\n".join(["关于亲子的演讲精选", *post, "本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表.", *rules])
    got = extract(page, title_first=True)
    assert [p.text for p in got.paragraphs] == post
    assert {r.text: r.reason for r in got.removed}["本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表."] == "post_footer"


def test_an_english_abstract_inside_the_body_is_kept():
    """A paper's English abstract between its Chinese abstract and its sections: not a short fragment."""
    abstract = ("Abstract: Based on the popularization of the network shopping, this article described e-commerce "
                "and logistics distribution. According to different problems, the corresponding measures have "
                "been further put forward, in order to improve the logistics distribution in Taobao.")
    body = ["摘要：本文基于网络化购物普及的背景，叙述了电子商务和物流配送等相关理论知识，并对淘宝网物流配送现状进行了分析。",
            abstract, "电子商务是指各种商务活动，包括商品、服务和知识产权交易，包括使用现代信息技术和计算机网络进行的交易。"]
    got = extract("\n".join(["淘宝网物流配送存在的问题及对策研究", *body]), title_first=True)
    assert [p.text for p in got.paragraphs] == body


UNSTOPPED = ["FreeCell Quest是一款以经典纸牌游戏空当接龙为核心玩法，融入了大量成长和冒险元素的休闲策略游戏，玩家可以在经典易上手的规则下体验故事的乐趣",
             "游戏的故事设定在中世纪的大陆，一个邪恶的巫师统治了这里，玩家作为一个年轻的牌手，踏上了冒险的征程",
             "游戏在Steam售价36元，支持Windows和MAC，暂时没有简体中文"]


def test_a_writer_who_leaves_off_full_stops_keeps_every_paragraph():
    """A self-media page whose paragraphs end without a full stop (it was left out as no_body): they are the
    body, while a stopped line elsewhere on such a page still does not outweigh them."""
    got = extract("\n".join(["英国独立游戏，经典规则与冒险元素结合体验", *UNSTOPPED, "相关推荐", "这款游戏很好玩。"]),
                  title_first=True)
    assert [p.text for p in got.paragraphs] == UNSTOPPED and got.title == "英国独立游戏，经典规则与冒险元素结合体验"


def test_on_a_page_with_full_stops_an_unstopped_line_is_not_prose():
    """Under a list header, a long unstopped line (a comment, a summary) stays out of a stopped page's body."""
    stopped = "苏州工业园区今年上半年新设外资项目四十余个，实际使用外资同比增长百分之十二，生物医药成为主要领域。"
    got = extract("\n".join(["园区外资项目稳步增长", stopped, stopped.replace("上半年", "下半年"), "相关推荐",
                             UNSTOPPED[1]]), title_first=True)
    assert UNSTOPPED[1] not in [p.text for p in got.paragraphs]


def test_an_exclaiming_known_title_stays_the_title_and_its_date_line_is_metadata():
    """The known title ends with ！, so it reads as prose and the body run starts on it: it is still the title
    (not a paragraph too), its repeat under it is the article's, and the date line under them is metadata."""
    title = "逆水寒再按照这个速度研发下去 应该马上就要收到律师函了！"
    body = ["《逆水寒》每周的版本更新都安排在周四，官方微信微博总是被心急的玩家各种蹲守，期待能第一个挖到爆料。",
            "而在这周四，眼尖的玩家就已经发现了，官方更是亲自上阵写了一批横幅和对联。"]
    got = extract("\n".join([title, title, "2019-09-05 11:10 游民星空[整理] 1", *body]), title_first=True)
    assert got.title == title and [p.text for p in got.paragraphs] == [title, *body]
    assert got.published == "2019-09-05T11:10"


def test_a_source_and_author_line_under_the_title_is_metadata_not_a_deck():
    got = extract("\n".join(["我院医技药剂党支部举办中药知识与专业技能大赛", "来源：本站原创 作者：医技药剂党支部",
                             UNSTOPPED[1] + "。", UNSTOPPED[0] + "。"]), title_first=True)
    assert [p.kind for p in got.paragraphs] == ["paragraph", "paragraph"]
    assert (got.source, got.author) == ("本站原创", "医技药剂党支部")
