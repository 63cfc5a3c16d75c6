"""The release dataset card, generated from the data (Hub dataset-card template sections)."""

from __future__ import annotations

import json
from pathlib import Path


from suzhou_news.builder.dataset.card import LICENSE, PUNCTUATION, TABLE_ROWS, yaml_header
from suzhou_news.builder.gold.labels import LABELS
from suzhou_news.builder.dataset.schema import all_schemas
from suzhou_news.builder.gold.silver import card_lines_of as silver_card_lines
from suzhou_news.builder.checks.stats import collect

CITATION = """@misc{suzhou_news_%(year)s,
  title        = {suzhou-news: a cleaned, annotated benchmark of Chinese government news about Suzhou},
  author       = {{suzhou-news contributors}},
  year         = {%(year)s},
  note         = {Version %(version)s},
  howpublished = {Hugging Face Hub dataset}
}"""


def size_category(n: int) -> str:
    """The Hub's size bucket for ``n`` examples."""
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]
    return next((name for limit, name in bounds if n < limit), "1M<n<10M")


def _example(root: Path, config: str, limit: int = 160) -> str:
    from suzhou_news.builder.gold.export import read_config

    split = "test" if any((root / config).glob("test-*.parquet")) else "train"
    row = read_config(root, config)[split][0]  # ClassLabel values decoded to their names

    def trim(v):
        if isinstance(v, str) and len(v) > limit:
            return v[:limit] + "…"
        if isinstance(v, list) and len(v) > 24:
            return [trim(x) for x in v[:24]] + ["…"]
        if isinstance(v, list):
            return [trim(x) for x in v]
        if isinstance(v, dict):
            return {k: trim(x) for k, x in v.items()}
        return v

    shown = trim(row)
    # one field per line, each value compact, so a row reads at a glance
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in shown.items())
    return "{\n" + body + "\n}"


def _fields(schemas) -> list[str]:
    out = []
    for name, schema in schemas.items():
        out.append(f"\n**`{name}`** (schema `schemas/{name}.schema.json`, version {schema.version})\n")
        out.append("| field | type | description |\n|---|---|---|")
        for field, node in schema.json_schema["properties"].items():
            kind = node.get("type")
            if "x-class-label" in node:
                kind = "ClassLabel(" + ", ".join(node["x-class-label"]) + ")"
            elif kind == "array" and "x-class-label" in node["items"]:
                kind = "list of ClassLabel(" + ", ".join(node["items"]["x-class-label"][:7]) + (", …" if len(node["items"]["x-class-label"]) > 7 else "") + ")"
            elif kind == "array":
                kind = f"list of {node['items'].get('type')}"
            out.append(f"| `{field}` | {kind if isinstance(kind, str) else ' or '.join(kind)} | {node.get('description', '')} |")
    return out


def _splits_table(stats: list[dict]) -> list[str]:
    by = {(s["config"], s["split"]): s for s in stats}
    rows = ["| split | documents | sentences | characters | words | " + " | ".join(LABELS) + " |",
            "|---|---|---|---|---|" + "---|" * len(LABELS)]
    for split in ("train", "test"):
        doc, sent = by.get(("documents", split)), by.get(("sentences", split))
        seg, ner = by.get(("segmentation", split)), by.get(("ner", split))
        if not doc:
            continue
        ents = ner["entities"] if ner else {}
        rows.append(f"| {split} | {doc['rows']} | {sent['rows'] if sent else 0} | {doc['characters']} | "
                    f"{seg['words'] if seg else 0} | " + " | ".join(str(ents.get(k, 0)) for k in LABELS) + " |")
    return rows


def _agreement(passes: Path) -> list[str]:
    from suzhou_news.builder.gold.agreement import agreement

    if not (passes / "second").is_dir():
        return ["No second annotation pass is recorded."]
    r = agreement(passes / "first", passes / "second")
    if not r["sentences"]:
        return ["No second annotation pass is recorded."]
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}"  # noqa: E731
    lines = [f"The test split was annotated twice, independently (neither pass saw the other): "
             f"{r['sentences']} sentences of {len(r['documents'])} documents. Agreement before adjudication:", "",
             "| measure | F1 | matched | pass 1 | pass 2 |", "|---|---|---|---|---|",
             f"| words | {pct(r['word']['f1'])} | {r['word']['matched']} | {r['word']['first']} | {r['word']['second']} |",
             f"| entities (exact span and label) | {pct(r['entity']['f1'])} | {r['entity']['matched']} | "
             f"{r['entity']['first']} | {r['entity']['second']} |"]
    for label, c in r["entity_per_label"].items():
        lines.append(f"| entities: {label} | {pct(c['f1'])} | {c['matched']} | {c['first']} | {c['second']} |")
    lines += ["", "The disagreements were then adjudicated into the single gold that this release contains."]
    return lines


BENCH_FILES = {"results.json": "benchmark-results.json", "leaderboard.md": "leaderboard.md",
               "f1-vs-throughput.png": "f1-vs-throughput.png"}


def matching_results(results: Path | None, content_hash: str) -> tuple[Path | None, str | None]:
    """``(results folder, None)`` if its results were computed on exactly this data, else ``(None, why)``."""
    if not results or not all((results / name).exists() for name in ("results.json", "leaderboard.md")):
        return None, "Run `suzhou-news bench` on this folder to produce the leaderboard."
    scored = json.loads((results / "results.json").read_text(encoding="utf-8"))["dataset"]["content_hash"]
    if scored != content_hash:
        return None, (f"The available results were computed on other data (content `{scored[:12]}`), not on this "
                      "release; run `suzhou-news bench` on this folder to produce its leaderboard.")
    return results, None


def _leaderboard(results: Path | None, content_hash: str) -> list[str]:
    found, why = matching_results(results, content_hash)
    if found is None:
        return [why]
    return [f"Computed on exactly this release's data (content `{content_hash[:12]}`) with `suzhou-news bench`; "
            "`benchmark-results.json` in this folder has every figure, the paired bootstrap tests and the "
            "environment, and `f1-vs-throughput.png` plots F1 against speed.", "",
            (found / "leaderboard.md").read_text(encoding="utf-8").strip()]


def render_card(root: Path, config, manifest: dict) -> str:
    schemas = {k: v for k, v in all_schemas(config.schema_dir).items() if (root / k).is_dir()}
    stats = collect(root)
    report = json.loads((root / "build-report.json").read_text(encoding="utf-8"))
    files: dict[str, dict[str, list[str]]] = {}
    sizes: dict[str, dict[str, tuple[int, int]]] = {}
    for s in stats:
        paths = sorted(p.relative_to(root).as_posix() for p in (root / s["config"]).glob(f"{s['split']}-*.parquet"))
        files.setdefault(s["config"], {})[s["split"]] = paths
        nbytes = sum((root / p).stat().st_size for p in paths)
        sizes.setdefault(s["config"], {})[s["split"]] = (nbytes, s["rows"])
    n_sent = sum(s["rows"] for s in stats if s["config"] == "sentences")
    meta = {
        "pretty_name": "suzhou-news",
        **LICENSE,
        "language": ["zh"],
        "language_details": "zh-CN",
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["word-segmentation", "chinese-word-segmentation", "news", "government", "simplified-chinese"],
        "size_categories": [size_category(n_sent)],
    }
    header = yaml_header(schemas, files, sizes, extra=meta)
    ov = report["train_test_overlap"]
    corrupted, redactions = report["totals"]["corrupted_spans"], report["totals"]["redactions"]
    excluded = report.get("annotations", {}).get("coverage", {}).get("excluded", {})
    version = manifest["version"]
    parts = [
        header,
        "# Dataset Card for suzhou-news", "",
        "## Dataset Summary", "",
        "suzhou-news is a small, carefully cleaned corpus of Chinese news articles about Suzhou "
        "(government and party news from portals, local papers and a Traditional-script outlet), with gold "
        "word segmentation (Penn Chinese Treebank conventions) and flat named entities (PER, ORG, GPE, LOC, "
        "TITLE, EVENT; mapped to the three MSRA types as well). It is a benchmark for choosing a segmenter or "
        "NER system for Chinese government and news text, with a reproducible leaderboard.",
        "", f"Version **{version}**, content hash `{manifest['content_hash'][:16]}…` (see `manifest.json`, "
        "`SHA256SUMS`).", "",
        "```python", "from datasets import load_dataset",
        "# the path of this folder, or the Hub repository id it was published under",
        "ner = load_dataset(\"path/to/suzhou-news\", \"ner\", split=\"test\")", "```", "",
        "## Dataset Structure", "",
        "Configs: " + ", ".join(f"`{n}`" for n in schemas) + ". The `sentences`, `segmentation` and `ner` "
        "configs share sentence ids (`<doc_id>-sNNNN`); offsets are half-open character offsets.", "",
        "### Data Instances", "",
    ]
    for name in schemas:
        parts += [f"`{name}` (first row of the test split, labels shown by name, long values shortened):", "",
                  "```json", _example(root, name), "```", ""]
    parts += ["### Data Fields", *_fields(schemas), "",
              "### Data Splits", "",
              "Whole documents are assigned to `train` or `test` (a committed manifest pins them; new documents go "
              "by a stable hash of their id; near-duplicates share a split).", "",
              *_splits_table(stats), "",
              "## Dataset Creation", "",
              "### Source Data", "",
              f"{report['included']} crawled news pages ({report['excluded']} files excluded). Each page is decoded "
              "(strict UTF-8 first, then a detector limited to GB18030/Big5/UTF-16), stripped of page furniture by "
              "general layout features (every removed line is in `build-report.json` with a reason code), "
              "normalised (NFC; converter pinyin such as 區(qū) removed; half-width punctuation inside Chinese text "
              f"made full-width), converted from Traditional to Simplified with OpenCC ({manifest['opencc']['package']} "
              f"{manifest['opencc']['version']}; `original_text` keeps the original script), and split into sentences.", "",
              PUNCTUATION, "", TABLE_ROWS, "",
              "### Annotations", "",
              "Annotation followed the project's guidelines, shipped with this release as "
              "[`annotation-guidelines.md`](annotation-guidelines.md) "
              "(CTB segmentation with a decision table for recurring hard cases; flat entity scheme with boundary rules). "
              "Every sentence was pre-annotated by a tool, then reviewed and corrected sentence by sentence against the "
              "guidelines, and marked `reviewed` in the annotation files. A consistency checker lists every string "
              "segmented or labelled two ways; each was fixed or justified in the guidelines. Each document's "
              "annotation file names its annotators and pass in its header.", "",
              *_agreement(config.passes), *silver_card_lines(root), "",
              "## Known Limitations", "",
              f"- **Redactions**: the source pages mask some dates and figures (`*月*日`, `****年`, `世界***强`); "
              f"{redactions} masks are kept verbatim and listed in `documents.redactions`.",
              f"- **Corrupted spans**: {corrupted} mojibake spans (in the Traditional-script article) are marked in "
              f"`documents.corrupted`; sentences containing them are left out of the gold "
              f"({', '.join(f'{v} {k}' for k, v in excluded.items()) or 'none'} excluded).",
              f"- **Size**: {n_sent} sentences from {report['included']} articles. Confidence intervals on the "
              "leaderboard are wide; treat small differences between systems as noise.",
              "- **Annotators**: the reviews, the second pass and the adjudication of v1.0.0 were done by "
              "large-language-model annotator agents, each working only from the guidelines; no human annotator has "
              "checked the gold yet. Two passes made the same way probably agree more than two people would, so read "
              "the agreement figures as an upper bound.",
              "- **Domain**: political and government news from one city; vocabulary (titles, bodies, slogans) is "
              "narrow and repetitive, and results do not transfer to other genres without checking.",
              f"- **Train/test overlap**: {ov['shared_unique_sentences']} of {ov['test_unique_sentences']} unique test "
              "sentences also occur in train (exact match, whitespace ignored). Entity strings do recur across "
              "documents, which favours trained and gazetteer systems.", "",
              "## Licensing Information", "",
              "The article texts remain the property of their publishers and are included for research on "
              "text processing only. The annotations, cleaning code and documentation are released under CC BY 4.0.", "",
              "## Citation Information", "", "```bibtex",
              CITATION % {"year": manifest.get("release_year") or "n.d.", "version": version}, "```", "",
              "## Leaderboard", ""]
    parts += _leaderboard(config.results, manifest["content_hash"])
    return "\n".join(parts) + "\n"
