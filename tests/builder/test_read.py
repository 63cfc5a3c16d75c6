"""Stage 1: decoding raw files, with the codec recorded and bad files excluded by reason."""

import codecs

import pytest

from builder.ingest.read import BINARY, EMPTY, UNDECODABLE, Excluded, RawText, iter_raw_files, read_raw
from builder.errors import InputError

SIMP = "苏州市委常委会召开会议，学习贯彻省两会精神，扎实做好今年各项工作。"
TRAD = "蘇州市委常委會召開會議，學習貫徹省兩會精神，紮實做好今年各項工作。"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMP.encode("utf-8"), SIMP, "utf-8"),
        (codecs.BOM_UTF8 + SIMP.encode("utf-8"), SIMP, "utf-8-sig"),
        (SIMP.encode("utf-16"), SIMP, "utf-16"),
        (codecs.BOM_UTF16_BE + SIMP.encode("utf-16-be"), SIMP, "utf-16"),
        (SIMP.encode("gb18030"), SIMP, "gb18030"),
        (SIMP.encode("gbk"), SIMP, "gb18030"),
        (TRAD.encode("big5"), TRAD, "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030", "gbk", "big5"],
)
def test_decodes_each_encoding_and_records_it(tmp_path, data, text, encoding):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    got = read_raw(path)
    assert isinstance(got, RawText)
    assert got.text == text
    assert got.encoding == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", EMPTY), (b"  \n\n ", EMPTY), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BINARY),
     (bytes(range(0x80, 0x100)) * 4, UNDECODABLE)],
    ids=["empty", "blank", "binary", "undecodable"],
)
def test_bad_files_are_excluded_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    got = read_raw(path)
    assert isinstance(got, Excluded)
    assert got.reason == reason
    assert got.detail


def test_crlf_is_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一行\r\n第二行\r".encode())
    assert read_raw(path).text == "第一行\n第二行\n"


def test_iter_raw_files_is_sorted_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_raw_files(tmp_path)] == ["b.txt", "sub/a.txt"]


def test_missing_raw_folder_names_it(tmp_path):
    with pytest.raises(InputError, match="nowhere"):
        iter_raw_files(tmp_path / "nowhere")
