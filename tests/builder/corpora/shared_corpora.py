"""Where the distributed standard corpora are (``../shared/corpora`` next to the repository, or
``$SUZHOU_NEWS_SHARED/corpora``), and the skips of the tests that read them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("SUZHOU_NEWS_SHARED", Path(__file__).resolve().parents[3] / ".." / "shared"))
CORPORA = SHARED / "corpora"
GOLD, INPUT, NER = CORPORA / "sighan2005" / "gold", CORPORA / "sighan2005" / "testing", CORPORA / "ner"
SCORERS = CORPORA / "scorers"
SIGHAN = {"pku": "pku_test_gold.utf8", "msr": "msr_test_gold.utf8", "cityu": "cityu_test_gold.utf8",
          "as": "as_testing_gold.utf8"}
CONLL = {  # name -> (label map, {split: file})
    "msra": ("msra", {"test": NER / "msra" / "msra_test_bio.txt"}),
    "peoples-daily": ("peoples-daily", {"validation": NER / "peoples_daily" / "example.dev",
                                        "test": NER / "peoples_daily" / "example.test"}),
    "weibo": ("weibo-keep", {s: NER / "weibo" / f"weiboNER_2nd_conll.{f}"
                             for s, f in (("train", "train"), ("validation", "dev"), ("test", "test"))}),
}

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(),
    reason=f"the distributed corpora are not at {CORPORA} (set SUZHOU_NEWS_SHARED to the folder holding corpora/)")


def needs_perl() -> None:
    """The official scorers are perl; ``sighan-score`` runs ``/usr/bin/diff -y``."""
    if shutil.which("perl") is None or not Path("/usr/bin/diff").exists():
        pytest.skip("the official scorers need perl and GNU diff at /usr/bin/diff (apt-get install perl diffutils)")
