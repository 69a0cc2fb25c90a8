"""From the letter dialog to PDFs: drafts and issued letters rendered off the UI thread, then
shown in the preview."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.context import LETTERS, AppContext
from desktop.dialogs import Dialogs
from desktop.letters.dialog import LetterDialog
from desktop.letters.preview import PdfPreviewDialog
from desktop.tasks import Op, Reads
from models.letters.issue import IssueReport, issue_letters, render_draft
from models.letters.requests import LetterRequest, Recipient, recipients
from models.quality.letter_annex import compose_letters

DRAFT = Path(tempfile.gettempdir()) / "kendali-sensus" / "draf-surat.pdf"


def show_pdf(parent: QWidget, dialogs: Dialogs, path: Path, title: str) -> PdfPreviewDialog:
    preview = PdfPreviewDialog(path, dialogs, title, parent)
    dialogs.run(preview)
    return preview


def open_letter_dialog(parent: QWidget, ctx: AppContext, dialogs: Dialogs,
                       kind: object) -> LetterDialog:
    reads = Reads(parent, ctx)  # only the recipients of the kind chosen last are shown

    def recipients_for(chosen: str, deliver: Callable[[list[Recipient]], None]) -> None:
        reads.start(lambda s: recipients(s, chosen), deliver, dialogs)

    dialog = LetterDialog(getattr(kind, "value", str(kind)), recipients_for, parent)
    dialog.on_draft = lambda request, _one: draft(dialog, ctx, dialogs, request)
    dialog.on_issue = lambda request, one: issue(dialog, ctx, dialogs, request, one)
    dialogs.run(dialog)
    reads.forget()  # the dialog is closed: a late answer has nowhere to go
    return dialog


def draft(parent: QWidget, ctx: AppContext, dialogs: Dialogs, request: LetterRequest) -> Op:
    return (Op(parent, ctx, lambda s, _p: render_draft(s, compose_letters(s, request),
                                                       request.day, DRAFT),
               write=False, dialogs=dialogs)
            .with_progress("Menyusun draf surat…")
            .on_success(lambda path: show_pdf(parent, dialogs, path, "Draf surat (belum "
                                                                     "bernomor)"))
            .start())


def issue(parent: QWidget, ctx: AppContext, dialogs: Dialogs, request: LetterRequest,
          one_file: bool) -> Op | None:
    if one_file:
        target = dialogs.save_file(parent, "Simpan surat sebagai", "Surat.pdf", "PDF (*.pdf)")
    else:
        target = dialogs.choose_folder(parent, "Simpan surat ke folder")
    if target is None:
        return None
    if one_file and target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    by = ctx.username

    def done(report: IssueReport) -> None:
        ctx.changed(LETTERS)
        first, last = report.letters[0].number, report.letters[-1].number
        span = first if len(report.letters) == 1 else f"{first} s.d. {last}"
        dialogs.inform(parent, "Surat diterbitkan",
                       f"{len(report.letters)} surat ({span}) disimpan dan dicatat di register "
                       "surat.")
        show_pdf(parent, dialogs, report.files[0], report.files[0].name)

    return (Op(parent, ctx, lambda s, p: issue_letters(s, compose_letters(s, request), target, by,
                                                       day=request.day, one_file=one_file,
                                                       progress=p), dialogs=dialogs)
            .with_progress("Menerbitkan surat…")
            .on_success(done)
            # a batch whose files could not be moved after its commit is in the register
            .on_failure(lambda _error: ctx.changed(LETTERS))
            .start())
