"""The scale benchmark's runner: every mode on the same files, same bytes checked, ratios derived."""

import json

from benchmarks.scale.run import main, summary, table


def test_a_tiny_run_measures_every_mode_and_finds_the_same_bytes(tmp_path):
    """200 kB, reference + 1 and 2 workers: a row per mode, the builders' outputs identical, then removed."""
    assert main(["--work", str(tmp_path), "--sizes", "200kB", "--modes", "reference,local-1,local-2"]) == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert [r["mode"] for r in data["runs"]] == ["reference", "local-1", "local-2"]
    assert all(r["seconds"] > 0 and r["cpu_seconds"] > 0 and r["peak_rss_mb"] > 0 for r in data["runs"])
    (s,) = data["summaries"]
    assert s["identical_outputs"] is True and s["output_files"] > 5
    assert s["speedup_2_vs_1"] == data["runs"][1]["seconds"] / data["runs"][2]["seconds"]
    assert "identical" in (tmp_path / "table.md").read_text()
    assert not list(tmp_path.glob("out-*"))


def test_a_difference_between_builder_outputs_is_reported(tmp_path):
    """Two outputs that differ in one byte of one file: the summary says so and the table shouts it."""
    a, b = tmp_path / "a", tmp_path / "b"
    for d, text in ((a, "x"), (b, "y")):
        (d / "documents").mkdir(parents=True)
        (d / "documents" / "train.parquet").write_text(text)
    rows = [{"size_bytes": 10**6, "files": 3, "mode": m, "workers": w, "seconds": t, "cpu_seconds": t,
             "peak_rss_mb": 1.0, "mb_per_s": 1 / t, "mb_per_s_per_worker": 1 / t / w, "mb_per_cpu_s": 1 / t}
            for m, w, t in (("local-1", 1, 4.0), ("local-2", 2, 2.5), ("ray-2", 2, 3.0))]
    s = summary(rows, {"local-1": a, "local-2": b})
    assert s == {"size_bytes": 10**6, "speedup_2_vs_1": 1.6, "ray_vs_pool": 1.2, "identical_outputs": False,
                 "output_files": 1}
    assert "| 1 MB | 1.60× | 1.20× | DIFFERENT (1 files) |" in table(rows, [s])
