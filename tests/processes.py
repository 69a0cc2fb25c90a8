"""Several PCs in one test: worker processes released at the same moment, bounded in time."""
from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from typing import Any

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
