"""The C ABI of libnova_auth (include/nova_auth.h), declared once for ctypes."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

LIBRARY_FILE = "libnova_auth.so"

# NovaStatusCode
OK = 0
PENDING = 1
COMPLETED = 2
ERR_INVALID_ARGUMENT = -1
ERR_INSECURE_URL = -2
ERR_NETWORK = -3
ERR_SERVER = -4
ERR_EXPIRED = -5
ERR_TIMEOUT = -6
ERR_CANCELLED = -7
ERR_INTERNAL = -100

# nova_login_wait's "until the login ends".
WAIT_FOREVER_MS = 0xFFFFFFFF


class NovaOptions(ctypes.Structure):
    """Opaque."""


class NovaLogin(ctypes.Structure):
    """Opaque."""


class NovaUser(ctypes.Structure):
    _fields_ = [
        ("uid", ctypes.c_char_p),
        ("email", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("photo_url", ctypes.c_char_p),
        ("tier", ctypes.c_char_p),
        ("raw_json", ctypes.c_char_p),
    ]


OptionsPtr = ctypes.POINTER(NovaOptions)
LoginPtr = ctypes.POINTER(NovaLogin)
UserPtr = ctypes.POINTER(NovaUser)
Status = ctypes.c_int32
NovaCallback = ctypes.CFUNCTYPE(None, ctypes.c_void_p, Status)


def library_path() -> str:
    """NOVA_AUTH_LIBRARY when set, else the library shipped inside this package."""
    from_environment = os.environ.get("NOVA_AUTH_LIBRARY")
    if from_environment:
        return from_environment
    bundled = Path(__file__).with_name(LIBRARY_FILE)
    if bundled.is_file():
        return str(bundled)
    raise ImportError(
        f"nova_auth cannot find its native library: neither NOVA_AUTH_LIBRARY is set nor "
        f"{bundled} exists; set NOVA_AUTH_LIBRARY to the path of {LIBRARY_FILE}, or install "
        f"a nova_auth wheel, which carries it"
    )


def _load() -> ctypes.CDLL:
    path = library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(f"nova_auth cannot load its native library {path}: {e}") from e

    def declare(name: str, restype: object, *argtypes: object) -> None:
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = list(argtypes)

    declare("nova_options_new", OptionsPtr)
    declare("nova_options_free", None, OptionsPtr)
    declare("nova_options_set_base_url", Status, OptionsPtr, ctypes.c_char_p)
    declare("nova_options_set_poll_interval_ms", Status, OptionsPtr, ctypes.c_uint32)
    declare("nova_options_set_timeout_ms", Status, OptionsPtr, ctypes.c_uint32)
    declare("nova_options_set_request_timeout_ms", Status, OptionsPtr, ctypes.c_uint32)
    declare("nova_options_set_open_browser", Status, OptionsPtr, ctypes.c_bool)
    declare("nova_options_set_user_agent", Status, OptionsPtr, ctypes.c_char_p)
    declare("nova_login_start", Status, OptionsPtr, ctypes.POINTER(LoginPtr))
    declare("nova_login_poll", Status, LoginPtr, ctypes.POINTER(UserPtr))
    declare("nova_login_wait", Status, LoginPtr, ctypes.c_uint32, ctypes.POINTER(UserPtr))
    declare("nova_login_url", ctypes.c_char_p, LoginPtr)
    declare("nova_login_error", ctypes.c_char_p, LoginPtr)
    declare("nova_login_refresh", Status, LoginPtr)
    declare("nova_login_cancel", None, LoginPtr)
    declare("nova_login_free", None, LoginPtr)
    declare("nova_login_set_callback", Status, LoginPtr, NovaCallback, ctypes.c_void_p)
    declare("nova_status_name", ctypes.c_char_p, Status)
    declare("nova_version", ctypes.c_char_p)
    declare("nova_user_free", None, UserPtr)
    return lib


lib = _load()


def decode(text: bytes | None) -> str | None:
    return None if text is None else text.decode("utf-8")


def status_name(status: int) -> str:
    name: bytes = lib.nova_status_name(status)
    return name.decode("utf-8")


def version() -> str:
    """The native library's version, such as "0.1.0"."""
    text: bytes = lib.nova_version()
    return text.decode("utf-8")
