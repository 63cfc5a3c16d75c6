"""The benchmark as library calls: load the gold of datasets, run and write a bench, score a prediction file,
ready one system."""

from __future__ import annotations

import json
from pathlib import Path

from suzhou_news.errors import InputError, UsageError

MIN_RESAMPLES = 1000  # results.schema.json requires at least this many bootstrap resamples


def check_resamples(n: int) -> None:
    """Fail before a run, not after it, on a resample count the results schema would refuse."""
    if n < MIN_RESAMPLES:
        raise UsageError(f"--resamples must be at least {MIN_RESAMPLES}, got {n}")


def load_golds(datasets: Path | list[Path], train_on: Path | None = None) -> tuple[list, object]:
    """The gold of every dataset (names must differ) and of ``train_on`` (reused when also a dataset)."""
    from .data import load_gold

    paths = [datasets] if isinstance(datasets, Path) else list(dict.fromkeys(datasets))
    golds = [load_gold(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, gold in zip(paths, golds):
        if gold.name in seen:
            raise InputError(f"{path} and {seen[gold.name]} are both named {gold.name!r}; results are keyed by "
                             "dataset name, so import one of them again under another --name")
        seen[gold.name] = path
    source = None
    if train_on is not None:
        same = [g for p, g in zip(paths, golds) if p.resolve() == train_on.resolve()]
        source = same[0] if same else load_gold(train_on)
        if not source.train:
            raise InputError(f"--train-on {train_on}: the dataset has no train split to fit the trained systems on")
    return golds, source


def bench(dataset: Path | list[Path], out: Path, systems: tuple[str, ...] = (), n_resamples: int = MIN_RESAMPLES,
          train_on: Path | None = None, measure_memory: bool = True, overrides: tuple = (),
          convert: str | None = None, ignore: str | None = None) -> dict:
    """Score ``systems`` (default: every baseline) on every dataset; write results.json, leaderboard.md, chart.

    ``ignore`` names a span set (``suzhou_news.bench.metrics.ignore.IGNORE_SETS``): word segmentation is also
    scored without those spans."""
    from suzhou_news.builder.dataset.outputs import check_output

    from .convert import check_conversion
    from .report import results_document
    from .runner import BenchConfig, run_datasets

    check_resamples(n_resamples)
    check_conversion(convert)
    check_ignore(ignore)
    check_names(systems)
    check_output(out, "bench", results_inputs(dataset, train_on), whole=False)  # before the systems run
    golds, source = load_golds(dataset, train_on)
    config = BenchConfig(systems=systems, n_resamples=n_resamples, measure_memory=measure_memory,
                         overrides=overrides, convert=convert, ignore=ignore)
    results, paired, skipped = run_datasets(golds, config, train_on=source)
    doc = results_document(golds, config, results, paired, skipped, source)
    write_results(doc, out, "bench", results_inputs(dataset, train_on), chart_file=True)
    return doc


def score(dataset: Path, predictions: Path, task: str, out: Path, sub, *, fmt: str | None = None,
          against: Path | None = None, n_resamples: int = MIN_RESAMPLES) -> dict:
    """A prediction file scored like a ``bench`` row (``sub``: a :class:`~.score.Submission`), paired with the
    systems of the ``against`` bench run; results.json and leaderboard.md written to ``out``."""
    from suzhou_news.builder.dataset.outputs import Guarded, check_output

    from .data import load_gold
    from .predictions import read_predictions
    from .report import results_document
    from .runner import BenchConfig
    from .score import check_submission, load_against, paired_with, submission_row

    check_resamples(n_resamples)
    check_submission(sub)
    inputs = (*results_inputs(dataset), Guarded("--predictions", predictions),
              *((Guarded("--against", against),) if against else ()))
    check_output(out, "score", inputs, whole=False)  # before anything is scored
    gold = load_gold(dataset)
    others = load_against(against, gold) if against else []
    preds = read_predictions(predictions, task, gold.split(sub.protocol), label_set=sub.label_set or "msra",
                             fmt=fmt)
    config = BenchConfig(n_resamples=n_resamples, measure_memory=False)
    row, counts = submission_row(gold, preds, sub, config)
    doc = results_document(gold, config, [*others, row], paired_with(sub.name, counts, others, gold, config))
    write_results(doc, out, "score", inputs, chart_file=False)
    return doc


def write_results(doc: dict, out: Path, command: str, inputs: tuple, *, chart_file: bool) -> None:
    """Check ``doc`` against the results schema, then write results.json, leaderboard.md (and the chart) into
    ``out`` under its lock; other files in ``out`` are left alone."""
    from suzhou_news.builder.dataset.outputs import claim_output
    from suzhou_news.builder.dataset.write import write_text_atomic

    from .report import chart, leaderboard, validate_results

    validate_results(doc)
    with claim_output(out, command, inputs, whole=False):
        out.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out / "results.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        write_text_atomic(out / "leaderboard.md", leaderboard(doc))
        if chart_file:
            chart(doc, out / "f1-vs-throughput.png")


def results_inputs(dataset: Path | list[Path], train_on: Path | None = None) -> tuple:
    """What a results folder (``bench``, ``score`` ``--out``) must leave alone: the datasets read, the project's
    inputs (it may not be inside the raw folder either)."""
    from suzhou_news.builder.dataset.outputs import Guarded, default_inputs

    datasets = [dataset] if isinstance(dataset, Path) else list(dataset)
    return (*(Guarded("--dataset", d) for d in datasets), *((Guarded("--train-on", train_on),) if train_on else ()),
            *default_inputs())


def check_ignore(name: str | None) -> None:
    """Fail before a run on a span set that does not exist."""
    from .metrics.ignore import IGNORE_SETS

    if name is not None and name not in IGNORE_SETS:
        raise UsageError(f"--ignore {name!r}: no such span set; choose one of {sorted(IGNORE_SETS)}")


def check_names(names) -> None:
    """Raise the registry's "Did you mean …?" error for a name that is not registered."""
    from .baselines import registry

    for name in names:
        registry.get_class(name)


def ready_system(name: str, task: str, train: Path | None):
    """A registered system, checked against ``task`` and fitted (on ``train``'s train split if it is trained)."""
    from .baselines import registry
    from .data import fit_system, load_gold

    cls = registry.get_class(name)  # checked before the system is built: loading a model takes seconds
    if cls.task != task:
        raise UsageError(f"{name} is a {cls.task} system; choose one of {registry.names(task=task)}")
    if cls.trained and train is None:
        raise UsageError(f"{name} is trained: pass --dataset DIR (its train split is used)")
    system = registry.get(name)
    fit_system(system, load_gold(train) if system.trained else None)
    return system
