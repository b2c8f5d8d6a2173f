"""The package's import graph: no cycles, and the README's layer picture is the truth.

Both checks read the source with ``ast`` (module-level and function-level imports alike,
``TYPE_CHECKING`` blocks excluded since they never run), so a cycle hidden behind a
lazy import is found too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

PKG = Path(__file__).resolve().parents[1] / "bri_align"


def _modules() -> Dict[str, Tuple[Path, bool]]:
    mods = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        mods[".".join(parts)] = (p, is_pkg)
    return mods


def _type_checking_nodes(tree: ast.AST) -> Set[int]:
    skip: Set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                skip.update(id(n) for n in ast.walk(sub))
    return skip


def import_graph() -> Dict[str, Set[str]]:
    """``{module: {imported bri_align modules}}``; ``from pkg import name`` counts as an
    import of ``pkg.name`` when that is a module, else of ``pkg``."""
    mods = _modules()
    graph: Dict[str, Set[str]] = {}
    for name, (path, is_pkg) in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        deps: Set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            targets: List[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                for a in node.names:
                    full = f"{stem}.{a.name}"
                    targets.append(full if full in mods else stem)
            for t in targets:
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    deps.add(t)
        graph[name] = deps
    return graph


def strongly_connected(graph: Dict[str, Set[str]]) -> List[List[str]]:
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on: Set[str] = set()
    out: List[List[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle():
    assert strongly_connected(import_graph()) == []


def test_the_scanner_finds_a_lazy_cycle():
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert strongly_connected(graph) == [["a", "b"]]


def readme_layers(readme: str) -> Dict[str, int]:
    """``{module prefix: layer}`` from the README's layer block: lines ``Ln  a · b · c  prose``."""
    block = re.search(r"## Layers.*?```\n(.*?)```", readme, re.S)
    assert block, "README has no '## Layers' code block"
    layers: Dict[str, int] = {}
    for line in block.group(1).splitlines():
        m = re.match(r"L(\d)\s+(\S+(?:\s+·\s+\S+)*)", line)
        if m:
            for name in m.group(2).split(" · "):
                layers[f"bri_align.{name}"] = int(m.group(1))
    return layers


def _layer_of(module: str, layers: Dict[str, int]) -> int:
    best = None
    for prefix in layers:
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best):
                best = prefix
    if best is None:
        pytest.fail(f"{module} is in no layer of the README's picture; add it there")
    return layers[best]


def test_readme_layer_picture_matches_the_imports(repo_root):
    layers = readme_layers((repo_root / "README.md").read_text(encoding="utf-8"))
    graph = import_graph()
    facade = {"bri_align", "bri_align.__main__"}  # the public facade re-exports every layer, lazily
    upward = []
    for src, deps in graph.items():
        if src in facade:
            continue
        for dst in deps:
            if dst in facade:
                upward.append(f"{src} imports the package facade {dst}")
            elif _layer_of(dst, layers) > _layer_of(src, layers):
                upward.append(f"{src} (L{_layer_of(src, layers)}) imports {dst} (L{_layer_of(dst, layers)})")
    assert upward == []
