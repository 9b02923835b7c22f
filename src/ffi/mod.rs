//! The C ABI: one module per C type. Every exported function checks its arguments, converts,
//! calls the safe core and runs inside [`ffi_boundary`], so no panic reaches the caller.

// Exported functions take raw pointers from C and are not `unsafe fn`: C cannot see Rust's
// `unsafe`, and the pointer rules are stated in each function's header documentation.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

mod last_error;
mod login;
mod options;
mod status;
mod user;

pub use last_error::*;
pub use login::*;
pub use options::*;
pub use status::*;
pub use user::*;

use crate::error::Error;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What an exported function returns when its body panicked.
pub(crate) trait OnPanic {
    fn on_panic() -> Self;
}

impl OnPanic for Result<NovaStatus, Error> {
    fn on_panic() -> Self {
        Err(Error::Internal(
            "a defect in nova_auth: a call panicked; please report it".into(),
        ))
    }
}

impl<T> OnPanic for *const T {
    fn on_panic() -> Self {
        std::ptr::null()
    }
}

impl<T> OnPanic for *mut T {
    fn on_panic() -> Self {
        std::ptr::null_mut()
    }
}

impl OnPanic for () {
    fn on_panic() -> Self {}
}

/// Runs the body of an exported function; a panic becomes that function's panic value.
/// The only `catch_unwind` of the library.
pub(crate) fn ffi_boundary<R: OnPanic>(body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| R::on_panic())
}

/// [`ffi_boundary`] for functions that return a status: an error, a caught panic included,
/// becomes its status and this thread's last error (`nova_last_error`).
pub(crate) fn ffi_status(body: impl FnOnce() -> Result<NovaStatus, Error>) -> NovaStatus {
    ffi_boundary(body).unwrap_or_else(|error| last_error::record(&error))
}

/// A required pointer argument as a reference.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that outlives `'a`.
#[inline] // so that a poll makes no call under `opt-level = "s"`
pub(crate) unsafe fn arg<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Error> {
    // SAFETY: the caller guarantees that a non-NULL `ptr` points to a live `T`.
    unsafe { ptr.as_ref() }.ok_or_else(|| Error::InvalidArgument(format!("{name} is NULL")))
}

/// A required mutable pointer argument as a reference.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that outlives `'a`, used by nothing else meanwhile.
pub(crate) unsafe fn arg_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T, Error> {
    // SAFETY: the caller guarantees that a non-NULL `ptr` points to a live, unaliased `T`.
    unsafe { ptr.as_mut() }.ok_or_else(|| Error::InvalidArgument(format!("{name} is NULL")))
}

/// A required string argument: not NULL, NUL-terminated, UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::InvalidArgument(format!("{name} is NULL")));
    }
    // SAFETY: not NULL, and the caller guarantees a NUL-terminated string.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map_err(|_| Error::InvalidArgument(format!("{name} is not valid UTF-8")))
}

/// An out-parameter: not NULL; it is set to NULL at once, so it holds NULL on any failure.
///
/// # Safety
/// `ptr` is NULL or points to writable storage for a pointer that outlives `'a`.
pub(crate) unsafe fn out_param<'a, T>(
    ptr: *mut *mut T,
    name: &str,
) -> Result<&'a mut *mut T, Error> {
    // SAFETY: the caller guarantees that a non-NULL `ptr` is writable.
    let out = unsafe { arg_mut(ptr, name) }?;
    *out = std::ptr::null_mut();
    Ok(out)
}

/// An optional out-parameter: `None` for NULL, else cleared to NULL as in [`out_param`].
///
/// # Safety
/// As [`out_param`].
#[inline] // so that a poll makes no call under `opt-level = "s"`
pub(crate) unsafe fn optional_out_param<'a, T>(ptr: *mut *mut T) -> Option<&'a mut *mut T> {
    // SAFETY: the caller guarantees that a non-NULL `ptr` is writable.
    let out = unsafe { ptr.as_mut() }?;
    *out = std::ptr::null_mut();
    Some(out)
}

/// A C copy of a string the library made; NUL characters, which C cannot carry, are dropped.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "")).unwrap_or_default()
}

/// Moves a value to the heap for C, which gives it back to [`free_boxed`].
pub(crate) fn into_boxed<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Drops a value made by [`into_boxed`]; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or came from [`into_boxed`] and is not used again.
pub(crate) unsafe fn free_boxed<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: `ptr` came from `Box::into_raw` and ownership returns here once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}
