"""`demo`: the demo city and its accounts loaded into an empty database."""
from __future__ import annotations

import argparse
import sys

from models.cli.login import open_signed_in
from models.cli.master import progress_line
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from models.demo.city import load_demo
from models.formatting import format_number


def cmd_demo(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    with db.session() as session:
        accounts = create_demo_accounts(session)
        summary = load_demo(session, progress_line("Memuat data contoh", args.quiet, sys.stdout))
    if not args.quiet:
        print()
    print(
        f"Data contoh dimuat ke {db.description}: {format_number(summary.kecamatan)} kecamatan, "
        f"{format_number(summary.kelurahan)} kelurahan, {format_number(summary.sls)} SLS, "
        f"{format_number(summary.officers)} petugas dalam {format_number(summary.teams)} tim, "
        f"{format_number(summary.online_persons)} isian online, {format_number(summary.asn)} ASN."
    )
    if accounts:
        print(f"Akun contoh: {', '.join(accounts)}; kata sandi semuanya {DEMO_PASSWORD}.")
    db.dispose()
    return 0
