"""One bogus No. KK shared by thousands costs linear time and is listed as suspicious."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.recon import pairs as recon_pairs
from models.recon.pairs import MAX_MEMBERS, MatchRow, Side, decide_household
from models.recon.run import run_reconciliation
from models.recon.suspicious import suspicious_households
from models.schema.batches import ImportKind
from models.schema.recon import ReconCategory
from tests.builders import SmallCity, set_office_codes
from tests.recon_cases import P, add_batch

BOGUS_KK = "0000000000000000"


def _online(index: int, born: date) -> MatchRow:
    side = Side(index, f"{index:016d}", f"WARGA {index}", "L", born, 1, True)
    return MatchRow(index, ReconCategory.HANYA_ONLINE, side, None)


def _comparisons(monkeypatch: pytest.MonkeyPatch, rows: list[MatchRow]) -> int:
    calls = 0
    original = recon_pairs._same_person

    def counting(a: Side, b: Side) -> float | None:
        nonlocal calls
        calls += 1
        return original(a, b)

    monkeypatch.setattr(recon_pairs, "_same_person", counting)
    decide_household(rows)
    return calls


def test_a_household_compares_only_records_of_one_birth_date(
        monkeypatch: pytest.MonkeyPatch) -> None:
    start = date(1950, 1, 1)
    rows = [_online(i, start + timedelta(days=i)) for i in range(MAX_MEMBERS)]
    # every record has its own birth date: no pair can be one person, none is compared
    assert _comparisons(monkeypatch, rows) == 0
    twins = [_online(i, start) for i in range(2)]
    assert _comparisons(monkeypatch, twins) == 1


def test_a_household_beyond_any_family_card_is_not_searched(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_online(i, date(1970, 1, 1)) for i in range(MAX_MEMBERS + 1)]  # all one birthday
    assert _comparisons(monkeypatch, rows) == 0
    assert not decide_household(rows).duplicates


def test_a_bogus_kk_shared_by_thousands_is_listed(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        codes = [s.bps_code for s in city.sls]
        family = [P(serial, kk=BOGUS_KK, born=date(1980, 1, 1) + timedelta(days=serial % 7))
                  for serial in range(1, 3001)]
        add_batch(session, ImportKind.ONLINE, family, city.sls_ids, codes)
        add_batch(session, ImportKind.ONLINE, [P(9001, name="ANI", female=True)],
                  city.sls_ids, codes, name="keluarga.xlsx")
        run_reconciliation(session, full=True, by="tester")
        listed = suspicious_households(session)
    assert [(s.kk, s.online_members, s.members) for s in listed] == [(BOGUS_KK, 3000, 3000)]


@pytest.mark.parametrize("members, ganda", [(MAX_MEMBERS, 1), (MAX_MEMBERS + 1, 0)])
def test_a_run_decides_within_a_family_card_only(db, members: int, ganda: int) -> None:  # type: ignore[no-untyped-def]
    # Two records filled for one person, among members of their own birth dates: the run
    # reads only the two, yet decides nothing when the whole No. KK lists too many people.
    kk = "6371040101209999"
    family = [P(serial, kk=kk, born=date(1950, 1, 1) + timedelta(days=serial))
              for serial in range(1, members - 1)]
    family += [P(members - 1 + twice, kk=kk, name="SITI AMINAH", female=True)
               for twice in range(2)]
    with db.session() as session:
        set_office_codes(session)
        city = SmallCity(session)
        add_batch(session, ImportKind.ONLINE, family, city.sls_ids,
                  [s.bps_code for s in city.sls])
        report = run_reconciliation(session, full=True, by="tester")
    assert report.counts.get(ReconCategory.GANDA, 0) == ganda
