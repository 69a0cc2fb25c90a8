"""Run the frozen app's --self-test and report its folder size and start-up time.

    python installer/check_frozen.py build/dist/KendaliSensus [--db URL]... [--runs 3]

It also runs the frozen command line on a scratch database (demo, surat, reconcile).
Start-up is timed from launching the process to the self-test's "Jendela utama" line: the
interpreter started, the database opened and brought to the current schema, the main window
with all its pages built and painted. The same is measured for the app run from source in
the same run, and the ratio printed. Exit 1 when a self-test fails.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

WINDOW_LINE = "Jendela utama"


@dataclass(frozen=True)
class Run:
    ok: bool
    startup_s: float | None  # None when the window line never came (e.g. no stdout)
    total_s: float
    output: str


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def frozen_binary(folder: Path) -> Path:
    for name in ("KendaliSensus.exe", "KendaliSensus"):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"Tidak ada KendaliSensus di {folder}: jalankan `make installer` dulu.")


def run_self_test(command: list[str], db: str | None) -> Run:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = [*command, "--self-test", *(["--db", db] if db else [])]
    launched = time.time()
    started = time.perf_counter()
    startup = None
    lines = []
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                          text=True, encoding="utf-8", errors="replace") as process:
        assert process.stdout is not None
        for line in process.stdout:
            if startup is None and line.startswith(("OK", "GAGAL")) and WINDOW_LINE in line:
                startup = time.perf_counter() - started
            lines.append(line)
        code = process.wait()
    output = "".join(lines) or windowed_report(launched)
    return Run(code == 0, startup, time.perf_counter() - started, output)


def windowed_report(since: float) -> str:
    """A windowed Windows build has no stdout: its self-test writes this file instead."""
    from models.launch.self_check import report_file  # the project's venv runs this script

    path = report_file()
    fresh = path.is_file() and path.stat().st_mtime >= since - 1
    return path.read_text(encoding="utf-8") if fresh else ""


def checked(label: str, command: list[str], db: str | None) -> Run:
    """One self-test run; its whole output is shown when it fails."""
    result = run_self_test(command, db)
    if not result.ok:
        print(f"Uji mandiri {label} GAGAL:\n{result.output}", file=sys.stderr)
    return result


def headless_commands(binary: Path) -> tuple[bool, str]:
    """The frozen command line on a scratch database: the demo, a letter batch, matching, a
    Stata export and the reminders.
    These reach modules and data files the self-test does not (demo names, the CLI)."""
    with tempfile.TemporaryDirectory(prefix="kendali-beku-") as folder:
        root = Path(folder)
        env = dict(os.environ, KENDALI_PASSWORD="demo1234", XDG_DATA_HOME=str(root / "data"),
                   XDG_CONFIG_HOME=str(root / "config"))
        db = ["--db", str(root / "contoh.sqlite")]
        admin = [*db, "--pengguna", "admin"]
        online = _online_sheet(root / "isian.xlsx")
        steps = [("demo", [*db, "demo", "--quiet"]),
                 ("surat", [*admin, "surat", "progres-kecamatan", str(root / "camat.pdf")]),
                 ("reconcile", [*admin, "reconcile"]),
                 # pyreadstat and its frame library are collected: a labelled Stata file
                 ("stata", [*admin, "export-statistik", str(root / "orang.dta"), "--quiet"]),
                 ("pengingat", [*admin, "pengingat"]),
                 # fastexcel and polars are collected: the sheet is read and checked as columns
                 ("impor", [*admin, "import-online", str(online), "--valid-saja"])]
        started = time.perf_counter()
        for name, args in steps:
            result = subprocess.run([str(binary), *args], capture_output=True, text=True,
                                    encoding="utf-8", errors="replace", env=env, timeout=300)
            if result.returncode != 0:
                return False, f"{name} keluar dengan kode {result.returncode}:\n" \
                              f"{result.stdout}{result.stderr}"
        if (root / "orang.dta").stat().st_size < 1000:
            return False, "orang.dta hampir kosong"
        letters = (root / "camat.pdf").read_bytes()
        if not letters.startswith(b"%PDF-"):
            return False, "surat camat.pdf bukan PDF"
        return True, (f"{', '.join(name for name, _ in steps)} berhasil "
                      f"({time.perf_counter() - started:.1f} s, surat {len(letters)} byte)")


def _online_sheet(path: Path) -> Path:
    """A small SP Online export of new persons, written here (openpyxl is not frozen)."""
    from datetime import date, datetime

    from openpyxl import Workbook

    from models.ids.nik import compose_nik

    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS",
                  "Alamat", "Waktu Submit"])
    for serial in range(9900, 9950):
        sheet.append([compose_nik("637104", date(1980, 5, 6), False, serial), "",
                      f"Uji Beku {serial}", "L", date(1980, 5, 6), "", "Jl. Uji",
                      datetime(2020, 3, 1, 8, 0)])
    book.save(path)
    return path


def median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def seconds(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "tidak terukur"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder hasil PyInstaller")
    parser.add_argument("--db", action="append", default=[],
                        help="uji juga pada database ini (mis. URL PostgreSQL); boleh berulang")
    parser.add_argument("--runs", type=int, default=5, help="pengulangan untuk waktu mulai")
    parser.add_argument("--source", default=str(Path(sys.executable).with_name("kendali-sensus")),
                        help="perintah aplikasi dari sumber, sebagai pembanding")
    parser.add_argument("--only", choices=("checks", "timing"),
                        help="checks: hanya uji mandiri dan perintah tanpa jendela (boleh "
                             "berjalan di samping pekerjaan lain); timing: hanya waktu mulai "
                             "(di mesin yang tenang)")
    args = parser.parse_args()

    binary = frozen_binary(args.folder)
    size, count = folder_size(args.folder)
    print(f"Folder beku: {args.folder} — {size / 1e6:.0f} MB dalam {count} berkas")
    if args.only != "timing" and not checks(binary, args.db):
        return 1
    if args.only == "checks":
        return 0
    return timing(binary, args.source, args.runs, warm=args.only == "timing")


def checks(binary: Path, databases: list[str]) -> bool:
    """The self-test on SQLite and each of `databases`, and the frozen command line."""
    # The command line's steps (a minute, the demo most of it) run beside the untimed
    # self-tests: each mostly waits on one core, and CI has two.
    with ThreadPoolExecutor(max_workers=1) as pool:
        commands = pool.submit(headless_commands, binary)
        first = checked("aplikasi beku (SQLite)", [str(binary)], None)
        print(first.output, end="")
        ok = first.ok
        for db in databases:
            where = db.split("@")[-1]
            extra = checked(f"aplikasi beku ({where})", [str(binary)], db)
            print(f"-- uji mandiri pada {where}: {'berhasil' if extra.ok else 'GAGAL'}")
            ok = ok and extra.ok
        commands_ok, said = commands.result()
    print(f"-- perintah tanpa jendela: {said}")
    return ok and commands_ok


def timing(binary: Path, source_command: str, runs: int, *, warm: bool) -> int:
    """The median start-up of the frozen app and of the app from source, and their ratio."""
    frozen_label, source_label = "aplikasi beku (SQLite)", "dari sumber"
    has_source = Path(source_command).exists()
    if warm:  # without the checks just before, one untimed run of each warms the disk cache
        if not checked(frozen_label, [str(binary)], None).ok:
            return 1
        if has_source and not checked(source_label, [source_command], None).ok:
            return 1
    # frozen and source runs alternate, so the machine's drift weighs on both alike
    frozen: list[Run] = []
    source: list[Run] = []
    for _ in range(runs):
        frozen.append(checked(frozen_label, [str(binary)], None))
        if has_source:
            source.append(checked(source_label, [source_command], None))
    if not all(run.ok for run in frozen + source):
        return 1
    frozen_start = median([run.startup_s for run in frozen])
    source_start = median([run.startup_s for run in source])
    line = f"Waktu mulai sampai jendela siap (median {len(frozen)}×): beku {seconds(frozen_start)}"
    if source:
        line += f", dari sumber {seconds(source_start)}"
        if frozen_start and source_start:
            line += f"; rasio beku/sumber {frozen_start / source_start:.2f}"
    print(line)
    print(f"Uji mandiri penuh (median): beku {seconds(median([r.total_s for r in frozen]))}"
          + (f", dari sumber {seconds(median([r.total_s for r in source]))}" if source else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
