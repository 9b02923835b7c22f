"""A login's life: start, pending, completed, waited for, refreshed, cancelled, closed."""

from __future__ import annotations

import gc
import json
import threading
import time

import pytest

import nova_auth
from devserver import GOOGLE, KAKAO, DevServer, eventually, session_id
from nova_auth import _native


def start(server: DevServer, **options: object) -> nova_auth.Login:
    settings: dict[str, object] = {"poll_interval": 0.1, "open_browser": False, **options}
    return nova_auth.start(server.base_url, **settings)  # type: ignore[arg-type]


def test_completed_login_returns_every_field_of_the_user(server: DevServer) -> None:
    with start(server) as login:
        server.complete(session_id(login), GOOGLE)
        user = login.wait(10)
    assert user is not None, "expected the login to complete within 10 s"
    fields = (user.uid, user.email, user.name, user.photo_url, user.tier)
    assert fields == (
        "dev-google-4f1c9a",
        "ada.lovelace@example.com",
        "Ada Lovelace",
        "https://example.com/avatars/ada.png",
        "pro",
    ), f"unexpected user {user!r}"
    assert json.loads(user.raw_json)["uid"] == "dev-google-4f1c9a", user.raw_json

def test_user_without_email_has_none_for_email(server: DevServer) -> None:
    with start(server) as login:
        server.complete(session_id(login), KAKAO)
        user = login.wait(10)
    assert user is not None, "expected the login to complete within 10 s"
    assert (user.uid, user.name, user.email) == ("dev-kakao-3d8e55", "이서준", None), user


def test_login_url_is_the_servers_login_page_for_the_session(server: DevServer) -> None:
    with start(server) as login:
        sid = session_id(login)
        assert login.url == f"{server.base_url}/login?session={sid}"


def test_poll_returns_none_while_pending(server: DevServer) -> None:
    with start(server) as login:
        session_id(login)
        assert login.poll() is None, "expected None from poll while nobody signed in"


def test_every_poll_after_completion_returns_the_user_again(server: DevServer) -> None:
    with start(server) as login:
        server.complete(session_id(login), GOOGLE)
        first = login.wait(10)
        assert first is not None, "expected the login to complete within 10 s"
        assert login.poll() == first


def test_wait_returns_none_once_its_timeout_passes(server: DevServer) -> None:
    with start(server) as login:
        began = time.monotonic()
        user = login.wait(0.3)
        waited = time.monotonic() - began
    assert user is None, f"expected None from a pending login, got {user!r}"
    assert 0.3 <= waited < 2, f"expected wait(0.3) to take about 0.3 s, it took {waited:.3f} s"


def test_refresh_polls_the_server_before_the_interval_ends(server: DevServer) -> None:
    with start(server, poll_interval=60) as login:
        server.complete(session_id(login), GOOGLE)
        login.refresh()
        user = login.wait(5)
    assert user is not None, "expected refresh to fetch the completed session within 5 s"


def test_cancel_ends_the_login_with_login_cancelled(server: DevServer) -> None:
    with start(server) as login:
        session_id(login)
        login.cancel()
        with pytest.raises(nova_auth.LoginCancelled, match="^the login was cancelled$"):
            login.poll()


@pytest.mark.parametrize("choose, count", [(False, 0), (True, 1)])
def test_choose_account_puts_force_account_switch_in_the_login_url_once(
    server: DevServer, choose: bool, count: int
) -> None:
    with start(server, choose_account=choose) as login:
        url = f"{server.base_url}/login?session={session_id(login)}"
        assert login.url == url + "&force_account_switch=1" * count, login.url


def test_closed_login_raises_invalid_argument_from_every_method(server: DevServer) -> None:
    with start(server) as login:
        pass
    calls = {
        "url": lambda: login.url,
        "poll": login.poll,
        "wait": lambda: login.wait(0),
        "refresh": login.refresh,
        "cancel": login.cancel,
    }
    for name, call in calls.items():
        try:
            call()
        except nova_auth.InvalidArgument as e:
            assert "closed" in str(e), f"{name}: expected a message saying closed, got {e}"
        else:
            pytest.fail(f"{name} on a closed login: expected InvalidArgument, got no error")
    login.close()  # a second close is a no-op


def assert_no_more_polls(server: DevServer, after: str) -> None:
    """Checks that the server gets no poll from 0.1 s to 0.6 s from now (0.1 s interval)."""
    # A poll sent just before the login ended may reach the server just after: the count
    # starts one interval later.
    time.sleep(0.1)
    polls = server.stats()["get_requests"]
    time.sleep(0.5)
    assert server.stats()["get_requests"] == polls, f"expected no poll after {after}"


def test_closing_a_login_cancels_its_polling(server: DevServer) -> None:
    login = start(server)
    session_id(login)
    login.close()
    assert_no_more_polls(server, "close")


def test_a_forgotten_login_is_freed_once_collected(server: DevServer) -> None:
    login = start(server)
    session_id(login)
    del login
    gc.collect()
    assert_no_more_polls(server, "the login was collected")


def test_a_login_collected_inside_its_own_end_callback_is_freed_there(
    server: DevServer,
) -> None:
    collected = threading.Event()

    def collect(_user_data: object, _status: int) -> None:
        gc.collect()
        collected.set()

    callback = _native.ffi.callback("NovaCallback", collect)
    gc.disable()  # keeps the garbage login until the callback's collection
    try:
        login = start(server, timeout=0.3)
        finalizer = login._finalizer
        status = _native.lib.nova_login_set_callback(login._handle, callback, _native.ffi.NULL)
        assert status == _native.lib.NOVA_OK, _native.status_name(status)
        garbage: list[object] = [login]
        garbage.append(garbage)
        del login, garbage
        assert collected.wait(5), "expected the end callback to return within 5 s"
        assert not finalizer.alive, "expected the callback's collection to free the login"
    finally:
        gc.enable()

    with start(server) as login:  # needs the library's thread, which ran that free
        server.complete(session_id(login), GOOGLE)
        assert login.wait(10) is not None, "expected the next login to complete within 10 s"


def test_the_last_reference_to_a_login_may_be_dropped_inside_its_end_callback(
    server: DevServer,
) -> None:
    returned = threading.Event()
    holder = [start(server)]
    finalizer = holder[0]._finalizer

    def drop_the_login(_user_data: object, _status: int) -> None:
        holder.clear()  # the last reference: the login is freed here, on the library's thread
        returned.set()

    callback = _native.ffi.callback("NovaCallback", drop_the_login)
    status = _native.lib.nova_login_set_callback(holder[0]._handle, callback, _native.ffi.NULL)
    assert status == _native.lib.NOVA_OK, _native.status_name(status)
    server.complete(session_id(holder[0]), GOOGLE)
    assert returned.wait(5), "expected the end callback to return within 5 s"
    assert not finalizer.alive, "expected dropping the last reference to free the login"
