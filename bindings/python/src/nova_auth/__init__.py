"""Sign a program's user in to Nova AI through the system browser, with no local server.

    with nova_auth.start() as login:      # opens the login page in the browser
        user = login.wait()               # the signed-in User, or raises a NovaAuthError

The user returned is the server's word: the flow carries no signature a client could check,
so do not treat it as a proof of identity toward third parties.
"""

from ._native import version
from .errors import (
    InsecureUrl,
    InternalError,
    InvalidArgument,
    LoginCancelled,
    LoginTimeout,
    NetworkError,
    NovaAuthError,
    ServerError,
    SessionExpired,
)
from .login import Login, User, login_async, start
from .nova_ai_auth import NovaAIAuth

__all__ = [
    "InsecureUrl",
    "InternalError",
    "InvalidArgument",
    "Login",
    "LoginCancelled",
    "LoginTimeout",
    "NetworkError",
    "NovaAIAuth",
    "NovaAuthError",
    "ServerError",
    "SessionExpired",
    "User",
    "login_async",
    "start",
    "version",
]
