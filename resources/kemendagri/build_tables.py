"""Rebuilds (or checks) the Kemendagri code tables here from an unpacked idn-area-data package.

    cd /tmp && npm pack idn-area-data@latest && mkdir -p idn && tar xzf idn-area-data-*.tgz -C idn
    .venv/bin/python resources/kemendagri/build_tables.py /tmp/idn/package          # rewrite
    .venv/bin/python resources/kemendagri/build_tables.py /tmp/idn/package --check  # compare

--check changes nothing: it lists every row that differs from the shipped tables, checks the
demo's kelurahan (models/demo_names.py) against the package's villages table, and exits 1
if anything differs. Development only; the app never runs this.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# (file written here, file in the package's data/, digits of a code, digits of its parent)
TABLES = [
    ("provinsi.csv", "provinces.csv", 2, 0),
    ("kabupaten_kota.csv", "regencies.csv", 4, 2),
    ("kecamatan.csv", "districts.csv", 6, 4),
]
CODE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?")


class TableError(Exception):
    """The package does not hold what this script expects; nothing was written."""


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _clean_name(name: str, where: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or not cleaned.isprintable():
        raise TableError(f"{where}: nama kosong atau berisi karakter kendali: {name!r}")
    return cleaned


def _table(data: Path, source: str, digits: int, parent_digits: int,
           parents: dict[str, str] | None) -> dict[str, str]:
    rows: dict[str, str] = {}
    for number, row in enumerate(_read(data / source), start=2):
        where = f"{source} baris {number}"
        dotted = row["code"]
        code = dotted.replace(".", "")
        if not CODE.fullmatch(dotted) or len(code) != digits:
            raise TableError(f"{where}: kode {dotted!r} bukan {digits} angka")
        if code in rows:
            raise TableError(f"{where}: kode {dotted} dua kali")
        if parents is not None and code[:parent_digits] not in parents:
            raise TableError(f"{where}: induk {code[:parent_digits]} tidak ada")
        rows[code] = _clean_name(row["name"], where)
    return dict(sorted(rows.items()))


def build(package: Path) -> dict[str, dict[str, str]]:
    """Every table, file name -> {code without dots: name}, checked for shape and parents."""
    data = package / "data"
    tables: dict[str, dict[str, str]] = {}
    parents: dict[str, str] | None = None
    for target, source, digits, parent_digits in TABLES:
        parents = tables[target] = _table(data, source, digits, parent_digits, parents)
    return tables


def render(rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kode", "nama"])
    writer.writerows(rows.items())
    return out.getvalue()


def _shipped(name: str) -> dict[str, str]:
    path = HERE / name
    return {row["kode"]: row["nama"] for row in _read(path)} if path.exists() else {}


def differences(name: str, new: dict[str, str]) -> list[str]:
    old = _shipped(name)
    lines = []
    for code in sorted(old.keys() | new.keys()):
        if old.get(code) != new.get(code):
            lines.append(f"{name} {code}: {old.get(code, '(tidak ada)')} -> "
                         f"{new.get(code, '(dihapus)')}")
    return lines


def demo_problems(package: Path) -> list[str]:
    """The demo's Kemendagri kelurahan codes and names against the package's villages."""
    sys.path.insert(0, str(REPO))
    from models.demo_names import BANJARMASIN

    wanted = {kel[1] for _, _, _, villages in BANJARMASIN for kel in villages}
    villages = {row["code"].replace(".", ""): row["name"]
                for row in _read(package / "data" / "villages.csv")
                if row["code"].replace(".", "") in wanted or row["code"].startswith("63.71.")}
    problems = []
    for _, kec_code, kec_name, kelurahan in BANJARMASIN:
        listed = {kel[1] for kel in kelurahan}
        missing = sorted(c for c in villages if c.startswith(kec_code) and c not in listed)
        problems += [f"demo {kec_name}: {c} {villages[c]} tidak ada di demo" for c in missing]
        for _, code, name in kelurahan:
            if villages.get(code) != name:
                problems.append(f"demo {code} {name}: di paket {villages.get(code, 'tidak ada')}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="folder 'package' dari idn-area-data")
    parser.add_argument("--check", action="store_true", help="bandingkan saja, tanpa menulis")
    args = parser.parse_args(argv)
    version = json.loads((args.package / "package.json").read_text(encoding="utf-8"))["version"]
    try:
        tables = build(args.package)
    except TableError as error:
        print(f"Paket tidak sesuai: {error}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"idn-area-data {version}: {counts}")
    if not args.check:
        for name, rows in tables.items():
            (HERE / name).write_text(render(rows), encoding="utf-8", newline="")
        return 0
    lines = [line for name, rows in tables.items() for line in differences(name, rows)]
    lines += demo_problems(args.package)
    print("\n".join(lines) or "Sama dengan tabel yang dikirim; data contoh cocok.")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
