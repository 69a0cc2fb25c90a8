"""Headless reconciliation: match the two sources, export any view, print the PPL lists."""
from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from models.cli.master import in_session, progress_line
from models.formatting import format_number
from models.recon.export import export_persons, export_summary
from models.recon.kk_warnings import suspicious_warning
from models.recon.printing import render_online_only
from models.recon.run import ReconReport, run_reconciliation
from models.recon.views import Level
from models.schema.recon import CATEGORY_LABELS, ReconCategory


def cmd_reconcile(args: argparse.Namespace) -> int:
    def work(session: Session) -> tuple[ReconReport, str]:
        report = run_reconciliation(
            session, full=args.penuh,
            progress=None if args.quiet else progress_line("Mencocokkan"))
        return report, suspicious_warning(session)

    report, suspicious = in_session(args, work)
    if not args.quiet:
        print()
    kind = "penuh" if report.full else "hanya yang berubah"
    print(f"Pencocokan {kind} selesai dalam {format_number(report.seconds, 1)} detik: "
          f"{format_number(report.online_rows)} isian online, "
          f"{format_number(report.field_rows)} hasil lapangan, "
          f"{format_number(report.redone)} baris hasil ditulis ulang.")
    for category in ReconCategory:
        count = format_number(report.counts.get(category, 0))
        print(f"  {CATEGORY_LABELS[category]:<16} {count:>12}")
    if suspicious:
        print(suspicious)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    def work(session: Session) -> int:
        if args.tampilan in ("orang", "tinjauan"):
            return export_persons(
                session, args.file, open_only=args.tampilan == "tinjauan",
                category=ReconCategory(args.kategori) if args.kategori else None,
                masked=not args.tanpa_samaran, reason=args.alasan)
        return export_summary(session, args.file, Level(args.tampilan),
                              masked=not args.tanpa_samaran, reason=args.alasan)

    print(f"{format_number(in_session(args, work))} baris ditulis ke {args.file}")
    return 0


def cmd_online_only(args: argparse.Namespace) -> int:
    count = in_session(args, lambda session: render_online_only(session, args.file))
    print(f"Daftar {format_number(count)} orang hanya online ditulis ke {args.file}")
    return 0
