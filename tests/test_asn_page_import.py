"""The Kepatuhan ASN page counts the lists an import replaces and asks with the counts."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from desktop.asn.import_dialog import AsnImportDialog
from models.asn import replacement as asn_replacement
from tests.builders import write_xlsx
from tests.recon_cases import nik_of
from tests.test_asn_replacement import HEADER, _count, _stored_lists


def _accept_as_is(qtbot, seen: list[AsnImportDialog], agency: str = ""):  # type: ignore[no-untyped-def]
    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, AsnImportDialog)
        seen.append(dialog)
        if agency:
            qtbot.keyClicks(dialog.agency.lineEdit(), agency)
        dialog.ok.click()
        qtbot.waitUntil(lambda: not dialog.counting)  # the lists are counted in the background
        return dialog.result() == dialog.DialogCode.Accepted

    return fill


def test_a_city_file_asks_with_the_counts_of_every_list_it_replaces(  # type: ignore[no-untyped-def]
        qtbot, empty_window, dialogs, db, tmp_path: Path) -> None:
    _stored_lists(db)
    dialogs.path = write_xlsx(tmp_path / "kota.xlsx", [
        [*HEADER, "Perangkat Daerah"],
        ["Rina", "198001012005012001", nik_of(900, female=True), "Umum", "Dinas Perhubungan"],
        ["Budi", "198001012005011002", nik_of(901), "Umum", "Dinas Sosial"],
        ["Sari", "198001012005012003", nik_of(902, female=True), "Umum", "Dinas Sosial"]])
    seen: list[AsnImportDialog] = []
    dialogs.fill = _accept_as_is(qtbot, seen)
    page = empty_window.show_page("asn")
    qtbot.waitUntil(lambda: page.agency_model.rowCount() == 2, timeout=20000)
    dialogs.answer = False
    assert page.import_list() is None
    [dialog] = seen
    assert dialog.dialogs is page.dialogs  # the page's message boxes ask, tests answer
    assert dialogs.questions == [
        "Daftar ASN 2 OPD akan diganti dengan isi berkas ini:\n"
        "• Dinas Perhubungan: 85 orang diganti dengan 1 orang\n"
        "• Dinas Sosial: 2 orang diganti dengan 2 orang\n\nLanjutkan?"]
    assert _count(db, "Dinas Perhubungan") == 85 and _count(db, "Dinas Sosial") == 2


def test_lists_that_cannot_be_counted_are_not_replaced(  # type: ignore[no-untyped-def]
        qtbot, empty_window, dialogs, db, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The page counts through its own database; a database that cannot answer (locked,
    the server gone) refuses the import in Indonesian instead of replacing unasked."""
    _stored_lists(db)
    dialogs.path = write_xlsx(tmp_path / "satu.xlsx", [
        HEADER, ["Rina", "198001012005012001", nik_of(900, female=True), "Sekretariat"]])
    seen: list[AsnImportDialog] = []
    dialogs.fill = _accept_as_is(qtbot, seen, "Dinas Perhubungan")
    page = empty_window.show_page("asn")
    qtbot.waitUntil(lambda: page.agency_model.rowCount() == 2, timeout=20000)

    def unreachable(*_args: object, **_kwargs: object) -> list[asn_replacement.ListReplacement]:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(asn_replacement, "replaced_lists", unreachable)
    dialogs.answer = True
    assert page.import_list() is None
    assert len(seen) == 1 and dialogs.questions == []
    assert dialogs.errors and "tidak dapat dihitung" in dialogs.errors[-1][1]
    assert _count(db, "Dinas Perhubungan") == 85
