//! `Retry-After` values, reached through `parse_get_session` on a 503. Input: 8 bytes of
//! clock (seconds since 1970), then the value. Every wait is at most 60 s, and delay-seconds
//! are always understood.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nova_auth::{PollAnswer, parse_get_session};
use std::time::{Duration, SystemTime};

const CAP: Duration = Duration::from_secs(60);

fuzz_target!(|data: &[u8]| {
    let (clock, value) = data.split_at(data.len().min(8));
    let mut seconds = [0u8; 8];
    seconds[..clock.len()].copy_from_slice(clock);
    let seconds = u64::from_le_bytes(seconds) % (400 * 365 * 86_400);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
    let Ok(value) = std::str::from_utf8(value) else {
        return;
    };
    let PollAnswer::Transient { retry_after, .. } =
        parse_get_session(503, Some(value), b"", now, false)
    else {
        panic!("a 503 that is not transient");
    };
    assert!(
        retry_after.unwrap_or_default() <= CAP,
        "an uncapped wait: {retry_after:?}"
    );
    let digits = value.trim();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let asked = digits.parse::<u64>().map_or(CAP, Duration::from_secs);
        assert_eq!(retry_after, Some(asked.min(CAP)), "delay-seconds {value:?}");
    }
});
