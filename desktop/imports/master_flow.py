"""The import flow shared by Wilayah and Petugas: pick a file, map columns, import in the back."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.imports.mapping_dialog import ImportMappingDialog
from desktop.tasks import Op, wait_for
from models.errors import KendaliError
from models.sheets.columns import FieldSpec
from models.sheets.importing import FilePreview, inspect_file, remember_mapping

ImportFn = Callable[..., Any]  # (session, path, mapping, *, sheet, progress, **options) -> report
Reinspect = Callable[[str], FilePreview]
# a mapping dialog with options of its own, and the import's keyword arguments it gives
MakeDialog = Callable[[FilePreview, Reinspect], ImportMappingDialog]
Options = Callable[[Any], dict[str, Any]]


def run_master_import(parent: QWidget, ctx: AppContext, dialogs: Dialogs,
                      fields: list[FieldSpec], kind: str, run: ImportFn, title: str,
                      changed: tuple[str, ...], make_dialog: MakeDialog | None = None,
                      options: Options = lambda _dialog: {}) -> Op | None:
    path = dialogs.open_file(parent, title)
    if path is None:
        return None
    def reinspect(sheet: str) -> FilePreview:
        return inspect_file(path, fields, kind, sheet)

    try:
        # calamine loads the whole sheet even for the preview (a province master: a quarter
        # of a second): read on a pool thread while the window keeps painting
        preview = wait_for(lambda: inspect_file(path, fields, kind))
        dialog = (make_dialog(preview, reinspect) if make_dialog
                  else ImportMappingDialog(preview, fields, reinspect, title, parent))
    except KendaliError as error:
        dialogs.show_error(parent, error)
        return None
    if not dialogs.run(dialog):
        return None
    mapping, sheet, extra = dialog.mapping, dialog.sheet_name, options(dialog)
    if dialog.remember.isChecked():
        remember_mapping(kind, mapping)
    return (Op(parent, ctx,
               lambda s, p: run(s, Path(path), mapping, sheet=sheet, progress=p, **extra),
               dialogs=dialogs)
            .with_progress(f"Mengimpor {path.name}…")
            .on_success(lambda report: _done(ctx, dialogs, parent, title, report, changed))
            .start())


def _done(ctx: AppContext, dialogs: Dialogs, parent: QWidget, title: str, report: Any,
          changed: tuple[str, ...]) -> None:
    ctx.changed(*changed)
    dialogs.inform(parent, title, f"Impor selesai. {report.summary()}")
