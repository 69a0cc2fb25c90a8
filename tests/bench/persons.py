"""Generated SP Online exports of realistic size, cached between benchmark runs.

Writing a million rows with openpyxl takes over two minutes, so the file is kept in
tests/bench/.cache (or $KENDALI_BENCH_CACHE) under a name that changes with the generator.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from models.demo.names import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from models.ids.nik import compose_kk, compose_nik

VERSION = 1
HEADER = ["No", "NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS",
          "Alamat", "Waktu Submit"]
SUBMIT_START = datetime(2020, 2, 15, 7, 0)
DAMAGED_SHARE = 0.001  # NIK typed into a number cell: an error row
SEX_TYPO_SHARE = 0.004  # sex column disagrees with the NIK: a warning


@dataclass(frozen=True)
class SubmissionsFile:
    path: Path
    rows: int
    damaged: int  # rows whose NIK Excel turned into a number


def cache_folder() -> Path:
    folder = Path(os.environ.get("KENDALI_BENCH_CACHE", Path(__file__).parent / ".cache"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def submissions(rows: int, sls_codes: list[str], kemendagri_kecamatan: list[str],
                seed: int = 2020) -> SubmissionsFile:
    """A cached xlsx of `rows` SP Online submissions in the given SLS, one per NIK."""
    path = cache_folder() / f"sp-online-{rows}-{len(sls_codes)}-v{VERSION}.xlsx"
    rng = random.Random(seed)
    damaged_rows = {rng.randrange(rows) for _ in range(int(rows * DAMAGED_SHARE))}
    if not path.exists():
        _write(path.with_suffix(".tmp"), rows, sls_codes, kemendagri_kecamatan, damaged_rows,
               rng)
        path.with_suffix(".tmp").replace(path)
    return SubmissionsFile(path, rows, len(damaged_rows))


def _write(path: Path, rows: int, sls_codes: list[str], kecamatan: list[str],
           damaged: set[int], rng: random.Random) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["Ekspor SP Online 2020"])  # a title row above the header, as exported
    sheet.append(HEADER)
    used: set[str] = set()
    serial = 0
    household: list[object] = []
    for number in range(rows):
        if not household or rng.random() < 0.28:  # about 3.6 persons per household
            area = rng.choice(kecamatan)
            sls = rng.choice(sls_codes)
            kk = compose_kk(area, date(2010, 1, 1) + timedelta(days=rng.randrange(3600)),
                            rng.randrange(1, 9999))
            when = SUBMIT_START + timedelta(seconds=rng.randrange(44 * 86400))
            household = [area, sls, kk, when, rng.choice(FAMILY_NAMES)]
        area, sls, kk, when, family = household
        female = rng.random() < 0.5
        while True:
            serial = serial % 9999 + 1
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(29000))
            nik = compose_nik(str(area), born, female, serial)
            if nik not in used:
                used.add(nik)
                break
        sex = "P" if female else "L"
        if rng.random() < SEX_TYPO_SHARE:
            sex = "L" if female else "P"
        given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        sheet.append([number + 1, float(nik) if number in damaged else nik, kk,
                      f"{given} {family}", sex, born, sls, f"Jl. Contoh No. {number % 200 + 1}",
                      when])
    book.save(path)
