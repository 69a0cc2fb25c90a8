"""A progress strip inside the page (not a modal dialog): the window stays usable meanwhile."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.tasks import Op
from models.formatting import format_number
from models.persons.importing import LiveCounts


class ImportProgressPanel(QFrame):
    """Rows read and valid so far, a bar, and a Cancel that rolls the whole import back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(240)
        self.cancel = QPushButton("Batal")
        self.cancel.setToolTip("Hentikan impor; tidak ada yang disimpan (Esc)")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()
        self._op: Op | None = None
        self._live: LiveCounts | None = None
        self._title = ""
        self.cancel.clicked.connect(self._cancel)

    @property
    def busy(self) -> bool:
        return self._op is not None

    def follow(self, op: Op, title: str, live: LiveCounts) -> None:
        self._op, self._live, self._title = op, live, title
        self.label.setText(f"{title}: membaca berkas…")
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        op.signals.progressed.connect(self._progressed)
        op.signals.finished.connect(self._finished)
        self.show()

    def _progressed(self, done: int, total: int) -> None:
        live = self._live or LiveCounts()
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        stored = (f"; menyimpan {format_number(live.stored)} dari {format_number(live.valid)}"
                  if live.stored else "")
        self.label.setText(
            f"{self._title}: {format_number(live.read)} baris dibaca, "
            f"{format_number(live.valid)} valid, {format_number(live.errors)} salah, "
            f"{format_number(live.warnings)} peringatan{stored}")

    def _cancel(self) -> None:
        if self._op is not None:
            self._op.cancel_flag.set()
            self.cancel.setEnabled(False)
            self.label.setText(f"{self._title}: membatalkan…")

    def _finished(self) -> None:
        self._op = None
        self.hide()
