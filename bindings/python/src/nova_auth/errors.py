"""One exception class per failing status of the library.

Every one is a NovaAuthError; those with a built-in counterpart are also that built-in
(InvalidArgument a ValueError, NetworkError a ConnectionError, LoginTimeout a TimeoutError),
so code that already catches those catches them too."""

from __future__ import annotations

from . import _native
from ._native import lib


# Each status the library's subclasses stand for, filled as they are defined.
_CLASS_OF_STATUS: dict[int, type[NovaAuthError]] = {}


class NovaAuthError(Exception):
    """A login failed, or a call was refused; str(e) is the library's message."""

    status: int = lib.NOVA_ERR_INTERNAL

    def __init_subclass__(cls, status: int | None = None) -> None:
        # A subclass names its status in its class line, `class X(NovaAuthError, status=...)`,
        # and becomes the exception error_for raises for that status.
        super().__init_subclass__()
        if status is not None:
            cls.status = status
            _CLASS_OF_STATUS[status] = cls

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def status_name(self) -> str:
        """The status as the C API names it, such as "NOVA_ERR_EXPIRED"."""
        return _native.status_name(self.status)


class InvalidArgument(NovaAuthError, ValueError, status=lib.NOVA_ERR_INVALID_ARGUMENT):
    """A value out of bounds, or a call on a closed login."""


class InsecureUrl(NovaAuthError, status=lib.NOVA_ERR_INSECURE_URL):
    """A URL that is not https (or http to a loopback host), from the caller or the server."""


class NetworkError(NovaAuthError, ConnectionError, status=lib.NOVA_ERR_NETWORK):
    """No answer from the server: DNS, connect, TLS, or request timeout."""


class ServerError(NovaAuthError, status=lib.NOVA_ERR_SERVER):
    """The server answered something the login cannot go on with."""


class SessionExpired(NovaAuthError, status=lib.NOVA_ERR_EXPIRED):
    """The session expired or is no longer known to the server."""


class LoginTimeout(NovaAuthError, TimeoutError, status=lib.NOVA_ERR_TIMEOUT):
    """The login timeout passed before the person signed in."""


class LoginCancelled(NovaAuthError, status=lib.NOVA_ERR_CANCELLED):
    """The login was cancelled."""


class InternalError(NovaAuthError, status=lib.NOVA_ERR_INTERNAL):
    """A defect in the library."""


def error_for(status: int, message: str) -> NovaAuthError:
    """The exception for a failing status; an unknown one keeps its value on NovaAuthError."""
    cls = _CLASS_OF_STATUS.get(status)
    return cls(message) if cls is not None else NovaAuthError(message, status)
