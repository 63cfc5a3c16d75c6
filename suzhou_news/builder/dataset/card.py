"""The dataset card (``README.md`` of an output folder): YAML ``configs`` and ``dataset_info``.

``datasets.load_dataset(folder, config, split=...)`` reads the ``configs:``
block to find each config's files and ``dataset_info`` for the declared
features and split sizes; no loading script is involved.
"""

from __future__ import annotations

import yaml

from suzhou_news.builder.dataset.schema import TableSchema

# The article texts stay their publishers'; the annotations and code are CC BY 4.0 (see the card's licence section).
LICENSE = {"license": "other", "license_name": "news-text-research-use-annotations-cc-by-4.0"}

# What the build does to the punctuation of titles and texts (suzhou_news.builder.ingest.normalize.normalize_punct).
PUNCTUATION = (
    "Punctuation: titles and texts (and their `original_` columns, which keep the original script, not the "
    "original punctuation) get the same one-for-one normalisation. Half-width `,` `;` `:` `?` `!` next to Chinese "
    "text become `，` `；` `：` `？` `！` (never between digits: `1,000`, `16:41`); a matched `( … )` or `\" … \"` "
    "pair on one line around Chinese text becomes `（ … ）` or `“ … ”`, so a headline's `(图)` reads `（图）`. "
    "Nothing inside a corrupted span changes, and no character is added or removed."
)
# What the HTML extractor makes of a table (suzhou_news.builder.ingest.density.blocks): the texts may hold tabs.
TABLE_ROWS = "Tables: from an HTML page, a table row is one line, its cells separated by a tab."


def yaml_header(schemas: dict[str, TableSchema], files: dict[str, dict[str, list[str]]],
                sizes: dict[str, dict[str, tuple[int, int]]], extra: dict | None = None) -> str:
    """``files[config][split]`` → paths; ``sizes[config][split]`` → (num_bytes, num_examples).

    A config without a file in any split (the gold configs of a crawl nobody annotated) is not declared:
    ``load_dataset`` cannot load a config whose ``data_files`` match nothing, and an empty Parquet file
    would claim a split that holds no data. Loading it then fails with the configs that do exist.
    """
    from datasets import DatasetInfo, SplitDict, SplitInfo

    configs, infos = [], []
    for name in sorted(n for n in files if any(files[n].values())):
        entry = {"config_name": name}
        if name == "documents":
            entry["default"] = True
        entry["data_files"] = [
            {"split": split, "path": f"{name}/{split}-*.parquet"} for split in sorted(files[name])
        ]
        configs.append(entry)
        splits = SplitDict(
            {s: SplitInfo(name=s, num_bytes=sizes[name][s][0], num_examples=sizes[name][s][1]) for s in sorted(files[name])}
        )
        info = DatasetInfo(features=schemas[name].features, splits=splits, config_name=name)
        d = info._to_yaml_dict()
        infos.append({"config_name": name, "features": d["features"], "splits": d["splits"]})
    meta = dict(extra or {})
    meta["configs"] = configs
    meta["dataset_info"] = infos
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def basic_card(header: str, summary_lines: list[str]) -> str:
    body = "\n".join(summary_lines)
    return f"{header}\n# suzhou-news\n\n{body}\n"
