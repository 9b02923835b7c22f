//! `NovaLogin`: one login attempt, driven on the library's background thread.

use super::{
    NovaOptions, NovaStatus, NovaStatusCode, NovaUser, arg, c_string, ffi_boundary, ffi_status,
    free_boxed, into_boxed, optional_out_param, options_or_default, out_param, status_of,
};
use crate::error::Error;
use crate::login::{Login, Outcome};
use std::ffi::{CString, c_char, c_void};
use std::ptr::null;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// One login attempt. Opaque; made by `nova_login_start`, released by `nova_login_free`.
pub struct NovaLogin {
    // Shared with the calls that may run the callback, which may free this handle.
    login: Arc<Login>,
    // C copies made on first request; they live as long as the login.
    url: OnceLock<CString>,
    error: OnceLock<CString>,
    // Set by the first `nova_login_free`: a free from the callback that this free runs
    // finds it set and leaves the release to the first.
    freed: AtomicBool,
}

impl NovaLogin {
    /// The login, held for a call that may run the callback: the callback may free this
    /// handle, and the login must outlive the call.
    fn held(&self) -> Arc<Login> {
        Arc::clone(&self.login)
    }
}

/// Called once when a login leaves the pending state, with its final status.
pub type NovaCallback = Option<unsafe extern "C" fn(user_data: *mut c_void, status: NovaStatus)>;

/// Starts a login: validates and copies the options (NULL means all defaults), then hands the
/// work to the library's one background thread. Performs no network I/O and no DNS lookup on
/// the calling thread and returns in microseconds. The options may be freed or reused at once.
///
/// On every system, HTTPS certificates are checked against the system's trusted roots (on
/// Windows its certificate store) unless `SSL_CERT_FILE` or `SSL_CERT_DIR` name others, and
/// `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` choose a proxy; the Windows and macOS system
/// proxy settings are not used.
///
/// On `NOVA_OK`, `*out_login` receives a new login that the caller owns and releases with
/// `nova_login_free`; on any other status it is set to NULL. Returns `NOVA_OK`,
/// `NOVA_ERR_INVALID_ARGUMENT` (NULL `out_login`, or an invalid `NOVA_AUTH_BASE_URL`),
/// `NOVA_ERR_INSECURE_URL` (an insecure `NOVA_AUTH_BASE_URL`) or `NOVA_ERR_INTERNAL`; on
/// failure `nova_last_error` names the argument or the variable, its value and the rule.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_start(
    options: *const NovaOptions,
    out_login: *mut *mut NovaLogin,
) -> NovaStatus {
    ffi_status(|| {
        // SAFETY: the caller passes NULL or writable storage, and NULL or live options.
        let (out, options) = unsafe {
            (
                out_param(out_login, "out_login")?,
                options_or_default(options),
            )
        };
        let login = Login::start(&options)?;
        *out = into_boxed(NovaLogin {
            login: Arc::new(login),
            url: OnceLock::new(),
            error: OnceLock::new(),
            freed: AtomicBool::new(false),
        });
        Ok(NovaStatusCode::NovaOk as NovaStatus)
    })
}

/// Reports the login's state. Never blocks and performs no I/O.
///
/// Returns `NOVA_PENDING`, `NOVA_COMPLETED`, or the error the login ended with (every later
/// poll returns that same error); `NOVA_ERR_INVALID_ARGUMENT` for a NULL login. On
/// `NOVA_COMPLETED` with a non-NULL `out_user`, `*out_user` receives a new user that the
/// caller owns and frees with `nova_user_free` (each poll hands out a fresh copy); on every
/// other result it is set to NULL. `out_user` may be NULL to ask for the status alone.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_poll(
    login: *mut NovaLogin,
    out_user: *mut *mut NovaUser,
) -> NovaStatus {
    report(out_user, || {
        // SAFETY: the caller passes NULL or a live login.
        let login = unsafe { arg(login, "login") }?;
        Ok(login.login.poll())
    })
}

/// As `nova_login_poll`, but first blocks the calling thread until the login is no longer
/// pending or `timeout_ms` passed. `UINT32_MAX` waits until the login ends.
///
/// Returns `NOVA_PENDING` when the time passed first, `NOVA_COMPLETED`, or the error the
/// login ended with; `NOVA_ERR_INVALID_ARGUMENT` for a NULL login. The ownership rule of
/// `nova_login_poll` applies to `*out_user`.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_wait(
    login: *mut NovaLogin,
    timeout_ms: u32,
    out_user: *mut *mut NovaUser,
) -> NovaStatus {
    let timeout = (timeout_ms != u32::MAX).then(|| Duration::from_millis(timeout_ms.into()));
    report(out_user, || {
        // SAFETY: the caller passes NULL or a live login.
        let login = unsafe { arg(login, "login") }?;
        Ok(login.login.wait(timeout))
    })
}

/// The login URL the server sent, once checked: NULL before the session exists, when the
/// URL was refused, or for a NULL login. Show it to the person signing in if no browser
/// opened; do not log it (it holds the session id).
///
/// The string belongs to the login and lives until `nova_login_free`.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_url(login: *const NovaLogin) -> *const c_char {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a live login.
        let Ok(login) = (unsafe { arg(login, "login") }) else {
            return null();
        };
        match login.login.url() {
            Some(url) => login.url.get_or_init(|| c_string(url)).as_ptr(),
            None => null(),
        }
    })
}

/// NULL unless the login ended in an error; then a one-line English message naming the cause.
///
/// The string belongs to the login and lives until `nova_login_free`.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_error(login: *const NovaLogin) -> *const c_char {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a live login.
        let Ok(login) = (unsafe { arg(login, "login") }) else {
            return null();
        };
        match login.login.poll() {
            Some(Err(error)) => login
                .error
                .get_or_init(|| c_string(error.message()))
                .as_ptr(),
            _ => null(),
        }
    })
}

/// Asks for the next poll of the server now instead of at the end of the interval; call it
/// when the host's window regains focus. Never blocks. With a poll in flight the next one
/// follows as soon as it answers pending; during a `Retry-After` or backoff wait, and before
/// the session exists, it does nothing. Polls are never sent closer than 250 ms apart.
///
/// Returns `NOVA_PENDING`, or the login's final status if it has ended;
/// `NOVA_ERR_INVALID_ARGUMENT` for a NULL login.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_refresh(login: *mut NovaLogin) -> NovaStatus {
    report(std::ptr::null_mut(), || {
        // SAFETY: the caller passes NULL or a live login.
        let login = unsafe { arg(login, "login") }?;
        Ok(login.login.refresh())
    })
}

/// Cancels a pending login: it ends with `NOVA_ERR_CANCELLED` at once, its request in flight
/// is dropped and no new request starts. A login that already ended keeps its result.
/// Idempotent; NULL is a no-op.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_cancel(login: *mut NovaLogin) {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a live login.
        if let Ok(login) = unsafe { arg(login, "login") } {
            login.held().cancel();
        }
    })
}

/// Cancels the login, then releases it and its strings. Never blocks on the network. NULL is
/// a no-op. Must not race with other calls on the same login.
///
/// Called on a thread other than the one running the login's callback, it first waits for
/// that callback to return, so the callback never runs after `nova_login_free` returns.
/// Called from inside the login's own callback, it returns without waiting, and must be the
/// callback's last call on the login. Inside the callback that `nova_login_free` of a pending
/// login runs, a second `nova_login_free` of that login does nothing: the first releases it.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_free(login: *mut NovaLogin) {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a live login.
        let Ok(handle) = (unsafe { arg(login, "login") }) else {
            return;
        };
        if handle.freed.swap(true, Ordering::Relaxed) {
            return;
        }
        // May run the callback here, which may still use the handle.
        handle.login.close();
        // SAFETY: from `nova_login_start`; no callback uses it any more and the caller gives
        // it up.
        unsafe { free_boxed(login) }
    })
}

/// Registers `callback`, run once with the final status when the login leaves the pending
/// state: on the library's background thread, or on the thread that ends the login
/// (`nova_login_cancel`, `nova_login_free`), or at once on the calling thread if the login has
/// already ended. It never runs after `nova_login_free` returns. A second call replaces a
/// callback that has not run yet.
///
/// The callback must return quickly. It may call `nova_login_poll`, `nova_login_url`,
/// `nova_login_error` and `nova_login_cancel` on this login, and may end with
/// `nova_login_free` of it; it must not call `nova_login_wait` or `nova_login_set_callback` on
/// it. A host thread that calls `nova_login_free` must not hold a lock that the callback
/// takes: it waits for a callback running on another thread. `user_data` is passed through
/// untouched and must be usable from the background thread. Returns `NOVA_OK`, or
/// `NOVA_ERR_INVALID_ARGUMENT` for a NULL login or callback.
#[unsafe(no_mangle)]
pub extern "C" fn nova_login_set_callback(
    login: *mut NovaLogin,
    callback: NovaCallback,
    user_data: *mut c_void,
) -> NovaStatus {
    ffi_status(|| {
        // SAFETY: the caller passes NULL or a live login.
        let login = unsafe { arg(login, "login") }?;
        let callback = callback.ok_or_else(|| Error::InvalidArgument("callback is NULL".into()))?;
        let user_data = UserData(user_data);
        login.held().on_end(Box::new(move |outcome: &Outcome| {
            let status = outcome
                .as_ref()
                .map_or_else(status_of, |_| NovaStatusCode::NovaCompleted as NovaStatus);
            // SAFETY: the host registered this function and its data for exactly this call.
            unsafe { callback(user_data.get(), status) }
        }));
        Ok(NovaStatusCode::NovaOk as NovaStatus)
    })
}

/// The host's callback data, carried to the thread that ends the login.
struct UserData(*mut c_void);

impl UserData {
    // A method, so the closure captures the whole `Send` wrapper, not its raw field.
    fn get(&self) -> *mut c_void {
        self.0
    }
}

// SAFETY: the header requires `user_data` to be usable from the background thread.
unsafe impl Send for UserData {}

/// The shared tail of poll, wait and refresh: turns the login's state into a status and, on
/// completion, a fresh user for a non-NULL `out_user`; an ended login's error is also this
/// thread's last error.
fn report<'a>(
    out_user: *mut *mut NovaUser,
    state: impl FnOnce() -> Result<Option<&'a Outcome>, Error>,
) -> NovaStatus {
    ffi_status(|| {
        // SAFETY: the caller passes NULL or writable storage for a pointer.
        let out = unsafe { optional_out_param(out_user) };
        Ok(match state()? {
            None => NovaStatusCode::NovaPending as NovaStatus,
            // Through the error path, so that the login's message becomes the last error.
            Some(Err(error)) => return Err(error.clone()),
            Some(Ok(user)) => {
                if let Some(out) = out {
                    *out = NovaUser::boxed(user);
                }
                NovaStatusCode::NovaCompleted as NovaStatus
            }
        })
    })
}
