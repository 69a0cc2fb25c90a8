"""Importing an ASN list never guesses its OPD, and asks before replacing a stored list."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.asn.import_dialog import AsnImportDialog
from models.asn import importing as asn_import
from models.asn.replacement import ListReplacement, replaced_lists
from models.schema.asn import Agency, AsnEmployee
from models.sheets.columns import guess_mapping
from models.sheets.reading import head
from tests.builders import set_office_codes, write_xlsx
from tests.recon_cases import nik_of

HEADER = ["Nama", "NIP", "NIK", "Unit Kerja"]


def _nip(serial: int) -> str:
    return f"19800101200501{serial:04d}"


def _stored_lists(db) -> None:  # type: ignore[no-untyped-def]
    """Dinas Perhubungan with 85 ASN, Dinas Sosial with 2."""
    with db.session() as session:
        set_office_codes(session)
        for code, name, size in (("OPD-001", "Dinas Perhubungan", 85),
                                 ("OPD-002", "Dinas Sosial", 2)):
            agency = Agency(code=code, name=name, head_title=f"Kepala {name}")
            session.add(agency)
            session.flush()
            offset = 0 if code == "OPD-001" else 500
            session.add_all(AsnEmployee(agency_id=agency.id, name=f"ASN {offset + n}",
                                        nip=_nip(offset + n), nik=nik_of(offset + n))
                            for n in range(1, size + 1))
        session.commit()


def _count(db, agency: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count(AsnEmployee.id)).join(Agency)
                              .where(Agency.name == agency)) or 0


def test_no_opd_is_preselected_and_replacing_a_list_asks_with_the_counts(  # type: ignore[no-untyped-def]
        qtbot, empty_window, dialogs, db, tmp_path: Path) -> None:
    _stored_lists(db)
    dialogs.path = write_xlsx(tmp_path / "satu.xlsx", [
        HEADER, ["Rina", "198001012005012001", nik_of(900, female=True), "Sekretariat"]])
    seen: list[AsnImportDialog] = []

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AsnImportDialog)
        seen.append(dialog)
        assert dialog.agency.currentText() == "" and dialog.agency_name == ""  # no guess
        assert dialog.agency.count() == 2 and not dialog.ok.isEnabled()
        assert "kolom OPD" in dialog.problem.text()
        qtbot.keyClicks(dialog.agency.lineEdit(), "Dinas Perhubungan")
        assert dialog.ok.isEnabled()
        dialog.ok.click()
        qtbot.waitUntil(lambda: not dialog.counting)  # the lists are counted in the background
        return dialog.result() == dialog.DialogCode.Accepted

    dialogs.fill = fill
    page = empty_window.show_page("asn")
    qtbot.waitUntil(lambda: page.agency_model.rowCount() == 2, timeout=20000)
    dialogs.answer = False  # "Tidak": nothing is imported
    assert page.import_list() is None
    assert dialogs.questions == ["Daftar ASN Dinas Perhubungan (85 orang) akan diganti dengan "
                                 "1 orang dari berkas ini. Lanjutkan?"]
    assert len(seen) == 1 and _count(db, "Dinas Perhubungan") == 85
    dialogs.answer = True  # "Ya": the list is replaced
    assert page.import_list() is not None
    qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=20000)
    assert not dialogs.errors
    assert _count(db, "Dinas Perhubungan") == 1 and _count(db, "Dinas Sosial") == 2


def test_a_city_file_names_every_list_it_replaces(db, tmp_path: Path) -> None:
    _stored_lists(db)
    path = write_xlsx(tmp_path / "kota.xlsx", [
        [*HEADER, "Perangkat Daerah"],
        ["Rina", "198001012005012001", nik_of(900, female=True), "Umum", "dinas  sosial"],
        ["Budi", "198001012005011002", nik_of(901), "Umum", "Dinas Sosial"],
        ["Sari", "198001012005012003", nik_of(902, female=True), "Umum", "Dinas Sosial"],
        ["Tono", "198001012005011004", nik_of(903), "Umum", "Dinas Baru"]])
    mapping = guess_mapping(head(path), asn_import.FIELDS)
    with db.session() as session:
        assert replaced_lists(session, path, mapping, sheet=None, agency=None) == [
            ListReplacement("Dinas Sosial", 2, 3)]  # a new OPD replaces nothing
