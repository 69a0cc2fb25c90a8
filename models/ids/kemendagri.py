"""Kemendagri area codes shipped in resources/kemendagri, for checking the first digits of a NIK."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from models.errors import KendaliError
from models.resources import resource_path

HEADER = ["kode", "nama"]


class CodeTableError(KendaliError):
    """A shipped code table is missing or malformed: the installation is damaged."""


@dataclass(frozen=True)
class KemendagriCodes:
    provinces: dict[str, str]  # "63" -> "Kalimantan Selatan"
    kecamatan: dict[str, str]  # "637104" -> "Banjarmasin Utara", every province
    provinces_with_kecamatan: frozenset[str]  # every province with a kecamatan in the table
    kabupaten_kota: dict[str, str] = field(default_factory=dict)  # "6371" -> "Kota Banjarmasin"

    def province_name(self, code: str) -> str:
        return self.provinces.get(code, code)

    def kecamatan_label(self, code: str) -> str:
        """'Banjarmasin Utara, Kota Banjarmasin' for 637104; the code itself when unknown."""
        name = self.kecamatan.get(code)
        if name is None:
            return code
        regency = self.kabupaten_kota.get(code[:4])
        return f"{name}, {regency}" if regency else name


def _table(path: Path, digits: int) -> dict[str, str]:
    """kode -> nama; a code is exactly `digits` ASCII digits. CodeTableError otherwise."""
    shape = re.compile(f"[0-9]{{{digits}}}")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            if next(reader, None) != HEADER:
                raise ValueError("baris judul harus 'kode,nama'")
            table = dict(reader)  # ValueError on a row that is not two cells
        bad = next((code for code in table if not shape.fullmatch(code)), None)
        if bad is not None:
            raise ValueError(f"kode {bad!r} bukan {digits} angka")
    except (OSError, ValueError, csv.Error) as error:
        raise CodeTableError("Tabel kode Kemendagri tidak terbaca; pasang ulang aplikasi.",
                             f"{path}: {error}") from error
    return table


@cache
def load_codes(folder: Path | None = None) -> KemendagriCodes:
    """Every province, kab/kota and kecamatan of Indonesia (built by build_tables.py)."""
    root = folder or resource_path("kemendagri")
    provinces = _table(root / "provinsi.csv", 2)
    regencies = _table(root / "kabupaten_kota.csv", 4)
    kecamatan = _table(root / "kecamatan.csv", 6)
    covered = frozenset(code[:2] for code in kecamatan)
    return KemendagriCodes(provinces, kecamatan, covered, regencies)
