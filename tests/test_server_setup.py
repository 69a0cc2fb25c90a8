"""`siapkan-server` on a real server: the app role cannot rewrite the log or read hashes."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from models.access import SYSTEM
from models.accounts import admin as user_admin
from models.accounts import auth, password_store
from models.audit import log as audit
from models.audit.verify import verify_chain
from models.cli.main import main as cli_main
from models.errors import DatabaseOpenError
from models.ids.nik import compose_nik
from models.launch.opening import open_database
from models.persons.fields import FIELDS
from models.persons.importing import OnError, import_persons
from models.recon.run import run_reconciliation
from models.schema.batches import ImportKind
from models.schema.users import AuditLog, User, UserRole
from models.sheets.importing import inspect_file
from models.store.db import Database
from models.store.server import ServerOptions, ServerReport, setup_server
from tests.builders import SmallCity, set_office_codes, write_xlsx
from tests.conftest import PG_ENV

PASSWORD = "rahasia-123"


@dataclass
class Server:
    admin_url: str  # the superuser, on the server's maintenance database
    options: ServerOptions

    def admin_on(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(
            hide_password=False)


@pytest.fixture
def server() -> Iterator[Server]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: set {PG_ENV} to run this test")
    tag = f"t{uuid.uuid4().hex[:10]}"
    options = ServerOptions(database=f"{tag}_db", schema="public", prefix=tag)
    yield Server(base, options)
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        for role in (options.app, options.owner):
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
    admin.dispose()


def as_app(report: ServerReport) -> Database:
    db, result = open_database(report.app_url)
    assert not result.changed  # the owner upgraded it; the app role could not have
    return db


def refused(db: Database, statement: str) -> str:
    with db.engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(text(statement))
    return str(caught.value.orig)


def online_file(tmp_path: Path) -> Path:
    header = ["NIK", "No. KK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "IDSLS", "Alamat",
              "Waktu Submit"]
    born = date(1990, 8, 17)
    rows = [[compose_nik("637104", born, False, n), "6371040101200001", f"Warga {n}", "L", born,
             "6371040001000100", "Jl. Pramuka", datetime(2020, 2, 16, 9, 0)] for n in (1, 2)]
    return write_xlsx(tmp_path / "online.xlsx", [header, *rows], sheet="Data")


def test_fresh_setup_gives_an_app_role_that_cannot_rewrite_the_log(
        server: Server, tmp_path: Path) -> None:
    report = setup_server(server.admin_url, server.options)
    assert report.password_set and report.from_revision is None
    assert set(report.created) == {f"peran pemilik {report.owner}",
                                   f"peran aplikasi {report.app}",
                                   f"database {report.database}"}
    assert report.app_url.startswith(f"postgresql://{report.app}:")
    db = as_app(report)
    try:
        # The normal work of an office: the first admin, areas, an import.
        with db.acting_as(SYSTEM).session() as session:
            auth.create_first_admin(session, "admin", "Admin Kantor", PASSWORD)
            set_office_codes(session)
            SmallCity(session)
        with db.acting_as(SYSTEM).session() as session:
            path = online_file(tmp_path)
            preview = inspect_file(path, FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)
            imported = import_persons(session, ImportKind.ONLINE, path, preview.mapping,
                                      sheet=preview.sheet, on_error=OnError.NOTHING)
            assert imported.stored and imported.inserted == 2
        with db.acting_as(SYSTEM).session() as session:
            user_id = session.scalar(select(User.id).where(User.username == "admin"))
            assert user_id is not None
            # Sign-in's primitive: the password is tested without reading the hash.
            assert password_store.password_matches(session, user_id, PASSWORD)
            assert not password_store.password_matches(session, user_id, "salah-1234")
            assert not password_store.needs_rehash(session, user_id)
            assert session.execute(select(User.username, User.role, User.failed_logins,
                                          User.version_id)).one()[0] == "admin"
            audit.record(session, "masuk", "pengguna", user_id, before=None, after=None, by="admin",
                         user_id=user_id)
            session.commit()
            chain = verify_chain(session)
            assert chain.ok, chain.message
            assert chain.entries == session.query(AuditLog).count() >= 5

        # What the app role may not do, whatever program it connects with.
        for statement in ("UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log", "SELECT password_hash FROM app_user",
                          "DELETE FROM audit_chain_head", "SELECT * FROM password_attempt"):
            assert "permission denied" in refused(db, statement), statement
        for statement in ("ALTER TABLE audit_log DISABLE TRIGGER USER",
                          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                          "DROP TRIGGER audit_log_append_only ON audit_log",
                          "ALTER TABLE audit_log ADD COLUMN x integer",
                          "DROP TABLE audit_log"):
            assert "must be owner" in refused(db, statement), statement
        assert "permission denied" in refused(db, "CREATE TABLE lain (x integer)")
        assert "must be superuser" in refused(db, f'ALTER ROLE "{report.app}" SUPERUSER')
        assert "permission denied" in refused(db, f'SET ROLE "{report.owner}"')
        with db.acting_as(SYSTEM).session() as session:
            assert verify_chain(session).ok  # nothing above changed a row
    finally:
        db.dispose()


def test_the_server_counts_every_password_test_before_answering(server: Server) -> None:
    report = setup_server(server.admin_url, server.options)
    db = as_app(report)
    try:
        with db.acting_as(SYSTEM).session() as session:
            auth.create_first_admin(session, "admin", "Admin Kantor", PASSWORD)
            user_id = session.scalar(select(User.id))
            setting, length = password_store.stored_setting(session, user_id)  # type: ignore[misc]
            assert setting.startswith("$argon2id$") and setting.endswith("$") and length == 43
            good = password_store.candidate_hash(setting, length, PASSWORD)
        # Asking for the verdict in the transaction that registered the guess is refused:
        # rolling the registration back afterwards would leave the guess uncounted.
        with db.engine.connect() as conn:
            attempt = conn.scalar(text("SELECT kendali_password_attempt(:u, :c)"),
                                  {"u": user_id, "c": good})
            with pytest.raises(DBAPIError, match="harus di-commit"):
                conn.execute(text("SELECT kendali_password_result(:a)"), {"a": attempt})
            conn.rollback()
        with db.engine.connect() as conn:  # in a savepoint too: the whole transaction counts
            savepoint = conn.begin_nested()
            attempt = conn.scalar(text("SELECT kendali_password_attempt(:u, :c)"),
                                  {"u": user_id, "c": good})
            savepoint.commit()
            with pytest.raises(DBAPIError, match="harus di-commit"):
                conn.execute(text("SELECT kendali_password_result(:a)"), {"a": attempt})
            conn.rollback()
        with db.acting_as(SYSTEM).session() as session:
            for _ in range(20):  # the two above were rolled back, so never answered
                assert not password_store.password_matches(session, user_id, "salah-1234")
            with pytest.raises(password_store.PasswordCheckRefused, match="15 menit"):
                password_store.password_matches(session, user_id, PASSWORD)  # even the right one
    finally:
        db.dispose()


def stored_password(server: Server) -> str:
    """The role's SCRAM verifier: the test server trusts local logins, so a wrong password
    would not be refused there; the verifier shows whether the password changed."""
    admin = create_engine(make_url(server.admin_url).set(drivername="postgresql+psycopg"))
    with admin.connect() as conn:
        verifier = conn.scalar(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"),
                               {"r": server.options.app})
    admin.dispose()
    assert verifier and verifier.startswith("SCRAM-SHA-256$")
    return verifier


def test_running_it_again_keeps_the_password_and_moves_nothing(server: Server) -> None:
    first = setup_server(server.admin_url, server.options)
    verifier = stored_password(server)
    again = setup_server(server.admin_url, server.options)
    assert again.created == [] and not again.password_set
    assert again.from_revision == again.to_revision == first.to_revision
    assert again.app_url == f"postgresql://{first.app}@127.0.0.1:54330/{first.database}" or \
        make_url(again.app_url).password is None
    assert stored_password(server) == verifier
    as_app(first).dispose()
    renewed = setup_server(server.admin_url, ServerOptions(
        server.options.database, server.options.schema, server.options.prefix,
        new_password=True))
    assert renewed.password_set and make_url(renewed.app_url).password not in (
        None, make_url(first.app_url).password)
    assert stored_password(server) != verifier
    as_app(renewed).dispose()


def test_an_existing_office_database_is_handed_to_the_owner(server: Server) -> None:
    """An office that ran on the superuser's (or its own role's) URL until now."""
    admin = create_engine(make_url(server.admin_url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{server.options.database}"')
    admin.dispose()
    office, _ = open_database(server.admin_on(server.options.database))
    with office.acting_as(SYSTEM).session() as session:
        auth.create_first_admin(session, "admin", "Admin Kantor", PASSWORD)
        SmallCity(session)
    office.dispose()

    report = setup_server(server.admin_url, server.options)
    assert report.created == [f"peran pemilik {report.owner}", f"peran aplikasi {report.app}"]
    check = create_engine(make_url(server.admin_on(server.options.database)).set(
        drivername="postgresql+psycopg"))
    with check.connect() as conn:
        owners = dict(conn.execute(text(
            "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN "
            "('r', 'S', 'i')")).all())
        functions = set(conn.execute(text(
            "SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public'")).scalars())
    check.dispose()
    assert set(owners.values()) == functions == {report.owner}
    db = as_app(report)
    try:
        with db.acting_as(SYSTEM).session() as session:
            assert verify_chain(session).ok
            user_id = session.scalar(select(User.id))
            assert password_store.password_matches(session, user_id, PASSWORD)  # type: ignore[arg-type]
        assert "must be owner" in refused(db, "ALTER TABLE audit_log DISABLE TRIGGER USER")
    finally:
        db.dispose()


def test_the_command_prints_the_app_url(server: Server,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    o = server.options
    assert cli_main(["siapkan-server", server.admin_url, "--database", o.database,
                     "--awalan", o.prefix]) == 0
    out = capsys.readouterr().out
    assert f"Dibuat: peran aplikasi {o.app}" in out
    url = next(line.strip() for line in out.splitlines()
               if line.strip().startswith("postgresql://"))
    open_database(url)[0].dispose()
    assert cli_main(["siapkan-server", "berkas.sqlite"]) == 2
    assert "hanya untuk PostgreSQL" in capsys.readouterr().err


def test_the_app_role_signs_in_and_manages_accounts_through_the_app(server: Server) -> None:
    report = setup_server(server.admin_url, server.options)
    db = as_app(report)
    try:
        with db.acting_as(SYSTEM).session() as session:
            auth.create_first_admin(session, "admin", "Admin Kantor", PASSWORD)
        with db.session() as session:
            login = auth.authenticate(session, "admin", PASSWORD)
        assert login.actor.username == "admin"
        with pytest.raises(auth.LoginFailed):
            with db.session() as session:
                auth.authenticate(session, "admin", "salah-1234")
        admin = db.acting_as(login.actor)
        with admin.session() as session:
            user_admin.add_user(session, "budi", "Budi", nip="", role=UserRole.STAF,
                                password="awal-1234")
            assert [u.username for u in user_admin.list_users(session)] == ["admin", "budi"]
            user_admin.change_own_password(session, PASSWORD, "baru-12345")
        with db.session() as session:
            assert auth.authenticate(session, "admin", "baru-12345").actor.username == "admin"
    finally:
        db.dispose()


def test_the_app_role_runs_a_full_reconciliation(server: Server, tmp_path: Path) -> None:
    report = setup_server(server.admin_url, server.options)
    db = as_app(report)
    try:
        with db.acting_as(SYSTEM).session() as session:
            set_office_codes(session)
            SmallCity(session)
        with db.acting_as(SYSTEM).session() as session:
            path = online_file(tmp_path)
            preview = inspect_file(path, FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)
            import_persons(session, ImportKind.ONLINE, path, preview.mapping, sheet=preview.sheet,
                           on_error=OnError.NOTHING)
        with db.acting_as(SYSTEM).session() as session:
            run_reconciliation(session, full=True)
            assert verify_chain(session).ok
    finally:
        db.dispose()


def test_an_app_newer_than_the_server_schema_tells_to_run_the_setup(server: Server) -> None:
    report = setup_server(server.admin_url, server.options)
    owner = create_engine(make_url(server.admin_on(server.options.database)).set(
        drivername="postgresql+psycopg"))
    with owner.begin() as conn:  # as if the server were one schema version behind this app
        conn.exec_driver_sql("DROP TABLE audit_chain_head")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0006'")
    owner.dispose()
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(report.app_url)
    assert "siapkan-server" in caught.value.message
