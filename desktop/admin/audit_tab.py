"""Log audit: who changed what and when, filtered; read-only, and checked against its chain."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.admin.tables import AuditTableModel
from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.qt_texts import DATE_FORMAT
from desktop.tasks import Op, Reads
from desktop.widgets import fit_columns, make_table
from models.audit.export import export_audit
from models.audit.queries import (
    SHOWN,
    AuditChoices,
    AuditFilter,
    AuditLine,
    audit_choices,
    audit_lines,
)
from models.audit.verify import ChainReport, verify_chain
from models.formatting import format_date, format_number

ALL = "(semua)"
DAYS_SHOWN = 30


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, dialogs: Dialogs) -> None:
        super().__init__()
        self.ctx, self.dialogs = ctx, dialogs
        self.reads = Reads(self, ctx)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.user = QComboBox()
        self.entity = QComboBox()
        self.action = QComboBox()
        self.first_day = QDateEdit(QDate.currentDate().addDays(-DAYS_SHOWN))
        self.last_day = QDateEdit(QDate.currentDate())
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.dateChanged.connect(self.load_lines)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Cari di ID atau nilai…")
        self.text.setMinimumWidth(180)
        self.text.returnPressed.connect(self.load_lines)
        for label, widget in (("Pengguna", self.user), ("Data", self.entity),
                              ("Tindakan", self.action), ("Dari", self.first_day),
                              ("s.d.", self.last_day)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        self.export_button = QPushButton("Ekspor ke Excel…")
        self.export_button.setToolTip("Semua entri yang tersaring ke xlsx (Ctrl+E)")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.export)
        self.check_button = QPushButton("Periksa keutuhan")
        self.check_button.setToolTip("Hitung ulang sidik SHA-256 setiap entri: entri yang "
                                     "diubah atau dihapus di luar aplikasi disebutkan")
        self.check_button.clicked.connect(self.check_chain)
        layout.addLayout(bar)
        for combo in (self.user, self.entity, self.action):
            combo.activated.connect(lambda _: self.load_lines())
        # The buttons sit under the filters: at 1366 px one row leaves the search box no room.
        below = QHBoxLayout()
        self.count = QLabel()
        below.addWidget(self.count, 1)
        below.addWidget(self.export_button)
        below.addWidget(self.check_button)
        layout.addLayout(below)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = AuditTableModel(self)
        self.view, _ = make_table(self.model, self)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Pilih satu entri untuk melihat nilai sebelum dan "
                                       "sesudahnya.")
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([400, 140])
        layout.addWidget(split, 1)

    def load(self) -> None:
        self.reads.start(audit_choices, self._fill_choices, self.dialogs, slot="choices")

    def _fill_choices(self, choices: AuditChoices) -> None:
        for combo, values in ((self.user, choices.usernames), (self.entity, choices.entities),
                              (self.action, choices.actions)):
            chosen = combo.currentText()
            combo.clear()
            combo.addItems([ALL, *values])
            combo.setCurrentText(chosen if chosen in values else ALL)
        self.load_lines()

    def wanted(self) -> AuditFilter:
        def chosen(combo: QComboBox) -> str | None:
            return None if combo.currentText() in ("", ALL) else combo.currentText()

        return AuditFilter(chosen(self.user), chosen(self.entity), chosen(self.action),
                           self.first_day.date().toPython(), self.last_day.date().toPython(),
                           self.text.text())

    def load_lines(self) -> None:
        wanted = self.wanted()
        self.reads.start(lambda s: audit_lines(s, wanted), self._show_lines, self.dialogs)

    def _show_lines(self, lines: list[AuditLine]) -> None:
        self.model.set_rows(lines)
        fit_columns(self.view, 260)
        more = f" (hanya {format_number(SHOWN)} terbaru)" if len(lines) >= SHOWN else ""
        self.count.setText(f"{format_number(len(lines))} entri{more}")
        self.detail.clear()

    def export(self) -> None:
        wanted = self.wanted()
        target = self.dialogs.save_file(self, "Ekspor log audit",
                                        f"log-audit-{date.today():%Y%m%d}.xlsx")
        if target is None:
            return

        def work(session: Session, progress: Any) -> int:
            return export_audit(session, wanted, target, progress)

        def done(count: int) -> None:
            self.dialogs.inform(self, "Ekspor selesai",
                                f"{format_number(count)} entri log audit ditulis ke {target}.")
            self.load()  # the export is itself an entry

        Op(self, self.ctx, work, dialogs=self.dialogs).with_progress(
            "Mengekspor log audit…").on_success(done).start()

    def check_chain(self) -> None:
        """Read-only, so off the write worker; the verdict names the first bad entry."""
        self.check_button.setEnabled(False)

        def work(session: Session, progress: Any) -> ChainReport:
            return verify_chain(session, progress=progress)

        def done(report: ChainReport) -> None:
            self.check_button.setEnabled(True)
            if report.ok:
                self.dialogs.inform(self, "Keutuhan log audit", report.message)
            else:
                self.dialogs.error(self, "Log audit tidak utuh", report.message)

        Op(self, self.ctx, work, write=False, dialogs=self.dialogs).with_progress(
            "Memeriksa keutuhan log audit…").on_success(done).on_failure(
            lambda _: self.check_button.setEnabled(True)).start()

    def _show_detail(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        proxy = self.view.model()
        line = self.model.row_at(proxy.mapToSource(index).row())  # type: ignore[attr-defined]
        parts = [f"{format_date(line.at)} {line.at:%H.%M.%S}  {line.username}  {line.action} "
                 f"{line.entity} {line.entity_id}"]
        for title, values in (("Sebelum", line.before), ("Sesudah", line.after)):
            if values:
                parts.append(f"{title}:\n{json.dumps(values, ensure_ascii=False, indent=2)}")
        self.detail.setPlainText("\n\n".join(parts))
