"""A generated but realistic demo office: BPS Kota Banjarmasin during a census.

Seeded, so every run gives the same city: 5 kecamatan and their 52 kelurahan with
real names and BPS/Kemendagri codes, RT-level SLS with household counts, officers in
teams with assignments, and one set of households behind SP Online, the PPL's field results
and the daily SLS recaps (models/demo/census.py tells that story and gives the shares the
matching finds, and the habits of a few PPL that the data quality page flags), the civil
servants (ASN) of a dozen OPD, most of whom filled online, and a first matching run, so
every page has something to show.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit import trail as audit_trail
from models.demo.boundaries import made_up_boundaries
from models.demo.census import (
    IDLE_AFTER,
    IDLE_SHARE,
    ONLINE_COLUMNS,
    QUIRKY_PPL,
    Habit,
    Place,
    Quirk,
    tell,
)
from models.demo.field_import import FieldResultsImport
from models.demo.names import BANJARMASIN
from models.demo.population import NikIssuer, birth, household, person_name
from models.errors import KendaliError
from models.persons.day_counts import recount
from models.recon.run import STEPS as RECON_STEPS
from models.recon.run import run_reconciliation
from models.schedule.calendar import Calendar, Window
from models.schedule.settings import write_calendar
from models.schema.areas import Kecamatan, Kelurahan, Sls
from models.schema.asn import Agency, AsnEmployee
from models.schema.batches import ImportBatch, ImportKind, OnlineSubmission, Sex, SlsRecap
from models.schema.office import OfficeProfile, PaperSize
from models.schema.officers import Assignment, Officer, OfficerRole, Team, TeamMember
from models.store.bulk import bulk_inserter
from models.store.gc_pause import collection_paused
from models.store.statistics import analyze_uncommitted
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
SLS_PER_PPL = 4
MIN_QUIRKY_HOUSEHOLDS = 250  # a PPL with a habit has this many households in its SLS or more
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
    field_persons: int = 0  # field results stored
    field_rejected: int = 0  # field rows the import's checks refused


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["11", "12", "13", "21", "52", "53", "77"])
    return f"08{prefix}{rng.randrange(10**7, 10**8)}"


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
             *, issuer: NikIssuer, taken: set[str]) -> Officer:
    """An officer of `kec` whose name no other officer of that kecamatan has."""
    female = rng.random() < 0.45
    born = birth(rng, 20, 50)
    name = person_name(rng, female)
    while name in taken:
        name = person_name(rng, female)
    taken.add(name)
    officer = Officer(nik=issuer.nik(kec.kemendagri_code or "", born, female), name=name,
                      role=role, phone=_phone(rng), kecamatan_id=kec.id)
    session.add(officer)
    return officer


def _officers_and_assignments(session: Session, rng: random.Random,
                              tree: list[tuple[Kecamatan, list[Kelurahan]]],
                              issuer: NikIssuer) -> tuple[int, int, dict[int, str]]:
    """Officers, teams and assignments; and the NIK of the PPL of each assigned SLS."""
    started = datetime(2020, 8, 24, 8, 0)
    officers = teams = 0
    ppl_of_sls: dict[int, str] = {}
    for kec, villages in tree:
        taken: set[str] = set()
        koseka = _officer(session, rng, OfficerRole.KOSEKA, kec, issuer=issuer, taken=taken)
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
                    pml = _officer(session, rng, OfficerRole.PML, kec, issuer=issuer,
                                   taken=taken)
                    team = Team(code=f"{kec.bps_code[4:]}-{teams:03d}",
                                name=f"Tim {teams:03d} {kec.name}", kecamatan_id=kec.id, pml=pml)
                    session.add(team)
                    officers += 1
                    members = 0
                ppl = _officer(session, rng, OfficerRole.PPL, kec, issuer=issuer, taken=taken)
                session.flush()
                session.add(TeamMember(team_id=team.id, officer_id=ppl.id, valid_from=started))
                for sls in sls_list[start:start + SLS_PER_PPL]:
                    session.add(Assignment(officer_id=ppl.id, sls_id=sls.id, valid_from=started,
                                           assigned_by=SYSTEM_USER))
                    ppl_of_sls[sls.id] = ppl.nik or ""
                members += 1
                officers += 1
    session.flush()
    return officers, teams, ppl_of_sls


def _quirky(tree: list[tuple[Kecamatan, list[Kelurahan]]], ppl_of_sls: dict[int, str],
            idle: set[str]) -> dict[str, Quirk]:
    """The PPL with a habit: QUIRKY_PPL per habit, none idle, none with two habits, each
    with SLS of at least MIN_QUIRKY_HOUSEHOLDS households (enough to be judged).

    Each habit ranks the PPL by a draw of its own, not by `rng`: who has a habit depends
    neither on the order of the city nor on the other habits' draws of that PPL.
    """
    households: dict[str, int] = {}
    for _, villages in tree:
        for kel in villages:
            for sls in kel.sls:
                nik = ppl_of_sls.get(sls.id)
                if nik is not None:
                    households[nik] = households.get(nik, 0) + sls.expected_households
    candidates = sorted(nik for nik, total in households.items()
                        if total >= MIN_QUIRKY_HOUSEHOLDS and nik not in idle)
    chosen: dict[str, Quirk] = {}
    for quirk in Quirk:
        ranked = sorted((nik for nik in candidates if nik not in chosen),
                        key=lambda nik: random.Random(f"{SEED}:{nik}:{quirk.value}").random())
        chosen.update(dict.fromkeys(ranked[:QUIRKY_PPL], quirk))
    return chosen


def _census(session: Session, rng: random.Random,
            tree: list[tuple[Kecamatan, list[Kelurahan]]], issuer: NikIssuer,
            ppl_of_sls: dict[int, str], progress: ProgressCallback | None,
            steps: int) -> tuple[int, int, int]:
    """SP Online, the field results and the recaps, told per SLS from the same households.

    Returns (online persons, field rows stored, recap rows). The field rows go through the
    importer's checks and are stored while the city is told (nothing else may use the
    connection then: PostgreSQL's COPY holds it); online rows and recaps are inserted after.
    """
    everywhere: list[Place] = []
    places: dict[int, list[Place]] = {}
    for kec, villages in tree:
        for kel in villages:
            places[kel.id] = [Place(s.id, s.bps_code, f"{s.name}, {kel.name}",
                                    kec.kemendagri_code or "") for s in kel.sls]
            everywhere += places[kel.id]
    # SP Online closed in March, long before the field results came: its batch comes first.
    batch = ImportBatch(kind=ImportKind.ONLINE, file_name="demo-sp-online-2020-03.xlsx",
                        file_sha256=hashlib.sha256(b"kendali-sensus-demo-online").hexdigest(),
                        sheet_name="Data", imported_by=SYSTEM_USER)
    session.add(batch)
    session.flush()
    online: list[tuple[object, ...]] = []
    recaps: list[dict[str, object]] = []
    done = 0
    # drawn apart from `rng`, one draw per PPL, so who stops does not depend on the order
    idle = {nik for nik in set(ppl_of_sls.values())
            if random.Random(f"{SEED}:{nik}").random() < IDLE_SHARE}
    quirky = _quirky(tree, ppl_of_sls, idle)
    with FieldResultsImport(session, SYSTEM_USER) as field:
        for _, villages in tree:
            for kel in villages:
                for sls, place in zip(kel.sls, places[kel.id], strict=True):
                    homes = [household(rng, place.kemendagri, issuer)
                             for _ in range(sls.expected_households)]
                    ppl = ppl_of_sls.get(sls.id)
                    quirk = quirky.get(ppl or "")
                    habit = None if quirk is None else Habit(quirk, random.Random(
                        f"{SEED}:{ppl}:{quirk.value}:{sls.id}"))
                    story = tell(rng, place, homes, near=places[kel.id],
                                 everywhere=everywhere, issuer=issuer, ppl_nik=ppl,
                                 entered_by=SYSTEM_USER,
                                 stopped_after=IDLE_AFTER if ppl in idle else None,
                                 habit=habit)
                    online += story.online
                    recaps += story.recaps
                    field.add(story.listed)
                done += 1
                advance(progress, done, steps)
    batch.rows_read = batch.rows_inserted = len(online)
    table = OnlineSubmission.__table__
    with bulk_inserter(session.connection(), table, ("batch_id", "source_row",  # type: ignore[arg-type]
                                                     *ONLINE_COLUMNS)) as write:
        write([(batch.id, row, *person) for row, person in enumerate(online, start=2)])
    recount(session, ImportKind.ONLINE)
    session.execute(insert(SlsRecap), recaps)
    return len(online), field.stored, len(recaps)


def _nip(rng: random.Random, born: date, female: bool) -> str:
    appointed = max(born.year + 20, 1990) + rng.randrange(0, 12)
    return (f"{born:%Y%m%d}{min(appointed, 2019)}{rng.randrange(1, 13):02d}"
            f"{2 if female else 1}{rng.randrange(1, 1000):03d}")


def _asn(session: Session, rng: random.Random, kec_codes: list[str], issuer: NikIssuer) -> int:
    """OPD lists: who filled is a real online submitter; the rest get NIKs nobody filled."""
    adults = session.execute(
        select(OnlineSubmission.nik, OnlineSubmission.name, OnlineSubmission.sex,
               OnlineSubmission.birth_date)
        .where(OnlineSubmission.birth_date.between(date(1963, 1, 1), date(1996, 12, 31)))
        .order_by(OnlineSubmission.id)).all()
    rng.shuffle(adults)
    taken = iter(adults)
    rows: list[dict[str, object]] = []
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
                born, person = birth(rng, 24, 57), person_name(rng, female)
                nik = issuer.nik(rng.choice(kec_codes), born, female)
            rows.append({"agency_id": agency.id, "name": person, "nip": _nip(rng, born, female),
                         "nik": nik, "unit": unit})
    session.execute(insert(AsnEmployee), rows)
    return len(rows)


# The demo's plan: SP Online as SP2020 opened it, the door-to-door phase planned in two
# weeks, Banjarmasin Tengah (the smallest area per SLS, the office's own kecamatan) in ten
# days. With the field recaps up to 12 September every status shows: SLS done, on schedule,
# behind and far behind, and the central kecamatan behind its own tighter plan.
DEMO_ONLINE = Window(date(2020, 2, 15), date(2020, 3, 31))
DEMO_FIELD = Window(date(2020, 9, 1), date(2020, 9, 15))
DEMO_OWN_FIELD = {"6371031": Window(date(2020, 9, 1), date(2020, 9, 11))}
DEMO_HOLIDAYS = {date(2020, 8, 17): "Hari Kemerdekaan RI",
                 date(2020, 8, 20): "Tahun Baru Islam 1442 H",
                 date(2020, 10, 29): "Maulid Nabi Muhammad SAW"}


def _calendar(session: Session, tree: list[tuple[Kecamatan, list[Kelurahan]]]) -> None:
    own = {k.id: DEMO_OWN_FIELD[k.bps_code] for k, _ in tree if k.bps_code in DEMO_OWN_FIELD}
    write_calendar(session, Calendar(
        online=DEMO_ONLINE, field=DEMO_FIELD, kecamatan_field=own,
        holidays=frozenset(DEMO_HOLIDAYS), holiday_names=DEMO_HOLIDAYS))


def load_demo(session: Session, progress: ProgressCallback | None = None) -> DemoSummary:
    """Fill an empty database with the demo city in one transaction.

    The last step is the first matching run, whose commit is the demo's one commit: a
    cancel or a failure anywhere (the run rolls back on either) leaves the database empty.
    """
    require(session, Permission.EDIT_SETTINGS)
    if session.scalar(select(func.count()).select_from(Kecamatan)):
        raise DemoNotEmptyError(
            "Database sudah berisi data wilayah. Data contoh hanya dimuat ke database kosong."
        )
    rng = random.Random(SEED)
    issuer = NikIssuer()
    total_kel = sum(len(villages) for _, _, _, villages in BANJARMASIN)
    steps = total_kel + 1 + RECON_STEPS
    try:
        # Thousands of rows: one audit entry for the whole demo, not one per row. Some
        # millions of objects, none in a cycle: see models.store.gc_pause.
        with collection_paused(), audit_trail.summarized(session, "muat data contoh",
                                                        "database") as details:
            _office_profile(session)
            tree = _areas(session, rng)
            officers, teams, ppl_of_sls = _officers_and_assignments(session, rng, tree, issuer)
            online, field, recaps = _census(session, rng, tree, issuer, ppl_of_sls, progress,
                                            steps)
            asn = _asn(session, rng, [k.kemendagri_code or "637101" for k, _ in tree], issuer)
            _calendar(session, tree)
            made_up_boundaries(session, tree)
            details.update(kecamatan=len(tree), petugas=officers, isian_online=online)
        advance(progress, total_kel + 1, steps)
        rejected = session.scalar(select(ImportBatch.rows_rejected).where(
            ImportBatch.kind == ImportKind.LAPANGAN)) or 0

        def matching(done: int, total: int) -> bool:
            return progress is None or progress(
                total_kel + 1 + done * RECON_STEPS // max(total, 1), steps)

        analyze_uncommitted(session, "online_submission", "field_result", "sls_recap",
                            "assignment", "officer", "sls", "kelurahan")
        run_reconciliation(session, full=True, progress=matching, by=SYSTEM_USER)
    except BaseException:
        session.rollback()
        raise
    if progress:
        progress(1, 1)
    return DemoSummary(
        kecamatan=len(tree), kelurahan=sum(len(v) for _, v in tree),
        sls=sum(len(k.sls) for _, v in tree for k in v), officers=officers, teams=teams,
        online_persons=online, recaps=recaps, asn=asn, field_persons=field,
        field_rejected=rejected,
    )
