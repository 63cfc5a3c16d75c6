"""File name → document id (suzhou_news/builder/ingest/ids.py): one rule, names kept, no two names of a folder share an id."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suzhou_news.builder.ingest.ids import MAX_ID, file_id, sanitize_id


@pytest.mark.parametrize(("name", "expected"), [
    ("000_75e60fc438565b56.txt", "000_75e60fc438565b56"),
    ("其他.txt", "其他"),
    ("苏州2024-新闻.txt", "苏州2024-新闻"),
])
def test_clean_names_keep_their_stem(name, expected):
    """A .txt name whose stem is lower-case letters/digits of any script, _ and - is its own id (bundled ids kept)."""
    assert file_id(name) == expected


@pytest.mark.parametrize(("name", "prefix"), [
    ("名字.TXT", "名字-"),
    ("A.txt", "a-"),
    ("a b.txt", "a_b-"),
    ("a.html", "a_html-"),
    ("x..y.txt", "x_y-"),
    ("..a.txt", "a-"),
    ("苏州 新闻(1).txt", "苏州_新闻_1-"),
    ("（）.txt", "doc-"),
])
def test_other_names_are_folded_and_get_a_hash_of_the_name(name, prefix):
    """Upper case, spaces, dots, brackets, other extensions: folded, plus '-' and 8 hex digits of the name's hash."""
    got = file_id(name)
    assert got.startswith(prefix)
    suffix = got[len(prefix):]
    assert len(suffix) == 8 and all(c in "0123456789abcdef" for c in suffix)


def test_names_the_issue_found_colliding_get_distinct_ids():
    """Finding 5: 名字.TXT and 其他.txt both became 'doc'; a.txt and a.html, A.txt and a.txt shared an id."""
    assert file_id("名字.TXT") != file_id("其他.txt")
    assert "doc" not in (file_id("名字.TXT"), file_id("其他.txt"))
    assert len({file_id(n) for n in ("a.txt", "a.html", "A.txt", "a.TXT", "名字.txt", "名字.TXT")}) == 6


def test_sanitize_id_folds_to_the_id_alphabet():
    """sanitize_id is the folding half of the rule: NFC, lower case, other runs → _, never empty."""
    assert sanitize_id("Ａ  B..c") == "ａ_b_c"
    assert sanitize_id("e\u0301") == "é"
    assert sanitize_id("***") == "doc"


names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(names, names)
def test_distinct_names_never_share_an_id(a, b):
    """Property: two different names in one folder get two different ids."""
    if a != b:
        assert file_id(a) != file_id(b)


@settings(max_examples=200, deadline=None)
@given(names)
def test_an_id_is_a_safe_file_name(name):
    """Property: an id is non-empty, lower case (its own lower-casing), of letters, digits, _ and -, cannot
    climb out of a folder."""
    got = file_id(name)
    assert got and len(got) <= MAX_ID + 9
    assert got == got.lower()  # so two ids never differ only in case
    assert all(c.isalnum() or c in "_-" for c in got)
    assert not got.startswith(("-", "."))


@pytest.mark.parametrize("name", ["con.txt", "nul.txt", "CON.txt", "aux.html", "com1.txt", "lpt9.txt", "prn.jsonl"])
def test_no_id_is_a_windows_device_name(name):
    """Issue 20: con.txt and nul.txt gave the ids con and nul, which Windows cannot store as con.txt or nul.txt."""
    from suzhou_news.builder.ingest.ids import RESERVED

    got = file_id(name)
    assert got not in RESERVED and got.startswith(name.partition(".")[0].lower())


@pytest.mark.parametrize(("given", "expected"), [("con", "con_doc"), ("NUL", "nul_doc"), ("Com3", "com3_doc"),
                                                 ("console", "console"), ("con-1", "con-1")])
def test_record_ids_that_fold_to_a_device_name_get_a_suffix(given, expected):
    """A JSONL record's own id goes through sanitize_id: a device name gets _doc, longer names are untouched."""
    assert sanitize_id(given) == expected


def test_the_bundled_ids_are_unchanged_by_the_device_name_rule():
    """Every bundled raw file keeps the id it had (its stem: all bundled names are clean)."""
    from suzhou_news.package_data import corpus_dir

    names = [p.name for p in (corpus_dir() / "raw").iterdir() if p.is_file()]
    assert names and all(file_id(n) == n.removesuffix(".txt") for n in names)


def test_a_name_that_is_not_utf8_gets_an_id_and_a_printable_form():
    """os.fsdecode keeps an undecodable byte as a surrogate: the id folds it, reports escape it."""
    from suzhou_news.builder.ingest.ids import printable

    name = b"n\xff.txt".decode("utf-8", "surrogateescape")
    assert file_id(name).startswith("n-") and file_id(name).encode("utf-8")
    assert printable(name) == "n\\xff.txt" and printable("其他.txt") == "其他.txt"
