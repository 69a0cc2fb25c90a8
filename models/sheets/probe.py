"""Opening a workbook in a child process first: calamine may abort where it cannot raise."""
from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

PROBE_MEMORY = 6 << 30  # a child's address space: the cell budget at ods' cost, and more


@dataclass
class Probed:
    """What the child saw: each loaded sheet's rows × columns, or that it died loading."""

    died: bool = False
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)


def probe(path: Path, sheet: str | None) -> Probed | None:
    """Open `path` (and load `sheet`) with calamine in a child; None if no child ran."""
    context = multiprocessing.get_context("spawn")  # as on Windows, and no fork of threads
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=probe_child, args=(str(path), sheet, sender), daemon=True)
    try:
        child.start()
    except OSError as exc:
        log.error("cannot start a child to probe %s: %s", path, exc)
        return None
    sender.close()
    messages: list[object] = []
    try:
        while True:
            messages.append(receiver.recv())
    except EOFError:
        pass
    finally:
        receiver.close()
        child.join()
    if not messages:  # it never ran (say, a frozen app without freeze_support)
        log.error("the child probing %s did not start: exit %s", path, child.exitcode)
        return None
    if len(messages) == 1:
        log.warning("probing %s (%s) killed the child: exit %s", path, sheet, child.exitcode)
        return Probed(died=True)
    status, extents = messages[-1]  # type: ignore[misc]
    return Probed(extents=extents if status == "ok" else {})


def probe_child(path: str, sheet: str | None, sender: object) -> None:
    """In the child: what calamine holds for each sheet it loads (xls, ods: all, on opening).

    It says it started first, so that a child that dies loading is told apart from one
    that never ran.
    """
    sender.send("started")  # type: ignore[attr-defined]
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # calamine's abort message; the parent logs the exit code
    except OSError:
        pass
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = PROBE_MEMORY if hard == resource.RLIM_INFINITY else min(PROBE_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # Windows has no RLIMIT_AS
        pass
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
        # xls and ods are read whole on opening: every sheet's range is held already
        wanted = [sheet] if sheet is not None else (
            book.sheet_names if path.lower().endswith((".xls", ".ods")) else [])
        extents = {}
        for name in wanted:
            end = book.get_sheet_by_name(name).end
            extents[name] = (end[0] + 1, end[1] + 1) if end else (0, 0)
        sender.send(("ok", extents))  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - calamine's error, raised again by the caller
        sender.send(("error", str(exc)))  # type: ignore[attr-defined]
