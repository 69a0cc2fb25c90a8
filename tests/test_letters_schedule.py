"""The kecamatan and kelurahan progress letters state the schedule (issue 21): what was
planned by the day, how far the area is from it and the finish the last week points to, in
a sentence and in the table."""
from __future__ import annotations

from models.letters.pdf.rows import RowTable
from models.letters.pdf.text import PlainParagraph
from models.letters.progress import AreaAddressee, AreaScope, progress_letter
from models.office.profile import ProfileData
from models.schedule.calendar import Calendar
from tests.test_progress_schedule import KEC_1, KEC_2, KEL_1, _facts, d

SATU = AreaAddressee(AreaScope.KECAMATAN, KEC_1.id, KEC_1.code, "Kecamatan Satu", "Camat Satu",
                     kecamatan_id=KEC_1.id)
DUA = AreaAddressee(AreaScope.KECAMATAN, KEC_2.id, KEC_2.code, "Kecamatan Dua", "Camat Dua",
                    kecamatan_id=KEC_2.id)
KEL = AreaAddressee(AreaScope.KELURAHAN, KEL_1.id, KEL_1.code, "Kelurahan Kel Satu",
                    "Lurah Kel Satu", "Camat Satu", kelurahan_id=KEL_1.id)


def _texts(facts, addressee: AreaAddressee) -> tuple[str, RowTable]:  # type: ignore[no-untyped-def]
    content = progress_letter(facts, addressee, ProfileData(office_name="BPS"), day=d(10))
    text = " ".join(f.text for f in content.body if isinstance(f, PlainParagraph))
    table = next(f for f in content.body if isinstance(f, RowTable))
    return text, table


def test_a_kecamatan_on_schedule_is_told_so_with_its_finish() -> None:
    text, table = _texts(_facts(), SATU)
    assert ("Menurut jadwal pencacahan lapangan tanggal 2 Maret s.d. 13 Maret 2026, sampai tanggal "
            "tersebut seharusnya telah dicacah 24 rumah tangga (80,0 %); capaian sesuai jadwal. "
            "Dengan laju tujuh hari kerja terakhir, pencacahan diperkirakan selesai pada tanggal "
            "13 Maret 2026.") in text
    titles = [c.title for c in table.columns]
    assert titles[-2:] == ["Seharusnya", "Perkiraan selesai"]
    assert table.total[-2:] == ["80,0 %", "13 Mar 2026"]


def test_a_kecamatan_with_its_own_window_far_behind() -> None:
    text, table = _texts(_facts(), DUA)
    assert "jadwal pencacahan lapangan tanggal 9 Maret s.d. 20 Maret 2026" in text  # its own
    assert ("seharusnya telah dicacah 2 rumah tangga (20,0 %); capaian masih kurang 2 rumah "
            "tangga dari rencana (jauh tertinggal)") in text
    assert "belum dapat diperkirakan selesai" in text  # nothing in the last days
    assert table.total[-1] == "tidak bergerak"  # nothing in the last 7 working days


def test_a_kelurahan_letter_uses_its_kecamatan_window_and_stars_a_late_finish() -> None:
    text, table = _texts(_facts(), KEL)
    assert "tanggal 2 Maret s.d. 13 Maret 2026" in text
    # RT 001 (SLS 1) finishes on the 16th, after the window: starred, with the footnote
    assert ["RT 001", "16 Mar 2026*"] == [table.rows[0][1], table.rows[0][-1]]
    assert "melewati akhir jadwal" in " ".join(
        f.text for f in progress_letter(_facts(), KEL, ProfileData(), day=d(10)).body
        if isinstance(f, PlainParagraph))


def test_without_a_calendar_the_letter_is_as_before() -> None:
    text, table = _texts(_facts(Calendar()), SATU)
    assert "Menurut jadwal" not in text
    assert "Seharusnya" not in [c.title for c in table.columns]
    assert [c.title for c in table.columns][2] == "Penduduk (perkiraan)"
