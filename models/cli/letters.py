"""Headless letters and ASN lists: `kendali-sensus surat …` and `import-asn`."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from sqlalchemy.orm import Session

from models.access import acting_username
from models.asn import importing as asn_import
from models.cli.master import import_file, in_session, progress_line
from models.cli.parser import LETTER_KINDS
from models.formatting import format_number
from models.letters.issue import IssueReport, issue_letters, render_draft
from models.letters.progress import AreaScope
from models.letters.requests import OPD, LetterRequest, compose

# the parser's LETTER_KINDS, in its order
KINDS = dict(zip(LETTER_KINDS, (AreaScope.KOTA.value, AreaScope.KECAMATAN.value,
                                AreaScope.KELURAHAN.value, OPD), strict=True))


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
