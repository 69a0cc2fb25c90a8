"""A generated but realistic demo office: BPS Kota Banjarmasin during a census.

Seeded, so every run gives the same city: 5 kecamatan and their 52 kelurahan with
real names and BPS/Kemendagri codes, RT-level SLS with household counts, officers in
teams with assignments, a week of online submissions, daily field recaps, and the civil
servants (ASN) of a dozen OPD, most of whom filled online.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit import trail as audit_trail
from models.demo.names import BANJARMASIN, FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from models.errors import KendaliError
from models.ids.nik import compose_kk, compose_nik
from models.persons.check import content_hash
from models.persons.day_counts import recount
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission, Sex, SlsRecap
from models.schema.office import OfficeProfile, PaperSize
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.work import ProgressCallback, advance

# Where the area codes in demo_names.BANJARMASIN come from (public, checked against each other):
# - Kemendagri codes and all names: Kepmendagri No. 300.2.2-2138 Tahun 2025, as the npm package
#   idn-area-data 4.0.1 ships it (data/districts.csv, data/villages.csv); Kota Banjarmasin is
#   the same in cahyadsn/wilayah (db/wilayah.sql). `resources/kemendagri/build_tables.py
#   --check` compares the demo with the package again.
# - BPS codes: BPS's bridging service (sig.bps.go.id/bridging-kode: BPS code to Kemendagri code
#   per kelurahan) as scraped in 2024 in the GitHub repository taufiqart/wilayah-indonesia
#   (data/63/6371/*.json). The same 52 codes, for the same kelurahan, are in BPS MFD Online as
#   scraped in 2016 in edwardsamuel/Wilayah-Administratif-Indonesia (csv/villages.csv; BPS
#   spells Banua Anyar "Benua Anyar"), and the kecamatan pairs in the 2020 bridging table of
#   zakiego/Kode-Wilayah-Administrasi-Indonesia-Relasi-BPS-Kemendagri. No download from BPS
#   itself was at hand: these are third-party copies of BPS's public pages.

SEED = 2020
ONLINE_START = datetime(2020, 2, 15, 7)
CENSUS_START = date(2020, 9, 1)  # door-to-door phase of SP2020
PERSONS_PER_HOUSEHOLD = 3.6
ONLINE_SHARE = 0.19  # share of households that filled SP Online in the demo
SLS_PER_PPL = 4
PPL_PER_TEAM = 6
SYSTEM_USER = "demo"
# (OPD, civil servants, share who filled SP Online)
AGENCIES = [
    ("Dinas Pendidikan", 420, 0.71), ("Dinas Kesehatan", 260, 0.83),
    ("Sekretariat Daerah", 180, 0.92), ("Badan Perencanaan Pembangunan Daerah", 64, 0.97),
    ("Dinas Kependudukan dan Pencatatan Sipil", 85, 1.0), ("Badan Keuangan Daerah", 120, 0.88),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", 150, 0.58), ("Dinas Sosial", 70, 0.64),
    ("Dinas Perhubungan", 110, 0.49), ("Satuan Polisi Pamong Praja", 95, 0.55),
    ("Dinas Komunikasi, Informatika dan Statistik", 58, 0.95),
    ("Badan Kepegawaian dan Pengembangan SDM", 48, 0.9),
]
UNITS = ["Sekretariat", "Bidang Program dan Pelaporan", "Bidang Pelayanan", "Bidang Pembinaan",
         "UPT Wilayah Utara", "UPT Wilayah Selatan"]


class DemoNotEmptyError(KendaliError):
    """Demo data goes only into an empty database, so nothing real is mixed with it."""


@dataclass(frozen=True)
class DemoSummary:
    kecamatan: int
    kelurahan: int
    sls: int
    officers: int
    teams: int
    online_persons: int
    recaps: int
    asn: int = 0


def _person_name(rng: random.Random, female: bool) -> str:
    given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    return f"{given} {rng.choice(FAMILY_NAMES)}"


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["11", "12", "13", "21", "52", "53", "77"])
    return f"08{prefix}{rng.randrange(10**7, 10**8)}"


def _birth(rng: random.Random, min_age: int, max_age: int) -> date:
    return CENSUS_START - timedelta(days=rng.randrange(min_age * 365, max_age * 365))


def _office_profile(session: Session) -> None:
    profile = session.get(OfficeProfile, 1) or OfficeProfile(id=1)
    profile.office_name = "Badan Pusat Statistik Kota Banjarmasin"
    profile.region_code = "6371"
    profile.satker_code = "63710"
    profile.region_name = "Kota Banjarmasin"
    profile.province_name = "Kalimantan Selatan"
    profile.city = "Banjarmasin"
    profile.address = "Jl. Gatot Subroto No. 5, Banjarmasin 70235"
    profile.phone = "(0511) 3252341"
    profile.email = "bps6371@bps.go.id"
    profile.website = "banjarmasinkota.bps.go.id"
    profile.head_name = "Dr. H. Muhammad Rifani, S.E., M.Si."  # fictional
    profile.head_nip = "197305121996021001"
    profile.head_title = "Kepala Badan Pusat Statistik Kota Banjarmasin"
    profile.online_target_pct = Decimal("20.00")
    profile.field_target_pct = Decimal("100.00")
    profile.ppl_capacity_households = 600
    profile.paper_size = PaperSize.A4
    session.add(profile)


def _areas(session: Session, rng: random.Random) -> list[tuple[Kecamatan, list[Kelurahan]]]:
    tree = []
    for kec_code, kemendagri, kec_name, kelurahan in BANJARMASIN:
        kec = Kecamatan(bps_code=kec_code, kemendagri_code=kemendagri, name=kec_name)
        session.add(kec)
        villages = []
        for kel_code, kel_kemendagri, name in kelurahan:
            kel = Kelurahan(kecamatan=kec, bps_code=kel_code, kemendagri_code=kel_kemendagri,
                            name=name)
            session.add(kel)
            for rt in range(1, rng.randint(14, 34) + 1):
                households = rng.randint(45, 165)
                session.add(Sls(
                    kelurahan=kel,
                    bps_code=f"{kel.bps_code}{rt:04d}00",
                    name=f"RT {rt:03d}",
                    expected_households=households,
                    expected_population=round(households * rng.uniform(3.2, 4.0)),
                ))
            villages.append(kel)
        tree.append((kec, villages))
    session.flush()
    return tree


def _officer(session: Session, rng: random.Random, role: OfficerRole, kec: Kecamatan,
             *, serials: dict[str, int]) -> Officer:
    female = rng.random() < 0.45
    serials[kec.kemendagri_code or ""] += 1
    nik = compose_nik(kec.kemendagri_code or "", _birth(rng, 20, 50), female,
                      serials[kec.kemendagri_code or ""])
    officer = Officer(nik=nik, name=_person_name(rng, female), role=role, phone=_phone(rng),
                      kecamatan_id=kec.id)
    session.add(officer)
    return officer


def _officers_and_assignments(session: Session, rng: random.Random,
                              tree: list[tuple[Kecamatan, list[Kelurahan]]]) -> tuple[int, int]:
    serials: dict[str, int] = {kec.kemendagri_code or "": 5000 for kec, _ in tree}
    started = datetime(2020, 8, 24, 8, 0)
    officers = teams = 0
    for kec, villages in tree:
        koseka = _officer(session, rng, OfficerRole.KOSEKA, kec, serials=serials)
        session.flush()
        session.add(Assignment(officer_id=koseka.id, kecamatan_id=kec.id, valid_from=started,
                               assigned_by=SYSTEM_USER))
        officers += 1
        team: Team | None = None
        members = 0
        for kel in villages:
            # Groups of consecutive SLS in one kelurahan per PPL; ~4 % left for the
            # supervisors to assign so the Penugasan page has work to show.
            sls_list = [s for s in kel.sls if rng.random() > 0.04]
            for start in range(0, len(sls_list), SLS_PER_PPL):
                if team is None or members == PPL_PER_TEAM:
                    teams += 1
                    pml = _officer(session, rng, OfficerRole.PML, kec, serials=serials)
                    team = Team(code=f"{kec.bps_code[4:]}-{teams:03d}",
                                name=f"Tim {teams:03d} {kec.name}", kecamatan_id=kec.id, pml=pml)
                    session.add(team)
                    officers += 1
                    members = 0
                ppl = _officer(session, rng, OfficerRole.PPL, kec, serials=serials)
                session.flush()
                session.add(TeamMember(team_id=team.id, officer_id=ppl.id, valid_from=started))
                for sls in sls_list[start:start + SLS_PER_PPL]:
                    session.add(Assignment(officer_id=ppl.id, sls_id=sls.id, valid_from=started,
                                           assigned_by=SYSTEM_USER))
                members += 1
                officers += 1
    session.flush()
    return officers, teams


def _online_submissions(session: Session, rng: random.Random,
                        tree: list[tuple[Kecamatan, list[Kelurahan]]],
                        progress: ProgressCallback | None) -> int:
    batch = ImportBatch(kind=ImportKind.ONLINE, file_name="demo-sp-online-2020-09.xlsx",
                        file_sha256=hashlib.sha256(b"kendali-sensus-demo-online").hexdigest(),
                        sheet_name="Data", imported_by=SYSTEM_USER)
    session.add(batch)
    session.flush()
    rows: list[dict[str, object]] = []
    total_kel = sum(len(v) for _, v in tree)
    done = 0
    serial: dict[str, int] = {}
    seen: set[str] = set()
    for kec, villages in tree:
        code = kec.kemendagri_code or ""
        for kel in villages:
            for sls in kel.sls:
                households = sls.expected_households * ONLINE_SHARE * rng.uniform(0.4, 1.6)
                for _ in range(round(households)):
                    serial[code] = serial.get(code, 0) % 9999 + 1
                    kk = compose_kk(code, _birth(rng, 1, 15), serial[code])
                    # SP Online ran from 15 February to the end of March 2020.
                    submitted = ONLINE_START + timedelta(minutes=rng.randrange(0, 44 * 24 * 60))
                    for member in range(max(1, round(rng.gauss(PERSONS_PER_HOUSEHOLD, 1.2)))):
                        female = rng.random() < (0.5 if member else 0.15)
                        born = _birth(rng, 18, 70) if member < 2 else _birth(rng, 0, 25)
                        serial[code] = serial[code] % 9999 + 1
                        nik = compose_nik(code, born, female, serial[code])
                        if nik in seen:  # the serial wrapped round onto the same birthday
                            continue
                        seen.add(nik)
                        name, sex = _person_name(rng, female), "P" if female else "L"
                        address = f"{sls.name}, {kel.name}"
                        rows.append({
                            "batch_id": batch.id, "natural_key": nik, "source_row": len(rows) + 2,
                            "nik": nik, "kk": kk, "name": name, "sex": Sex(sex),
                            "birth_date": born, "area_code": sls.bps_code, "sls_id": sls.id,
                            "address": address, "submitted_at": submitted,
                            # as an import computes it, so re-importing the same data is
                            # recognised as unchanged
                            "content_hash": content_hash(
                                nik, kk, name, sex, born.isoformat(), sls.bps_code, address,
                                submitted.isoformat(" ", "seconds"), None),
                        })
            done += 1
            advance(progress, done, total_kel + 1)
    session.execute(insert(OnlineSubmission), rows)
    recount(session, ImportKind.ONLINE)
    batch.rows_read = batch.rows_inserted = len(rows)
    return len(rows)


def _recaps(session: Session, rng: random.Random,
            tree: list[tuple[Kecamatan, list[Kelurahan]]]) -> int:
    """Daily cumulative field counts for the first 12 days of the door-to-door phase."""
    rows: list[dict[str, object]] = []
    for _, villages in tree:
        for kel in villages:
            for sls in kel.sls:
                pace = rng.uniform(0.05, 0.14)  # share of households visited per day
                for day in range(12):
                    share = min(1.0, pace * (day + 1))
                    households = round(sls.expected_households * share)
                    persons = round(households * rng.uniform(3.3, 3.9))
                    male = round(persons * rng.uniform(0.48, 0.52))
                    rows.append({
                        "sls_id": sls.id, "report_date": CENSUS_START + timedelta(days=day),
                        "households_found": households, "persons_found": persons,
                        "male": male, "female": persons - male, "entered_by": SYSTEM_USER,
                        "version_id": 1,
                    })
                    if share >= 1.0:
                        break
    session.execute(insert(SlsRecap), rows)
    return len(rows)


def _nip(rng: random.Random, born: date, female: bool) -> str:
    appointed = max(born.year + 20, 1990) + rng.randrange(0, 12)
    return (f"{born:%Y%m%d}{min(appointed, 2019)}{rng.randrange(1, 13):02d}"
            f"{2 if female else 1}{rng.randrange(1, 1000):03d}")


def _asn(session: Session, rng: random.Random, kec_codes: list[str]) -> int:
    """OPD lists: who filled is a real online submitter; the rest get NIKs nobody filled."""
    adults = session.execute(
        select(OnlineSubmission.nik, OnlineSubmission.name, OnlineSubmission.sex,
               OnlineSubmission.birth_date)
        .where(OnlineSubmission.birth_date.between(date(1963, 1, 1), date(1996, 12, 31)))
        .order_by(OnlineSubmission.id)).all()
    rng.shuffle(adults)
    taken = iter(adults)
    rows: list[dict[str, object]] = []
    serial = 5000  # the ones who did not fill: a NIK may by chance equal a submitter's
    for number, (name, size, filled_share) in enumerate(AGENCIES, start=1):
        agency = Agency(code=f"OPD-{number:03d}", name=name, head_title=f"Kepala {name}",
                        address="Banjarmasin")
        if name == "Sekretariat Daerah":
            agency.head_title = "Sekretaris Daerah Kota Banjarmasin"
        session.add(agency)
        session.flush()
        for index in range(size):
            unit = UNITS[index % len(UNITS)]
            if index < round(size * filled_share):
                nik, person, sex, born = next(taken)
                female = sex is Sex.PEREMPUAN
            else:
                female = rng.random() < 0.5
                born, person = _birth(rng, 24, 57), _person_name(rng, female)
                serial += 1
                nik = compose_nik(rng.choice(kec_codes), born, female, serial)
            rows.append({"agency_id": agency.id, "name": person, "nip": _nip(rng, born, female),
                         "nik": nik, "unit": unit})
    session.execute(insert(AsnEmployee), rows)
    return len(rows)


def load_demo(session: Session, progress: ProgressCallback | None = None) -> DemoSummary:
    """Fill an empty database with the demo city in one transaction."""
    require(session, Permission.EDIT_SETTINGS)
    if session.scalar(select(func.count()).select_from(Kecamatan)):
        raise DemoNotEmptyError(
            "Database sudah berisi data wilayah. Data contoh hanya dimuat ke database kosong."
        )
    rng = random.Random(SEED)
    try:
        # Thousands of rows: one audit entry for the whole demo, not one per row.
        with audit_trail.summarized(session, "muat data contoh", "database") as details:
            _office_profile(session)
            tree = _areas(session, rng)
            officers, teams = _officers_and_assignments(session, rng, tree)
            online = _online_submissions(session, rng, tree, progress)
            recaps = _recaps(session, rng, tree)
            asn = _asn(session, rng, [k.kemendagri_code or "637101" for k, _ in tree])
            details.update(kecamatan=len(tree), petugas=officers, isian_online=online)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    if progress:
        progress(1, 1)
    return DemoSummary(
        kecamatan=len(tree), kelurahan=sum(len(v) for _, v in tree),
        sls=sum(len(k.sls) for _, v in tree for k in v), officers=officers, teams=teams,
        online_persons=online, recaps=recaps, asn=asn,
    )
