"""Per-SLS field recaps: typed in with version checks, or imported; checked against the master."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.errors import StaleEditError, ValidationError
from models.persons.recap import (
    FIELDS,
    KIND,
    RecapEntry,
    check_entry,
    import_recap,
    recap_rows,
    save_recaps,
)
from models.persons.rollback import rollback_batch
from models.schema.batches import SlsRecap
from models.sheets.importing import ImportRefused, inspect_file
from tests.builders import SmallCity, set_office_codes, write_xlsx

DAY = date(2020, 9, 3)
SLS_A = "6371040001000100"


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        return SmallCity(session)


@pytest.mark.parametrize("entry, expected, active, error", [
    (RecapEntry(SLS_A, DAY, 10, 35, 17, 17), 100, True, "harus sama dengan penduduk"),
    (RecapEntry(SLS_A, DAY, 40, 35, 18, 17), 100, True, "paling sedikit satu orang"),
    (RecapEntry(SLS_A, DAY, 10, 35, 18, 17), None, True, "tidak ada di master"),
    (RecapEntry(SLS_A, DAY, 10, 35, 18, 17), 100, False, "tidak aktif"),
    (RecapEntry(SLS_A, DAY + timedelta(days=1), 10, 35, 18, 17), 100, True, "belum terjadi"),
])
def test_recap_rules(entry: RecapEntry, expected: int | None, active: bool, error: str) -> None:
    # "Today" is fixed: a date computed at collection time breaks a run that crosses midnight.
    assert any(error in e for e in check_entry(entry, expected, active, today=DAY).errors)


def test_far_more_households_than_the_master_is_a_warning() -> None:
    check = check_entry(RecapEntry(SLS_A, DAY, 200, 700, 350, 350), 100, True)
    assert not check.errors and "jauh di atas muatan" in check.warnings[0]


def test_typed_recaps_are_saved_and_a_stale_grid_is_refused(db, city) -> None:
    with db.session() as session:
        counts = save_recaps(session, [(RecapEntry(SLS_A, DAY, 10, 35, 18, 17), None)],
                             entered_by="rina")
        assert counts.inserted == 1
        [row] = [r for r in recap_rows(session, city.kec.id, DAY) if r.sls_code == SLS_A]
        assert (row.households, row.persons, row.male, row.female) == (10, 35, 18, 17)
        seen = row.version
        save_recaps(session, [(RecapEntry(SLS_A, DAY, 12, 40, 20, 20), seen)], entered_by="budi")
        with pytest.raises(StaleEditError, match="diubah orang lain"):
            save_recaps(session, [(RecapEntry(SLS_A, DAY, 13, 41, 21, 20), seen)],
                        entered_by="rina")
        with pytest.raises(ValidationError, match="harus sama"):
            save_recaps(session, [(RecapEntry(SLS_A, DAY, 13, 41, 20, 20), None)],
                        entered_by="rina")
        assert session.scalar(select(SlsRecap.persons_found)) == 40


def test_recap_file_is_all_or_nothing_and_can_be_rolled_back(db, city, tmp_path: Path) -> None:
    header = ["IDSLS", "Tanggal", "Ruta Ditemukan", "Penduduk Ditemukan", "Laki-laki",
              "Perempuan"]
    good = [[SLS_A, "03-09-2020", 10, 35, 18, 17], ["6371040001000200", DAY, 8, 30, 15, 15]]
    bad = [*good, ["6371040009000100", "03-09-2020", 1, 1, 1, 0]]
    preview = inspect_file(write_xlsx(tmp_path / "bad.xlsx", [header, *bad]), FIELDS, KIND)
    with db.session() as session, pytest.raises(ImportRefused) as refused:
        import_recap(session, tmp_path / "bad.xlsx", preview.mapping)
    assert refused.value.errors[0].row == 4 and "tidak ada di master" in str(refused.value)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(SlsRecap)) == 0
        path = write_xlsx(tmp_path / "good.xlsx", [header, *good])
        report = import_recap(session, path, inspect_file(path, FIELDS, KIND).mapping)
        assert report.counts.inserted == 2
        rollback_batch(session, report.batch_id)
        assert session.scalar(select(func.count()).select_from(SlsRecap)) == 0
