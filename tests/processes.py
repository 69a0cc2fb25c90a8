"""Several PCs in one test: worker processes released at the same moment, bounded in time."""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Spawned, not forked: the test process has threads (Qt, SQLAlchemy's pool, loaders).
CONTEXT = multiprocessing.get_context("spawn")
TIMEOUT = 180.0  # seconds for a whole run, start-up of every process included


def outcome(call: Callable[[], Any]) -> str:
    """What a PC saw: 'ok', or the error's class name and its first line."""
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - reported to the test, which judges it
        text = str(getattr(exc, "message", None) or exc).strip().splitlines()
        return f"{type(exc).__name__}: {text[0] if text else ''}"
    return "ok"


def run_together(target: Callable[..., None], calls: list[tuple[Any, ...]],
                 rounds: int = 1, timeout: float = TIMEOUT) -> list[list[str]]:
    """Run `target(*args, start, results)` in one process per entry of `calls`.

    Each process calls `start.wait()` before each of its `rounds` steps and puts
    `(round, outcome)` on `results` after it, so every round begins in all processes at
    once. Returns the outcomes per round. A process still running after `timeout` is
    killed and the test fails.
    """
    start = CONTEXT.Barrier(len(calls), timeout=timeout)
    results = CONTEXT.Queue()
    workers = [CONTEXT.Process(target=target, args=(*args, start, results), daemon=True)
               for args in calls]
    for worker in workers:
        worker.start()
    seen: list[list[str]] = [[] for _ in range(rounds)]
    try:
        for _ in range(rounds * len(calls)):
            step, what = results.get(timeout=timeout)
            seen[step].append(what)
    except queue.Empty:
        raise AssertionError(f"the processes did not finish in {timeout:.0f} s: {seen}") from None
    finally:
        for worker in workers:
            worker.join(10)
            if worker.is_alive():
                worker.kill()
    return [sorted(step) for step in seen]


def kill_when_marked(script: str, marker: Path, *args: str, env: dict[str, str] | None = None,
                     may_finish: bool = False, timeout: float = 120.0) -> None:
    """Run `script` in a child, wait for it to write `marker`, then SIGKILL its group.
    With `may_finish`, a child that ends without reaching the marker is fine too."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), str(marker), *args], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None and not marker.exists():
            if may_finish and process.returncode == 0:
                return
            pytest.fail(f"the child ended before it could be killed: {process.stderr.read()}")
        assert time.monotonic() < deadline, "the child never reached the moment to kill"
        time.sleep(0.02)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it killed itself
        pass
    assert process.wait(timeout=30) == -signal.SIGKILL
