"""The audit log's hash chain: an untouched log verifies, any edit or deletion is named."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from alembic import command
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from models.access import SYSTEM, AccessDenied, Actor
from models.audit import chain as audit_chain
from models.audit import log as audit
from models.audit import verify as audit_verify
from models.audit.canonical import Documents, canonical_json, encoded
from models.audit.chain import GENESIS
from models.audit.trail import summarized
from models.audit.verify import Anchor, verify_chain
from models.cli.main import main as cli_main
from models.errors import Cancelled
from models.launch.opening import open_database
from models.launch.self_check import check_audit_chain, run_check
from models.schema.areas import Kecamatan
from models.schema.safeguards import AuditChainHead
from models.schema.users import AuditLog, UserRole
from models.store import migrate
from models.store.db import Database


def fill_log(db: Database, count: int = 5) -> list[int]:
    """Entries of every kind: hand-written, row changes from a flush, a summarized one."""
    with db.session() as session:
        for n in range(count - 3):
            audit.record(session, "masuk", "pengguna", n, before=None,
                         after={"ke": n, "teks": "Budi 'ü'\tbaris\nbaru \\ \"kutip\"",
                                "bagian": 1e-07})  # COPY's escapes; a float json writes
        session.commit()
        kec = Kecamatan(bps_code="6371040", name="Banjarmasin Utra", kemendagri_code="637104")
        session.add(kec)
        session.commit()
        kec.name = "Banjarmasin Utara"
        session.commit()
        with summarized(session, "muat", "demo", entity_id="",
                        details={"jumlah": 1.5, "daftar": (1, 2)}):
            session.add(Kecamatan(bps_code="6371050", name="Tengah", kemendagri_code="637105"))
        session.commit()
    return log_ids(db)


def log_ids(db: Database) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(AuditLog.id).order_by(AuditLog.id)))


def tamper(db: Database, statement: str) -> None:
    """What someone with the file or the schema owner's rights can do: set the guard aside."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        else:  # the test URL is a superuser's
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.execute(text(statement))


def check(db: Database, anchor: Anchor | None = None):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return verify_chain(session, anchor)


def test_an_untouched_log_verifies_and_names_its_last_link(db: Database) -> None:
    ids = fill_log(db)
    report = check(db)
    assert report.ok and report.broken is None
    assert report.entries == len(ids) == 5 and report.last_id == ids[-1]
    with db.session() as session:
        entries = list(session.scalars(select(AuditLog).order_by(AuditLog.id)))
        head = session.get(AuditChainHead, 1)
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    assert head is not None and (head.last_id, head.last_hash) == (ids[-1], entries[-1].entry_hash)
    assert f"Sidik terakhir #{ids[-1]}:{entries[-1].entry_hash}" in report.message
    assert report.message.startswith("Log audit utuh: 5 entri")


def test_an_empty_log_verifies(db: Database) -> None:
    report = check(db)
    assert report.ok and report.entries == 0 and "kosong" in report.message


def test_an_edited_entry_is_named_with_its_time_and_action(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"UPDATE audit_log SET username = 'orang lain' WHERE id = {ids[2]}")
    report = check(db)
    assert not report.ok and report.broken is not None
    assert report.broken.id == ids[2] and report.entries == 2
    assert report.broken.action == "tambah" and report.broken.entity == "kecamatan"
    assert report.broken.at is not None
    assert "diubah sesudah dicatat" in report.broken.reason
    assert f"Entri #{ids[2]} (" in report.message and "tambah kecamatan" in report.message
    assert report.message.startswith("Log audit TIDAK UTUH")


def test_an_edit_of_the_json_values_is_found(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"""UPDATE audit_log SET "after" = '{{"name": "Palsu"}}' WHERE id = {ids[3]}""")
    assert check(db).broken.id == ids[3]  # type: ignore[union-attr]


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(db: Database) -> None:
    ids = fill_log(db)
    with db.session() as session:
        victim = session.get(AuditLog, ids[1])
        assert victim is not None
        forged = dict(at=victim.at, user_id=victim.user_id, username="orang lain",
                      action=victim.action, entity=victim.entity, entity_id=victim.entity_id,
                      before=victim.before, after=victim.after)
        digest = audit_chain.entry_hash(forged, victim.prev_hash)
    tamper(db, f"UPDATE audit_log SET username = 'orang lain', entry_hash = '{digest}' "
               f"WHERE id = {ids[1]}")
    report = check(db)
    assert report.broken is not None and report.broken.id == ids[2]
    assert f"tidak tersambung ke entri sebelumnya (#{ids[1]})" in report.broken.reason


def test_a_deleted_entry_is_named_by_the_one_after_it(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"DELETE FROM audit_log WHERE id = {ids[1]}")
    report = check(db)
    assert report.broken is not None and report.broken.id == ids[2]
    assert f"(#{ids[0]})" in report.broken.reason and "dihapus" in report.broken.reason


def test_deleting_the_first_entry_is_found(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"DELETE FROM audit_log WHERE id = {ids[0]}")
    report = check(db)
    assert report.broken is not None and report.broken.id == ids[1]
    assert "entri pertama" in report.broken.reason


def test_deleting_the_last_entries_is_found_from_the_chain_head(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"DELETE FROM audit_log WHERE id >= {ids[3]}")
    report = check(db)
    assert report.broken is not None and report.broken.id == ids[-1]
    assert report.broken.at is None and "hilang" in report.broken.reason
    assert f"Entri #{ids[-1]}: " in report.message


def test_an_entry_appended_after_a_deletion_does_not_hide_it(db: Database) -> None:
    ids = fill_log(db)
    tamper(db, f"DELETE FROM audit_log WHERE id = {ids[-1]}")
    with db.session() as session:
        audit.record(session, "masuk", "pengguna", 1, before=None, after=None)
        session.commit()
    newest = log_ids(db)[-1]
    report = check(db)
    assert report.broken is not None and report.broken.id == newest


def test_a_recomputed_chain_is_caught_by_an_anchor_noted_outside(db: Database) -> None:
    ids = fill_log(db)
    first = check(db)
    anchor = Anchor.parse(f"{first.last_id}:{first.last_hash}")
    assert check(db, anchor).ok and "Jangkar" in check(db, anchor).message
    # Rewrite entry 2 and every link after it, as someone who knows the scheme would.
    with db.session() as session:
        entries = list(session.scalars(select(AuditLog).order_by(AuditLog.id)))
    prev = entries[0].entry_hash
    updates = []
    for entry in entries[1:]:
        content = dict(at=entry.at, user_id=entry.user_id,
                       username="x" if entry.id == ids[1] else entry.username,
                       action=entry.action, entity=entry.entity, entity_id=entry.entity_id,
                       before=entry.before, after=entry.after)
        digest = audit_chain.entry_hash(content, prev)
        updates.append(f"UPDATE audit_log SET username = '{content['username']}', "
                       f"prev_hash = '{prev}', entry_hash = '{digest}' WHERE id = {entry.id}")
        prev = digest
    updates.append(f"UPDATE audit_chain_head SET last_hash = '{prev}'")
    tamper(db, updates[0])
    with db.engine.begin() as conn:
        for statement in updates[1:]:
            conn.execute(text(statement))
    assert check(db).ok  # without the anchor a full rewrite is consistent
    report = check(db, anchor)
    assert report.broken is not None and report.broken.id == ids[-1]
    assert "jangkar" in report.broken.reason


def test_anchor_text_is_checked() -> None:
    assert Anchor.parse(" #12:" + "A" * 64) == Anchor(12, "a" * 64)
    with pytest.raises(Exception, match="ID:SIDIK"):
        Anchor.parse("12:abc")


def test_rolled_back_work_leaves_no_entry_and_the_chain_stays_whole(db: Database) -> None:
    fill_log(db, 4)
    before = len(log_ids(db))
    with db.session() as session:
        audit.record(session, "masuk", "pengguna", 1, before=None, after=None)
        session.add(Kecamatan(bps_code="6371060", name="Batal", kemendagri_code="637106"))
        session.flush()
        session.rollback()
        # after the rollback
        audit.record(session, "keluar", "pengguna", 1, before=None, after=None)
        try:
            with session.begin_nested():  # a savepoint that fails drops only its own entries
                audit.record(session, "gagal", "pengguna", 2, before=None, after=None)
                session.add(Kecamatan(bps_code="6371070", name="Sp", kemendagri_code="637107"))
                session.flush()
                raise RuntimeError("batal")
        except RuntimeError:
            pass
        with session.begin_nested():  # one that succeeds keeps them
            audit.record(session, "simpan", "pengguna", 3, before=None, after=None)
        session.commit()
    with db.session() as session:
        actions = list(session.scalars(select(AuditLog.action).where(
            AuditLog.id > 0).order_by(AuditLog.id)))[before:]
    assert actions == ["keluar", "simpan"]
    assert check(db).ok


def test_a_closed_session_does_not_carry_entries_into_the_next_transaction(
        db: Database) -> None:
    with db.session() as session:
        audit.record(session, "masuk", "pengguna", 1, before=None, after=None)
        session.close()  # no commit: the entry is dropped with the transaction
        audit.record(session, "keluar", "pengguna", 1, before=None, after=None)
        session.commit()
    with db.session() as session:
        assert list(session.scalars(select(AuditLog.action))) == ["keluar"]


def test_a_row_added_to_the_session_directly_is_chained_too(db: Database) -> None:
    with db.session() as session:
        session.add(AuditLog(username="skrip", action="impor", entity="lain", entity_id="7",
                             before=None, after={"a": 1}))
        session.commit()
    with db.session() as session:
        entry = session.scalars(select(AuditLog)).one()
    assert entry.username == "skrip" and entry.prev_hash == GENESIS
    assert check(db).ok


def test_the_check_needs_the_audit_permission(db: Database) -> None:
    staf = Actor("sari", "Sari", UserRole.STAF)
    with db.acting_as(staf).session() as session, pytest.raises(AccessDenied):
        verify_chain(session)


def test_the_check_reports_progress_and_can_be_cancelled(db: Database) -> None:
    fill_log(db)
    seen: list[tuple[int, int]] = []
    with db.session() as session:
        verify_chain(session, progress=lambda done, total: seen.append((done, total)) is None)
        assert seen[-1] == (5, 5)
        with pytest.raises(Cancelled):
            verify_chain(session, progress=lambda done, total: False)


def test_entries_committed_while_the_check_runs_are_not_a_break(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another PC keeps working during a long check: its new entries wait for the next one."""
    ids = fill_log(db)
    monkeypatch.setattr(audit_verify, "PAGE", 2)

    def another_pc_writes(done: int, total: int) -> bool:
        with db.session() as other:
            audit.record(other, "masuk", "pengguna", done, before=None, after=None)
            other.commit()
        return True

    with db.session() as session:
        report = verify_chain(session, progress=another_pc_writes)
    assert report.ok, report.message
    assert report.entries == len(ids) and report.last_id == ids[-1]
    assert check(db).ok and check(db).entries == len(ids) + 3


def test_existing_entries_are_chained_by_the_migration(db_url: str) -> None:
    db, _ = open_database(db_url)
    with db.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0006")
    with db.engine.begin() as conn:  # the log as the previous release wrote it
        for n, (action, before, after) in enumerate([
                ("masuk", None, None), ("ubah", '{"name": "A"}', '{"name": "B", "n": 2}'),
                ("hapus", '{"x": [1, 2.5, null], "é": "ü"}', None)]):
            conn.execute(text(
                'INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, '
                '"before", "after") VALUES (:at, NULL, :who, :action, :entity, :eid, '
                ':before, :after)'),
                {"at": f"2026-11-0{n + 1} 08:15:0{n}.12345{n}", "who": "budi", "action": action,
                 "entity": "kecamatan", "eid": str(n), "before": before, "after": after})
    assert migrate.upgrade_to_head(db).changed
    admin = db.acting_as(SYSTEM)
    report = check(admin)
    assert report.ok and report.entries == 3
    with admin.session() as session:  # new entries link on after the migrated ones
        audit.record(session, "masuk", "pengguna", 1, before=None, after=None)
        session.commit()
    assert check(admin).ok and check(admin).entries == 4
    # The guard is back after the migration rewrote the rows.
    with db.engine.connect() as conn, pytest.raises(DBAPIError, match="hanya dapat ditambah"):
        conn.execute(text("UPDATE audit_log SET username = 'x'"))
    db.dispose()


def test_the_cli_check_exits_0_when_whole_and_1_naming_the_entry(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    database, _ = open_database(db_url)
    db = database.acting_as(SYSTEM)
    ids = fill_log(db)
    assert cli_main(["--db", db_url, "periksa-audit"]) == 0  # no account yet: setting-up admin
    out = capsys.readouterr().out
    assert "Log audit utuh: 5 entri" in out
    last = out.strip().rsplit("#", 1)[1]
    assert cli_main(["--db", db_url, "periksa-audit", "--jangkar", last]) == 0
    tamper(db, f"UPDATE audit_log SET action = 'palsu' WHERE id = {ids[1]}")
    assert cli_main(["--db", db_url, "periksa-audit"]) == 1
    err = capsys.readouterr().err
    assert "TIDAK UTUH" in err and f"Entri #{ids[1]} (" in err and "palsu" in err
    database.dispose()


def test_the_self_check_passes_on_a_whole_log_and_names_a_break(db: Database) -> None:
    ids = fill_log(db)
    result = run_check("Keutuhan log audit", lambda: check_audit_chain(db))
    assert result.ok and result.detail == "5 entri, rantai sidik utuh"
    tamper(db, f"DELETE FROM audit_log WHERE id = {ids[2]}")
    result = run_check("Keutuhan log audit", lambda: check_audit_chain(db))
    assert not result.ok and f"Entri #{ids[3]} (" in result.detail


def test_two_open_sessions_commit_into_one_chain(db: Database) -> None:
    """Both queued before either commits: the second links to the first one's entry."""
    with db.session() as one, db.session() as two:
        audit.record(one, "satu", "uji", 1, before=None, after=None)
        audit.record(two, "dua", "uji", 2, before=None, after=None)
        one.commit()
        two.commit()
    with db.session() as session:
        count = session.scalar(select(func.count()).select_from(AuditLog))
    assert count == 2 and check(db).ok


_KEYS = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False,
            allow_infinity=False) | st.text(st.characters(exclude_categories=("Cs",))))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(before=st.none() | st.dictionaries(_KEYS, _VALUES, max_size=6),
       after=st.none() | st.dictionaries(_KEYS, _VALUES, max_size=6),
       words=st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
                      min_size=4, max_size=4),
       user_id=st.none() | st.integers(min_value=0, max_value=2**40))
# Where json and orjson are known to differ: small floats (1e-07 against 1e-7), whole
# numbers beyond 64 bits, keys that are not text, control characters and non-ASCII text.
@example(before={"share": 1e-07, "b": 1, "a": 0.5}, after={"n": 2**70, "x": [1e-05]},
         words=["\x00\x1f\x7f\u2028", "é中😀", "\b\f\n\r\t\"\\/", ""], user_id=None)
def test_an_entry_hashes_the_bytes_json_has_always_given_it(
        before: dict | None, after: dict | None, words: list[str], user_id: int | None) -> None:
    """Every stored hash was computed over json.dumps of the sorted document: the faster
    encoding must give the same bytes for any value, or old entries stop verifying."""
    at = datetime(2020, 9, 15, 8, 30, 1, 250)
    entry = {"at": at, "user_id": user_id, "username": words[0], "action": words[1],
             "entity": words[2], "entity_id": words[3], "before": before, "after": after}
    document = {name: entry[name] for name in audit_chain.FIELDS}
    document |= {"at": "2020-09-15 08:30:01.000250", "prev_hash": GENESIS}
    expected = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
    assert audit_chain.canonical(entry, GENESIS) == expected
    for values in (before, after):  # and the stored text reads back as json's would
        canonical, stored = encoded(values)
        assert canonical == canonical_json(values)
        assert json.loads(stored) == json.loads(json.dumps(values))


def test_entries_sharing_their_fields_hash_the_bytes_each_has_alone() -> None:
    """A bulk write's entries share their time, actor, action and entity, and the append
    writes those once: an entry whose shared fields are equal but not the same JSON (True
    and 1, 1 and 1.0) still hashes its own bytes."""
    at = "2020-09-15 08:30:01.000250"
    entries = [{"at": None, "user_id": user_id, "username": "ani", "action": "tambah",
                "entity": "petugas", "entity_id": entity_id, "before": None,
                "after": {"nik": "6371051203900001", "n": i}}
               for i, (user_id, entity_id) in enumerate(
                   [(1, "1"), (True, "2"), (1.0, "3"), (1, 4), (None, "5"), ([1], "6")])]
    documents = Documents()
    for entry in entries:
        parts = documents.encode(entry, at)
        expected = {name: entry[name] for name in audit_chain.FIELDS}
        expected |= {"at": at, "prev_hash": GENESIS}
        assert parts.head + canonical_json(GENESIS) + parts.tail == json.dumps(
            expected, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
