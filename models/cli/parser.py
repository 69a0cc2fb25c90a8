"""The command line's words: every subcommand, its options, and where its handler lives.

Only light modules are imported here (the schema's enums, the server's defaults). A
handler's module, and the sheet, PDF and frame libraries it needs, is imported when its
command runs: `--help`, the window's start and a small command do not load what only an
import or a letter uses.
"""
from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from models.analysis.stat_formats import StatFormat
from models.recon.views import Level
from models.schema.officers import OfficerRole
from models.schema.recon import ReconCategory
from models.store.server import ServerOptions

Command = Callable[[argparse.Namespace], int]
USER_ENV, PASSWORD_ENV = "KENDALI_USER", "KENDALI_PASSWORD"
NEW_PASSWORD_ENV = "KENDALI_NEW_PASSWORD"
CHANGE_COMMAND = "ganti-sandi"
LETTER_KINDS = ("progres-kota", "progres-kecamatan", "progres-kelurahan", "opd")
RECON_VIEWS = [level.value for level in Level] + ["orang", "tinjauan"]

Subcommands = argparse._SubParsersAction  # type: ignore[type-arg]


def load_handler(spec: str) -> Command:
    """"models.cli.master:cmd_assign" → the function, its module imported now."""
    module, _, name = spec.partition(":")
    handler: Command = getattr(importlib.import_module(module), name)
    return handler


def _command(sub: Subcommands, name: str, handler: str, *, help: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help)
    parser.set_defaults(handler=f"models.cli.{handler}")
    return parser


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="BERKAS")
    parser.add_argument("--sheet", metavar="LEMBAR", help="nama lembar (bawaan: yang pertama)")
    parser.add_argument("--kolom", action="append", default=[], metavar="ISIAN=JUDUL",
                        help="pasangkan isian dengan judul kolom, mis. nik='NIK ART'")


def add_full_nik_arguments(parser: argparse.ArgumentParser) -> None:
    """--tanpa-samaran and its --alasan, for every export that carries NIK or No. KK."""
    parser.add_argument("--tanpa-samaran", action="store_true",
                        help="tulis NIK dan No. KK lengkap (hanya supervisor/admin, dengan "
                             "--alasan; bawaan: disamarkan)")
    parser.add_argument("--alasan", default="", metavar="TEKS",
                        help="alasan mengekspor NIK lengkap; dicatat di log audit")


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
    parser.add_argument("--pengguna", metavar="NAMA",
                        help=f"nama pengguna untuk masuk (atau variabel {USER_ENV}); kata sandi "
                        f"dari {PASSWORD_ENV} atau ditanyakan")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    _database(sub)
    _master(sub)
    _persons(sub)
    _recon(sub)
    _letters(sub)
    _reminders(sub)
    _backup(sub)
    _security(sub)
    return parser


def _database(sub: Subcommands) -> None:
    _command(sub, "init-db", "database:cmd_init_db",
             help="membuat atau memperbarui skema database")
    demo = _command(sub, "demo", "demo:cmd_demo",
                    help="memuat data contoh Kota Banjarmasin ke database kosong")
    demo.add_argument("--quiet", action="store_true", help="tanpa baris kemajuan")
    _command(sub, "info", "database:cmd_info", help="menampilkan database yang dipakai dan isinya")


def _master(sub: Subcommands) -> None:
    for name, handler, what in (
            ("import-wilayah", "cmd_import_wilayah",
             "master wilayah (kecamatan › kelurahan › SLS)"),
            ("import-petugas", "cmd_import_petugas", "daftar petugas (PPL, PML, Koseka)")):
        add_file_arguments(_command(sub, name, f"master:{handler}",
                                    help=f"mengimpor {what} dari xlsx/xls/ods/csv"))
    balance = _command(sub, "assign", "master:cmd_assign", help="penugasan PPL ke SLS")
    balance.add_argument("--auto", action="store_true", required=True,
                         help="usulkan PPL untuk semua SLS yang belum ditugaskan, lalu simpan")
    balance.add_argument("--kecamatan", metavar="KODE", help="hanya kecamatan ini (kode BPS 7 "
                                                             "angka)")
    balance.add_argument("--coba", action="store_true", help="tampilkan usulan tanpa menyimpan")
    export = _command(sub, "export-penugasan", "master:cmd_export",
                      help="daftar penugasan ke xlsx (NIK tersamar)")
    export.add_argument("file", type=Path, metavar="BERKAS")
    export.add_argument("--kecamatan", metavar="KODE", help="hanya kecamatan ini")
    add_full_nik_arguments(export)
    letters = _command(sub, "surat-tugas", "master:cmd_surat_tugas",
                       help="Surat Tugas PDF untuk petugas")
    letters.add_argument("folder", type=Path, metavar="FOLDER")
    group = letters.add_mutually_exclusive_group(required=True)
    group.add_argument("--nik", action="append", metavar="NIK", help="NIK petugas (boleh ulang)")
    group.add_argument("--semua", choices=[r.value for r in OfficerRole],
                       help="semua petugas aktif dengan peran ini yang sudah punya wilayah")


def _persons(sub: Subcommands) -> None:
    for name, handler, what in (("import-online", "cmd_import_online", "isian SP Online"),
                                ("import-lapangan", "cmd_import_lapangan",
                                 "hasil pencacahan lapangan per orang")):
        parser = _command(sub, name, f"persons:{handler}",
                          help=f"mengimpor {what} dari xlsx/xls/xlsb/ods/csv")
        add_file_arguments(parser)
        parser.add_argument("--valid-saja", action="store_true",
                            help="simpan baris yang valid walau ada baris salah (bawaan: bila ada "
                                 "yang salah, tidak ada yang disimpan)")
        parser.add_argument("--periksa", action="store_true",
                            help="hanya periksa, jangan simpan apa pun")
        parser.add_argument("--laporan", type=Path, metavar="BERKAS.xlsx",
                            help="tulis laporan masalah (semua baris bermasalah) ke xlsx ini")
    add_file_arguments(_command(sub, "import-rekap", "persons:cmd_import_rekap",
                                help="rekap lapangan per SLS per tanggal"))
    undo = _command(sub, "batal-impor", "persons:cmd_rollback",
                    help="membatalkan satu batch impor (lihat Impor)")
    undo.add_argument("batch", type=int, metavar="NOMOR_BATCH")


def _recon(sub: Subcommands) -> None:
    run = _command(sub, "reconcile", "recon:cmd_reconcile",
                   help="mencocokkan isian online dengan hasil lapangan")
    run.add_argument("--penuh", action="store_true",
                     help="cocokkan ulang semua (bawaan: hanya yang berubah sejak terakhir)")
    run.add_argument("--quiet", action="store_true", help="tanpa baris kemajuan")
    export = _command(sub, "export-rekon", "recon:cmd_export",
                      help="mengekspor hasil rekonsiliasi ke xlsx")
    export.add_argument("file", type=Path, metavar="BERKAS.xlsx")
    export.add_argument("--tampilan", choices=RECON_VIEWS, default="kecamatan",
                        help="ringkasan per kecamatan/kelurahan/sls/ppl, daftar orang, atau "
                             "antrean tinjauan (bawaan: kecamatan)")
    export.add_argument("--kategori", choices=[c.value for c in ReconCategory],
                        help="hanya orang dengan kategori ini (untuk --tampilan orang)")
    add_full_nik_arguments(export)
    listing = _command(sub, "daftar-hanya-online", "recon:cmd_online_only",
                       help="PDF daftar orang hanya online per PPL untuk diverifikasi")
    listing.add_argument("file", type=Path, metavar="BERKAS.pdf")
    stat = _command(sub, "export-statistik", "stat_export:cmd_export",
                    help="mengekspor hasil rekonsiliasi per orang ke Stata (.dta) atau SPSS "
                         "(.sav), dengan label variabel dan label nilai")
    stat.add_argument("file", type=Path, metavar="BERKAS")
    stat.add_argument("--format", choices=[f.value for f in StatFormat],
                      help="dta (Stata) atau sav (SPSS); bawaan: menurut akhiran BERKAS")
    stat.add_argument("--tanpa-samaran", action="store_true",
                      help="tulis NIK dan No. KK lengkap (hanya admin, dengan --alasan; "
                           "bawaan: disamarkan)")
    stat.add_argument("--alasan", default="", metavar="TEKS",
                      help="alasan mengekspor NIK lengkap; dicatat di log audit")
    stat.add_argument("--quiet", action="store_true", help="tanpa baris kemajuan")


def _letters(sub: Subcommands) -> None:
    asn = _command(sub, "import-asn", "letters:cmd_import_asn",
                   help="mengimpor daftar ASN per OPD dari xlsx/xls/ods/csv (mengganti daftar "
                        "OPD itu)")
    add_file_arguments(asn)
    asn.add_argument("--opd", metavar="NAMA", help="nama OPD pemilik daftar, bila berkas tidak "
                                                   "mempunyai kolom OPD")
    letters = _command(sub, "surat", "letters:cmd_surat",
                       help="menerbitkan surat progres atau surat kepatuhan ASN")
    letters.add_argument("jenis", choices=LETTER_KINDS,
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


def _reminders(sub: Subcommands) -> None:
    reminders = _command(sub, "pengingat", "reminders:cmd_reminders",
                         help="pesan status tim per PML dan per Koseka (siap ditempel ke grup "
                              "WhatsApp), dan PDF satu halaman per tim")
    whom = reminders.add_mutually_exclusive_group()
    whom.add_argument("--pml", metavar="NIK/ID", help="hanya tim PML ini (NIK atau nomor id)")
    whom.add_argument("--koseka", metavar="NIK/ID", help="hanya Koseka ini (NIK atau nomor id)")
    reminders.add_argument("--pdf", type=Path, metavar="FOLDER",
                           help="tulis juga satu PDF per tim/Koseka ke FOLDER")


def _backup(sub: Subcommands) -> None:
    backup = _command(sub, "cadangkan", "backup:cmd_backup",
                      help="menyalin database ke folder cadangan (admin)")
    backup.add_argument("folder", type=Path, metavar="FOLDER")
    back = _command(sub, "pulihkan", "backup:cmd_restore",
                    help="mengganti isi database SQLite dengan cadangan (admin)")
    back.add_argument("berkas", type=Path, metavar="BERKAS")
    back.add_argument("--ya", action="store_true", help="tanpa ini pemulihan tidak dijalankan")


def _security(sub: Subcommands) -> None:
    _command(sub, CHANGE_COMMAND, "account:cmd_change_password",
             help=f"mengganti kata sandi sendiri (yang lama lewat {PASSWORD_ENV}, yang baru "
                  f"lewat {NEW_PASSWORD_ENV}, atau keduanya ditanyakan); wajib sebelum perintah "
                  "lain bila kata sandi dibuat oleh admin")
    check = _command(sub, "periksa-audit", "security:cmd_check",
                     help="memeriksa keutuhan rantai sidik log audit (admin); kode 1 bila ada "
                          "entri yang diubah atau dihapus")
    check.add_argument("--jangkar", metavar="ID:SIDIK",
                       help="sidik entri yang dicatat di luar database pada pemeriksaan "
                       "sebelumnya: membuktikan log juga tidak dihitung ulang sejak itu")
    server = _command(sub, "siapkan-server", "security:cmd_setup",
                      help="PostgreSQL: membuat peran pemilik dan peran aplikasi, memperbarui "
                           "skema sebagai pemilik, memberi hak, lalu mencetak alamat aplikasi")
    server.add_argument("admin_url", metavar="URL_ADMIN",
                        help="alamat dengan peran superuser, mis. "
                        "postgresql://postgres@server/postgres (kata sandi ditanyakan "
                        "server bila perlu, atau dari PGPASSWORD)")
    defaults = ServerOptions()
    server.add_argument("--database", default=defaults.database,
                        help=f"nama database (bawaan {defaults.database}; dibuat bila belum ada)")
    server.add_argument("--skema", default=defaults.schema,
                        help=f"skema tabel (bawaan {defaults.schema})")
    server.add_argument("--awalan", default=defaults.prefix,
                        help=f"awalan nama peran: AWALAN_pemilik dan AWALAN_aplikasi (bawaan "
                        f"{defaults.prefix})")
    server.add_argument("--sandi-baru", action="store_true",
                        help="beri peran aplikasi yang sudah ada kata sandi baru")
