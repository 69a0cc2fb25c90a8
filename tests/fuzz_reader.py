"""Child process of the fuzz suite: reads each file as an import does, reports how it went.

A reader that aborts (python-calamine on a huge claimed range) takes this process down,
not the test run. Requests come one JSON line at a time on stdin; each answer is one
JSON line on the original stdout, while anything else the readers print goes to stderr.
Run as `python -m tests.fuzz_reader`; the parent (tests/test_fuzz_imports.py) restarts
it after a death and reports the file that caused it.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

MEMORY_LIMIT = int(os.environ.get("KENDALI_FUZZ_MEMORY", str(6 << 30)))


def _fields(kind: str) -> tuple[list[Any], str]:
    from models.areas import importing as wilayah_import
    from models.asn import importing as asn_import
    from models.officers import importing as officer_import
    from models.persons import recap as sls_recap
    from models.persons.fields import FIELDS
    from models.schema.batches import ImportKind

    return {
        "online": (FIELDS[ImportKind.ONLINE], ImportKind.ONLINE.value),
        "lapangan": (FIELDS[ImportKind.LAPANGAN], ImportKind.LAPANGAN.value),
        "wilayah": (wilayah_import.FIELDS, wilayah_import.KIND),
        "petugas": (officer_import.FIELDS, officer_import.KIND),
        "asn": (asn_import.FIELDS, asn_import.KIND),
        "rekap": (sls_recap.FIELDS, sls_recap.KIND),
    }[kind]


def read(request: dict[str, Any]) -> dict[str, Any]:
    """Every reading step an import takes: inspect (sheets, head, mapping), then all rows."""
    from models.errors import KendaliError
    from models.sheets.importing import data_rows, inspect_file
    from models.sheets.reading import file_sha256, open_rows, sheet_names

    path = Path(request["path"])
    fields, kind = _fields(request["kind"])
    try:
        preview = inspect_file(path, fields, kind, request.get("sheet"))
        sheet_names(path)
        file_sha256(path)
        loaded = open_rows(path, preview.sheet)
        rows = sum(1 for _ in loaded.rows)
        data = sum(1 for _ in data_rows(path, preview.sheet, preview.mapping))
        return {"outcome": "read", "rows": rows, "data_rows": data, "sheet": preview.sheet}
    except KendaliError as error:
        return {"outcome": "refused", "type": type(error).__name__, "message": error.message}
    except Exception as error:  # what the suite is looking for: report, don't die
        return {"outcome": "leaked", "type": f"{type(error).__module__}.{type(error).__name__}",
                "message": str(error)[:500], "traceback": traceback.format_exc()[-4000:]}


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # stray prints (ours or a library's) never garble the answers
    sys.stdout = sys.stderr
    import models.sheets.importing  # noqa: F401  (import before the first request: warm answers)

    answers.write(json.dumps({"outcome": "ready", "pid": os.getpid()}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("abort"):  # the suite's own check that a death is reported
            os.abort()
        answers.write(json.dumps(read(request)) + "\n")


if __name__ == "__main__":
    main()
