"""Writing output files so that a half-written file never takes the real name."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; once written without error it is renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        yield temporary
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)  # only left behind by a failed write
