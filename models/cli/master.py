"""Headless commands for areas, officers and assignment (the Penugasan page's work)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import acting_username
from models.areas import importing as wilayah_import
from models.assignment.assign import assign
from models.assignment.autobalance import propose
from models.assignment.export import export_assignments
from models.cli.login import open_signed_in
from models.errors import KendaliError
from models.formatting import format_number
from models.letters.surat_tugas import issue_surat_tugas
from models.officers import importing as officer_import
from models.schema.areas import Kecamatan
from models.schema.officers import Officer, OfficerRole, OfficerStatus
from models.sheets.columns import FieldSpec, normalize
from models.sheets.importing import FilePreview, ImportRefused, inspect_file
from models.work import ProgressCallback

T = TypeVar("T")


class CommandError(KendaliError):
    """A headless command given options it cannot use."""


def progress_line(label: str, quiet: bool = False, stream: TextIO | None = None
                  ) -> ProgressCallback:
    """A progress callback that rewrites one line: 'label… 42 %' (or rows read so far)."""
    def report(done: int, total: int) -> bool:
        if not quiet:
            shown = f"{100 * done // total:3d} %" if total > 0 else f"{format_number(done)} baris"
            print(f"\r{label}… {shown}", end="", file=stream or sys.stderr, flush=True)
        return True

    return report


def _apply_columns(preview: FilePreview, pairs: list[str], fields: list[FieldSpec]) -> None:
    keys = {f.key for f in fields}
    headers = [normalize(h) for h in preview.mapping.headers]
    for pair in pairs:
        key, _, header = pair.partition("=")
        if key not in keys:
            raise CommandError(f"Isian '{key}' tidak dikenal. Pilihan: {', '.join(sorted(keys))}.")
        if normalize(header) not in headers:
            raise CommandError(f"Kolom '{header}' tidak ada di baris judul "
                               f"({', '.join(preview.mapping.headers)}).")
        preview.mapping.columns[key] = headers.index(normalize(header))


def file_preview(args: argparse.Namespace, fields: list[FieldSpec], kind: str) -> FilePreview:
    """The file's sheet and mapping as guessed, corrected by --kolom; every required field."""
    preview = inspect_file(args.file, fields, kind, args.sheet)
    _apply_columns(preview, args.kolom, fields)
    missing = [f for f in fields if f.required and f.key not in preview.mapping.columns]
    if missing:
        wanted = ", ".join(f"{f.key} ({f.label})" for f in missing)
        raise CommandError(f"Kolom wajib tidak dikenali di {args.file.name}, lembar "
                           f"{preview.sheet}: {wanted}. Beri --kolom ISIAN=JUDUL.")
    return preview


def import_file(args: argparse.Namespace, fields: list[FieldSpec], kind: str,
            run: Callable[..., Any], *, label: str) -> int:
    """A master-style import: every wrong row listed, nothing stored unless all are right."""
    preview = file_preview(args, fields, kind)
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            report = run(session, args.file, preview.mapping, sheet=preview.sheet,
                         progress=progress_line(label))
    except ImportRefused as refused:
        print(file=sys.stderr)
        for error in refused.errors:
            print(f"• {error}", file=sys.stderr)
        raise
    finally:
        db.dispose()
    print(file=sys.stderr)
    print(report.summary())
    return 0


def _kecamatan_id(session, code: str | None) -> int | None:  # type: ignore[no-untyped-def]
    if code is None:
        return None
    found = session.scalar(select(Kecamatan.id).where(Kecamatan.bps_code == code))
    if found is None:
        raise CommandError(f"Kecamatan dengan kode {code} tidak ada.")
    return found


def cmd_import_wilayah(args: argparse.Namespace) -> int:
    return import_file(args, wilayah_import.FIELDS, wilayah_import.KIND,
                       wilayah_import.import_wilayah, label="Mengimpor wilayah")


def cmd_import_petugas(args: argparse.Namespace) -> int:
    return import_file(args, officer_import.FIELDS, officer_import.KIND,
                       officer_import.import_petugas, label="Mengimpor petugas")


def cmd_assign(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            proposal = propose(session, _kecamatan_id(session, args.kecamatan),
                               progress_line("Menyusun usulan"))
            print(file=sys.stderr)
            placed, unplaced = proposal.placed, proposal.unplaced
            print(f"Usulan: {format_number(len(placed))} SLS mendapat PPL, "
                  f"{format_number(len(unplaced))} tidak muat "
                  f"(kapasitas {format_number(proposal.capacity)} KK per PPL).")
            for item in unplaced[:20]:
                print(f"  tidak muat: {item.code} {item.name} "
                      f"({format_number(item.households)} KK)")
            if args.coba or not placed:
                return 0
            targets, versions = proposal.targets()
            assign(session, targets, versions, acting_username(session),
                   reason="penugasan otomatis")
            print(f"Disimpan: {format_number(len(placed))} SLS ditugaskan.")
    finally:
        db.dispose()
    return 0


def in_session(args: argparse.Namespace, work: Callable[[Session], T]) -> T:
    """Run `work` in a session on the database the command line names, then close it."""
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            return work(session)
    finally:
        db.dispose()


def cmd_export(args: argparse.Namespace) -> int:
    rows = in_session(args, lambda session: export_assignments(
        session, args.file, _kecamatan_id(session, args.kecamatan),
        masked=not args.tanpa_samaran, reason=args.alasan))
    print(f"{format_number(rows)} SLS ditulis ke {args.file}")
    return 0


def cmd_surat_tugas(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            if args.nik:
                found = dict(session.execute(select(Officer.nik, Officer.id).where(
                    Officer.nik.in_(args.nik))).all())
                unknown = [n for n in args.nik if n not in found]
                if unknown:
                    raise CommandError(f"Petugas dengan NIK {', '.join(unknown)} tidak ada.")
                ids = [found[n] for n in args.nik]
            else:
                ids = list(session.scalars(select(Officer.id).where(
                    Officer.role == OfficerRole(args.semua),
                    Officer.status == OfficerStatus.AKTIF).order_by(Officer.name)))
            issued = issue_surat_tugas(session, ids, args.folder, acting_username(session),
                                       progress=progress_line("Membuat surat"),
                                       skip_without_areas=args.semua is not None)
    finally:
        db.dispose()
    print(file=sys.stderr)
    for letter in issued:
        print(f"{letter.number}  {letter.officer}  {letter.path}")
    return 0
