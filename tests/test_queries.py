"""The read views the pages show, checked against independent counts on the demo city."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from models.areas.queries import AreaLevel, kecamatan_rows, kelurahan_rows, sls_rows
from models.letters.register import letter_rows
from models.officers.queries import assignment_summary, officer_rows, team_rows
from models.persons.batch_register import batch_rows
from models.progress.facts import load_facts
from models.progress.summary import ProgressLevel, progress_view
from models.recon.views import Level, summary
from models.schema.areas import Sls
from models.schema.batches import OnlineSubmission
from models.schema.officers import Assignment, Officer
from models.schema.recon import PersonMatch
from models.store.db import Database


def test_area_tree_levels_add_up(demo_db: Database) -> None:
    with demo_db.session() as s:
        kecamatan = kecamatan_rows(s)
        assert [k.level for k in kecamatan] == [AreaLevel.KECAMATAN] * 5
        for kec in kecamatan:
            villages = kelurahan_rows(s, kec.id)
            assert len(villages) == kec.children
            assert sum(v.households for v in villages) == kec.households
            assert sum(v.sls_count for v in villages) == kec.sls_count
        sls = sls_rows(s, villages[0].id)
        assert len(sls) == villages[0].sls_count
        assert sum(x.households for x in sls) == villages[0].households
        total_households = s.scalar(select(func.sum(Sls.expected_households)))
        assert sum(k.households for k in kecamatan) == total_households


def test_sls_rows_name_their_current_ppl(demo_db: Database) -> None:
    with demo_db.session() as s:
        kel_id = kelurahan_rows(s, kecamatan_rows(s)[0].id)[0].id
        for row in sls_rows(s, kel_id):
            expected = s.scalar(select(Officer.name).join(Assignment).where(
                Assignment.sls_id == row.id, Assignment.valid_to.is_(None)))
            assert row.ppl_name == (expected or "")


def test_assignment_summary_matches_independent_counts(demo_db: Database) -> None:
    with demo_db.session() as s:
        summary = assignment_summary(s)
        total = s.scalar(select(func.count()).select_from(Sls))
        assigned = s.scalar(select(func.count(func.distinct(Assignment.sls_id))))
        officers = officer_rows(s)
        teams = team_rows(s)
    assert (summary.sls_total, summary.sls_assigned) == (total, assigned)
    assert summary.sls_unassigned == total - assigned
    over = [o for o in officers if o.households > summary.capacity_households]
    assert summary.ppl_over_capacity == len(over)
    assert sum(o.sls_count for o in officers) == assigned
    assert sum(t.sls_count for t in teams) == assigned
    assert all(o.team for o in officers if o.role.value in ("ppl", "pml"))


def test_progress_per_kecamatan(demo_db: Database) -> None:
    with demo_db.session() as s:
        facts = load_facts(s)
        online = s.scalar(select(func.count()).select_from(OnlineSubmission))
    view = progress_view(facts, ProgressLevel.KECAMATAN)
    assert len(view.rows) == 5 and view.day == date(2020, 9, 12)  # the last recap
    for row in view.rows:
        assert 0 < row.households_found <= row.expected_households
        assert 0 < row.online_pct < 100
    assert view.total.expected_households == sum(r.expected_households for r in view.rows)
    assert view.total.online_persons == online
    for level in ProgressLevel:  # every level covers the same city
        assert progress_view(facts, level).total.online_persons == online


def test_registers_and_the_summary_of_the_demo_s_matching_run(demo_db: Database) -> None:
    with demo_db.session() as s:
        batches = batch_rows(s)
        letters = letter_rows(s)
        kecamatan = summary(s, Level.KECAMATAN)
        total_households = s.scalar(select(func.sum(Sls.expected_households)))
        outcomes = s.scalar(select(func.count()).select_from(PersonMatch))
    # SP Online and the field results; the demo ran the first matching over both.
    assert len(batches) == 2 and all(b.inserted > 0 for b in batches)
    assert letters == []
    assert len(kecamatan) == 5 and all(k.persons > 0 for k in kecamatan)
    assert sum(k.persons for k in kecamatan) == outcomes
    assert sum(k.expected_households for k in kecamatan) == total_households
