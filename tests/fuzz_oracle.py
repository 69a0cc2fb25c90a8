"""What the fuzz suite checks of each file: the child survives, the import answers cleanly,
and a refusal leaves the database exactly as it was.

`ChildReader` runs the readers in a separate process (tests/fuzz_reader.py). `run_import`
drives the path the CLI and the window take: inspect the file and guess the mapping
(refusing when a required column is not found, as `models.cli.master.file_preview` does),
preview the first rows' problems for person imports, then import. `judge` turns an
outcome into a list of findings, each naming the file.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData
from sqlalchemy import select as sql_select

from models.areas import importing as wilayah_import
from models.asn import importing as asn_import
from models.cli.master import file_preview
from models.errors import ImportProblem, KendaliError
from models.officers import importing as officer_import
from models.persons import recap as sls_recap
from models.persons.importing import AlreadyImported, import_persons, preview_problems
from models.schema.batches import ImportKind
from models.sheets.importing import ImportRefused
from tests.fuzz_cases import KIND_FIELDS, FuzzFile

ROOT = Path(__file__).resolve().parent.parent
PERSON_KINDS = {"online": ImportKind.ONLINE, "lapangan": ImportKind.LAPANGAN}
KIND_VALUES = {"online": "online", "lapangan": "lapangan", "wilayah": wilayah_import.KIND,
               "petugas": officer_import.KIND, "asn": asn_import.KIND, "rekap": sls_recap.KIND}
ASN_AGENCY = "Dinas Uji Coba"  # what the window's dialog names for a list without OPD column
CHILD_TIMEOUT_S = 30.0  # reading a file of a few rows for longer hangs the window: a finding
# Words any Indonesian refusal uses; an English or empty message has none of them.
INDONESIAN = re.compile(r"\b(berkas|tidak|baris|kolom|lembar|harus|kosong|sudah|belum|ada|"
                        r"angka|masalah|disimpan|impor|yang|dengan|atau|dibaca|isi)\b", re.I)
IDENTIFIER_COLUMNS = {"nik", "kk", "nip", "bps_code", "kemendagri_code", "area_code"}
ASCII_DIGITS = re.compile(r"[0-9]*")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# ---------------------------------------------------------------- the child process
class ChildReader:
    """One long-lived reader process, restarted whenever a file kills it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr_path: Path | None = None
        self.cache: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        self.started = 0

    def _start(self) -> None:
        handle, name = tempfile.mkstemp(prefix="fuzz-reader-", suffix=".log")
        os.close(handle)
        self.stderr_path = Path(name)
        env = {**os.environ, "RUST_BACKTRACE": "0", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz_reader"], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr_path.open("wb"))
        self.started += 1
        ready = self._answer(60.0)
        if ready.get("outcome") != "ready":
            raise RuntimeError(f"fuzz reader did not start: {ready}")

    def _answer(self, timeout: float) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return self._lost(hung=True)
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                line = self.proc.stdout.readline()
                return json.loads(line) if line else self._lost(hung=False)

    def _lost(self, hung: bool) -> dict[str, Any]:
        assert self.proc is not None
        if hung and self.proc.poll() is None:
            self.proc.kill()  # our own child, by its handle
        code = self.proc.wait()
        tail = ""
        if self.stderr_path and self.stderr_path.exists():
            tail = self.stderr_path.read_text(errors="replace")[-1500:]
            self.stderr_path.unlink()
        self.proc = None
        if hung:
            return {"outcome": "hung", "stderr": tail}
        name = signal.Signals(-code).name if code < 0 else f"exit {code}"
        return {"outcome": "died", "signal": name, "stderr": tail}

    def read(self, path: Path, kind: str, sheet: str | None, digest: str) -> dict[str, Any]:
        key = (digest, kind, sheet)
        if key not in self.cache:
            self.cache[key] = self.ask({"path": str(path), "kind": kind, "sheet": sheet})
        return self.cache[key]

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()
        return self._answer(CHILD_TIMEOUT_S)

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.stderr_path and self.stderr_path.exists():
            self.stderr_path.unlink()


def child_findings(answer: dict[str, Any]) -> list[str]:
    outcome = answer.get("outcome")
    if outcome == "died":
        return [f"membaca berkas mematikan proses ({answer['signal']}):\n"
                f"{answer.get('stderr', '')[-600:]}"]
    if outcome == "hung":
        return [f"membaca berkas tidak selesai dalam {CHILD_TIMEOUT_S:.0f} detik"]
    if outcome == "leaked":
        return [f"pembaca melempar {answer['type']}: {answer['message']}\n"
                f"{answer['traceback'][-1500:]}"]
    return []


# ---------------------------------------------------------------- database content
class Snapshot:
    """Every table's rows in primary-key order, for comparing a database before and after."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.meta = MetaData()
        self.meta.reflect(bind=engine)
        self.tables = self.meta.sorted_tables
        self.lengths = {(t.name, c.name): c.type.length for t in self.tables for c in t.columns
                        if getattr(c.type, "length", None)}

    def take(self) -> dict[str, list[tuple[Any, ...]]]:
        content: dict[str, list[tuple[Any, ...]]] = {}
        with self.engine.connect() as conn:
            for table in self.tables:
                order = list(table.primary_key.columns) or list(table.columns)
                content[table.name] = [tuple(_frozen(v) for v in r) for r in conn.execute(
                    sql_select(table).order_by(*order))]
        return content

    def as_dicts(self, content: dict[str, list[tuple[Any, ...]]]
                 ) -> dict[str, list[dict[str, Any]]]:
        return {t.name: [dict(zip([c.name for c in t.columns], r, strict=True))
                         for r in content.get(t.name, [])] for t in self.tables}

    def changed_rows(self, before: dict[str, list[tuple[Any, ...]]],
                     after: dict[str, list[tuple[Any, ...]]]
                     ) -> dict[str, list[dict[str, Any]]]:
        """Rows that are new or different after, per table, as column -> value."""
        changed: dict[str, list[dict[str, Any]]] = {}
        for table in self.tables:
            names = [c.name for c in table.columns]
            old = set(before.get(table.name, []))
            rows = [dict(zip(names, r, strict=True)) for r in after.get(table.name, [])
                    if r not in old]
            if rows:
                changed[table.name] = rows
        return changed


def _frozen(value: Any) -> Any:
    """JSON columns come back as dicts and lists: compare them as canonical text."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


# ---------------------------------------------------------------- one import
@dataclass
class Outcome:
    status: str  # stored | rejected (a person report, nothing stored) | refused | leaked
    report: Any = None
    error: BaseException | None = None
    trace: str = ""


def _master_import(kind: str) -> Any:
    return {"wilayah": wilayah_import.import_wilayah, "petugas": officer_import.import_petugas,
            "asn": asn_import.import_asn, "rekap": sls_recap.import_recap}[kind]


def run_import(db: Any, kind: str, path: Path, sheet: str | None) -> Outcome:
    """Inspect, map and import as `kendali-sensus import-…` does (and the window: preview)."""
    try:
        args = argparse.Namespace(file=path, sheet=sheet, kolom=[])
        preview = file_preview(args, KIND_FIELDS[kind], KIND_VALUES[kind])
        with db.session() as session:
            if kind in PERSON_KINDS:
                preview_problems(session, PERSON_KINDS[kind], preview.rows, preview.mapping,
                                 limit=20, sheet=preview.sheet)
                report = import_persons(session, PERSON_KINDS[kind], path, preview.mapping,
                                        sheet=preview.sheet)
                return Outcome("stored" if report.stored else "rejected", report)
            options = {"agency": ASN_AGENCY} if kind == "asn" else {}
            report = _master_import(kind)(session, path, preview.mapping, sheet=preview.sheet,
                                          **options)
            return Outcome("stored", report)
    except KendaliError as error:
        return Outcome("refused", error=error)
    except Exception as error:
        return Outcome("leaked", error=error, trace=traceback.format_exc())


# ---------------------------------------------------------------- judging it
def _located(item: Any) -> tuple[int | None, str, str, bool] | None:
    """(row, column, reason, is_error) of an ImportProblem, or of anything shaped like one."""
    if isinstance(item, ImportProblem):
        return item.row, item.column, item.reason, item.error
    if all(hasattr(item, a) for a in ("row", "column", "reason")):
        return item.row, item.column, item.reason, bool(getattr(item, "error", True))
    return None


def report_problems(report: Any) -> list[tuple[int | None, str, str, bool]]:
    """Every located problem a report carries, whatever its field is called."""
    found = []
    if report is None or not is_dataclass(report):
        return found
    for spec in fields(report):
        value = getattr(report, spec.name)
        if isinstance(value, list):
            found += [p for p in (_located(v) for v in value) if p is not None]
    return found


def _check_located(problems: list[tuple[int | None, str, str, bool]]) -> list[str]:
    bad = []
    for row, column, reason, _ in problems:
        if row is not None and (not isinstance(row, int) or row < 1):
            bad.append(f"masalah tanpa nomor baris yang benar ({row!r}): {reason}")
        if not isinstance(column, str) or not column.strip():
            bad.append(f"masalah baris {row} tanpa nama kolom: {reason}")
        if not isinstance(reason, str) or not reason.strip():
            bad.append(f"masalah baris {row} kolom {column} tanpa alasan")
    return bad


def _outside(problems: list[tuple[int | None, str, str, bool]], ff: FuzzFile) -> list[str]:
    if ff.allowed_rows is None:
        return []
    return [f"baris {row} ditolak padahal tidak diubah (kolom {column}): {reason}"
            for row, column, reason, error in problems
            if error and row is not None and row not in ff.allowed_rows][:5]


def _unflagged(problems: list[tuple[int | None, str, str, bool]], ff: FuzzFile) -> list[str]:
    rows = {row for row, *_ in problems}
    return [f"baris {row}: {why}, tetapi tidak ada kesalahan atau peringatan untuk baris itu"
            for row, why in ff.flag_rows.items() if row not in rows]


def _stored_content(changed: dict[str, list[dict[str, Any]]],
                    after: dict[str, list[dict[str, Any]]], ff: FuzzFile,
                    lengths: dict[tuple[str, str], int]) -> list[str]:
    bad = []
    for table, rows in changed.items():
        for row in rows:
            for column, value in row.items():
                if not isinstance(value, str):
                    continue
                limit = lengths.get((table, column))
                if limit is not None and len(value) > limit:  # SQLite stores it anyway
                    bad.append(f"{table}.{column} tersimpan {len(value)} karakter, melebihi "
                               f"VARCHAR({limit}) (PostgreSQL menolaknya)")
                if column in IDENTIFIER_COLUMNS and not ASCII_DIGITS.fullmatch(value):
                    bad.append(f"{table}.{column} tersimpan {value[:40]!r}: bukan angka ASCII")
                if table != "import_batch" and CONTROL.search(value):
                    bad.append(f"{table}.{column} tersimpan dengan karakter kendali: "
                               f"{value[:60]!r}")
    current = current_texts(after)
    for text, what in ff.stored_texts.items():
        if text not in current:
            bad.append(f"{what}: '{text}' tidak tersimpan apa adanya")
    return bad[:8]


def current_texts(content: dict[str, list[dict[str, Any]]]) -> set[str]:
    """Every text value of the rows in force (a person's older versions left out)."""
    return {value for rows in content.values() for row in rows
            if row.get("replaced_by_batch_id") is None
            for value in row.values() if isinstance(value, str)}


def judge(ff: FuzzFile, path: Path, outcome: Outcome, snapshot: Snapshot,
          before: dict[str, list[tuple[Any, ...]]],
          after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """Findings about one import of `ff` (empty: it behaved)."""
    if outcome.status == "leaked":
        assert outcome.error is not None
        name = f"{type(outcome.error).__module__}.{type(outcome.error).__name__}"
        leaked = [f"{name} lolos (bukan penolakan berbahasa Indonesia): {outcome.error}\n"
                  f"{outcome.trace[-2500:]}"]
        if before != after:
            leaked.append(f"dan isi basis data berubah (tabel "
                          f"{[t for t in after if before.get(t) != after[t]]})")
        return leaked
    findings: list[str] = []
    if ff.must_store and outcome.status != "stored":
        why = (outcome.error.message[:300] if isinstance(outcome.error, KendaliError) else
               "; ".join(r for _, _, r, e in report_problems(outcome.report) if e)[:300])
        findings.append(f"tidak tersimpan, padahal {ff.must_store}: {why}")
    if outcome.status in ("refused", "rejected") and before != after:
        tables = [t for t in after if before.get(t) != after[t]]
        findings.append(f"ditolak, tetapi isi basis data berubah (tabel {tables})")
    if outcome.status == "refused":
        error = outcome.error
        assert isinstance(error, KendaliError)
        message = error.message or ""
        if path.name not in message:
            findings.append(f"penolakan tidak menyebut berkas {path.name}: {message[:300]!r}")
        if not INDONESIAN.search(message):
            findings.append(f"penolakan bukan kalimat Indonesia: {message[:300]!r}")
        if ff.need_row and not isinstance(error, (ImportRefused, AlreadyImported)):
            cells = re.findall(r"\bsel ([A-Z]{1,3})([0-9]+)\b", message)  # 'sel G2'
            named = [int(r) for r in re.findall(r"\bbaris (\d+)", message)]
            named += [int(r) for _, r in cells]
            if not named or not (cells or re.search(r"\bkolom \S", message)):
                findings.append(f"seluruh berkas ditolak tanpa menyebut baris dan kolom, padahal "
                                f"{ff.need_row}: {type(error).__name__}: {message[:300]!r}")
            elif ff.allowed_rows is not None and not set(named) <= ff.allowed_rows:
                findings.append(f"ditolak karena baris {named}, padahal yang diubah baris "
                                f"{sorted(ff.allowed_rows)}: {message[:300]!r}")
        for word in ff.refusal_names:
            if word not in message:
                findings.append(f"penolakan tidak menyebut {word!r}: {message[:300]!r}")
        if isinstance(error, ImportRefused):
            located = [_located(e) for e in error.errors]
            problems = [p for p in located if p is not None]
            if not problems:
                findings.append("ImportRefused tanpa satu pun ImportProblem")
            findings += [f"ImportProblem menyebut berkas {e.file!r}, bukan {path.name}"
                         for e in error.errors if e.file != path.name][:2]
            findings += [f"ImportProblem tanpa nama lembar: {e}" for e in error.errors
                         if not str(e.sheet).strip()][:2]
            findings += _check_located(problems)[:5] + _outside(problems, ff)
        return findings
    problems = report_problems(outcome.report)
    findings += _check_located(problems)[:5]
    if outcome.status == "rejected":
        if getattr(outcome.report, "file_name", path.name) != path.name:
            findings.append(f"laporan menyebut berkas {outcome.report.file_name!r}")
        if not any(error for *_, error in problems):
            findings.append("tidak ada yang disimpan, tetapi laporan tanpa kesalahan")
        return findings + _outside(problems, ff) + _unflagged(problems, ff)
    # stored
    if ff.must_refuse:
        findings.append(f"tersimpan, padahal harus ditolak: {ff.must_refuse}")
    changed = snapshot.changed_rows(before, after)
    batches = changed.get("import_batch", [])
    new = [b for b in batches if b["id"] not in {r[0] for r in before["import_batch"]}]
    if len(new) != 1:
        findings.append(f"tersimpan dengan {len(new)} batch baru, bukan 1")
    for batch in new:
        if not batch["rows_read"]:
            findings.append("batch kosong tercatat (0 baris dibaca): harus ditolak "
                            "('tidak ada baris data')")
        elif ff.valid_rows is not None and batch["rows_read"] != ff.valid_rows:
            findings.append(f"{batch['rows_read']} baris dibaca, padahal berkas berisi "
                            f"{ff.valid_rows} baris data")
    return (findings + _unflagged(problems, ff)
            + _stored_content(changed, snapshot.as_dicts(after), ff, snapshot.lengths))
