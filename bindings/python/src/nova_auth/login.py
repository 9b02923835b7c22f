"""A login: start it, then poll, wait or await it until the person has signed in."""

from __future__ import annotations

import asyncio
import math
import time
import weakref
from dataclasses import dataclass
from typing import Any, overload

from . import _native
from ._native import ffi, lib
from .errors import InvalidArgument, NovaAuthError, error_for

# A blocking wait returns to Python this often, so that Ctrl-C is handled while waiting.
_WAIT_SLICE_S = 0.5


@dataclass(frozen=True)
class User:
    """The signed-in user, as the server sent it: the server's word, not a proof of identity."""

    uid: str
    email: str | None
    name: str | None
    photo_url: str | None
    tier: str | None
    raw_json: str

    def as_dict(self) -> dict[str, str | None]:
        """The user in the shape of the server's JSON: uid, email, name, photoUrl, tier."""
        return {
            "uid": self.uid,
            "email": self.email,
            "name": self.name,
            "photoUrl": self.photo_url,
            "tier": self.tier,
        }


def _take_user(user: Any) -> User:
    """Copies a user handed out by the library (a `NovaUser *`) into Python, then frees it."""
    try:
        return User(
            uid=ffi.string(user.uid).decode("utf-8"),
            email=_native.decode(user.email),
            name=_native.decode(user.name),
            photo_url=_native.decode(user.photo_url),
            tier=_native.decode(user.tier),
            raw_json=ffi.string(user.raw_json).decode("utf-8"),
        )
    finally:
        lib.nova_user_free(user)


@ffi.callback("NovaCallback")
def _settle(user_data: Any, status: int) -> None:
    """The end callback of every login, alive as long as the module: hands the final status
    to every task awaiting the login, each on its own loop. Runs on the library's thread, or
    on the thread that ended the login."""
    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[int]]] = ffi.from_handle(
        user_data
    )
    for loop, ended in list(waiters):
        try:
            loop.call_soon_threadsafe(_set_result_once, ended, status)
        except RuntimeError:  # that loop is closed: nobody awaits there any more
            pass


def _set_result_once(ended: asyncio.Future[int], status: int) -> None:
    if not ended.done():  # a cancelled waiter is done already
        ended.set_result(status)


def _free(handle: Any, _user_data: Any) -> None:
    """Frees a login. Its callback's `user_data` is held until then, as the callback may run
    until then. A collection may run this inside the login's own callback, which the library
    allows."""
    lib.nova_login_free(handle)


class Login:
    """One login attempt, made by start(). Close it (or use `with`) when done: that also
    cancels it. close() must not run while another thread is inside a call on this login."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[int]]] = []
        self._user_data = ffi.new_handle(self._waiters)  # what _settle gets
        # Runs on close(), on garbage collection, or at interpreter exit, whichever is first.
        self._finalizer = weakref.finalize(self, _free, handle, self._user_data)

    def _live_handle(self) -> Any:
        if not self._finalizer.alive:
            raise InvalidArgument("this login is closed")
        return self._handle

    @property
    def url(self) -> str | None:
        """The login URL, once the server created the session and it passed the checks."""
        return _native.decode(lib.nova_login_url(self._live_handle()))

    def poll(self) -> User | None:
        """The user once signed in, None while pending; raises the error the login ended with.
        Never blocks."""
        handle = self._live_handle()
        user = ffi.new("NovaUser **")
        return self._outcome(lib.nova_login_poll(handle, user), user)

    @overload
    def wait(self, timeout: None = None) -> User: ...

    @overload
    def wait(self, timeout: float) -> User | None: ...

    def wait(self, timeout: float | None = None) -> User | None:
        """As poll(), but first blocks until the login ends or `timeout` seconds passed
        (then None). None waits until the login ends."""
        handle = self._live_handle()
        deadline = None if timeout is None else time.monotonic() + _seconds("timeout", timeout)
        while True:
            remaining = _WAIT_SLICE_S if deadline is None else deadline - time.monotonic()
            slice_ms = math.ceil(max(0.0, min(remaining, _WAIT_SLICE_S)) * 1000)
            user = ffi.new("NovaUser **")
            status = lib.nova_login_wait(handle, slice_ms, user)
            if status != lib.NOVA_PENDING or (deadline is not None and remaining <= 0):
                return self._outcome(status, user)

    async def wait_async(self) -> User:
        """Awaits the end of the login without blocking the event loop. Cancelling the
        awaiting task (e.g. asyncio.wait_for timing out) cancels the login, unless other
        tasks still await it: it is cancelled with the last of them."""
        handle = self._live_handle()
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[int] = loop.create_future()
        waiter = (loop, ended)
        self._waiters.append(waiter)
        cancelled = False
        try:
            # Registered again for each waiter: it replaces itself, and settles them all.
            _check(lib.nova_login_set_callback(handle, _settle, self._user_data))
            await ended
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            # Leaves the list before looking at it: of two tasks cancelled at once on two
            # threads, the later one then sees none left and cancels the login.
            self._waiters.remove(waiter)
            if cancelled and not self._waiters and self._finalizer.alive:
                self.cancel()
        return self._ended_user()

    def refresh(self) -> None:
        """Polls the server now rather than at the end of the interval, e.g. when the
        program's window regains focus. Never blocks."""
        lib.nova_login_refresh(self._live_handle())

    def cancel(self) -> None:
        """Ends a pending login with LoginCancelled; a login that ended keeps its result."""
        lib.nova_login_cancel(self._live_handle())

    def close(self) -> None:
        """Cancels the login and releases it. Idempotent."""
        self._finalizer()

    def __enter__(self) -> Login:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _ended_user(self) -> User:
        """The user of a login that has ended; raises the error it ended with."""
        user = self.poll()
        if user is None:
            raise NovaAuthError("the login reported its end but is still pending")
        return user

    def _outcome(self, status: int, user: Any) -> User | None:
        """`user` is the `NovaUser **` the call filled in."""
        if status == lib.NOVA_COMPLETED:
            return _take_user(user[0])
        if status == lib.NOVA_PENDING:
            return None
        raise error_for(status, _native.last_error(status))


def start(
    base_url: str | None = None,
    *,
    poll_interval: float = 2.0,
    timeout: float = 600.0,
    request_timeout: float = 30.0,
    open_browser: bool = True,
    choose_account: bool = False,
    user_agent: str | None = None,
) -> Login:
    """Starts a login and returns at once; the library does the network work on its own
    thread. Durations are in seconds. base_url None means NOVA_AUTH_BASE_URL, else
    https://nova-ai.work. choose_account lets the person choose the account: the login page
    signs the browser out first (force_account_switch=1) instead of going on with the
    account it is signed in with. A refused option raises InvalidArgument or InsecureUrl
    with the library's message, naming the value and the rule it broke."""
    options = lib.nova_options_new()
    if options == ffi.NULL:
        raise MemoryError("nova_options_new")
    try:
        if base_url is not None:
            _check(lib.nova_options_set_base_url(options, _utf8("base_url", base_url)))
        for name, setter, seconds in (
            ("poll_interval", lib.nova_options_set_poll_interval_ms, poll_interval),
            ("timeout", lib.nova_options_set_timeout_ms, timeout),
            ("request_timeout", lib.nova_options_set_request_timeout_ms, request_timeout),
        ):
            _check(setter(options, _milliseconds(name, seconds)))
        _check(lib.nova_options_set_open_browser(options, bool(open_browser)))
        _check(lib.nova_options_set_choose_account(options, bool(choose_account)))
        if user_agent is not None:
            _check(lib.nova_options_set_user_agent(options, _utf8("user_agent", user_agent)))
        handle = ffi.new("NovaLogin **")
        _check(lib.nova_login_start(options, handle))
    finally:
        lib.nova_options_free(options)
    return Login(handle[0])


async def login_async(base_url: str | None = None, **options: Any) -> User:
    """Starts a login with start()'s options and awaits the signed-in user."""
    with start(base_url, **options) as login:
        return await login.wait_async()


def _check(status: int) -> None:
    """Raises the library's error, with its message, for a call that did not return OK."""
    if status != lib.NOVA_OK:
        raise error_for(status, _native.last_error(status))


def _utf8(name: str, text: str) -> bytes:
    try:
        encoded = text.encode("utf-8")
    except (AttributeError, UnicodeEncodeError) as e:
        raise InvalidArgument(f"{name} must be a UTF-8 str: {e}") from None
    if b"\0" in encoded:
        raise InvalidArgument(f"{name} must not contain a NUL character")
    return encoded


def _seconds(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise InvalidArgument(f"{name} must be a number of seconds >= 0, not {value!r}")
    return float(value)


def _milliseconds(name: str, seconds: float) -> int:
    ms = _seconds(name, seconds) * 1000
    if ms >= _native.WAIT_FOREVER_MS:
        raise InvalidArgument(f"{name}={seconds!r} s is too long")
    return round(ms)
