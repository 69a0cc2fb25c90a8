"""Small hand-made files and offices for tests, so each expected answer is obvious."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from sqlalchemy.orm import Session

from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Sheet1",
               extra_sheets: dict[str, list[list[Any]]] | None = None) -> Path:
    book = Workbook()
    first = book.active
    first.title = sheet
    for row in rows:
        first.append(row)
    for name, other in (extra_sheets or {}).items():
        ws = book.create_sheet(name)
        for row in other:
            ws.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",",
              encoding: str = "utf-8-sig") -> Path:
    lines = [delimiter.join(str(c) for c in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_ods(path: Path, rows: list[list[Any]], sheet: str = "Lembar1") -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), strings and numbers."""
    def cell(value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                "</text:p></table:table-cell>")

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def set_office_codes(session: Session, region: str = "6371", satker: str = "63710") -> None:
    """Only the codes, as a fresh office has before Pengaturan is filled in."""
    from sqlalchemy import select

    from models.office.profile import get_profile
    from models.schema.office import OfficeProfile

    get_profile(session)  # creates the row
    profile = session.scalars(select(OfficeProfile)).one()
    profile.region_code, profile.satker_code = region, satker
    session.commit()


def nik(serial: int) -> str:
    """A well-formed NIK of a man born 1990-01-01 in Banjarmasin Utara."""
    return f"637104010190{serial:04d}"


class SmallCity:
    """One kecamatan, two kelurahan (3 and 2 SLS), one team: a PML and three PPL."""

    def __init__(self, session: Session, households: tuple[int, ...] = (100, 120, 90, 80, 110)
                 ) -> None:
        self.kec = Kecamatan(bps_code="6371040", name="Banjarmasin Utara",
                             kemendagri_code="637104")
        session.add(self.kec)
        session.flush()
        self.kel_a = Kelurahan(kecamatan_id=self.kec.id, bps_code="6371040001",
                               name="Alalak Utara")
        self.kel_b = Kelurahan(kecamatan_id=self.kec.id, bps_code="6371040002",
                               name="Alalak Tengah")
        session.add_all([self.kel_a, self.kel_b])
        session.flush()
        self.sls: list[Sls] = []
        for index, hh in enumerate(households):
            kel = self.kel_a if index < 3 else self.kel_b
            number = index + 1 if index < 3 else index - 2
            self.sls.append(Sls(kelurahan_id=kel.id, bps_code=f"{kel.bps_code}{number:04d}00",
                                name=f"RT {number:03d}", expected_households=hh,
                                expected_population=hh * 4))
        session.add_all(self.sls)
        self.pml = Officer(nik=nik(1), name="Siti Pengawas", role=OfficerRole.PML,
                           kecamatan_id=self.kec.id)
        self.ppl = [Officer(nik=nik(10 + i), name=name, role=OfficerRole.PPL,
                            kecamatan_id=self.kec.id)
                    for i, name in enumerate(["Ahmad", "Budi", "Citra"])]
        session.add_all([self.pml, *self.ppl])
        session.flush()
        self.team = Team(code="T01", name="Tim 01", kecamatan_id=self.kec.id, pml_id=self.pml.id)
        session.add(self.team)
        session.flush()
        session.add_all(TeamMember(team_id=self.team.id, officer_id=o.id) for o in self.ppl)
        session.commit()
        self.sls_ids = [s.id for s in self.sls]
        self.ppl_ids = [o.id for o in self.ppl]

    @staticmethod
    def current(session: Session) -> dict[int, int]:
        from sqlalchemy import select

        return dict(session.execute(select(Assignment.sls_id, Assignment.officer_id).where(
            Assignment.valid_to.is_(None), Assignment.sls_id.is_not(None))).all())
