"""Child process of the import benchmark: time calamine alone, then the whole import.

Run apart from pytest so that its peak memory (ru_maxrss) is the import's own.
    python -m tests.bench.import_run DB_URL FILE
prints one JSON line.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from models.batches import ImportKind
from models.importing import inspect_file
from models.person_fields import FIELDS
from models.person_import import OnError, import_persons
from models.spreadsheet import iter_rows
from tests.bench.backends import open_bench


def main(url: str, path: Path) -> None:
    started = time.perf_counter()
    rows = sum(1 for _ in iter_rows(path))
    baseline = time.perf_counter() - started
    preview = inspect_file(path, FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value)
    db = open_bench(url)
    with db.session() as session:
        started = time.perf_counter()
        report = import_persons(session, ImportKind.ONLINE, path, preview.mapping,
                                preview.sheet, OnError.VALID_ONLY)
        elapsed = time.perf_counter() - started
    db.dispose()
    print(json.dumps({
        "rows": rows, "baseline": baseline, "import": elapsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "inserted": report.inserted, "rejected": report.rejected,
        "warnings": report.warnings,
    }))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
