"""Assignment changes as undoable commands: redo writes through the core, undo writes back.

Undo does not trust the screen: it restores the PPL each SLS had before, with the SLS
versions the change left behind, so if another supervisor touched those SLS in the
meantime the undo is refused (and dropped from the stack) instead of overwriting them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.orm import Session

from desktop.context import ASSIGNMENTS, AppContext
from desktop.dialogs import Dialogs
from models.assignment.assign import AssignmentChange, assign
from models.assignment.koseka import KosekaChange, assign_koseka

log = logging.getLogger(__name__)


T = TypeVar("T")


class _WriteCommand(QUndoCommand):
    """A command whose steps write through the core; a refused step is reported, not raised."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget, text: str) -> None:
        super().__init__(text)
        self.ctx, self.dialogs, self.parent = ctx, dialogs, parent

    def _run(self, write: Callable[[Session], T]) -> T | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.ctx.db.session() as session:
                result = write(session)
        except Exception as error:  # noqa: BLE001 - shown to the user, the stack stays usable
            QApplication.restoreOverrideCursor()
            self.dialogs.show_error(self.parent, error)
            self.ctx.changed(ASSIGNMENTS)  # show what the database holds now
            return None
        QApplication.restoreOverrideCursor()
        self.ctx.changed(ASSIGNMENTS)
        return result


class AssignCommand(_WriteCommand):
    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget, text: str,
                 targets: dict[int, int | None], versions: dict[int, int], reason: str = "",
                 done: AssignmentChange | None = None) -> None:
        super().__init__(ctx, dialogs, parent, text)
        self.targets = dict(targets)
        self.reason = reason
        self._versions = dict(versions)  # what the next redo must find
        self.change = done  # set when the write already happened (in a background op)
        self._skip_redo = done is not None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        change = self._write(self.targets, self._versions, self.reason)
        if change is None:
            self.setObsolete(True)
            return
        self.change = change

    def undo(self) -> None:
        assert self.change is not None
        reverted = self._write(self.change.previous, self.change.versions,
                               f"urungkan: {self.text()}")
        if reverted is None:
            self.setObsolete(True)
            return
        self._versions = reverted.versions

    def _write(self, targets: dict[int, int | None], versions: dict[int, int],
               reason: str) -> AssignmentChange | None:
        return self._run(lambda s: assign(s, targets, versions, self.ctx.username, reason))


class KosekaCommand(_WriteCommand):
    """Changing a kecamatan's Koseka; undo puts the previous one back."""

    def __init__(self, ctx: AppContext, dialogs: Dialogs, parent: QWidget, text: str,
                 kecamatan_id: int, officer_id: int | None, version: int) -> None:
        super().__init__(ctx, dialogs, parent, text)
        self.kecamatan_id, self.officer_id, self.version = kecamatan_id, officer_id, version
        self.previous: int | None = None

    def redo(self) -> None:
        change = self._write(self.officer_id)
        if change is None:
            self.setObsolete(True)
        else:
            self.previous = change.previous

    def undo(self) -> None:
        if self._write(self.previous) is None:
            self.setObsolete(True)

    def _write(self, officer_id: int | None) -> KosekaChange | None:
        change = self._run(lambda s: assign_koseka(s, self.kecamatan_id, officer_id,
                                                   self.version, self.ctx.username, self.text()))
        if change is not None:
            self.version = change.version
        return change
