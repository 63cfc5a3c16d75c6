"""benchmarks/standard_size.py: the stand-in corpora are deterministic, the requested size, and import cleanly."""

from __future__ import annotations

from tests.bench.test_data import tiny_gold  # noqa: F401  (session fixture: the tiny gold dataset)

from suzhou_news.bench.data import load_gold
from benchmarks.standard_size import SIZES, make_corpora
from suzhou_news.cli import main


def test_stand_ins_are_deterministic_and_sized_like_the_corpora(tmp_path, tiny_gold):  # noqa: F811
    first = make_corpora(tiny_gold.path, tmp_path / "a")
    make_corpora(tiny_gold.path, tmp_path / "b")
    for name in SIZES:
        for part in ("train", "test"):
            a = (tmp_path / "a" / f"{name}-{part}.txt").read_bytes()
            assert a == (tmp_path / "b" / f"{name}-{part}.txt").read_bytes(), (name, part)
    pku = (tmp_path / "a" / "pku-size-test.txt").read_text(encoding="utf-8").splitlines()
    _, lines, chars = SIZES["pku-size"]
    longest = max(len(s.text) for s in tiny_gold.test)
    assert len(pku) == lines and chars <= sum(len(line.replace(" ", "")) for line in pku) < chars + longest
    for name, args in first.items():
        assert main(["import", *args]) == 0
        gold = load_gold(tmp_path / "a" / name)
        assert len(gold.test) == SIZES[name][1] and len(gold.train) == len(tiny_gold.train)
