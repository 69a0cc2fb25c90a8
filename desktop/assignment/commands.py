"""Assignment changes as undoable commands whose writes run in the background.

A command's redo()/undo() never touch the database: WriteUndoStack first runs the command's
write in the write pool and moves the stack (push, undo, redo) only when that write has been
saved. Steps run one after another in the order they were asked for, each against the stack
as the previous step left it, so Ctrl+Z pressed during a save undoes that save.

Undo does not trust the screen: it restores the PPL each SLS had before, with the SLS
versions the change left behind, so if another supervisor touched those SLS in the
meantime the undo is refused (and dropped from the stack) instead of overwriting them.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QBoxLayout, QToolButton, QWidget
from sqlalchemy.orm import Session

from desktop.context import ASSIGNMENTS, AppContext
from desktop.dialogs import Dialogs
from desktop.tasks import Op
from models.assignment.assign import AssignmentChange, assign
from models.assignment.koseka import KosekaChange, assign_koseka

log = logging.getLogger(__name__)

Write = Callable[[Session], Any]


class WriteCommand(QUndoCommand):
    """A step of the stack: what to write for redo and undo, and what a saved write left."""

    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.refused = False  # its last write was refused: the stack drops it

    def redo_write(self) -> Write:
        raise NotImplementedError

    def undo_write(self) -> Write:
        raise NotImplementedError

    def redone(self, result: Any) -> None:
        """The redo write was saved with this result."""

    def undone(self, result: Any) -> None:
        """The undo write was saved with this result."""

    # Called by QUndoStack only after the write: they just keep its bookkeeping.
    def redo(self) -> None:
        if self.refused:
            self.setObsolete(True)

    def undo(self) -> None:
        if self.refused:
            self.setObsolete(True)


class WriteUndoStack(QUndoStack):
    """A QUndoStack whose push, undo and redo write first, in the write pool, in order."""

    def __init__(self, owner: QWidget, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__(owner)
        self.owner, self.ctx, self.dialogs = owner, ctx, dialogs
        self._steps: deque[Callable[[], Op | None]] = deque()
        self._current: Op | None = None

    @property
    def busy(self) -> bool:
        """A step is being saved or waits for its turn."""
        return self._current is not None or bool(self._steps)

    def push_write(self, command: WriteCommand) -> None:
        """Save the command's change; it joins the stack once saved (a refused one never)."""
        def step() -> Op:
            return self._write(command.redo_write(), saved=lambda result: (
                command.redone(result), QUndoStack.push(self, command)), refused=lambda: None)
        self._queue(step)

    def push_done(self, command: WriteCommand, result: Any) -> None:
        """A command whose change was already saved by its own op (with its own progress)."""
        def step() -> None:
            command.redone(result)
            QUndoStack.push(self, command)
        self._queue(step)

    def undo(self) -> None:  # the Python override that the actions below and callers use
        self._queue(self._undo_step)

    def redo(self) -> None:
        self._queue(self._redo_step)

    def _undo_step(self) -> Op | None:
        if not self.canUndo():
            return None
        command: WriteCommand = self.command(self.index() - 1)  # type: ignore[assignment]
        return self._write(command.undo_write(),
                           saved=lambda result: (command.undone(result), QUndoStack.undo(self)),
                           refused=lambda: self._drop(command, QUndoStack.undo))

    def _redo_step(self) -> Op | None:
        if not self.canRedo():
            return None
        command: WriteCommand = self.command(self.index())  # type: ignore[assignment]
        return self._write(command.redo_write(),
                           saved=lambda result: (command.redone(result), QUndoStack.redo(self)),
                           refused=lambda: self._drop(command, QUndoStack.redo))

    def _drop(self, command: WriteCommand, move: Callable[[QUndoStack], None]) -> None:
        # As before the writes moved here: a refused step leaves the stack, it is not retried.
        command.refused = True
        move(self)

    def _queue(self, step: Callable[[], Op | None]) -> None:
        self._steps.append(step)
        self._next()

    def _next(self) -> None:
        while self._current is None and self._steps:
            self._current = self._steps.popleft()()

    def _write(self, write: Write, saved: Callable[[Any], object],
               refused: Callable[[], object]) -> Op:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        op = (Op(self.owner, self.ctx, lambda session, _progress: write(session),
                 dialogs=self.dialogs)  # a refused write shows its message
              .on_success(saved).on_failure(lambda _error: refused()))
        op.signals.finished.connect(self._step_finished)
        return op.start()

    def _step_finished(self) -> None:
        QApplication.restoreOverrideCursor()
        self.ctx.changed(ASSIGNMENTS)  # show what the database holds now, saved or refused
        self._current = None
        self._next()

    def action(self, redo: bool, text: str, parent: QWidget) -> QAction:
        """An Urungkan/Ulangi action that goes through the writes above (the ones
        createUndoAction makes call the C++ stack directly)."""
        action = QAction(text, parent)
        action.triggered.connect(self.redo if redo else self.undo)

        def named(what: str) -> None:
            action.setText(f"{text} {what}".strip())

        # From the signals' own values: the stack also sends them while it is being deleted.
        (self.canRedoChanged if redo else self.canUndoChanged).connect(action.setEnabled)
        (self.redoTextChanged if redo else self.undoTextChanged).connect(named)
        action.setEnabled(self.canRedo() if redo else self.canUndo())
        named(self.redoText() if redo else self.undoText())
        return action


def undo_buttons(stack: WriteUndoStack, page: QWidget, row: QBoxLayout
                 ) -> tuple[QAction, QAction, list[QToolButton]]:
    """Urungkan (Ctrl+Z) and Ulangi (Ctrl+Y, Ctrl+Shift+Z) for `page`, as buttons in `row`;
    the shortcuts act while the page (or a child) has the focus."""
    undo = stack.action(False, "Urungkan", page)
    undo.setShortcuts([QKeySequence.StandardKey.Undo])
    redo = stack.action(True, "Ulangi", page)
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    buttons = []
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page.addAction(action)
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        row.addWidget(button)
        buttons.append(button)
    return undo, redo, buttons


class AssignCommand(WriteCommand):
    def __init__(self, ctx: AppContext, text: str, targets: dict[int, int | None],
                 versions: dict[int, int], reason: str = "") -> None:
        super().__init__(ctx, text)
        self.targets = dict(targets)
        self.reason = reason
        self._versions = dict(versions)  # what the next redo must find
        self.change: AssignmentChange | None = None

    def redo_write(self) -> Write:
        targets, versions = dict(self.targets), dict(self._versions)
        reason, by = self.reason, self.ctx.username
        return lambda s: assign(s, targets, versions, by, reason=reason)

    def redone(self, result: AssignmentChange) -> None:
        self.change = result

    def undo_write(self) -> Write:
        change, by, reason = self.change, self.ctx.username, f"urungkan: {self.text()}"
        assert change is not None
        return lambda s: assign(s, change.previous, change.versions, by, reason=reason)

    def undone(self, result: AssignmentChange) -> None:
        self._versions = result.versions


class KosekaCommand(WriteCommand):
    """Changing a kecamatan's Koseka; undo puts the previous one back."""

    def __init__(self, ctx: AppContext, text: str, kecamatan_id: int, officer_id: int | None,
                 version: int) -> None:
        super().__init__(ctx, text)
        self.kecamatan_id, self.officer_id, self.version = kecamatan_id, officer_id, version
        self.previous: int | None = None

    def _write(self, officer_id: int | None) -> Write:
        kecamatan_id, version, by, text = (self.kecamatan_id, self.version, self.ctx.username,
                                           self.text())
        return lambda s: assign_koseka(s, kecamatan_id, officer_id, version, by=by, reason=text)

    def redo_write(self) -> Write:
        return self._write(self.officer_id)

    def redone(self, result: KosekaChange) -> None:
        self.version, self.previous = result.version, result.previous

    def undo_write(self) -> Write:
        return self._write(self.previous)

    def undone(self, result: KosekaChange) -> None:
        self.version = result.version
