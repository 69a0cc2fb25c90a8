"""Official letter numbers, B-012/63710/SS.300/09/2020: the serial is unique per year.

Two PCs issuing at the same moment both compute the same next serial; the unique
(year, serial) constraint refuses the second insert, which then takes the next one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.errors import KendaliError
from models.ids.cells import ascii_digits
from models.office.profile import get_profile
from models.schema.letters import Letter, LetterKind

CENSUS_CLASSIFICATION = "SS.300"  # BPS filing code used on SP2020 letters
ATTEMPTS = 20


class LetterNumberError(KendaliError):
    """A letter number cannot be given (office code missing, register busy)."""


@dataclass(frozen=True)
class LetterDraft:
    kind: LetterKind
    subject: str  # Hal
    recipient: str
    letter_date: date
    nature: str = "Biasa"  # Sifat
    attachment: str = "-"  # Lampiran
    classification: str = CENSUS_CLASSIFICATION


def format_number(serial: int, satker: str, classification: str, day: date) -> str:
    return f"B-{serial:03d}/{satker}/{classification}/{day.month:02d}/{day.year}"


def serial_text(number: str) -> str:
    """B-012/63710/SS.300/09/2020 -> '012', as letters' file names carry it."""
    return number.split("/")[0].removeprefix("B-")


def register_letter(session: Session, draft: LetterDraft, by: str) -> Letter:
    """Add the letter to the register with the year's next serial (not committed)."""
    return register_letters(session, [draft], by)[0]


def register_letters(session: Session, drafts: list[LetterDraft], by: str) -> list[Letter]:
    """Add the letters to the register with consecutive serials in their order, per year
    (not committed). One insert for the batch: 52 letters one by one cost a quarter second."""
    satker = get_profile(session).satker_code
    if not ascii_digits(satker, 5):
        raise LetterNumberError("Kode satker belum diisi di Pengaturan; nomor surat memerlukannya "
                                "(contoh 63710).")
    years = sorted({draft.letter_date.year for draft in drafts})
    for _ in range(ATTEMPTS):
        last = dict(session.execute(select(Letter.year, func.max(Letter.serial))
                                    .where(Letter.year.in_(years)).group_by(Letter.year)).all())
        letters = []
        for draft in drafts:
            year = draft.letter_date.year
            serial = last[year] = (last.get(year) or 0) + 1
            letters.append(Letter(
                number=format_number(serial, satker, draft.classification, draft.letter_date),
                year=year, serial=serial, classification=draft.classification,
                letter_date=draft.letter_date, kind=draft.kind, subject=draft.subject,
                nature=draft.nature, attachment=draft.attachment, recipient=draft.recipient,
                created_by=by))
        try:
            with session.begin_nested():  # a savepoint: a clash undoes only this batch
                session.add_all(letters)
                session.flush()
            return letters
        except IntegrityError:
            continue  # another PC took one of these serials just now
    raise LetterNumberError("Register surat sedang dipakai bersamaan; coba lagi sebentar.")
