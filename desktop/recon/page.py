"""Rekonsiliasi: run the matching, read summaries per level, drill down, decide the queue."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.context import AREAS, ASSIGNMENTS, IMPORTS, LINKAGE, RECON, AppContext
from desktop.dialogs import Dialogs
from desktop.nik_choice import ask_nik_choice
from desktop.page import Page
from desktop.recon.case import describe
from desktop.recon.households import TITLE as LINKS_TITLE
from desktop.recon.households import HouseholdLinksTab
from desktop.recon.merge_dialog import MergeDialog
from desktop.recon.tables import ReconPersonTableModel, ReconSummaryTableModel
from desktop.tasks import Op
from desktop.widgets import allow, fit_columns, make_table, page_layout
from models.access import Permission
from models.formatting import format_datetime, format_number
from models.recon.export import export_household_links, export_persons, export_summary
from models.recon.kk_warnings import suspicious_warning
from models.recon.linkage.bands import Bands, load_bands
from models.recon.printing import render_online_only
from models.recon.review import ALLOWED, action_label, resolve, revoke
from models.recon.run import ReconReport, last_run, pending_batches, run_reconciliation
from models.recon.views import (
    LEVEL_LABELS,
    OUTSIDE,
    Level,
    LinkedHousehold,
    PersonLine,
    SummaryRow,
    count_persons,
    household_links,
    persons,
    review_queue,
    summary,
)
from models.schema.base import to_local
from models.schema.recon import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    REVIEWED,
    ReconCategory,
    ResolutionAction,
)

SHOWN = 2_000  # persons listed under a summary row; the export has them all
QUEUE = 5_000
LINKS = 5_000  # households whose No. KK changed, listed in their tab
SUMMARY_TAB, REVIEW_TAB, LINKS_TAB = range(3)


@dataclass(frozen=True)
class _Loaded:
    rows: list[SummaryRow]
    queue: list[PersonLine]
    status: str
    suspicious: str  # the No. KK shared by more persons than a family card lists, or ''
    bands: Bands  # the score bands the description of a scored case quotes
    links: list[LinkedHousehold]
    more_links: bool  # more than LINKS: the list is cut


class RekonsiliasiPage(Page):
    key = "rekonsiliasi"
    title = "Rekonsiliasi"
    watches = frozenset({IMPORTS, RECON, AREAS, ASSIGNMENTS, LINKAGE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.decided: list[int] = []  # outcome rows decided here, newest last (Ctrl+Z)
        self.bands = Bands()  # read with the queue
        layout = page_layout(self, "Rekonsiliasi SP Online dan lapangan",
                             "Setiap orang dari kedua sumber masuk tepat satu kategori. Pilih "
                             "baris ringkasan untuk melihat orangnya; putuskan beda, ganda, "
                             "pindah dan mungkin sama di tab Tinjauan.")
        bar = QHBoxLayout()
        self.run_button = QPushButton("Cocokkan")
        self.run_button.setToolTip("Cocokkan yang berubah sejak pencocokan terakhir (Ctrl+R)")
        self.run_button.setShortcut(QKeySequence("Ctrl+R"))
        self.run_button.clicked.connect(lambda: self.reconcile(full=False))
        self.full_button = QPushButton("Cocokkan ulang semua")
        self.full_button.clicked.connect(lambda: self.reconcile(full=True))
        self.export_button = QPushButton("Ekspor tampilan…")
        self.export_button.setToolTip("Ekspor tabel yang sedang tampil ke xlsx (Ctrl+E)")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.export_view)
        self.print_button = QPushButton("Daftar hanya online per PPL…")
        self.print_button.setToolTip("PDF untuk verifikasi lapangan, satu bagian per PPL (Ctrl+P)")
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.print_button.clicked.connect(self.print_online_only)
        for button in (self.run_button, self.full_button, self.export_button, self.print_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.suspicious = QLabel()  # after a run: No. KK that are no family, named
        self.suspicious.setObjectName("formError")
        self.suspicious.setWordWrap(True)
        self.suspicious.setTextFormat(Qt.TextFormat.PlainText)
        self.suspicious.setToolTip("Anggota No. KK ini dicocokkan hanya lewat NIK. Periksa "
                                   "berkas sumbernya: nomor contoh atau nol yang tersalin.")
        self.suspicious.setVisible(False)
        layout.addWidget(self.suspicious)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._summary_tab(), "Ringkasan")
        self.tabs.addTab(self._review_tab(), "Tinjauan")
        self.links = HouseholdLinksTab(ctx.full_nik)
        self.tabs.addTab(self.links, LINKS_TITLE)
        layout.addWidget(self.tabs, 1)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.activated.connect(self.undo_last)
        allow(ctx, Permission.RECONCILE, self.run_button, self.full_button)
        allow(ctx, Permission.RESOLVE, self.reason, *self.action_buttons.values(),
              self.undo_button, undo)

    # -- layout ------------------------------------------------------------------------
    def _summary_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        choices = QHBoxLayout()
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(f"Per {LEVEL_LABELS[level]}", level)
        self.level.currentIndexChanged.connect(self._level_changed)
        self.category = QComboBox()
        self.category.addItem("Semua kategori", None)
        for category in ReconCategory:
            self.category.addItem(CATEGORY_LABELS[category], category)
        self.category.currentIndexChanged.connect(self._show_persons)
        choices.addWidget(QLabel("Tingkat:"))
        choices.addWidget(self.level)
        choices.addSpacing(16)
        choices.addWidget(QLabel("Orang:"))
        choices.addWidget(self.category)
        choices.addStretch(1)
        layout.addLayout(choices)
        split = QSplitter(Qt.Orientation.Vertical)
        self.summary_model = ReconSummaryTableModel(self)
        self.summary_view, self.summary_proxy = make_table(self.summary_model, split)
        self.summary_view.selectionModel().currentRowChanged.connect(self._show_persons)
        split.addWidget(self.summary_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.persons_note = QLabel("Pilih satu baris ringkasan untuk melihat orangnya.")
        self.person_model = ReconPersonTableModel(self)
        self.person_view, _ = make_table(self.person_model, lower)
        fit_columns(self.person_view)  # empty until a row is chosen: headers readable
        lower_layout.addWidget(self.persons_note)
        lower_layout.addWidget(self.person_view, 1)
        split.addWidget(lower)
        layout.addWidget(split, 1)
        return tab

    def _review_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        choices = QHBoxLayout()
        self.queue_category = QComboBox()
        self.queue_category.addItem("Semua kasus", None)
        for category in REVIEWED:
            self.queue_category.addItem(CATEGORY_LABELS[category], category)
        self.queue_category.setToolTip("Tampilkan satu jenis kasus saja")
        self.queue_category.currentIndexChanged.connect(lambda _i: self.load())
        choices.addWidget(QLabel("Kasus:"))
        choices.addWidget(self.queue_category)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.queue_model = ReconPersonTableModel(self)
        self.queue_view, self.queue_proxy = make_table(self.queue_model, tab)
        self.queue_view.selectionModel().currentRowChanged.connect(self._show_case)
        layout.addWidget(self.queue_view, 1)
        self.case = QLabel("Pilih satu data di atas.")
        self.case.setWordWrap(True)
        self.case.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.case)
        decide = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Alasan keputusan (wajib, masuk log audit)")
        decide.addWidget(self.reason, 1)
        self.action_buttons: dict[ResolutionAction, QPushButton] = {}
        for action in ResolutionAction:
            button = QPushButton(ACTION_LABELS[action])
            button.clicked.connect(lambda _=False, a=action: self.decide(a))
            button.setEnabled(False)
            self.action_buttons[action] = button
            decide.addWidget(button)
        self.undo_button = QPushButton("Batalkan keputusan")
        self.undo_button.setToolTip("Batalkan keputusan terakhir dari halaman ini (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_last)
        self.undo_button.setEnabled(False)
        decide.addWidget(self.undo_button)
        layout.addLayout(decide)
        return tab

    # -- loading -----------------------------------------------------------------------
    def current_level(self) -> Level:
        return self.level.currentData()

    def load(self) -> None:
        level = self.current_level()
        kind = self.queue_category.currentData()

        def read(session: Session) -> _Loaded:
            links = household_links(session, limit=LINKS + 1)
            return _Loaded(summary(session, level), review_queue(session, QUEUE, kind),
                           _status(session), suspicious_warning(session), load_bands(session),
                           links[:LINKS], len(links) > LINKS)

        self.read(read, self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self.bands = loaded.bands
        self.summary_model.set_rows(loaded.rows)
        self.queue_model.set_rows(loaded.queue)
        self.links.show_links(loaded.links, more=loaded.more_links)
        self.status.setText(loaded.status)
        self.suspicious.setText(loaded.suspicious)
        self.suspicious.setVisible(bool(loaded.suspicious))
        self.tabs.setTabText(REVIEW_TAB, f"Tinjauan ({format_number(len(loaded.queue))})")
        links = format_number(len(loaded.links)) + ("+" if loaded.more_links else "")
        self.tabs.setTabText(LINKS_TAB, f"{LINKS_TITLE} ({links})")
        fit_columns(self.summary_view)
        fit_columns(self.queue_view)
        self._show_case()

    def _level_changed(self) -> None:
        self.summary_model.set_level(self.current_level())
        self.person_model.set_rows([])
        self.load()

    def selected_summary(self) -> SummaryRow | None:
        index = self.summary_view.currentIndex()
        if not index.isValid():
            return None
        return self.summary_model.row_at(self.summary_proxy.mapToSource(index).row())

    def _show_persons(self) -> None:
        row = self.selected_summary()
        if row is None:
            return
        category = self.category.currentData()
        outside = row.key == OUTSIDE

        def read(session: Session) -> tuple[list[PersonLine], int]:
            return (persons(session, sls_ids=row.sls_ids, outside=outside, category=category,
                            limit=SHOWN),
                    count_persons(session, sls_ids=row.sls_ids, outside=outside,
                                  category=category))

        def shown(result: tuple[list[PersonLine], int]) -> None:
            lines, total = result
            self.person_model.set_rows(lines)
            fit_columns(self.person_view)
            more = (f" (ditampilkan {format_number(len(lines))}; ekspor untuk semuanya)"
                    if total > len(lines) else "")
            self.persons_note.setText(f"{row.name}: {format_number(total)} orang{more}.")

        self.read(read, shown, slot="persons")

    # -- review ------------------------------------------------------------------------
    def selected_case(self) -> PersonLine | None:
        index = self.queue_view.currentIndex()
        if not index.isValid():
            return None
        return self.queue_model.row_at(self.queue_proxy.mapToSource(index).row())

    def _show_case(self) -> None:
        line = self.selected_case()
        allowed = ALLOWED.get(line.category, ()) if line else ()
        for action, button in self.action_buttons.items():
            button.setVisible(line is None or action in allowed)
            button.setEnabled(action in allowed)
            # "Gabungkan" of a mungkin case says what it means: the two are one person
            button.setText(action_label(line.category, action) if line else ACTION_LABELS[action])
        self.undo_button.setEnabled(bool(self.decided))
        if line is None:
            self.case.setText("Pilih satu data di atas.")
            return
        self.case.setText(describe(line, self.ctx.full_nik, self.bands))

    def decide(self, action: ResolutionAction) -> None:
        line = self.selected_case()
        if line is None:
            return
        choices = None
        if action is ResolutionAction.GABUNG and line.category is ReconCategory.BEDA:
            dialog = MergeDialog(line, self)
            if not self.dialogs.run(dialog):
                return
            choices = dialog.choices()
        reason = self.reason.text()

        def done(_result: object) -> None:
            self.decided.append(line.match_id)
            self.reason.clear()
            self.ctx.changed(RECON)

        Op(self, self.ctx, lambda s, p: resolve(s, line.match_id, action, reason, choices=choices),
           dialogs=self.dialogs).on_success(done).start()

    def undo_last(self) -> None:
        if not self.decided:
            return
        match_id = self.decided.pop()
        Op(self, self.ctx, lambda s, p: revoke(s, match_id), dialogs=self.dialogs).on_success(
            lambda _r: self.ctx.changed(RECON)).start()

    # -- actions -----------------------------------------------------------------------
    def reconcile(self, full: bool) -> Op:
        def finished(report: ReconReport) -> None:
            self.decided.clear()  # their rows were rewritten; decisions stay in the register
            self.ctx.changed(RECON)

        label = "Mencocokkan ulang semua data…" if full else "Mencocokkan data yang berubah…"
        return (Op(self, self.ctx,
                   lambda s, p: run_reconciliation(s, full=full, progress=p),
                   dialogs=self.dialogs)
                .with_progress(label).on_success(finished).start())

    def export_view(self) -> None:
        on_links = self.tabs.currentIndex() == LINKS_TAB
        kind = self.queue_category.currentData()
        on_review = self.tabs.currentIndex() == REVIEW_TAB
        level = self.current_level()
        row = self.selected_summary()
        category = self.category.currentData()
        people = not on_review and self.person_view.hasFocus() and row is not None
        if on_links:
            suggested = "rekonsiliasi-kk-berubah.xlsx"
        elif on_review:
            suggested = "rekonsiliasi-tinjauan.xlsx"
        elif people and row is not None:
            suggested = f"rekonsiliasi-orang-{row.code or 'lain'}.xlsx"
        else:
            suggested = f"rekonsiliasi-per-{level.value}.xlsx"
        target = self.dialogs.save_file(self, "Ekspor hasil rekonsiliasi", suggested)
        if target is None:
            return
        carries_nik = on_links or on_review or people or level is Level.PPL
        nik = ask_nik_choice(self.ctx, self.dialogs, self, "rekonsiliasi") \
            if carries_nik else None
        if carries_nik and nik is None:
            return
        masked, reason = (nik.masked, nik.reason) if nik else (True, "")

        def work(session: Session, progress: object) -> int:
            if on_links:
                return export_household_links(session, target, masked=masked, reason=reason)
            if on_review:
                return export_persons(session, target, open_only=True, category=kind,
                                      masked=masked, reason=reason)
            if people and row is not None:
                return export_persons(session, target, sls_ids=row.sls_ids,
                                      outside=row.key == OUTSIDE, category=category,
                                      masked=masked, reason=reason)
            return export_summary(session, target, level, masked=masked, reason=reason)

        # whole NIK writes an audit entry: through the one writer
        Op(self, self.ctx, work, write=not masked, dialogs=self.dialogs).with_progress(
            "Mengekspor…").on_success(lambda n: self.dialogs.inform(
                self, "Ekspor selesai", f"{format_number(n)} baris ditulis ke {target}.")).start()

    def print_online_only(self) -> None:
        target = self.dialogs.save_file(self, "Simpan daftar hanya online per PPL",
                                        "daftar-hanya-online-per-ppl.pdf", "PDF (*.pdf)")
        if target is None:
            return
        Op(self, self.ctx, lambda s, p: render_online_only(s, target), write=False,
           dialogs=self.dialogs).with_progress("Menyusun daftar…").on_success(
            lambda n: self._printed(target, n)).start()

    def _printed(self, target: Path, count: int) -> None:
        self.dialogs.open_document(target)
        self.status.setText(f"Daftar {format_number(count)} orang hanya online disimpan di "
                            f"{target}.")


def _status(session: Session) -> str:
    run = last_run(session)
    if run is None:
        return "Pencocokan belum pernah dijalankan. Tekan Cocokkan (Ctrl+R)."
    pending = pending_batches(session)
    new, rolled_back = pending or (set(), set())
    kind = "penuh" if run.full else "sebagian"
    text = (f"Pencocokan terakhir ({kind}): {format_datetime(to_local(run.finished_at))} oleh "
            f"{escape(run.run_by)} — {format_number(run.online_rows)} isian online, "
            f"{format_number(run.field_rows)} hasil lapangan.")
    if new or rolled_back:
        text += (f" <b>{len(new) + len(rolled_back)} batch impor berubah sejak itu</b>; "
                 "tekan Cocokkan.")
    return text

