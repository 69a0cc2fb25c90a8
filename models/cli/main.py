"""The headless command line: the same core functions the window uses, without Qt."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from models.cli import account as cli_account
from models.cli import backup as cli_backup
from models.cli import letters as cli_letters
from models.cli import login as cli_login
from models.cli import master as cli_master
from models.cli import persons as cli_persons
from models.cli import recon as cli_recon
from models.cli import reminders as cli_reminders
from models.cli import security as cli_security
from models.cli import stat_export as cli_stat_export
from models.cli.login import open_signed_in
from models.demo.accounts import DEMO_PASSWORD, create_demo_accounts
from models.demo.city import load_demo
from models.errors import KendaliError
from models.formatting import format_number
from models.launch.opening import open_database
from models.store import config
from models.store.errors import database_error
from models.store.info import database_counts

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kendali-sensus",
        description="Kendali Sensus: administrasi sensus penduduk kantor BPS. "
        "Tanpa perintah, jendela aplikasi dibuka.",
    )
    parser.add_argument(
        "--db", metavar="URL",
        help="database yang dipakai: path berkas SQLite atau URL PostgreSQL "
        "(postgresql://pengguna:sandi@server/nama). Diingat untuk pembukaan berikutnya.",
    )
    parser.add_argument(
        "--demo", action="store_true",
        help="buka jendela dengan database contoh yang baru (tidak mengubah database kantor)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="tampilkan log rinci")
    parser.add_argument(
        "--self-test", action="store_true",
        help="uji mandiri pemasangan: buka database (berkas sementara, atau --db), perbarui "
        "skema, bangun jendela, buat dan cetak surat, lalu keluar (kode 0 bila berhasil)",
    )
    cli_login.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    sub.add_parser("init-db", help="membuat atau memperbarui skema database")
    demo = sub.add_parser("demo", help="memuat data contoh Kota Banjarmasin ke database kosong")
    demo.add_argument("--quiet", action="store_true", help="tanpa baris kemajuan")
    sub.add_parser("info", help="menampilkan database yang dipakai dan isinya")
    cli_master.add_parsers(sub)
    cli_persons.add_parsers(sub)
    cli_recon.add_parsers(sub)
    cli_stat_export.add_parsers(sub)
    cli_letters.add_parsers(sub)
    cli_reminders.add_parsers(sub)
    cli_backup.add_parsers(sub)
    cli_account.add_parsers(sub)
    cli_security.add_parsers(sub)
    return parser


def _cmd_init_db(args: argparse.Namespace) -> int:
    db, result = open_database(config.choose_url(args.db))
    with db.session() as session:
        from models.office.profile import get_profile

        get_profile(session)  # creates the default profile row
        session.commit()
    print(f"Database siap: {db.description}")
    if result.changed:
        print(f"Skema diperbarui dari {result.from_revision or 'kosong'} ke {result.to_revision}.")
    if result.backup:
        print(f"Salinan sebelum pembaruan: {result.backup}")
    db.dispose()
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    db, _ = open_signed_in(args)
    with db.session() as session:
        accounts = create_demo_accounts(session)
        summary = load_demo(session, cli_master.progress_line("Memuat data contoh", args.quiet,
                                                              sys.stdout))
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


def _cmd_info(args: argparse.Namespace) -> int:
    db, result = open_database(config.choose_url(args.db))
    print(f"Database : {db.description}")
    print(f"Skema    : revisi {result.to_revision}")
    with db.session() as session:
        for label, count in database_counts(session).counts:
            print(f"{label:<24} {format_number(count):>10}")
    db.dispose()
    return 0


COMMANDS: dict[str, Command] = {"init-db": _cmd_init_db, "demo": _cmd_demo, "info": _cmd_info,
                                **cli_master.COMMANDS, **cli_persons.COMMANDS,
                                **cli_recon.COMMANDS, **cli_stat_export.COMMANDS,
                                **cli_letters.COMMANDS,
                                **cli_reminders.COMMANDS,
                                **cli_backup.COMMANDS, **cli_account.COMMANDS,
                                **cli_security.COMMANDS}


def run_command(args: argparse.Namespace) -> int:
    """Run one headless subcommand; errors become a message and exit code 2."""
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        try:
            return COMMANDS[args.command](args)
        except Exception as exc:  # another PC first, a full disk: explained, exit code 2
            explained = database_error(exc)
            if explained is None:
                raise
            raise explained from exc
    except KendaliError as exc:
        print(f"Gagal: {exc.message}", file=sys.stderr)
        if exc.detail:
            print(f"Rincian: {exc.detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nDibatalkan.", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    """Headless entry (python -m models.cli); the installed command also opens the window."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 0
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
