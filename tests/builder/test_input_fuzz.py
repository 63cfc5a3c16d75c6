"""Fuzzing the readers and importers (issue 20): whatever the input, each one returns, or raises one of
our :class:`SuzhouNewsError` subclasses (the command line prints it and exits 2); never another
exception. The crawl readers never raise at all: they give pages or entries left out, and every text
they give can be written as UTF-8.

Inputs are valid seeds (HTML, WARC, JSONL, SIGHAN, CoNLL, Label Studio, doccano) with random cuts,
flips and insertions, and random JSON built from the field names the readers look for. The number of
examples is bounded (and derandomized) so the file runs in seconds and the same way every time.
"""

import gzip
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suzhou_news.builder.corpora.base import Findings, ImportConfig, Source
from suzhou_news.builder.corpora.formats import get_reader
from suzhou_news.builder.gold import doccano, labelstudio
from suzhou_news.builder.gold.spans import SpanLine, line_from_spans
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.sources import read_source
from suzhou_news.errors import SuzhouNewsError

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

PARAGRAPH = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。"
HTML = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>苏州新闻</title></head><body><h1>苏州新闻</h1>"
        f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></body></html>").encode()


def _warc(compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for n in range(3):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://x.cn/a{n}.html", "response", payload=io.BytesIO(HTML),
                                                      http_headers=http))
    return out.getvalue()


JSONL = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (
    {"text": PARAGRAPH, "title": "标题", "id": "a"}, {"html": HTML.decode(), "url": "http://x.cn/b.html"})).encode()
SEEDS = {
    "page.txt": PARAGRAPH.encode() + b"\n",
    "page.html": HTML,
    "page.html.gz": gzip.compress(HTML, mtime=0),
    "crawl.warc": _warc(False),
    "crawl.warc.gz": _warc(True),
    "dump.jsonl": JSONL,
    "dump.jsonl.gz": gzip.compress(JSONL, mtime=0),
}


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` with up to 4 random edits: cut, flip a byte, insert bytes, drop a stretch."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["cut", "flip", "insert", "drop"]))
        if op == "cut":
            del data[at:]
        elif op == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(max_size=16) | st.sampled_from(
                [b"\x1f\x8b\x08", b"WARC/1.0\r\n", b"\r\n\r\n", b"\\ud800", b"\n", b'{"', b"[[[[",
                 b"Content-Encoding: br\r\n", b"Transfer-Encoding: chunked\r\n"]))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _utf8(*texts) -> None:
    for text in texts:
        if isinstance(text, str):
            text.encode("utf-8")  # a lone surrogate would fail here, as it would when the build writes it


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_crawl_readers_give_pages_or_entries_left_out_and_never_raise(folder, name, data):
    path = folder / name
    path.write_bytes(data.draw(mutated(SEEDS[name])))
    for got in read_source(path, name):
        assert isinstance(got, (Page, LeftOut))
        if isinstance(got, Page):
            _utf8(got.text, got.id_hint, *vars(got.meta).values())


SCALAR = st.none() | st.booleans() | st.integers(-3, 40) | st.sampled_from(
    ["", "苏州", "苏州市召开会议。", "W", "GPE", "PER", "entity", "word", "labels", "text", "\ud800", "苏\udc00州"])
KEYS = st.sampled_from(["data", "text", "sentence_id", "annotations", "result", "value", "start", "end", "labels",
                        "from_name", "to_name", "type", "id", "ground_truth", "was_cancelled", "completed_by",
                        "label", "entities", "start_offset", "end_offset", "meta", "annotation_approver", "html",
                        "url", "title"])
JSON = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
                    max_leaves=25)


def _check_lines(lines) -> None:
    """The next step of an import: each sentence's spans checked into words and entities."""
    for line in lines:
        try:
            line_from_spans(SpanLine(line.sentence_id, line.text, line.words or (), line.entities), line.where)
        except SuzhouNewsError:
            pass


def _returns_or_our_error(call) -> None:
    try:
        _check_lines(call())
    except SuzhouNewsError:
        pass


LS_SEED = json.dumps([{"id": 1, "data": {"text": "苏州市召开会议。", "sentence_id": "d-s0001"}, "annotations": [
    {"completed_by": 1, "result": [
        {"from_name": "word", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 3, "text": "苏州市", "labels": ["W"]}},
        {"from_name": "entity", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 3, "text": "苏州市", "labels": ["GPE"]}}]}]}], ensure_ascii=False).encode()
DOCCANO_SEED = (json.dumps({"text": "苏州市召开会议。", "sentence_id": "d-s0001", "label": [[0, 3, "GPE"]],
                            "annotation_approver": "a"}, ensure_ascii=False) + "\n").encode()


@FUZZ
@given(doc=st.lists(JSON, max_size=3) | st.lists(st.fixed_dictionaries(
    {"id": SCALAR, "data": st.fixed_dictionaries({"text": SCALAR, "sentence_id": SCALAR}) | JSON,
     "annotations": st.lists(st.dictionaries(KEYS, JSON, max_size=4) | JSON, max_size=2) | JSON}), max_size=3))
def test_label_studio_import_on_random_json(folder, doc):
    path = folder / "export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _returns_or_our_error(lambda: labelstudio.read_export(path))


@FUZZ
@given(data=st.data())
def test_label_studio_import_on_a_damaged_export(folder, data):
    path = folder / "export.json"
    path.write_bytes(data.draw(mutated(LS_SEED)))
    _returns_or_our_error(lambda: labelstudio.read_export(path))


@FUZZ
@given(rows=st.lists(JSON | st.fixed_dictionaries({"text": SCALAR, "sentence_id": SCALAR, "label": JSON}),
                     max_size=3), data=st.data())
def test_doccano_import_on_random_and_damaged_lines(folder, rows, data):
    path = folder / "e.jsonl"
    lines = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    path.write_bytes(lines + data.draw(mutated(DOCCANO_SEED)))
    _returns_or_our_error(lambda: doccano.read_export(path, words=path if data.draw(st.booleans()) else None))


CORPUS_SEEDS = {"sighan": "苏州  工业园区\r\n吴江　运河\n".encode(),
                "conll": "苏 B-GPE\n州 I-GPE\n市 E-GPE\n开 O\n\n一0 S-PER\n".encode()}


@pytest.mark.parametrize("fmt", sorted(CORPUS_SEEDS))
@FUZZ
@given(data=st.data())
def test_corpus_readers_on_damaged_files(folder, fmt, data):
    path = folder / f"corpus.{fmt}"
    path.write_bytes(data.draw(mutated(CORPUS_SEEDS[fmt])))
    scheme = data.draw(st.sampled_from(["bio", "bioes", "bmes"]))
    encoding = data.draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    config = ImportConfig(fmt, "fuzz", folder / "out", (("test", path),), scheme=scheme, encoding=encoding)
    try:
        get_reader(fmt).read(Source.of(path, "test"), config, Findings("repair"))
    except SuzhouNewsError:
        pass
