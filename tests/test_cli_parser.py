"""The command line loads a command's libraries only when that command runs."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from models.cli.parser import build_parser, load_handler

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("polars", "pandas", "openpyxl", "reportlab", "pyproj", "shapely", "fastexcel")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [sub] = [action for action in parser._actions
             if isinstance(action, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_subcommand_names_a_handler_that_exists() -> None:
    commands = _subcommands()
    assert {"init-db", "demo", "info", "import-online", "reconcile", "surat",
            "ganti-sandi", "siapkan-server"} <= set(commands)
    for name, parser in commands.items():
        handler = load_handler(parser.get_default("handler"))
        assert callable(handler), name


def test_help_and_info_do_not_load_the_sheet_pdf_and_frame_libraries(tmp_path: Path) -> None:
    # an office PC's `kendali-sensus info` or `--help` answers in a second, not in four
    url = str(tmp_path / "kantor.sqlite")
    code = (
        "import sys, contextlib, io\n"
        "from models.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['--db', {url!r}, 'init-db']) == 0\n"
        f"    assert main(['--db', {url!r}, 'info']) == 0\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
