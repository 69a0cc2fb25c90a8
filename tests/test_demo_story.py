"""The demo tells one story: field results that agree with the recaps, every matching category
in a realistic share, names that fit their holder's sex, officers told apart by name."""
from __future__ import annotations

import random
from collections import Counter, defaultdict

from sqlalchemy import func, select

from models.demo.census import (
    AWAY_DAYS,
    RECAP_DAYS,
    RUSHED_DAYS,
    SHARES,
    Habit,
    Place,
    Quirk,
    rescheduled,
    tell,
)
from models.demo.names import (
    FEMALE_NAMES,
    FEMALE_SECOND,
    MALE_NAMES,
    MALE_SECOND,
    NEEDS_SECOND,
    SONS_ONLY,
)
from models.demo.population import CENSUS_START, NikIssuer, household
from models.ids.nik import FEMALE_DAY_OFFSET
from models.persons.day_counts import day_counts
from models.progress.facts import Timeline, load_facts
from models.quality.measures import Measure
from models.quality.officers import QualityLevel, quality_rows
from models.recon.run import last_run, pending_batches
from models.schema.asn import AsnEmployee
from models.schema.batches import (
    FieldResult,
    ImportBatch,
    ImportKind,
    OnlineSubmission,
    Sex,
    SlsRecap,
)
from models.schema.officers import Officer, OfficerRole
from models.schema.recon import MatchMethod, PersonMatch, ReconCategory
from models.store.db import Database

GIVEN = {False: {n.lower() for n in MALE_NAMES}, True: {n.lower() for n in FEMALE_NAMES}}
FEMALE_ONLY = {n.lower() for n in (*FEMALE_NAMES, *FEMALE_SECOND)}
SONS = {n.lower() for n in SONS_ONLY}


def _female_by_nik(nik: str) -> bool:
    return int(nik[6:8]) > FEMALE_DAY_OFFSET


def test_every_category_appears_in_its_share(demo_db: Database) -> None:
    with demo_db.session() as s:
        counts = dict(s.execute(select(PersonMatch.category, func.count())
                                .group_by(PersonMatch.category)).all())
        by_kk_and_name = s.scalar(select(func.count()).select_from(PersonMatch).where(
            PersonMatch.method == MatchMethod.KK_NAMA))
    total = sum(counts.values())
    assert set(counts) == set(ReconCategory) == set(SHARES)
    for category, (low, high) in SHARES.items():
        share = 100 * counts[category] / total
        assert low <= share <= high, (category, round(share, 2))
    assert by_kk_and_name > 0  # field records without NIK were paired by No. KK and name


def test_the_matching_ran_over_both_sources(demo_db: Database) -> None:
    with demo_db.session() as s:
        run = last_run(s)
        assert run is not None and run.full
        assert pending_batches(s) == (set(), set())  # nothing imported since: not stale
        assert run.field_rows == s.scalar(select(func.count()).select_from(FieldResult)) > 0
        assert run.online_rows == s.scalar(select(func.count()).select_from(OnlineSubmission))


def test_field_results_went_through_the_import_checks(demo_db: Database) -> None:
    with demo_db.session() as s:
        batch = s.scalars(select(ImportBatch).where(
            ImportBatch.kind == ImportKind.LAPANGAN)).one()
        stored = s.scalar(select(func.count()).select_from(FieldResult))
        without_officer = s.scalar(select(func.count()).select_from(FieldResult).where(
            FieldResult.officer_id.is_(None)))
        floats = s.scalar(select(func.count()).select_from(FieldResult).where(
            FieldResult.nik.like("%.%") | FieldResult.nik.like("637199%")))
    assert batch.rows_inserted == stored
    # Excel-damaged NIKs and an unknown Kemendagri code are refused, as in an office.
    assert 0 < batch.rows_rejected < 0.001 * batch.rows_read and floats == 0
    assert batch.rows_read == stored + batch.rows_rejected
    assert batch.rows_warned > 0  # birth dates that differ from the NIK, NIKs left blank
    assert without_officer == 0  # every row names its PPL, a registered officer


def test_field_results_never_contradict_the_recaps(demo_db: Database) -> None:
    """Progres takes the larger of the recap and the results' No. KK: they must agree."""
    with demo_db.session() as s:
        facts = load_facts(s)
        results: dict[int, dict] = defaultdict(dict)
        for sls_id, day, households in day_counts(s, ImportKind.LAPANGAN):
            results[sls_id][day] = households
        recaps: dict[int, dict] = defaultdict(dict)
        for sls_id, day, households in s.execute(
                select(SlsRecap.sls_id, SlsRecap.report_date, SlsRecap.households_found)):
            recaps[sls_id][day] = households
    done = {sls for sls, line in recaps.items()
            if max(line.values()) == facts.areas[sls].expected_households}
    assert set(results) <= set(recaps)
    assert len(done & set(results)) > 0.9 * len(done)  # most finished SLS have results
    equal = 0
    for sls_id, days in results.items():
        recap, found = Timeline(recaps[sls_id]), Timeline.accumulated(days)
        for day in set(recaps[sls_id]) | set(days):
            assert found.at(day) <= recap.at(day), (sls_id, day)
        assert facts.field_at(sls_id, None) == recap.at()
        equal += found.at() == recap.at()
    assert equal > 0.9 * len(results)  # the results' households are the recap's


def test_given_names_fit_the_sex_of_every_demo_person(demo_db: Database) -> None:
    with demo_db.session() as s:
        people = [(name, sex is Sex.PEREMPUAN) for name, sex in s.execute(
            select(OnlineSubmission.name, OnlineSubmission.sex))]
        people += [(name, sex is Sex.PEREMPUAN) for name, sex in s.execute(
            select(FieldResult.name, FieldResult.sex))]
        people += [(name, _female_by_nik(nik)) for name, nik in s.execute(
            select(Officer.name, Officer.nik))]
        people += [(name, _female_by_nik(nik)) for name, nik in s.execute(
            select(AsnEmployee.name, AsnEmployee.nik))]
    assert len(people) > 400_000
    wrong = Counter()
    for name, female in people:
        words = name.lower().split()
        if words[0] not in GIVEN[female]:
            wrong["given name of the other sex"] += 1
        if not female and FEMALE_ONLY & set(words[1:]):
            wrong["a woman's name for a man"] += 1
        if female and SONS & set(words):
            wrong["a son's name for a woman"] += 1
        if len(words) == 1 and words[0].title() in NEEDS_SECOND:
            wrong["'Siti' or 'Muhammad' alone"] += 1
    assert not wrong, wrong


def test_name_lists_keep_the_sexes_apart() -> None:
    assert not {*MALE_NAMES, *MALE_SECOND} & {*FEMALE_NAMES, *FEMALE_SECOND}
    assert SONS_ONLY <= set(MALE_SECOND)


def test_no_two_officers_of_a_kecamatan_share_a_name(demo_db: Database) -> None:
    with demo_db.session() as s:
        rows = s.execute(select(Officer.kecamatan_id, Officer.name)).all()
    per_kecamatan = Counter(rows)
    assert len(rows) > 300 and max(per_kecamatan.values()) == 1


def test_one_sls_is_told_the_same_way_from_the_same_seed() -> None:
    def told(seed: int) -> tuple:
        rng, issuer = random.Random(seed), NikIssuer()
        place = Place(1, "6371010001000100", "RT 001, Mantuil", "637101")
        other = Place(2, "6371010001000200", "RT 002, Mantuil", "637101")
        homes = [household(rng, place.kemendagri, issuer) for _ in range(120)]
        story = tell(rng, place, homes, near=[place, other], everywhere=[place, other],
                     issuer=issuer, ppl_nik="6371012345670001", entered_by="demo")
        return story.online, story.listed, story.recaps

    first = told(7)
    assert first == told(7) and first != told(8)
    online, listed, recaps = first
    assert online and listed and recaps
    households = {row[1] for row in listed if row[1]}
    assert len(households) <= recaps[-1]["households_found"]


def test_the_demo_calendar_makes_every_status_appear(demo_db: Database) -> None:
    """Issue 21: on the demo's last recap day SLS and PPL are done, on schedule, behind and
    far behind; Banjarmasin Tengah is behind its own tighter plan; some PPL went quiet."""
    from models.progress.inactivity import inactive_ppl
    from models.progress.summary import ProgressLevel, progress_view
    from models.schedule.standing import ScheduleStatus as S

    with demo_db.session() as session:
        facts = load_facts(session)
    assert facts.calendar.field is not None and facts.last_day is not None
    wanted = {S.SELESAI, S.SESUAI, S.TERTINGGAL, S.JAUH_TERTINGGAL}
    for level in (ProgressLevel.SLS, ProgressLevel.PPL):
        seen = Counter(r.field_status for r in progress_view(facts, level).rows)
        assert wanted <= set(seen), (level, seen)
        assert all(seen[s] >= 5 for s in wanted), (level, seen)  # not a lone example
    kecamatan = {r.code: r for r in progress_view(facts, ProgressLevel.KECAMATAN).rows}
    assert kecamatan["6371031"].field_status is S.TERTINGGAL
    assert kecamatan["6371031"].field_forecast is not None
    assert not kecamatan["6371031"].field_forecast.finishes_in_window
    assert {r.field_status for c, r in kecamatan.items() if c != "6371031"} == {S.SESUAI}
    idle = inactive_ppl(facts, facts.calendar, facts.last_day)
    assert 3 <= len(idle) <= 20
    assert all(i.idle_working_days >= facts.calendar.inactive_days for i in idle)


def _told(seed: int, habit: Habit | None) -> tuple[random.Random, object]:
    """One SLS told with `habit`, and the city's Random after it."""
    rng, issuer = random.Random(seed), NikIssuer()
    place = Place(1, "6371010001000100", "RT 001, Mantuil", "637101")
    other = Place(2, "6371010001000200", "RT 002, Mantuil", "637101")
    homes = [household(rng, place.kemendagri, issuer) for _ in range(150)]
    story = tell(rng, place, homes, near=[place, other], everywhere=[place, other],
                 issuer=issuer, ppl_nik="6371012345670001", entered_by="demo", habit=habit)
    return rng, story


def test_a_habit_changes_only_the_rows_of_its_ppl() -> None:
    """Habits draw from their own Random: the city's sequence, the online rows (but for the
    RT they name) and the number of field rows of everything told after stay the same."""
    plain_rng, plain = _told(3, None)
    for quirk in Quirk:
        rng, story = _told(3, Habit(quirk, random.Random(f"habit:{quirk.value}")))
        assert rng.getstate() == plain_rng.getstate(), quirk
        assert len(story.online) == len(plain.online), quirk
        moved = sum(a[8] != b[8] for a, b in zip(story.online, plain.online, strict=True))
        assert (moved > 0) is (quirk is Quirk.OTHER_RT), quirk
        assert story.recaps[-1]["persons_found"] == plain.recaps[-1]["persons_found"]
        if quirk not in (Quirk.MOSTLY_MEN, Quirk.LISTED_TWICE):
            assert len(story.listed) == len(plain.listed), quirk
        # the recaps count every No. KK the PPL wrote, by the day it was first written
        first: dict[str, object] = {}
        for row in story.listed:
            if row[1]:
                first[row[1]] = min(first.get(row[1], row[7]), row[7])
        for recap in story.recaps:
            written = sum(moment.date() <= recap["report_date"] for moment in first.values())
            assert written <= recap["households_found"], (quirk, recap)
    _, split = _told(3, Habit(Quirk.SPLIT_HOUSEHOLDS, random.Random(1)))
    assert split.recaps[-1]["households_found"] > 1.3 * plain.recaps[-1]["households_found"]
    _, fewer = _told(3, Habit(Quirk.MOSTLY_MEN, random.Random(1)))
    women = sum(row[3] == "P" for row in fewer.listed)
    assert women < 0.8 * sum(row[3] == "P" for row in plain.listed)


def test_rushed_and_away_ppl_visit_the_same_households_on_other_days() -> None:
    found = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    rushed, away = rescheduled(found, Quirk.RUSHED), rescheduled(found, Quirk.AWAY)
    assert rescheduled(found, Quirk.NO_NIK) == found
    for moved in (rushed, away):
        assert moved[-1] == found[-1] and len(moved) == RECAP_DAYS
        assert all(a <= b for a, b in zip(moved, moved[1:], strict=False))
    assert {d for d in range(RECAP_DAYS) if rushed[d] > (rushed[d - 1] if d else 0)} \
        == set(RUSHED_DAYS)
    assert all(away[d] == away[AWAY_DAYS.start - 1] for d in AWAY_DAYS)
    assert away[AWAY_DAYS.stop] == found[AWAY_DAYS.stop]
    # an SLS finished early: its last households come on the next working day of the habit
    assert rescheduled([40, 80, 100], Quirk.RUSHED) == [0, 0, 100]
    assert rescheduled([30, 60, 90, 100], Quirk.AWAY)[-1] == 100
    assert len(rescheduled([30, 60, 90, 100], Quirk.AWAY)) == AWAY_DAYS.stop + 1
    assert CENSUS_START.weekday() == 1  # the days above assume a Tuesday start


def test_the_demo_has_ppl_that_trip_every_quality_flag(demo_db: Database) -> None:
    """Issue 22: a new user sees the quality page at work, and it does not cry wolf."""
    with demo_db.session() as s:
        rows = quality_rows(s, QualityLevel.PPL)
        ppl = s.scalar(select(func.count()).select_from(Officer).where(
            Officer.role == OfficerRole.PPL))
    flagged = Counter(measure for row in rows for measure in row.flags)
    assert set(flagged) == set(Measure), set(Measure) - set(flagged)
    assert len(rows) > 0.8 * ppl
    for measure, officers in flagged.items():
        assert officers < 0.05 * len(rows), (measure, officers)
    assert sum(1 for row in rows if row.flags) < 0.2 * len(rows)
