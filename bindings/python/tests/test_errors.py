"""Each way a login fails raises its own NovaAuthError subclass, from a real answer."""

from __future__ import annotations

import math
import re
import socket

import pytest

import nova_auth
from devserver import DevServer, session_id


def test_http_500_on_create_session_raises_server_error_naming_it(server: DevServer) -> None:
    server.fault(route="create-session", status=500, body="boom")
    with nova_auth.start(server.base_url, open_browser=False) as login:
        with pytest.raises(nova_auth.ServerError, match="HTTP 500"):
            login.wait(10)


def test_http_410_on_get_session_raises_session_expired(server: DevServer) -> None:
    with nova_auth.start(server.base_url, poll_interval=0.1, open_browser=False) as login:
        session_id(login)
        server.fault(route="get-session", status=410)
        with pytest.raises(nova_auth.SessionExpired):
            login.wait(10)


def test_insecure_base_url_is_refused_by_start_with_the_librarys_message() -> None:
    with pytest.raises(nova_auth.InsecureUrl) as caught:
        nova_auth.start("http://nova-ai.work", open_browser=False)
    assert str(caught.value).startswith(
        'base URL "http://nova-ai.work": http:// is allowed only to a loopback host'
    ), str(caught.value)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"base_url": "ftp://example.com"}, 'base URL "ftp://example.com": the scheme must be https'),
        ({"base_url": "https://x/?a=1"}, 'base URL "https://x/?a=1": must not have a query'),
        ({"poll_interval": 0.099}, "poll interval must be 100 to 60000 ms, not 99"),
        ({"timeout": 90000.0}, "login timeout must be 100 to 86400000 ms, not 90000000"),
        ({"request_timeout": 0.0}, "request timeout must be 100 to 300000 ms, not 0"),
        ({"user_agent": "app\r\nX: 1"}, 'user agent "app\\r\\nX: 1": must not contain control'),
    ],
)
def test_each_refused_option_raises_invalid_argument_with_the_librarys_message(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(nova_auth.InvalidArgument) as caught:
        nova_auth.start(open_browser=False, **options)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize(
    "value, error, message",
    [
        ("http://example.com", nova_auth.InsecureUrl, "http:// is allowed only to a loopback host"),
        ("ftp://example.com", nova_auth.InvalidArgument, "the scheme must be https"),
    ],
)
def test_a_bad_nova_auth_base_url_makes_start_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, error: type, message: str
) -> None:
    monkeypatch.setenv("NOVA_AUTH_BASE_URL", value)
    with pytest.raises(error) as caught:
        nova_auth.start(open_browser=False)
    expected = f'NOVA_AUTH_BASE_URL: base URL "{value}": {message}'
    assert str(caught.value).startswith(expected), str(caught.value)


def test_login_timeout_raises_login_timeout(server: DevServer) -> None:
    with nova_auth.start(server.base_url, timeout=0.3, open_browser=False) as login:
        with pytest.raises(nova_auth.LoginTimeout):
            login.wait(10)


def test_unreachable_server_raises_network_error() -> None:
    with socket.socket() as probe:  # a port that nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with nova_auth.start(f"http://127.0.0.1:{port}", open_browser=False) as login:
        with pytest.raises(nova_auth.NetworkError) as caught:
            login.wait(10)
    assert isinstance(caught.value, ConnectionError), type(caught.value).__mro__


def test_errors_are_caught_as_the_built_in_exceptions_they_match(server: DevServer) -> None:
    try:
        nova_auth.start(server.base_url, poll_interval=0.01, open_browser=False)
    except ValueError as e:
        assert isinstance(e, nova_auth.InvalidArgument), repr(e)
    else:
        pytest.fail("expected a ValueError for a poll interval of 10 ms")

    with nova_auth.start(server.base_url, timeout=0.3, open_browser=False) as login:
        try:
            login.wait(10)
        except TimeoutError as e:
            assert isinstance(e, nova_auth.LoginTimeout), repr(e)
        else:
            pytest.fail("expected a TimeoutError once the 0.3 s login timeout passed")


@pytest.mark.parametrize(
    "option, seconds, message",
    [
        ("poll_interval", 0.01, "poll interval must be 100 to 60000 ms, not 10"),
        ("timeout", -1.0, "timeout must be a number of seconds >= 0, not -1.0"),
        ("request_timeout", math.nan, "request_timeout must be a number of seconds >= 0, not nan"),
        ("timeout", 1e12, "timeout=1000000000000.0 s is too long"),
    ],
)
def test_duration_out_of_bounds_raises_invalid_argument(
    option: str, seconds: float, message: str
) -> None:
    with pytest.raises(nova_auth.InvalidArgument, match=re.escape(message)):
        nova_auth.start(open_browser=False, **{option: seconds})  # type: ignore[arg-type]


def test_error_carries_its_status_and_the_librarys_message(server: DevServer) -> None:
    server.fault(route="create-session", status=503)
    with nova_auth.start(server.base_url, open_browser=False) as login:
        with pytest.raises(nova_auth.NovaAuthError) as caught:
            login.wait(10)
    error = caught.value
    assert (error.status, error.status_name) == (-4, "NOVA_ERR_SERVER"), (
        f"expected status -4 NOVA_ERR_SERVER, got {error.status} {error.status_name}"
    )
    assert "503" in str(error), f"expected the message to name HTTP 503: {error}"
