"""Two processes appending to one PostgreSQL audit log at once keep one valid chain."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.access import SYSTEM
from models.audit.verify import verify_chain
from models.launch.opening import open_database
from models.schema.users import AuditLog
from tests.conftest import PgSchemas

ROUNDS = 60
# Each round: one audited row change (its entry comes from the flush) and one hand-written
# entry, committed together; every few rounds two commits in a row without a pause.
CHILD = """
import sys, time
from pathlib import Path
from models.audit import log as audit
from models.audit import trail
from models.access import Actor
from models.store.db import connect
from models.schema.users import UserRole
from models.schema.areas import Kecamatan

url, name, rounds, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
trail.install()
db = connect(url).acting_as(Actor(name, name, UserRole.ADMIN))
with db.session() as session:
    session.connection()  # connected before saying so
(go.parent / f"siap-{name}").touch()
while not go.exists():
    time.sleep(0.005)
for n in range(rounds):
    with db.session() as session:
        code = f"{63 if name == 'satu' else 64}{n:05d}"
        session.add(Kecamatan(bps_code=code, name=f"{name} {n}", kemendagri_code=code[:6]))
        session.flush()
        audit.record(session, "uji", "proses", f"{name}-{n}", before=None, after={"ke": n})
        session.commit()
db.dispose()
print("selesai", name)
"""


@pytest.fixture
def pg_url(pg_schemas: PgSchemas | None) -> str:  # type: ignore[misc]
    if pg_schemas is None:
        pytest.skip("PostgreSQL: set KENDALI_TEST_POSTGRES_URL to run this test")
    schema, url = pg_schemas.create()
    yield url  # type: ignore[misc]
    pg_schemas.drop(schema)


def test_two_processes_appending_at_once_keep_one_valid_chain(pg_url: str,
                                                               tmp_path: Path) -> None:
    db, _ = open_database(pg_url)
    go = tmp_path / "mulai"
    root = Path(__file__).resolve().parent.parent
    children = [subprocess.Popen([sys.executable, "-c", CHILD, pg_url, name, str(ROUNDS),
                                  str(go)], cwd=root, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
                for name in ("satu", "dua")]
    # Both connected and waiting: a child slow to start (a busy machine) would otherwise
    # write all its rounds after the other had finished.
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"siap-{n}").exists() for n in ("satu", "dua")):
        assert time.monotonic() < deadline and all(c.poll() is None for c in children)
        time.sleep(0.01)
    go.touch()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.startswith("selesai")
    admin = db.acting_as(SYSTEM)
    with admin.session() as session:
        report = verify_chain(session)
        count = session.scalar(select(func.count()).select_from(AuditLog))
        writers = list(session.scalars(select(AuditLog.username).order_by(AuditLog.id)))
    assert count == 2 * 2 * ROUNDS
    assert report.ok, report.message
    assert report.entries == count
    # The two writers really interleaved: the log is not one block after the other.
    switches = sum(1 for a, b in zip(writers, writers[1:], strict=False) if a != b)
    assert switches > 4
    db.dispose()
