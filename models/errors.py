"""Domain errors; each carries an Indonesian message a user can act on."""
from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class RowError(Exception):
    """A problem in one cell of an imported file, located for the user."""

    file: str
    sheet: str
    row: int
    column: str
    reason: str
    severity: str = field(default="error")

    def __str__(self) -> str:
        where = f"{self.file}, lembar {self.sheet}, baris {self.row}, kolom {self.column}"
        return f"{where}: {self.reason}"


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
