"""Headless reminders: `kendali-sensus pengingat` prints each team's chat text, writes PDFs."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.cli.master import CommandError, in_session
from models.overview.reminder_pdf import write_reminder_pdfs
from models.overview.reminders import TeamSheet, chat_text, office_labels, team_sheets
from models.schema.officers import Officer, OfficerRole


def officer_id(session: Session, given: str, role: OfficerRole) -> int:
    """The officer a NIK (16 digits) or an id names, who must have `role`."""
    if re.fullmatch(r"[0-9]{16}", given):
        found = session.execute(select(Officer.id, Officer.role).where(Officer.nik == given))
    elif re.fullmatch(r"[0-9]{1,12}", given):
        found = session.execute(select(Officer.id, Officer.role).where(Officer.id == int(given)))
    else:
        raise CommandError(f"'{given}' bukan NIK (16 angka) atau nomor id petugas.")
    row = found.first()
    if row is None:
        raise CommandError(f"Petugas '{given}' tidak ada.")
    if row.role is not role:
        raise CommandError(f"Petugas '{given}' bukan {office_labels(session)[role]}.")
    return row.id


def cmd_reminders(args: argparse.Namespace) -> int:
    def work(session: Session) -> tuple[list[TeamSheet], list[str], list[Path]]:
        pml = officer_id(session, args.pml, OfficerRole.PML) if args.pml else None
        koseka = officer_id(session, args.koseka, OfficerRole.KOSEKA) if args.koseka else None
        sheets = team_sheets(session, pml_id=pml, koseka_id=koseka)
        labels = office_labels(session)
        texts = [chat_text(sheet, labels=labels) for sheet in sheets]
        files = write_reminder_pdfs(session, sheets, args.pdf) if args.pdf and sheets else []
        return sheets, texts, files

    sheets, texts, files = in_session(args, work)
    if not sheets:
        print("Belum ada tim atau Koseka untuk dibuatkan pengingat.")
        return 0
    print("\n\n".join(texts))
    if files:
        print(f"\n{len(files)} PDF ditulis ke {args.pdf}:")
        for path in files:
            print(f"  {path.name}")
    return 0
