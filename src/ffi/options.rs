//! `NovaOptions`: the settings a login starts from.

use super::{
    NovaStatus, NovaStatusCode, arg_mut, ffi_boundary, ffi_status, free_boxed, into_boxed, str_arg,
};
use crate::error::Error;
use crate::options::Options;
use std::ffi::c_char;

/// Settings for `nova_login_start`. Opaque; made by `nova_options_new`.
pub struct NovaOptions(pub(crate) Options);

const OK: NovaStatus = NovaStatusCode::NovaOk as NovaStatus;

/// Creates options holding the defaults, with the base URL from the environment variable
/// `NOVA_AUTH_BASE_URL` when it is set (an invalid value there is reported by
/// `nova_login_start`, unless `nova_options_set_base_url` replaces it).
///
/// The caller owns the result and frees it with `nova_options_free`. Returns NULL only after
/// an internal error.
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_new() -> *mut NovaOptions {
    ffi_boundary(|| into_boxed(NovaOptions(Options::new())))
}

/// Frees options made by `nova_options_new`. NULL is a no-op. Logins already started keep
/// their own copy.
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_free(options: *mut NovaOptions) {
    // SAFETY: the caller passes NULL or options from `nova_options_new`, not used again.
    ffi_boundary(|| unsafe { free_boxed(options) })
}

/// Sets the server's base URL: an absolute `https://` URL, or `http://` to a loopback host
/// (`localhost`, `127.0.0.0/8`, `[::1]`). A path prefix is kept (`https://example.com/nova`
/// sends `POST https://example.com/nova/api/auth/create-session`); a trailing slash changes
/// nothing. Default: `NOVA_AUTH_BASE_URL`, else `https://nova-ai.work`.
///
/// The string is copied; the caller keeps ownership of it. Returns `NOVA_OK`;
/// `NOVA_ERR_INSECURE_URL` for `http://` to any other host; `NOVA_ERR_INVALID_ARGUMENT` for
/// NULL, non-UTF-8, an unparsable URL (an international host name is taken in its `xn--`
/// form, and one that IDNA forbids is unparsable), a query, a fragment, user credentials or
/// a scheme other than http(s).
/// A failed call leaves the options unchanged; `nova_last_error` then quotes the URL and
/// names the rule.
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_base_url(
    options: *mut NovaOptions,
    base_url: *const c_char,
) -> NovaStatus {
    set(options, |o| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        o.set_base_url(unsafe { str_arg(base_url, "base_url") }?)
    })
}

/// Sets the time between two polls of the server, 100 to 60000 ms (default 2000).
///
/// Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
/// bounds (the options are then unchanged).
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_poll_interval_ms(
    options: *mut NovaOptions,
    ms: u32,
) -> NovaStatus {
    set(options, |o| o.set_poll_interval_ms(ms))
}

/// Sets the login timeout, the deadline counted from `nova_login_start`, 100 to 86400000 ms
/// (default 600000, the server's session life).
///
/// Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
/// bounds (the options are then unchanged).
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_timeout_ms(options: *mut NovaOptions, ms: u32) -> NovaStatus {
    set(options, |o| o.set_timeout_ms(ms))
}

/// Sets the time one HTTP exchange may take, 100 to 300000 ms (default 30000).
///
/// Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options or a value out of
/// bounds (the options are then unchanged).
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_request_timeout_ms(
    options: *mut NovaOptions,
    ms: u32,
) -> NovaStatus {
    set(options, |o| o.set_request_timeout_ms(ms))
}

/// Sets whether the login URL is opened in the system's default browser (default true). On
/// Linux and BSD the `BROWSER` environment variable is honoured; Windows opens the URL with
/// the shell's default browser and ignores `BROWSER`; macOS uses `open`.
///
/// Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options.
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_open_browser(
    options: *mut NovaOptions,
    open: bool,
) -> NovaStatus {
    set(options, |o| {
        o.set_open_browser(open);
        Ok(())
    })
}

/// Sets whether the person chooses the account (default false). When set, the login URL
/// carries `force_account_switch=1`, in `nova_login_url` and in the browser, so the login
/// page signs the browser out first and offers the choice of account; without it, a browser
/// already signed in completes the login with its current account, and no click.
///
/// Returns `NOVA_OK`, or `NOVA_ERR_INVALID_ARGUMENT` for NULL options.
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_choose_account(
    options: *mut NovaOptions,
    choose: bool,
) -> NovaStatus {
    set(options, |o| {
        o.set_choose_account(choose);
        Ok(())
    })
}

/// Sets the `User-Agent` header: any UTF-8 without control characters (default
/// `nova-auth/<version>`).
///
/// The string is copied; the caller keeps ownership of it. Returns `NOVA_OK`, or
/// `NOVA_ERR_INVALID_ARGUMENT` for NULL, non-UTF-8 or a control character (the options are
/// then unchanged).
#[unsafe(no_mangle)]
pub extern "C" fn nova_options_set_user_agent(
    options: *mut NovaOptions,
    user_agent: *const c_char,
) -> NovaStatus {
    set(options, |o| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        o.set_user_agent(unsafe { str_arg(user_agent, "user_agent") }?)
    })
}

/// Every setter: check the options pointer, then apply one change.
fn set(
    options: *mut NovaOptions,
    change: impl FnOnce(&mut Options) -> Result<(), Error>,
) -> NovaStatus {
    ffi_status(|| {
        // SAFETY: the caller passes NULL or live options that nothing else uses meanwhile.
        change(&mut unsafe { arg_mut(options, "options") }?.0)?;
        Ok(OK)
    })
}

/// The options a login starts from: a copy of the caller's, or the defaults for NULL.
///
/// # Safety
/// `options` is NULL or points to live options.
pub(crate) unsafe fn options_or_default(options: *const NovaOptions) -> Options {
    // SAFETY: the caller guarantees NULL or live options.
    match unsafe { options.as_ref() } {
        Some(options) => options.0.clone(),
        None => Options::new(),
    }
}
