"""The kop logo: stored as a small PNG, hostile files refused, audited without the image,
drawn at the left of every letter's kop and read once per batch."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import event, func, select

from models.access import AccessDenied, Actor
from models.letters.issue import issue_letters, render_draft
from models.letters.opd import opd_letters
from models.letters.pdf.blocks import MARGINS
from models.letters.progress import AreaScope, area_letters
from models.letters.surat_tugas import issue_surat_tugas
from models.office.logo import (
    MAX_FILE_BYTES,
    LogoError,
    clear_logo,
    get_logo,
    logo_info,
    read_logo_file,
    set_logo,
)
from models.office.profile import get_profile
from models.schema.officers import Officer, OfficerRole
from models.schema.users import AuditLog, UserRole
from models.store.db import Database
from tests.logo_images import BLUE, emblem, encoded, png_claiming
from tests.test_pdf_hostile_text import DAY, has_no_images, hostile  # noqa: F401 - a fixture


def _audit_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditLog)) or 0


def _stored(db: Database) -> str | None:
    with db.session() as session:
        info = logo_info(session)
        return info.sha256 if info else None


def test_set_get_and_clear_round_trip(db: Database) -> None:
    with db.session() as session:
        assert get_logo(session) is None  # none by default
        info = set_logo(session, encoded(emblem(800)),
                        file_name="C:\\Users\\budi\\Desktop\\logo\nkantor.png")
    assert (info.width_px, info.height_px) == (600, 600)  # downscaled for small PDFs
    assert info.file_name == "logokantor.png"  # no folders, no control characters
    with db.session() as session:
        logo = get_logo(session)
    assert logo is not None and logo.info == info
    assert hashlib.sha256(logo.data).hexdigest() == info.sha256 and len(logo.data) == \
        info.byte_size
    image = Image.open(io.BytesIO(logo.data))
    assert image.format == "PNG" and image.size == (600, 600)
    assert image.mode == "RGBA" and image.getpixel((2, 2))[3] == 0  # transparency kept
    with db.session() as session:
        assert clear_logo(session) is True
    with db.session() as session:
        assert get_logo(session) is None and logo_info(session) is None
        assert clear_logo(session) is False


def test_a_jpeg_is_stored_as_png_and_a_small_logo_keeps_its_size(db: Database) -> None:
    with db.session() as session:
        info = set_logo(session, encoded(emblem(300, "RGB"), "JPEG"), file_name="logo.jpg")
        logo = get_logo(session)
    assert (info.width_px, info.height_px) == (300, 300)  # never enlarged
    assert logo is not None
    image = Image.open(io.BytesIO(logo.data))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.getpixel((60, 150))[2] > 120 and image.getpixel((4, 4)) == (255, 255, 255)


def test_a_wide_logo_keeps_its_aspect_ratio(db: Database) -> None:
    with db.session() as session:
        info = set_logo(session, encoded(Image.new("RGB", (1800, 600), BLUE)),
                        file_name="lebar.png")
    assert (info.width_px, info.height_px) == (600, 200)


HALF_PNG = encoded(emblem(400))
HALF_JPEG = encoded(emblem(400, "RGB"), "JPEG")
REFUSED = [
    ("catatan.png", b"Ini bukan gambar, hanya teks.\n" * 20, "bukan gambar PNG atau JPEG"),
    ("terpotong.png", HALF_PNG[:len(HALF_PNG) // 2], "bukan gambar PNG atau JPEG"),
    ("terpotong.jpg", HALF_JPEG[:len(HALF_JPEG) // 2], "bukan gambar PNG atau JPEG"),
    ("raksasa.png", encoded(Image.new("RGB", (4100, 40))), "4.100 × 40 piksel"),
    ("bom.png", png_claiming(40_000, 40_000), "terlalu besar"),
    ("bom-kecil.png", png_claiming(10_000, 10_000), "terlalu besar"),
    ("animasi.gif", encoded(emblem(200), "GIF"), "bukan gambar PNG atau JPEG"),
    ("menyamar.png", encoded(emblem(200), "GIF"), "bukan gambar PNG atau JPEG"),
    ("berat.png", encoded(emblem(64)) + b"\0" * MAX_FILE_BYTES, "lebih dari 2 MB"),
    ("titik.png", encoded(Image.new("RGB", (8, 8))), "terlalu kecil"),
    ("kosong.png", b"", "kosong"),
]


@pytest.mark.parametrize("name,data,reason", REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_files_are_refused_naming_the_file_and_nothing_changes(
        db: Database, name: str, data: bytes, reason: str) -> None:
    with db.session() as session:
        set_logo(session, encoded(emblem(200)), file_name="lama.png")
    before, entries = _stored(db), _audit_count(db)
    with db.session() as session, pytest.raises(LogoError) as refused:
        set_logo(session, data, file_name=name)
    assert name in refused.value.message and reason in refused.value.message
    assert _stored(db) == before and _audit_count(db) == entries


def test_an_oversized_file_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "foto kamera.jpg"
    path.write_bytes(b"\xff\xd8" + b"\0" * (MAX_FILE_BYTES * 3))
    with pytest.raises(LogoError, match="foto kamera.jpg terlalu besar"):
        read_logo_file(path)
    with pytest.raises(LogoError, match="hilang.png tidak dapat dibaca"):
        read_logo_file(tmp_path / "hilang.png")


@pytest.mark.parametrize("role", [UserRole.STAF, UserRole.SUPERVISOR])
def test_only_the_admin_may_change_the_logo(db: Database, role: UserRole) -> None:
    with db.session() as session:
        set_logo(session, encoded(emblem(200)), file_name="resmi.png")
    before, entries = _stored(db), _audit_count(db)
    acting = db.acting_as(Actor(role.value, role.value.title(), role))
    with acting.session() as session, pytest.raises(AccessDenied, match="pengaturan kantor"):
        set_logo(session, encoded(emblem(300)), file_name="lain.png")
    with acting.session() as session, pytest.raises(AccessDenied, match="pengaturan kantor"):
        clear_logo(session)
    assert _stored(db) == before and _audit_count(db) == entries
    with acting.session() as session:  # reading it, for a letter, is for everyone
        assert get_logo(session) is not None


def test_each_change_is_audited_with_its_fingerprint_not_its_image(db: Database) -> None:
    with db.session() as session:
        first = set_logo(session, encoded(emblem(200)), file_name="pertama.png")
        second = set_logo(session, encoded(emblem(300)), file_name="kedua.png")
        clear_logo(session)
    with db.session() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.entity == "logo kop")
                               .order_by(AuditLog.id)).all()
        entries = [(r.action, r.before, r.after) for r in rows]
    assert [action for action, _, _ in entries] == ["tambah", "ubah", "hapus"]
    added, changed, removed = entries
    assert added[2]["sha256"] == first.sha256 and added[2]["byte_size"] == first.byte_size
    assert added[2]["file_name"] == "pertama.png" and added[2]["width_px"] == 200
    assert changed[1]["sha256"] == first.sha256 and changed[2]["sha256"] == second.sha256
    assert removed[1]["sha256"] == second.sha256 and removed[2] is None
    for _, before, after in entries:
        for values in (before, after):
            assert values is None or ("image" not in values and len(str(values)) < 600)


# --- the kop -------------------------------------------------------------------------------

def _image_names(path: Path, page: int = 0) -> list[str]:
    resources = PdfReader(path).pages[page].get("/Resources") or {}
    objects = resources.get("/XObject") or {}
    return [name for name, ref in objects.items() if ref.get_object()["/Subtype"] == "/Image"]


def _every_letter(db: Database, folder: Path) -> list[Path]:
    """One PDF of each kind of letter that carries the kop."""
    made = []
    with db.session() as session:
        profile = get_profile(session)
        for scope in AreaScope:
            made.append(folder / f"{scope.value}.pdf")
            issue_letters(session, area_letters(session, profile, scope), made[-1], "sari",
                          day=DAY)
        made.append(folder / "draf.pdf")
        render_draft(session, area_letters(session, profile, AreaScope.KECAMATAN), DAY,
                     made[-1])
        made.append(folder / "opd.pdf")
        issue_letters(session, opd_letters(session, profile, DAY), made[-1], "sari", day=DAY)
        officers = session.scalars(select(Officer.id).order_by(Officer.id)).all()
        made += [x.path for x in issue_surat_tugas(session, list(officers), folder / "st",
                                                   "sari", day=DAY, skip_without_areas=True)]
    return made


def test_every_letter_kind_has_the_logo_in_its_kop_and_none_without(db, hostile,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                   tmp_path: Path) -> None:
    without = _every_letter(db, tmp_path / "tanpa")
    assert len(without) >= 7 and all(has_no_images(path) for path in without)
    with db.session() as session:
        set_logo(session, encoded(emblem()), file_name="logo.png")
    with_logo = _every_letter(db, tmp_path / "dengan")
    for path in with_logo:
        assert len(_image_names(path)) == 1, path.name  # on the kop page
        reader = PdfReader(path)
        # one image object in the file, however many letters (and kops) it holds
        images = {ref.idnum for page in reader.pages
                  for ref in ((page.get("/Resources") or {}).get("/XObject") or {}).values()}
        assert len(images) == 1, path.name
    several = PdfReader(tmp_path / "dengan" / "kelurahan.pdf")  # one letter per kelurahan
    kops = [n for n in range(len(several.pages)) if _image_names(tmp_path / "dengan"
                                                                 / "kelurahan.pdf", n)]
    assert len(kops) >= 2 and len(kops) < len(several.pages)  # first pages only


def test_the_logo_is_read_once_per_batch(db, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with db.session() as session:
        set_logo(session, encoded(emblem()), file_name="logo.png")
    reads: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if "office_logo" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.session() as session:
            contents = area_letters(session, get_profile(session), AreaScope.KELURAHAN)
            assert len(contents) >= 2
            report = issue_letters(session, contents, tmp_path / "satu-per-berkas", "sari",
                                   day=DAY, one_file=False)
            assert len(report.files) == len(contents)
            assert len(reads) == 1
            officers = session.scalars(select(Officer.id).where(
                Officer.role == OfficerRole.PPL)).all()
            issued = issue_surat_tugas(session, list(officers), tmp_path / "st", "sari",
                                       day=DAY, skip_without_areas=True)
            assert len(issued) >= 2 and len(reads) == 2
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _kop_pixels(pdf: Path, out: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(out)], check=True, capture_output=True)
    return Image.open(out.with_suffix(".png")).convert("RGB")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_logo_stands_at_the_left_of_the_kop_above_the_rule(db, hostile,  # type: ignore[no-untyped-def]  # noqa: F811
                                                              tmp_path: Path) -> None:
    def letter(name: str) -> Image.Image:
        with db.session() as session:
            contents = area_letters(session, get_profile(session), AreaScope.KOTA)
            render_draft(session, contents, DAY, tmp_path / f"{name}.pdf")
        return _kop_pixels(tmp_path / f"{name}.pdf", tmp_path / name)

    def blue_share(page: Image.Image, box: tuple[float, float, float, float]) -> float:
        dots = 70 / 25.4  # pixels per mm
        region = page.crop(tuple(round(v * dots) for v in box))  # type: ignore[arg-type]
        data = region.tobytes()
        pixels = [data[n:n + 3] for n in range(0, len(data), 3)]
        return sum(1 for r, _g, b in pixels if b > 120 and r < 60) / len(pixels)

    left = MARGINS[0] / 72 * 25.4  # mm
    kop = (left, 14.0, left + 22.0, 36.0)  # where the logo goes: left, top, right, bottom
    plain = letter("tanpa")
    assert blue_share(plain, kop) == 0
    with db.session() as session:
        set_logo(session, encoded(emblem()), file_name="logo.png")
    shown = letter("dengan")
    assert blue_share(shown, kop) > 0.3  # the emblem's disc
    assert blue_share(shown, (0, 0, left - 1, 60)) == 0  # nothing in the left margin
    assert blue_share(shown, (left, 41, left + 22, 60)) == 0  # nothing below the rule
