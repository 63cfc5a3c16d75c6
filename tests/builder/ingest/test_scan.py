"""The raw folder scan (suzhou_news/builder/ingest/scan.py) and the sources walk: nothing outside the raw folder is read."""

import os
from pathlib import Path

import pytest

from suzhou_news.builder.ingest import scan as S
from suzhou_news.builder.ingest.read import iter_raw_files
from suzhou_news.builder.ingest.sources import LeftOut, Page, iter_sources

ARTICLE = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记出席会议并讲话。\n" * 3


def _reasons(raw: Path) -> dict[str, str]:
    return {r.file: r.reason for _, r in S.scan_raw_folder(raw).refused}


@pytest.fixture
def reads(monkeypatch):
    """Every path the reader opens, resolved."""
    opened: list[Path] = []
    real = os.open

    def spy(path, flags, *args, **kw):
        opened.append(Path(os.path.realpath(path)))
        return real(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", spy)
    return opened


def test_symlink_to_a_file_outside_is_refused_and_never_read(tmp_path, reads):
    """Finding 1: a symlink to a file outside the raw folder (like /etc/passwd) is never opened."""
    raw, outside = tmp_path / "raw", tmp_path / "secret.txt"
    raw.mkdir()
    outside.write_text(ARTICLE, encoding="utf-8")
    (raw / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "passwd.txt").symlink_to(outside)
    got = list(iter_sources(raw))
    assert [g.file for g in got if isinstance(g, Page)] == ["good.txt"]
    [skipped] = [g for g in got if isinstance(g, LeftOut)]
    assert (skipped.file, skipped.reason, skipped.sha256) == ("passwd.txt", "symlink_outside", None)
    assert "outside the raw folder" in skipped.detail
    assert outside.resolve() not in reads
    assert all(p == (raw / "good.txt").resolve() for p in reads)


def test_symlinked_folder_inside_link_loop_and_broken_link_are_refused_with_reasons(tmp_path):
    """A link to a folder outside, a link to a file inside, a loop and a dangling link: one reason each."""
    raw, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    raw.mkdir()
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "sub").mkdir()
    (raw / "outdir").symlink_to(elsewhere, target_is_directory=True)
    (raw / "sub" / "same.txt").symlink_to(raw / "a.txt")
    (raw / "sub" / "up").symlink_to(raw, target_is_directory=True)
    (raw / "loop1").symlink_to(raw / "loop2")
    (raw / "loop2").symlink_to(raw / "loop1")
    (raw / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert _reasons(raw) == {"outdir": "symlink_outside", "sub/same.txt": "symlink_inside", "sub/up": "symlink_inside",
                             "loop1": "symlink_broken", "loop2": "symlink_broken", "gone.txt": "symlink_broken"}
    assert [p.relative_to(raw).as_posix() for p in iter_raw_files(raw)] == ["a.txt"]


def test_a_raw_folder_that_is_itself_a_symlink_is_read_but_held_to_its_target(tmp_path):
    """`--raw LINK` is followed once (the user named it); a link inside that climbs out is still refused."""
    real = tmp_path / "crawl"
    real.mkdir()
    (real / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    (real / "escape.txt").symlink_to(Path("..") / "outside.txt")
    link = tmp_path / "raw"
    link.symlink_to(real, target_is_directory=True)
    got = list(iter_sources(link))
    assert [(g.file, type(g).__name__, getattr(g, "reason", None)) for g in got] == [
        ("a.txt", "Page", None), ("escape.txt", "LeftOut", "symlink_outside")]


def test_hidden_entries_and_fifos_are_reported_not_silently_skipped(tmp_path):
    """Names starting with '.' (a file, a folder) and a FIFO (which would block a read) each get a reason."""
    raw = tmp_path / "raw"
    (raw / ".git").mkdir(parents=True)
    (raw / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / ".draft.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(raw / "pipe.txt")
    assert _reasons(raw) == {".git": "hidden", ".draft.txt": "hidden", "pipe.txt": "special_file"}
    assert iter_raw_files(raw) == []


def test_unreadable_folder_is_refused_not_a_crash(tmp_path, monkeypatch):
    """A folder that cannot be listed (permissions) is one refused entry; the rest of the folder is read."""
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "a.txt").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(S.os, "scandir", scandir)
    assert _reasons(raw) == {"locked": "unreadable"}
    assert [p.name for p in iter_raw_files(raw)] == ["a.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_real_permissions(tmp_path):
    """chmod 000: the file is excluded as unreadable (checked for real when not running as root)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    (raw / "locked.txt").chmod(0)
    [got] = iter_sources(raw)
    assert (got.file, got.reason) == ("locked.txt", "unreadable")
