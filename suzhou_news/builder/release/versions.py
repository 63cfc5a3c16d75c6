"""``suzhou-news release``: a versioned, checksummed release folder with card, changelog and provenance.

A release holds the Parquet files of a built dataset, ``README.md`` (the dataset
card, generated from the data), ``CHANGELOG.md``, ``manifest.json``
(provenance) and ``SHA256SUMS`` (every other file).

Versioning rules (also in the README): *patch* for card or documentation fixes
only; *minor* for new documents or annotations, or annotation corrections;
*major* for schema, label-set or guideline changes. ``release`` refuses a
version that is not newer than the last one in ``data/releases.json`` and a
bump smaller than what changed since then.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.errors import InputError
from suzhou_news.builder.dataset.schema import SCHEMA_DIR, all_schemas
from suzhou_news.builder.dataset.provenance import code_revision, dataset_hash, package_version, sha256_file, tree_hash

VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


@dataclass(frozen=True)
class ReleaseConfig:
    version: str
    dataset: Path = defaults.DATASET
    out: Path | None = None
    results: Path | None = defaults.RESULTS
    changelog: Path = defaults.CHANGELOG
    registry: Path = defaults.REGISTRY
    guidelines: Path = defaults.GUIDELINES
    passes: Path = defaults.PASSES
    schema_dir: Path = SCHEMA_DIR

    @property
    def out_dir(self) -> Path:
        return self.out or defaults.RELEASES / f"v{self.version}"


def parse_version(text: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(text)
    if not m:
        raise InputError(f"version {text!r} is not X.Y.Z (semantic versioning), e.g. 1.2.0")
    return tuple(int(x) for x in m.groups())  # type: ignore[return-value]


def fingerprints(dataset: Path, config: ReleaseConfig) -> dict[str, str]:
    """What decides the size of the version bump: data, table schemas, guidelines.

    Only the schemas of the tables this dataset holds count (``results.schema.json``
    describes the benchmark's output, and an optional config such as ``silver`` that
    was not built changes nothing in the release).
    """
    data = dataset_hash(dataset)
    tables = sorted(config.schema_dir / f"{name}.schema.json" for name in all_schemas(config.schema_dir)
                    if (dataset / name).is_dir())
    schemas = tree_hash(tables, config.schema_dir)
    guide = sha256_file(config.guidelines) if config.guidelines.exists() else ""
    rules = guideline_rules(config.guidelines.read_text(encoding="utf-8")) if config.guidelines.exists() else ""
    return {"data": data, "schemas": schemas, "guidelines": guide, "guideline_rules": rules}


EDITORIAL_SECTIONS = ("File format", "Review procedure", "Gold counts")
_CODE_PATH = re.compile(r"`(?:[\w.-]+/)+([\w.-]+\.py)`")


def guideline_rules(text: str) -> str:
    """Hash of the annotation rules: the guidelines without the sections that describe tooling (file format,
    review procedure) or count the data (gold counts), without blank lines, and with code paths reduced to the
    module name (moving a module changes no rule)."""
    keep, skipping = [], False
    for line in text.splitlines():
        if line.startswith("## "):
            skipping = any(title in line for title in EDITORIAL_SECTIONS)
        if not skipping and line.strip():
            keep.append(_CODE_PATH.sub(r"`\1`", line.rstrip()))
    return hashlib.sha256("\n".join(keep).encode("utf-8")).hexdigest()


def required_bump(old: dict[str, str], new: dict[str, str]) -> str:
    """Major for a schema or rule change, minor for data, patch otherwise.

    Guidelines compare by their rules (``guideline_rules``) when both sides record them; an older
    registry entry without that fingerprint compares the whole file.
    """
    guides = "guideline_rules" if "guideline_rules" in old and "guideline_rules" in new else "guidelines"
    if old.get("schemas") != new["schemas"] or old.get(guides) != new[guides]:
        return "major"
    if old.get("data") != new["data"]:
        return "minor"
    return "patch"


def check_version(version: str, registry: list[dict], fps: dict[str, str]) -> None:
    if not registry:
        return
    last = max(registry, key=lambda r: parse_version(r["version"]))
    old, new = parse_version(last["version"]), parse_version(version)
    if new <= old:
        raise InputError(f"version {version} is not newer than the last release {last['version']} "
                         f"(data/releases.json); choose a higher version")
    bump = "major" if new[0] > old[0] else "minor" if new[1] > old[1] else "patch"
    need = required_bump(last.get("fingerprints", {}), fps)
    order = ["patch", "minor", "major"]
    if order.index(bump) < order.index(need):
        raise InputError(f"{version} is a {bump} bump over {last['version']}, but the "
                         f"{'schemas or guidelines' if need == 'major' else 'data'} changed: "
                         f"a {need} bump is required (see the versioning rules in README.md)")


def changelog_entry(changelog: Path, version: str, figures: dict[str, int] | None = None) -> tuple[str, str | None]:
    """The changelog text and the date its ``## [X.Y.Z] - YYYY-MM-DD`` heading gives (or None).

    With the data's ``figures`` (:mod:`suzhou_news.builder.release.figures`), the version's section must quote
    them right, and its ``{name}`` placeholders are filled in in the returned text."""
    if not changelog.exists():
        raise InputError(f"{changelog}: missing; add a CHANGELOG.md with a '## [{version}]' section")
    text = changelog.read_text(encoding="utf-8")
    m = re.search(rf"^## \[{re.escape(version)}\](?:\s*-\s*(\d{{4}}-\d\d-\d\d))?.*?(?=^## \[|\Z)", text, re.M | re.S)
    if not m:
        raise InputError(f"{changelog}: no '## [{version}]' section; write what changed in this release first")
    if figures is None:
        return text, m.group(1)
    from suzhou_news.builder.release.figures import disagreements, fill

    wrong = disagreements(m.group(), figures, first_line=text.count("\n", 0, m.start()) + 1)
    if wrong:
        raise InputError(f"{changelog}: the [{version}] section quotes figures the data does not hold:\n  "
                         + "\n  ".join(wrong) + "\nfix them, or write a placeholder such as {entities} or "
                         "{gold_sentences} and release fills it in from the data")
    return text[: m.start()] + fill(m.group(), figures) + text[m.end():], m.group(1)


def build_manifest(config: ReleaseConfig, dataset: Path, fps: dict[str, str]) -> dict:
    from suzhou_news.builder.dataset.audit import iter_audit

    report = json.loads((dataset / "build-report.json").read_text(encoding="utf-8"))
    return {
        "name": "suzhou-news",
        "version": config.version,
        "content_hash": fps["data"],
        "fingerprints": fps,
        "raw_files": [{"file": f["file"], "sha256": f["sha256"], "status": f["status"],
                       **({"reason": f["reason"]} if f["status"] == "excluded" else {"id": f["id"]})}
                      for f in iter_audit(dataset)],
        "builder": {"package": "suzhou-news", "version": package_version("suzhou-news"), "revision": code_revision()},
        "opencc": report["opencc"],
        "libraries": {"pyarrow": package_version("pyarrow"), "datasets": package_version("datasets")},
        "build_parameters": {
            "split": report["split_config"],
            "schemas": {name: schema.version for name, schema in all_schemas(config.schema_dir).items()},
            "annotation_coverage": report.get("annotations", {}).get("coverage"),
        },
    }


def release(config: ReleaseConfig) -> Path:
    """The release folder, under the locks of the folder and the registry; refused before anything is touched
    when the output would destroy input (dataset/outputs.py)."""
    from suzhou_news.builder.dataset.outputs import Guarded, claim_output, default_inputs

    parse_version(config.version)
    inputs = [Guarded("--dataset", config.dataset), Guarded("--results", config.results or config.dataset),
              Guarded("the changelog", config.changelog), Guarded("the release registry", config.registry),
              Guarded("the annotation guidelines", config.guidelines)]
    with claim_output(config.out_dir, "release", (*inputs, *default_inputs()),
                      also_lock=((config.registry, "the release registry"),)):
        return _release(config)


def _release(config: ReleaseConfig) -> Path:
    from suzhou_news.builder.release.card import BENCH_FILES, matching_results, render_card
    from suzhou_news.builder.checks.validate import validate_dir
    from suzhou_news.builder.dataset.audit import AUDIT_FILE
    from suzhou_news.builder.dataset.write import atomic_output, write_text_atomic

    dataset = config.dataset
    if not (dataset / "build-report.json").exists():
        raise InputError(f"{dataset}: not a built dataset (no build-report.json); run `suzhou-news build` first")
    problems = validate_dir(dataset)
    if problems:
        raise InputError(f"{dataset}: does not validate ({len(problems)} problems, first: {problems[0]}); "
                         "fix the build before releasing")
    if not config.guidelines.is_file():  # the card links to it and the version rules hash it
        raise InputError(f"{config.guidelines}: missing; a release ships the annotation guidelines its card "
                         f"links to (run `suzhou-news release --version {config.version}` from the project folder, "
                         "or pass --guidelines FILE)")
    registry = json.loads(config.registry.read_text(encoding="utf-8"))["releases"] if config.registry.exists() else []
    fps = fingerprints(dataset, config)
    check_version(config.version, registry, fps)
    from suzhou_news.builder.release.figures import data_figures

    changelog, date = changelog_entry(config.changelog, config.version, data_figures(dataset))
    manifest = build_manifest(config, dataset, fps)
    manifest["release_date"] = date
    manifest["release_year"] = date[:4] if date else None
    with atomic_output(config.out_dir, "release") as tmp:
        for p in sorted(dataset.glob("*/*.parquet")):
            (tmp / p.parent.name).mkdir(exist_ok=True)
            shutil.copyfile(p, tmp / p.parent.name / p.name)
        shutil.copyfile(dataset / "build-report.json", tmp / "build-report.json")
        shutil.copyfile(dataset / AUDIT_FILE, tmp / AUDIT_FILE)
        if config.guidelines.exists():
            shutil.copyfile(config.guidelines, tmp / "annotation-guidelines.md")
        bench, _ = matching_results(config.results, fps["data"])
        for name, target in BENCH_FILES.items() if bench else ():
            if (bench / name).exists():
                shutil.copyfile(bench / name, tmp / target)
        (tmp / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / "README.md").write_text(render_card(tmp, config, manifest), encoding="utf-8")
        write_checksums(tmp)
    others = [r for r in registry if r["version"] != config.version]
    entry = {"version": config.version, "content_hash": fps["data"], "fingerprints": fps}
    write_text_atomic(config.registry, json.dumps({"releases": others + [entry]}, indent=2) + "\n")
    return config.out_dir


def write_checksums(root: Path) -> None:
    lines = [f"{sha256_file(p)}  {p.relative_to(root).as_posix()}"
             for p in sorted(root.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"]
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
