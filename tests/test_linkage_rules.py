"""The second pass's rules, each pinned by a small case: name folding, blocking, bands."""
from __future__ import annotations

import numpy as np
import pytest

from models.recon.linkage import evidence as ev
from models.recon.linkage.assign import decide
from models.recon.linkage.bands import Bands, validate_bands
from models.recon.linkage.blocking import candidates
from models.recon.linkage.names import fold
from models.recon.linkage.pool import SINGLE, build_sides
from models.recon.linkage.scoring import score

KK, OTHER_KK = "6371040101200001", "6371040101200002"
KELURAHAN = {1: 10, 2: 10, 3: 20}  # SLS -> kelurahan: SLS 1 and 2 share one


@pytest.mark.parametrize("one, other", [
    ("Hj. Siti Aminah", "SITI AMINAH"),  # honorific
    ("Drs. H. Abdul Rahman", "ABDUL RAHMAN"),  # titles before the name
    ("Siti Aminah, S.Pd., M.Pd.", "SITI AMINAH"),  # degrees after a comma
    ("Aminah, Siti", "Siti Aminah"),  # surname first: a comma that is no degree
    ("Rahman Abdul", "Abdul Rahman"),  # word order
    ("M. Rizki", "Muhammad Rizki"), ("Muh. Rizki", "Mohammad Rizki"),
    ("Moch. Rizki", "MUHAMAD RIZKI"),  # abbreviations and spellings of Muhammad
    ("Abd. Kadir", "Abdul Kadir"),
    ("Nur Halimah", "Noor Halimah"), ("Nurul Huda", "Noer Huda"),
    ("Achmad Fauzi", "Ahmad Fauzi"),  # ch / h
    ("Kholid", "Holid"),  # kh / h
    ("Soekarno", "Sukarno"), ("Djoko", "Joko"), ("Tjipto", "Cipto"),  # old spelling
    ("Hassan", "Hasan"), ("Abdullah", "Abdulah"),  # doubled letters
    ("Wahyudi", "Wahiudi"),  # y / i
])
def test_variants_of_one_name_fold_to_one_spelling(one: str, other: str) -> None:
    assert fold(one) == fold(other) != ""


@pytest.mark.parametrize("one, other", [
    ("Hasan Basri", "Husin Basri"),  # twins: the names must stay apart
    ("Putra Pratama", "Putri Pratama"),
    ("Siti Aminah", "Siti Aisyah"),
])
def test_other_names_stay_other(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_a_name_of_titles_only_is_kept_rather_than_emptied() -> None:
    assert fold("IBU") == "IBU"


NAMES: dict[int, str] = {}  # record id -> the label a case gives it


def _row(record: int, label: str, *, name: str, kk: str | None = KK, born: int = 19850312,
         sls: int = 1, sex: str = "P", nik: str | None = None) -> tuple:  # type: ignore[type-arg]
    """A pool row as the database reads it: numbers where the comparisons want numbers."""
    NAMES[record] = label
    return (record, SINGLE, record, 1, born, sls, {"L": 1, "P": 2}[sex],
            int(nik) if nik else -1, int(kk) if kk else -1, name)


def _pairs(online: list[tuple], field: list[tuple], rule: str) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    o, f = build_sides(online, field, KELURAHAN)
    found = candidates(o, f, rules=[rule])
    return {(NAMES[int(o.record[a])], NAMES[int(f.record[b])]) for a, b in found.tolist()}


def test_blocking_same_sls_and_birth_year_finds_a_day_lost_and_another_kk() -> None:
    online = [_row(1, "o", name="SITI AMINAH")]
    field = [_row(2, "f", name="S. AMINAH", born=19850301, kk=OTHER_KK),
             _row(3, "older", name="SITI AMINAH", born=19840312)]
    assert _pairs(online, field, "sls_year") == {("o", "f")}


def test_blocking_by_name_reaches_a_year_one_off_in_another_sls_of_the_kelurahan() -> None:
    online = [_row(1, "o", name="Noor Halimah")]
    field = [_row(2, "f", name="NUR HALIMAH", born=19860101, sls=2, kk=OTHER_KK),
             _row(3, "far", name="NUR HALIMAH", born=19900101, sls=2, kk=OTHER_KK),
             _row(4, "other kel", name="NUR HALIMAH", born=19860101, sls=3)]
    assert _pairs(online, field, "name") == {("o", "f")}


def test_blocking_by_birth_date_ignores_the_order_of_day_and_month() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="AMINAH", born=19851203, sls=2, kk=OTHER_KK),
             _row(3, "other day", name="AMINAH", born=19851204, sls=2, kk=OTHER_KK)]
    assert _pairs(online, field, "birth") == {("o", "f")}


def test_blocking_by_kk_reaches_a_wrong_birth_date_and_name() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="AMINAH BINTI ALI", born=19700101, sls=2),
             _row(3, "other kk", name="AMINAH BINTI ALI", born=19700101, sls=2,
                  kk=OTHER_KK)]
    assert _pairs(online, field, "kk") == {("o", "f")}


def test_blocking_by_linked_households_reaches_a_reissued_kk() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="AMINAH", born=19700101, sls=2, kk=OTHER_KK)]
    o, f = build_sides(online, field, KELURAHAN)
    assert len(candidates(o, f, rules=["linked"], linked={})) == 0
    found = candidates(o, f, rules=["linked"], linked={int(KK): {int(OTHER_KK)}})
    assert found.tolist() == [[0, 0]]


def _decided(online: list[tuple], field: list[tuple], linked=None):  # type: ignore[no-untyped-def]
    o, f = build_sides(online, field, KELURAHAN)
    pairs = candidates(o, f, linked=linked or {})
    scores, _ = score(o, f, pairs, linked=linked or {})
    decisions = decide(scores, o, f, Bands(), confirmed=np.zeros(len(pairs), dtype=bool),
                       linked=dict(linked or {}))
    return scores, decisions


def test_a_clean_pair_without_nik_is_pasti_and_a_stranger_is_bukan() -> None:
    online = [_row(1, "o", name="Hj. Siti Aminah", nik="6371045203850001"),
              _row(3, "o2", name="RAHMAT", sex="L", born=19900505)]
    field = [_row(2, "f", name="SITI AMINAH"),
             _row(4, "f2", name="JOKO SUSILO", sex="L", born=19900505)]
    scores, decisions = _decided(online, field)
    assert [tuple(scores.pairs[at]) for at in decisions.sure] == [(0, 0)]
    assert decisions.likely == []


def test_twins_with_other_names_are_never_paired_automatically() -> None:
    # Only the brother's field record exists; household, birth, sex and SLS all agree.
    online = [_row(1, "hasan", name="HASAN BASRI", sex="L")]
    field = [_row(2, "husin", name="HUSIN BASRI", sex="L")]
    scores, decisions = _decided(online, field)
    assert decisions.sure == []
    assert {r.label: r.text for r in ev.reasons(scores.code(0))}["Nama"] != \
        "sama (setelah ejaan diseragamkan)"


def test_swapped_day_month_with_another_kk_goes_to_review() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="SITI AMINA", born=19851203, kk=OTHER_KK)]
    scores, decisions = _decided(online, field)
    assert decisions.sure == [] and decisions.likely == [0]
    assert {r.label: r.text for r in ev.reasons(scores.code(0))}["Tanggal lahir"] == \
        "tanggal dan bulan tertukar"


def test_a_linked_household_lifts_a_review_case_to_pasti() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="SITI AMINA", born=19851203, kk=OTHER_KK)]
    scores, decisions = _decided(online, field, linked={int(KK): {int(OTHER_KK)}})
    assert decisions.sure == [0]


def test_the_evidence_code_round_trips_with_weights() -> None:
    code = ev.encode({"n": 3, "b": 4, "s": 1, "k": 0, "l": 1})
    assert ev.decode(code)["b"] == 4 and ev.decode(code)["h"] == ev.NEUTRAL
    reasons = {r.label: r.weight for r in ev.reasons(code)}
    assert reasons["Nama"] > 0 and reasons["No. KK"] < 0 and "Anggota ruta" not in reasons


def test_bands_must_be_ordered_and_in_range() -> None:
    assert validate_bands(Bands(14, 5)) == []
    assert [p.field for p in validate_bands(Bands(5, 14))] == ["likely"]
    assert [p.field for p in validate_bands(Bands(float("nan"), 5))] == ["sure"]


def test_the_codes_built_as_arrays_are_the_encoded_levels() -> None:
    online = [_row(1, "o", name="SITI AMINAH", born=19850312)]
    field = [_row(2, "f", name="SITI AMINA", born=19851203, kk=OTHER_KK),
             _row(3, "g", name="SITI AMINAH", born=19850312, kk=None)]
    scores, _ = _decided(online, field)
    for at in range(len(scores.pairs)):
        levels = {letter: int(values[at]) for letter, values in scores.levels.items()}
        assert scores.codes([at]) == [ev.encode(levels)]
