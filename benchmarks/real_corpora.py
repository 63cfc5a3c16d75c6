"""The leaderboard on the real standard corpora: import each one, bench every baseline, one dataset at a time.

The corpora are the files as distributed (see ``../shared/corpora/README.md``; the folder is found through
``SUZHOU_NEWS_SHARED``, default ``<repo>/../shared``) and are never copied into the repository: they are
imported into ``--work``, and only the result files (scores, counts per sentence, no text) are written to
``--out``::

    python -m benchmarks.real_corpora --work /tmp/real --out docs/results/real-corpora [--run pku ...] [--no-memory]

Each run is ``suzhou-news bench --dataset … --train-on … --out OUT/<run>``: the off-the-shelf systems on the
test split, the trained baselines fitted on the bundled corpus (``suzhou-news build`` of ``data/``; a
corpus without a train split cannot fit them) or on Weibo's train split (transfer).  CITYU and AS run twice,
on the Traditional text as it is and with ``--convert t2s``.  ``timing.json`` records the wall time of each
import and run; ``summary.md`` puts the runs side by side (``python -m benchmarks.real_corpora --summary OUT``
rewrites it from the result files).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAINED_NER = ["--system", "crf.char-bio.v1", "--system", "gazetteer.train.v1"]
WEIBO = ["--train", "ner/weibo/weiboNER_2nd_conll.train", "--validation", "ner/weibo/weiboNER_2nd_conll.dev",
         "--test", "ner/weibo/weiboNER_2nd_conll.test"]


def _sighan(test: str, name: str) -> list[str]:
    return ["sighan", "--test", f"sighan2005/gold/{test}", "--words", f"sighan2005/gold/{name}_training_words.utf8"]


IMPORTS: dict[str, list[str]] = {  # --name -> `suzhou-news import` arguments, paths under the shared folder
    "pku": _sighan("pku_test_gold.utf8", "pku"),
    "msr": _sighan("msr_test_gold.utf8", "msr"),
    "cityu": _sighan("cityu_test_gold.utf8", "cityu"),
    "as": _sighan("as_testing_gold.utf8", "as"),
    "msra": ["conll", "--test", "ner/msra/msra_test_bio.txt", "--label-map", "msra"],
    "peoples-daily": ["conll", "--validation", "ner/peoples_daily/example.dev", "--test",
                      "ner/peoples_daily/example.test", "--label-map", "peoples-daily"],
    "weibo": ["conll", *WEIBO, "--label-map", "weibo"],
    "weibo-all": ["conll", *WEIBO, "--label-map", "weibo-keep"],
}
BUNDLED = "suzhou-news"
RUNS: dict[str, tuple[list[str], str | None, list[str]]] = {  # run -> (datasets, --train-on, more bench args)
    "pku": (["pku"], BUNDLED, []),
    "msr": (["msr"], BUNDLED, []),
    "cityu": (["cityu"], BUNDLED, []),
    "cityu-t2s": (["cityu"], BUNDLED, ["--convert", "t2s"]),
    "as": (["as"], BUNDLED, []),
    "as-t2s": (["as"], BUNDLED, ["--convert", "t2s"]),
    "msra": (["msra"], BUNDLED, []),
    "peoples-daily": (["peoples-daily"], BUNDLED, []),
    "weibo": (["weibo"], BUNDLED, []),
    "weibo-all": (["weibo-all"], None, TRAINED_NER),  # Weibo's 8 labels: only taggers fitted on it emit them
    "from-weibo": ([BUNDLED, "msra", "peoples-daily"], "weibo", TRAINED_NER),
}


def shared_corpora() -> Path:
    return Path(os.environ.get("SUZHOU_NEWS_SHARED", REPO / ".." / "shared")).resolve() / "corpora"


def _cli(args: list[str], log: Path) -> float:
    """``suzhou-news ARGS`` in a child process (its output in ``log``); the wall time in seconds."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        rc = subprocess.run([sys.executable, "-m", "suzhou_news", *args], stdout=out, stderr=subprocess.STDOUT,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}).returncode
    if rc != 0:
        raise SystemExit(f"suzhou-news {' '.join(args)} failed (exit {rc}); see {log}")
    return time.perf_counter() - start


def prepare(work: Path, names: set[str], timing: dict) -> dict[str, Path]:
    """The bundled corpus built and each corpus of ``names`` imported under ``work`` (kept when there)."""
    corpora, paths = shared_corpora(), {BUNDLED: work / BUNDLED}
    if not corpora.is_dir():
        raise SystemExit(f"{corpora} is missing: set SUZHOU_NEWS_SHARED to the folder that holds corpora/")
    work.mkdir(parents=True, exist_ok=True)
    if not (work / BUNDLED / "segmentation").is_dir():
        manifest = work / "splits.json"  # a copy: the build must not touch the repository's ledger
        manifest.write_bytes((REPO / "data" / "splits.json").read_bytes())
        timing["build"] = _cli(["build", "--out", str(work / BUNDLED), "--manifest", str(manifest),
                                "--workers", "1"], work / "build.log")
    for name in sorted(names - {BUNDLED}):
        paths[name] = work / name
        if not (work / name / "import-report.json").exists():
            args = [a if a.startswith("-") or "/" not in a else str(corpora / a) for a in IMPORTS[name]]
            timing.setdefault("import", {})[name] = _cli(
                ["import", *args, "--name", name, "--out", str(work / name)], work / f"import-{name}.log")
    return paths


def run(work: Path, out: Path, runs: list[str], no_memory: bool) -> dict:
    names = {d for r in runs for d in RUNS[r][0]} | {RUNS[r][1] for r in runs if RUNS[r][1]}
    timing_path = out / "timing.json"
    timing = json.loads(timing_path.read_text(encoding="utf-8")) if timing_path.exists() else {}
    paths = prepare(work, names, timing)
    for name in runs:
        datasets, train_on, extra = RUNS[name]
        args = ["bench", *(a for d in datasets for a in ("--dataset", str(paths[d]))), "--out", str(out / name),
                *(["--train-on", str(paths[train_on])] if train_on else []), *extra,
                *(["--no-memory"] if no_memory else [])]
        timing.setdefault("bench", {})[name] = round(_cli(args, work / f"bench-{name}.log"), 1)
        compact(out / name)
        print(f"{name}: {timing['bench'][name]:.0f} s", flush=True)
        timing_path.write_text(json.dumps(timing, indent=2) + "\n", encoding="utf-8")
    (out / "summary.md").write_text(summary(out), encoding="utf-8")
    return timing


def compact(folder: Path) -> None:
    """results.json without indentation (the per-sentence counts make the indented file ~7x larger); no chart."""
    path = folder / "results.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (folder / "f1-vs-throughput.png").unlink(missing_ok=True)


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _cell(m: dict) -> str:
    ci = m.get("f1_ci")
    return f"**{_pct(m['f1'])}** [{_pct(ci[0])}, {_pct(ci[1])}]" if ci else f"**{_pct(m['f1'])}**"


def load_runs(out: Path) -> list[tuple[str, dict]]:
    return [(name, json.loads((out / name / "results.json").read_text(encoding="utf-8")))
            for name in RUNS if (out / name / "results.json").exists()]


def summary(out: Path) -> str:
    """System x dataset tables of every run in ``out``: F1 [95% CI] (in-domain and transfer), OOV/IV, per type."""
    rows: dict[tuple[str, str], dict[str, dict]] = {}  # (task, system + trained-on) -> column -> entry
    cols: dict[str, list[str]] = {"cws": [], "ner": []}
    for run_name, doc in load_runs(out):
        for e in doc["results"]:
            if e["protocol"] != "test" or (run_name == "from-weibo" and e["trained_on"] != "weibo"):
                continue
            col = e["dataset"] + (" (t2s)" if run_name.endswith("-t2s") else "")
            if col not in cols[e["task"]]:
                cols[e["task"]].append(col)
            system = f"`{e['system']}`" + (f" from {e['trained_on']}" if e["trained_on"] else "")
            rows.setdefault((e["task"], system), {})[col] = e
    text = ["F1 in % with its 95% bootstrap CI (1,000 resamples over sentences), test splits. \"from X\": a trained "
            "baseline fitted on X's train split; \"(t2s)\": Simplified-only systems given OpenCC t2s input, scored "
            "on the original Traditional text.", ""]
    for task, view, title, extra in (("cws", "cws", "Word segmentation", ("oov_recall", "iv_recall")),
                                     ("ner", "ner_msra", "NER, MSRA types (PER/LOC/ORG)", ())):
        c = cols[task]
        systems = sorted((s for t, s in rows if t == task),  # off-the-shelf first, by F1 on the first dataset
                         key=lambda s: ("from" in s, -((rows[(task, s)].get(c[0], {}).get(view) or {}).get("f1") or 0), s))
        if not systems:
            continue
        text += [f"### {title}: F1 [95% CI]", "", "| system | " + " | ".join(c) + " |", "|---|" + "---|" * len(c)]
        text += [f"| {s} | " + " | ".join(_cell(rows[(task, s)][k][view]) if k in rows[(task, s)] else "–"
                                          for k in c) + " |" for s in systems]
        text.append("")
        if extra:
            text += ["### Word segmentation: OOV recall / IV recall", "", "| system | " + " | ".join(c) + " |",
                     "|---|" + "---|" * len(c)]
            text += [f"| {s} | " + " | ".join(" / ".join(_pct(rows[(task, s)][k][view][m]) for m in extra)
                                              if k in rows[(task, s)] else "–" for k in c) + " |" for s in systems]
        else:
            text += ["### NER: F1 per type, PER / LOC / ORG", "", "| system | " + " | ".join(c) + " |",
                     "|---|" + "---|" * len(c)]
            text += [f"| {s} | " + " | ".join(
                " / ".join(_pct(rows[(task, s)][k][view]["per_type"].get(t, {}).get("f1")) for t in ("PER", "LOC", "ORG"))
                if k in rows[(task, s)] else "–" for k in c) + " |" for s in systems]
        text += ["", f"### {title}: characters per second (test split, median of up to 3 runs)", "",
                 "| system | " + " | ".join(c) + " |", "|---|" + "---|" * len(c)]
        text += [f"| {s} | " + " | ".join(f"{rows[(task, s)][k]['speed']['chars_per_second']:,.0f}"
                                          if k in rows[(task, s)] else "–" for k in c) + " |"
                 for s in systems if "from" not in s]
        text.append("")
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, help="where the corpora are imported (outside the repository)")
    p.add_argument("--out", type=Path, default=REPO / "docs" / "results" / "real-corpora")
    p.add_argument("--run", action="append", choices=list(RUNS), help="only these runs (default: all, in order)")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-RSS child process per system")
    p.add_argument("--summary", action="store_true", help="only rewrite OUT/summary.md from the result files")
    args = p.parse_args(argv)
    if args.summary:
        (args.out / "summary.md").write_text(summary(args.out), encoding="utf-8")
        return 0
    if args.work is None:
        p.error("--work is required to run")
    run(args.work, args.out, args.run or list(RUNS), args.no_memory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
