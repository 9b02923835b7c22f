//! `nova_last_error`: the message of the last failed call, kept per thread.
//!
//! A thread-local, as libgit2's `git_error_last()`: `nova_login_start` fails before a login
//! exists to carry a message, and the setters run on the host's own thread, so the thread is
//! the one place every failing call can leave its message for the caller to read next.

use super::{NovaStatus, ffi_boundary, status_of};
use crate::error::Error;
use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::ptr::null;

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Keeps the message of `error` as this thread's last error; returns its status.
pub(crate) fn record(error: &Error) -> NovaStatus {
    let message = super::c_string(error.message());
    // A thread being torn down has no thread-locals left; its caller gets the status alone.
    let _ = LAST_ERROR.try_with(|last| *last.borrow_mut() = Some(message));
    status_of(error)
}

/// The message of the last call on this thread that returned a negative status: a one-line
/// English text naming the input and the rule it broke, such as `base URL "ftp://x": the
/// scheme must be https, or http to a loopback host`. NULL if no call on this thread has
/// failed yet.
///
/// Every function that returns a `NovaStatus` sets it when it returns a negative status
/// (NULL and non-UTF-8 arguments included; `nova_login_poll`, `nova_login_wait` and
/// `nova_login_refresh` of a login that ended in an error set that login's message). A
/// call that succeeds, or returns `NOVA_PENDING` or `NOVA_COMPLETED`, leaves it as it was, as
/// libgit2 does: read it right after the failing call, never to learn whether a call failed.
///
/// The string belongs to the library and stays valid on this thread until the next failing
/// call on this thread; copy it to keep it longer, and never free it.
#[unsafe(no_mangle)]
pub extern "C" fn nova_last_error() -> *const c_char {
    ffi_boundary(|| {
        LAST_ERROR
            .try_with(|last| last.borrow().as_ref().map_or(null(), |m| m.as_ptr()))
            .unwrap_or(null())
    })
}
