"""NovaAIAuth replaces the example client of Nova AI's Python integration guide."""

from __future__ import annotations

from pathlib import Path

import pytest

import nova_auth
from devserver import DevServer, eventually
from nova_auth import NovaAIAuth
from seed_usage import run_seed_usage


def test_seed_usage_logs_in_over_one_connection_and_opens_the_browser(
    auto_approve_server: DevServer, recording_browser: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = run_seed_usage(auto_approve_server.base_url)

    assert user == {
        "uid": "dev-google-4f1c9a",
        "email": "ada.lovelace@example.com",
        "name": "Ada Lovelace",
        "photoUrl": "https://example.com/avatars/ada.png",
        "tier": "pro",
    }, f"unexpected user {user!r}"
    assert capsys.readouterr().out == (
        "Logged in as: Ada Lovelace (ada.lovelace@example.com)\n"
        "User ID: dev-google-4f1c9a\n"
        "Tier: pro\n"
    )
    stats = auto_approve_server.stats()
    login_connections = stats["connections"] - 1  # this stats request came on one of its own
    assert (stats["create_requests"], login_connections) == (1, 1) and stats["get_requests"] >= 1, (
        f"expected one create-session, polls, and one TCP connection for them all, got {stats}"
    )
    opened = recording_browser.read_text() if recording_browser.exists() else ""
    assert opened.startswith(f"{auto_approve_server.base_url}/login?session="), (
        f"expected the login page to be opened in the browser, it was given {opened!r}"
    )


def test_seed_usage_catches_a_failed_login_as_an_exception(
    server: DevServer, recording_browser: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.fault(route="create-session", status=500)

    user = run_seed_usage(server.base_url)

    assert user is None
    out = capsys.readouterr().out
    assert out.startswith("Login failed: ") and "HTTP 500" in out, f"unexpected output {out!r}"


def test_seed_client_without_base_url_uses_nova_auth_base_url(
    auto_approve_server: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOVA_AUTH_BASE_URL", auto_approve_server.base_url)

    user = NovaAIAuth(poll_interval=0.1, open_browser=False).login()

    assert user["uid"] == "dev-google-4f1c9a", f"unexpected user {user!r}"


def test_seed_client_with_choose_account_opens_the_login_page_with_force_account_switch(
    auto_approve_server: DevServer, recording_browser: Path
) -> None:
    NovaAIAuth(auto_approve_server.base_url, poll_interval=0.1, choose_account=True).login()

    eventually("the browser to be opened", recording_browser.exists)
    opened = recording_browser.read_text().splitlines()
    assert len(opened) == 1 and opened[0].count("force_account_switch=1") == 1, opened
    assert opened[0].startswith(f"{auto_approve_server.base_url}/login?session="), opened


def test_seed_login_failure_is_a_nova_auth_error(server: DevServer) -> None:
    server.fault(route="create-session", status=500)
    with pytest.raises(nova_auth.ServerError):
        NovaAIAuth(base_url=server.base_url, open_browser=False).login()
