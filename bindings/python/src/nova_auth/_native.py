"""The C ABI of libnova_auth, through cffi.

The build (maturin's cffi bindings) generates the subpackage nova_auth.nova_auth from
include/nova_auth.h: ffi.py holds the declarations, so they cannot drift from the header, and
its __init__.py loads the library that lies beside it (libnova_auth.so on Linux,
libnova_auth.dylib on macOS, nova_auth.dll on Windows). The statuses are the header's
enum constants, such as lib.NOVA_PENDING."""

from __future__ import annotations

from typing import Any

try:
    from .nova_auth import ffi, lib
except OSError as e:  # cffi's dlopen failed: the library is missing, or cannot be loaded
    raise ImportError(f"nova_auth cannot load its native library: {e}") from e

__all__ = ["WAIT_FOREVER_MS", "decode", "ffi", "last_error", "lib", "status_name", "version"]

# nova_login_wait's "until the login ends" (UINT32_MAX).
WAIT_FOREVER_MS = 0xFFFFFFFF


def decode(text: Any) -> str | None:
    """A `const char *` of the library as a str; None for NULL."""
    if text == ffi.NULL:
        return None
    copy: bytes = ffi.string(text)
    return copy.decode("utf-8")


def last_error(status: int) -> str:
    """The library's message for the call that just returned the error `status` on this
    thread (nova_last_error), such as "poll interval must be 100 to 60000 ms, not 99"."""
    return decode(lib.nova_last_error()) or status_name(status)


def status_name(status: int) -> str:
    name: bytes = ffi.string(lib.nova_status_name(status))
    return name.decode("utf-8")


def version() -> str:
    """The native library's version, such as "0.1.0"."""
    text: bytes = ffi.string(lib.nova_version())
    return text.decode("utf-8")
