"""What the Jadwal, Kualitas and Pencocokan tabs share: read in the worker when shown, again
on change; saved in the worker, with the problems shown at their fields."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
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
    """A Pengaturan tab saved on its own. Subclasses call `add_controls` and set `form`
    before the first load, and give `read` (the work, run in the worker), `show_read` and
    `field_widgets`."""

    form: QWidget
    status: QLabel
    errors: QLabel
    save_button: QPushButton
    revert_button: QPushButton
    defaults_button: QPushButton | None = None

    def __init__(self, ctx: AppContext, dialogs: Dialogs, *, watches: frozenset[str]) -> None:
        super().__init__()
        self.ctx, self.dialogs = ctx, dialogs
        self.reads = Reads(self, ctx)
        self.saving = False  # a save is on its way to the database
        self._dirty = True  # read when first shown: a hidden tab costs no query
        self._watches = watches
        ctx.bus.data_changed.connect(self._on_data_changed)

    def add_controls(self, prefix: str, save_label: str, *,
                     defaults: Callable[[], None] | None = None) -> None:
        """The error line, the status, Simpan (Ctrl+S, only while this tab is shown: the
        page rests its own meanwhile), Batalkan perubahan and, given `defaults`, Kembalikan
        nilai bawaan; their object names begin with `prefix`."""
        self.errors = QLabel()
        self.errors.setObjectName(f"{prefix}Errors")
        self.errors.setWordWrap(True)
        self.status = QLabel()
        self.save_button = QPushButton(save_label)
        self.save_button.setObjectName(f"save{prefix.capitalize()}")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.revert_button = QPushButton("Batalkan perubahan")
        self.revert_button.clicked.connect(self.load)
        if defaults is not None:
            self.defaults_button = QPushButton("Kembalikan nilai bawaan")
            self.defaults_button.setObjectName(f"{prefix}Defaults")
            self.defaults_button.clicked.connect(defaults)

    def button_row(self) -> QHBoxLayout:
        """The controls of add_controls in one row, the status taking the rest."""
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.revert_button)
        if self.defaults_button is not None:
            row.addWidget(self.defaults_button)
        row.addWidget(self.status, 1)
        return row

    def scroll_around(self, content: QWidget) -> None:
        """`content` as the tab's whole area, scrolled when the window is small."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def form_ready(self) -> None:
        """The form shows what was read or saved: no field marked, no error, editable."""
        self._mark_invalid(set())
        self.errors.clear()
        self.form.setEnabled(True)

    def read(self, session: Session) -> Any:
        raise NotImplementedError

    def save(self) -> None:
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
