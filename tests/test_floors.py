"""The house's floors: every module sits in its domain's folder, and imports only run down."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The core's floors, from the ground up (ARCHITECTURE.md draws them). A package imports only
# from floors below its own; two packages on one floor never import each other.
CORE_FLOORS: list[set[str]] = [
    {"errors", "resources"},
    {"ids", "files", "schema"},
    {"access", "formatting", "work"},
    {"store", "office", "schedule"},
    {"sheets"},
    {"audit", "persons"},
    {"accounts", "assignment", "backup", "progress"},
    {"areas", "officers", "asn"},
    {"maps"},
    {"letters"},
    {"recon"},
    {"quality", "analysis"},
    {"overview", "demo"},
    {"launch"},
    {"cli"},
]
CORE_KERNEL = {"__init__", "errors", "resources", "access", "formatting", "work"}

# The window: shared pieces at the bottom, the feature packages above them, and the shell
# that puts the features in one window on top. Features may use each other without a loop.
DESKTOP_SHARED = {"dialogs", "settings", "qt_texts", "context", "tasks", "table_model", "page",
                  "widgets", "nik_choice"}
DESKTOP_SHELL = {"__init__", "__main__", "main", "app", "main_window", "self_test"}


def _unit(module: str) -> str:
    """models.recon.run -> recon; models.errors -> errors; desktop.tasks -> tasks."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(top: str) -> dict[str, set[str]]:
    """module -> the modules of `top` it imports (any form of import, anywhere in the file)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / top).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == top:
                    targets |= {f"{top}.{alias.name}" for alias in node.names}
                elif node.module.startswith(top + "."):
                    targets.add(node.module)
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.split(".")[0] == top}
        found[name] = targets
    return found


def _floor(unit: str) -> int:
    for number, floor in enumerate(CORE_FLOORS):
        if unit in floor:
            return number
    raise AssertionError(f"models/{unit} stands on no floor: add it to CORE_FLOORS")


def test_every_core_module_lives_in_a_domain_folder_or_the_kernel() -> None:
    loose = sorted(p.stem for p in (ROOT / "models").glob("*.py") if p.stem not in CORE_KERNEL)
    assert loose == []


def test_every_window_module_lives_in_a_feature_folder_or_the_shared_few() -> None:
    allowed = DESKTOP_SHARED | DESKTOP_SHELL
    loose = sorted(p.stem for p in (ROOT / "desktop").glob("*.py") if p.stem not in allowed)
    assert loose == []


def test_core_imports_only_run_down() -> None:
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in _imports("models").items()
        for target in targets
        if _unit(module) != _unit(target) and _floor(_unit(target)) >= _floor(_unit(module))
    )
    assert upward == []


def test_each_core_package_says_in_one_line_what_it_is() -> None:
    for init in (ROOT / "models").rglob("__init__.py"):
        if "migrations" in init.parts or init.parent == ROOT / "models" / "schema":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), init


@pytest.mark.parametrize("top", ["models", "desktop"])
def test_no_import_loop_between_packages(top: str) -> None:
    edges: dict[str, set[str]] = {}
    for module, targets in _imports(top).items():
        for target in targets:
            if _unit(module) != _unit(target):
                edges.setdefault(_unit(module), set()).add(_unit(target))
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(unit: str, path: tuple[str, ...]) -> None:
        if state.get(unit) == 2:
            return
        assert state.get(unit) != 1, " -> ".join((*path, unit))
        state[unit] = 1
        for nxt in sorted(edges.get(unit, ())):
            visit(nxt, (*path, unit))
        state[unit] = 2

    for unit in sorted(edges):
        visit(unit, ())


def test_shared_window_pieces_import_no_feature() -> None:
    imports = _imports("desktop")
    features = {_unit(m) for m in imports} - DESKTOP_SHARED - DESKTOP_SHELL
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in imports.items() if _unit(module) in DESKTOP_SHARED
        for target in targets if _unit(target) in features | DESKTOP_SHELL
    )
    assert upward == []
