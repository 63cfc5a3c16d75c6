"""Bounded work per input (issue 20): every page limit counts decompressed bytes, each WARC record and
each JSONL line, and input is read in bounded chunks. Each case is replayed with tiny generated input;
memory is shown bounded by what the readers ask for (and, for the bombs, by the traced peak), never by time."""

import gzip
import io
import json
import tracemalloc

import pytest

from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.bounded import CHUNK, TooLarge, read_at_most, readline_at_most
from suzhou_news.builder.ingest.leftout import REASONS, LeftOut
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.sources import read_source

PARAGRAPH = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展，市委书记出席会议并讲话。"
HTML = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>苏州新闻</title></head><body><h1>苏州新闻</h1>"
        f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></body></html>")


class Spy(io.RawIOBase):
    """A stream of ``size`` zero bytes that records every size asked of it."""

    def __init__(self, size: int):
        self.left, self.asked = size, []

    def readable(self):
        return True

    def readinto(self, buffer):
        self.asked.append(len(buffer))
        n = min(len(buffer), self.left)
        buffer[:n] = b"x" * n
        self.left -= n
        return n


def test_read_at_most_never_asks_for_more_than_a_chunk_and_stops_past_the_limit():
    """A 100 MiB stream with a 1 MiB limit: TooLarge after limit + 1 bytes, each read at most one chunk."""
    spy = Spy(100 * 1024 * 1024)
    with pytest.raises(TooLarge) as big:
        read_at_most(spy, 1024 * 1024)
    assert max(spy.asked) <= CHUNK and sum(spy.asked) <= 1024 * 1024 + CHUNK
    assert big.value.size == 1024 * 1024 + 1 and not big.value.exact
    assert read_at_most(io.BytesIO(b"abc"), 3) == b"abc"


def test_readline_at_most_reads_a_long_line_through_and_lands_on_the_next():
    fh = io.BytesIO(b"short\n" + b"y" * 5000 + b"\nnext\n")
    assert readline_at_most(fh, 100) == b"short\n"
    with pytest.raises(TooLarge) as big:
        readline_at_most(fh, 100)
    assert big.value.size == 5000 and big.value.exact
    assert readline_at_most(fh, 100) == b"next\n" and readline_at_most(fh, 100) == b""


def test_an_html_file_over_the_limit_is_refused_from_its_size_without_reading_it(tmp_path):
    """The 20 MB ``.html`` case: too_large with its size (a sparse file: nothing is read)."""
    path = tmp_path / "big.html"
    with path.open("wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body><p>")
        fh.truncate(20 * 1000 * 1000)
    (got,) = read_source(path, "big.html")
    assert isinstance(got, LeftOut) and got.reason == "too_large" and "20000000 bytes" in got.detail


def _bomb(payload_size: int, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """gzip of ``prefix`` + ``payload_size`` spaces + ``suffix``, compressed piece by piece (little memory)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(prefix)
        block = b" " * CHUNK
        for _ in range(payload_size // CHUNK):
            gz.write(block)
        gz.write(suffix)
    return out.getvalue()


def test_an_html_gzip_bomb_stops_at_the_limit_with_memory_bounded(tmp_path):
    """A small ``.html.gz`` expanding to 64 MiB (8 times the limit): too_large, and the traced peak stays
    under twice the limit: the reader decompresses no further than the limit."""
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(_bomb(64 * 1024 * 1024, b"<!DOCTYPE html><html><body><p>", b"</p></body></html>"))
    assert path.stat().st_size < bounded.MAX_PAGE_BYTES
    tracemalloc.start()
    try:
        (got,) = read_source(path, "bomb.html.gz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(got, LeftOut) and got.reason == "too_large" and "once decompressed" in got.detail
    assert peak < 2 * bounded.MAX_PAGE_BYTES


def test_a_jsonl_gzip_bomb_line_is_left_out_and_the_next_line_kept(tmp_path):
    """One 16 MiB line (a gzip bomb inside ``.jsonl.gz``) between two good ones: that line is too_large with
    its line number and size, the others are articles."""
    good = json.dumps({"text": PARAGRAPH * 3, "id": "a"}, ensure_ascii=False).encode() + b"\n"
    path = tmp_path / "dump.jsonl.gz"
    size = 16 * 1024 * 1024
    path.write_bytes(gzip.compress(good, mtime=0) + _bomb(size, b'{"text": "', b'"}\n')
                     + gzip.compress(good.replace(b'"a"', b'"b"'), mtime=0))
    got = list(read_source(path, "dump.jsonl.gz"))
    assert [type(g).__name__ for g in got] == ["Page", "LeftOut", "Page"]
    assert got[1].reason == "too_large" and got[1].record == 2 and f"{size + 12} bytes" in got[1].detail
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]


def test_jsonl_lines_are_read_with_the_limit_not_whole(tmp_path, monkeypatch):
    """The reader never asks for more than the limit + 1 bytes of a line."""
    monkeypatch.setattr(bounded, "MAX_PAGE_BYTES", 1000)
    from suzhou_news.builder.ingest import jsonl

    spy = Spy(10**6)
    got = list(jsonl._lines(io.BufferedReader(spy, 4096), "x.jsonl", "x"))
    assert [g.reason for g in got] == ["too_large"] and max(spy.asked) <= CHUNK


@pytest.mark.parametrize("field", ["text", "html", "title", "url", "id", "author", "source", "published", "fetched"])
def test_a_lone_surrogate_in_any_jsonl_field_keeps_the_article_marked(tmp_path, field):
    """``"\\ud800"`` is valid JSON but not a character: it becomes U+FFFD, is listed as damage naming the
    field, and every text the page carries can be written as UTF-8."""
    row = {"text": PARAGRAPH * 3, "title": "标题", "url": "http://x.cn/a.html", "id": "a1"}
    if field == "html":
        row = {**row, "html": HTML.replace("苏州新闻</h1>", "苏州\ud800新闻</h1>")}
        del row["text"]
    else:
        row[field] = row.get(field, "2023-02-03") + "\ud800"
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="ascii")  # json.dumps escapes it as \ud800
    (page,) = read_source(path, "dump.jsonl")
    assert isinstance(page, Page)
    assert [d.detail.split(":")[0] for d in page.damage] == [f"field {field!r}"] and page.damage[0].line == 1
    json.dumps([page.text, *vars(page.meta).values(), page.id_hint], ensure_ascii=False).encode("utf-8")


def test_deeply_nested_json_on_a_jsonl_line_is_a_bad_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": PARAGRAPH}) + "\n")
    got = list(read_source(path, "deep.jsonl"))
    assert got[0].reason == "bad_jsonl_line" and "nested too deeply" in got[0].detail
    assert isinstance(got[1], Page)


def test_every_reason_code_is_registered_and_an_unknown_one_is_refused():
    assert all(code == code.lower() and text for code, text in REASONS.items())
    with pytest.raises(ValueError, match="unregistered reason code 'nope'"):
        LeftOut("a.txt", None, "nope", "")
