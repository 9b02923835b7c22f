//! `parse_create_session` on any status and body: no panic, an accepted session has a
//! non-empty, NUL-free id, and every refusal is a one-line server error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nova_auth::{Error, parse_create_session};
use nova_auth_fuzz::{assert_one_line, status_and_rest};

fuzz_target!(|data: &[u8]| {
    let (status, body) = status_and_rest(data);
    match parse_create_session(status, body) {
        Ok(session) => {
            assert_eq!(status, 200, "a session from HTTP {status}");
            assert!(!session.id.is_empty(), "an empty session id");
            assert!(!session.id.contains('\0'), "a session id with NUL");
        }
        Err(error) => {
            assert!(
                matches!(error, Error::Server(_)),
                "not a server error: {error:?}"
            );
            assert_one_line(&error);
        }
    }
});
