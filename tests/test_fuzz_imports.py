"""Fuzzing every import with malformed and edge-case files (issue 17, "Prove it").

Each file goes through two checks. First a child process reads it the way the imports
do (tests/fuzz_reader.py): the reader must neither kill the process (python-calamine
aborts on a huge claimed range) nor leak an exception other than a KendaliError. Then,
in this process, the file is imported into a seeded office database, as the CLI and the
window do (see tests/fuzz_oracle.run_import): the answer must be a stored import or an
Indonesian refusal naming the file (and row and column where there is one), and on
refusal every table must hold exactly the rows it held before.

Files come from Hypothesis strategies (tests/fuzz_strategies.py) for every kind x format, and
from hand-made cases for each class of issue 17 (tests/fuzz_named.py). Generation is
derandomised and keeps no example database, so a run is repeatable and leaves nothing in
the work tree; shrinking is off, so a failure shows the file as it was generated, with
its description. One database per backend is shared by all files: a refusal must not
change it, and the files that do import only add to the seeded office.

About 800 files on SQLite and 400 on PostgreSQL per run, under a minute on an idle machine;
KENDALI_FUZZ_SCALE=10 searches ten times as long (the named cases stay as they are).
"""
from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.strategies import SearchStrategy

from models.errors import ImportProblem, KendaliError, Severity
from models.launch.opening import open_database
from models.sheets.importing import ImportRefused
from tests.builders import SmallCity, set_office_codes
from tests.conftest import BACKENDS, TEST_ADMIN, PgSchemas
from tests.fuzz_cases import KINDS, FuzzFile
from tests.fuzz_files import FORMATS
from tests.fuzz_named import NAMED_CASES
from tests.fuzz_oracle import (
    ChildReader,
    Outcome,
    Snapshot,
    child_findings,
    judge,
    run_import,
)
from tests.fuzz_strategies import changed_files, damaged_files, random_table_files

# Hypothesis keeps a cache beside the tests even without an example database: not in the tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="kendali-hypothesis-"))

# Examples per kind and format, per family; PostgreSQL runs a subset of the same sequence,
# and .xls, read through a probing child process (a few tenths of a second), half as many.
EXAMPLES = {"changed": 12, "random": 6, "damaged": 6}
PG_SHARE = 0.5
XLS_SHARE = 0.5
# A deeper search, e.g. before a release: KENDALI_FUZZ_SCALE=10 runs ten times as many.
SCALE = float(os.environ.get("KENDALI_FUZZ_SCALE", "1"))


@pytest.fixture(scope="session")
def child_reader() -> Iterator[ChildReader]:
    reader = ChildReader()
    yield reader
    reader.close()


@dataclass
class Fuzz:
    """One seeded database and the bookkeeping of the files checked against it."""

    backend: str
    db: Any
    snapshot: Snapshot
    reader: ChildReader
    folder: Path
    content: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    numbers: Iterator[int] = field(default_factory=itertools.count)
    judged: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def examples(self, family: str, fmt: str) -> int:
        share = (PG_SHARE if self.backend == "postgresql" else 1) * (
            XLS_SHARE if fmt == "xls" else 1)
        return max(1, round(EXAMPLES[family] * share * SCALE))

    def check(self, ff: FuzzFile) -> None:
        path = ff.build(self.folder / f"fuzz-{next(self.numbers):04d}{ff.suffix}")
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            key = (digest, ff.kind, ff.sheet, ff.description)
            found = self.judged.get(key)
            if found is None:
                self.counts[ff.kind, ff.fmt] += 1
                found = self._check(ff, path, digest)
                # Hypothesis replays a failing example: answer it as the first time, since
                # importing the same file again would only meet "sudah pernah diimpor".
                self.judged[key] = found
        finally:
            path.unlink(missing_ok=True)
        assert not found, (f"{ff.kind} {ff.fmt} [{self.backend}] {ff.description}\n  "
                           + "\n  ".join(found))

    def _check(self, ff: FuzzFile, path: Path, digest: str) -> list[str]:
        found = child_findings(self.reader.read(path, ff.kind, ff.sheet, digest))
        if found:  # only a file the child survived is safe to import in this process
            return found
        before = self.content or self.snapshot.take()
        outcome = run_import(self.db, ff.kind, path, ff.sheet)
        self.content = self.snapshot.take()
        return judge(ff, path, outcome, self.snapshot, before, self.content)


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         pg_schemas: PgSchemas | None, child_reader: ChildReader) -> Iterator[Fuzz]:
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    schema = None
    if request.param == "sqlite":
        url = str(folder / "kantor.sqlite")
    elif pg_schemas is None:
        pytest.skip("PostgreSQL: set KENDALI_TEST_POSTGRES_URL to fuzz on PostgreSQL too")
    else:
        schema, url = pg_schemas.create()
    database, _ = open_database(url)
    db = database.acting_as(TEST_ADMIN)
    with db.session() as session:
        set_office_codes(session)
        SmallCity(session)
    state = Fuzz(request.param, db, Snapshot(db.engine), child_reader, folder)
    yield state
    total = sum(state.counts.values())
    per_kind = Counter(k for k, _ in state.counts.elements())
    per_format = Counter(f for _, f in state.counts.elements())
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nfuzz [{request.param}]: {total} berkas dalam "
                f"{time.monotonic() - state.started:.0f} detik; per jenis {dict(per_kind)}; "
                f"per format {dict(per_format)}; proses anak dimulai {child_reader.started} "
                "kali")
    database.dispose()
    if schema and pg_schemas:
        pg_schemas.drop(schema)


def run_examples(fuzz: Fuzz, strategy: SearchStrategy[FuzzFile], examples: int) -> None:
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], print_blob=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one_file(ff: FuzzFile) -> None:
        fuzz.check(ff)

    one_file()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_changed_cells_are_refused_only_where_changed(fuzz: Fuzz, kind: str, fmt: str) -> None:
    """A valid file with a few cells changed: only those rows may be refused, odd ones
    must be flagged, and what is stored has ASCII identifiers and no control characters."""
    run_examples(fuzz, changed_files(kind, fmt), fuzz.examples("changed", fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_random_tables_are_imported_or_refused(fuzz: Fuzz, kind: str, fmt: str) -> None:
    run_examples(fuzz, random_table_files(kind, fmt), fuzz.examples("random", fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_damaged_files_are_refused_cleanly(fuzz: Fuzz, kind: str, fmt: str) -> None:
    run_examples(fuzz, damaged_files(kind, fmt), fuzz.examples("damaged", fmt))


@pytest.mark.parametrize("case", NAMED_CASES, ids=[c.id for c in NAMED_CASES])
def test_named_class(fuzz: Fuzz, case: Any) -> None:
    """The classes of issue 17, one hand-made file each, in every kind and format."""
    if fuzz.backend == "postgresql" and not case.on_postgresql:
        pytest.skip("PostgreSQL menjalankan sebagian kasus bernama (lihat fuzz_named.py)")
    fuzz.check(case.make())


# ---------------------------------------------------------------- the checks themselves
def test_a_reader_that_aborts_is_reported_and_replaced(child_reader: ChildReader,
                                                       tmp_path: Path) -> None:
    died = child_reader.ask({"abort": True})
    assert died["outcome"] == "died" and died["signal"] == "SIGABRT"
    assert "SIGABRT" in child_findings(died)[0]
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    assert child_reader.ask({"path": str(path), "kind": "online"})["outcome"] in (
        "read", "refused")  # a new child answers


def _judged(outcome: Outcome, before: dict[str, list[tuple[Any, ...]]] | None = None,
            after: dict[str, list[tuple[Any, ...]]] | None = None,
            ff: FuzzFile | None = None) -> list[str]:
    class NoTables:
        tables: list[Any] = []
        lengths: dict[tuple[str, str], int] = {}

        def changed_rows(self, before: Any, after: Any) -> dict[str, Any]:
            return {}

        def as_dicts(self, content: Any) -> dict[str, Any]:
            return {}

    content = {"import_batch": [(1,)]}
    ff = ff or FuzzFile("wilayah", "csv", "uji", lambda p: p, allowed_rows={2})
    return judge(ff, Path("data.csv"), outcome, NoTables(),  # type: ignore[arg-type]
                 before or content, after or content)


def test_the_checks_catch_what_they_claim() -> None:
    leaked = _judged(Outcome("leaked", error=ValueError("x"), trace="Traceback"))
    assert leaked and "ValueError" in leaked[0]
    refused = ImportRefused([ImportProblem("Data", 2, "Nama", Severity.ERROR, "Nama kosong.",
                                           "data.csv")])
    assert _judged(Outcome("refused", error=refused)) == []
    changed = _judged(Outcome("refused", error=refused), {"import_batch": [(1,)]},
                      {"import_batch": [(1,), (2,)]})
    assert any("isi basis data berubah" in f for f in changed)
    elsewhere = ImportRefused([ImportProblem("Data", 3, "", Severity.ERROR, "salah", "lain.csv")])
    found = " ".join(_judged(Outcome("refused", error=elsewhere)))
    assert "lain.csv" in found and "tanpa nama kolom" in found and "baris 3" in found
    english = _judged(Outcome("refused", error=KendaliError("data.csv: bad file")))
    assert any("bukan kalimat Indonesia" in f for f in english)
    must = FuzzFile("wilayah", "csv", "uji", lambda p: p, must_refuse="kosong")
    assert any("harus ditolak" in f for f in _judged(Outcome("stored"), ff=must))
