"""`siapkan-server`: a PostgreSQL database whose schema the app's own login role cannot change."""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

from alembic import command
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from models.errors import KendaliError
from models.store.db import explain_failure, normalize_url
from models.store.migrate import alembic_config, current_revision, head_revision, known_revisions

log = logging.getLogger(__name__)

# Two roles. The owner (NOLOGIN) owns the schema, every table and the functions, and is used
# only here, to run the migrations (through SET ROLE from the admin's connection). The app
# role logs in from the office PCs and may read and write the data, only SELECT and INSERT
# the audit log, never read app_user.password_hash (it tests passwords through the owner's
# SECURITY DEFINER functions), and, owning nothing, cannot ALTER, DISABLE TRIGGER or TRUNCATE
# the log. Running it again upgrades the schema after an app update and re-applies the grants.

NAME = re.compile(r"[a-z_][a-z0-9_]{0,47}")
# Tables the app role gets less than full data rights on; the rest get SELECT, INSERT,
# UPDATE, DELETE and TRUNCATE (a reconciliation empties its match tables).
AUDIT_LOG, CHAIN_HEAD, ATTEMPTS, USERS, VERSIONS = (
    "audit_log", "audit_chain_head", "password_attempt", "app_user", "alembic_version")
SPECIAL_GRANTS = {AUDIT_LOG: "SELECT, INSERT", CHAIN_HEAD: "SELECT, UPDATE", ATTEMPTS: "",
                  VERSIONS: "SELECT"}
HIDDEN_COLUMNS = {"password_hash"}
FUNCTIONS = ("kendali_password_setting(integer)", "kendali_password_attempt(integer, text)",
             "kendali_password_result(integer)")


class ServerSetupError(KendaliError):
    pass


@dataclass(frozen=True)
class ServerOptions:
    database: str = "kendali_sensus"
    schema: str = "public"
    prefix: str = "kendali"
    new_password: bool = False  # give an existing app role a new password

    @property
    def owner(self) -> str:
        return f"{self.prefix}_pemilik"

    @property
    def app(self) -> str:
        return f"{self.prefix}_aplikasi"


@dataclass(frozen=True)
class ServerReport:
    owner: str
    app: str
    database: str
    schema: str
    created: list[str]  # what did not exist before, in words
    from_revision: str | None
    to_revision: str
    app_url: str  # with the password when one was set now, otherwise without
    password_set: bool


def _q(name: str) -> str:
    return f'"{name}"'


def _check_names(options: ServerOptions) -> None:
    for label, value in (("nama database", options.database), ("nama skema", options.schema),
                         ("awalan peran", options.prefix)):
        if not NAME.fullmatch(value):
            raise ServerSetupError(f"{label.capitalize()} '{value}' tidak dapat dipakai: huruf "
                                   "kecil, angka dan garis bawah, diawali huruf, paling "
                                   "banyak 48 karakter.")


def _exists(conn: Connection, query: str, **params: object) -> bool:
    return conn.scalar(text(query), params) is not None


def _check_admin(conn: Connection) -> bool:
    """True for a superuser; a non-superuser needs CREATEROLE and CREATEDB."""
    row = conn.execute(text("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                            "WHERE rolname = current_user")).one()
    if not row.rolsuper and not (row.rolcreaterole and row.rolcreatedb):
        raise ServerSetupError("Alamat admin harus memakai peran superuser PostgreSQL, atau "
                               "peran dengan hak CREATEROLE dan CREATEDB.")
    return bool(row.rolsuper)


def _roles(conn: Connection, options: ServerOptions, superuser: bool,
           created: list[str]) -> str | None:
    """Create or harden both roles; returns the app role's new password, if one was set."""
    owner, app = options.owner, options.app
    if conn.scalar(text("SELECT current_user")) in (owner, app):
        raise ServerSetupError("Alamat admin tidak boleh memakai peran pemilik atau peran "
                               "aplikasi; pakai peran superuser, mis. postgres.")
    if not _exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = :n", n=owner):
        conn.exec_driver_sql(f"CREATE ROLE {_q(owner)} NOLOGIN")
        created.append(f"peran pemilik {owner}")
    conn.exec_driver_sql(f"ALTER ROLE {_q(owner)} NOLOGIN NOSUPERUSER NOCREATEDB "
                         "NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    if not superuser:  # so that SET ROLE and CREATE DATABASE … OWNER are allowed
        conn.exec_driver_sql(f"GRANT {_q(owner)} TO CURRENT_USER")
    password = None
    if not _exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = :n", n=app):
        password = secrets.token_urlsafe(24)  # [A-Za-z0-9_-]: safe inside the quotes
        conn.exec_driver_sql(f"CREATE ROLE {_q(app)} LOGIN PASSWORD '{password}'")
        created.append(f"peran aplikasi {app}")
    elif options.new_password:
        password = secrets.token_urlsafe(24)
        conn.exec_driver_sql(f"ALTER ROLE {_q(app)} PASSWORD '{password}'")
    conn.exec_driver_sql(f"ALTER ROLE {_q(app)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                         "NOREPLICATION NOBYPASSRLS")
    # The app role must not be able to become the owner, directly or through another role.
    members = conn.execute(text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :app"), {"app": app}).scalars()
    for group in list(members):
        conn.exec_driver_sql(f"REVOKE {_q(group)} FROM {_q(app)}")
    return password


def _database(conn: Connection, options: ServerOptions, created: list[str]) -> None:
    db = options.database
    if not _exists(conn, "SELECT 1 FROM pg_database WHERE datname = :n", n=db):
        conn.exec_driver_sql(f"CREATE DATABASE {_q(db)} OWNER {_q(options.owner)}")
        created.append(f"database {db}")
    conn.exec_driver_sql(f"ALTER DATABASE {_q(db)} OWNER TO {_q(options.owner)}")
    conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {_q(db)} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT CONNECT, TEMPORARY ON DATABASE {_q(db)} TO {_q(options.app)}")
    conn.exec_driver_sql(f"ALTER ROLE {_q(options.app)} IN DATABASE {_q(db)} "
                         f"SET search_path = {_q(options.schema)}")


def _adopt(conn: Connection, options: ServerOptions, created: list[str]) -> None:
    """The schema and everything in it (an office's existing tables too) to the owner."""
    schema, owner = options.schema, options.owner
    if not _exists(conn, "SELECT 1 FROM pg_namespace WHERE nspname = :s", s=schema):
        conn.exec_driver_sql(f"CREATE SCHEMA {_q(schema)} AUTHORIZATION {_q(owner)}")
        created.append(f"skema {schema}")
    conn.exec_driver_sql(f"ALTER SCHEMA {_q(schema)} OWNER TO {_q(owner)}")
    conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {_q(schema)} FROM PUBLIC")
    if schema != "public":
        conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
             "f": "FOREIGN TABLE", "S": "SEQUENCE"}
    # A sequence a table's column owns moves with its table and cannot be moved alone.
    rows = conn.execute(text(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind IN "
        "('r','p','v','m','f','S') AND pg_get_userbyid(c.relowner) <> :o "
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
        "AND d.deptype IN ('a', 'i')))"), {"s": schema, "o": owner}).all()
    for name, kind in rows:
        conn.exec_driver_sql(f"ALTER {kinds[kind]} {_q(schema)}.{_q(name)} "
                             f"OWNER TO {_q(owner)}")
    functions = conn.execute(text(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = :s AND pg_get_userbyid(p.proowner) <> :o"),
        {"s": schema, "o": owner}).scalars().all()
    for signature in functions:
        conn.exec_driver_sql(f"ALTER FUNCTION {signature} OWNER TO {_q(owner)}")


def _migrate(conn: Connection, options: ServerOptions) -> tuple[str | None, str]:
    """Upgrade to head as the owner, so every object it creates belongs to the owner."""
    conn.exec_driver_sql(f"SET ROLE {_q(options.owner)}")
    conn.exec_driver_sql(f"SET search_path = {_q(options.schema)}")
    current = current_revision(conn)
    if current is not None and current not in known_revisions():
        raise ServerSetupError("Database ini dibuat oleh versi Kendali Sensus yang lebih baru. "
                               "Perbarui aplikasi ini terlebih dahulu; database tidak diubah.",
                               f"revisi {current}")
    if current is None:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = :s"),
            {"s": options.schema}).scalars().all()
        if tables:
            raise ServerSetupError(f"Skema {options.schema} sudah berisi tabel lain dan bukan "
                                   "database Kendali Sensus. Tidak ada yang diubah; pilih "
                                   "skema atau database lain.", ", ".join(sorted(tables)[:5]))
    command.upgrade(alembic_config(conn), "head")
    return current, head_revision()


def _grants(conn: Connection, options: ServerOptions) -> None:
    """Re-applied whole on every run: revoke everything from the app role, then grant."""
    schema, app = _q(options.schema), _q(options.app)
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {app}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}")
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                          {"s": options.schema}).scalars().all()
    for table in tables:
        target = f"{schema}.{_q(table)}"
        conn.exec_driver_sql(f"REVOKE ALL ON {target} FROM {app}")
        if table == USERS:
            continue
        rights = SPECIAL_GRANTS.get(table, "SELECT, INSERT, UPDATE, DELETE, TRUNCATE")
        if rights:
            conn.exec_driver_sql(f"GRANT {rights} ON {target} TO {app}")
    columns = conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = :s "
        "AND table_name = :t ORDER BY ordinal_position"),
        {"s": options.schema, "t": USERS}).scalars().all()
    users = f"{schema}.{_q(USERS)}"
    every = ", ".join(_q(c) for c in columns)
    readable = ", ".join(_q(c) for c in columns if c not in HIDDEN_COLUMNS)
    writable = ", ".join(_q(c) for c in columns if c != "id")
    conn.exec_driver_sql(f"REVOKE ALL ({every}) ON {users} FROM {app}")
    # Accounts are made and passwords set by the app, so the hash may be written, never read.
    conn.exec_driver_sql(f"GRANT SELECT ({readable}), INSERT ({every}), UPDATE ({writable}) "
                         f"ON {users} TO {app}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}")
    for function in FUNCTIONS:
        target = f"{schema}.{function}"
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {target} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {target} TO {app}")


def app_url(admin: URL, options: ServerOptions, password: str | None) -> str:
    """The URL the office PCs use: the admin's server and port, the app role, no options."""
    return admin.set(drivername="postgresql", username=options.app, password=password,
                     database=options.database, query={}).render_as_string(hide_password=False)


def setup_server(admin_url: str, options: ServerOptions) -> ServerReport:
    """Create or update the roles, database, schema and grants (see the comment above)."""
    _check_names(options)
    url = normalize_url(admin_url)
    if url.get_backend_name() != "postgresql":
        raise ServerSetupError("siapkan-server hanya untuk PostgreSQL: beri alamat admin "
                               "postgresql://postgres@server/postgres.")
    created: list[str] = []
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    target = create_engine(url.set(database=options.database))
    try:
        with admin.connect() as conn:
            superuser = _check_admin(conn)
            password = _roles(conn, options, superuser, created)
            _database(conn, options, created)
        with target.begin() as conn:
            _adopt(conn, options, created)
        with target.begin() as conn:
            from_revision, to_revision = _migrate(conn, options)
            _grants(conn, options)
    except OperationalError as exc:  # no connection: the same advice as opening the app
        raise explain_failure(url, exc) from exc
    except (DBAPIError, SQLAlchemyError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ServerSetupError("Penyiapan server PostgreSQL gagal; perintah yang sudah "
                               "selesai dapat diulang dengan aman.", detail) from exc
    finally:
        admin.dispose()
        target.dispose()
    log.info("server set up: %s owned by %s, app role %s", options.database, options.owner,
             options.app)
    return ServerReport(options.owner, options.app, options.database, options.schema, created,
                        from_revision, to_revision, app_url(url, options, password),
                        password is not None)
