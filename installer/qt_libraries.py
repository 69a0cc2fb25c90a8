"""Check the system libraries Qt's xcb plugin links to and print the apt line for the missing."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# Debian/Ubuntu package of each shared library Qt's xcb plugin (and libQt6Gui under it) links
# to. Ubuntu 24.04 renamed a few (libglib2.0-0t64, libpng16-16t64); apt picks those for the
# old names by itself.
PACKAGES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libXext.so.6": "libxext6",
    "libXrender.so.1": "libxrender1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libexpat.so.1": "libexpat1",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpcre2-8.so.0": "libpcre2-8-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libsystemd.so.0": "libsystemd0",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
    "libcap.so.2": "libcap2",
    "libgcrypt.so.20": "libgcrypt20",
    "libgpg-error.so.0": "libgpg-error0",
    "liblzma.so.5": "liblzma5",
    "liblz4.so.1": "liblz4-1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}

# =1: install the missing packages (as root, or with sudo that asks no password).
OPT_IN = "KENDALI_PASANG_PUSTAKA"
TRUE = {"1", "true", "yes", "ya"}


def missing_sonames(ldd_output: str) -> list[str]:
    """The libraries ldd reports as "not found", once each, in the order seen."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        if arrow and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def packages_for(sonames: Iterable[str]) -> tuple[list[str], list[str]]:
    """The packages that provide the sonames (sorted, once each) and the sonames not known."""
    packages = sorted({PACKAGES[name] for name in sonames if name in PACKAGES})
    unknown = [name for name in sonames if name not in PACKAGES]
    return packages, unknown


def apt_line(packages: Iterable[str], root: bool) -> str:
    """The one command a user types to install the packages."""
    return ("" if root else "sudo ") + "apt install " + " ".join(packages)


def qt_folder() -> Path | None:
    """PySide6's Qt folder, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "Qt"
    return folder if folder.is_dir() else None


def plugin_files(qt: Path) -> list[Path]:
    """The xcb platform plugin and the libQt6XcbQpa it loads."""
    candidates = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    return [path for path in candidates if path.exists()]


def run_ldd(files: list[Path]) -> str:
    """ldd's output for the files ("" when ldd is missing)."""
    if shutil.which("ldd") is None:
        return ""
    done = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, check=False)
    return done.stdout


def uses_xcb(env: Mapping[str, str]) -> tuple[bool, bool]:
    """(check at all, Qt starts on xcb so a missing library stops it) from the environment."""
    names = [part.split(":")[0].strip() for part in env.get("QT_QPA_PLATFORM", "").split(";")]
    names = [name for name in names if name]
    if names:
        return "xcb" in names, names[0] == "xcb"
    wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
    return True, not wayland  # Qt 6 tries wayland first in a Wayland session, xcb after


def installer_prefix(env: Mapping[str, str], root: bool) -> list[str] | None:
    """How to run apt-get here without asking anyone, or None when we may not install."""
    allowed = env.get(OPT_IN, "").strip().lower() in TRUE or env.get("CI", "").lower() in TRUE
    if not allowed or shutil.which("apt-get") is None:
        return None
    if root:
        return []
    if shutil.which("sudo") is None:
        return None
    quiet = subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False)
    return ["sudo", "-n"] if quiet.returncode == 0 else None


def install(prefix: list[str], packages: list[str]) -> bool:
    """apt-get install the packages (after apt-get update when the first try fails)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    print("Memasang pustaka sistem untuk Qt: " + " ".join(command), flush=True)
    if subprocess.run(command, env=env, check=False).returncode == 0:
        return True
    subprocess.run([*prefix, "apt-get", "update", "-q"], env=env, check=False)
    return subprocess.run(command, env=env, check=False).returncode == 0


def report(missing: list[str], root: bool, required: bool) -> None:
    """Tell the user which libraries are missing and the apt line that installs them."""
    packages, unknown = packages_for(missing)
    if required:
        print("Qt tidak dapat membuka jendela: pustaka sistem berikut belum terpasang:")
    else:
        print("Peringatan: pustaka sistem untuk plugin xcb Qt belum terpasang "
              "(diperlukan bila Qt tidak dapat memakai Wayland):")
    print("    " + ", ".join(missing))
    if packages:
        print("Pasang dengan perintah ini, lalu jalankan lagi `make run` (atau `make demo`):")
        print("    " + apt_line(packages, root))
    for name in unknown:
        print(f"Paket untuk {name} tidak dikenal; cari dengan `apt-file search {name}`.")
    if packages:
        print(f"Atau jalankan `{OPT_IN}=1 make run` sebagai root atau dengan sudo tanpa kata")
        print("sandi: paketnya dipasang otomatis (di CI, dengan CI=true, juga tanpa variabel itu).")


def main(env: Mapping[str, str] | None = None) -> int:
    """0 when Qt can start (or the check does not apply), 1 when libraries are missing."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return 0
    check, required = uses_xcb(env)
    qt = qt_folder() if check else None
    files = plugin_files(qt) if qt else []
    if not files:
        return 0
    missing = missing_sonames(run_ldd(files))
    if not missing:
        return 0
    root = os.geteuid() == 0
    packages, _ = packages_for(missing)
    prefix = installer_prefix(env, root) if packages else None
    if prefix is not None and install(prefix, packages):
        missing = missing_sonames(run_ldd(files))
        if not missing:
            print("Pustaka sistem untuk Qt sudah terpasang.")
            return 0
    report(missing, root, required)
    return 1 if required else 0


if __name__ == "__main__":
    sys.exit(main())
