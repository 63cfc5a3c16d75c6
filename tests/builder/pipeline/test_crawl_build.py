"""`build --raw DIR` over a folder that mixes the four input kinds: builds, validates, loads with datasets."""

import gzip
import json

import pytest

from tests.fixtures.html_pages import INDEX_PAGE, portal_pages
from suzhou_news.builder.checks.validate import validate_dir
from suzhou_news.builder.dataset.audit import read_audit
from suzhou_news.cli import main
from tests.builder.ingest.test_crawl_readers import crawl_records, write_warc
from test_pipeline import SIMPLIFIED as PEOPLE_TXT


@pytest.fixture(scope="module")
def crawl_build(tmp_path_factory):
    """A raw folder with a page-text dump and an HTML page sharing a stem, a gzipped GBK portal page,
    a list page, a WARC archive, and a JSONL dump with one bad line."""
    root = tmp_path_factory.mktemp("crawl")
    raw = root / "raw"
    raw.mkdir()
    pages = {p.site: p for p in portal_pages()}
    (raw / "people1.txt").write_text(PEOPLE_TXT, encoding="utf-8")
    (raw / "people1.html").write_bytes(pages["people"].html)
    (raw / "n163.htm.gz").write_bytes(gzip.compress(pages["163"].html))
    (raw / "index.html").write_text(INDEX_PAGE, encoding="utf-8")
    write_warc(raw / "crawl.warc.gz", crawl_records(), True)
    lines = [json.dumps({"url": "https://mp.weixin.qq.com/s/abc", "html": pages["wechat"].html.decode("utf-8")},
                        ensure_ascii=False),
             "{oops",
             json.dumps({"id": "gov-1", "title": "苏州市召开优化营商环境工作推进会", "published": "2023-12-01",
                         "text": "\n".join(pages["city_gov"].body)}, ensure_ascii=False)]
    (raw / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = root / "out"
    code = main(["build", "--raw", str(raw), "--out", str(out), "--manifest", str(root / "splits.json"),
                 "--no-annotations"])
    assert code == 0
    return out, pages


def _docs(out):
    from datasets import load_dataset

    files = {s: str(out / "documents" / f"{s}-*.parquet") for s in ("train", "test")
             if list((out / "documents").glob(f"{s}-*.parquet"))}
    ds = load_dataset("parquet", data_files=files)
    return {row["id"]: row for split in ds.values() for row in split}


def test_mixed_folder_validates(crawl_build):
    out, _ = crawl_build
    assert validate_dir(out) == []


def test_every_kind_is_in_documents_with_its_provenance(crawl_build):
    """people1.txt and people1.html both kept; WARC and JSONL records carry url, fetched, source_format."""
    out, pages = crawl_build
    docs = _docs(out)
    assert docs["people1"]["source_format"] == "txt" and docs["people1"]["url"] is None
    html = next(d for k, d in docs.items() if k.startswith("people1_html-"))
    assert html["source_format"] == "html" and html["encoding"] == "gb18030"
    assert html["title"] == pages["people"].title and html["published"] == "2023-02-03"
    assert next(d for k, d in docs.items() if k.startswith("n163_htm_gz-"))["title"] == pages["163"].title
    warc = [d for d in docs.values() if d["source_format"] == "warc"]
    assert sorted(d["url"] for d in warc) == ["http://www.example.cn/news/2023/a1.html",
                                              "http://www.example.cn/news/2023/b2.html"]
    assert {d["fetched"] for d in warc} == {"2023-02-02T10:00:00Z", "2023-02-05T10:00:00Z"}
    wechat = next(d for d in docs.values() if d["url"] == "https://mp.weixin.qq.com/s/abc")
    assert wechat["source_format"] == "jsonl" and wechat["title"] == pages["wechat"].title
    assert docs["gov-1"]["text"] == "\n".join(pages["city_gov"].body) and docs["gov-1"]["published"] == "2023-12-01"
    for doc in docs.values():
        assert "<" not in doc["text"] and "相关" not in doc["text"] and "版权所有" not in doc["text"]


def test_report_accounts_for_every_input(crawl_build):
    """The build report: one entry per article or skipped input, with reason codes and record numbers."""
    out, _ = crawl_build
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    files = read_audit(out)
    assert report["audit"] == "build-audit.jsonl"
    excluded = {(f["file"], f.get("record"), f["reason"]) for f in files if f["status"] == "excluded"}
    assert excluded == {("index.html", None, "no_article"), ("dump.jsonl", 2, "bad_jsonl_line"),
                        ("crawl.warc.gz", None, "non_html_records")}
    included = [f for f in files if f["status"] == "included"]
    assert {f["source_format"] for f in included} == {"txt", "html", "warc", "jsonl"}
    assert len(included) == 7
    assert all("record" in f for f in included if f["source_format"] in ("warc", "jsonl"))


def test_dataset_folder_loads_with_datasets(crawl_build):
    from datasets import load_dataset

    out, _ = crawl_build
    docs = load_dataset(str(out), "documents")
    assert set(docs["train"].features) >= {"url", "fetched", "source_format"}
    assert sum(len(s) for s in docs.values()) == 7


def test_rebuild_is_byte_identical(crawl_build):
    """The same crawl folder built again gives the same Parquet bytes."""
    out, _ = crawl_build
    again = out.parent / "again"
    assert main(["build", "--raw", str(out.parent / "raw"), "--out", str(again), "--manifest",
                 str(out.parent / "splits.json"), "--no-annotations"]) == 0
    first = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    assert first == sorted(p.relative_to(again) for p in again.rglob("*.parquet"))
    assert all((out / p).read_bytes() == (again / p).read_bytes() for p in first)
