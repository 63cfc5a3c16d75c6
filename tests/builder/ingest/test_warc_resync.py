"""WARC damage and limits (issue 20): after a damaged gzip member the reader finds the next member and
goes on; every loss is reported with its real byte offset; a record over the limit, or without a
Content-Length, gets a reason code and the other records are read."""

import gzip
import io

import pytest

from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.sources import read_source

PARAGRAPH = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展，市委书记出席会议并讲话。"


def page(n: int, filler: int = 0) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>标题{n}</title></head><body><h1>标题{n}</h1>"
            f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><!--{'x' * filler}--></div></body></html>"
            ).encode()


def record(n: int, payload: bytes | None = None, compress: bool = True) -> bytes:
    """One response record (one gzip member when ``compress``), written by warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(f"http://www.example.cn/a{n}.html", "response",
                                                  payload=io.BytesIO(payload or page(n)), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": "2023-02-03T10:00:00Z"}))
    return out.getvalue()


def _read(tmp_path, data: bytes, name: str = "crawl.warc.gz") -> list:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_source(path, name))


def test_a_member_cut_mid_way_loses_only_its_record(tmp_path):
    """The issue's case: member 2 cut in the middle, then a whole member 3: records 1 and 3 are articles and
    one truncated_archive names record 2, the offset where it starts and where reading resumed."""
    a, b, c = record(1), record(2), record(3)
    cut = b[: len(b) // 2]
    got = _read(tmp_path, a + cut + c)
    pages = [g for g in got if isinstance(g, Page)]
    assert [p.meta.url for p in pages] == ["http://www.example.cn/a1.html", "http://www.example.cn/a3.html"]
    assert [p.record for p in pages] == [1, 3]
    (lost,) = [g for g in got if isinstance(g, LeftOut)]
    assert lost.reason == "truncated_archive" and lost.record == 2
    assert f"byte offset {len(a)} " in lost.detail and f"resumed at byte offset {len(a) + len(cut)}" in lost.detail


def test_bit_rot_is_reported_at_its_real_offset(tmp_path):
    """Flipped bytes inside member 2: the CRC or inflate fails there; the offset is member 2's, not 0."""
    a, b, c = record(1), record(2), record(3)
    rotten = bytearray(b)
    for k in range(30, 50):
        rotten[k] ^= 0x55
    got = _read(tmp_path, a + bytes(rotten) + c)
    (lost,) = [g for g in got if isinstance(g, LeftOut)]
    assert lost.reason == "truncated_archive" and f"byte offset {len(a)} " in lost.detail
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]


def test_garbage_between_members_and_at_the_end_is_reported_and_passed(tmp_path):
    """Junk (with a false gzip magic in it) between members, and after the last: each stretch is one loss
    (counted as a record) at its offset; the false magic is passed over silently."""
    a, c, junk = record(1), record(3), b"\x00junk\x1f\x8b\x08junk"
    got = _read(tmp_path, a + junk + c + b"trailing")
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]
    lost = [g for g in got if isinstance(g, LeftOut)]
    assert [g.reason for g in lost] == ["truncated_archive", "truncated_archive"]
    assert f"byte offset {len(a)} " in lost[0].detail and f"resumed at byte offset {len(a) + len(junk)};" in lost[0].detail
    assert f"byte offset {len(a) + len(junk) + len(c)} " in lost[1].detail and "nothing after it" in lost[1].detail


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_record_without_content_length_gets_a_reason_code(tmp_path, compress):
    """No Content-Length: bad_warc_record, no traceback. In a .warc.gz the next member is read; in a plain
    .warc the records after it cannot be found, and the entry says so."""
    plain = gzip.decompress(record(2))
    broken = plain.replace(b"Content-Length: ", b"X-Content-Size: ", 1)
    data = (record(1) + gzip.compress(broken, mtime=0) + record(3)) if compress else \
        (record(1, compress=False) + broken)
    got = _read(tmp_path, data, "crawl.warc.gz" if compress else "crawl.warc")
    bad = [g for g in got if isinstance(g, LeftOut)]
    assert [g.reason for g in bad] == ["bad_warc_record"] and "record 2" in bad[0].detail
    assert "no Content-Length" in bad[0].detail
    assert [g.record for g in got if isinstance(g, Page)] == ([1, 3] if compress else [1])


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_record_over_the_limit_is_too_large_and_the_next_is_read(tmp_path, monkeypatch, compress):
    """The 50 MB record case, scaled down: with a 4 KiB limit, a record of 2 MiB is too_large with its
    Content-Length; the reader keeps no more than the limit of it (it is read through in chunks)."""
    monkeypatch.setattr(bounded, "MAX_PAGE_BYTES", 4096)
    monkeypatch.setattr("suzhou_news.builder.ingest.warc.HEADER_SLACK", 1024)
    big = record(2, page(2, filler=2 * 1024 * 1024), compress)
    got = _read(tmp_path, record(1, compress=compress) + big + record(3, compress=compress),
                "crawl.warc.gz" if compress else "crawl.warc")
    (large,) = [g for g in got if isinstance(g, LeftOut)]
    assert large.reason == "too_large" and large.record == 2 and "for one record" in large.detail
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]


def test_a_gzip_bomb_payload_inside_a_record_is_too_large(tmp_path, monkeypatch):
    """An HTTP payload sent gzip-encoded that expands past the limit: too_large once decompressed."""
    monkeypatch.setattr(bounded, "MAX_PAGE_BYTES", 64 * 1024)
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bomb = gzip.compress(b"<html><body>" + b" " * (4 * 1024 * 1024), mtime=0)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://www.example.cn/bomb.html", "response",
                                                  payload=io.BytesIO(bomb), http_headers=http))
    got = _read(tmp_path, record(1) + out.getvalue() + record(3))
    (large,) = [g for g in got if isinstance(g, LeftOut)]
    assert large.reason == "too_large" and large.record == 2 and "payload more than 65536 bytes" in large.detail
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]


def test_a_header_that_never_ends_is_too_large_not_memory(tmp_path, monkeypatch):
    """A member whose WARC header is one endless line (a gzip bomb of 8 MiB): too_large at the member's
    offset once the headers pass the limit; the next member is read."""
    monkeypatch.setattr(bounded, "MAX_PAGE_BYTES", 64 * 1024)
    monkeypatch.setattr("suzhou_news.builder.ingest.warc.HEADER_SLACK", 1024)
    endless = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * (8 * 1024 * 1024), mtime=0)
    a = record(1)
    got = _read(tmp_path, a + endless + record(3))
    (large,) = [g for g in got if isinstance(g, LeftOut)]
    assert large.reason == "too_large" and f"byte offset {len(a)}" in large.detail
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]


@pytest.mark.parametrize("encoding", ["gzip", "br", "deflate"])
def test_a_payload_that_cannot_be_decoded_is_left_out_not_a_traceback(tmp_path, encoding):
    """A ``Content-Encoding`` whose bytes are not what it says (warcio's decoders raise assorted errors):
    the record is one entry left out, the records around it are read."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", encoding)],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("http://www.example.cn/b.html", "response",
                                                  payload=io.BytesIO(b"\x00not encoded\xff" * 10), http_headers=http))
    got = _read(tmp_path, record(1) + out.getvalue() + record(3))
    assert [g.record for g in got if isinstance(g, Page)] == [1, 3]
    assert [g.record for g in got if isinstance(g, LeftOut)] == [2]
