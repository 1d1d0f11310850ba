"""The packages are layered one way: connectors → api → bot → domain → knowledge → core.

A module may import its own package and any package below it, never one above. Lazy
imports inside functions and TYPE_CHECKING blocks count too: an arrow is an arrow.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "knowledge", "domain", "bot", "api", "connectors", "main"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}
MAX_LINES = 400


def _python_files():
    for package in LAYERS:
        path = ROOT / package
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [ROOT / f"{package}.py"]


def _imported_packages(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def upward_imports() -> list[str]:
    found = []
    for path in _python_files():
        own = path.relative_to(ROOT).parts[0].removesuffix(".py")
        for lineno, imported in _imported_packages(ast.parse(path.read_text(), str(path))):
            if imported in RANK and RANK[imported] > RANK[own]:
                found.append(f"{path.relative_to(ROOT)}:{lineno} {own} imports {imported}")
    return found


def test_no_package_imports_a_higher_layer():
    assert upward_imports() == []


def test_the_checker_sees_an_upward_import(tmp_path):
    tree = ast.parse("def f():\n    from api.settings import Settings\n")
    assert [name for _, name in _imported_packages(tree)] == ["api"]


@pytest.mark.parametrize("package", LAYERS[:-1])
def test_no_python_file_is_over_the_size_limit(package):
    long_files = [f"{p.relative_to(ROOT)} ({n} lines)" for p in (ROOT / package).rglob("*.py")
                  if (n := len(p.read_text().splitlines())) > MAX_LINES]
    assert long_files == []
