"""The installed package: the native library it carries, its declarations, its metadata and
its PyInstaller hook."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nova_auth
from devserver import DevServer
from nova_auth._native import lib

PACKAGE_DIR = Path(nova_auth.__file__).parent
# Where the build put the library (see _native.py), named as on Linux.
LIBRARY = PACKAGE_DIR / "nova_auth" / "libnova_auth.so"
HEADER = Path(__file__).parents[3] / "include" / "nova_auth.h"


def import_copy_of_the_package(tmp_path: Path, library_bytes: bytes | None) -> str:
    """Imports a copy of the package whose library is replaced by `library_bytes` (None:
    removed); returns what the import wrote on stderr, after checking that it failed."""
    copy = tmp_path / "nova_auth"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    if library_bytes is not None:
        (copy / "nova_auth" / LIBRARY.name).write_bytes(library_bytes)
    result = subprocess.run(
        [sys.executable, "-c", "import nova_auth"],
        env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
    )
    assert result.returncode != 0, "expected the import to fail"
    return result.stderr


def test_installed_package_loads_the_library_it_carries() -> None:
    maps = Path("/proc/self/maps").read_text()
    assert str(LIBRARY) in maps, f"expected {LIBRARY} mapped into the process: {maps}"


def test_package_without_library_fails_to_import_naming_it(tmp_path: Path) -> None:
    stderr = import_copy_of_the_package(tmp_path, None)

    missing = tmp_path / "nova_auth" / "nova_auth" / LIBRARY.name
    assert "ImportError: nova_auth cannot load its native library" in stderr, stderr
    assert str(missing) in stderr, f"expected the error to name {missing}: {stderr}"


def test_library_that_is_not_one_fails_to_import_naming_it(tmp_path: Path) -> None:
    stderr = import_copy_of_the_package(tmp_path, b"not a shared library")

    broken = tmp_path / "nova_auth" / "nova_auth" / LIBRARY.name
    assert "ImportError: nova_auth cannot load its native library" in stderr, stderr
    assert str(broken) in stderr, f"expected the error to name {broken}: {stderr}"


def test_every_function_of_the_header_is_declared() -> None:
    in_header = set(re.findall(r"\b(nova_[a-z_]+)\(", HEADER.read_text()))
    declared = {name for name in dir(lib) if name.startswith("nova_")}

    assert len(in_header) >= 20 and declared == in_header, (
        f"only in the header: {in_header - declared}, only declared: {declared - in_header}"
    )


def test_library_version_is_the_package_version() -> None:
    assert nova_auth.version() == importlib.metadata.version("nova_auth")


def test_pyinstaller_finds_the_hook_through_the_entry_point() -> None:
    (entry_point,) = [
        e
        for e in importlib.metadata.entry_points(group="pyinstaller40")
        if e.value.startswith("nova_auth.")
    ]
    hook_dirs = entry_point.load()()

    assert any((Path(d) / "hook-nova_auth.py").is_file() for d in hook_dirs), hook_dirs


def test_pending_login_left_open_at_exit_does_not_disturb_the_interpreter(
    server: DevServer,
) -> None:
    program = (
        "import asyncio, nova_auth\n"
        f"login = nova_auth.start({server.base_url!r}, open_browser=False)\n"
        "async def main():\n"
        "    task = asyncio.ensure_future(login.wait_async())\n"
        "    await asyncio.sleep(0.1)\n"
        "asyncio.run(main())\n"
        "print('done')\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "done\n", ""), result
