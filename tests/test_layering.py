"""The core must run without Qt: headless, in benchmarks and from the command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import models

ROOT = Path(models.__file__).resolve().parent


def test_every_models_module_imports_without_qt() -> None:
    modules = sorted(
        "models." + ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in ROOT.rglob("*.py")
        if p.name != "__init__.py" and "migrations" not in p.parts
    )
    assert "models.store.db" in modules and "models.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_models_never_imports_desktop() -> None:
    offenders = [
        str(p.relative_to(ROOT.parent)) for p in ROOT.rglob("*.py")
        if any(line.strip().startswith(("from desktop", "import desktop"))
               for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []
