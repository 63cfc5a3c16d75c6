"""The real-page extraction benchmark's scoring, on made-up pages (the real ones are in ../shared)."""

import json

from benchmarks.extraction_real import Counts, Gold, Output, body_counts, label_day, load, markdown, score


def test_body_counts_are_character_multisets_without_whitespace():
    """Spacing and line breaks do not count; a repeated character counts as often as it is in both."""
    got = body_counts("苏州 下雨。\n下雨", "苏州下雨。晴")
    assert got == Counts(tp=5, out=7, gold=6)
    assert (got.precision, got.recall) == (5 / 7, 5 / 6)
    assert abs(got.f1 - 2 * (5 / 7) * (5 / 6) / (5 / 7 + 5 / 6)) < 1e-12


def test_counts_with_nothing_to_score():
    assert Counts().precision is None and Counts().recall is None and Counts().f1 is None
    assert Counts(0, 5, 3).f1 == 0.0  # output and gold, nothing shared
    assert Counts(0, 0, 3).precision is None and Counts(0, 0, 3).f1 is None


def test_label_day():
    assert label_day("2005-5-7 21:23:57") == "2005-05-07"
    assert label_day("UNKNOWN") is None and label_day(None) is None


def test_score_micro_averages_and_counts_empty_dates_and_titles():
    golds = [Gold("a", b"", "甲乙丙丁", "2020-01-02", "标题甲"), Gold("b", b"", "戊己", None, None),
             Gold("c", b"", "庚辛壬癸", "2021-03-04", "标题丙")]
    outputs = [Output("甲乙丙丁戊", "标题甲", "2020-01-02T08:00"), Output(""), Output("庚辛", "别的", "2021-03-05")]
    row = score("x", golds, outputs, seconds=2.0)
    assert row.body == Counts(tp=6, out=7, gold=10)  # micro: summed over pages, the empty page's gold missed
    assert (row.empty, row.dates, row.dated, row.titles, row.titled) == (1, 1, 2, 1, 2)
    assert row.pages_per_cpu_second == 1.5


def test_load_and_table(tmp_path):
    """labels.jsonl + pages, titles from their own file; the table has a title column and the ratio to gne."""
    (tmp_path / "pages").mkdir()
    for i, body in (("p1", "正文一。"), ("p2", "正文二。")):
        (tmp_path / "pages" / f"{i}.html").write_bytes(f"<html><body><p>{body}</p></body></html>".encode())
    labels = [{"id": "p2", "page": "pages/p2.html", "date": "UNKNOWN", "author": "UNKNOWN", "cleaned": "正文二。"},
              {"id": "p1", "page": "pages/p1.html", "date": "2004-12-10", "author": "某", "cleaned": "正文一。"}]
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in labels) + "\n",
                                           encoding="utf-8")
    titles = tmp_path / "titles.jsonl"
    titles.write_text(json.dumps({"id": "p1", "title": "苏州标题(图)"}, ensure_ascii=False) + "\n", encoding="utf-8")
    golds = load(tmp_path, titles)
    assert [(g.id, g.day, g.title) for g in golds] == [("p1", "2004-12-10", "苏州标题(图)"), ("p2", None, None)]
    assert golds[0].html.startswith(b"<html>")
    assert all(g.title is None for g in load(tmp_path, tmp_path / "absent.jsonl"))
    rows = [score("gne.v1 bare", golds, [Output("正文一。", "苏州标题(图)"), Output("")], 1.0),
            score("build (x)", golds, [Output("正文一。", "苏州标题（图）"), Output("正文二。")], 0.5)]
    table = markdown(rows)
    # the build's title differs from the label only by the stated punctuation normalisation
    assert "| `gne.v1 bare` | 100.0 | 50.0 | 66.7 | 1/2 | 1/1 | 1/1 | 0/1 | 50.0% | 2.0 | 1.00x |" in table
    assert "| `build (x)` | 100.0 | 100.0 | 100.0 | 0/2 | 0/1 | 1/1 | 0/1 | 50.0% | 4.0 | 2.00x |" in table
    assert "| titles |" in table and "vs gne.v1 bare" in table


def test_checks_held_count_title_date_sentences_and_furniture():
    """The acceptance check's shape: title (up to the punctuation normalisation), date, sentences present,
    furniture absent, punctuation and spacing ignored."""
    from benchmarks.extraction_real import checks_held, furniture_strings, probe_sentences

    body = "第一句话说的是苏州的天气。第二句话说的是园林的历史！\n第三句话讲的是运河的未来。"
    assert probe_sentences(body) == ("第一句话说的是苏州的天气。", "第二句话说的是园林的历史！", "第三句话讲的是运河的未来。")
    page = ("<html><body><div>首页 | 新闻中心 | 苏州要闻频道</div><h1>苏州标题(图)</h1><p>" + body +
            "</p><div>相关阅读：园林门票价格调整</div><div>版权所有 苏州新闻网站</div></body></html>").encode()
    furniture = furniture_strings(page, body, "苏州标题(图)")
    assert furniture == ("首页 | 新闻中心 | 苏州要闻频道", "相关阅读：园林门票价格调整", "版权所有 苏州新闻网站")
    gold = Gold("p", page, body, "2020-01-02", "苏州标题(图)", probe_sentences(body), furniture)
    clean = Output(body.replace("。", ". "), "苏州标题（图）", "2020-01-02T08:00")
    assert checks_held(gold, clean) == (8, 8)
    leaky = Output("第一句话说的是苏州的天气 相关阅读:园林门票价格调整", "别的标题", None)
    assert checks_held(gold, leaky) == (3, 8)  # one sentence present, two furniture strings absent


def test_on_the_real_pages_the_build_beats_every_extractor_alone():
    """The development set of real pages (skipped without ../shared): the build beats gne, trafilatura,
    resiliparse and its own extractor (density.v1) bare on body F1, titles, dates and checks, and leaves no page
    out."""
    import pytest

    from benchmarks.extraction_real import DEFAULT_DIR, compare

    if not (DEFAULT_DIR / "labels.jsonl").is_file():
        pytest.skip(f"{DEFAULT_DIR} is absent (the real pages are not in the repository)")
    bare = ["gne.v1", "trafilatura.precision.v1", "resiliparse.v1", "density.v1"]
    rows = {r.system: r for r in compare(load(DEFAULT_DIR), bare, ["density.fallback.v1"], repeat=1)}
    built = rows.pop("build (density.fallback.v1)")
    assert built.empty == 0
    for name, bare in rows.items():
        assert built.body.f1 > bare.body.f1, name
        assert built.titles_punct > bare.titles_punct and built.dates > bare.dates and built.checks > bare.checks, name
