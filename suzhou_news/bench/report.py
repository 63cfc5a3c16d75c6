"""Results → ``results.json`` (self-describing), ``leaderboard.md`` and an F1-vs-throughput chart."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from suzhou_news.builder.dataset.provenance import code_revision, package_version
from suzhou_news.builder.dataset.schema import SCHEMA_DIR
from suzhou_news.builder.gold.labels import LABELS, MSRA_LABELS, msra_label

from .data import Gold
from .metrics.ignore import span_records
from .runner import BenchConfig

RESULTS_VERSION = "1.2.0"  # 1.1.0: several datasets, transfer runs; optional source, counts, submission per row;
# 1.2.0: optional dataset script, settings.convert and a row's input conversion (bench --convert t2s);
#        optional cws_ignoring view and settings.ignore (bench --ignore)
VIEWS = {"cws": "cws", "ner": "ner_msra"}  # the view each task is ranked and compared on


def results_document(gold: Gold | Sequence[Gold], config: BenchConfig, results: list[dict], paired: list[dict],
                     skipped: Sequence[dict] = (), train_on: Gold | None = None) -> dict:
    golds = [gold] if isinstance(gold, Gold) else list(gold)
    first = golds[0]
    return {
        "schema_version": RESULTS_VERSION,
        "dataset": {"name": first.name, "version": first.version, "content_hash": first.content_hash,
                    "train_sentences": len(first.train), "test_sentences": len(first.test)},
        "datasets": [g.describe() for g in golds],
        "train_on": train_on.name if train_on is not None else None,
        "skipped": list(skipped),
        "protocols": {
            "test": "test split; every system (trained systems are fitted on the train split)",
            "all": "train + test gold sentences; off-the-shelf systems only (they never saw this data); "
                   "built suzhou-news datasets only",
        },
        "settings": {"n_resamples": config.n_resamples, "seed": config.seed, "confidence": config.confidence,
                     "speed_rounds": config.speed_rounds, "speed_budget_seconds": config.speed_budget_seconds,
                     "oov_word_list": first.oov_word_list, "convert": config.convert,
                     **({"ignore": span_records(config.ignore, golds)} if config.ignore else {})},
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
    return (f"`{entry['system']}`" + (" (submission)" if entry.get("submission") else "")
            + (f" ({entry['input']['conversion']})" if entry.get("input") else ""))


def _conversion_note(entries: list[dict]) -> list[str]:
    """What ``--convert`` did, under the tables of a dataset where it applied."""
    rec = next((e["input"] for e in entries if e.get("input")), None)
    if rec is None:
        return []
    return [f"Rows marked ({rec['conversion']}): the system only knows Simplified, so its input was converted with "
            f"OpenCC {rec['opencc_config']} ({rec['backend']} {rec['backend_version']}; {rec['changed_characters']:,} "
            f"characters in {rec['changed_sentences']:,} of {rec['sentences']:,} test sentences changed), its output "
            "mapped back onto the original characters and scored on the original text; its speed includes the "
            "conversion.", ""]


def _rank(entries: list[dict], key: str) -> list[dict]:
    return sorted(entries, key=lambda e: (-(e[key]["f1"] or 0.0), e["system"]))


def _in_domain(e: dict) -> bool:
    return e.get("trained_on") in (None, e.get("dataset", "suzhou-news"))


def leaderboard(doc: dict) -> str:
    """Per-dataset tables; with several datasets, the system x dataset matrix; with ``train_on``, transfer."""
    datasets = doc.get("datasets") or [doc["dataset"]]
    out: list[str] = []
    for ds in datasets:
        entries = [e for e in doc["results"] if e.get("dataset", "suzhou-news") == ds["name"] and _in_domain(e)]
        if len(datasets) > 1:
            out += [f"## {ds['name']}", ""]
        out += _dataset_tables(doc, ds, entries)
    if len(datasets) > 1:
        out += _matrix(doc, datasets)
    if doc.get("train_on"):
        out += _transfer(doc, datasets)
    if doc.get("skipped"):
        out += ["Not run: " + "; ".join(f"`{s['system']}` on {s['dataset']} ({s['reason']})" for s in doc["skipped"]), ""]
    return "\n".join(out).rstrip() + "\n"


def _cell(m: dict) -> str:
    return f"{_pct(m['f1'])} {_ci(m['f1_ci'])}"


def _matrix(doc: dict, datasets: list[dict]) -> list[str]:
    """System x dataset: F1 with its CI, test split, each trained system fitted on the dataset's own train split."""
    names = [d["name"] for d in datasets]
    out = []
    for task, title in (("cws", "Word segmentation"), ("ner", "NER, MSRA types")):
        rows: dict[str, dict[str, dict]] = {}
        for e in doc["results"]:
            if e["task"] == task and e["protocol"] == "test" and _in_domain(e):
                rows.setdefault(e["system"], {})[e.get("dataset", "suzhou-news")] = e[VIEWS[task]]
        cols = [n for n in names if any(n in r for r in rows.values())]
        if not rows or not cols:
            continue
        out += [f"### {title}: F1 (95% CI) by dataset, test splits", "",
                "| system | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
        for system in sorted(rows, key=lambda s: (-(rows[s].get(cols[0], {}).get("f1") or 0.0), s)):
            out.append(f"| `{system}` | " + " | ".join(_cell(rows[system][c]) if c in rows[system] else "–"
                                                   for c in cols) + " |")
        out.append("")
    return out


def _transfer(doc: dict, datasets: list[dict]) -> list[str]:
    """Trained on X (``train_on``), tested on every dataset; the in-domain figure beside it."""
    source = doc["train_on"]
    out = []
    for task, title in (("cws", "Word segmentation"), ("ner", "NER, MSRA types")):
        trained = [e for e in doc["results"] if e["task"] == task and e["trained"] and e["protocol"] == "test"]
        cross = [e for e in trained if e.get("trained_on") == source and e.get("dataset") != source]
        if not cross:
            continue
        out += [f"### {title}: trained on {source}, tested on Y", "",
                "| system | tested on | F1 trained on " + source + " | 95% CI | F1 trained on Y | 95% CI | change |",
                "|---|---|---|---|---|---|---|"]
        own = {(e["system"], e["dataset"]): e[VIEWS[task]] for e in trained if _in_domain(e)}
        for e in sorted(cross, key=lambda e: (e["dataset"], e["system"])):
            m, base = e[VIEWS[task]], own.get((e["system"], e["dataset"]))
            change = ("–" if not base or base["f1"] is None or m["f1"] is None
                      else f"{100 * (m['f1'] - base['f1']):+.1f}")
            out.append(f"| {_name(e)} | {e['dataset']} | **{_pct(m['f1'])}** | {_ci(m['f1_ci'])} | "
                       f"{_pct(base['f1']) if base else '–'} | {_ci(base['f1_ci']) if base else '–'} | {change} |")
        out.append("")
    return out


def _dataset_tables(doc: dict, ds: dict, res: list[dict]) -> list[str]:
    label = ds["name"] if ds.get("imported") else f"suzhou-news {ds.get('version') or '(unreleased build)'}"
    out = [f"Dataset {label} (content `{ds['content_hash'][:12]}`), "
           f"{ds['test_sentences']} test / {ds['train_sentences']} train sentences"
           + (", Traditional script" if ds.get("script") == "hant" else "") + ". F1 with a 95% bootstrap CI "
           f"({doc['settings']['n_resamples']} resamples over sentences, seed {doc['settings']['seed']}); "
           "speed is the median of "
           f"up to {doc['settings']['speed_rounds']} runs over the test split (characters per second, one process; "
           "a system slower than half the time budget of "
           f"{doc['settings'].get('speed_budget_seconds', 30):g} s is run once); peak RSS is "
           "that of a fresh process that loads the system and runs it over the test split (its first 50,000 "
           "characters; in brackets: the part "
           "added after the benchmark code was loaded).", ""]
    out += _conversion_note(res)
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
            out += _ignoring_table([e for e in cws if "cws_ignoring" in e], title)
        ner = [e for e in res if e["task"] == "ner" and e["protocol"] == protocol]
        if ner:
            types = list(MSRA_LABELS)
            own = ds.get("labels")  # an imported corpus's own label set (e.g. Weibo's NAM and NOM types)
            dropped = [lab for lab in own or () if not msra_label(lab)]
            note = ([f"The MSRA view maps PER, ORG, GPE, LOC to PER, ORG, LOC, LOC and drops {ds['name']}'s other "
                     f"labels ({', '.join(dropped)}): nominal mentions are scored only in the table of all its labels "
                     "(taggers fitted on its train split).", ""] if dropped else [])
            out += [f"### NER, MSRA types (PER/LOC/ORG) — {title}", "", *note,
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
                labels = own or list(LABELS)
                heading = (f"all {len(own)} labels {ds['name']} declares (compare with published figures over "
                           "the same types)" if own else "fine labels")
                out += [f"### NER, {heading} — {title}", "",
                        "| # | system | F1 | 95% CI | P | R | " + " | ".join(labels) + " |",
                        "|---|---|---|---|---|---|" + "---|" * len(labels)]
                for i, e in enumerate(_rank(fine, "ner_fine"), 1):
                    m = e["ner_fine"]
                    per = [_pct(m["per_type"].get(t, {}).get("f1")) for t in labels]
                    out.append(f"| {i} | {_name(e)} | **{_pct(m['f1'])}** | {_ci(m['f1_ci'])} | "
                               f"{_pct(m['precision'])} | {_pct(m['recall'])} | " + " | ".join(per) + " |")
                out.append("")
    return out


def _ignoring_table(entries: list[dict], title: str) -> list[str]:
    """Word segmentation scored without a span set (``bench --ignore``), beside the F1 on every word."""
    if not entries:
        return []
    name = entries[0]["cws_ignoring"]["ignore"]
    out = [f"### Word segmentation without the spans of `{name}` — {title}", "",
           f"{entries[0]['cws_ignoring']['ignored_gold_words']} gold words left out; the spans are listed in "
           "results.json (`settings.ignore`).", "",
           "| # | system | F1 | 95% CI | P | R | F1 on every word |", "|---|---|---|---|---|---|---|"]
    for i, e in enumerate(_rank(entries, "cws_ignoring"), 1):
        m = e["cws_ignoring"]
        out.append(f"| {i} | {_name(e)} | **{_pct(m['f1'])}** | {_ci(m['f1_ci'])} | {_pct(m['precision'])} | "
                   f"{_pct(m['recall'])} | {_pct(e['cws']['f1'])} |")
    return out + [""]


def chart(doc: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    datasets = [d["name"] for d in doc.get("datasets") or [doc["dataset"]]]
    tasks = ("cws", "ner")
    if len(datasets) == 1:  # the two tasks side by side
        fig, grid = plt.subplots(1, 2, figsize=(12, 5), dpi=110, squeeze=False)
        panels = [(grid[0][k], datasets[0], task) for k, task in enumerate(tasks)]
    else:  # one column per dataset, one row per task, shared F1 axis per task: datasets side by side
        fig, grid = plt.subplots(2, len(datasets), figsize=(5.5 * len(datasets), 10), dpi=110, squeeze=False,
                                 sharey="row")
        panels = [(grid[r][c], name, task) for r, task in enumerate(tasks) for c, name in enumerate(datasets)]
    for ax, name, task in panels:
        _panel(ax, doc, name, task, len(datasets) > 1)
    fig.text(0.5, 0.01, "circles: off-the-shelf; squares: trained on the dataset's train split", ha="center", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _panel(ax, doc: dict, dataset: str, task: str, named: bool) -> None:
    key = VIEWS[task]
    title = {"cws": "Word segmentation", "ner": "NER, MSRA types"}[task]
    entries = [e for e in doc["results"] if e["task"] == task and e["protocol"] == "test"
               and e.get("dataset", "suzhou-news") == dataset and _in_domain(e)]
    for k, e in enumerate(sorted(entries, key=lambda e: e["system"])):
        f1, ci, cps = e[key]["f1"], e[key]["f1_ci"], e["speed"]["chars_per_second"]
        if f1 is None or not cps:
            continue
        yerr = [[100 * (f1 - ci[0])], [100 * (ci[1] - f1)]] if ci else None
        ax.errorbar(cps, 100 * f1, yerr=yerr, fmt="s" if e["trained"] else "o", capsize=3)
        # stagger labels so systems with nearly equal scores and speed stay readable
        ax.annotate(e["system"], (cps, 100 * f1), textcoords="offset points", xytext=(6, 4 - 9 * (k % 3)),
                    fontsize=7)
    ax.set_title(f"{title} ({dataset}, test split)" if named else f"{title} (test split)")
    if not entries:
        ax.text(0.5, 0.5, f"{dataset}: no {task} gold" if named else f"no {task} results", ha="center",
                va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    ax.set_xscale("log")
    ax.set_xlabel("throughput (characters per second, log scale)")
    ax.set_ylabel("F1 (%) with 95% bootstrap CI")
    ax.grid(True, alpha=0.3)
