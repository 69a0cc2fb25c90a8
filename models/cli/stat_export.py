"""Headless export for statisticians: the persons' outcomes as a labelled .dta or .sav."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from models.analysis.stat_export import StatExportReport, export_persons
from models.analysis.stat_formats import FORMAT_LABELS, StatFormat
from models.cli.master import CommandError, in_session, progress_line
from models.formatting import format_number


def chosen_format(file: Path, named: str | None) -> StatFormat:
    """--format, else the file's extension; a file named for neither is refused."""
    if named:
        return StatFormat(named)
    suffix = file.suffix.lower().removeprefix(".")
    if suffix not in {f.value for f in StatFormat}:
        raise CommandError(f"Akhiran {file.name} bukan .dta atau .sav. Beri nama berkas "
                           "dengan akhiran itu, atau pilih --format dta|sav.")
    return StatFormat(suffix)


def cmd_export(args: argparse.Namespace) -> int:
    fmt = chosen_format(args.file, args.format)

    def work(session: Session) -> StatExportReport:
        return export_persons(session, args.file, fmt=fmt, unmasked=args.tanpa_samaran,
                              reason=args.alasan,
                              progress=progress_line("Mengekspor", args.quiet))

    report = in_session(args, work)
    if not args.quiet:
        print(file=sys.stderr)
    numbers = "NIK dan No. KK tersamar" if report.masked else "NIK dan No. KK lengkap"
    print(f"{format_number(report.rows)} baris ditulis ke {args.file} "
          f"({FORMAT_LABELS[fmt]}, {numbers}) dalam {format_number(report.seconds, 1)} detik")
    return 0
