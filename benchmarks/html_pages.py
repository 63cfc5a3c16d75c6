"""An evaluation set of article pages in the layouts of the big Chinese news portals, with gold.

Each page is written here in the markup of one site family (people.com.cn,
xinhuanet, thepaper, 163, sina, ifeng, qq, baijiahao, a WeChat article, a city
government site) and carries that family's furniture: navigation, breadcrumb,
share bar, comment count, image with caption, editor line, related-links block,
copyright footer. Two pages are GBK-encoded, as those sites still serve them.
The gold is the headline, the publication date and the body paragraphs; every
furniture string is listed so a leak into the text can be counted.

Used by the extractor comparison (:mod:`benchmarks.extractors`), the HTML speed
benchmark and the extractor tests. The pages are synthetic: no site's text is copied.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    title: str
    date: str  # YYYY-MM-DD
    time: str  # HH:MM
    source: str
    author: str
    editor: str
    paragraphs: tuple[str, ...]
    caption: str


@dataclass(frozen=True)
class PortalPage:
    """One evaluation page: its bytes and what a clean extraction gives."""

    site: str
    encoding: str
    html: bytes
    title: str
    published: str  # YYYY-MM-DD
    body: tuple[str, ...]
    furniture: tuple[str, ...]  # strings that must not appear in the extracted text
    caption: str  # the image caption: not part of the gold body, counted apart (some keep captions as text)
    editor: str  # the name on the page's editor line

    @property
    def file_name(self) -> str:
        return f"{self.site}.html"


RELATED = ("苏州地铁6号线全线开通初期运营", "太湖生态岛建设取得阶段性成果", "姑苏区发布古城保护更新三年行动计划",
           "昆山举办两岸企业家峰会年会")
# One-sentence summaries some portals print under a recommended headline: prose, but not this article.
SUMMARIES = ("记者从苏州轨道交通集团获悉，地铁6号线将于本月底全线开通初期运营，沿线共设车站三十余座。",
             "太湖生态岛建设启动以来，已完成退田还湖和湿地修复工程，岛上生态环境持续改善。",
             "姑苏区近日发布古城保护更新三年行动计划，提出将分批推进历史街区的保护与活化利用。",
             "第十九届两岸企业家峰会年会在昆山举行，与会嘉宾围绕产业合作与创新发展展开交流。")
# Readers' comments, as long as a paragraph.
COMMENTS = ("网友评论：上周末带孩子去看了灯光秀，船上还有讲解员介绍虞山的历史故事，非常值得一去。",
            "网友评论：希望景区能增加一些停车位，晚上开车过去的人太多了，排队等了将近一个小时。")
NAV = ("首页", "时政", "国际", "财经", "科技", "教育", "体育", "图片", "视频", "专题")

STORIES = (
    Story("苏州古城保护更新迈出新步伐 平江路历史街区完成整治", "2023-02-03", "09:15", "人民网－人民日报", "王晓明",
          "李文华",
          ("近日，苏州市姑苏区平江路历史街区保护整治工程全面完工，沿河的二十余处传统民居完成修缮，街区面貌焕然一新。",
           "据介绍，此次整治坚持“修旧如旧”的原则，对街区内的驳岸、桥梁和古井进行了系统保护，同时改造了雨污管网和电力线路。",
           "姑苏区有关负责人表示，下一步将引入非遗工坊、特色书店等业态，让老街区既留住乡愁，又焕发新的活力。",
           "当天，不少市民和游客来到平江路拍照打卡，感受古城水巷的独特韵味。"),
          "图为整治后的平江路历史街区。"),
    Story("苏州工业园区一季度实际使用外资同比增长两成", "2023-04-18", "16:41", "新华网", "陈静", "赵一鸣",
          ("记者从苏州工业园区获悉，今年一季度园区实际使用外资同比增长百分之二十一，新设外资项目四十余个。",
           "园区相关负责人介绍，生物医药、纳米技术应用和人工智能三大新兴产业成为吸引外资的主要领域，多家跨国企业追加投资。",
           "为稳住外资基本盘，园区持续优化营商环境，推出外商投资企业服务专员制度，帮助企业解决用工、物流等实际困难。"),
          "苏州工业园区金鸡湖畔的商务区。新华社记者 陈静 摄"),
    Story("吴江运河文化带建设提速 一批古镇项目集中开工", "2023-05-09", "07:30", "澎湃新闻", "周雨", "孙悦",
          ("五月八日上午，苏州市吴江区大运河文化带重点项目集中开工仪式在震泽古镇举行，共有十二个项目集中开工，总投资逾八十亿元。",
           "这些项目涵盖古镇保护、文旅融合和生态修复等多个方面，其中震泽丝绸小镇二期工程将新建丝绸博物馆和手工缫丝体验区。",
           "吴江区委主要负责人表示，将以大运河文化带建设为契机，擦亮江南水乡古镇群的金字招牌，推动文化和旅游深度融合。"),
          "震泽古镇的丝绸作坊。澎湃新闻记者 周雨 图"),
    Story("常熟虞山景区推出夜游线路 游客可乘船赏灯", "2023-06-21", "20:05", "网易新闻", "黄海", "钱进",
          ("为丰富夏季夜间文旅消费，常熟虞山景区近日推出全新夜游线路，游客可以乘坐画舫沿尚湖湖岸欣赏灯光秀。",
           "夜游线路全长约三公里，沿途设置了八处主题灯光节点，将虞山的人文故事与现代光影技术相结合。",
           "景区工作人员介绍，夜游项目开放首周就接待游客一万余人次，周末的船票常常提前售罄。",
           "此外，景区周边还开设了夜市街区，汇集了常熟叫花鸡、蕈油面等地方特色美食。"),
          "游客在尚湖乘船观赏灯光秀。"),
    Story("张家港保税区跨境电商进出口额创历史新高", "2023-07-12", "10:20", "新浪财经", "吴敏", "郑强",
          ("今年上半年，张家港保税区跨境电商进出口额达到三十六亿元，同比增长百分之四十五，创历史同期新高。",
           "保税区管委会介绍，区内已集聚跨境电商企业一百二十余家，海外仓数量增加到十八个，覆盖欧美和东南亚主要市场。",
           "业内人士认为，便利的通关服务和完善的物流体系，是当地跨境电商快速发展的重要原因。"),
          "张家港保税区的跨境电商监管中心。"),
    Story("太仓中德合作再结硕果 三家德企新项目落户", "2023-08-30", "15:00", "凤凰网", "刘畅", "冯磊",
          ("八月二十九日，太仓市举行中德合作项目签约仪式，三家德国企业的新项目正式落户太仓高新区，总投资约两亿欧元。",
           "太仓是德资企业在华最密集的地区之一，目前已集聚德资企业五百余家，其中隐形冠军企业超过五十家。",
           "签约企业代表表示，看中了太仓完善的产业配套和高效的政务服务，希望把新工厂打造成亚太地区的生产中心。"),
          "签约仪式现场。凤凰网记者 刘畅 摄"),
    Story("昆山举办青年人才招聘会 提供岗位一万两千个", "2023-09-16", "11:45", "腾讯新闻", "许佳", "何平",
          ("九月十六日，昆山市青年人才专场招聘会在昆山国际会展中心举行，三百余家企业带来一万两千多个就业岗位。",
           "招聘岗位主要集中在电子信息、高端装备和生物医药等领域，其中研发类岗位占比超过三成。",
           "昆山市人社局负责人表示，今年将继续实施青年人才安居工程，为来昆就业的高校毕业生提供租房补贴和生活补助。"),
          "求职者在招聘会现场咨询。"),
    Story("相城区数字经济产业园投用 首批企业入驻", "2023-10-10", "08:50", "苏州新闻", "蒋涛", "韩梅",
          ("十月九日，位于苏州市相城区的数字经济产业园正式投入使用，首批二十六家企业签约入驻。",
           "产业园总建筑面积约十五万平方米，重点引进自动驾驶、工业互联网和数字金融等领域的企业。",
           "相城区有关负责人表示，将为入驻企业提供算力支持和应用场景开放，推动数字技术与实体经济深度融合。"),
          "相城区数字经济产业园外景。"),
    Story("在苏州，一碗头汤面里的老味道", "2023-11-05", "19:30", "姑苏晚报", "沈婷", "沈婷",
          ("清晨六点，苏州观前街附近的一家老面馆已经坐满了食客，大家都在等一碗刚下锅的头汤面。",
           "面馆老板介绍，苏式汤面讲究汤清面细，熬制红汤要用鳝鱼骨和猪骨慢火炖上一整夜。",
           "一位在这里吃了三十多年面的老食客说，一碗热气腾腾的头汤面，是苏州人开始一天生活的仪式。",
           "如今，不少年轻人也专门早起排队，只为尝一尝这份流传了上百年的苏州味道。"),
          "刚出锅的枫镇大肉面。"),
    Story("苏州市召开优化营商环境工作推进会", "2023-12-01", "17:10", "苏州市人民政府", "市政府办公室", "周文",
          ("十二月一日，苏州市召开优化营商环境工作推进会，总结今年以来全市营商环境建设成效，部署下一阶段重点任务。",
           "会议指出，要持续深化“放管服”改革，推进政务服务事项全程网办，进一步压缩企业开办和项目审批时间。",
           "会议强调，各地各部门要以企业和群众满意度为标准，主动靠前服务，打造市场化、法治化、国际化的一流营商环境。"),
          "会议现场。"),
)


def _paras(story: Story, tag: str = "p", attrs: str = "") -> str:
    return "\n".join(f"<{tag}{attrs}>{p}</{tag}>" for p in story.paragraphs)


def _nav(cls: str = "nav") -> str:
    return f'<div class="{cls}">' + "".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(NAV)) + "</div>"


def _related(header: str = "相关新闻", cls: str = "related", summaries: bool = False) -> str:
    items = "".join(f'<li><a href="/n/{i}.html">{t}</a>' + (f"<p>{SUMMARIES[i]}</p>" if summaries else "")
                    + f"<span>2023-01-2{i}</span></li>" for i, t in enumerate(RELATED))
    return f'<div class="{cls}"><h3>{header}</h3><ul>{items}</ul></div>'


def _figure(story: Story, img: str = "/img/1.jpg") -> str:
    return f'<p style="text-align:center"><img src="{img}" alt=""></p><p class="pic-desc">{story.caption}</p>'


def people(s: Story) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="content-type" content="text/html;charset=GB2312">
<title>{s.title}--社会·法治--人民网</title>
<meta name="keywords" content="苏州 古城">
<meta name="description" content="{s.paragraphs[0][:40]}">
<meta name="publishdate" content="{s.date}">
<meta name="author" content="{s.author}">
<meta name="source" content="来源：{s.source}">
</head><body>
<div class="header"><h1 class="logo"><a href="http://www.people.com.cn/">人民网</a></h1>{_nav()}
<div class="login"><a href="#">登录</a> <a href="#">注册</a></div></div>
<div class="route"><a href="/">人民网</a>&gt;&gt;<a href="/society/">社会·法治</a></div>
<div class="main"><div class="text_title"><h1>{s.title}</h1>
<p class="sou">{s.date[:4]}年{s.date[5:7]}月{s.date[8:]}日{s.time} | 来源：<a href="#">{s.source}</a></p>
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div></div>
<div class="rm_txt_con cf">
<p>　　{s.paragraphs[0]}</p>
{_figure(s)}
{"".join(f"<p>　　{p}</p>" for p in s.paragraphs[1:])}
<p class="edit">(责编：{s.editor})</p></div>
<div class="box_news">{_related("相关新闻")}</div>
<div class="comment">网友评论 <span>已有 268 条评论</span></div></div>
<div class="footer"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟</p>
<p>人民网版权所有，未经书面授权禁止使用</p><p>Copyright &copy; 1997-2023 by www.people.com.cn. all rights reserved</p></div>
</body></html>"""


def xinhuanet(s: Story) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{s.title}-新华网</title>
<meta name="keywords" content="苏州">
<meta name="publishid" content="1129563.11.1002.0">
<meta name="source" content="{s.source}">
</head><body>
<div class="topBar">{_nav("nav-list")}</div>
<div class="header"><div class="header-cont clearfix"><div class="header-time left">
<span class="year"><em>{s.date[:4]}</em></span><span class="day"><em>{s.date[5:7]}</em>/<em>{s.date[8:]}</em></span>
<span class="time">{s.time}:35</span></div>
<div class="source">来源：{s.source}</div>
<div class="head-line clearfix"><h1><span class="title">{s.title}</span></h1></div>
<div class="pageShare"><div class="setFont">【字体：<span>大</span> <span>中</span> <span>小</span>】</div>
<div class="share">分享到 微信 微博</div></div></div></div>
<div class="main clearfix"><div id="detail"><span id="detailContent">
{_paras(s)}
{_figure(s)}
</span></div>
<div class="editor">【纠错】 【责任编辑：{s.editor}】</div>
<div class="columBox">{_related("相关阅读", "list")}</div></div>
<div class="foot">Copyright &copy; 2000-2023 XINHUANET.com All Rights Reserved. 制作单位：新华网</div>
</body></html>"""


def thepaper(s: Story) -> str:
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charSet="utf-8">
<title>{s.title}_澎湃新闻-The Paper</title>
<meta property="og:title" content="{s.title}">
<meta property="og:site_name" content="澎湃新闻">
<meta name="description" content="{s.paragraphs[0][:50]}">
</head><body><div id="__next"><header>{_nav("header_nav")}<a href="#">下载客户端</a><a href="#">登录</a></header>
<main><div class="index_wrapper"><h1 class="index_title">{s.title}</h1>
<div class="ant-space"><div class="index_left"><div>{s.source}记者 {s.author}</div>
<div class="ant-space-item"><span>{s.date} {s.time}</span><span>来源：澎湃新闻</span></div></div></div>
<div class="index_cententWrap">
{_paras(s)}
<p><img src="/img/p.jpg"></p><p class="image_desc">{s.caption}</p>
</div>
<p class="index_editor">责任编辑：{s.editor}</p>
<p>图片编辑：金洁</p><p>校对：丁晓</p>
<div class="index_share"><span>分享</span><span>收藏</span><span>点赞 56</span></div>
<div class="index_comment"><h2>评论(32)</h2><p>登录后参与评论</p>
<div class="comment_que"><p>{COMMENTS[0].replace("灯光秀", "开工仪式").replace("虞山", "震泽")}</p></div></div>
{_related("澎湃号推荐", "index_recommend")}</div></main>
<footer><p>沪ICP备14003370号</p><p>&copy; 2014-2023 上海东方报业有限公司</p></footer></div></body></html>"""


def netease(s: Story) -> str:
    return f"""<!DOCTYPE HTML><html><head><meta charset="gbk">
<title>{s.title}|常熟|虞山_网易新闻</title>
<meta property="og:title" content="{s.title}">
<meta property="article:published_time" content="{s.date}T{s.time}:22+08:00">
<meta property="og:site_name" content="网易新闻">
</head><body>
<div class="ne_wrap">{_nav("N-nav-channel")}</div>
<div class="post_main"><h1 class="post_title">{s.title}</h1>
<div class="post_info">{s.date} {s.time}:22　来源: <a href="#">{s.source}</a> <a class="post_jubao">举报</a></div>
<div class="post_top_tie"><a class="post_top_tie_count">1024</a>跟贴</div>
<div class="post_body">
<p>（原标题：{s.title}）</p>
{_paras(s)}
<p class="f_center"><img src="/img/163.jpg"><br>{s.caption}</p>
<div class="post_statement">本文来源：{s.source} 作者：{s.author}</div>
<div class="post_author">责任编辑：{s.editor}_NN1234</div></div>
<div class="post_tie"><h3>热门跟贴</h3><p>网友：这个地方去过，很漂亮！</p><p>网友：周末就去看看。</p>
{"".join(f"<p>{c}</p>" for c in COMMENTS)}</div>
<div class="post_next">{_related("热点新闻", "post_recommend")}</div></div>
<div class="N-nav-bottom">关于网易 - About NetEase - 公司新闻 - 诚聘英才 - 不良信息举报</div>
<div>网易公司版权所有 &copy;1997-2023</div></body></html>"""


def sina(s: Story) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{s.title}|跨境电商_新浪财经_新浪网</title>
<meta property="og:type" content="news">
<meta property="og:title" content="{s.title}">
<meta property="article:published_time" content="{s.date}T{s.time}:00+08:00">
<meta property="article:author" content="{s.source}">
<meta name="mediaid" content="新浪财经">
</head><body>
<div class="top-nav">{_nav("tn-nav")}<a>新浪首页</a><a>登录</a></div>
<div class="main-content"><h1 class="main-title">{s.title}</h1>
<div class="top-bar-wrap"><div class="date-source"><span class="date">{s.date[:4]}年{s.date[5:7]}月{s.date[8:]}日 {s.time}</span>
<a class="source" href="#">{s.source}</a></div>
<div class="share-wrap">微博 微信 更多</div><div class="comment">0条评论</div></div>
<div class="article" id="artibody">
<p>　　{s.paragraphs[0]}</p>
<div class="img_wrapper"><img src="/img/s.jpg"><span class="img_descr">{s.caption}</span></div>
{"".join(f"<p>　　{p}</p>" for p in s.paragraphs[1:])}
<p class="show_author">责任编辑：{s.editor}</p></div>
<div class="article-bottom">新浪财经公众号 24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（sinafinance）</div>
<div class="blk-related">{_related("相关阅读", "blk")}</div></div>
<div class="footer">新浪简介 | About Sina | 广告服务 | 联系我们 Copyright &copy; 1996-2023 SINA Corporation, All Rights Reserved</div>
</body></html>"""


def ifeng(s: Story) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{s.title}_凤凰网资讯_凤凰网</title>
<meta property="og:title" content="{s.title}">
<meta name="og:time " content="{s.date} {s.time}:00">
<meta property="og:category" content="凤凰网资讯">
</head><body>
<div class="header">{_nav("menu")}<span>凤凰新闻客户端</span></div>
<div class="artical"><h1 class="topic">{s.title}</h1>
<div class="info"><p class="time"><span>{s.date[:4]}年{s.date[5:7]}月{s.date[8:]}日 {s.time}:00</span>
<span>来自：<a>{s.source}</a></span></p><span class="commentCount">368</span><span>人参与</span>
<span class="commentCount">56</span><span>评论</span></div>
<div class="main_content"><div class="text">
{_paras(s)}
<p class="detailPic"><img src="/img/f.jpg"></p><p class="picIntro">{s.caption}</p>
</div></div>
<div class="share">分享到：<a>微信</a><a>新浪微博</a></div>
<div class="hot">{_related("凤凰热搜", "hotList")}</div>
<div class="editor">[责任编辑：{s.editor}]</div></div>
<div class="footer">凤凰新媒体 版权所有 Copyright &copy; 2023 Phoenix New Media Limited All Rights Reserved.</div>
</body></html>"""


def qq(s: Story) -> str:
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{s.title}_腾讯新闻</title>
<meta name="apub:time" content="{s.date} {s.time}:00">
<meta name="keywords" content="昆山,招聘会">
<meta property="og:title" content="{s.title}">
<meta property="og:site_name" content="腾讯新闻">
</head><body>
<div class="qq-top">{_nav("nav")}<a>腾讯网首页</a></div>
<div class="LEFT"><h1>{s.title}</h1>
<div class="media-info"><a class="author">{s.source}</a><span class="time">{s.date} {s.time}</span>
<span>发布于江苏</span><a>关注</a></div>
<div class="content-article">
{_paras(s, attrs=' class="one-p"')}
<p class="one-p"><img class="content-picture" src="/img/q.jpg"></p><p class="one-p">{s.caption}</p>
<p class="one-p">（责任编辑：{s.editor}）</p></div>
<div class="comment-btn">打开腾讯新闻，查看更多图片 ></div>
<div class="comment-count">评论 45</div>
<div class="related">{_related("相关推荐", "relateNews", summaries=True)}</div></div>
<div class="footer">Copyright &copy; 1998 - 2023 Tencent. All Rights Reserved 腾讯公司 版权所有</div>
</body></html>"""


def baijiahao(s: Story) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{s.title}</title>
<meta name="description" content="{s.paragraphs[0][:60]}">
<script type="application/ld+json">{{"@context":"https://ziyuan.baidu.com/contexts/cambrian.jsonld","title":"{s.title}","pubDate":"{s.date}T{s.time}:00"}}</script>
</head><body>
<div id="header"><a>百度首页</a><a>登录</a>{_nav("nav")}</div>
<div id="ssr-content"><div class="article-title"><h2>{s.title}</h2></div>
<div class="article-source"><p class="author-name">{s.source}</p>
<div class="article-source-bjh"><span class="date">{s.date[2:]}</span><span class="time">{s.time}</span>
<span>发布于江苏</span><span>来源：{s.source}</span></div><a class="follow">+关注</a></div>
<div class="article-content">
{_paras(s, "div", ' class="dpu8C _2kCxD"')}
<div class="_1NCGf"><img src="/img/b.jpg"></div><p class="bjh-image-caption">{s.caption}</p>
</div>
<div class="bjh-statement">举报/反馈</div><div class="like">点赞 89 收藏</div>
<div class="rec">{_related("为你推荐", "recList", summaries=True)}</div></div>
<div class="footer">&copy;2023 Baidu 京ICP证030173号</div>
</body></html>"""


def wechat(s: Story) -> str:
    ts = {"2023-11-05": "1699183800"}.get(s.date, "1699183800")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{s.title}">
<meta property="og:type" content="article">
<meta property="og:description" content="{s.paragraphs[0][:40]}">
<meta name="author" content="{s.author}">
<title>{s.title}</title>
</head><body id="activity-detail" class="zh_CN">
<div class="rich_media_area_primary"><h1 class="rich_media_title" id="activity-name">
{s.title}
</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_text">{s.author}</span>
<span class="rich_media_meta rich_media_meta_nickname"><a id="js_name">{s.source}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{s.date[:4]}年{int(s.date[5:7])}月{int(s.date[8:])}日 {s.time}</em>
<span>江苏</span></div>
<div class="rich_media_content" id="js_content">
<section><p><span style="font-size:15px">{s.paragraphs[0]}</span></p></section>
<section><p style="text-align:center"><img data-src="https://mmbiz.qpic.cn/x.jpg"></p><p style="text-align:center"><span style="font-size:12px;color:#888">{s.caption}</span></p></section>
{"".join(f'<section><p><span style="font-size:15px">{p}</span></p></section>' for p in s.paragraphs[1:])}
<p>编辑：{s.editor}</p><p>校对：陈晨</p><p>审核：王强</p>
<p>关注姑苏晚报公众号，获取更多本地资讯</p></div>
<div class="rich_media_tool"><span>阅读 1.2万</span><span>在看 88</span><span>赞 210</span></div>
<div class="rich_media_extra">{_related("往期推荐", "related_article")}</div></div>
<script>var ct = "{ts}"; var nickname = "{s.source}";</script>
</body></html>"""


def city_gov(s: Story) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{s.title} - 苏州市人民政府</title>
<meta name="SiteName" content="苏州市人民政府">
<meta name="SiteDomain" content="www.suzhou.gov.cn">
<meta name="ColumnName" content="政务要闻">
<meta name="ArticleTitle" content="{s.title}">
<meta name="PubDate" content="{s.date} {s.time}">
<meta name="ContentSource" content="{s.source}">
</head><body>
<div class="top"><a>无障碍</a> <a>关怀版</a> <a>English</a> <a>登录</a> <a>注册</a></div>
<div class="banner">{_nav("menu")}</div>
<div class="position">当前位置：<a>首页</a> &gt; <a>新闻动态</a> &gt; <a>政务要闻</a></div>
<div class="article"><div class="title"><h3>{s.title}</h3></div>
<div class="info"><span>发布时间：{s.date} {s.time}</span><span>来源：{s.source}</span><span>浏览次数：1536</span>
<span>字号：[ 大 中 小 ]</span></div>
<div class="content" id="zoom">
{_paras(s, attrs=' style="text-indent:2em"')}
<p style="text-align:center"><img src="/img/g.jpg"></p><p style="text-align:center">{s.caption}</p>
</div>
<div class="bottom"><a>【打印本页】</a><a>【关闭窗口】</a><a>【返回顶部】</a></div>
<div class="share">分享到：微信 微博</div>
<div class="relate">{_related("相关文章", "relate-list")}</div></div>
<div class="footer"><p>主办单位：苏州市人民政府办公室</p><p>苏ICP备05034545号 苏公网安备 32050802010501号</p>
<p>网站标识码：3205000016</p></div>
</body></html>"""


LAYOUTS = (("people", people, "gbk"), ("xinhuanet", xinhuanet, "utf-8"), ("thepaper", thepaper, "utf-8"),
           ("163", netease, "gbk"), ("sina", sina, "utf-8"), ("ifeng", ifeng, "utf-8"), ("qq", qq, "utf-8"),
           ("baijiahao", baijiahao, "utf-8"), ("wechat", wechat, "utf-8"), ("city_gov", city_gov, "utf-8"))


# Related links, share bar, comment counts and comments, copyright, editor line, login link (a navigation
# item is a leak when it stands as a line of its own: see `leaks`).
FURNITURE = (*RELATED, *(x[:12] for x in SUMMARIES), *(x[5:17] for x in COMMENTS), "分享", "版权所有", "Copyright",
             "登录", "编辑", "责编", "评论", "跟贴", "这个地方去过", "关注", "举报")


def portal_pages() -> list[PortalPage]:
    """The ten evaluation pages (people and 163 in GBK, the others in UTF-8)."""
    return [PortalPage(site, enc, layout(story).encode(enc), story.title, story.date, story.paragraphs,
                       FURNITURE, story.caption, story.editor)
            for (site, layout, enc), story in zip(LAYOUTS, STORIES)]


INDEX_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>苏州要闻 - 新闻列表</title></head>
<body>{_nav()}<h1>苏州要闻</h1><ul class="list">
{"".join(f'<li><a href="/n/{i}.html">{t}</a><span>2023-02-0{i + 1}</span></li>' for i, t in enumerate(RELATED * 3))}
</ul><div class="page">共10页 <a>上一页</a> <a>下一页</a></div>
<div class="footer">Copyright &copy; 2023 苏州新闻网 版权所有</div></body></html>"""
"""A list page (headlines, dates, pagination) with no article: the reader excludes it as ``no_article``."""


def leaks(page: PortalPage, text: str) -> list[str]:
    """Furniture found in an extracted text: listed strings, and navigation items standing as lines."""
    found = [f for f in page.furniture if f in text]
    return found + [line for line in text.split("\n") if line.strip() in NAV]
