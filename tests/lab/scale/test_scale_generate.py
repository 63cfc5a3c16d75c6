"""The scale benchmark's synthetic corpus: deterministic, both scripts, furniture, near-copies; the table."""

from suzhou_news.builder.ingest.script import Converter, detect_script

from benchmarks.scale.generate import generate, parse_size
from benchmarks.scale.run import table


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def test_same_seed_and_size_give_the_same_bytes(tmp_path):
    """Two runs with seed 3: identical files; another seed: different pages; at least the asked size."""
    n, size = generate(tmp_path / "a", 300_000, seed=3)
    generate(tmp_path / "b", 300_000, seed=3)
    generate(tmp_path / "c", 300_000, seed=4)
    a = _files(tmp_path / "a")
    assert a == _files(tmp_path / "b") and a != _files(tmp_path / "c")
    assert len(a) == n and size == sum(len(v) for v in a.values()) >= 300_000


def test_pages_mix_scripts_carry_furniture_and_near_copies(tmp_path):
    """About a fifth Traditional; every page has an editor or copyright line; some pages differ by one character."""
    generate(tmp_path, 400_000, seed=0)
    texts = [v.decode("utf-8") for v in _files(tmp_path).values()]
    converter = Converter()
    hant = sum(detect_script(t, converter) == "hant" for t in texts) / len(texts)
    assert 0.1 < hant < 0.3
    assert all(("编辑" in t or "編輯" in t or "版权" in t or "版權" in t or "分享" in t or "扫一扫" in t or "掃一掃" in t)
               for t in texts)
    bodies = {}
    near = 0
    for t in texts:
        body = t.split("\n", 4)[4]
        for other in bodies.get(len(body), []):
            if sum(a != b for a, b in zip(body, other)) == 1:
                near += 1
        bodies.setdefault(len(body), []).append(body)
    assert near >= 1


def test_sizes_and_the_table():
    """Sizes parse in decimal units; the table divides by the reference pass of the same size."""
    assert parse_size("1.1GB") == 1_100_000_000 and parse_size("5MB") == 5_000_000 and parse_size("12") == 12
    rows = [{"size_bytes": 10**7, "files": 5, "mode": "reference", "workers": 1, "seconds": 1.0, "cpu_seconds": 1.0,
             "peak_rss_mb": 100.0, "mb_per_s": 10.0, "mb_per_s_per_worker": 10.0, "mb_per_cpu_s": 10.0},
            {"size_bytes": 10**7, "files": 5, "mode": "local-2", "workers": 2, "seconds": 2.0, "cpu_seconds": 4.0,
             "peak_rss_mb": 300.0, "mb_per_s": 5.0, "mb_per_s_per_worker": 2.5, "mb_per_cpu_s": 2.5}]
    out = table(rows)
    assert "| 10 MB | 5 | local-2 | 2.0 | 5.00 | 2.50 | 0.250 | 2.50 | 300 |" in out
