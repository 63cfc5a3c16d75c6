"""Default paths of the library configs and the command line, in one place.

Paths a curator edits (raw articles, annotations, the split manifest, the release registry) are relative
to the working directory: run those commands from the project folder, or pass the option. ``run`` reads
the bundled corpus from the installed package (``suzhou_news.package_data``) and writes only below the
working directory.
"""

from __future__ import annotations

from pathlib import Path

DATASET = Path("dist/suzhou-news")  # build output, bench input
RESULTS = Path("results")  # bench output
SUBMISSION = RESULTS / "submission"  # score output
RELEASES = Path("dist/releases")  # release output: RELEASES / vX.Y.Z

RAW = Path("data/raw")
ANNOTATIONS = Path("data/annotations")
PASSES = ANNOTATIONS / "passes"
MANIFEST = Path("data/splits.json")
REGISTRY = Path("data/releases.json")
GUIDELINES = Path("docs/annotation-guidelines.md")
CHANGELOG = Path("CHANGELOG.md")
BENCH_RESULTS_FILE = RESULTS / "results.json"  # read by annotate and build --silver to choose systems
