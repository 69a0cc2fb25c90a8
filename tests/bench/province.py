"""A generated province-sized master: 13 kab/kota, ~2,000 kelurahan, ~40,000 SLS, 7,000 officers."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from models.ids.nik import compose_nik

KAB_CODES = [f"{k:02d}" for k in range(1, 12)] + ["71", "72"]  # 11 kabupaten, 2 kota
KECAMATAN_PER_KAB = 12
KELURAHAN_PER_KEC = (10, 16)
SLS_PER_KELURAHAN = (14, 26)
TEAM_SIZE = 7


@dataclass(frozen=True)
class ProvinceFiles:
    master: Path
    officers: Path
    kelurahan: int
    sls: int
    kecamatan: int
    officer_count: int


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def generate(folder: Path, officers: int = 7000, seed: int = 2020) -> ProvinceFiles:
    rng = random.Random(seed)
    master: list[list[object]] = []
    kecamatan: list[str] = []
    kelurahan = 0
    for kab in KAB_CODES:
        for kec in range(1, KECAMATAN_PER_KAB + 1):
            kec_code = f"63{kab}{kec * 10:03d}"
            kecamatan.append(kec_code)
            for kel in range(1, rng.randint(*KELURAHAN_PER_KEC) + 1):
                kelurahan += 1
                kel_code = f"{kec_code}{kel:03d}"
                for sls in range(1, rng.randint(*SLS_PER_KELURAHAN) + 1):
                    households = rng.randint(30, 90)
                    master.append([kec_code, f"Kecamatan {kec_code}", kel_code,
                                   f"Desa {kel_code}", f"{kel_code}{sls:04d}00", f"RT {sls:03d}",
                                   households, households * 4])
    _write(folder / "master.xlsx", ["Kode Kecamatan", "Nama Kecamatan", "Kode Desa",
                                    "Nama Desa", "IDSLS", "Nama SLS", "Jumlah KK",
                                    "Jumlah Penduduk"], master)
    # Officers spread over kecamatan in proportion to their SLS: one Koseka each,
    # then teams of a PML and TEAM_SIZE PPL.
    sls_per_kec: dict[str, int] = {}
    for row in master:
        sls_per_kec[str(row[0])] = sls_per_kec.get(str(row[0]), 0) + 1
    people: list[list[object]] = []
    serial = 0

    def person(role: str, kec: str, team: str) -> None:
        nonlocal serial
        serial += 1
        # a NIK the officer rules accept: a real kecamatan, a birth date, a serial
        born = date(1970, 1, 1) + timedelta(days=serial % 9000)
        nik = compose_nik("637104", born, serial % 2 == 0, serial // 9000 + 1)
        people.append([nik, f"Petugas {serial:05d}", role, kec, team])

    for kec in kecamatan:
        person("Koseka", kec, "")
    remaining = officers - len(kecamatan)
    total_sls = len(master)
    for kec in kecamatan:
        teams = max(1, round(remaining * sls_per_kec[kec] / total_sls / (TEAM_SIZE + 1)))
        for team in range(1, teams + 1):
            code = f"{kec}-{team:02d}"
            person("PML", kec, code)
            for _ in range(TEAM_SIZE):
                person("PPL", kec, code)
    _write(folder / "petugas.xlsx", ["NIK", "Nama", "Jabatan", "Kode Kecamatan", "Kode Tim"],
           people)
    return ProvinceFiles(folder / "master.xlsx", folder / "petugas.xlsx", kelurahan,
                         len(master), len(kecamatan), len(people))
