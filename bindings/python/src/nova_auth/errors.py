"""One exception class per failing status of the library."""

from __future__ import annotations

from . import _native


class NovaAuthError(Exception):
    """A login failed, or a call was refused; str(e) is the library's message."""

    status: int = _native.ERR_INTERNAL

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def status_name(self) -> str:
        """The status as the C API names it, such as "NOVA_ERR_EXPIRED"."""
        return _native.status_name(self.status)


class InvalidArgument(NovaAuthError):
    """A value out of bounds, or a call on a closed login."""

    status = _native.ERR_INVALID_ARGUMENT


class InsecureUrl(NovaAuthError):
    """A URL that is not https (or http to a loopback host), from the caller or the server."""

    status = _native.ERR_INSECURE_URL


class NetworkError(NovaAuthError):
    """No answer from the server: DNS, connect, TLS, or request timeout."""

    status = _native.ERR_NETWORK


class ServerError(NovaAuthError):
    """The server answered something the login cannot go on with."""

    status = _native.ERR_SERVER


class SessionExpired(NovaAuthError):
    """The session expired or is no longer known to the server."""

    status = _native.ERR_EXPIRED


class LoginTimeout(NovaAuthError):
    """The login timeout passed before the person signed in."""

    status = _native.ERR_TIMEOUT


class LoginCancelled(NovaAuthError):
    """The login was cancelled."""

    status = _native.ERR_CANCELLED


class InternalError(NovaAuthError):
    """A defect in the library."""

    status = _native.ERR_INTERNAL


_CLASS_OF_STATUS: dict[int, type[NovaAuthError]] = {
    cls.status: cls
    for cls in (
        InvalidArgument,
        InsecureUrl,
        NetworkError,
        ServerError,
        SessionExpired,
        LoginTimeout,
        LoginCancelled,
        InternalError,
    )
}


def error_for(status: int, message: str) -> NovaAuthError:
    """The exception for a failing status; an unknown one keeps its value on NovaAuthError."""
    cls = _CLASS_OF_STATUS.get(status)
    return cls(message) if cls is not None else NovaAuthError(message, status)
