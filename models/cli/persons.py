"""Headless commands for the Impor page's work: SP Online, field results, recaps, rollback."""
from __future__ import annotations

import argparse
import sys

from models.cli.login import open_signed_in
from models.cli.master import file_preview, import_file, progress_line
from models.formatting import format_number
from models.persons import recap as sls_recap
from models.persons.fields import FIELDS
from models.persons.importing import LiveCounts, OnError, PersonImportReport, import_persons
from models.persons.rollback import rollback_batch
from models.schema.batches import ImportKind
from models.sheets.problem_report import write_problem_report

SHOWN_PROBLEMS = 20


def _live_line(label: str, live: LiveCounts):  # type: ignore[no-untyped-def]
    line = progress_line(label)

    def report(done: int, total: int) -> bool:
        line(done, total)
        stored = f", {format_number(live.stored)} tersimpan" if live.stored else ""
        print(f"  ({format_number(live.read)} dibaca, {format_number(live.valid)} valid, "
              f"{format_number(live.errors)} salah{stored})", end="",
              file=sys.stderr, flush=True)
        return True

    return report


def _persons(args: argparse.Namespace, kind: ImportKind) -> int:
    preview = file_preview(args, FIELDS[kind], kind.value)
    live = LiveCounts()
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            report = import_persons(
                session, kind, args.file, preview.mapping, sheet=preview.sheet,
                on_error=OnError.VALID_ONLY if args.valid_saja else OnError.NOTHING,
                progress=_live_line(f"Memeriksa {args.file.name}" if args.periksa
                           else f"Mengimpor {args.file.name}", live), live=live,
                check_only=args.periksa)
    finally:
        db.dispose()
    print(file=sys.stderr)
    _show(report)
    if args.laporan and report.problems:
        count = write_problem_report(args.laporan, args.file, sheet=preview.sheet,
                                     header_row=preview.mapping.header_row,
                                     problems=report.problems)
        print(f"Laporan masalah ({format_number(count)} baris): {args.laporan}")
    if report.stored:
        print(f"Batch #{report.batch_id}: {report.summary()}")
        return 0
    print(report.summary())
    return 1 if args.periksa and report.errors else (0 if args.periksa else 2)


def _show(report: PersonImportReport) -> None:
    for problem in sorted(report.problems, key=lambda p: (not p.error, p.row))[:SHOWN_PROBLEMS]:
        kind = "salah" if problem.error else "peringatan"
        print(f"• {report.file_name}, lembar {report.sheet}, baris {problem.row}, kolom "
              f"{problem.column} ({kind}): {problem.reason}", file=sys.stderr)
    if len(report.problems) > SHOWN_PROBLEMS:
        print(f"… dan {format_number(len(report.problems) - SHOWN_PROBLEMS)} masalah lain "
              "(pakai --laporan).",
              file=sys.stderr)


def cmd_import_online(args: argparse.Namespace) -> int:
    return _persons(args, ImportKind.ONLINE)


def cmd_import_lapangan(args: argparse.Namespace) -> int:
    return _persons(args, ImportKind.LAPANGAN)


def cmd_import_rekap(args: argparse.Namespace) -> int:
    return import_file(args, sls_recap.FIELDS, sls_recap.KIND, sls_recap.import_recap,
                       label="Mengimpor rekap")


def cmd_rollback(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            result = rollback_batch(session, args.batch)
    finally:
        db.dispose()
    print(f"Batch #{result.batch_id} dibatalkan: {format_number(result.removed)} baris dihapus, "
          f"{format_number(result.restored)} versi lama berlaku lagi.")
    return 0
