"""The folders show the architecture: imports go one way, and no module is part of an import cycle."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("suzhou_news", "benchmarks")  # the shipped package and the performance lab (not shipped)


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None (iterative DFS, white/grey/black)."""
    state: dict[str, int] = {}
    for root in sorted(edges):
        if state.get(root):
            continue
        stack = [(root, iter(sorted(edges[root])))]
        path = [root]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(edges.get(child, ())))))
                path.append(child)
    return None


def test_find_cycle_finds_one_and_only_one():
    """The checker itself: a → b → c → a is a cycle; a → b, a → c, b → c is not."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles_between_modules():
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    edges = {m: {d for d in graph.find_modules_directly_imported_by(m)
                 if not m.startswith(d + ".")}  # a module importing its own package's __init__ is not a cycle
             for m in graph.modules}
    assert find_cycle(edges) is None


def test_layer_contracts_hold():
    """pyproject.toml's import-linter contracts: command line > bench > builder; builder roles import downwards."""
    proc = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_the_shipped_package_never_imports_the_lab_or_the_tests():
    """``benchmarks/`` and ``tests/`` are not in the wheel: nothing under ``suzhou_news`` may import them."""
    graph = grimp.build_graph("suzhou_news", include_external_packages=True)
    offenders = sorted((m, d) for m in graph.modules if m.startswith("suzhou_news")
                       for d in graph.find_modules_directly_imported_by(m)
                       if d.split(".")[0] in {"benchmarks", "tests", "builder"})
    assert offenders == []
