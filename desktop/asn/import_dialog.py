"""The ASN list's mapping dialog: the OPD of a list without one, asked before any list goes."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from desktop.dialogs import Dialogs
from desktop.imports.mapping_dialog import ImportMappingDialog
from desktop.tasks import in_background
from models.asn import importing as asn_import
from models.asn.replacement import ListReplacement, replaced_lists
from models.formatting import format_number
from models.sheets.columns import ColumnMapping
from models.sheets.importing import FilePreview
from models.store.db import Database

TITLE = "Impor daftar ASN"
# (mapping, sheet, OPD named in the dialog) -> the stored lists the import would replace,
# or None when they cannot be counted (then the question is asked without the counts)
CountLists = Callable[[ColumnMapping, str, str | None], list[ListReplacement] | None]
UNCOUNTED = ("Daftar ASN setiap OPD di berkas ini akan diganti dengan isi berkas; jumlahnya "
             "tidak dapat dihitung sekarang. Lanjutkan?")


def replacement_question(lists: list[ListReplacement]) -> str:
    def people(count: int) -> str:
        return f"{format_number(count)} orang"

    if len(lists) == 1:
        [one] = lists
        return (f"Daftar ASN {one.agency} ({people(one.current)}) akan diganti dengan "
                f"{people(one.incoming)} dari berkas ini. Lanjutkan?")
    lines = "\n".join(f"• {x.agency}: {people(x.current)} diganti dengan {people(x.incoming)}"
                      for x in lists)
    return f"Daftar ASN {len(lists)} OPD akan diganti dengan isi berkas ini:\n{lines}\n\nLanjutkan?"


class AsnImportDialog(ImportMappingDialog):
    def __init__(self, preview: FilePreview, reinspect: Callable[[str], FilePreview],
                 agencies: list[str], parent: QWidget | None = None, *,
                 dialogs: Dialogs | None = None, count_lists: CountLists | None = None) -> None:
        super().__init__(preview, asn_import.FIELDS, reinspect, TITLE, parent)
        # The Kepatuhan ASN page opens this dialog; its message boxes and database serve
        # the question unless they are handed in.
        self.dialogs = dialogs or getattr(parent, "dialogs", None) or Dialogs()
        self.count_lists = count_lists or _counter(getattr(getattr(parent, "ctx", None), "db",
                                                           None), preview)
        self.counting = False  # the lists it would replace are being counted
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(agencies)
        # Never a guess: a wrong OPD here would replace that OPD's whole list.
        self.agency.setCurrentIndex(-1)
        self.agency.setEditText("")
        line = self.agency.lineEdit()
        if line is not None:
            line.setPlaceholderText("Ketik atau pilih nama OPD")
        self.agency.setToolTip("Dipakai bila berkas tidak mempunyai kolom OPD. Daftar ASN OPD "
                               "ini diganti dengan isi berkas.")
        self.agency.editTextChanged.connect(lambda _text: self._check())
        form = QFormLayout()
        form.addRow("OPD pemilik daftar (bila tidak ada kolom OPD)", self.agency)
        self.extra.addLayout(form)
        self._check()
        if self.agency.isEnabled():  # the one thing left to do for a list without OPD
            self.agency.setFocus()

    def mapping_changed(self) -> None:
        if not hasattr(self, "agency"):
            return
        without_column = "opd" not in self.mapping.columns
        self.agency.setEnabled(without_column)
        if without_column and not self.agency.currentText().strip():
            self.problem.setText("Kolom OPD tidak dipetakan: ketik atau pilih OPD pemilik "
                                 "daftar ini, atau petakan kolom OPD.")
            self.set_ready(False)

    @property
    def agency_name(self) -> str | None:
        return None if "opd" in self.mapping.columns else self.agency.currentText().strip()

    def accept(self) -> None:
        """Import only once the user agreed to every stored list it replaces. The lists are
        counted in the background (the file is read again, the database asked)."""
        if not self.ok.isEnabled() or self.counting:
            return
        mapping, sheet, agency = self.mapping, self.sheet_name, self.agency_name
        self.counting = True
        self.ok.setEnabled(False)
        in_background(self, lambda: self.count_lists(mapping, sheet, agency), self._counted,
                      self._not_counted)

    def _not_counted(self, error: BaseException) -> None:
        self.counting = False
        self.ok.setEnabled(True)
        self.dialogs.show_error(self, error)

    def _counted(self, lists: list[ListReplacement] | None) -> None:
        self.counting = False
        self.ok.setEnabled(True)
        question = UNCOUNTED if lists is None else replacement_question(lists) if lists else ""
        if question and not self.dialogs.ask(self, TITLE, question):
            return
        super().accept()


def _counter(db: Database | None, preview: FilePreview) -> CountLists:
    def count(mapping: ColumnMapping, sheet: str, agency: str | None
              ) -> list[ListReplacement] | None:
        if db is None:
            return None
        with db.session() as session:
            return replaced_lists(session, preview.path, mapping, sheet=sheet, agency=agency)

    return count
