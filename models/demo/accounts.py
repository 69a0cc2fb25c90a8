"""The demo's accounts, one per role, all with one published password.

They are made only in a database that has no account yet: loading the demo into an
office database that already has its admin never adds accounts anyone could guess.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from models.accounts.auth import has_users, new_user
from models.audit import trail as audit_trail
from models.schema.users import UserRole

DEMO_PASSWORD = "demo1234"
ACCOUNTS = (("admin", "Admin Kantor (contoh)", UserRole.ADMIN),
            ("supervisor", "Supervisor Lapangan (contoh)", UserRole.SUPERVISOR),
            ("staf", "Staf Pengolahan (contoh)", UserRole.STAF))


def create_demo_accounts(session: Session) -> list[str]:
    """The names created and committed; [] when the database already has accounts."""
    if has_users(session):
        return []
    names = [name for name, _, _ in ACCOUNTS]
    with audit_trail.summarized(session, "buat akun contoh", "pengguna", entity_id="",
                                details={"akun": ", ".join(names)}, by="sistem"):
        session.add_all(new_user(name, full, nip="", role=role, password=DEMO_PASSWORD,
                                 must_change=False)
                        for name, full, role in ACCOUNTS)
    session.commit()
    return names
