"""What the Jadwal, Kualitas and Pencocokan tabs share: read in the worker when shown, again
on change; saved in the worker, with the problems shown at their fields."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op, Reads
from models.errors import FieldProblem, ValidationError

T = TypeVar("T")


def mark_invalid(widgets: Mapping[str, Iterable[QWidget]], fields: set[str]) -> None:
    """The widgets of `fields` styled as invalid (resources/style.qss), the others not."""
    for name, shown in widgets.items():
        for widget in shown:
            widget.setProperty("invalid", name in fields)
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class SettingsTab(QWidget):
    """A Pengaturan tab saved on its own. Subclasses set `form`, `status` and `errors`
    before the first load, and give `read` (the work, run in the worker), `show_read` and
    `field_widgets`."""

    form: QWidget
    status: QLabel
    errors: QLabel

    def __init__(self, ctx: AppContext, dialogs: Dialogs, *, watches: frozenset[str]) -> None:
        super().__init__()
        self.ctx, self.dialogs = ctx, dialogs
        self.reads = Reads(self, ctx)
        self.saving = False  # a save is on its way to the database
        self._dirty = True  # read when first shown: a hidden tab costs no query
        self._watches = watches
        ctx.bus.data_changed.connect(self._on_data_changed)

    def read(self, session: Session) -> Any:
        raise NotImplementedError

    def show_read(self, data: Any) -> None:
        raise NotImplementedError

    def field_widgets(self) -> Mapping[str, Iterable[QWidget]]:
        """The widgets of each field a FieldProblem may name."""
        raise NotImplementedError

    def _mark_invalid(self, fields: set[str]) -> None:
        mark_invalid(self.field_widgets(), fields)

    def _refuse(self, problems: list[FieldProblem], message: str) -> None:
        """Problems are shown at their fields, not in a box; nothing was saved."""
        self._mark_invalid({p.field for p in problems})
        self.errors.setText(message)
        self.status.setText("Belum tersimpan.")

    def _on_data_changed(self, kinds: set[str]) -> None:
        if kinds & self._watches:
            self._dirty = True
            if self.isVisible():
                self.load()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._dirty:
            self.load()

    @property
    def loading(self) -> bool:
        return self.reads.pending

    def load(self) -> None:
        self._dirty = False
        self.status.clear()
        self.form.setEnabled(False)  # the fields are about to be replaced
        work: Callable[[Session], Any] = self.read
        self.reads.start(work, self.show_read, self.dialogs)

    def saved_now(self) -> None:
        """After a save: the form shows what was saved, no reload is due."""
        self.saving = False
        self._dirty = False

    def save_through(self, write: Callable[[Session], T], saved: Callable[[T], None]) -> None:
        """Run `write` (it validates, saves and commits) in the worker; its ValidationError
        is shown at the fields it names, any other error by the Op, `saved` gets the rest."""
        if self.saving or not self.form.isEnabled():
            return
        self.saving = True
        self.status.setText("Menyimpan…")

        def done(outcome: T | ValidationError) -> None:
            self.saving = False
            if isinstance(outcome, ValidationError):
                self._refuse(outcome.problems, outcome.message)
                return
            saved(outcome)

        def failed(_error: BaseException) -> None:  # shown by the Op: another PC, no right
            self.saving = False
            self.status.setText("Belum tersimpan.")

        (Op(self, self.ctx, lambda s, _p: _validated(s, write), dialogs=self.dialogs)
         .on_success(done).on_failure(failed).start())


def _validated(session: Session, write: Callable[[Session], T]) -> T | ValidationError:
    """What `write` returns, or its problems (returned: they are not a failure to log)."""
    try:
        return write(session)
    except ValidationError as exc:
        session.rollback()
        return exc
