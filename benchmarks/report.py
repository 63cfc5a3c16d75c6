"""Results → ``results.json`` (self-describing), ``leaderboard.md`` and an F1-vs-throughput chart."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

from builder.dataset.provenance import code_revision, package_version
from builder.dataset.schema import SCHEMA_DIR

from .data import Gold
from .runner import BenchConfig

RESULTS_VERSION = "1.1.0"  # 1.1.0: optional source, counts and submission in result rows


def results_document(gold: Gold, config: BenchConfig, results: list[dict], paired: list[dict]) -> dict:
    return {
        "schema_version": RESULTS_VERSION,
        "dataset": {"name": "suzhou-news", "version": gold.version, "content_hash": gold.content_hash,
                    "train_sentences": len(gold.train), "test_sentences": len(gold.test)},
        "protocols": {
            "test": "test split; every system (trained systems are fitted on the train split)",
            "all": "train + test gold sentences; off-the-shelf systems only (they never saw this data)",
        },
        "settings": {"n_resamples": config.n_resamples, "seed": config.seed, "confidence": config.confidence,
                     "speed_rounds": config.speed_rounds, "oov_word_list": "train split vocabulary"},
        "environment": {"python": sys.version.split()[0], "platform": platform.platform(),
                        "machine": platform.machine(), "git_commit": code_revision(),
                        "suzhou_news": package_version("suzhou-news")},
        "results": results,
        "paired_bootstrap": paired,
    }


def validate_results(doc: dict) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMA_DIR / "results.schema.json").read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path)
        raise ValueError(f"results.json does not match schemas/results.schema.json at {where}: {e.message}")


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _ci(ci: list[float] | None) -> str:
    return "–" if not ci else f"[{_pct(ci[0])}, {_pct(ci[1])}]"


def _speed(entry: dict) -> str:
    cps = entry["speed"]["chars_per_second"]
    mem = entry["speed"].get("memory", {})
    peak = "–" if "peak_rss_mib" not in mem else f"{mem['peak_rss_mib']:,.0f} (+{mem['system_rss_mib']:,.0f})"
    return ("–" if cps is None else f"{cps:,.0f}") + " | " + peak


def _name(entry: dict) -> str:
    """The system's name; a row scored from a prediction file is marked as a submission."""
    return f"`{entry['system']}`" + (" (submission)" if entry.get("submission") else "")


def _rank(entries: list[dict], key: str) -> list[dict]:
    return sorted(entries, key=lambda e: (-(e[key]["f1"] or 0.0), e["system"]))


def leaderboard(doc: dict) -> str:
    res = doc["results"]
    ds = doc["dataset"]
    out = [f"Dataset suzhou-news {ds['version'] or '(unreleased build)'} (content `{ds['content_hash'][:12]}`), "
           f"{ds['test_sentences']} test / {ds['train_sentences']} train sentences. F1 with a 95% bootstrap CI "
           f"({doc['settings']['n_resamples']} resamples over sentences, seed {doc['settings']['seed']}); "
           "speed is the median of "
           f"{doc['settings']['speed_rounds']} runs over the test split (characters per second, one process); peak RSS is "
           "that of a fresh process that loads the system and runs it over the test split (in brackets: the part "
           "added after the benchmark code was loaded).", ""]
    for protocol, title in (("test", "test split"), ("all", "all gold sentences, off-the-shelf systems only")):
        cws = [e for e in res if e["task"] == "cws" and e["protocol"] == protocol]
        if cws:
            out += [f"### Word segmentation — {title}", "",
                    "| # | system | trained | F1 | 95% CI | P | R | OOV recall | IV recall | chars/s | peak RSS MiB |",
                    "|---|---|---|---|---|---|---|---|---|---|---|"]
            for i, e in enumerate(_rank(cws, "cws"), 1):
                m = e["cws"]
                out.append(f"| {i} | {_name(e)} | {'yes' if e['trained'] else 'no'} | **{_pct(m['f1'])}** | "
                           f"{_ci(m['f1_ci'])} | {_pct(m['precision'])} | {_pct(m['recall'])} | "
                           f"{_pct(m['oov_recall'])} | {_pct(m['iv_recall'])} | {_speed(e)} |")
            out.append("")
        ner = [e for e in res if e["task"] == "ner" and e["protocol"] == protocol]
        if ner:
            types = ["PER", "LOC", "ORG"]
            out += [f"### NER, MSRA types (PER/LOC/ORG) — {title}", "",
                    "| # | system | trained | F1 | 95% CI | P | R | " + " | ".join(f"{t} F1" for t in types) + " | chars/s | peak RSS MiB |",
                    "|---|---|---|---|---|---|---|" + "---|" * len(types) + "---|---|"]
            for i, e in enumerate(_rank(ner, "ner_msra"), 1):
                m = e["ner_msra"]
                per = [_pct(m["per_type"].get(t, {}).get("f1")) for t in types]
                out.append(f"| {i} | {_name(e)} | {'yes' if e['trained'] else 'no'} | **{_pct(m['f1'])}** | "
                           f"{_ci(m['f1_ci'])} | {_pct(m['precision'])} | {_pct(m['recall'])} | "
                           + " | ".join(per) + f" | {_speed(e)} |")
            out.append("")
            fine = [e for e in ner if "ner_fine" in e]
            if fine:
                labels = ["PER", "ORG", "GPE", "LOC", "TITLE", "EVENT"]
                out += [f"### NER, fine labels — {title}", "",
                        "| # | system | F1 | 95% CI | P | R | " + " | ".join(labels) + " |",
                        "|---|---|---|---|---|---|" + "---|" * len(labels)]
                for i, e in enumerate(_rank(fine, "ner_fine"), 1):
                    m = e["ner_fine"]
                    per = [_pct(m["per_type"].get(t, {}).get("f1")) for t in labels]
                    out.append(f"| {i} | {_name(e)} | **{_pct(m['f1'])}** | {_ci(m['f1_ci'])} | "
                               f"{_pct(m['precision'])} | {_pct(m['recall'])} | " + " | ".join(per) + " |")
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def chart(doc: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 5), dpi=110)
    for ax, task, key, title in ((axes[0], "cws", "cws", "Word segmentation (test split)"),
                                 (axes[1], "ner", "ner_msra", "NER, MSRA types (test split)")):
        entries = [e for e in doc["results"] if e["task"] == task and e["protocol"] == "test"]
        for k, e in enumerate(sorted(entries, key=lambda e: e["system"])):
            f1, ci, cps = e[key]["f1"], e[key]["f1_ci"], e["speed"]["chars_per_second"]
            if f1 is None or not cps:
                continue
            yerr = [[100 * (f1 - ci[0])], [100 * (ci[1] - f1)]] if ci else None
            ax.errorbar(cps, 100 * f1, yerr=yerr, fmt="s" if e["trained"] else "o", capsize=3)
            # stagger labels so systems with nearly equal scores and speed stay readable
            ax.annotate(e["system"], (cps, 100 * f1), textcoords="offset points", xytext=(6, 4 - 9 * (k % 3)),
                        fontsize=7)
        ax.set_xscale("log")
        ax.set_xlabel("throughput (characters per second, log scale)")
        ax.set_ylabel("F1 (%) with 95% bootstrap CI")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
    fig.text(0.5, 0.01, "circles: off-the-shelf; squares: trained on the train split", ha="center", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
