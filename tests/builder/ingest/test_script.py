"""Script detection and OpenCC conversion; the pure-Python OpenCC is accepted as a drop-in."""

import sys
import types

import pytest

from suzhou_news.errors import SuzhouNewsError
from suzhou_news.builder.ingest.script import Converter, detect_script


@pytest.fixture(scope="module")
def converter():
    return Converter()


def test_traditional_text_is_detected_and_converted(converter):
    trad = "中共蘇州市相城區委五屆九次全會暨區委經濟工作會議召開"
    assert detect_script(trad, converter) == "hant"
    assert converter.t2s(trad) == "中共苏州市相城区委五届九次全会暨区委经济工作会议召开"


def test_simplified_text_is_hans_and_text_without_han_defaults_to_hans(converter):
    assert detect_script("苏州市委常委会召开会议，学习贯彻省两会精神。", converter) == "hans"
    assert detect_script("Copyright (C) 2024", converter) == "hans"


def test_the_official_package_is_recorded(converter):
    assert converter.backend.package == "opencc"
    assert converter.backend.version[0].isdigit()


def _fake_opencc(convert):
    """A stand-in for opencc-python-reimplemented: same import name, no compiled ``clib``."""
    module = types.ModuleType("opencc")

    class OpenCC:
        def __init__(self, config):
            self.config = config

        def convert(self, text):
            return convert(text)

    module.OpenCC = OpenCC
    module.__version__ = "0.1.7"
    return module


def test_pure_python_opencc_is_a_drop_in_and_is_recorded(monkeypatch):
    monkeypatch.setitem(sys.modules, "opencc", _fake_opencc(lambda t: t.replace("蘇", "苏")))
    conv = Converter()
    assert conv.t2s("蘇州") == "苏州"
    assert conv.backend.package == "opencc-python-reimplemented"


def test_a_conversion_that_changes_the_length_is_refused(monkeypatch):
    monkeypatch.setitem(sys.modules, "opencc", _fake_opencc(lambda t: t + "!"))
    with pytest.raises(SuzhouNewsError, match="length"):
        Converter().t2s("蘇州")


def test_detection_counts_on_the_han_characters_alone(converter):
    """The sample is the Han characters in order (one table look-up); the 5% threshold reads t2s of that sample."""
    from suzhou_news.builder.ingest.lines import HAN_RE, han_characters

    text = "蘇州a,苏州\n𠀀" + "苏州市" * 30 + "區"
    assert han_characters(text) == "".join(HAN_RE.findall(text))
    # 4 of 100 Han characters change (4%: hans); 5 of 100 reach the threshold (hant); other characters do not count
    assert detect_script("蘇," * 4 + "苏" * 96 + "abc", converter) == "hans"
    assert detect_script("蘇," * 5 + "苏" * 95 + "abc", converter) == "hant"
