"""Site names learned across a crawl's pages and cut from their titles (pipeline.site_names)."""

import json

import pyarrow.parquet as pq
import pytest

from suzhou_news.builder.dataset.audit import read_audit
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.pipeline.site_names import SiteParts, cut_learned, learn, retitle
from tests.builder.ingest.test_crawl_readers import write_warc

SITE = "苏州银行之声"  # no channel word, no domain, longer than a channel: only other pages give it away
HEADLINES = ("苏州古城保护更新三年行动计划发布", "太湖生态岛建设取得阶段性成果", "地铁六号线全线开通初期运营")
BODY = ("{h}。记者从有关部门获悉，相关工作已经全面展开，各项任务正在有序推进之中，预计年内取得明显成效。",
        "据介绍，下一步将继续加大投入力度，完善配套政策措施，推动各方形成合力，确保目标如期实现。")


def page(headline, *, banner=False, script="hans"):
    """An article whose headline is only in its <title> (so the title is the <title> with its site parts
    cut); with ``banner``, the site name is also printed as a line above the body."""
    title = f"{headline}_{SITE}"
    body = "".join(f"<p>{p.format(h=headline)}</p>" for p in BODY)
    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'{"<div class=logo>" + SITE + "</div>" if banner else ""}<div class=content>{body}</div></body></html>')
    if script == "hant":
        from suzhou_news.builder.ingest.script import Converter

        html = Converter("s2t").t2s(html)
    return html


def _build(tmp_path, raw, name="out", **kw):
    config = BuildConfig(raw_dir=raw, out_dir=tmp_path / name, manifest=tmp_path / f"{name}.json",
                         annotations_dir=None, guidelines=None, update_manifest=False, **{"workers": 1, **kw})
    build(config)
    return tmp_path / name


def _titles(out):
    table = pq.read_table(sorted((out / "documents").rglob("*.parquet")), columns=["title", "original_title"])
    return sorted(table.column("title").to_pylist()), sorted(table.column("original_title").to_pylist())


def _folder(raw, pages):
    raw.mkdir()
    for n, html in enumerate(pages):
        (raw / f"p{n}.html").write_text(html, encoding="utf-8")


def _jsonl(raw, pages):
    raw.mkdir()
    rows = [{"url": f"https://www.suyin.example.cn/news/{n}.html", "html": html} for n, html in enumerate(pages)]
    (raw / "dump.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _warc(raw, pages):
    raw.mkdir()
    write_warc(raw / "crawl.warc.gz", [("response", f"http://www.suyin.example.cn/{n}.html", "text/html; charset=utf-8",
                                        "200 OK", html.encode("utf-8")) for n, html in enumerate(pages)], True)


@pytest.mark.parametrize("write", [_folder, _jsonl, _warc], ids=["html", "jsonl", "warc"])
def test_three_pages_of_one_site_lose_its_name(tmp_path, write):
    """The name ends three different headlines, so it is the site's: cut from every title, listed in the
    report, and each changed title's audit line keeps what it was."""
    write(tmp_path / "raw", [page(h) for h in HEADLINES])
    out = _build(tmp_path, tmp_path / "raw")
    assert _titles(out)[0] == sorted(HEADLINES)
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert [v["end"] for v in report["site_names"]["learned"].values()] == [[SITE]]
    assert report["site_names"]["titles_changed"] == 3
    audit = [e for e in read_audit(out) if e["status"] == "included"]
    assert sorted(e["title"] for e in audit) == sorted(HEADLINES)
    assert {e["title_before_site_names"] for e in audit} == {f"{h}_{SITE}" for h in HEADLINES}


def test_one_page_alone_keeps_the_name(tmp_path):
    """Nothing is learned from one page: the name stays (the page alone cannot tell it from the headline)."""
    _folder(tmp_path / "raw", [page(HEADLINES[0])])
    out = _build(tmp_path, tmp_path / "raw")
    assert _titles(out)[0] == [f"{HEADLINES[0]}_{SITE}"]
    assert json.loads((out / "build-report.json").read_text(encoding="utf-8"))["site_names"] == {
        "learned": {}, "titles_changed": 0}


def test_pages_of_other_hosts_teach_nothing(tmp_path):
    """Grouped by host: two hosts with one page each share the ending, and neither learns it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"url": f"https://site{n}.example.cn/a.html", "html": page(h)} for n, h in enumerate(HEADLINES[:2])]
    (raw / "dump.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert _titles(_build(tmp_path, raw))[0] == sorted(f"{h}_{SITE}" for h in HEADLINES[:2])


def test_a_site_banner_read_as_the_headline_is_replaced(tmp_path):
    """The banner line is a run of the <title>'s parts, so the page alone takes it for the headline; once the
    crawl shows it is the site's name, the <title> without it is the title."""
    _folder(tmp_path / "raw", [page(h, banner=True) for h in HEADLINES])
    single = tmp_path / "single"
    _folder(single, [page(HEADLINES[0], banner=True)])
    assert _titles(_build(tmp_path, single, "one"))[0] == [SITE]  # what a page alone gives
    assert _titles(_build(tmp_path, tmp_path / "raw"))[0] == sorted(HEADLINES)


def test_traditional_pages_cut_both_titles(tmp_path):
    """``original_title`` is cut in the page's script and ``title`` is its Simplified form."""
    _folder(tmp_path / "raw", [page(h, script="hant") for h in HEADLINES])
    titles, originals = _titles(_build(tmp_path, tmp_path / "raw"))
    assert titles == sorted(HEADLINES)
    assert originals != titles and not any(SITE in t or "蘇州銀行之聲" in t for t in originals)


def test_shards_and_workers_give_the_same_result(tmp_path):
    """Each page in its own shard: two workers write the same bytes as one, and the same titles as one shard."""
    _folder(tmp_path / "raw", [page(h) for h in HEADLINES])
    one = _build(tmp_path, tmp_path / "raw", "one", shards=1)
    three = [_build(tmp_path, tmp_path / "raw", f"three-{w}", shards=3, workers=w) for w in (1, 2)]
    files = sorted(p.relative_to(three[0]) for p in three[0].rglob("*.parquet"))
    assert len(files) > 2 and all((three[0] / f).read_bytes() == (three[1] / f).read_bytes() for f in files)
    assert _titles(three[0]) == _titles(one) and _titles(one)[0] == sorted(HEADLINES)


def test_an_exact_duplicate_does_not_count_twice(tmp_path):
    """The same page saved twice is one page of evidence: nothing is learned."""
    _folder(tmp_path / "raw", [page(HEADLINES[0]), page(HEADLINES[0])])
    out = _build(tmp_path, tmp_path / "raw")
    assert _titles(out)[0] == [f"{HEADLINES[0]}_{SITE}"]


def test_learning_needs_different_headlines():
    """An ending under one headline only (the same page under two URLs) is not learned; under two, it is."""
    assert learn([("s", ("同一个标题", SITE)), ("s", ("同一个标题", SITE))]) == {}
    assert learn([("s", ("甲标题", SITE)), ("s", ("乙标题", SITE))]) == {"s": SiteParts(end=frozenset({SITE}))}


def test_channel_before_the_site_is_learned_when_it_repeats():
    learned = learn([("s", (h, "读书频道", "某某门户")) for h in ("第一篇文章标题", "第二篇文章标题")])
    assert learned["s"].end == {"读书频道", "某某门户"}
    assert cut_learned("第三篇文章标题_读书频道_某某门户", learned["s"]) == "第三篇文章标题"


def test_a_leading_part_is_never_cut_when_it_is_the_longest():
    """The same headline under two channels: its headline repeats at the start but is not cut."""
    learned = learn([("s", ("苏州园林入选名录", c, SITE)) for c in ("旅游版", "新闻版")])
    assert learned["s"].start == {"苏州园林入选名录"}
    assert cut_learned(f"苏州园林入选名录_旅游版_{SITE}", learned["s"]) == "苏州园林入选名录_旅游版"


def test_a_leading_column_name_is_cut():
    learned = learn([("s", ("法国报纸摘要", h)) for h in ("马克龙访问非洲三国", "巴黎举行大规模游行", "法国经济增速放缓")])
    assert learned["s"].start == {"法国报纸摘要"} and not learned["s"].end
    assert cut_learned("法国报纸摘要 - 里昂举办灯光节吸引游客", learned["s"]) == "里昂举办灯光节吸引游客"


def test_retitle_keeps_what_it_cannot_improve():
    site = SiteParts(end=frozenset({SITE}))
    assert retitle(None, False, None, site) is None
    assert retitle("没有站名的标题", False, "没有站名的标题", site) is None
    assert retitle(SITE, False, SITE, site) is None  # the only part is kept
    assert retitle("页面上的标题", True, f"页面上的标题_{SITE}", site) is None  # a headline the page shows stays
    assert retitle(SITE, True, f"真正的标题_{SITE}", site) == "真正的标题"


def test_on_the_real_pages_only_the_repeated_site_names_are_learned(tmp_path):
    """The 50 real pages built as one folder (skipped without ../shared): of their <title>s, only 搜狐财经 and
    新浪网 end two different headlines; the two blog pages under one `海姑娘 | blog…` title and the pages whose
    whole <title> is 网易娱乐 teach nothing."""
    from pathlib import Path

    pages = Path(__file__).resolve().parents[3] / ".." / "shared" / "extraction-dev" / "pages"
    if not pages.is_dir():
        pytest.skip(f"{pages} is absent (the real pages are not in the repository)")
    report = json.loads((_build(tmp_path, pages) / "build-report.json").read_text(encoding="utf-8"))
    assert report["site_names"]["learned"] == {"folder:.": {"end": ["搜狐财经", "新浪网"], "start": []}}
