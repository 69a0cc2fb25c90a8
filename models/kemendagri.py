"""Kemendagri area codes shipped in resources/kemendagri, for checking the first digits of a NIK."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.resources import resource_path


@dataclass(frozen=True)
class KemendagriCodes:
    provinces: dict[str, str]  # "63" -> "Kalimantan Selatan"
    kecamatan: dict[str, str]  # "637104" -> "Banjarmasin Utara", for the provinces shipped
    provinces_with_kecamatan: frozenset[str]

    def province_name(self, code: str) -> str:
        return self.provinces.get(code, code)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_codes(folder: Path | None = None) -> KemendagriCodes:
    """Every province, and the kecamatan of each province that has a kecamatan_NN.csv."""
    root = folder or resource_path("kemendagri")
    provinces = {row["kode"]: row["nama"] for row in _rows(root / "provinsi.csv")}
    kecamatan: dict[str, str] = {}
    covered: set[str] = set()
    for path in sorted(root.glob("kecamatan_*.csv")):
        for row in _rows(path):
            kecamatan[row["kode"]] = row["nama"]
            covered.add(row["kode"][:2])
    return KemendagriCodes(provinces, kecamatan, frozenset(covered))
