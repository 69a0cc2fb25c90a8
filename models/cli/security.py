"""`periksa-audit` checks the audit log's hash chain; `siapkan-server` sets up PostgreSQL roles."""
from __future__ import annotations

import argparse
import sys

from models.audit.verify import Anchor, verify_chain
from models.cli.login import open_signed_in
from models.store.server import ServerOptions, setup_server


def cmd_check(args: argparse.Namespace) -> int:
    anchor = Anchor.parse(args.jangkar) if args.jangkar else None
    db, _ = open_signed_in(args)
    try:
        with db.session() as session:
            report = verify_chain(session, anchor)
    finally:
        db.dispose()
    print(report.message, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_setup(args: argparse.Namespace) -> int:
    options = ServerOptions(args.database, args.skema, args.awalan, args.sandi_baru)
    report = setup_server(args.admin_url, options)
    for item in report.created:
        print(f"Dibuat: {item}")
    moved = (f"diperbarui dari {report.from_revision or 'kosong'} ke {report.to_revision}"
             if report.from_revision != report.to_revision else f"sudah {report.to_revision}")
    print(f"Skema {report.database}.{report.schema} milik {report.owner}, {moved}.")
    print(f"Hak peran {report.app} diterapkan: log audit hanya SELECT dan INSERT, hash kata "
          "sandi tidak dapat dibaca.")
    if report.password_set:
        print("Alamat untuk PC kantor (simpan; kata sandinya tidak ditampilkan lagi):")
    else:
        print(f"Alamat untuk PC kantor (kata sandi {report.app} tidak diubah; beri --sandi-baru "
              "untuk membuat yang baru):")
    print(f"  {report.app_url}")
    print("Jalankan perintah ini lagi setelah setiap pembaruan aplikasi: skema diperbarui "
          "sebagai pemilik dan haknya diterapkan ulang.")
    return 0
