"""What the workers of one test run build once and share: a folder they all see, and a lock."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def shared_folder(factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder: pytest-xdist gives each worker its own inside it."""
    base = factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


@contextmanager
def exclusive(folder: Path, name: str, *, timeout_s: float = 1200) -> Iterator[None]:
    """Held by one worker at a time. A file made only if absent, so it works wherever the
    tests run; a worker killed while holding it makes the others fail after `timeout_s`
    (the run has failed anyway) instead of waiting for ever."""
    lock = folder / f"{name}.lock"
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{lock} held for over {timeout_s:.0f} s") from None
            time.sleep(0.2)
    try:
        yield
    finally:
        lock.unlink()
