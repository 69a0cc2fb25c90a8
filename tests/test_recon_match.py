"""Matching: every category from small hand-made cases whose right answer is obvious."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models.errors import Cancelled
from models.persons.rollback import rollback_batch
from models.recon.run import pending_batches, run_reconciliation
from models.schema.batches import FieldResult, ImportKind, OnlineSubmission
from models.schema.recon import HouseholdMatch, MatchMethod, PersonMatch, ReconCategory
from tests.recon_cases import KK, P, coded_city, nik_of, outcomes, reconcile, store

ONLINE, FIELD = ImportKind.ONLINE, ImportKind.LAPANGAN
OTHER_KK = "6371040202200002"


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    return coded_city(db)


def by_key(db) -> dict[str, PersonMatch]:  # type: ignore[no-untyped-def]
    return {m.person_key: m for m in outcomes(db)}


def test_same_nik_and_same_data_is_cocok_even_in_other_letter_case(db, city) -> None:
    store(db, city, ONLINE, [P(1, "Siti Aminah", female=True)])
    store(db, city, FIELD, [P(1, "SITI AMINAH", female=True)])
    report = reconcile(db)
    [match] = outcomes(db)
    assert match.category is ReconCategory.COCOK
    assert match.method is MatchMethod.NIK and match.score == 100
    assert match.online_id and match.field_id
    assert report.counts == {ReconCategory.COCOK: 1}


def test_a_spelling_variant_of_the_name_is_not_a_conflict(db, city) -> None:
    store(db, city, ONLINE, [P(1, "MUHAMMAD RIZKY PRATAMA")])
    store(db, city, FIELD, [P(1, "MUHAMAD RIZKY PRATAMA")])
    reconcile(db)
    [match] = outcomes(db)
    assert match.category is ReconCategory.COCOK
    assert 90 <= match.score < 100  # kept, so a reviewer can see how alike they were


@pytest.mark.parametrize("field_change, differing", [
    ({"name": "BUDIMAN SANTOSO"}, "name,"),
    ({"sex": "P"}, "sex,"),
    ({"born": date(1985, 3, 13), "nik": nik_of(1)}, "birth_date,"),
])
def test_same_nik_with_a_conflicting_field_is_beda_naming_the_field(db, city, field_change,  # type: ignore[no-untyped-def]
                                                                    differing) -> None:
    store(db, city, ONLINE, [P(1, "AHMAD FAUZI")])
    store(db, city, FIELD, [P(1, **{"name": "AHMAD FAUZI", **field_change})])
    reconcile(db)
    [match] = outcomes(db)
    assert match.category is ReconCategory.BEDA
    assert match.differing == differing


def test_same_nik_in_another_sls_is_pindah_counted_where_the_field_found_them(db, city) -> None:
    store(db, city, ONLINE, [P(1, "RINA", female=True, sls=0)])
    store(db, city, FIELD, [P(1, "RINA", female=True, sls=3)])
    reconcile(db)
    [match] = outcomes(db)
    assert match.category is ReconCategory.PINDAH
    assert "sls" in match.differing
    assert match.sls_id == city.sls_ids[3]


def test_one_sided_persons(db, city) -> None:
    store(db, city, ONLINE, [P(1, "HANYA DARING")])
    store(db, city, FIELD, [P(2, "HANYA LAPANGAN", kk=OTHER_KK)])
    reconcile(db)
    found = by_key(db)
    assert found[nik_of(1)].category is ReconCategory.HANYA_ONLINE
    assert found[nik_of(2)].category is ReconCategory.HANYA_LAPANGAN
    assert found[nik_of(1)].method is MatchMethod.NONE


def test_field_record_without_nik_pairs_by_kk_name_and_birth(db, city) -> None:
    store(db, city, ONLINE, [P(1, "NOOR HALIMAH", female=True),
                             P(2, "SAMSUL", born=date(1980, 1, 5))])
    store(db, city, FIELD, [P(1, "NUR HALIMAH", female=True, nik=None)])
    reconcile(db)
    rows = outcomes(db)
    assert len(rows) == 2  # the field record folded into the online one
    paired = next(r for r in rows if r.field_id)
    assert paired.person_key == nik_of(1, female=True)
    assert paired.method is MatchMethod.KK_NAMA and paired.score >= 85
    assert paired.other_key and paired.other_key.startswith("K")
    assert next(r for r in rows if not r.field_id).category is ReconCategory.HANYA_ONLINE


def test_without_nik_another_birth_date_or_household_is_left_to_the_second_pass(db, city
                                                                             ) -> None:
    store(db, city, ONLINE, [P(1, "NOOR HALIMAH", female=True)])
    store(db, city, FIELD, [P(1, "NOOR HALIMAH", female=True, nik=None, born=date(1986, 3, 12)),
                            P(1, "NOOR HALIMAH", female=True, nik=None, kk=OTHER_KK)])
    reconcile(db)
    rows = outcomes(db)
    assert not any(r.method is MatchMethod.KK_NAMA for r in rows)  # the KK pass pairs neither
    # The second pass weighs both; the same KK with the year one off outweighs another KK.
    paired = next(r for r in rows if r.online_id and r.field_id)
    assert paired.method is MatchMethod.SKOR and paired.differing == "birth_date,"
    assert sorted(m.category.value for m in rows) == ["beda", "hanya_lapangan"]


def test_field_counted_twice_without_nik_is_ganda_of_the_record_with_nik(db, city) -> None:
    store(db, city, ONLINE, [P(1, "ABDUL KADIR")])
    store(db, city, FIELD, [P(1, "ABDUL KADIR"), P(1, "ABD KADIR", nik=None, sls=1)])
    reconcile(db)
    rows = outcomes(db)
    assert [r.category for r in rows].count(ReconCategory.COCOK) == 1
    duplicate = next(r for r in rows if r.category is ReconCategory.GANDA)
    assert duplicate.other_key == nik_of(1) and duplicate.online_id is None


def test_one_person_filled_online_twice_under_two_niks_is_ganda(db, city) -> None:
    store(db, city, ONLINE, [P(1, "RUSDIANSYAH"), P(2, "RUSDIANSYAH")])
    store(db, city, FIELD, [P(2, "RUSDIANSYAH")])
    reconcile(db)
    found = by_key(db)
    # The NIK the field confirmed stays; the other is the duplicate.
    assert found[nik_of(2)].category is ReconCategory.COCOK
    assert found[nik_of(1)].category is ReconCategory.GANDA
    assert found[nik_of(1)].other_key == nik_of(2)


def test_twins_in_one_household_are_two_persons(db, city) -> None:
    store(db, city, ONLINE, [P(1, "HASAN BASRI"), P(2, "HUSIN BASRI")])
    reconcile(db)
    assert {m.category for m in outcomes(db)} == {ReconCategory.HANYA_ONLINE}


def test_records_that_cannot_be_matched_are_tidak_valid(db, city) -> None:
    store(db, city, ONLINE, [P(1, "NIK RUSAK", nik="6371040101900000")])  # serial 0000
    store(db, city, FIELD, [P(3, "TANPA IDENTITAS", nik=None, kk=None)])
    reconcile(db)
    assert {m.category for m in outcomes(db)} == {ReconCategory.TIDAK_VALID}


def test_every_record_of_both_sources_is_in_exactly_one_outcome(db, city) -> None:
    store(db, city, ONLINE, [P(i, f"ORANG {i}") for i in range(1, 8)]
          + [P(20, "RUSDI"), P(21, "RUSDI")])
    store(db, city, FIELD, [P(i, f"ORANG {i}", sls=i % 2) for i in range(4, 12)]
          + [P(30, "TANPA NIK", nik=None), P(31, "TANPA KK", nik=None, kk=None)])
    reconcile(db)
    rows = outcomes(db)
    online_ids = [r.online_id for r in rows if r.online_id]
    field_ids = [r.field_id for r in rows if r.field_id]
    with db.session() as session:
        assert sorted(online_ids) == sorted(session.scalars(select(OnlineSubmission.id)))
        assert sorted(field_ids) == sorted(session.scalars(select(FieldResult.id)))


def test_households_compare_member_counts_by_kk(db, city) -> None:
    store(db, city, ONLINE, [P(1, "AYAH"), P(2, "IBU", female=True), P(3, "ANAK", kk=OTHER_KK)])
    store(db, city, FIELD, [P(1, "AYAH"), P(3, "ANAK", kk=OTHER_KK),
                            P(4, "NENEK", female=True, kk=OTHER_KK)])
    reconcile(db)
    with db.session() as session:
        households = {h.kk: h for h in session.scalars(select(HouseholdMatch))}
    assert (households[KK].online_members, households[KK].field_members) == (2, 1)
    assert households[KK].category is ReconCategory.BEDA
    assert households[OTHER_KK].field_members == 2


def test_a_rerun_redoes_only_the_households_a_new_batch_touched(db, city) -> None:
    store(db, city, ONLINE, [P(i, f"ORANG {i}", kk=f"63710401012000{i:02d}") for i in range(1, 30)])
    store(db, city, FIELD, [P(i, f"ORANG {i}", kk=f"63710401012000{i:02d}") for i in range(1, 20)])
    first = reconcile(db)
    assert first.full and first.redone == 29
    newer = store(db, city, FIELD, [P(25, "ORANG 25", kk="6371040101200025")])
    with db.session() as session:
        assert pending_batches(session) == ({newer}, set())
    second = reconcile(db)
    assert not second.full and second.redone == 1
    assert by_key(db)[nik_of(25)].category is ReconCategory.COCOK
    # The same outcome as matching everything again.
    scoped = sorted((m.person_key, m.category.value) for m in outcomes(db))
    reconcile(db, full=True)
    assert sorted((m.person_key, m.category.value) for m in outcomes(db)) == scoped


def test_a_rerun_after_rolling_back_a_batch_restores_the_older_outcome(db, city) -> None:
    store(db, city, ONLINE, [P(1, "SAHRUL")])
    store(db, city, FIELD, [P(1, "SAHRUL")])
    reconcile(db)
    correction = store(db, city, FIELD, [P(1, "SAHRUL", sls=4)])
    reconcile(db)
    assert by_key(db)[nik_of(1)].category is ReconCategory.PINDAH
    with db.session() as session:
        rollback_batch(session, correction)
    report = reconcile(db)
    assert not report.full
    assert by_key(db)[nik_of(1)].category is ReconCategory.COCOK


def test_cancel_leaves_the_previous_outcomes(db, city) -> None:
    store(db, city, ONLINE, [P(1, "SATU")])
    reconcile(db)
    store(db, city, FIELD, [P(1, "SATU")])
    with db.session() as session, pytest.raises(Cancelled):
        run_reconciliation(session, full=True, progress=lambda done, total: done < 2)
    assert by_key(db)[nik_of(1)].category is ReconCategory.HANYA_ONLINE
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(PersonMatch)) == 1
