from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devserver import DevServer


@pytest.fixture(scope="session")
def server() -> Iterator[DevServer]:
    """One dev server for the whole run, with the production defaults."""
    dev_server = DevServer()
    yield dev_server
    dev_server.stop()


@pytest.fixture
def auto_approve_server() -> Iterator[DevServer]:
    """A dev server of the test's own that signs in every session as Ada 300 ms after it
    is created, so its counters count that test's requests alone."""
    dev_server = DevServer("--auto-approve-ms", "300")
    yield dev_server
    dev_server.stop()


@pytest.fixture
def recording_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points BROWSER at a script that appends each URL it is asked to open to the file
    returned."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{record}'\n")
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    return record
