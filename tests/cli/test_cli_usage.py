"""One way to fail: every command's bad usage exits 2 with one line on stderr and no traceback."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from suzhou_news import __version__
from suzhou_news.cli import main, parser


def _commands(p: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command path of the parser (``build``, ``import sighan``, …), read from argparse itself."""
    subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [prefix]
    return [path for name, child in subs[0].choices.items() for path in _commands(child, prefix + (name,))]


COMMANDS = _commands(parser())


def test_the_command_list_is_complete():
    names = {c[0] for c in COMMANDS}
    assert {"run", "build", "validate", "stats", "bench", "systems", "score", "score-cws", "score-ner", "segment",
            "tag", "check-annotations", "agreement", "annotation-status", "export", "annotate", "release", "diff",
            "publish"} <= names
    assert {c[1] for c in COMMANDS if c[0] == "import"} == {"sighan", "conll", "labelstudio", "doccano"}


def _one_line_error(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unknown_option_exits_2_with_one_line(capsys, command):
    err = _one_line_error(capsys, [*command, "--no-such-option"])
    assert "error:" in err and "--help" in err  # the unknown option, or the missing argument that comes first


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_bad_option_value_exits_2_with_one_line(capsys, command):
    """An option given without its value (or, for commands without options, an extra argument)."""
    options = [a.option_strings[-1] for a in _leaf(command)._actions
               if a.option_strings and a.nargs is None and a.option_strings[-1] != "--help"]
    argv = [*command, options[0]] if options else [*command, "a", "b", "c", "d"]
    _one_line_error(capsys, argv)


def _leaf(command: tuple[str, ...]) -> argparse.ArgumentParser:
    p = parser()
    for name in command:
        p = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
    return p


@pytest.mark.parametrize("argv, says", [
    (["bench", "--resamples", "10"], "--resamples must be at least 1000"),
    (["score", "--task", "cws", "--predictions", "p.jsonl", "--resamples", "5"], "--resamples must be at least 1000"),
    (["bench", "--model", "m"], "need --system hf"),
    (["bench", "--system", "jieba.defualt.v1", "--dataset", "."], "Did you mean"),
    (["validate", "no-such-folder"], "not a folder"),
    (["stats", "no-such-folder"], "not a folder"),
    (["annotation-status", "--annotations", "no-such-folder"], "not a folder"),
    (["segment", "--system", "crf.char-bmes.v1"], "is trained: pass --dataset"),
    (["tag", "--system", "jieba.default.v1"], "is a cws system"),
    (["score-cws", "--gold", "missing-gold.utf8", "--pred", "missing-pred.utf8"], "cannot read"),
    (["score-ner", "missing.conll"], "cannot read"),
    (["build", "--raw", "no-such-folder", "--out", "out", "--manifest", "m.json"], "raw folder not found"),
])
def test_bad_input_found_by_the_library_exits_2_with_one_line(tmp_path, monkeypatch, capsys, argv, says):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], captured.err


def test_version():
    out = subprocess.run([sys.executable, "-m", "suzhou_news", "--version"], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == f"suzhou-news {__version__}"


def test_a_real_process_prints_no_traceback_for_bad_usage(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "suzhou_news", "bench", "--resamples", "10"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: --resamples must be at least 1000, got 10"


def test_a_reader_that_goes_away_ends_the_command_quietly():
    """`suzhou-news … | head -1`: the pipe closes before the command is done writing; the command stops with
    141 (as SIGPIPE would) and no traceback."""
    import subprocess
    import sys

    code = ("import argparse, sys\nfrom suzhou_news import cli\n"
            "def noisy(args):\n    for _ in range(100000):\n        print('x' * 80)\n    return 0\n"
            "class Parser:\n    def parse_args(self, argv):\n        return argparse.Namespace(func=noisy)\n"
            "cli.parser = Parser\nsys.exit(cli.main([]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 141 and "Traceback" not in err, err
