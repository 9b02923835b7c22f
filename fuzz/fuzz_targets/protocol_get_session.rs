//! `parse_get_session` on any status, `Retry-After`, clock and body. Input layout: status
//! byte, flags byte (bit 0: earlier pending answers, bit 1: a `Retry-After` is present), the
//! `Retry-After` length byte and value, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nova_auth::{Error, PollAnswer, parse_get_session};
use nova_auth_fuzz::{assert_one_line, status_and_rest};
use std::time::{Duration, SystemTime};

/// 2024-11-25, so that HTTP dates in the seeds fall on both sides of it.
const NOW_SECS: u64 = 1_732_570_000;

fuzz_target!(|data: &[u8]| {
    let (status, rest) = status_and_rest(data);
    let (flags, rest) = rest.split_first().map_or((0, rest), |(f, r)| (*f, r));
    let (length, rest) = rest
        .split_first()
        .map_or((0, rest), |(l, r)| (usize::from(*l), r));
    let (value, body) = rest.split_at(length.min(rest.len()));
    let retry_after = std::str::from_utf8(value).ok().filter(|_| flags & 2 != 0);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS);
    match parse_get_session(status, retry_after, body, now, flags & 1 != 0) {
        PollAnswer::Pending => assert_eq!(status, 200, "pending from HTTP {status}"),
        PollAnswer::Completed(user) => {
            assert_eq!(status, 200, "completed from HTTP {status}");
            assert!(!user.uid.is_empty(), "an empty uid");
            let fields = [Some(&user.uid), user.email.as_ref(), user.name.as_ref()];
            let more = [user.photo_url.as_ref(), user.tier.as_ref()];
            for field in fields.into_iter().chain(more).flatten() {
                assert!(!field.contains('\0'), "a user string with NUL: {field:?}");
            }
            let raw: serde_json::Value =
                serde_json::from_str(&user.raw_json).expect("raw_json is JSON");
            assert_eq!(
                raw["uid"].as_str(),
                Some(user.uid.as_str()),
                "raw_json's uid"
            );
        }
        PollAnswer::Final(error) => {
            assert!(
                matches!(error, Error::Server(_) | Error::Expired(_)),
                "final error of the wrong kind: {error:?}"
            );
            assert_one_line(&error);
        }
        PollAnswer::Transient {
            reason,
            retry_after,
        } => {
            assert!(!reason.contains('\n'), "a reason spans lines: {reason:?}");
            let wait = retry_after.unwrap_or_default();
            assert!(
                wait <= Duration::from_secs(60),
                "an uncapped wait: {wait:?}"
            );
        }
    }
});
