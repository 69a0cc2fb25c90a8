"""Damaged, foreign and read-only SQLite files are refused before anything is written."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models.errors import DatabaseOpenError
from models.launch.opening import open_database
from models.store import sqlite_probe

PAGE = 4096


def _office_file(path: Path) -> None:
    database, _ = open_database(str(path))
    with database.engine.begin() as connection:  # enough pages that zeroed ones are data
        connection.exec_driver_sql("CREATE TABLE filler (id INTEGER PRIMARY KEY, t TEXT)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
            "INSERT INTO filler (t) SELECT printf('%0200d', i) FROM n")
    database.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    """The database files; a WAL file's -shm and empty -wal are SQLite's own read state."""
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if not (p.name.endswith(("-shm", "-wal")) and p.suffix != ".sqlite"
                    and (p.name.endswith("-shm") or not p.stat().st_size))}


def test_a_damaged_file_is_refused_with_advice_to_restore(tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    _office_file(path)
    data = bytearray(path.read_bytes())
    data[20 * PAGE:30 * PAGE] = bytes(10 * PAGE)  # zeroed pages, as a failing disk leaves
    path.write_bytes(bytes(data))
    before = _files(tmp_path)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(str(path))
    assert "rusak" in caught.value.message and "cadangan" in caught.value.message
    assert _files(tmp_path) == before  # not switched to WAL, nothing written


def test_another_programs_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "lain.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    other.execute("INSERT INTO pelanggan (nama) VALUES ('Budi')")
    other.commit()
    other.close()
    before = _files(tmp_path)
    with pytest.raises(DatabaseOpenError, match="program lain"):
        open_database(str(path))
    assert _files(tmp_path) == before
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"  # still in its own journal mode, never switched to WAL


def test_a_read_only_file_is_refused_before_any_write(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kantor.sqlite"
    _office_file(path)
    before = _files(tmp_path)
    # Tests run as root, whom the file mode does not stop: ask as a user without the right.
    monkeypatch.setattr(sqlite_probe.os, "access", lambda target, mode: Path(target) != path)
    with pytest.raises(DatabaseOpenError, match="hanya dapat dibaca"):
        open_database(str(path))
    assert _files(tmp_path) == before


def test_an_intact_office_file_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "kantor.sqlite"
    _office_file(path)
    database, result = open_database(str(path))
    assert not result.changed
    database.dispose()
