"""Stage 1: decoding raw files, with the codec recorded and bad files excluded by reason."""

import codecs

import pytest

from suzhou_news.builder.ingest.read import BINARY, EMPTY, UNDECODABLE, LeftOut, RawText, iter_raw_files, read_raw
from suzhou_news.errors import InputError

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
    assert isinstance(got, LeftOut)
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


GOOD = ("苏州市委常委会召开会议，学习贯彻省两会精神，扎实做好今年各项工作。\n"
        "会议强调，要坚持稳中求进工作总基调，推动经济运行持续向好。\n") * 3


def _read(tmp_path, data: bytes):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    return read_raw(path)


def test_nul_bytes_inside_a_good_article_keep_it_and_are_marked(tmp_path):
    """Finding 3: two NUL bytes between two characters of a good UTF-8 article → kept, one ␀ mark, damage listed."""
    data = GOOD.encode()
    at = 3 * GOOD.index("扎实")  # a character boundary in UTF-8 (Han and CJK punctuation are 3 bytes each)
    got = _read(tmp_path, data[:at] + b"\x00\x00" + data[at:])
    assert isinstance(got, RawText) and got.encoding == "utf-8"
    assert got.text == GOOD[: at // 3] + "\u2400" + GOOD[at // 3:]
    [d] = got.damage
    assert (d.byte, d.length, d.line, d.reason) == (at, 2, 1, "nul_bytes")


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_character_cut_at_the_end_keeps_the_article(tmp_path, codec):
    """Finding 3: the last multi-byte character cut off → kept, one U+FFFD where it was, damage at its byte."""
    data = GOOD.rstrip("\n").encode(codec)
    got = _read(tmp_path, data[:-1])
    assert isinstance(got, RawText) and got.encoding == codec
    assert got.text == GOOD.rstrip("\n")[:-1] + "\ufffd"
    [d] = got.damage
    assert d.reason == "invalid_bytes" and d.byte == len(data) - len("。".encode(codec)) and d.line == 6


def test_a_character_cut_in_the_middle_keeps_the_article(tmp_path):
    """One byte of a character missing mid-text: the damaged run is one U+FFFD, the rest decodes as UTF-8."""
    data = GOOD.encode()
    got = _read(tmp_path, data[:31] + data[32:])
    assert isinstance(got, RawText) and got.encoding == "utf-8"
    assert got.text.count("\ufffd") == 1 and len(got.text) == len(GOOD)
    assert [(d.byte, d.reason) for d in got.damage] == [(30, "invalid_bytes")]


def test_mixed_encodings_decode_each_line_and_report_it(tmp_path):
    """A UTF-8 page with one GBK line: both decoded, encoding 'utf-8+gb18030', the GBK line listed."""
    line = "无锡推进太湖综合治理工作会议召开，会议指出治太工作任务艰巨。\n"
    got = _read(tmp_path, GOOD.encode() + line.encode("gbk") + GOOD.encode())
    assert isinstance(got, RawText)
    assert got.text == GOOD + line + GOOD
    assert got.encoding == "utf-8+gb18030"
    assert [(d.line, d.reason) for d in got.damage] == [(7, "mixed_encoding")]


@pytest.mark.parametrize("data", [
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8,
    bytes((i * 7919) % 256 for i in range(4096)),
], ids=["zip", "noise"])
def test_genuinely_binary_files_are_still_excluded(tmp_path, data):
    """Lenient decoding does not let binary through: control bytes → binary_file, noise → undecodable/binary."""
    got = _read(tmp_path, data)
    assert isinstance(got, LeftOut) and got.reason in (BINARY, UNDECODABLE)


def test_a_file_mostly_damaged_is_undecodable(tmp_path):
    """More than 1% damaged bytes in every codec: excluded, not kept as a page of U+FFFD."""
    data = GOOD.encode()
    broken = bytes(b for i, b in enumerate(data) if i % 9)
    got = _read(tmp_path, broken)
    assert isinstance(got, LeftOut) and got.reason == UNDECODABLE


def test_unreadable_file_is_excluded_not_a_crash(tmp_path, monkeypatch):
    """Permission denied on open → excluded as unreadable with the OS message, not an exception."""
    import os

    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    real = os.open

    def deny(p, flags, *a, **kw):
        if str(p) == str(path):
            raise PermissionError(13, "Permission denied", str(p))
        return real(p, flags, *a, **kw)

    monkeypatch.setattr(os, "open", deny)
    got = read_raw(path)
    assert isinstance(got, LeftOut) and got.reason == "unreadable" and "Permission denied" in got.detail


def test_a_file_over_the_size_limit_is_excluded_before_reading(tmp_path, monkeypatch):
    """A file over MAX_PAGE_BYTES is excluded as too_large from its size alone (time and memory bounded)."""
    from suzhou_news.builder.ingest import bounded

    monkeypatch.setattr(bounded, "MAX_PAGE_BYTES", 100)
    got = _read(tmp_path, GOOD.encode())
    assert isinstance(got, LeftOut) and got.reason == "too_large" and "100-byte limit" in got.detail


def test_a_symlink_passed_to_read_raw_is_not_followed(tmp_path):
    """read_raw opens with O_NOFOLLOW: even called directly on a symlink it reads nothing."""
    (tmp_path / "real.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    got = read_raw(tmp_path / "link.txt")
    assert isinstance(got, LeftOut) and got.reason == "unreadable"
