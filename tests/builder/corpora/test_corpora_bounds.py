"""Importing a corpus reads it in chunks (issue 20): memory is bounded by the longest line, a line that
cannot be one sentence stops the import naming file and line, and decoding errors keep their exact line."""

import pytest

from suzhou_news.builder.corpora import base
from suzhou_news.builder.corpora.base import Source, read_lines
from suzhou_news.errors import InputError


def _source(tmp_path, data: bytes) -> Source:
    path = tmp_path / "corpus.utf8"
    path.write_bytes(data)
    return Source.of(path, "test")


def test_a_line_over_the_limit_stops_the_import_naming_file_and_line(tmp_path, monkeypatch):
    """The 200 MB single-line case, scaled down: the reader holds at most the limit plus one chunk."""
    monkeypatch.setattr(base, "MAX_LINE_CHARS", 100)
    monkeypatch.setattr(base, "CHUNK", 16)
    src = _source(tmp_path, "苏州  新闻\n".encode() + "字".encode() * 10_000 + b"\n")
    lines = read_lines(src, "utf-8")
    assert next(lines) == (1, "苏州  新闻")
    with pytest.raises(InputError, match=r"corpus.utf8: line 2 is over 100 characters"):
        next(lines)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")])
def test_chunked_reading_gives_the_lines_a_whole_read_gives(tmp_path, monkeypatch, chunk, encoding, bom):
    """Characters cut by a chunk boundary, CRLF ends, a BOM: the same lines at every chunk size."""
    monkeypatch.setattr(base, "CHUNK", chunk)
    text = "苏州  工业园区\r\n\r\n吴江　运河 文化带\n末行"
    src = _source(tmp_path, bom + text.encode(encoding))
    assert list(read_lines(src, encoding)) == [(1, "苏州  工业园区"), (2, ""), (3, "吴江　运河 文化带"), (4, "末行")]


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
def test_a_byte_that_is_not_text_is_named_by_its_line_at_any_chunk_size(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(base, "CHUNK", chunk)
    src = _source(tmp_path, "第一行\n第二行\n第三".encode() + b"\xff\xfe" + "行\n".encode())
    with pytest.raises(InputError, match=r"corpus.utf8: line 3: bytes b'\\xff.*are not utf-8"):
        list(read_lines(src, "utf-8"))
