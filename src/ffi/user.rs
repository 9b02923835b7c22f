//! `NovaUser`: the signed-in user, handed to the caller.

use super::{c_string, ffi_boundary, free_boxed, into_boxed};
use crate::protocol::User;
use std::ffi::{CString, c_char};
use std::ptr::null_mut;

/// The signed-in user, as the server sent it. This is the server's word, not a proof of
/// identity: the flow carries no signature a client could check.
///
/// The caller owns it and frees it, with all its strings, with `nova_user_free`; never with
/// `free()`. Every string is UTF-8 and NUL-terminated.
#[repr(C)]
pub struct NovaUser {
    /// The user id: never NULL, never empty.
    pub uid: *mut c_char,
    /// NULL when the server sent none (null or missing).
    pub email: *mut c_char,
    /// NULL when absent.
    pub name: *mut c_char,
    /// NULL when absent (wire name: `photoUrl`).
    pub photo_url: *mut c_char,
    /// NULL when absent.
    pub tier: *mut c_char,
    /// The user object as received: compact JSON, key order kept.
    pub raw_json: *mut c_char,
}

impl NovaUser {
    /// A new C copy of `user`, released by `nova_user_free`.
    pub(crate) fn boxed(user: &User) -> *mut NovaUser {
        let text = |s: &str| c_string(s).into_raw();
        let optional = |s: &Option<String>| s.as_deref().map_or(null_mut(), text);
        into_boxed(NovaUser {
            uid: text(&user.uid),
            email: optional(&user.email),
            name: optional(&user.name),
            photo_url: optional(&user.photo_url),
            tier: optional(&user.tier),
            raw_json: text(&user.raw_json),
        })
    }
}

impl Drop for NovaUser {
    fn drop(&mut self) {
        for field in [
            self.uid,
            self.email,
            self.name,
            self.photo_url,
            self.tier,
            self.raw_json,
        ] {
            if !field.is_null() {
                // SAFETY: every non-NULL field came from `CString::into_raw` in `boxed`, and
                // the user is dropped once, by `nova_user_free`.
                drop(unsafe { CString::from_raw(field) });
            }
        }
    }
}

/// Frees a user handed out by `nova_login_poll` or `nova_login_wait`, with all its strings.
/// NULL is a no-op.
#[unsafe(no_mangle)]
pub extern "C" fn nova_user_free(user: *mut NovaUser) {
    // SAFETY: the caller passes NULL or a user from this library, not used again.
    ffi_boundary(|| unsafe { free_boxed(user) })
}
