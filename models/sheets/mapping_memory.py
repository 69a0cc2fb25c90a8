"""Column mappings the user confirmed, remembered per import kind and file shape.

Kept as JSON beside the connection settings so the command line finds them too.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from models.store import config

log = logging.getLogger(__name__)


def _path() -> Path:
    return config.config_file().with_name("pemetaan-kolom.json")


def _load() -> dict[str, dict[str, int]]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("ignoring unreadable %s", _path())
        return {}
    return data if isinstance(data, dict) else {}


def recall(kind: str, signature: str) -> dict[str, int] | None:
    return _load().get(f"{kind}:{signature}")


def remember(kind: str, signature: str, columns: dict[str, int]) -> None:
    data = _load()
    data[f"{kind}:{signature}"] = dict(columns)
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
