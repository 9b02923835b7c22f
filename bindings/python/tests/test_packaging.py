"""The package finds its native library: the one it carries, or NOVA_AUTH_LIBRARY's."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import nova_auth
from devserver import DevServer

PACKAGE_DIR = Path(nova_auth.__file__).parent

# Run from the source tree, the package has no library of its own and no metadata.
installed_package_only = pytest.mark.skipif(
    "NOVA_AUTH_LIBRARY" in os.environ,
    reason="NOVA_AUTH_LIBRARY is set: run-tests.sh runs this against the installed wheel",
)


def import_nova_auth(
    extra_path: Path | None, **environment: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NOVA_AUTH_LIBRARY"}
    env.update(environment)
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    return subprocess.run(
        [sys.executable, "-c", "import nova_auth"], env=env, capture_output=True, text=True
    )


@installed_package_only
def test_installed_package_loads_the_library_it_carries() -> None:
    assert Path(nova_auth.library_path()) == PACKAGE_DIR / "libnova_auth.so", (
        f"expected the library inside {PACKAGE_DIR}, loaded {nova_auth.library_path()}"
    )


def test_package_without_library_fails_to_import_naming_both_places(tmp_path: Path) -> None:
    copy = tmp_path / "nova_auth"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("*.so", "__pycache__"))

    result = import_nova_auth(tmp_path)

    assert result.returncode != 0, "expected the import to fail"
    assert "ImportError" in result.stderr, result.stderr
    bundled = str(copy / "libnova_auth.so")
    assert "NOVA_AUTH_LIBRARY" in result.stderr and bundled in result.stderr, (
        f"expected the error to name NOVA_AUTH_LIBRARY and {bundled}: {result.stderr}"
    )


@installed_package_only
def test_nova_auth_library_wins_over_the_bundled_library(tmp_path: Path) -> None:
    copy = tmp_path / "libnova_auth.so"
    shutil.copyfile(PACKAGE_DIR / "libnova_auth.so", copy)
    program = (
        "import nova_auth\n"
        "print(nova_auth.library_path())\n"
        "print(open('/proc/self/maps').read())\n"
    )
    env = {**os.environ, "NOVA_AUTH_LIBRARY": str(copy)}

    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    path, maps = result.stdout.split("\n", 1)
    assert path == str(copy), f"expected library_path() to be {copy}, got {path}"
    bundled = str(PACKAGE_DIR / "libnova_auth.so")
    assert str(copy) in maps and bundled not in maps, (
        f"expected {copy} mapped into the process and {bundled} not: {maps}"
    )


def test_a_missing_nova_auth_library_fails_rather_than_falling_back(tmp_path: Path) -> None:
    missing = tmp_path / "libnova_auth.so"

    result = import_nova_auth(None, NOVA_AUTH_LIBRARY=str(missing))

    assert result.returncode != 0 and str(missing) in result.stderr, (
        f"expected an ImportError naming {missing}: {result.stderr}"
    )


@installed_package_only
def test_library_version_is_the_package_version() -> None:
    assert nova_auth.version() == importlib.metadata.version("nova_auth")


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
