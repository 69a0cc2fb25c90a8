"""Before the window: make the first admin, or sign in; then a forced password change."""
from __future__ import annotations

from desktop.dialogs import Dialogs
from desktop.settings import AppSettings
from desktop.sign_in.first_admin_dialog import FirstAdminDialog
from desktop.sign_in.login_dialog import LoginDialog
from desktop.sign_in.password_dialog import PasswordDialog
from models.access import SYSTEM, Actor
from models.accounts.admin import change_own_password
from models.accounts.auth import Login, authenticate, create_first_admin, has_users
from models.store.db import Database


def sign_in(db: Database, dialogs: Dialogs, settings: AppSettings, hint: str = ""
            ) -> Actor | None:
    """The signed-in user, or None when the user gave up (the app then closes)."""
    system = db.acting_as(SYSTEM)  # reading accounts happens before anyone is signed in
    with system.session() as session:
        first_run = not has_users(session)
    if first_run:
        def create(username: str, full_name: str, password: str) -> Actor:
            with system.session() as session:
                return create_first_admin(session, username, full_name, password)

        first = FirstAdminDialog(create, db.description)
        if not dialogs.run(first) or first.actor is None:
            return None
        settings.last_username = first.actor.username
        return first.actor

    def attempt(username: str, password: str) -> Login:
        with system.session() as session:
            return authenticate(session, username, password)

    dialog = LoginDialog(attempt, db.description, settings.last_username, hint)
    if not dialogs.run(dialog) or dialog.login is None:
        return None
    login = dialog.login
    settings.last_username = login.actor.username
    if login.must_change_password and not _choose_own_password(db, dialogs, login.actor,
                                                               dialog.password.text()):
        return None
    return login.actor


def _choose_own_password(db: Database, dialogs: Dialogs, actor: Actor, typed: str) -> bool:
    def change(_old: str, new: str) -> None:
        with db.acting_as(actor).session() as session:
            change_own_password(session, typed, new)  # the one just typed at sign-in

    dialog = PasswordDialog(change, "Kata sandi Anda dibuat oleh admin. Buat kata sandi sendiri "
                            "sebelum mulai bekerja; hanya Anda yang mengetahuinya.",
                            ask_old=False)
    return dialogs.run(dialog)
