//! `NovaStatus`: the result of every call, its names, and the library version.

use super::ffi_boundary;
use crate::error::Error;
use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

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
    static NAMES: OnceLock<Vec<(NovaStatus, CString)>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        NovaStatusCode::ALL
            .iter()
            .map(|&code| (code as NovaStatus, code.c_name()))
            .collect()
    });
    names
        .iter()
        .find(|(value, _)| *value == status)
        .map_or(c"NOVA_UNKNOWN", |(_, name)| name.as_c_str())
}

impl NovaStatusCode {
    /// Every code, to find one by its value.
    const ALL: [NovaStatusCode; 11] = [
        NovaStatusCode::NovaOk,
        NovaStatusCode::NovaPending,
        NovaStatusCode::NovaCompleted,
        NovaStatusCode::NovaErrInvalidArgument,
        NovaStatusCode::NovaErrInsecureUrl,
        NovaStatusCode::NovaErrNetwork,
        NovaStatusCode::NovaErrServer,
        NovaStatusCode::NovaErrExpired,
        NovaStatusCode::NovaErrTimeout,
        NovaStatusCode::NovaErrCancelled,
        NovaStatusCode::NovaErrInternal,
    ];

    /// The name the C header gives the code: cbindgen spells the variant's name in
    /// SCREAMING_SNAKE_CASE (`NovaErrExpired` is `NOVA_ERR_EXPIRED`), and so does this.
    fn c_name(self) -> CString {
        let mut name = String::new();
        for (i, c) in format!("{self:?}").chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_uppercase());
        }
        CString::new(name).expect("a variant name holds no NUL")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `NAME = value` for each code of the `NovaStatusCode` enum of the generated header.
    fn header_codes() -> Vec<(String, NovaStatus)> {
        let header = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/include/nova_auth.h"));
        let body = header
            .split_once("enum NovaStatusCode")
            .and_then(|(_, rest)| rest.split_once('}'))
            .expect("the header declares enum NovaStatusCode")
            .0;
        body.lines()
            .filter_map(|line| line.trim().trim_end_matches(',').split_once(" = "))
            .map(|(name, value)| (name.to_owned(), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn every_code_of_the_header_has_its_own_name_and_no_other_value_has_one() {
        let codes = header_codes();
        assert_eq!(codes.len(), NovaStatusCode::ALL.len(), "{codes:?}");
        for (name, value) in &codes {
            assert_eq!(status_name(*value).to_str().unwrap(), name);
        }
        for unknown in [3, -8, -99, -101, i32::MIN, i32::MAX] {
            assert_eq!(status_name(unknown), c"NOVA_UNKNOWN", "{unknown}");
        }
    }
}
