"""What a letter test checks after a batch: every printed number is in the register."""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from models.schema.letters import Letter
from models.store.db import Database

NUMBER = re.compile(r"B-\d{3}/\d{5}/SS\.300/\d{2}/\d{4}")


def printed(folder: Path, hidden: bool = True) -> dict[Path, str]:
    """Every PDF under `folder` (or only those under a real name) with its letter number."""
    found = {}
    for path in (folder.rglob("*.pdf") if hidden else folder.glob("*.pdf")):
        numbers = NUMBER.findall(PdfReader(path).pages[0].extract_text())
        assert numbers, path
        found[path] = numbers[0]
    return found


def registered_letters(db: Database) -> dict[str, tuple[str, str]]:
    with db.session() as session:
        return {number: (path, digest) for number, path, digest in session.execute(
            select(Letter.number, Letter.file_path, Letter.file_sha256))}


def every_pdf_is_registered(db: Database, folder: Path, hidden: bool = True) -> None:
    registered = registered_letters(db)
    found = printed(folder, hidden)
    for path, number in found.items():
        assert number in registered, f"{path.name} carries {number}, not in the register"
        assert registered[number][0] == str(path)
    assert len(set(found.values())) == len(found), "two PDFs carry the same number"
