"""Which letters a user asks for, by kind and recipient codes, composed ready to issue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.asn.compliance import compliance
from models.formatting import format_percent
from models.letters.layout import LetterContent
from models.letters.opd import opd_letters
from models.letters.progress import Annex, AreaScope, addressees, area_letters
from models.office.profile import get_profile

OPD = "opd"
KIND_LABELS = {AreaScope.KOTA.value: "Progres kota — kepada Wali Kota/Bupati",
               AreaScope.KECAMATAN.value: "Progres kecamatan — kepada tiap camat",
               AreaScope.KELURAHAN.value: "Progres kelurahan/desa — kepada tiap lurah/kepala desa",
               OPD: "Kepatuhan ASN — kepada tiap kepala OPD"}


@dataclass(frozen=True)
class LetterRequest:
    kind: str  # an AreaScope value or OPD
    codes: list[str] | None  # recipients by area or OPD code; None: all of them
    day: date
    quality_annex: bool = False  # the kecamatan letter's Lampiran on data quality


@dataclass(frozen=True)
class Recipient:
    code: str
    label: str


def recipients(session: Session, kind: str) -> list[Recipient]:
    """Who a letter of `kind` can go to, for the user to tick."""
    if kind == OPD:
        return [Recipient(a.code, f"{a.head_title} — {format_percent(a.pct)} sudah mengisi")
                for a in compliance(session)]
    return [Recipient(a.code, a.head)
            for a in addressees(session, get_profile(session), AreaScope(kind))]


def compose(session: Session, request: LetterRequest, *, annex: Annex | None = None
            ) -> list[LetterContent]:
    """The letters asked for; an area letter carries what `annex` makes for its area
    (models.quality.letter_annex makes the quality annex; letters sit below quality)."""
    profile = get_profile(session)
    if request.kind == OPD:
        return opd_letters(session, profile, request.day, request.codes)
    return area_letters(session, profile, AreaScope(request.kind), request.codes, annex=annex)
