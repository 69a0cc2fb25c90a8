"""The age–sex pyramid on hand-built persons: counts per five-year group and sex, both sources.

SmallCity (one kecamatan) plus a second kecamatan; the field window starts 15 September
2020, the day ages are counted at. Each person is placed by hand in a known group.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert, update

from models.quality.pyramid import GROUP_COUNT, GROUP_LABELS, age_sex_pyramid
from models.schedule.calendar import Calendar, Window
from models.schedule.settings import save_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.batches import FieldResult, ImportBatch, ImportKind, OnlineSubmission
from tests.builders import SmallCity

CENSUS = date(2020, 9, 15)


def _born(age: int, after_census_day: bool = False) -> date:
    """Completed `age` on the census day; `after_census_day`: the `age`-th birthday is the
    day after, so the person is still `age - 1` (the edge of a group)."""
    if after_census_day:
        return date(CENSUS.year - age, 9, 16)
    return date(CENSUS.year - age, 9, 15)


def _batch(session, kind: ImportKind) -> int:  # type: ignore[no-untyped-def]
    batch = ImportBatch(kind=kind, file_name=f"{kind.value}.xlsx", file_sha256="0" * 64)
    session.add(batch)
    session.flush()
    return batch.id


def _rows(batch_id: int, people: list[tuple[str | None, date | None, int]], prefix: str,
          officer: bool) -> list[dict[str, object]]:
    rows = []
    for serial, (sex, birth, sls_id) in enumerate(people):
        row: dict[str, object] = {"batch_id": batch_id, "natural_key": f"{prefix}{serial:06d}",
                                  "name": f"Orang {serial}", "sex": sex, "birth_date": birth,
                                  "sls_id": sls_id}
        if officer:
            row["officer_id"] = None
        rows.append(row)
    return rows


def _build(session):  # type: ignore[no-untyped-def]
    city = SmallCity(session)
    save_calendar(session, Calendar(field=Window(CENSUS, date(2020, 10, 31))))
    other = Kecamatan(bps_code="6371050", name="Banjarmasin Barat", kemendagri_code="637105")
    session.add(other)
    session.flush()
    kel = Kelurahan(kecamatan_id=other.id, bps_code="6371050001", name="Telaga Biru")
    session.add(kel)
    session.flush()
    far = Sls(kelurahan_id=kel.id, bps_code="637105000100100", name="RT 001",
              expected_households=10, expected_population=40)
    session.add(far)
    session.flush()
    a, b = city.sls_ids[0], city.sls_ids[3]
    field = [
        ("L", _born(0), a), ("L", _born(4), a), ("P", _born(4), b),  # 0-4: 2 men, 1 woman
        ("L", _born(5, after_census_day=True), a),  # 4 on the census day: 0-4
        ("P", _born(5), a),  # 5-9
        ("P", _born(37), b), ("P", _born(39), b), ("L", _born(35), a),  # 35-39
        ("L", _born(74), a),  # 70-74
        ("P", _born(75), a), ("P", _born(101), b),  # 75+
        (None, _born(30), a), ("L", None, a),  # no sex, no birth date: left out
        ("P", date(2021, 1, 1), a),  # born after the census day: left out
        ("L", _born(20), far.id),  # another kecamatan
    ]
    online = [("P", _born(2), a), ("P", _born(12), a), ("L", _born(80), b),
              ("L", _born(22), far.id)]
    field_batch = _batch(session, ImportKind.LAPANGAN)
    session.execute(insert(FieldResult), _rows(field_batch, field, "F", True))
    online_batch = _batch(session, ImportKind.ONLINE)
    session.execute(insert(OnlineSubmission), _rows(online_batch, online, "O", False))
    # an older version, replaced by a newer batch: not counted
    newer = _batch(session, ImportKind.LAPANGAN)
    session.execute(insert(FieldResult), _rows(field_batch, [("L", _born(50), a)], "X", True))
    session.execute(update(FieldResult).where(FieldResult.natural_key == "X000000")
                    .values(replaced_by_batch_id=newer))
    session.commit()
    return city, other


def _groups(counts: tuple[int, ...]) -> dict[str, int]:
    return {GROUP_LABELS[i]: n for i, n in enumerate(counts) if n}


def test_labels() -> None:
    assert GROUP_COUNT == 16
    assert GROUP_LABELS[0] == "0–4" and GROUP_LABELS[14] == "70–74" and GROUP_LABELS[-1] == "75+"


def test_kecamatan_counts_per_group_and_sex(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city, _other = _build(session)
        pyramid = age_sex_pyramid(session, kecamatan_id=city.kec.id)
    assert pyramid.reference == CENSUS
    assert _groups(pyramid.field.men) == {"0–4": 3, "35–39": 1, "70–74": 1}
    assert _groups(pyramid.field.women) == {"0–4": 1, "5–9": 1, "35–39": 2, "75+": 2}
    assert pyramid.unknown_field == 3
    assert _groups(pyramid.online.men) == {"75+": 1}
    assert _groups(pyramid.online.women) == {"0–4": 1, "10–14": 1}
    assert pyramid.field.total == 11 and pyramid.online.total == 3
    men, women = pyramid.field.shares()
    assert round(sum(men) + sum(women), 6) == 100.0
    assert round(men[0], 6) == round(300 / 11, 6)


def test_office_and_kelurahan(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        city, other = _build(session)
        office = age_sex_pyramid(session)
        kel_b = age_sex_pyramid(session, kelurahan_id=city.kel_b.id)
        elsewhere = age_sex_pyramid(session, kecamatan_id=other.id)
    assert office.field.total == 12 and office.online.total == 4
    assert _groups(elsewhere.field.men) == {"20–24": 1}
    assert _groups(elsewhere.online.men) == {"20–24": 1}
    assert elsewhere.field.women == (0,) * GROUP_COUNT
    assert _groups(kel_b.field.women) == {"0–4": 1, "35–39": 2, "75+": 1}
    assert kel_b.field.men == (0,) * GROUP_COUNT
    assert _groups(kel_b.online.men) == {"75+": 1}
