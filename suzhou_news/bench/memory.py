"""Peak memory of one baseline, measured in a fresh child process.

In-process tracing (tracemalloc) sees only Python allocations and slows pure-
Python taggers down many times over; models held by native code (ONNX Runtime,
thulac's C++ core, CRFsuite) would be missed. So the suite starts one child per
system, which loads the system, fits it when it is trained, runs it over the
test split (its first ``SAMPLE_CHARS`` characters: on a standard corpus's test set
a full second pass would double the time of the slowest systems and barely move
the peak, which is the model's), and reports its peak resident set size (``ru_maxrss``) and the part
of it added after the benchmark code itself was imported.

    python -m suzhou_news.bench.memory SYSTEM DATASET [OVERRIDES_JSON]

A system loaded from an import path is loaded again in the child from the
source the registry recorded; ``OVERRIDES_JSON`` carries its settings (the
model of an ``hf.*`` system, say).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path


SAMPLE_CHARS = 50_000


def _sample(texts: list[str], limit: int = SAMPLE_CHARS) -> list[str]:
    """The leading texts up to ``limit`` characters (at least one text)."""
    out, total = [], 0
    for t in texts:
        if out and total + len(t) > limit:
            break
        out.append(t)
        total += len(t)
    return out


def _rss_mib() -> float:
    """Peak RSS of this process in MiB.

    ``VmHWM`` from /proc is per address space, so it starts afresh in the child;
    ``ru_maxrss`` is inherited from the parent across fork and exec on Linux and
    would report the benchmark runner's own size. It is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def probe(name: str, dataset: Path, overrides: dict | None = None, import_path: str | None = None) -> dict:
    from .baselines import registry
    from .data import fit_system, load_gold

    gold = load_gold(dataset)
    before = _rss_mib()
    if import_path:
        registry.load(import_path)
    system = registry.get(name, **(overrides or {}))
    fit_system(system, gold)
    texts = _sample([s.text for s in gold.test])
    (system.segment if system.task == "cws" else system.tag)(texts)
    peak = _rss_mib()
    return {"peak_rss_mib": round(peak, 1), "system_rss_mib": round(peak - before, 1)}


def measure(name: str, dataset: Path, overrides: dict | None = None, timeout: float = 600) -> dict:
    """Run :func:`probe` in a child process; ``{}`` with an ``error`` key if it fails."""
    from .baselines import registry

    source = registry.source(name) if name in registry.all_names() else {"kind": "unknown"}
    spec = {"overrides": _jsonable(overrides or {}),
            "import_path": source["path"] if source["kind"] == "import-path" else None}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # finds what we found
    proc = subprocess.run([sys.executable, "-m", "suzhou_news.bench.memory", name, str(dataset), json.dumps(spec)],
                          capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "child failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _jsonable(overrides: dict) -> dict:
    """Overrides survive JSON: tuples of pairs (a label map) are rebuilt as tuples in the child."""
    return {k: [list(p) for p in v] if isinstance(v, tuple) else v for k, v in overrides.items()}


def _from_json(overrides: dict) -> dict:
    return {k: tuple(tuple(p) for p in v) if isinstance(v, list) else v for k, v in overrides.items()}


if __name__ == "__main__":  # pragma: no cover - exercised through measure()
    spec = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    print(json.dumps(probe(sys.argv[1], Path(sys.argv[2]), _from_json(spec.get("overrides", {})),
                           spec.get("import_path"))))
