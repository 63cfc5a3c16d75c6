"""The scale benchmark: reference pass vs the builder (1 and 2 workers, Ray local mode) on the same files.

    python -m benchmarks.scale.run --work /tmp/scale [--sizes 11MB,110MB,1.1GB] [--modes reference,local-1,local-2,ray-2]

For each size it generates (once, cached in ``--work``) a synthetic corpus
(:mod:`benchmarks.scale.generate`), reads every file once (so every mode finds the corpus in the
page cache), then runs each mode in a fresh child process
and records wall time, CPU time of the process tree, and the peak RSS of the whole
process tree (sampled every 0.1 s with psutil: the child and all its descendants,
Ray's own processes included). After the modes of a size it checks that every builder
mode wrote the same bytes, and derives the scaling ratios (2 workers vs 1, Ray vs the
process pool). Results go to ``results.json`` and Markdown tables (``table.md``) in ``--work``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.scale.generate import generate, parse_size

MODES = {
    "reference": ["-m", "benchmarks.scale.reference", "{raw}", "{out}.parquet"],
    "local-1": ["-m", "benchmarks.scale.run", "--build", "{raw}", "{out}", "--workers", "1"],
    "local-2": ["-m", "benchmarks.scale.run", "--build", "{raw}", "{out}", "--workers", "2"],
    "ray-2": ["-m", "benchmarks.scale.run", "--build", "{raw}", "{out}", "--workers", "2", "--engine", "ray"],
}
WORKERS = {"reference": 1, "local-1": 1, "local-2": 2, "ray-2": 2}


def _build(raw: Path, out: Path, workers: int, engine: str) -> None:
    """The child's job: one build of ``raw`` (no gold, a throwaway manifest)."""
    from suzhou_news.builder.pipeline.runner import BuildConfig, build

    build(BuildConfig(raw_dir=raw, out_dir=out, manifest=out.with_name(out.name + "-splits.json"),
                      annotations_dir=None, guidelines=None, update_manifest=False, workers=workers, engine=engine))


def measure(argv: list[str]) -> dict:
    """Run one child; wall seconds, CPU seconds and peak RSS (MB) of its whole process tree."""
    import psutil

    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(child.pid)
    peak = 0
    cpu: dict[int, float] = {}
    while child.poll() is None:
        total = 0
        try:
            procs = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                total += p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                pass
        peak = max(peak, total)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode(errors="replace")
    if child.returncode != 0:
        raise RuntimeError(f"{argv}: exit {child.returncode}\n{err[-2000:]}")
    return {"seconds": wall, "cpu_seconds": sum(cpu.values()), "peak_rss_mb": peak / 1e6}


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h = hashlib.sha256()
            with p.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            out[p.relative_to(folder).as_posix()] = h.hexdigest()
    return out


def summary(rows: list[dict], outputs: dict[str, Path]) -> dict:
    """One size: 2 workers vs 1, Ray vs the pool (time ratios), and whether every builder output is the same bytes."""
    by = {r["mode"]: r for r in rows}
    out: dict = {"size_bytes": rows[0]["size_bytes"]}
    if "local-1" in by and "local-2" in by:
        out["speedup_2_vs_1"] = by["local-1"]["seconds"] / by["local-2"]["seconds"]
    if "local-2" in by and "ray-2" in by:
        out["ray_vs_pool"] = by["ray-2"]["seconds"] / by["local-2"]["seconds"]
    trees = [digests(p) for p in outputs.values()]
    if len(trees) > 1:
        out["identical_outputs"] = all(t == trees[0] for t in trees[1:])
        out["output_files"] = len(trees[0])
    return out


def warm(raw: Path) -> None:
    """Read every file of ``raw`` once, so that every mode finds it in the page cache (the first mode to run
    would otherwise pay the disk reads alone: at 1.1 GB that halved the reference pass's speed here)."""
    for p in raw.rglob("*"):
        if p.is_file():
            p.read_bytes()


def run(work: Path, sizes: list[int], modes: list[str], seed: int, keep: bool = False) -> tuple[list[dict], list[dict]]:
    results, summaries = [], []
    for size in sizes:
        raw = work / f"corpus-{size}"
        if not (raw / ".complete").exists():
            files, nbytes = generate(raw, size, seed)
            (raw / ".complete").write_text(json.dumps({"files": files, "bytes": nbytes}))
        meta = json.loads((raw / ".complete").read_text())
        warm(raw)
        rows, outputs = [], {}
        for mode in modes:
            out = work / f"out-{size}-{mode}"
            argv = [a.format(raw=raw, out=out) for a in MODES[mode]]
            r = measure(argv)
            mb = meta["bytes"] / 1e6
            row = {"size_bytes": meta["bytes"], "files": meta["files"], "mode": mode, "workers": WORKERS[mode], **r,
                   "mb_per_s": mb / r["seconds"], "mb_per_s_per_worker": mb / r["seconds"] / WORKERS[mode],
                   "mb_per_cpu_s": mb / r["cpu_seconds"] if r["cpu_seconds"] else None}
            results.append(row)
            rows.append(row)
            if mode != "reference":
                outputs[mode] = out
            print(json.dumps(row), flush=True)
            (work / "results.json").write_text(json.dumps({"runs": results, "summaries": summaries}, indent=2))
        summaries.append(summary(rows, outputs))
        print(json.dumps(summaries[-1]), flush=True)
        (work / "results.json").write_text(json.dumps({"runs": results, "summaries": summaries}, indent=2))
        if not keep:
            for mode in modes:
                shutil.rmtree(work / f"out-{size}-{mode}", ignore_errors=True)
                (work / f"out-{size}-{mode}.parquet").unlink(missing_ok=True)
    return results, summaries


def table(results: list[dict], summaries: list[dict] = ()) -> str:
    ref = {r["size_bytes"]: r for r in results if r["mode"] == "reference"}
    lines = ["| input | files | mode | wall s | MB/s | MB/s per worker | × reference (per worker) | MB per CPU-s | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        base = ref.get(r["size_bytes"])
        ratio = f"{r['mb_per_s_per_worker'] / base['mb_per_s']:.3f}" if base else "–"
        cpu = f"{r['mb_per_cpu_s']:.2f}" if r["mb_per_cpu_s"] else "–"
        lines.append(f"| {r['size_bytes'] / 1e6:,.0f} MB | {r['files']:,} | {r['mode']} | {r['seconds']:.1f} | "
                     f"{r['mb_per_s']:.2f} | {r['mb_per_s_per_worker']:.2f} | {ratio} | {cpu} | {r['peak_rss_mb']:.0f} |")
    if summaries:
        lines += ["", "| input | 2 workers vs 1 | Ray vs pool (time) | builder outputs |", "|---|---|---|---|"]

        def ratio_of(x: dict, key: str) -> str:
            return f"{x[key]:.2f}×" if key in x else "–"

        for x in summaries:
            same = ("–" if "identical_outputs" not in x else
                    f"{'identical' if x['identical_outputs'] else 'DIFFERENT'} ({x['output_files']} files)")
            lines.append(f"| {x['size_bytes'] / 1e6:,.0f} MB | {ratio_of(x, 'speedup_2_vs_1')} | "
                         f"{ratio_of(x, 'ray_vs_pool')} | {same} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/suzhou-news-scale"))
    p.add_argument("--sizes", default="11MB,110MB,1.1GB")
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep", action="store_true", help="keep the builds' outputs (default: removed after each size)")
    p.add_argument("--build", nargs=2, type=Path, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.build:
        _build(*args.build, args.workers, args.engine)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    results, summaries = run(args.work, [parse_size(s) for s in args.sizes.split(",")], args.modes.split(","),
                             args.seed, args.keep)
    (args.work / "table.md").write_text(table(results, summaries))
    print(table(results, summaries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
