"""Importing SP Online or field results from the Impor page: map, run in the back, report."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.context import IMPORTS, RECON, AppContext
from desktop.dialogs import Dialogs
from desktop.imports.person_dialog import PersonImportDialog
from desktop.imports.progress_strip import ImportProgressPanel
from desktop.tasks import Op, Reads
from models.errors import ImportProblem, KendaliError
from models.persons.fields import FIELDS, TITLES
from models.persons.importing import (
    LiveCounts,
    PersonImportReport,
    import_persons,
    preview_problems,
)
from models.schema.batches import ImportKind
from models.sheets.columns import ColumnMapping
from models.sheets.importing import FilePreview, inspect_file, remember_mapping
from models.sheets.problem_report import write_problem_report

PREVIEW_CHECKED = 20


def run_person_import(parent: QWidget, ctx: AppContext, dialogs: Dialogs, kind: ImportKind,
                      panel: ImportProgressPanel) -> Op | None:
    """Pick a file; read its first rows in the background (calamine loads the whole sheet,
    seconds for a million rows), then map and import. Returns the reading op."""
    title = TITLES[kind]
    if panel.busy:
        dialogs.inform(parent, title, "Impor lain masih berjalan. Tunggu sampai selesai.")
        return None
    path = dialogs.open_file(parent, title)
    if path is None:
        return None
    return (Op(parent, ctx, lambda s, p: inspect_file(path, FIELDS[kind], kind.value),
               write=False, dialogs=dialogs)
            .with_progress(f"Membaca {Path(path).name}…")
            .on_success(lambda preview: _map_and_import(parent, ctx, dialogs, kind, panel,
                                                        Path(path), preview))
            .start())


def _map_and_import(parent: QWidget, ctx: AppContext, dialogs: Dialogs, kind: ImportKind,
                    panel: ImportProgressPanel, path: Path, preview: FilePreview) -> None:
    fields = FIELDS[kind]

    reads = Reads(parent, ctx)

    def problems(shown: FilePreview, mapping: ColumnMapping,
                 deliver: Callable[[list[ImportProblem]], None]) -> None:
        reads.start(lambda s: preview_problems(s, kind, shown.rows, mapping,
                                               limit=PREVIEW_CHECKED, sheet=shown.sheet),
                    deliver, dialogs)

    try:
        dialog = PersonImportDialog(preview, fields,
                                    lambda sheet: inspect_file(path, fields, kind.value, sheet),
                                    TITLES[kind], problems, parent)
        accepted = dialogs.run(dialog)
    except KendaliError as error:
        dialogs.show_error(parent, error)
        return
    finally:
        reads.forget()  # the dialog is closed: a late check has nowhere to go
    if not accepted or panel.busy:
        return
    mapping, sheet, on_error = dialog.mapping, dialog.sheet_name, dialog.on_error
    check_only = dialog.check_only
    if dialog.remember.isChecked():
        remember_mapping(kind.value, mapping)
    live = LiveCounts()
    op = Op(parent, ctx, lambda s, p: import_persons(s, kind, path, mapping, sheet=sheet,
                                                     on_error=on_error, progress=p, live=live,
                                                     check_only=check_only),
            dialogs=dialogs, write=not check_only)
    op.on_success(lambda report: _done(parent, ctx, dialogs, report, path, sheet,
                                       mapping.header_row))
    panel.follow(op, f"{'Memeriksa' if check_only else 'Mengimpor'} {path.name}", live)
    op.start()


def _done(parent: QWidget, ctx: AppContext, dialogs: Dialogs, report: PersonImportReport,
          source: Path, sheet: str, header_row: int) -> None:
    if report.stored:
        ctx.changed(IMPORTS, RECON)
    title = TITLES[report.kind]
    text = report.summary()
    if not report.problems:
        dialogs.inform(parent, title, text)
        return
    if not dialogs.ask(parent, title, f"{text}\n\nSimpan laporan masalah ({len(report.problems)} "
                                      "baris) sebagai xlsx?"):
        return
    target = dialogs.save_file(parent, "Simpan laporan masalah",
                               f"masalah-{source.stem}.xlsx")
    if target is None:
        return
    (Op(parent, ctx, lambda s, p: write_problem_report(target, source, sheet=sheet,
                                                        header_row=header_row,
                                                        problems=report.problems),
        write=False, dialogs=dialogs)
     .with_progress("Menulis laporan masalah…")
     .on_success(lambda count: dialogs.inform(parent, title,
                                              f"Laporan masalah tersimpan: {target}"))
     .start())
