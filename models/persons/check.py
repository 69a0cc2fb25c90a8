"""Checking one row of an SP Online or field-results sheet and turning it into a record.

Problems are errors (the row cannot be stored) or warnings (it is stored, but someone
should look). Each names the column as the file's header spells it.
"""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from models.errors import ImportProblem, Severity
from models.formatting import format_date
from models.ids.cells import CellProblem, clean_text, control_warning, digits, is_blank, shown
from models.persons.rules import (
    SEX_CODES,
    SEX_TEXT,
    DateReader,
    NikFacts,
    NikRules,
    check_kk,
    parse_sex,
    same_birth,
)
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping

# Record layout, also the column order of the insert (see person_store). Dates are kept as
# ISO text, which both SQLite and PostgreSQL's COPY take as they are.
KEY, ROW, NIK, KK, NAME, SEX, BIRTH, AREA, ADDRESS, SLS, HASH, MOMENT, OFFICER = range(13)
Record = tuple[Any, ...]
FIELD_ORDER = ("nik", "kk", "name", "sex", "birth", "area", "address", "moment", "officer")


@dataclass
class AreaIndex:
    """The office's area codes: SLS (16 digits) to id, kelurahan and kecamatan codes known."""

    sls: dict[str, int] = field(default_factory=dict)
    inactive_sls: set[str] = field(default_factory=set)
    kelurahan: set[str] = field(default_factory=set)
    kecamatan: set[str] = field(default_factory=set)


@dataclass
class CheckContext:
    kind: ImportKind
    nik_rules: NikRules
    areas: AreaIndex
    officers: dict[str, int] = field(default_factory=dict)  # officer NIK -> id


def person_key(nik: str | None, kk: str | None, name: str, birth: str | None,
               area: str) -> str:
    """The NIK; without one, a digest of what else tells the person apart."""
    if nik:
        return nik
    seed = f"{kk or ''}|{' '.join(name.lower().split())}|{birth or ''}|{area}"
    return "K" + hashlib.sha1(seed.encode()).hexdigest()[:32]


def content_hash(nik: str | None, kk: str | None, name: str, sex: str | None,
                 birth: str | None, area: str, address: str, moment: str | None,
                 officer: int | None) -> int:
    """A 63-bit digest of what is stored about a person, equal exactly when nothing differs."""
    return digest(f"{nik}\x1f{kk}\x1f{name}\x1f{sex}\x1f{birth}\x1f{area}\x1f{address}"
                  f"\x1f{moment}\x1f{officer}".encode())


def digest(data: bytes) -> int:
    """The 63-bit digest of `content_hash`'s joined fields (models.persons.column_check
    joins them as columns)."""
    return (zlib.adler32(data) & 0x7FFFFFFF) << 32 | zlib.crc32(data)


def digest_all(data: list[bytes]) -> list[int]:
    """`digest` of each, written out: a call per row costs half as much again (a million
    rows: 0.3 s)."""
    adler, crc = zlib.adler32, zlib.crc32
    return [(adler(joined) & 0x7FFFFFFF) << 32 | crc(joined) for joined in data]


class RowChecker:
    """Validates rows of one sheet; `check` returns a record or None and collects problems.

    Written for speed: a million rows pass through `check`, so the common case (text NIK,
    date cells, a known SLS) takes the shortest path and repeated values hit caches.
    """

    def __init__(self, context: CheckContext, mapping: ColumnMapping, sheet: str = "") -> None:
        self.kind = context.kind
        self.sheet = sheet
        self.rules = context.nik_rules
        self.areas = context.areas
        self.officers = context.officers
        self.dates = DateReader()
        self.problems: list[ImportProblem] = []
        self.errors = 0
        self.warnings = 0
        columns = mapping.columns
        # Unmapped fields read the blank cell appended to every row (index -1).
        indices = [columns.get(key, -1) for key in FIELD_ORDER]
        self._cells = itemgetter(*indices)
        self._width = max(indices) + 1
        self._names = {key: mapping.column_name(key) for key in columns}
        self._online = self.kind is ImportKind.ONLINE
        self._iso: dict[date, str] = {}
        self._today = self.rules.today

    def note(self, row: int, key: str, reason: str, error: bool) -> None:
        self.problems.append(ImportProblem(self.sheet, row, self._names.get(key, key),
                                           Severity.ERROR if error else Severity.WARNING,
                                           reason))
        if error:
            self.errors += 1
        else:
            self.warnings += 1

    def check(self, row: int, cells: list[Any]) -> Record | None:
        cells.append("")
        try:
            raw_nik, raw_kk, raw_name, raw_sex, raw_birth, raw_area, raw_address, raw_moment, \
                raw_officer = self._cells(cells)
        except IndexError:  # a short CSV line: pad it
            return self.check(row, cells[:-1] + [""] * (self._width - len(cells) + 1))
        errors = self.errors
        name = raw_name.strip() if type(raw_name) is str else str(raw_name).strip()
        if not name.isprintable():  # NUL, tab, line break: the slow path only
            name = self._printable(row, "name", name)
        if not name:
            self.note(row, "name", "Nama kosong.", True)

        nik: str | None = None
        facts: NikFacts | None = None
        if raw_nik == "" or raw_nik is None:
            if self._online:
                self.note(row, "nik", "NIK kosong; pengisian SP Online selalu ber-NIK.", True)
            else:
                self.note(row, "nik", "NIK kosong; orang ini dicocokkan lewat No. KK, "
                                      "nama dan tanggal lahir.", False)
        else:
            try:
                nik, facts, warning = self.rules.check(raw_nik)
                if warning:
                    self.note(row, "nik", warning, False)
            except CellProblem as problem:
                self.note(row, "nik", str(problem), True)

        kk: str | None = None
        # ascii_digits(raw_kk, 16), spelled out for the hot path (see there).
        if type(raw_kk) is str and len(raw_kk) == 16 and raw_kk.isascii() and raw_kk.isdigit():
            kk = raw_kk
        elif raw_kk != "" and raw_kk is not None:
            try:
                kk = check_kk(raw_kk)
            except CellProblem as problem:
                self.note(row, "kk", str(problem), True)

        sex = SEX_CODES.get(raw_sex) if type(raw_sex) is str else None
        if sex is None or (facts is not None and sex != facts.sex_code):
            sex = self._sex(row, raw_sex, facts)
        kind = type(raw_birth)
        birth = (raw_birth.date() if kind is datetime else raw_birth if kind is date
                 else None)
        # The NIK's birth date is never after today, so agreeing with it is enough.
        if birth is None or (birth != facts.birth if facts is not None
                             else birth > self._today):
            birth = self._birth(row, raw_birth, facts)
        area, sls_id = self._area(row, raw_area)
        moment = (raw_moment.isoformat(" ", "seconds") if type(raw_moment) is datetime
                  else self._moment(row, raw_moment))
        officer = self._officer(row, raw_officer) if raw_officer != "" else None
        if self.errors > errors:
            return None
        address = raw_address.strip() if type(raw_address) is str else str(raw_address)
        if not address.isprintable():
            address = self._printable(row, "address", address)
        address = address[:300]
        name = name[:150]
        born = None
        if birth is not None:
            born = self._iso.get(birth)
            if born is None:
                born = self._iso[birth] = birth.isoformat()
        digest = content_hash(nik, kk, name, sex, born, area, address, moment, officer)
        return (nik or person_key(nik, kk, name, born, area), row, nik, kk, name, sex, born,
                area, address, sls_id, digest, moment, officer)

    def _printable(self, row: int, key: str, value: str) -> str:
        """`value` without control characters, with a warning naming the cell if any went."""
        cleaned, changed = clean_text(value)
        if changed:
            self.note(row, key, control_warning(self._names.get(key, key)), False)
        return cleaned

    def _sex(self, row: int, raw: Any, facts: NikFacts | None) -> str | None:
        """The slow path: spelled unusually, missing, or not what the NIK says."""
        if raw == "" or raw is None:
            return facts.sex_code if facts else None
        parsed = parse_sex(raw)
        if parsed is None:
            self.note(row, "sex", f"Jenis kelamin '{shown(raw)}' tidak dikenal (pakai L atau P).",
                      False)
            return facts.sex_code if facts else None
        if facts and parsed is not facts.sex:
            self.note(row, "sex", f"Jenis kelamin {SEX_TEXT[parsed]}, tetapi NIK menunjukkan "
                                  f"{SEX_TEXT[facts.sex]}.", False)
        return parsed.value

    def _birth(self, row: int, raw: Any, facts: NikFacts | None) -> date | None:
        kind = type(raw)
        if kind is datetime:
            birth: date | None = raw.date()
        elif kind is date:
            birth = raw
        elif raw == "" or raw is None:
            return facts.birth if facts else None
        else:
            birth = self.dates.day(raw)
            if birth is None:
                self.note(row, "birth", f"Tanggal lahir '{shown(raw)}' tidak terbaca (contoh: "
                                        "17-08-1990).", False)
                return facts.birth if facts else None
        if birth > self._today:
            self.note(row, "birth", f"Tanggal lahir {format_date(birth)} belum terjadi.", True)
            return None
        if facts and not same_birth(facts, birth):
            self.note(row, "birth", f"Tanggal lahir {format_date(birth)} berbeda dengan NIK "
                                    f"({facts.birth:%d-%m-%y}).", False)
        return birth

    def _area(self, row: int, raw: Any) -> tuple[str, int | None]:
        if type(raw) is str and len(raw) == 16:
            sls_id = self.areas.sls.get(raw)
            if sls_id is not None and raw not in self.areas.inactive_sls:
                return raw, sls_id
        if raw == "" or raw is None:
            if not self._online:
                self.note(row, "area", "Kode wilayah (IDSLS) kosong.", True)
            return "", None
        try:
            code = digits(raw, "Kode wilayah", (16, 14, 10, 7))
        except CellProblem as problem:
            self.note(row, "area", str(problem), True)
            return "", None
        if len(code) == 14:
            code += "00"
        sls_id = self.areas.sls.get(code) if len(code) == 16 else None
        if sls_id is not None:
            if code in self.areas.inactive_sls:
                self.note(row, "area", f"SLS {code} sudah dipecah; pakai kode sub-SLS.", False)
            return code, sls_id
        known = (code[:10] in self.areas.kelurahan if len(code) >= 10
                 else code in self.areas.kecamatan)
        if len(code) == 16 or not known:
            message = f"Kode wilayah {code} tidak ada di master wilayah kantor ini."
            self.note(row, "area", message, not self._online)
        elif not self._online:
            self.note(row, "area", "Hasil lapangan perlu kode SLS lengkap (16 angka).", True)
        return code, None

    def _moment(self, row: int, raw: Any) -> str | None:
        if type(raw) is datetime:
            return raw.isoformat(" ", "seconds")
        if raw == "" or raw is None:
            return None
        moment = self.dates.moment(raw)
        if moment is None:
            self.note(row, "moment", f"Waktu '{shown(raw)}' tidak terbaca (contoh: "
                                     "2020-02-15 08:30).", False)
            return None
        return moment.isoformat(" ", "seconds")

    def _officer(self, row: int, raw: Any) -> int | None:
        if self._online or is_blank(raw):
            return None
        try:
            nik = digits(raw, "NIK petugas", (16,))
        except CellProblem as problem:
            self.note(row, "officer", str(problem), False)
            return None
        officer = self.officers.get(nik)
        if officer is None:
            self.note(row, "officer", f"Petugas ber-NIK {nik} tidak terdaftar.", False)
        return officer
