"""Domain errors; each carries an Indonesian message a user can act on."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class KendaliError(Exception):
    """Base of every error shown to a user: `message` is Indonesian, `detail` technical."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.message}\n({self.detail})" if self.detail else self.message


class DatabaseOpenError(KendaliError):
    """The database could not be opened or upgraded; nothing in it was changed."""


@dataclass
class FieldProblem:
    field: str
    reason: str


class ValidationError(KendaliError):
    """Edits refused because some fields are invalid; `problems` names each field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(
            "Data belum dapat disimpan:\n" + "\n".join(f"• {p.reason}" for p in problems)
        )


class Severity(StrEnum):
    ERROR = "error"  # the row cannot be stored
    WARNING = "warning"  # the row is stored, but someone should look


# Slots and not frozen: a million-row person import may create one per row, and a frozen
# dataclass pays an object.__setattr__ per field on every one of them.
@dataclass(slots=True)
class ImportProblem:
    """A problem in one cell of an imported file (any import: master files and persons)."""

    sheet: str
    row: int  # the spreadsheet's row number, as the user sees it
    column: str  # as the file's header spells it
    severity: Severity
    reason: str
    file: str = ""  # the file's name, where the problem is shown apart from its report

    @property
    def error(self) -> bool:
        return self.severity == Severity.ERROR

    def __str__(self) -> str:
        where = f"lembar {self.sheet}, baris {self.row}, kolom {self.column}"
        return f"{self.file}, {where}: {self.reason}" if self.file else f"{where}: {self.reason}"


class StaleEditError(KendaliError):
    """Someone else saved the same record first (optimistic locking)."""


class ConcurrentChangeError(StaleEditError):
    """The database refused a transaction because another one (another PC, another window)
    was changing the same rows: a deadlock, a serialization failure, or SQLite still busy
    after its wait. Everything of the transaction was rolled back."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("Data yang sama sedang diubah pengguna lain (mungkin dari PC lain) "
                         "pada saat yang sama. Tidak ada yang disimpan; muat ulang lalu "
                         "ulangi.", detail)


class Cancelled(KendaliError):
    """The user pressed Cancel; the operation's transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__("Dibatalkan. Tidak ada data yang diubah.")
