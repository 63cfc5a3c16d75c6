"""The same bytes every way: in process, a process pool, Ray local mode; shard plan from the data."""

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from suzhou_news.errors import SuzhouNewsError
from suzhou_news.builder.pipeline.executors import make_executor
from suzhou_news.builder.pipeline.plan import plan_shards
from suzhou_news.builder.pipeline.runner import BuildConfig, build

from pipeline_corpus import make_raw, tree


def _config(root, out, **kw):
    defaults = dict(raw_dir=root / "raw", out_dir=root / out, manifest=root / "splits.json",
                    annotations_dir=root / "ann", guidelines=None, update_manifest=False)
    return BuildConfig(**{**defaults, **kw})


def _gold(root):
    """One annotation file, so the gold configs are written too."""
    ann = root / "ann"
    ann.mkdir()
    (ann / "news-001.txt").write_text(
        "news-001-s0001\treviewed\t会议 强调 ， 要 坚定 信心 、 真抓实干 ， 推动 第零零一项 任务 落地 见效 。\n",
        encoding="utf-8")


def test_one_worker_two_workers_and_ray_write_the_same_bytes(tmp_path):
    """12 pages in 4 shards: Parquet parts, card, report and audit are byte-identical for all three executors."""
    make_raw(tmp_path, 12)
    _gold(tmp_path)
    one = build(_config(tmp_path, "one", workers=1, shards=4))
    build(_config(tmp_path, "two", workers=2, shards=4))
    first = tree(tmp_path / "one")
    assert first == tree(tmp_path / "two")
    assert one.stats.shards == 4 and one.counts["documents"]["train"] + one.counts["documents"]["test"] == 12
    assert sum(one.counts["segmentation"].values()) == 1
    assert sum(name.startswith("documents/") for name in first) >= 4  # one part per shard and split at most
    pytest.importorskip("ray")
    build(_config(tmp_path, "ray", engine="ray", workers=2, shards=4))
    assert tree(tmp_path / "ray") == first


def test_parts_are_numbered_without_gaps(tmp_path):
    """Shards without rows for a split leave no hole: NNNNN runs 0..M-1 in every config/split."""
    make_raw(tmp_path, 6)
    build(_config(tmp_path, "out", workers=1, shards=6, annotations_dir=None))
    for config in ("documents", "sentences"):
        for split in ("train", "test"):
            names = sorted(p.name for p in (tmp_path / "out" / config).glob(f"{split}-*.parquet"))
            total = len(names)
            assert names == [f"{split}-{k:05d}-of-{total:05d}.parquet" for k in range(total)]


def test_shards_come_from_the_bytes_not_the_workers(tmp_path):
    """Contiguous ranges of the sorted file list; count = total bytes / target, capped by the number of files."""
    raw = make_raw(tmp_path, 10)
    total = sum(p.stat().st_size for p in raw.iterdir())
    shards = plan_shards(raw, None, total // 3 + 1)
    assert len(shards) == 3
    assert [f for s in shards for f in s.files] == sorted(p.name for p in raw.iterdir())
    assert all(s.files for s in shards) and sum(s.bytes for s in shards) == total
    assert len(plan_shards(raw, 50, 1)) == 10  # never more shards than files
    assert len(plan_shards(raw, None, 10**9)) == 1


def test_unknown_engine_and_a_ray_address_without_ray_are_errors():
    """The message names the choices; --ray-address only goes with --engine ray."""
    with pytest.raises(SuzhouNewsError, match=r"unknown engine 'spark'; choose one of \['local', 'ray'\]"):
        make_executor("spark", 1, None)
    with pytest.raises(SuzhouNewsError, match="--ray-address needs --engine ray"):
        make_executor("local", 1, "ray://head:10001")


def test_shard_tasks_import_neither_datasets_nor_datasketch(tmp_path):
    """A worker loads the shard functions and maps a shard without ``datasets`` or datasketch (and SciPy) in
    memory: the driver ships the schemas and the MinHash scheme as plain values."""
    raw = make_raw(tmp_path, 6)
    script = textwrap.dedent(f"""
        import pickle, sys
        from suzhou_news.builder.pipeline.map_pass import map_shard
        from suzhou_news.builder.pipeline.reduce_pass import reduce_shard
        tasks = pickle.load(open({str(tmp_path / "tasks.pkl")!r}, "rb"))
        map_shard(tasks["map"])
        print(sorted(m for m in ("datasets", "datasketch", "scipy") if m in sys.modules))
    """)
    from suzhou_news.builder.dataset.schema import all_schemas
    from suzhou_news.builder.dataset.split import MinHashScheme, SplitConfig
    from suzhou_news.builder.pipeline.map_pass import MapTask, detached_schema
    from suzhou_news.builder.pipeline.plan import plan_shards

    work = tmp_path / "work"
    work.mkdir()
    schemas = {n: detached_schema(s) for n, s in all_schemas().items() if n in ("documents", "sentences")}
    task = MapTask(raw, work, plan_shards(raw, None, 1 << 20)[0], SplitConfig(), MinHashScheme.of(SplitConfig()),
                   schemas)
    (tmp_path / "tasks.pkl").write_bytes(pickle.dumps({"map": task}))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path.cwd(), check=True)
    assert out.stdout.strip() == "[]"
    assert (work / "sigs-00000.npy").exists() and (work / "keys-00000.pkl").exists()


def _allocator(_) -> str:
    import pyarrow as pa

    return pa.default_memory_pool().backend_name


def test_pool_workers_allocate_arrow_memory_with_the_system_allocator():
    """Pool workers give a shard's tables back to the system when the task ends (mimalloc would keep them)."""
    executor = make_executor("local", 2, None)
    try:
        assert executor.run(_allocator, [0, 1], lambda _: None) == ["system", "system"]
    finally:
        executor.close()
