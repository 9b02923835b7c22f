//! `NovaStatus`: the result of every call, its names, and the library version.

use super::ffi_boundary;
use crate::error::Error;
use std::ffi::{CStr, c_char};

/// A status code: one of the `NovaStatusCode` values. Negative values are errors.
pub type NovaStatus = i32;

/// The values a `NovaStatus` takes.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NovaStatusCode {
    /// The call succeeded.
    NovaOk = 0,
    /// The login is still waiting for the person to sign in.
    NovaPending = 1,
    /// The login completed: a user is available.
    NovaCompleted = 2,
    /// A NULL or invalid argument, a string that is not UTF-8, or a value out of bounds.
    NovaErrInvalidArgument = -1,
    /// A URL that is not https (or http to a loopback host), from the host or the server.
    NovaErrInsecureUrl = -2,
    /// No answer from the server: DNS, connect, TLS, or request timeout.
    NovaErrNetwork = -3,
    /// The server answered something the flow cannot go on with.
    NovaErrServer = -4,
    /// The session expired or is no longer known to the server.
    NovaErrExpired = -5,
    /// The login timeout passed before the person signed in.
    NovaErrTimeout = -6,
    /// The login was cancelled by the host.
    NovaErrCancelled = -7,
    /// A defect in the library; please report it.
    NovaErrInternal = -100,
}

pub(crate) fn status_of(error: &Error) -> NovaStatus {
    let code = match error {
        Error::InvalidArgument(_) => NovaStatusCode::NovaErrInvalidArgument,
        Error::InsecureUrl(_) => NovaStatusCode::NovaErrInsecureUrl,
        Error::Network(_) => NovaStatusCode::NovaErrNetwork,
        Error::Server(_) => NovaStatusCode::NovaErrServer,
        Error::Expired(_) => NovaStatusCode::NovaErrExpired,
        Error::Timeout(_) => NovaStatusCode::NovaErrTimeout,
        Error::Cancelled => NovaStatusCode::NovaErrCancelled,
        Error::Internal(_) => NovaStatusCode::NovaErrInternal,
    };
    code as NovaStatus
}

/// The name of a status, such as `"NOVA_ERR_EXPIRED"`; `"NOVA_UNKNOWN"` for any other value.
///
/// The string is static: the caller must not free it.
#[unsafe(no_mangle)]
pub extern "C" fn nova_status_name(status: NovaStatus) -> *const c_char {
    ffi_boundary(|| status_name(status).as_ptr())
}

fn status_name(status: NovaStatus) -> &'static CStr {
    match status {
        0 => c"NOVA_OK",
        1 => c"NOVA_PENDING",
        2 => c"NOVA_COMPLETED",
        -1 => c"NOVA_ERR_INVALID_ARGUMENT",
        -2 => c"NOVA_ERR_INSECURE_URL",
        -3 => c"NOVA_ERR_NETWORK",
        -4 => c"NOVA_ERR_SERVER",
        -5 => c"NOVA_ERR_EXPIRED",
        -6 => c"NOVA_ERR_TIMEOUT",
        -7 => c"NOVA_ERR_CANCELLED",
        -100 => c"NOVA_ERR_INTERNAL",
        _ => c"NOVA_UNKNOWN",
    }
}

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => panic!("the crate version holds a NUL character"),
    };

/// The library version, such as `"0.1.0"`.
///
/// The string is static: the caller must not free it.
#[unsafe(no_mangle)]
pub extern "C" fn nova_version() -> *const c_char {
    ffi_boundary(|| VERSION.as_ptr())
}
