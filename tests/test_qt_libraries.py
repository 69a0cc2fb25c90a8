"""`make run` names the apt packages for the libraries Qt's xcb plugin misses (installer/)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "installer" / "qt_libraries.py"

# ldd libqxcb.so on Debian 12 without libxcb-icccm4 and libxcb-keysyms1 (shortened).
LDD = """\
	linux-vdso.so.1 (0x00007fbe987d9000)
	libQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007fbe9870b000)
	libGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007fbe9867a000)
	libxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007fbe98627000)
	libxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007fbe98620000)
	libxcb-icccm.so.4 => not found
	libxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007fbe98618000)
	libxcb-keysyms.so.1 => not found
	libxcb-randr.so.0 => /lib/x86_64-linux-gnu/libxcb-randr.so.0 (0x00007fbe985ff000)
	libxcb-icccm.so.4 => not found
	libxcb-keysyms.so.1 => not found
	libEGL.so.1 => /lib/x86_64-linux-gnu/libEGL.so.1 (0x00007fbe98549000)
	/lib64/ld-linux-x86-64.so.2 (0x00007fbe987db000)
"""


@pytest.fixture()
def qt_libraries() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qt_libraries", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def fake_machine(qt_libraries: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Linux, a PySide6 with an xcb plugin, ldd answering LDD, a user who is not root."""
    plugin = tmp_path / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(qt_libraries, "qt_folder", lambda: tmp_path)
    monkeypatch.setattr(qt_libraries, "run_ldd", lambda files: LDD)
    monkeypatch.setattr(qt_libraries.os, "geteuid", lambda: 1000)
    return qt_libraries


def test_missing_libraries_are_read_from_ldd_once_each(qt_libraries: ModuleType) -> None:
    assert qt_libraries.missing_sonames(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert qt_libraries.missing_sonames(LDD.replace("not found", "/lib/x.so (0x1)")) == []


def test_sonames_map_to_debian_packages_and_unknown_ones_are_kept(
    qt_libraries: ModuleType,
) -> None:
    packages, unknown = qt_libraries.packages_for(
        ["libxcb-keysyms.so.1", "libxcb-icccm.so.4", "libEGL.so.1", "libfoo.so.3",
         "libglib-2.0.so.0", "libgthread-2.0.so.0"])
    assert packages == ["libegl1", "libglib2.0-0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert unknown == ["libfoo.so.3"]


def test_the_readme_libraries_are_in_the_table(qt_libraries: ModuleType) -> None:
    readme = (SCRIPT.parent.parent / "README.md").read_text(encoding="utf-8")
    known = set(qt_libraries.PACKAGES.values())
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libegl1",
                    "libxkbcommon-x11-0", "libfontconfig1", "libgl1", "libdbus-1-3"):
        assert package in known
        assert package in readme, f"README › Memulai tidak menyebut {package}"


def test_apt_line_uses_sudo_unless_root(qt_libraries: ModuleType) -> None:
    packages = ["libxcb-icccm4", "libxcb-keysyms1"]
    assert qt_libraries.apt_line(packages, root=False) == (
        "sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert qt_libraries.apt_line(packages, root=True) == "apt install libxcb-icccm4 libxcb-keysyms1"


def test_run_stops_with_the_one_apt_line(fake_machine: ModuleType,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert fake_machine.main({"DISPLAY": ":0"}) == 1
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines()]
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in lines
    assert [line for line in lines if "apt install" in line] == [
        "sudo apt install libxcb-icccm4 libxcb-keysyms1"]
    assert "belum terpasang" in out


def test_unknown_library_is_named_by_soname(fake_machine: ModuleType,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fake_machine, "run_ldd", lambda files: "\tlibfoo.so.3 => not found\n")
    assert fake_machine.main({}) == 1
    out = capsys.readouterr().out
    assert "apt-file search libfoo.so.3" in out
    assert "apt install" not in out


@pytest.mark.parametrize("env", [{"QT_QPA_PLATFORM": "offscreen"},
                                 {"QT_QPA_PLATFORM": "wayland"},
                                 {"QT_QPA_PLATFORM": "minimal:enable_fonts"}])
def test_no_check_off_xcb(fake_machine: ModuleType, capsys: pytest.CaptureFixture[str],
                          env: dict[str, str]) -> None:
    assert fake_machine.main(env) == 0
    assert capsys.readouterr().out == ""


def test_no_check_off_linux(fake_machine: ModuleType, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert fake_machine.main({}) == 0
    assert capsys.readouterr().out == ""


def test_wayland_session_only_warns(fake_machine: ModuleType,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert fake_machine.main({"WAYLAND_DISPLAY": "wayland-0"}) == 0
    out = capsys.readouterr().out
    assert out.startswith("Peringatan") and "sudo apt install libxcb-icccm4" in out


def test_nothing_printed_when_all_is_there(fake_machine: ModuleType,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fake_machine, "run_ldd", lambda files: "\tlibxcb.so.1 => /lib/x (0x1)\n")
    assert fake_machine.main({}) == 0
    assert capsys.readouterr().out == ""


def test_installs_as_root_in_ci_or_when_asked(fake_machine: ModuleType,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    commands: list[list[str]] = []
    answers = iter([LDD, ""])  # missing before apt-get, present after

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(fake_machine.os, "geteuid", lambda: 0)
    monkeypatch.setattr(fake_machine.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(fake_machine.subprocess, "run", run)
    monkeypatch.setattr(fake_machine, "run_ldd", lambda files: next(answers))
    assert fake_machine.main({"KENDALI_PASANG_PUSTAKA": "1"}) == 0
    assert commands == [["apt-get", "install", "-y", "-q", "--no-install-recommends",
                         "libxcb-icccm4", "libxcb-keysyms1"]]
    assert "sudah terpasang" in capsys.readouterr().out

    commands.clear()
    monkeypatch.setattr(fake_machine, "run_ldd", lambda files: LDD)  # apt-get did not help
    assert fake_machine.main({"CI": "true"}) == 1
    assert commands[0][:2] == ["apt-get", "install"]
    assert "apt install libxcb-icccm4 libxcb-keysyms1" in capsys.readouterr().out


def test_no_install_without_ci_or_opt_in(fake_machine: ModuleType,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fake_machine.os, "geteuid", lambda: 0)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("apt-get tanpa izin")

    monkeypatch.setattr(fake_machine.subprocess, "run", refuse)
    assert fake_machine.main({"CI": "false"}) == 1
