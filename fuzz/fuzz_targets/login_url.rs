//! `check_login_url` on any text: an accepted URL is https, or http to loopback; holds no
//! whitespace or control character; and is accepted again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nova_auth::{Error, check_login_url};
use nova_auth_fuzz::{assert_one_line, assert_secure_target};

fuzz_target!(|text: &str| {
    match check_login_url(text) {
        Ok(url) => {
            assert_secure_target(&url);
            assert!(
                !url.chars().any(|c| c.is_control() || c.is_whitespace()),
                "whitespace or a control character in {url:?}"
            );
            assert_eq!(
                check_login_url(&url).as_ref(),
                Ok(&url),
                "not a fixed point"
            );
        }
        Err(error) => {
            assert!(
                matches!(error, Error::InsecureUrl(_)),
                "not an insecure URL error: {error:?}"
            );
            assert_one_line(&error);
        }
    }
});
