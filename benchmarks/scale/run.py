"""The scale benchmark: reference pass vs the builder (1 and 2 workers, Ray local mode) on the same files.

    python -m benchmarks.scale.run --work /tmp/scale [--sizes 11MB,110MB,1.1GB] [--modes reference,local-1,local-2,ray-2]

For each size it generates (once, cached in ``--work``) a synthetic corpus
(:mod:`benchmarks.scale.generate`), then runs each mode in a fresh child process
and records wall time, CPU time of the process tree, and the peak RSS of the whole
process tree (sampled every 0.1 s with psutil: the child and all its descendants,
Ray's own processes included). Results go to ``results.json`` and a Markdown table
(``table.md``) in ``--work``.
"""

from __future__ import annotations

import argparse
import json
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
    from builder.pipeline.runner import BuildConfig, build

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


def run(work: Path, sizes: list[int], modes: list[str], seed: int) -> list[dict]:
    results = []
    for size in sizes:
        raw = work / f"corpus-{size}"
        if not (raw / ".complete").exists():
            files, nbytes = generate(raw, size, seed)
            (raw / ".complete").write_text(json.dumps({"files": files, "bytes": nbytes}))
        meta = json.loads((raw / ".complete").read_text())
        for mode in modes:
            out = work / f"out-{size}-{mode}"
            argv = [a.format(raw=raw, out=out) for a in MODES[mode]]
            r = measure(argv)
            mb = meta["bytes"] / 1e6
            row = {"size_bytes": meta["bytes"], "files": meta["files"], "mode": mode, "workers": WORKERS[mode], **r,
                   "mb_per_s": mb / r["seconds"], "mb_per_s_per_worker": mb / r["seconds"] / WORKERS[mode],
                   "mb_per_cpu_s": mb / r["cpu_seconds"] if r["cpu_seconds"] else None}
            results.append(row)
            print(json.dumps(row), flush=True)
            (work / "results.json").write_text(json.dumps(results, indent=2))
    return results


def table(results: list[dict]) -> str:
    ref = {r["size_bytes"]: r for r in results if r["mode"] == "reference"}
    lines = ["| input | files | mode | wall s | MB/s | MB/s per worker | × reference (per worker) | MB per CPU-s | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        base = ref.get(r["size_bytes"])
        ratio = f"{r['mb_per_s_per_worker'] / base['mb_per_s']:.3f}" if base else "–"
        cpu = f"{r['mb_per_cpu_s']:.2f}" if r["mb_per_cpu_s"] else "–"
        lines.append(f"| {r['size_bytes'] / 1e6:,.0f} MB | {r['files']:,} | {r['mode']} | {r['seconds']:.1f} | "
                     f"{r['mb_per_s']:.2f} | {r['mb_per_s_per_worker']:.2f} | {ratio} | {cpu} | {r['peak_rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, default=Path("/tmp/suzhou-news-scale"))
    p.add_argument("--sizes", default="11MB,110MB,1.1GB")
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--build", nargs=2, type=Path, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.build:
        _build(*args.build, args.workers, args.engine)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    results = run(args.work, [parse_size(s) for s in args.sizes.split(",")], args.modes.split(","), args.seed)
    (args.work / "table.md").write_text(table(results))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
