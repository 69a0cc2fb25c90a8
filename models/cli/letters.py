"""Headless letters and ASN lists: `kendali-sensus surat …` and `import-asn`."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models.access import acting_username
from models.asn import importing as asn_import
from models.cli.master import add_file_arguments, import_file, in_session, progress_line
from models.formatting import format_number
from models.letters.issue import IssueReport, issue_letters, render_draft
from models.letters.progress import AreaScope
from models.letters.requests import OPD, LetterRequest, compose

KINDS = {"progres-kota": AreaScope.KOTA.value, "progres-kecamatan": AreaScope.KECAMATAN.value,
         "progres-kelurahan": AreaScope.KELURAHAN.value, "opd": OPD}


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    asn = sub.add_parser("import-asn", help="mengimpor daftar ASN per OPD dari xlsx/xls/ods/csv "
                                            "(mengganti daftar OPD itu)")
    add_file_arguments(asn)
    asn.add_argument("--opd", metavar="NAMA", help="nama OPD pemilik daftar, bila berkas tidak "
                                                   "mempunyai kolom OPD")
    letters = sub.add_parser("surat", help="menerbitkan surat progres atau surat kepatuhan ASN")
    letters.add_argument("jenis", choices=list(KINDS),
                         help="progres-kota (Wali Kota/Bupati), progres-kecamatan (tiap camat), "
                              "progres-kelurahan (tiap lurah/kepala desa), opd (tiap kepala OPD)")
    letters.add_argument("tujuan", type=Path, metavar="TUJUAN",
                         help="berkas PDF, atau folder bila --per-berkas")
    letters.add_argument("--kode", action="append", metavar="KODE",
                         help="hanya wilayah (kode BPS) atau OPD (kode OPD) ini; boleh ulang")
    letters.add_argument("--per-berkas", action="store_true",
                         help="satu berkas PDF per surat di folder TUJUAN (bawaan: satu PDF)")
    letters.add_argument("--tanggal", type=date.fromisoformat, metavar="TTTT-BB-HH",
                         help="tanggal surat (bawaan: hari ini)")
    letters.add_argument("--draf", action="store_true",
                         help="hanya pratinjau: tanpa nomor dan tanpa mencatat di register")


def _request(args: argparse.Namespace, day: date) -> LetterRequest:
    return LetterRequest(KINDS[args.jenis], args.kode, day)


def cmd_import_asn(args: argparse.Namespace) -> int:
    return import_file(
        args, asn_import.FIELDS, asn_import.KIND,
        lambda s, path, mapping, *, sheet, progress: asn_import.import_asn(
            s, path, mapping, sheet=sheet, progress=progress, agency=args.opd),
        label="Mengimpor ASN")


def cmd_surat(args: argparse.Namespace) -> int:
    day = args.tanggal or date.today()
    if args.draf:
        target = args.tujuan
        in_session(args, lambda s: render_draft(s, compose(s, _request(args, day)), day,
                                                target))
        print(f"Draf surat ditulis ke {target} (belum bernomor, tidak dicatat).")
        return 0

    def work(session: Session) -> IssueReport:
        contents = compose(session, _request(args, day))
        return issue_letters(session, contents, args.tujuan, acting_username(session), day=day,
                             one_file=not args.per_berkas,
                             progress=progress_line("Membuat surat"))

    report = in_session(args, work)
    print(file=sys.stderr)
    for letter in report.letters:
        print(f"{letter.number}  {letter.recipient}  {letter.path}")
    print(f"{len(report.letters)} surat diterbitkan dalam {format_number(report.seconds, 2)} detik "
          "dan dicatat di register surat.")
    return 0


COMMANDS = {"import-asn": cmd_import_asn, "surat": cmd_surat}
