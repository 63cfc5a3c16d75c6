"""Plugins: the documented example package installed, import paths, broken entry points.

The example plugin is read from ``docs/systems.md`` (its ``example_plugin.py`` and
``pyproject.toml`` blocks), so the documentation cannot drift from what works.
It is installed by the running interpreter's pip into a folder of its own
(``pip install --target``), which the command then has on its path: the
interpreter and its packages are the ones running the tests, never another
Python of the machine. The setuptools of this environment builds it (>= 70.1
builds wheels by itself, see the ``test`` extra) with ``--no-deps
--no-build-isolation --no-index``: nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from suzhou_news.bench.baselines import plugins, registry
from suzhou_news.bench.baselines.plugins import PluginError
from suzhou_news.bench.baselines.registry import Registry, UnknownBaselineError
from suzhou_news.cli import main

REPO = Path(__file__).resolve().parents[3]


def doc_file(name: str) -> str:
    """The fenced block of docs/systems.md whose first line is ``# <name>``."""
    text = (REPO / "docs" / "systems.md").read_text(encoding="utf-8")
    match = re.search(rf"```\w+\n(# {re.escape(name)}\n.*?)```", text, re.S)
    assert match, f"docs/systems.md has no block starting with '# {name}'"
    return match.group(1)


def _cli(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The program in a fresh process whose path has ``site`` (where the plugin was installed)."""
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "suzhou_news", *args], cwd=cwd, env={**os.environ, "PYTHONPATH": path},
                          capture_output=True, text=True, timeout=600, check=False)


def test_the_documented_example_plugin_is_about_twenty_lines():
    code = doc_file("example_plugin.py")
    assert 15 <= len([line for line in code.splitlines() if line.strip()]) <= 25


def test_the_example_plugin_once_installed_shows_up_in_systems_and_bench(tmp_path, tiny_gold):
    package = tmp_path / "suzhou-news-example"
    package.mkdir()
    (package / "example_plugin.py").write_text(doc_file("example_plugin.py"), encoding="utf-8")
    (package / "pyproject.toml").write_text(doc_file("pyproject.toml"), encoding="utf-8")
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--target", str(site), "--no-deps",
                              "--no-build-isolation", "--no-index", "--quiet", str(package)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr

    listed = _cli(site, "systems", "--task", "cws", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in json.loads(listed.stdout)["systems"]}
    assert rows["example.pairs.v1"]["source"] == {
        "kind": "entry-point", "group": "suzhou_news.systems", "name": "pairs", "value": "example_plugin:factory",
        "distribution": "suzhou-news-example", "version": "0.1.0"}
    assert rows["example.pairs.v1"]["package_version"] == "0.1.0" and not rows["example.pairs.v1"]["trained"]
    assert "mm.forward.v1" in rows and all(r["task"] == "cws" for r in rows.values())

    out = tmp_path / "results"
    ran = _cli(site, "bench", "--dataset", str(tiny_gold.path), "--out", str(out),
               "--system", "example.pairs.v1", "--system", "jieba.default.v1", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "`example.pairs.v1`" in ran.stdout
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    mine = [e for e in doc["results"] if e["system"] == "example.pairs.v1"]
    assert [e["protocol"] for e in mine] == ["test", "all"]  # off the shelf: both protocols
    for e in mine:
        assert e["source"]["kind"] == "entry-point" and e["package_version"] == "0.1.0"
        assert e["cws"]["f1_ci"][0] <= e["cws"]["f1"] <= e["cws"]["f1_ci"][1]
        assert e["speed"]["chars_per_second"] > 0 and e["speed"]["memory"]["peak_rss_mib"] > 0
    assert any({p["a"], p["b"]} == {"example.pairs.v1", "jieba.default.v1"} for p in doc["paired_bootstrap"])

    # The same class through an import path scores the same (memory child loads the path itself).
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pairs_by_path.py").write_text(doc_file("example_plugin.py"), encoding="utf-8")
    by_path = _cli(plain, "bench", "--dataset", str(tiny_gold.path), "--out", str(tmp_path / "p"),
                   "--system", "pairs_by_path:factory", cwd=plain)
    assert by_path.returncode == 0, by_path.stderr
    other = json.loads((tmp_path / "p" / "results.json").read_text(encoding="utf-8"))["results"]
    assert [e["cws"] for e in other] == [e["cws"] for e in mine]
    assert other[0]["source"]["kind"] == "import-path" and other[0]["source"]["path"] == "pairs_by_path:factory"
    assert other[0]["speed"]["memory"]["peak_rss_mib"] > 0, other[0]["speed"]["memory"]


def _module(tmp_path, monkeypatch, name: str, body: str) -> None:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))


def test_an_import_path_registers_its_tagger_with_the_module_hash(tmp_path, monkeypatch):
    _module(tmp_path, monkeypatch, "plug_tagger", """\
        from suzhou_news.bench.baselines import Tagger

        class Everything(Tagger):
            name = "plug.everything.v1"

            def _tag_one(self, text):
                return [(0, len(text), "ORG")]
        """)
    assert registry.load("plug_tagger:Everything") == ["plug.everything.v1"]
    assert registry.load("plug_tagger:Everything") == ["plug.everything.v1"]  # loading again is harmless
    assert registry.get("plug.everything.v1").tag([" 苏州 "]) == [[(1, 3, "ORG")]]
    source = registry.source("plug.everything.v1")
    assert source["kind"] == "import-path" and len(source["module_sha256"]) == 64
    assert "plug.everything.v1" in registry.all_names("ner") and "plug.everything.v1" not in registry.names()


@pytest.mark.parametrize("path, message", [
    ("no_such_module_here:factory", "cannot import 'no_such_module_here'"),
    ("plug_bad:missing", "has no attribute 'missing'"),
    ("plug_bad:NOT_A_FACTORY", "neither a Segmenter/Tagger subclass nor a factory"),
    ("plug_bad:gives_strings", "must return a Segmenter or Tagger subclass"),
    ("not an import path", "write it as package.module:factory"),
])
def test_bad_import_paths_say_what_is_wrong(tmp_path, monkeypatch, path, message):
    _module(tmp_path, monkeypatch, "plug_bad", """\
        NOT_A_FACTORY = 3

        def gives_strings():
            return ["jieba"]
        """)
    with pytest.raises(PluginError, match=message):
        registry.load(path)


def test_bench_refuses_a_bad_import_path_and_hf_without_a_model(capsys, tmp_path, tiny_gold):
    out = tmp_path / "out"
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "nowhere_mod:factory"]) == 2
    assert "cannot import 'nowhere_mod'" in capsys.readouterr().err
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "hf"]) == 2
    assert "--system hf needs --model" in capsys.readouterr().err
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "mm.forward.v1", "--model", "x"]) == 2
    assert "need --system hf" in capsys.readouterr().err
    assert main(["bench", "--dataset", str(tiny_gold.path), "--out", str(out), "--system", "hf", "--model", "x",
                 "--label-map", "NR"]) == 2
    assert "--label-map 'NR': write OLD=NEW" in capsys.readouterr().err
    assert not out.exists()


def test_a_broken_entry_point_is_reported_not_fatal(monkeypatch):
    """An installed plugin whose module is gone: discovery records it, warns, and names it on lookup."""
    broken = importlib.metadata.EntryPoint(name="gone", value="no_such_plugin_module:factory", group=plugins.GROUP)
    monkeypatch.setattr(plugins, "entry_points", lambda: [broken])
    monkeypatch.setattr(registry, "_REGISTRY", Registry())
    monkeypatch.setattr(registry, "_discovered", False)
    with pytest.warns(UserWarning, match="gone = no_such_plugin_module:factory was not loaded"):
        registry.all_names()
    [failure] = registry.failures()
    assert failure["entry_point"] == "gone = no_such_plugin_module:factory"
    assert "No module named 'no_such_plugin_module'" in failure["error"]
    with pytest.raises(UnknownBaselineError, match="plugin gone = no_such_plugin_module:factory failed to load"):
        registry.get_class("gone.v1")


def test_systems_lists_every_system_with_its_source(capsys):
    assert main(["systems"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^jieba\.default\.v1\s+cws\s+no\s+jieba \S+\s+builtin suzhou_news\.bench\.baselines\.jieba_seg",
                     text, re.M)
    assert re.search(r"^hf\.ner\.v1\s+ner\s+no\s+transformers .*adapter .*\[needs --model PATH_OR_ID\]", text, re.M)
    assert main(["systems", "--task", "ner", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in listed["systems"]]
    assert names == sorted(names) and set(registry.names("ner")) <= set(names)
    assert all(r["task"] == "ner" for r in listed["systems"]) and listed["failed_plugins"] == []
    crf = next(r for r in listed["systems"] if r["name"] == "crf.char-bio.v1")
    assert crf["trained"] is True and crf["package"] == "python-crfsuite" and crf["package_version"]
