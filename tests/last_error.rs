//! `nova_last_error`: each failing call leaves its message on the calling thread.

mod common;

use common::server;
use nova_auth::ffi::*;
use std::ffi::CStr;
use std::ptr::null_mut;

fn last_error() -> Option<String> {
    let message = nova_last_error();
    // SAFETY: NULL or a string of the library, valid until the next failing call here.
    (!message.is_null()).then(|| unsafe { CStr::from_ptr(message) }.to_string_lossy().into())
}

const INVALID: NovaStatus = NovaStatusCode::NovaErrInvalidArgument as NovaStatus;

#[test]
fn a_failed_call_leaves_its_message_on_its_thread_alone() {
    let options = nova_options_new();
    assert_eq!(nova_options_set_poll_interval_ms(options, 99), INVALID);
    let message = "poll interval must be 100 to 60000 ms, not 99";
    assert_eq!(last_error().as_deref(), Some(message));

    std::thread::spawn(|| {
        assert_eq!(last_error(), None, "a new thread has no last error");
        assert_eq!(nova_options_set_timeout_ms(null_mut(), 1000), INVALID);
        assert_eq!(last_error().as_deref(), Some("options is NULL"));
    })
    .join()
    .unwrap();
    assert_eq!(
        last_error().as_deref(),
        Some(message),
        "unchanged by the other thread"
    );

    assert_eq!(nova_options_set_poll_interval_ms(options, 100), 0);
    assert_eq!(
        last_error().as_deref(),
        Some(message),
        "a successful call leaves the last message"
    );
    nova_options_free(options);
}

#[test]
fn poll_of_a_login_that_ended_in_an_error_leaves_the_logins_message() {
    let server = server();
    let options = nova_options_new();
    let base_url = std::ffi::CString::new(server.base_url()).unwrap();
    assert_eq!(nova_options_set_base_url(options, base_url.as_ptr()), 0);
    assert_eq!(nova_options_set_open_browser(options, false), 0);
    let mut login = null_mut();
    assert_eq!(nova_login_start(options, &mut login), 0);
    nova_options_free(options);
    nova_login_cancel(login);
    let cancelled = NovaStatusCode::NovaErrCancelled as NovaStatus;
    assert_eq!(nova_login_poll(login, null_mut()), cancelled);
    assert_eq!(last_error().as_deref(), Some("the login was cancelled"));
    // SAFETY: the login's own message, valid until the login is freed.
    let own = unsafe { CStr::from_ptr(nova_login_error(login)) };
    assert_eq!(own.to_str().ok(), last_error().as_deref());
    nova_login_free(login);
}
