"""Rolling back an older batch never hands back what a later active batch confirmed."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from models.ids.nik import compose_nik
from models.persons.rollback import RollbackError, current_count, rollback_batch
from models.schema.batches import BatchStatus, ImportBatch, ImportKind, OnlineSubmission
from tests.builders import SmallCity, set_office_codes
from tests.test_person_import import BORN, person, run, sheet


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        return SmallCity(session)


def _addresses(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(session.execute(select(OnlineSubmission.nik, OnlineSubmission.address)
                                .where(OnlineSubmission.replaced_by_batch_id.is_(None))).all())


def _nik(serial: int) -> str:
    return compose_nik("637104", BORN, False, serial)


def test_rolling_back_an_older_batch_keeps_what_a_later_one_confirmed(  # type: ignore[no-untyped-def]
        db, city, tmp_path: Path) -> None:
    week1 = sheet(tmp_path, "minggu1.xlsx", [person(n, address="Alamat lama") for n in (1, 2, 3)])
    week2 = sheet(tmp_path, "minggu2.xlsx", [person(n, address="Alamat baru") for n in (1, 2, 3)])
    # Week 3 finds the same three unchanged ("tetap") and brings two more.
    week3 = sheet(tmp_path, "minggu3.xlsx",
                  [person(n, address="Alamat baru") for n in (1, 2, 3, 4, 5)])
    with db.session() as session:
        run(session, week1)
        second = run(session, week2)
        third = run(session, week3)
    assert (third.inserted, third.updated, third.unchanged) == (2, 0, 3)
    confirmed = {_nik(n): "Alamat baru" for n in (1, 2, 3, 4, 5)}
    with db.session() as session:
        with pytest.raises(RollbackError, match=rf"#{third.batch_id} \(minggu3.xlsx, 3 tetap\)"):
            rollback_batch(session, second.batch_id)
        assert _addresses(session) == confirmed  # nothing changed
        assert session.get(ImportBatch, second.batch_id).status is BatchStatus.AKTIF
    # From the newest down it works, and each step restores what it replaced.
    with db.session() as session:
        rollback_batch(session, third.batch_id)
        assert _addresses(session) == {_nik(n): "Alamat baru" for n in (1, 2, 3)}
        rollback_batch(session, second.batch_id)
        assert _addresses(session) == {_nik(n): "Alamat lama" for n in (1, 2, 3)}
        assert current_count(session, ImportKind.ONLINE) == 3


def test_a_later_batch_without_unchanged_persons_does_not_block(  # type: ignore[no-untyped-def]
        db, city, tmp_path: Path) -> None:
    """Only a later "tetap" can confirm silently; changes and new persons have their rows."""
    first = sheet(tmp_path, "a.xlsx", [person(1)])
    second = sheet(tmp_path, "b.xlsx", [person(1), person(2, address="Jl. Dua")])
    third = sheet(tmp_path, "c.xlsx", [person(3)])
    with db.session() as session:
        run(session, first)
        middle = run(session, second)
        assert run(session, third).unchanged == 0
        rollback_batch(session, middle.batch_id)
        assert set(_addresses(session)) == {_nik(1), _nik(3)}


def test_a_later_batch_confirming_only_other_batches_persons_does_not_block(  # type: ignore[no-untyped-def]
        db, city, tmp_path: Path) -> None:
    """Week 3 repeats week 1's persons unchanged, not week 2's: week 2 may go."""
    week1 = sheet(tmp_path, "minggu1.xlsx", [person(n) for n in (1, 2)])
    week2 = sheet(tmp_path, "minggu2.xlsx", [person(3, address="Jl. Tiga")])
    week3 = sheet(tmp_path, "minggu3.xlsx", [person(n) for n in (1, 2, 4)])
    with db.session() as session:
        run(session, week1)
        second = run(session, week2)
        assert run(session, week3).unchanged == 2
        rollback_batch(session, second.batch_id)
        assert set(_addresses(session)) == {_nik(1), _nik(2), _nik(4)}


def test_a_batch_stored_before_its_confirmations_were_kept_still_blocks(  # type: ignore[no-untyped-def]
        db, city, tmp_path: Path) -> None:
    """Migration 0008 marks older batches' "tetap" as confirming an unknown batch."""
    from sqlalchemy import delete

    from models.schema.batches import BatchConfirmation

    week1 = sheet(tmp_path, "minggu1.xlsx", [person(1)])
    week2 = sheet(tmp_path, "minggu2.xlsx", [person(2)])
    week3 = sheet(tmp_path, "minggu3.xlsx", [person(1), person(2)])
    with db.session() as session:
        run(session, week1)
        second = run(session, week2)
        third = run(session, week3)
        session.execute(delete(BatchConfirmation))
        session.add(BatchConfirmation(batch_id=third.batch_id, confirmed_batch_id=None,
                                      persons=2))
        session.commit()
        with pytest.raises(RollbackError, match="2 tetap"):
            rollback_batch(session, second.batch_id)
