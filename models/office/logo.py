"""The office's kop logo: a chosen image checked as hostile, stored as a small PNG.

Only PNG and JPEG are taken, and only after Pillow has decoded them whole; what is stored
is a PNG the app wrote itself (transparency kept, at most STORED_SIDE_PX on its long
side), never the bytes as they came, so a crafted file never reaches a letter.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, load_only

from models.access import Permission, require
from models.errors import ConcurrentChangeError, KendaliError
from models.formatting import format_number
from models.schema.office import OfficeLogo

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024  # what is read of a chosen file at most
MAX_SIDE_PX = 4000  # either side, read from the header before anything is decoded
MIN_SIDE_PX = 16
STORED_SIDE_PX = 600  # about 700 dpi at the kop's 2 cm: sharp in print, small in a PDF
FORMATS = ("PNG", "JPEG")
STORED_MIME = "image/png"
FILE_FILTER = "Gambar PNG atau JPEG (*.png *.jpg *.jpeg)"


class LogoError(KendaliError):
    """The chosen file cannot be the kop logo; nothing stored was changed."""


@dataclass(frozen=True)
class LogoInfo:
    """The stored logo without its image."""

    file_name: str
    width_px: int
    height_px: int
    byte_size: int
    sha256: str
    updated_at: datetime


@dataclass(frozen=True)
class LogoImage:
    """The stored logo: a PNG and its size in pixels, plain values safe between threads."""

    data: bytes
    width_px: int
    height_px: int
    info: LogoInfo


def shown_name(file_name: str) -> str:
    """The file's own name for a message: no folders, no control characters, not endless."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", PurePath(file_name.replace("\\", "/")).name).strip()
    return (name[:77] + "…" if len(name) > 80 else name) or "tanpa nama"


def read_logo_file(path: Path) -> bytes:
    """The file's bytes, refused without reading it all when it is over MAX_FILE_BYTES."""
    name = shown_name(path.name)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise LogoError(f"Berkas {name} tidak dapat dibaca.", str(exc)) from exc
    _check_file_size(data, name)
    return data


def _check_file_size(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise LogoError(f"Berkas {name} terlalu besar untuk logo kop (lebih dari "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB). Pilih gambar yang lebih "
                        "kecil.")
    if not data:
        raise LogoError(f"Berkas {name} kosong.")


def _opened(data: bytes, name: str) -> Image.Image:
    """The image opened (not decoded yet) after its size in the header was found sane."""
    image = Image.open(io.BytesIO(data), formats=FORMATS)
    width, height = image.size
    if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
        raise LogoError(f"Gambar {name} terlalu besar ({format_number(width)} × "
                        f"{format_number(height)} piksel); logo kop paling besar "
                        f"{format_number(MAX_SIDE_PX)} × {format_number(MAX_SIDE_PX)} piksel.")
    if width < MIN_SIDE_PX or height < MIN_SIDE_PX:
        raise LogoError(f"Gambar {name} terlalu kecil ({width} × {height} piksel); logo kop "
                        f"paling kecil {MIN_SIDE_PX} × {MIN_SIDE_PX} piksel.")
    return image


def normalized_png(data: bytes, file_name: str) -> tuple[bytes, int, int]:
    """`data` checked and redrawn: a PNG (RGBA when it had transparency) of at most
    STORED_SIDE_PX on its long side, and its width and height."""
    name = shown_name(file_name)
    _check_file_size(data, name)
    refused = f"Berkas {name} bukan gambar PNG atau JPEG yang utuh; pilih logo berformat " \
              "PNG atau JPEG."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _opened(data, name).verify()  # checksums of every chunk, without decoding
            image = _opened(data, name)  # verify() leaves the image unusable: again
            image.load()  # the whole image is decoded here: a truncated one fails
            image = ImageOps.exif_transpose(image) or image  # a phone photo stands upright
            keeps_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if keeps_alpha else "RGB")
            image.thumbnail((STORED_SIDE_PX, STORED_SIDE_PX), Image.Resampling.LANCZOS)
            image.info.clear()  # no text chunks, no profile from the file: only pixels
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LogoError(f"Gambar {name} terlalu besar untuk dibuka dengan aman; pilih logo "
                        "yang lebih kecil.", str(exc)) from exc
    except UnidentifiedImageError as exc:  # not PNG nor JPEG (a GIF, a PDF, a text)
        raise LogoError(refused, str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a crafted file makes a decoder raise anything
        raise LogoError(refused, f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue(), image.width, image.height


def _info(row: OfficeLogo) -> LogoInfo:
    return LogoInfo(row.file_name, row.width_px, row.height_px, row.byte_size, row.sha256,
                    row.updated_at)


def set_logo(session: Session, data: bytes, *, file_name: str) -> LogoInfo:
    """Check `data` (the chosen file's bytes) and store it as the kop logo; the audit log
    notes its name, size and SHA-256, never the image."""
    require(session, Permission.EDIT_SETTINGS)
    png, width, height = normalized_png(data, file_name)
    row = session.get(OfficeLogo, 1, with_for_update=True)
    if row is None:
        row = OfficeLogo(id=1)
        session.add(row)
    row.image, row.mime_type = png, STORED_MIME
    row.width_px, row.height_px, row.byte_size = width, height, len(png)
    row.sha256 = hashlib.sha256(png).hexdigest()
    row.file_name = shown_name(file_name)[:255]
    try:
        session.commit()
    except IntegrityError as exc:  # another PC stored the first logo at the same moment
        session.rollback()
        raise ConcurrentChangeError(str(exc.orig)) from exc
    log.info("kop logo set: %d x %d px, %d bytes", width, height, len(png))
    return _info(row)


def clear_logo(session: Session) -> bool:
    """The kop without a logo again; False when there was none."""
    require(session, Permission.EDIT_SETTINGS)
    row = session.get(OfficeLogo, 1, with_for_update=True)
    if row is None:
        return False
    session.delete(row)
    session.commit()
    log.info("kop logo removed")
    return True


def get_logo(session: Session) -> LogoImage | None:
    """The stored logo, or None (the kop has none by default). Read once per letter batch."""
    row = session.get(OfficeLogo, 1)
    if row is None:
        return None
    return LogoImage(row.image, row.width_px, row.height_px, _info(row))


def logo_info(session: Session) -> LogoInfo | None:
    """What is stored, without reading the image."""
    row = session.scalars(select(OfficeLogo).options(load_only(
        OfficeLogo.file_name, OfficeLogo.width_px, OfficeLogo.height_px, OfficeLogo.byte_size,
        OfficeLogo.sha256, OfficeLogo.updated_at))).first()
    return _info(row) if row is not None else None
