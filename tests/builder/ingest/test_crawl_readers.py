"""Crawl input readers: kind recognition, file ids, HTML files, WARC archives and JSONL dumps."""

import gzip
import io
import json
import textwrap

import pytest

from suzhou_news.builder.ingest.pages import LeftOut, Page, record_id
from suzhou_news.builder.ingest.sources import READERS, input_kind, read_source

ARTICLE = textwrap.dedent("""\
    <!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_苏州新闻网</title></head><body>
    <div class="nav"><a>首页</a><a>时政</a><a>财经</a><a>体育</a></div>
    <h1>{title}</h1><div class="info">2023-02-03 09:15 来源：苏州日报</div>
    <div class="content"><p>苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展，市委书记出席会议并讲话。</p>
    <p>与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，加快建设现代化产业体系。</p>
    <p>会议还对下一阶段的重点工作作出部署，要求各地各部门压实责任、狠抓落实。</p></div>
    <p>（责任编辑：王小明）</p><div class="footer">Copyright 2023 苏州新闻网 版权所有</div></body></html>""")


def article(title="苏州市召开全市高质量发展推进大会", charset="utf-8"):
    return ARTICLE.format(title=title, charset=charset)


def _read(path, rel=None):
    return list(read_source(path, rel or path.name))


@pytest.mark.parametrize("name,content,kind", [
    ("a.html", b"<!DOCTYPE html><html><body></body></html>", "html"),
    ("a.txt", b"<!doctype html>\n<html><body></body></html>", "html"),
    ("page", b"  <html lang='zh'><body></body></html>", "html"),
    ("a.htm", "<div><p>片段</p></div>".encode(), "html"),
    ("a.txt", "<p>正文里的标签</p>\n".encode(), "txt"),
    ("a.dat", b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
    ("a.jsonl", b"not json\n", "jsonl"),
    ("dump", '{"text": "正文"}\n'.encode(), "jsonl"),
    ("a.txt", "苏州市召开会议。\n".encode(), "txt"),
    ("a.html.gz", gzip.compress(b"<html><body></body></html>"), "html"),
    ("x.gz", gzip.compress(b"WARC/1.0\r\n"), "warc"),
    ("a.warc.gz", b"\x1f\x8b broken", "warc"),
])
def test_input_kind_content_first_extension_second(tmp_path, name, content, kind):
    """A definite content signature wins; an ambiguous content (fragment, bad first line) goes by extension."""
    path = tmp_path / name
    path.write_bytes(content)
    assert input_kind(path) == kind
    assert input_kind(path, content) == kind  # the same from the bytes already read


def test_txt_and_html_with_one_stem_both_kept(tmp_path):
    """people1.txt keeps its id; every .html name is folded with its extension and hashed (ids.file_id)."""
    (tmp_path / "people1.txt").write_text("标题\n苏州市召开会议，部署全年工作任务，动员全市上下共同努力。\n", encoding="utf-8")
    (tmp_path / "people1.html").write_text(article(), encoding="utf-8")
    (tmp_path / "other.html").write_text(article(), encoding="utf-8")
    ids = {p.name: _read(p)[0].id_hint for p in sorted(tmp_path.iterdir())}
    assert ids["people1.txt"] == "people1"
    assert ids["people1.html"].startswith("people1_html-") and ids["other.html"].startswith("other_html-")
    assert len(set(ids.values())) == 3


def test_gbk_html_page_read_with_its_meta_charset(tmp_path):
    """A GBK page: decoded by its <meta charset>, title from the headline, date from the visible line."""
    path = tmp_path / "gb.html"
    path.write_bytes(article(charset="gbk").encode("gbk"))
    [page] = _read(path)
    assert isinstance(page, Page) and page.source_format == "html" and page.encoding == "gb18030"
    assert page.meta.title == "苏州市召开全市高质量发展推进大会"
    assert page.meta.published == "2023-02-03T09:15"
    assert "<" not in page.text and "首页" not in page.text


def test_gzipped_html_and_a_broken_gzip(tmp_path):
    """`.html.gz` is read like `.html`; a file that is not whole gzip is skipped as `bad_gzip`."""
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(article().encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(article().encode())[:60])
    [good] = _read(tmp_path / "a.html.gz")
    [bad] = _read(tmp_path / "b.html.gz")
    assert isinstance(good, Page) and good.id_hint.startswith("a_html_gz-")
    assert isinstance(bad, LeftOut) and bad.reason == "bad_gzip" and "b.html.gz" in bad.detail


def test_empty_html_file_is_excluded(tmp_path):
    (tmp_path / "e.html").write_bytes(b"")
    [got] = _read(tmp_path / "e.html")
    assert isinstance(got, LeftOut) and got.reason == "empty_file"


def test_record_ids():
    """Given id, else host + last path segment + short hash of the URL, else file stem + record number."""
    url = "http://www.people.com.cn/n1/2023/0203/c1001-32616.html"
    assert record_id("ab/c 1", url, "crawl", 3) == "ab_c_1"
    made = record_id(None, url, "crawl", 3)
    assert made.startswith("people_com_cn_c1001-32616-") and len(made.rsplit("-", 1)[1]) == 8
    assert made != record_id(None, url + "?page=2", "crawl", 3)
    assert record_id(None, None, "crawl", 3) == "crawl-00003"


# --- WARC ---------------------------------------------------------------------------------------

def write_warc(path, records, compress):
    """Write a WARC with warcio: ``records`` are (type, url, content_type, status, payload bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for n, (rtype, url, ctype, status, payload) in enumerate(records):
            http = None
            if rtype == "response":
                http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            elif rtype == "request":
                http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "www.example.cn")], is_http_request=True)
            warc_headers = {"WARC-Date": f"2023-02-0{n + 1}T10:00:00Z"}
            if rtype == "resource":
                warc_headers["Content-Type"] = ctype
            writer.write_record(writer.create_warc_record(url, rtype, payload=io.BytesIO(payload), length=len(payload),
                                                          http_headers=http, warc_headers_dict=warc_headers))


def crawl_records():
    a = "http://www.example.cn/news/2023/a1.html"
    b = "http://www.example.cn/news/2023/b2.html"
    return [
        ("request", a, None, None, b""),
        ("response", a, "text/html; charset=utf-8", "200 OK", article().encode("utf-8")),
        ("response", "http://www.example.cn/logo.png", "image/png", "200 OK", b"\x89PNG\r\n\x1a\n"),
        ("response", "http://www.example.cn/gone.html", "text/html", "404 Not Found", b"<html>gone</html>"),
        # GBK, and only the HTTP header says so
        ("response", b, "text/html; charset=gbk", "200 OK",
         article("吴江运河文化带建设提速").replace('<meta charset="utf-8">', "").encode("gbk")),
    ]


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_pages(tmp_path, compress):
    """Each HTML 200 response is an article with its URL, WARC-Date and HTTP charset; requests, images
    and the 404 are counted in one `non_html_records` entry."""
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_warc(path, crawl_records(), compress)
    got = _read(path)
    pages = [g for g in got if isinstance(g, Page)]
    assert [p.meta.url for p in pages] == ["http://www.example.cn/news/2023/a1.html",
                                           "http://www.example.cn/news/2023/b2.html"]
    assert [p.record for p in pages] == [2, 5]
    assert [p.meta.fetched for p in pages] == ["2023-02-02T10:00:00Z", "2023-02-05T10:00:00Z"]
    assert pages[1].encoding == "gb18030" and pages[1].meta.title == "吴江运河文化带建设提速"
    assert pages[0].id_hint.startswith("example_cn_a1-") and all(p.source_format == "warc" for p in pages)
    [skipped] = [g for g in got if isinstance(g, LeftOut)]
    assert skipped.reason == "non_html_records"
    assert "3 records" in skipped.detail and "1 request" in skipped.detail and "response image/png" in skipped.detail
    assert "response status 404" in skipped.detail


def test_truncated_warc_gz_keeps_earlier_records_and_gives_the_offset(tmp_path):
    """An archive cut inside its last record: the records before it are read, the break's byte offset
    is reported as `truncated_archive`."""
    full = tmp_path / "full.warc.gz"
    records = [r for r in crawl_records() if r[0] == "response" and r[3] == "200 OK" and "html" in r[2]] * 2
    write_warc(full, records, True)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])
    got = _read(cut)
    assert [g.record for g in got if isinstance(g, Page)] == [1, 2, 3]
    [broken] = [g for g in got if isinstance(g, LeftOut)]
    assert broken.reason == "truncated_archive" and broken.record == 4
    offset = int(broken.detail.split("byte offset ")[1].split()[0])
    assert 0 < offset < len(data) - 200
    # the offset is where the fourth record starts: reading from there gives that record's gzip member
    assert gzip.decompress(data[offset:]).startswith(b"WARC/")


def test_truncated_plain_warc_is_reported(tmp_path):
    """An uncompressed archive cut inside a record's payload: earlier records kept, the cut record not."""
    full = tmp_path / "full.warc"
    write_warc(full, [r for r in crawl_records() if r[1].endswith("a1.html") and r[0] == "response"] * 2, False)
    data = full.read_bytes()
    (tmp_path / "cut.warc").write_bytes(data[:-150])
    got = _read(tmp_path / "cut.warc")
    assert [type(g).__name__ for g in got] == ["Page", "LeftOut"]
    assert got[1].reason == "truncated_archive" and got[1].record == 2


# --- JSONL --------------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path):
    """HTML and text lines become pages; bad lines are reported by line number; the others are kept."""
    lines = [
        json.dumps({"url": "http://www.example.cn/a.html", "html": article(), "fetched": "2023-02-03T10:00:00Z"},
                   ensure_ascii=False),
        '{"text": "broken',
        json.dumps({"id": "given-1", "title": "太仓中德合作再结硕果", "published": "2023年08月30日 15:00",
                    "text": "太仓市举行中德合作项目签约仪式，三家德国企业的新项目正式落户太仓高新区。\n"
                            "签约企业代表表示，看中了太仓完善的产业配套和高效的政务服务。"}, ensure_ascii=False),
        "",
        json.dumps({"url": "http://www.example.cn/b.html"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "正文", "title": 7}),
    ]
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    got = _read(path)
    pages = [g for g in got if isinstance(g, Page)]
    bad = {g.record: g for g in got if isinstance(g, LeftOut)}
    assert [p.record for p in pages] == [1, 3]
    assert pages[0].meta.url == "http://www.example.cn/a.html" and pages[0].meta.fetched == "2023-02-03T10:00:00Z"
    assert pages[1].id_hint == "given-1" and pages[1].meta.published == "2023-08-30T15:00"
    assert pages[1].text.startswith("太仓中德合作再结硕果\n")
    assert sorted(bad) == [2, 5, 6, 7] and all(b.reason == "bad_jsonl_line" for b in bad.values())
    assert "line 2: not JSON" in bad[2].detail
    assert 'no non-empty "html" or "text"' in bad[5].detail
    assert "not an object" in bad[6].detail and "'title' is not a string" in bad[7].detail


def test_truncated_jsonl_gz_keeps_the_lines_before_the_break(tmp_path):
    """A gzipped dump cut short: the whole lines before the break are pages, the break is reported."""
    text = "\n".join(json.dumps({"id": f"n{i}", "text": "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。"
                                 + "x" * 200 * i}, ensure_ascii=False) for i in range(1, 40))
    data = gzip.compress(text.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 40])
    got = _read(path)
    pages = [g for g in got if isinstance(g, Page)]
    [broken] = [g for g in got if isinstance(g, LeftOut)]
    assert broken.reason == "truncated_archive" and broken.record == len(pages) + 1
    assert [p.id_hint for p in pages] == [f"n{i}" for i in range(1, len(pages) + 1)] and len(pages) >= 30


def test_warc_resource_records_and_responses_without_content_type(tmp_path):
    """A `resource` record holding HTML (as saved-page tools write) is an article; a response without a
    Content-Type is one when its payload opens an HTML document, and is counted otherwise."""
    path = tmp_path / "saved.warc"
    write_warc(path, [("resource", "http://www.example.cn/r.html", "text/html; charset=utf-8", None,
                       article().encode("utf-8")),
                      ("response", "http://www.example.cn/n.html", "", "200 OK", article().encode("utf-8")),
                      ("response", "http://www.example.cn/d.bin", "", "200 OK", b"\x00\x01binary")], False)
    got = _read(path)
    assert [g.meta.url for g in got if isinstance(g, Page)] == ["http://www.example.cn/r.html",
                                                                "http://www.example.cn/n.html"]
    [counted] = [g for g in got if isinstance(g, LeftOut)]
    assert counted.reason == "non_html_records" and "1 response without a content type" in counted.detail


# --- reading once ---------------------------------------------------------------------------------

def _every_kind(folder):
    """One file of each kind and shape a reader takes: text, HTML (GBK, gzipped, broken gzip), WARC
    (plain, gzipped, cut short), JSONL (a bad line; gzipped and cut short)."""
    (folder / "a.txt").write_bytes("苏州市召开会议。\n".encode("gb18030") + b"\xff tail\n")
    (folder / "gb.html").write_bytes(article(charset="gbk").encode("gbk"))
    (folder / "a.html.gz").write_bytes(gzip.compress(article().encode()))
    (folder / "b.html.gz").write_bytes(gzip.compress(article().encode())[:60])
    write_warc(folder / "c.warc", crawl_records(), False)
    write_warc(folder / "c.warc.gz", crawl_records(), True)
    (folder / "cut.warc").write_bytes((folder / "c.warc").read_bytes()[:-300])
    good = json.dumps({"id": "j1", "text": "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。"}, ensure_ascii=False)
    (folder / "d.jsonl").write_text(f"{good}\n{{oops\n", encoding="utf-8")
    (folder / "e.jsonl.gz").write_bytes(gzip.compress(f"{good}\n{good}\n".encode() * 40)[:-30])
    return sorted(folder.iterdir())


def test_a_reader_given_the_bytes_yields_what_it_yields_reading_the_file(tmp_path):
    """read_source reads a file once and hands the bytes to the reader: every reader gives the same pages
    and skipped entries (ids, text, codec, offsets, messages) from those bytes as from the file itself."""
    for path in _every_kind(tmp_path):
        data = path.read_bytes()
        kind = input_kind(path)
        from_file = list(READERS[kind](path, path.name, None))
        assert from_file and list(READERS[kind](path, path.name, data)) == from_file, path.name
        assert _read(path) == from_file, path.name
