//! `parse_base_url` on any text: an accepted base is https, or http to loopback, with no
//! query, fragment or trailing slash, and is accepted again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nova_auth::{Error, parse_base_url};
use nova_auth_fuzz::{assert_one_line, assert_secure_target};

fuzz_target!(|text: &str| {
    match parse_base_url(text) {
        Ok(base) => {
            assert_secure_target(&base);
            let url = url::Url::parse(&base).expect("an accepted base parses again");
            assert!(
                url.query().is_none() && url.fragment().is_none(),
                "query or fragment: {base:?}"
            );
            assert!(!base.ends_with('/'), "a trailing slash: {base:?}");
            assert_eq!(
                parse_base_url(&base).as_ref(),
                Ok(&base),
                "not a fixed point"
            );
        }
        Err(error) => {
            assert!(
                matches!(error, Error::InvalidArgument(_) | Error::InsecureUrl(_)),
                "wrong kind of error: {error:?}"
            );
            assert_one_line(&error);
        }
    }
});
