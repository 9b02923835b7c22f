//! `Retry-After` in both of its forms: delay-seconds and an HTTP date, in any of the three
//! date formats a recipient must accept (RFC 9110 §5.6.7: IMF-fixdate and the obsolete
//! RFC 850 and asctime formats).

use std::time::{Duration, SystemTime};

/// The longest wait a server may ask for; a larger value is capped, not obeyed.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The wait a `Retry-After` value asks for, capped at [`MAX_RETRY_AFTER`]; `None` when the
/// value is neither form. A date in the past asks for no wait.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Many digits overflow u64; they still mean "a long time".
        Duration::from_secs(value.parse().unwrap_or(u64::MAX))
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    /// Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110.
    const EXAMPLE: Duration = Duration::from_secs(784_111_777);

    #[test]
    fn seconds_form() {
        let now = UNIX_EPOCH;
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("3600", now), Some(MAX_RETRY_AFTER));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(MAX_RETRY_AFTER)
        );
        for bad in ["", "-1", "1.5", "soon", "0x10"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn all_three_date_formats_name_the_same_moment() {
        let now = UNIX_EPOCH + EXAMPLE - Duration::from_secs(5);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            " Sun, 06 Nov 1994 08:49:37 GMT ",
        ] {
            assert_eq!(
                parse_retry_after(value, now),
                Some(Duration::from_secs(5)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn dates_in_the_past_ask_for_no_wait_in_every_format() {
        let later = UNIX_EPOCH + EXAMPLE + Duration::from_secs(9);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Thu, 01 Jan 1970 00:00:00 GMT",
        ] {
            assert_eq!(
                parse_retry_after(value, later),
                Some(Duration::ZERO),
                "{value:?}"
            );
        }
        // The very moment asks for no wait either.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", UNIX_EPOCH + EXAMPLE),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn far_dates_are_capped_in_every_format() {
        let now = UNIX_EPOCH + EXAMPLE;
        for value in [
            "Sat, 06 Nov 2094 08:49:37 GMT",
            "Tuesday, 06-Nov-29 08:49:37 GMT",
            "Sat Nov  6 08:49:37 2094",
        ] {
            assert_eq!(
                parse_retry_after(value, now),
                Some(MAX_RETRY_AFTER),
                "{value:?}"
            );
        }
    }

    #[test]
    fn dates_are_read_exactly() {
        let now = UNIX_EPOCH;
        // A leap day, in each format: 2028-02-29 12:00:00 is 1 835 438 400 s after 1970.
        let leap_day = UNIX_EPOCH + Duration::from_secs(1_835_438_400);
        for value in [
            "Tue, 29 Feb 2028 12:00:00 GMT",
            "Tuesday, 29-Feb-28 12:00:00 GMT",
            "Tue Feb 29 12:00:00 2028",
        ] {
            let wait = parse_retry_after(value, leap_day - Duration::from_secs(7));
            assert_eq!(wait, Some(Duration::from_secs(7)), "{value:?}");
        }
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn values_that_are_no_date_are_refused() {
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "06 Nov 1994",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sunday, 06 Nov 94 08:49:37 GMT",
            "Sun Nov 06 08:49:37 1994 GMT",
            "Sun Nov  6 08:49:37",
            "Wed, 31 Dec 1969 23:59:59 GMT",
            // A weekday that does not match the date makes the date doubtful.
            "Mon, 06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, UNIX_EPOCH), None, "{bad:?}");
        }
    }
}
