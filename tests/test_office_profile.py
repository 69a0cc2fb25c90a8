"""The office profile: validation rules, saving, and refusing a stale save."""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from decimal import Decimal

import pytest

from models.errors import StaleEditError, ValidationError
from models.office.profile import ProfileData, get_profile, update_profile, validate_profile
from models.schema.office import OfficeProfile
from models.store.db import Database

VALID = ProfileData(
    office_name="Badan Pusat Statistik Kota Banjarmasin", region_code="6371",
    satker_code="63710", city="Banjarmasin", head_name="Kepala", head_nip="197305121996021001",
)


def problems(**changes: object) -> set[str]:
    return {p.field for p in validate_profile(replace(VALID, **changes))}


def test_valid_profile_has_no_problems() -> None:
    assert problems() == set()


@pytest.mark.parametrize("nip", ["19730512199602100", "1973051219960210011",
                                 "19730512 199602 1 001", "1973O5121996021001"])
def test_nip_must_be_18_digits(nip: str) -> None:
    assert problems(head_nip=nip) == {"head_nip"}


@pytest.mark.parametrize("nip", ["197302311996021001",  # 31 February
                                 "197305121996131001",  # appointed in month 13
                                 "197305121996023001"])  # sex digit 3
def test_nip_parts_must_make_sense(nip: str) -> None:
    assert problems(head_nip=nip) == {"head_nip"}


def test_empty_nip_is_allowed_until_the_head_is_known() -> None:
    assert problems(head_nip="") == set()


@pytest.mark.parametrize("value,ok", [
    (Decimal("0"), True), (Decimal("20"), True), (Decimal("100"), True), ("12,5", True),
    (Decimal("-0.01"), False), (Decimal("100.01"), False), ("dua puluh", False), ("NaN", False),
])
def test_targets_are_percentages(value: object, ok: bool) -> None:
    assert (problems(online_target_pct=value) == set()) is ok
    assert (problems(field_target_pct=value) == set()) is ok


@pytest.mark.parametrize("field,value", [
    ("office_name", "  "), ("region_code", "637"), ("satker_code", "6371"),
    ("email", "bps6371"), ("label_ppl", ""), ("label_koseka", " "),
    ("region_code", "６３７１"), ("region_code", "٦٣٧١"), ("satker_code", "6371⁰"),
])
def test_other_required_formats(field: str, value: str) -> None:
    assert problems(**{field: value}) == {field}


def test_defaults_on_a_new_database(db: Database) -> None:
    with db.session() as session:
        profile = get_profile(session)
    assert profile.online_target_pct == Decimal("20")
    assert (profile.label_ppl, profile.label_pml, profile.label_koseka) == ("PPL", "PML", "Koseka")


def test_saved_profile_is_read_back(db: Database) -> None:
    with db.session() as session:
        data = replace(get_profile(session), **{k: getattr(VALID, k) for k in
                                                ("office_name", "region_code", "satker_code",
                                                 "head_nip")})
        data.online_target_pct = Decimal("22.5")
        data.label_ppl = "PCL"
        update_profile(session, data)
    with db.session() as session:
        row = session.get(OfficeProfile, 1)
        assert row is not None
        assert row.online_target_pct == Decimal("22.50")
        assert row.head_nip == "197305121996021001"
        assert row.label_ppl == "PCL"


def test_invalid_profile_is_not_saved(db: Database) -> None:
    with db.session() as session:
        update_profile(session, replace(get_profile(session), **vars(VALID) | {"version_id": 0}))
    with db.session() as session:
        bad = replace(get_profile(session), head_nip="123", office_name="Kantor Baru")
        with pytest.raises(ValidationError) as caught:
            update_profile(session, bad)
        assert "NIP harus 18 angka" in caught.value.message
    with db.session() as session:
        assert get_profile(session).office_name == VALID.office_name


def test_second_of_two_concurrent_saves_is_refused(db: Database) -> None:
    with db.session() as setup:
        update_profile(setup, replace(get_profile(setup), **vars(VALID) | {"version_id": 0}))
    first, second = db.session(), db.session()
    mine, theirs = get_profile(first), get_profile(second)
    update_profile(first, replace(mine, city="Kota A"))
    with pytest.raises(StaleEditError, match="diubah di komputer lain"):
        update_profile(second, replace(theirs, city="Kota B"))
    first.close()
    second.close()
    with db.session() as session:
        assert get_profile(session).city == "Kota A"


def test_two_first_reads_at_once_do_not_collide_on_the_key(db) -> None:  # type: ignore[no-untyped-def]
    """Beranda and Pengaturan (or two PCs) read the profile of a new database at once."""
    found: dict[str, object] = {}
    with db.session() as first, db.session() as second:
        get_profile(first)  # creates the default row, not yet committed

        def other() -> None:
            try:
                found["profile"] = get_profile(second)  # waits for the first on the key
                second.commit()
            except Exception as exc:  # noqa: BLE001 - the failure is what the test reports
                found["error"] = exc

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        first.commit()
        thread.join(15)
    assert "error" not in found, found.get("error")
    assert found["profile"].label_ppl == "PPL"  # type: ignore[attr-defined]
