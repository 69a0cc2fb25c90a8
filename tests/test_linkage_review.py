"""The second pass in a matching run: review cases, decisions that survive reruns, KK changes."""
from __future__ import annotations

from datetime import date

import pytest

from models.recon.review import resolve, revoke
from models.recon.views import household_links, review_queue
from models.schema.batches import ImportKind
from models.schema.recon import MatchMethod, ReconCategory, ResolutionAction
from tests.recon_cases import KK, P, coded_city, nik_of, outcomes, reconcile, store

ONLINE, FIELD = ImportKind.ONLINE, ImportKind.LAPANGAN
NEW_KK = "6371040202200002"
BORN = date(1985, 3, 12)


@pytest.fixture
def city(db):  # type: ignore[no-untyped-def]
    return coded_city(db)


def _uncertain_case(db, city) -> None:  # type: ignore[no-untyped-def]
    """Online with NIK; in the field without NIK, a new KK, a typo and day and month swapped."""
    store(db, city, ONLINE, [P(1, "SITI AMINAH", female=True, born=BORN)])
    store(db, city, FIELD, [P(1, "SITI AMINA", female=True, born=date(1985, 12, 3), nik=None,
                              kk=NEW_KK)])


def test_an_uncertain_pair_goes_to_review_with_its_reasons(db, city) -> None:
    _uncertain_case(db, city)
    report = reconcile(db, full=True)
    [case] = outcomes(db)
    assert case.category is ReconCategory.MUNGKIN and case.method is MatchMethod.SKOR
    assert case.online_id and case.field_id and case.other_key.startswith("K")
    assert case.weight is not None and "b4" in case.evidence  # day and month swapped
    assert report.counts[ReconCategory.MUNGKIN] == 1
    with db.session() as session:
        assert [line.category for line in review_queue(session)] == [ReconCategory.MUNGKIN]


@pytest.mark.parametrize("action, paired", [(ResolutionAction.GABUNG, True),
                                            (ResolutionAction.TERPISAH, False)])
def test_a_review_decision_stays_on_every_rerun(db, city, action, paired) -> None:  # type: ignore[no-untyped-def]
    _uncertain_case(db, city)
    reconcile(db, full=True)
    [case] = outcomes(db)
    with db.session() as session:
        resolve(session, case.id, action, "KTP dan KK dilihat", by="supervisor")
    for full in (True, False, True):
        reconcile(db, full=full)
        found = outcomes(db)
        assert ReconCategory.MUNGKIN not in {r.category for r in found}
        if paired:
            [pair] = found
            assert pair.method is MatchMethod.SKOR and pair.field_id is not None
            assert pair.category is ReconCategory.BEDA  # the name and birth date still differ
        else:
            assert sorted(r.category.value for r in found) == ["hanya_lapangan", "hanya_online"]


def test_revoking_a_review_decision_brings_the_case_back(db, city) -> None:
    _uncertain_case(db, city)
    reconcile(db, full=True)
    [case] = outcomes(db)
    with db.session() as session:
        resolve(session, case.id, ResolutionAction.TERPISAH, "dua orang", by="supervisor")
        revoke(session, case.id, by="supervisor")
    reconcile(db, full=True)
    assert [r.category for r in outcomes(db)] == [ReconCategory.MUNGKIN]


def test_a_household_found_under_a_new_kk_is_linked_and_the_change_shown(db, city) -> None:
    family = [("ABDUL KADIR", False, date(1970, 1, 5)), ("SITI AMINAH", True, BORN),
              ("MUHAMMAD RIZKI", False, date(2005, 7, 21))]
    store(db, city, ONLINE, [P(i + 1, n, female=w, born=b) for i, (n, w, b) in
                             enumerate(family)])
    # The father kept his NIK on the new card; mother and son were written without one.
    store(db, city, FIELD, [P(1, "H. ABDUL KADIR", born=date(1970, 1, 5), kk=NEW_KK),
                            P(2, "SITI AMINAH", female=True, nik=None, kk=NEW_KK),
                            P(3, "M. RIZKI", born=date(2005, 7, 21), nik=None, kk=NEW_KK)])
    reconcile(db, full=True)
    found = outcomes(db)
    assert len(found) == 3 and all(r.online_id and r.field_id for r in found)
    assert {r.method for r in found} == {MatchMethod.NIK, MatchMethod.SKOR}
    assert {r.field_kk for r in found} == {NEW_KK}
    assert next(r for r in found if r.person_key == nik_of(2, female=True)).category \
        is ReconCategory.COCOK
    with db.session() as session:
        [link] = household_links(session)
    assert (link.online_kk, link.field_kk, link.paired, link.online_members) == \
        (KK, NEW_KK, 3, 3)


def test_a_relatives_nik_typed_online_gives_way_to_the_persons_own_record(db, city) -> None:
    # Online, the mother typed her son's NIK; the field has both with their own NIKs.
    son = nik_of(7, born=date(2010, 6, 1))
    store(db, city, ONLINE, [P(2, "SITI AMINAH", female=True, nik=son)])
    store(db, city, FIELD, [P(2, "SITI AMINAH", female=True),
                            P(7, "RAHMAT HIDAYAT", born=date(2010, 6, 1))])
    reconcile(db, full=True)
    found = outcomes(db)
    pair = next(r for r in found if r.online_id and r.field_id)
    assert pair.method is MatchMethod.SKOR and pair.category is ReconCategory.COCOK
    assert pair.other_key == nik_of(2, female=True)
    alone = next(r for r in found if not r.online_id)
    assert (alone.person_key, alone.category) == (son, ReconCategory.HANYA_LAPANGAN)
