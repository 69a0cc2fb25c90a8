"""Fixtures: every database test runs on SQLite and, when its URL is set, on PostgreSQL."""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before any Qt import: no screen needed, and no user folders touched.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_sandbox = Path(tempfile.mkdtemp(prefix="kendali-tests-"))
os.environ["XDG_DATA_HOME"] = str(_sandbox / "data")
os.environ["XDG_CONFIG_HOME"] = str(_sandbox / "config")
os.environ.pop("KENDALI_SENSUS_DB", None)

import psycopg  # noqa: E402
import pytest  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from models.access import Actor  # noqa: E402
from models.demo.city import load_demo  # noqa: E402
from models.launch.opening import open_database  # noqa: E402
from models.schema.users import UserRole  # noqa: E402
from models.store.db import Database, connect, create_private_file  # noqa: E402
from models.store.migrate import upgrade_to_head  # noqa: E402
from tests.keyrings import MemoryKeyring  # noqa: E402
from tests.run_shared import WORKER, exclusive, shared_folder  # noqa: E402

PG_ENV = "KENDALI_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]
# A test's waits guard against a hang; none checks speed (tests/bench does). A slow or
# shared machine, two workers on two cores, takes several times what a wait names: loading
# the demo city took 25 s one day and over 60 s another on the same kind of machine.
TIMEOUT_SCALE = float(os.environ.get("KENDALI_TEST_TIMEOUT_SCALE", "4"))


def _scale_waits() -> None:
    """Every wait of pytest-qt's bot allows TIMEOUT_SCALE times the timeout given."""
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed",
                 "waitActive"):
        wait = getattr(QtBot, name)

        def scaled(self, *args, _wait=wait, timeout: int = 5000, **kwargs):  # type: ignore[no-untyped-def]
            return _wait(self, *args, timeout=int(timeout * TIMEOUT_SCALE), **kwargs)

        scaled.__doc__ = wait.__doc__
        setattr(QtBot, name, scaled)


_scale_waits()


def _pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


class PgSchemas:
    """A throw-away schema per test, selected through the connection's search_path."""

    def __init__(self, base_url: str) -> None:
        url = make_url(base_url)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def create(self) -> tuple[str, str]:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        scoped = self.url.update_query_dict({"options": f"-csearch_path={name}"})
        return name, scoped.render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        # A query the test's window left running may still lock a table of the schema: the
        # server then ends one of the two as a deadlock. The drop waits and tries again.
        for attempt in range(10):
            try:
                with self.admin.connect() as conn:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
                return
            except OperationalError as error:
                if not isinstance(error.orig, psycopg.errors.DeadlockDetected) or attempt == 9:
                    raise
                time.sleep(0.2)


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Remembered column mappings and connection files never leak between tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[PgSchemas | None]:
    base = _pg_base_url()
    if base is None:
        yield None
        return
    schemas = PgSchemas(base)
    yield schemas
    schemas.admin.dispose()


def _new_url(backend: str, folder: Path, pg: PgSchemas | None) -> tuple[str, str | None]:
    if backend == "sqlite":
        return str(folder / f"kendali-{uuid.uuid4().hex[:8]}.sqlite"), None
    if pg is None:
        pytest.skip(f"PostgreSQL: set {PG_ENV} to run this test on PostgreSQL too")
    schema, url = pg.create()
    return url, schema


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path,
           pg_schemas: PgSchemas | None) -> Iterator[str]:
    """A URL of a fresh, empty database (nothing created in it yet)."""
    url, schema = _new_url(request.param, tmp_path, pg_schemas)
    yield url
    if schema and pg_schemas:
        pg_schemas.drop(schema)


# Tests act as an admin unless they test the roles themselves (tests/test_roles.py).
TEST_ADMIN = Actor("penguji", "Penguji", UserRole.ADMIN)


@pytest.fixture(scope="session")
def blank_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file brought to the current schema once: a test's fresh database is a copy
    of it (milliseconds) instead of a run of every migration (about a second each time)."""
    path = tmp_path_factory.mktemp("blank") / "blank.sqlite"
    database, _ = open_database(str(path))
    database.dispose()
    return path


@pytest.fixture(scope="session")
def blank_pg_script(pg_schemas: PgSchemas | None) -> tuple[str, list[tuple[str, object]]]:
    """What the migrations write into an empty PostgreSQL schema, recorded once and replayed
    into each test's schema: the same tables, seed rows, functions and triggers, in a tenth
    of the time. Reads are left out. Returns the schema it was recorded in, which the
    password functions name in their search path: the replay puts its own there."""
    assert pg_schemas is not None
    name, url = pg_schemas.create()
    script: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement: str, parameters: object, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SELECT", "WITH", "SHOW")):
            script.append((statement, parameters))

    database = connect(url)
    event.listen(database.engine, "before_cursor_execute", record)
    upgrade_to_head(database)
    database.dispose()
    pg_schemas.drop(name)
    return name, script


def _fill_blank(url: str, request: pytest.FixtureRequest) -> None:
    """The fresh database at `url` brought to the current schema from the session's blank."""
    if not url.startswith("postgresql"):
        target = Path(url)
        create_private_file(target)  # the copy keeps the mode a new database file gets
        copy_sqlite_file(request.getfixturevalue("blank_sqlite_file"), target)
        return
    recorded_in, script = request.getfixturevalue("blank_pg_script")
    engine = create_engine(url)
    with engine.begin() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        for statement, parameters in script:
            connection.exec_driver_sql(statement.replace(recorded_in, schema),
                                       parameters)  # type: ignore[arg-type]
    engine.dispose()


@pytest.fixture
def db(db_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database at the current schema, used by an admin."""
    _fill_blank(db_url, request)
    database, _ = open_database(db_url)
    yield database.acting_as(TEST_ADMIN)
    database.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            pg_schemas: PgSchemas | None) -> Iterator[Database]:
    """The demo city, loaded once per backend; tests using it must only read."""
    if request.param == "sqlite":  # the one SQLite build of the session, copied
        url, _schema = _new_url("sqlite", tmp_path_factory.mktemp("demo"), pg_schemas)
        copy_sqlite_file(request.getfixturevalue("demo_sqlite_file"), Path(url))
    else:  # the one PostgreSQL build of the session
        _name, url = request.getfixturevalue("demo_pg_schema")
    database, _ = open_database(url)
    yield database.acting_as(TEST_ADMIN)
    database.dispose()


def _load_demo_into(url: str) -> None:
    """The demo city into the new database at `url`, as an admin loads it."""
    database, _ = open_database(url)
    with database.acting_as(TEST_ADMIN).session() as session:
        load_demo(session)
    database.dispose()


@pytest.fixture(scope="session")
def demo_pg_schema(pg_schemas: PgSchemas | None,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(schema, URL) of the demo city built once on PostgreSQL for every worker of the run:
    read by `demo_db`, copied by `with_demo` (a copy takes a few seconds, a build a minute).
    The last worker using it drops it; one that comes later builds it again."""
    if pg_schemas is None:
        pytest.skip(f"PostgreSQL: set {PG_ENV} to run this test on PostgreSQL too")
    folder = shared_folder(tmp_path_factory)
    built, user = folder / "demo-pg", folder / f"demo-pg.user.{WORKER}"
    with exclusive(folder, "demo-pg"):
        if not built.exists():
            name, url = pg_schemas.create()
            _load_demo_into(url)
            built.write_text(f"{name}\n{url}")
        name, url = built.read_text().split("\n")
        user.touch()
    yield name, url
    with exclusive(folder, "demo-pg"):
        user.unlink()
        if not any(folder.glob("demo-pg.user.*")):
            pg_schemas.drop(name)
            built.unlink()


@pytest.fixture(scope="session")
def demo_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo city built once in an SQLite file for every worker of the run, for tests
    that write to a demo of their own: a copy takes milliseconds, a build half a minute."""
    folder = shared_folder(tmp_path_factory)
    path = folder / "demo.sqlite"
    with exclusive(folder, "demo.sqlite"):
        if not path.exists():
            building = folder / "demo-building.sqlite"
            _load_demo_into(str(building))
            copied = folder / "demo-copied.sqlite"  # whole, whatever WAL the build left
            copy_sqlite_file(building, copied)
            os.replace(copied, path)
    return path


def with_demo(database: Database, template: Path, request: pytest.FixtureRequest) -> Database:
    """`database` (fresh, of this test) holding the demo city: on SQLite a copy of
    `template`, on PostgreSQL a copy of the session's demo schema."""
    if not database.is_sqlite:
        source, _url = request.getfixturevalue("demo_pg_schema")
        copy_pg_schema(database, source)
        return database
    target = database.sqlite_path
    assert target is not None
    database.engine.dispose()  # the empty file is replaced; the engine reconnects to the copy
    copy_sqlite_file(template, target)
    return database


def copy_pg_schema(database: Database, source: str) -> None:
    """Every table of schema `source` into the database's own (both at the current
    migration), in place of its own rows, with the sequences moved past the copied ids.
    Foreign keys and triggers are not fired (replica role): the rows were checked when the
    source was built."""
    from models.schema.base import Base

    with database.engine.begin() as connection:
        target = connection.exec_driver_sql("SELECT current_schema()").scalar()
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        tables = Base.metadata.sorted_tables  # the migrations' seed rows make way first
        connection.exec_driver_sql("TRUNCATE " + ", ".join(f'"{target}"."{t.name}"'
                                                           for t in tables))
        for table in tables:
            connection.exec_driver_sql(
                f'INSERT INTO "{target}"."{table.name}" SELECT * FROM "{source}"."{table.name}"')
            if "id" in table.c:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{target}\".\"{table.name}\"', "
                    f"'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                    f'FROM "{target}"."{table.name}"')


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Through SQLite's backup API: whole and consistent whatever its journal holds."""
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class FakeDialogs:
    """Records every message instead of opening a box; answers questions with `answer`."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.errors: list[tuple[str, str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.questions: list[str] = []
        self.shown: list[object] = []  # the app's own dialogs, as they were shown
        self.fill = None  # optional callable(dialog) -> bool standing in for the user
        self.path: Path | None = None  # what a file or folder picker returns
        self.opened: list[Path] = []  # documents handed to the system viewer

    def run(self, dialog) -> bool:  # type: ignore[no-untyped-def]
        self.shown.append(dialog)
        return self.fill(dialog) if self.fill else self.answer

    def open_file(self, parent, title: str, filters: str = "") -> Path | None:  # type: ignore[no-untyped-def]
        return self.path

    def save_file(self, parent, title: str, suggested: str, filters: str = "") -> Path | None:  # type: ignore[no-untyped-def]
        return self.path

    def choose_folder(self, parent, title: str) -> Path | None:  # type: ignore[no-untyped-def]
        return self.path

    def ask(self, parent, title: str, question: str) -> bool:  # type: ignore[no-untyped-def]
        self.questions.append(question)
        return self.answer

    def inform(self, parent, title: str, text: str) -> None:  # type: ignore[no-untyped-def]
        self.infos.append((title, text))

    def open_document(self, path: Path) -> None:
        self.opened.append(path)

    def error(self, parent, title: str, text: str, detail: str = "") -> None:  # type: ignore[no-untyped-def]
        self.errors.append((title, text, detail))

    def show_error(self, parent, error: BaseException) -> None:  # type: ignore[no-untyped-def]
        from models.errors import KendaliError

        text = error.message if isinstance(error, KendaliError) else repr(error)
        self.errors.append(("Kendali Sensus", text, ""))


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "pengaturan.ini"


def make_window(qtbot, database: Database, settings_file: Path, dialogs: FakeDialogs):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from desktop.context import AppContext, DataBus
    from desktop.main_window import MainWindow
    from desktop.settings import AppSettings

    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window = MainWindow(AppContext(database, settings, DataBus()), dialogs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def wait_idle(qtbot, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    """Until every background read and write of the window has come back and been shown:
    pages load and save in the worker, never on the UI thread."""
    from desktop import tasks

    qtbot.waitUntil(lambda: not tasks._running, timeout=timeout)


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Let the window's background loads deliver before the database goes: a reload that
    a last write started would otherwise query a dropped PostgreSQL schema."""
    wait_idle(qtbot)


@pytest.fixture
def demo_window(qtbot, demo_db: Database, settings_file: Path, dialogs: FakeDialogs):  # type: ignore[no-untyped-def]
    yield make_window(qtbot, demo_db, settings_file, dialogs)
    _settle(qtbot)


@pytest.fixture
def empty_window(qtbot, db: Database, settings_file: Path, dialogs: FakeDialogs):  # type: ignore[no-untyped-def]
    yield make_window(qtbot, db, settings_file, dialogs)
    _settle(qtbot)


@pytest.fixture
def store() -> Iterator[MemoryKeyring]:
    """The OS credential store as a dict, for the test's length."""
    import keyring

    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def no_store() -> Iterator[None]:
    """Headless Linux: no Secret Service, keyring has only its 'fail' backend."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)
