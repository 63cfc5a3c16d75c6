"""A crawl built with the defaults and no gold for its pages validates, and every config its card
declares loads with ``datasets.load_dataset``: for a folder of HTML pages, a WARC archive, a JSONL dump."""

import json

import pytest
import yaml

from tests.fixtures.html_pages import portal_pages
from suzhou_news.cli import main
from tests.builder.ingest.test_crawl_readers import crawl_records, write_warc


def _html(raw):
    for page in portal_pages()[:3]:
        (raw / f"{page.site}.html").write_bytes(page.html)


def _warc(raw):
    write_warc(raw / "crawl.warc.gz", crawl_records(), True)


def _jsonl(raw):
    rows = [{"url": f"https://news.example.cn/{p.site}.html", "html": p.html.decode(p.encoding)}
            for p in portal_pages()[:3]]
    (raw / "dump.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _declared(out):
    header = (out / "README.md").read_text(encoding="utf-8").split("---\n")[1]
    return {c["config_name"]: {d["split"] for d in c["data_files"]} for c in yaml.safe_load(header)["configs"]}


@pytest.mark.parametrize("write", [_html, _warc, _jsonl], ids=["html", "warc", "jsonl"])
def test_crawl_without_gold_builds_validates_and_loads(tmp_path, monkeypatch, capsys, write):
    """The default paths (``data/raw``, ``data/annotations``, ``data/splits.json``, ``dist/suzhou-news``),
    an annotations folder with a file for another document only: no gold config is declared without files."""
    monkeypatch.chdir(tmp_path)
    raw, annotations = tmp_path / "data" / "raw", tmp_path / "data" / "annotations"
    raw.mkdir(parents=True)
    annotations.mkdir()
    (annotations / "some-other-article.txt").write_text("苏州 今天 晴 。\n", encoding="utf-8")
    write(raw)
    assert main(["build", "--workers", "1"]) == 0
    out = tmp_path / "dist" / "suzhou-news"
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0, "".join(capsys.readouterr())
    declared = _declared(out)
    assert {"documents", "sentences"} <= set(declared) and not {"segmentation", "ner"} & set(declared)
    from datasets import load_dataset

    for config, splits in declared.items():
        ds = load_dataset(str(out), config)
        assert set(ds) == splits and all(len(ds[s]) > 0 for s in splits), config
