"""The floor plan holds: imports go one way (handlers → capabilities → plumbing → models), no
module imports itself back through another, and no production module outgrows 500 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "models")
# The catalogue holds every text in two languages; its length is the product's, not the code's.
LONG_ALLOWED = {"bot/core/i18n.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[str]:
    """Every project module this module imports, at any depth of its code."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                )
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        yield from (name for name in names if name in MODULES)


GRAPH = {module: set(_imports(module, path)) - {module} for module, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle, if there is any (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_there_is_no_import_cycle() -> None:
    assert _cycle() is None, " → ".join(_cycle() or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    GRAPH["bot.core.i18n"].add("bot.core.settings")
    GRAPH["bot.core.settings"].add("bot.core.i18n")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["bot.core.i18n"].discard("bot.core.settings")
        GRAPH["bot.core.settings"].discard("bot.core.i18n")


def test_only_the_app_factory_imports_handlers() -> None:
    importers = {
        module
        for module, targets in GRAPH.items()
        if module.startswith("bot") and any(t.startswith("handlers") for t in targets)
    }
    assert importers <= {"bot.app"}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith("handlers.")))
def test_handler_modules_do_not_import_each_other(module: str) -> None:
    others = {t for t in GRAPH[module] if t.startswith("handlers") and t != module}
    # The package itself only lists the modules for the app factory.
    assert module == "handlers" or not others, others


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("bot.core", "bot.slack"),
        ("bot.core", "bot.requests"),
        ("bot.slack", "bot.requests"),
        ("bot.slack", "bot.teams"),
        ("bot.slack", "bot.pairing"),
        ("models", "bot"),
    ],
)
def test_plumbing_does_not_import_capabilities(lower: str, higher: str) -> None:
    offenders = {
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        if module.startswith(lower)
        for target in targets
        if target.startswith(higher)
    }
    assert not offenders


def test_no_production_module_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert set(long) <= LONG_ALLOWED, long
