"""Print the app version from pyproject.toml (for the Windows build script)."""
import tomllib
from pathlib import Path

with (Path(__file__).resolve().parent.parent / "pyproject.toml").open("rb") as handle:
    print(tomllib.load(handle)["project"]["version"])
