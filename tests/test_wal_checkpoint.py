"""A large import from the command line leaves its WAL copied into the database file:
a WAL left behind keeps the disk space and must be copied back before the next writer
can start it afresh (on a nearly full disk, that copy is what fails)."""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from tests.test_disk_full import _online_csv, _run, small_city_file

# The WAL index (the -shm file): its header's mxFrame, frames written, at byte 16; the
# checkpoint information's nBackfill, frames copied into the database, at byte 96.
MX_FRAME, BACKFILL = 16, 96


def _frames_not_copied(database: Path) -> int:
    index = database.with_name(database.name + "-shm")
    if not index.exists():  # the last connection closed and checkpointed everything
        return 0
    head = index.read_bytes()[:100]
    order = "<" if sys.byteorder == "little" else ">"
    (written,) = struct.unpack_from(f"{order}I", head, MX_FRAME)
    (copied,) = struct.unpack_from(f"{order}I", head, BACKFILL)
    return written - copied


def test_the_command_line_import_waits_for_its_checkpoint(tmp_path: Path) -> None:
    url = small_city_file(tmp_path / "kantor.sqlite")
    done = _run("--db", str(url), "import-online", str(_online_csv(tmp_path / "banyak.csv",
                                                                    20_000)))
    assert done.returncode == 0, done.stderr
    assert _frames_not_copied(url) == 0
