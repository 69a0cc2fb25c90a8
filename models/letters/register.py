"""The register of issued letters, newest first, as the Surat page lists it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.schema.letters import Letter, LetterKind


@dataclass(frozen=True)
class LetterRow:
    id: int
    number: str
    letter_date: date
    kind: LetterKind
    subject: str
    recipient: str
    file_path: str


def letter_rows(session: Session) -> list[LetterRow]:
    letters = session.scalars(select(Letter).order_by(Letter.year.desc(), Letter.serial.desc()))
    return [
        LetterRow(x.id, x.number, x.letter_date, x.kind, x.subject, x.recipient, x.file_path)
        for x in letters
    ]
