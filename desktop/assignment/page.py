"""Penugasan: give SLS to PPL by selection or drag, auto-balance, undo, history, export."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.assignment.autobalance_dialog import AutoBalanceDialog
from desktop.assignment.commands import (
    AssignCommand,
    KosekaCommand,
    WriteUndoStack,
    undo_buttons,
)
from desktop.assignment.history_dialog import HistoryDialog
from desktop.assignment.load_table import PplLoadTableModel
from desktop.assignment.sls_tree import SlsAssignTreeModel
from desktop.assignment.team_table import TeamTableModel
from desktop.context import AREAS, ASSIGNMENTS, LETTERS, OFFICERS, PROFILE, AppContext
from desktop.dialogs import Dialogs
from desktop.nik_choice import ask_nik_choice
from desktop.page import Page
from desktop.tasks import Op
from desktop.widgets import allow, fit_columns, make_table, page_layout, search_box
from models.access import Permission
from models.areas.edit import current_version
from models.areas.queries import AreaLevel
from models.assignment.assign import AssignmentChange, assign, assignment_history
from models.assignment.autobalance import Proposal, propose
from models.assignment.export import export_assignments
from models.assignment.koseka import koseka_choices, koseka_of
from models.assignment.queries import (
    KecamatanChoice,
    PplLoad,
    SlsAssignRow,
    kecamatan_choices,
    ppl_loads,
    sls_rows,
)
from models.formatting import format_number
from models.letters.surat_tugas import IssuedLetter, issue_surat_tugas
from models.office.profile import get_profile, role_labels
from models.officers.queries import TeamRow, team_rows
from models.schema.officers import OfficerRole

ALL = -1  # combo data for "every kecamatan"


class PenugasanPage(Page):
    key = "penugasan"
    title = "Penugasan"
    watches = frozenset({AREAS, OFFICERS, ASSIGNMENTS, PROFILE})

    def __init__(self, ctx: AppContext, dialogs: Dialogs | None = None) -> None:
        super().__init__(ctx, dialogs)
        self.labels = {r: r.value.upper() for r in OfficerRole}
        self.undo_stack = WriteUndoStack(self, ctx, self.dialogs)
        self.koseka_version = 0
        layout = page_layout(
            self, "Penugasan dan beban kerja",
            "Pilih SLS di kiri (Ctrl/Shift untuk banyak, kelurahan untuk semua SLS-nya), lalu "
            "tekan Tugaskan atau seret ke nama petugas di kanan. Ctrl+Z membatalkan.")
        layout.addLayout(self._filters())
        self.counts = QLabel()
        self.counts.setObjectName("pageHint")
        layout.addWidget(self.counts)

        self.tree_model = SlsAssignTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.tree_model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.ppl_model = PplLoadTableModel(self)
        self.ppl_model.dropped.connect(self._dropped)
        self.ppl_view, self.ppl_proxy = make_table(self.ppl_model, self)
        self.ppl_view.setAcceptDrops(True)
        self.ppl_view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.ppl_view.setDropIndicatorShown(True)
        self.ppl_view.sortByColumn(PplLoadTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.ppl_view.doubleClicked.connect(lambda _: self.assign_selected())
        self.ppl_search = search_box(self.ppl_proxy, self, "Cari petugas… (Ctrl+F)")
        self.team_model = TeamTableModel(self)
        self.team_view, _ = make_table(self.team_model, self)

        ppl_panel = QWidget()
        ppl_layout = QVBoxLayout(ppl_panel)
        ppl_layout.setContentsMargins(0, 4, 0, 0)
        ppl_layout.addWidget(self.ppl_search)
        ppl_layout.addWidget(self.ppl_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(ppl_panel, "Beban petugas")
        self.tabs.addTab(self.team_view, "Tim")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        # about half each: the loads' first columns (name, load, households) stay in view
        splitter.setStretchFactor(0, 6)
        splitter.setStretchFactor(1, 5)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())

    # --- building ------------------------------------------------------------------------
    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Kecamatan:"))
        self.kecamatan = QComboBox()
        self.kecamatan.setMinimumWidth(320)
        self.kecamatan.currentIndexChanged.connect(lambda _: self.load())
        row.addWidget(self.kecamatan)
        self.koseka_label = QLabel("Koseka:")
        row.addWidget(self.koseka_label)
        self.koseka = QComboBox()
        self.koseka.setMinimumWidth(200)
        self.koseka.setEnabled(False)  # until the page's first read says who may change it
        self.koseka.activated.connect(lambda _: self.change_koseka())
        row.addWidget(self.koseka)
        self.only_unassigned = QCheckBox("Hanya yang belum ditugaskan")
        self.only_unassigned.toggled.connect(self._filter_unassigned)
        row.addWidget(self.only_unassigned)
        row.addStretch(1)
        self.undo_action, self.redo_action, buttons = undo_buttons(self.undo_stack, self, row)
        allow(self.ctx, Permission.ASSIGN, *buttons)
        return row

    def _action(self, text: str, slot, shortcut: str | None = None,  # type: ignore[no-untyped-def]
                permission: Permission | None = None) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if permission is not None and not allow(self.ctx, permission, button):
            return button  # hidden, and no shortcut
        if shortcut:
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            button.setToolTip(f"{text} ({shortcut})")
        return button

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.assign_button = self._action("Tugaskan ke petugas terpilih", self.assign_selected,
                                          "Ctrl+Return", Permission.ASSIGN)
        self.unassign_button = self._action("Lepas penugasan", self.unassign_selected, "Delete",
                                            Permission.ASSIGN)
        self.auto_button = self._action("Penugasan otomatis…", self.auto_balance,
                                        permission=Permission.ASSIGN)
        self.history_button = self._action("Riwayat…", self.show_history, "Ctrl+H")
        self.export_button = self._action("Ekspor xlsx…", self.export, "Ctrl+E")
        self.letter_button = self._action("Surat Tugas…", self.surat_tugas,
                                          permission=Permission.ISSUE_LETTERS)
        for button in (self.assign_button, self.unassign_button, self.auto_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.history_button, self.export_button, self.letter_button):
            row.addWidget(button)
        return row

    # --- loading ------------------------------------------------------------------------
    def kecamatan_id(self) -> int | None:
        data = self.kecamatan.currentData()
        return None if data in (None, ALL) else int(data)

    def load(self) -> None:
        current = self.kecamatan.currentData()
        self.read(lambda s: _read_page(s, current), self._show)

    def _show(self, loaded: _Loaded) -> None:
        self.labels = loaded.labels
        self._fill_kecamatan(loaded.choices)
        self._fill_koseka(loaded.koseka_people, loaded.koseka, loaded.koseka_version)
        state = self._remember_state()
        ppl = self.labels[OfficerRole.PPL]
        self.tree_model.ppl_label = ppl
        self.tree_model.set_rows(loaded.rows)
        self.ppl_model.capacity = loaded.capacity
        self.ppl_model.set_rows(loaded.loads)
        self.team_model.capacity_per_ppl = loaded.capacity
        self.team_model.set_labels(self.labels)
        here = next((c.name for c in loaded.choices if c.id == loaded.kecamatan_id), None)
        self.team_model.set_rows([t for t in loaded.teams if here is None or t.kecamatan == here])
        self.tabs.setTabText(0, f"Beban {ppl}")
        self.ppl_search.setPlaceholderText(f"Cari {ppl}… (Ctrl+F)")
        self.assign_button.setText(f"Tugaskan ke {ppl} terpilih")
        self._restore_state(state)
        self._show_counts()
        fit_columns(self.ppl_view)
        fit_columns(self.team_view)
        metrics = self.tree.fontMetrics()
        header = self.tree.header()
        header.resizeSection(0, metrics.horizontalAdvance("Kelayan Selatan Ujung RT 999") + 40)
        header.resizeSection(1, metrics.horizontalAdvance("6371010001000100") + 24)
        header.resizeSection(2, metrics.horizontalAdvance("99.999") + 24)

    def _fill_kecamatan(self, choices: list[KecamatanChoice]) -> None:
        current = self.kecamatan.currentData()
        self.kecamatan.blockSignals(True)
        self.kecamatan.clear()
        for choice in choices:
            waiting = f" — {format_number(choice.unassigned)} belum" if choice.unassigned else ""
            self.kecamatan.addItem(f"{choice.code} {choice.name}{waiting}", choice.id)
        if len(choices) > 1:
            total = sum(c.unassigned for c in choices)
            self.kecamatan.addItem(f"Semua kecamatan — {format_number(total)} belum", ALL)
        found = self.kecamatan.findData(current) if current is not None else -1
        self.kecamatan.setCurrentIndex(max(found, 0))
        self.kecamatan.blockSignals(False)

    def _fill_koseka(self, people: list[tuple[int, str]], current: int | None,
                     version: int) -> None:
        self.koseka_version = version
        self.koseka.blockSignals(True)
        self.koseka.clear()
        self.koseka.addItem("(belum ada)", None)
        for officer_id, name in people:
            self.koseka.addItem(name, officer_id)
        self.koseka.setCurrentIndex(max(self.koseka.findData(current), 0))
        # A viewer sees who coordinates the kecamatan but cannot change it.
        self.koseka.setEnabled(self.kecamatan_id() is not None and self.ctx.can(Permission.ASSIGN))
        self.koseka.blockSignals(False)
        self.koseka_label.setText(f"{self.labels[OfficerRole.KOSEKA]}:")

    def change_koseka(self) -> None:
        kec_id = self.kecamatan_id()
        if kec_id is None or not self.ctx.can(Permission.ASSIGN):
            return
        name = self.koseka.currentText()
        self.undo_stack.push_write(KosekaCommand(
            self.ctx, f"{self.labels[OfficerRole.KOSEKA]} {name}", kec_id,
            self.koseka.currentData(), self.koseka_version))

    def _show_counts(self) -> None:
        rows = self.tree_model.sls_rows()
        waiting = sum(1 for r in rows if r.officer_id is None)
        over = len(self.ppl_model.over_capacity())
        ppl = self.labels[OfficerRole.PPL]

        def alarm(count: int, text: str) -> str:  # red only when something needs doing
            shown = f"{format_number(count)} {text}"
            return f"<span style='color:#b3261e'><b>{shown}</b></span>" if count else shown

        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setText(
            f"{format_number(len(rows))} SLS · {format_number(len(rows) - waiting)} ditugaskan · "
            f"{alarm(waiting, 'belum ditugaskan')} · {format_number(self.ppl_model.rowCount())} "
            f"{ppl} · {alarm(over, 'melebihi kapasitas')} "
            f"({format_number(self.ppl_model.capacity)} ruta)")

    def _remember_state(self) -> tuple[set[int], set[int], int | None]:
        expanded = {kel_id for row, kel_id in enumerate(self.tree_model.kelurahan_ids())
                    if self.tree.isExpanded(self.tree_model.index(row, 0))}
        selected = {s.sls_id for s in self.selected_sls()}
        ppl = self.current_ppl()
        return expanded, selected, ppl.officer_id if ppl else None

    def _restore_state(self, state: tuple[set[int], set[int], int | None]) -> None:
        expanded, selected, ppl_id = state
        for kel_id in expanded:
            self.tree.expand(self.tree_model.kelurahan_index(kel_id))
        selection = self.tree.selectionModel()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for sls_id in selected:
            index = self.tree_model.sls_index(sls_id)
            if index.isValid():
                selection.select(index, flags)
        if ppl_id is not None:
            self.select_ppl(ppl_id)

    def _filter_unassigned(self, only: bool) -> None:
        self.tree_model.set_only_unassigned(only)
        if only:
            self.tree.expandAll()

    # --- what is selected ------------------------------------------------------------------
    def selected_sls(self) -> list[SlsAssignRow]:
        return self.tree_model.sls_under(self.tree.selectionModel().selectedRows())

    def current_ppl(self) -> PplLoad | None:
        index = self.ppl_view.currentIndex()
        if not index.isValid():
            return None
        return self.ppl_model.row_at(self.ppl_proxy.mapToSource(index).row())

    def selected_ppl(self) -> list[PplLoad]:
        rows = {self.ppl_proxy.mapToSource(i).row()
                for i in self.ppl_view.selectionModel().selectedRows()}
        return [self.ppl_model.row_at(r) for r in sorted(rows)]

    def select_ppl(self, officer_id: int) -> None:
        row = self.ppl_model.row_of(officer_id)
        if row >= 0:
            index = self.ppl_proxy.mapFromSource(self.ppl_model.index(row, 0))
            self.ppl_view.setCurrentIndex(index)

    # --- changing ------------------------------------------------------------------------
    def _push(self, text: str, targets: dict[int, int | None], versions: dict[int, int],
              reason: str = "", done: AssignmentChange | None = None) -> None:
        command = AssignCommand(self.ctx, text, targets, versions, reason)
        if done is None:
            self.undo_stack.push_write(command)
        else:
            self.undo_stack.push_done(command, done)

    def assign_to(self, sls: list[SlsAssignRow], ppl: PplLoad) -> None:
        moving = [s for s in sls if s.officer_id != ppl.officer_id]
        if not moving:
            return
        self._push(f"Tugaskan {len(moving)} SLS ke {ppl.name}",
                   dict.fromkeys((s.sls_id for s in moving), ppl.officer_id),
                   {s.sls_id: s.version for s in moving})

    def assign_selected(self) -> None:
        sls, ppl = self.selected_sls(), self.current_ppl()
        name = self.labels[OfficerRole.PPL]
        if not sls or ppl is None:
            self.dialogs.inform(self, "Penugasan", f"Pilih SLS di kiri dan satu {name} di "
                                                   "kanan, atau seret SLS ke nama petugas.")
            return
        self.assign_to(sls, ppl)

    def unassign_selected(self) -> None:
        assigned = [s for s in self.selected_sls() if s.officer_id is not None]
        if assigned:
            self._push(f"Lepas penugasan {len(assigned)} SLS", dict.fromkeys(
                s.sls_id for s in assigned), {s.sls_id: s.version for s in assigned})

    def _dropped(self, sls_ids: list[int], officer_id: int) -> None:
        wanted = set(sls_ids)
        sls = [s for s in self.tree_model.sls_rows() if s.sls_id in wanted]
        row = self.ppl_model.row_of(officer_id)
        if sls and row >= 0:
            self.assign_to(sls, self.ppl_model.row_at(row))

    # --- auto-balance -------------------------------------------------------------------------
    def auto_balance(self) -> Op:
        kec_id = self.kecamatan_id()
        return (Op(self, self.ctx, lambda s, p: propose(s, kec_id, p), write=False,
                   dialogs=self.dialogs)
                .with_progress("Menyusun usulan penugasan…")
                .on_success(self._review_proposal).start())

    def _review_proposal(self, proposal: Proposal) -> None:
        ppl = self.labels[OfficerRole.PPL]
        if not proposal.items:
            self.dialogs.inform(self, "Penugasan otomatis",
                                "Semua SLS di sini sudah ditugaskan; tidak ada yang diusulkan.")
            return
        if not self.dialogs.run(AutoBalanceDialog(proposal, ppl, self)):
            return
        targets, versions = proposal.targets()
        by = self.ctx.username
        (Op(self, self.ctx, lambda s, _p: assign(s, targets, versions, by,
                                                 reason="penugasan otomatis"),
            dialogs=self.dialogs)
         .with_progress("Menyimpan penugasan…")
         .on_success(lambda change: self._applied(len(targets), targets, versions, change))
         .on_failure(lambda _e: self.ctx.changed(ASSIGNMENTS))
         .start())

    def _applied(self, count: int, targets: dict[int, int | None], versions: dict[int, int],
                 change: AssignmentChange) -> None:
        self._push(f"Penugasan otomatis {count} SLS", targets, versions, "penugasan otomatis",
                   done=change)
        self.ctx.changed(ASSIGNMENTS)

    # --- history, export, letters ------------------------------------------------------------
    def show_history(self) -> None:
        sls, ppl = self.selected_sls(), self.current_ppl()
        if len(sls) == 1:
            title = f"Riwayat SLS {sls[0].code} {sls[0].name}"
            sls_id = sls[0].sls_id
            history = lambda s: assignment_history(s, sls_id=sls_id)  # noqa: E731
        elif ppl is not None and not sls:
            title = f"Riwayat {ppl.name}"
            officer_id = ppl.officer_id
            history = lambda s: assignment_history(s, officer_id=officer_id)  # noqa: E731
        else:
            title = "Riwayat penugasan terbaru (500 kejadian)"
            history = assignment_history
        self.read(history, lambda rows: self.dialogs.run(HistoryDialog(title, rows, self)),
                  slot="history")

    def export(self) -> Op | None:
        kec_id = self.kecamatan_id()
        name = "kota" if kec_id is None else self.kecamatan.currentText().split(" — ")[0]
        target = self.dialogs.save_file(self, "Ekspor penugasan", f"Penugasan {name}.xlsx")
        if target is None:
            return None
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        nik = ask_nik_choice(self.ctx, self.dialogs, self, "penugasan")
        if nik is None:
            return None
        return (Op(self, self.ctx, lambda s, p: export_assignments(
                    s, target, kec_id, p, masked=nik.masked, reason=nik.reason),
                   write=not nik.masked, dialogs=self.dialogs)  # whole NIK: an audit entry
                .with_progress("Menulis berkas xlsx…")
                .on_success(lambda count: self.dialogs.inform(
                    self, "Ekspor penugasan",
                    f"{format_number(count)} SLS ditulis ke {target}.")).start())

    def surat_tugas(self) -> Op | None:
        chosen = self.selected_ppl() or ([self.current_ppl()] if self.current_ppl() else [])
        chosen = [p for p in chosen if p is not None and p.sls]
        if not chosen:
            self.dialogs.inform(self, "Surat Tugas", "Pilih petugas yang sudah mempunyai SLS "
                                                     "di tabel kanan (Ctrl+A untuk semua).")
            return None
        folder = self.dialogs.choose_folder(self, "Simpan Surat Tugas ke folder")
        if folder is None:
            return None
        ids, by = [p.officer_id for p in chosen], self.ctx.username
        return (Op(self, self.ctx, lambda s, p: issue_surat_tugas(s, ids, folder, by, progress=p),
                   dialogs=self.dialogs)
                .with_progress("Membuat Surat Tugas…")
                .on_success(lambda issued: self._letters_done(folder, issued)).start())

    def _letters_done(self, folder: Path, issued: list[IssuedLetter]) -> None:
        self.ctx.changed(LETTERS)
        first, last = issued[0].number, issued[-1].number
        span = first if len(issued) == 1 else f"{first} s.d. {last}"
        self.dialogs.inform(self, "Surat Tugas", f"{len(issued)} Surat Tugas ({span}) disimpan "
                                                 f"di {folder} dan dicatat di register surat.")


@dataclass
class _Loaded:
    """Everything the page shows, read in one session."""

    labels: dict[OfficerRole, str]
    capacity: int
    choices: list[KecamatanChoice]
    kecamatan_id: int | None
    rows: list[SlsAssignRow]
    loads: list[PplLoad]
    teams: list[TeamRow]
    koseka: int | None
    koseka_version: int
    koseka_people: list[tuple[int, str]]


def _chosen(choices: list[KecamatanChoice], current: object) -> int | None:
    """The kecamatan the combo will show once filled: the one chosen before if it is still
    there (or every kecamatan), else the first (see PenugasanPage._fill_kecamatan)."""
    items: list[object] = [c.id for c in choices] + ([ALL] if len(choices) > 1 else [])
    data = current if current in items else (items[0] if items else None)
    return None if data in (None, ALL) else int(data)  # type: ignore[call-overload]


def _read_page(session: Session, current: object) -> _Loaded:
    profile = get_profile(session)
    choices = kecamatan_choices(session)
    kec_id = _chosen(choices, current)
    return _Loaded(
        role_labels(profile), profile.ppl_capacity_households, choices, kec_id,
        sls_rows(session, kec_id), ppl_loads(session, kec_id), team_rows(session),
        koseka_of(session, kec_id) if kec_id is not None else None,
        current_version(session, AreaLevel.KECAMATAN, kec_id) if kec_id is not None else 0,
        koseka_choices(session))
