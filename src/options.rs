//! The settings of a login, their defaults, bounds and the environment override.

use crate::error::Error;
use crate::urls::parse_base_url;
use reqwest::header::HeaderValue;
use std::time::Duration;

/// The production server.
pub const DEFAULT_BASE_URL: &str = "https://nova-ai.work";
/// The environment variable that replaces the default base URL.
pub const BASE_URL_ENV: &str = "NOVA_AUTH_BASE_URL";

const POLL_INTERVAL_MS: Bounds = Bounds {
    min: 100,
    max: 60_000,
    default: 2_000,
    name: "poll interval",
};
const TIMEOUT_MS: Bounds = Bounds {
    min: 100,
    max: 86_400_000,
    default: 600_000,
    name: "login timeout",
};
const REQUEST_TIMEOUT_MS: Bounds = Bounds {
    min: 100,
    max: 300_000,
    default: 30_000,
    name: "request timeout",
};

struct Bounds {
    min: u32,
    max: u32,
    default: u32,
    name: &'static str,
}

impl Bounds {
    fn check(&self, ms: u32) -> Result<Duration, Error> {
        if (self.min..=self.max).contains(&ms) {
            Ok(Duration::from_millis(ms.into()))
        } else {
            Err(Error::InvalidArgument(format!(
                "{} must be {} to {} ms, not {ms}",
                self.name, self.min, self.max
            )))
        }
    }

    fn default_duration(&self) -> Duration {
        Duration::from_millis(self.default.into())
    }
}

/// Settings for a login. Every setter validates first and leaves the options unchanged when
/// it fails.
#[derive(Clone, Debug)]
pub struct Options {
    /// The base URL without trailing slashes, or why the one from the environment is invalid
    /// (reported by `Login::start`, as the setter would have).
    base_url: Result<String, Error>,
    pub(crate) poll_interval: Duration,
    pub(crate) timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) open_browser: bool,
    /// Whether the login URL asks the page to let the person choose the account.
    pub(crate) choose_account: bool,
    /// Kept as a header value: checked once, and UTF-8 beyond ASCII is sent as its bytes.
    pub(crate) user_agent: HeaderValue,
}

impl Options {
    /// The defaults, with the base URL from `NOVA_AUTH_BASE_URL` when it is set.
    pub fn new() -> Options {
        let base_url = match std::env::var(BASE_URL_ENV) {
            // The message names the variable, which the host did not pass in a call.
            Ok(text) => parse_base_url(&text).map_err(|e| match e {
                Error::InsecureUrl(m) => Error::InsecureUrl(format!("{BASE_URL_ENV}: {m}")),
                other => Error::InvalidArgument(format!("{BASE_URL_ENV}: {}", other.message())),
            }),
            Err(std::env::VarError::NotPresent) => parse_base_url(DEFAULT_BASE_URL),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::InvalidArgument(format!(
                "{BASE_URL_ENV} is not valid UTF-8"
            ))),
        };
        Options {
            base_url,
            poll_interval: POLL_INTERVAL_MS.default_duration(),
            timeout: TIMEOUT_MS.default_duration(),
            request_timeout: REQUEST_TIMEOUT_MS.default_duration(),
            open_browser: true,
            choose_account: false,
            user_agent: HeaderValue::from_static(concat!("nova-auth/", env!("CARGO_PKG_VERSION"))),
        }
    }

    pub fn set_base_url(&mut self, text: &str) -> Result<(), Error> {
        self.base_url = Ok(parse_base_url(text)?);
        Ok(())
    }

    pub fn set_poll_interval_ms(&mut self, ms: u32) -> Result<(), Error> {
        self.poll_interval = POLL_INTERVAL_MS.check(ms)?;
        Ok(())
    }

    pub fn set_timeout_ms(&mut self, ms: u32) -> Result<(), Error> {
        self.timeout = TIMEOUT_MS.check(ms)?;
        Ok(())
    }

    pub fn set_request_timeout_ms(&mut self, ms: u32) -> Result<(), Error> {
        self.request_timeout = REQUEST_TIMEOUT_MS.check(ms)?;
        Ok(())
    }

    pub fn set_open_browser(&mut self, open: bool) {
        self.open_browser = open;
    }

    pub fn set_choose_account(&mut self, choose: bool) {
        self.choose_account = choose;
    }

    pub fn set_user_agent(&mut self, user_agent: &str) -> Result<(), Error> {
        let invalid = || {
            Error::InvalidArgument(format!(
                "user agent {user_agent:?}: must not contain control characters"
            ))
        };
        if user_agent.chars().any(char::is_control) {
            return Err(invalid());
        }
        self.user_agent = HeaderValue::from_bytes(user_agent.as_bytes()).map_err(|_| invalid())?;
        Ok(())
    }

    /// The validated base URL without trailing slashes.
    pub fn base_url(&self) -> Result<&str, Error> {
        self.base_url.as_deref().map_err(Clone::clone)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_failed_setters_change_nothing() {
        let mut options = Options::new();
        assert!(options.set_poll_interval_ms(100).is_ok());
        assert!(options.set_poll_interval_ms(60_000).is_ok());
        assert!(options.set_poll_interval_ms(99).is_err());
        assert!(options.set_poll_interval_ms(60_001).is_err());
        assert_eq!(options.poll_interval, Duration::from_millis(60_000));
        assert!(options.set_timeout_ms(86_400_001).is_err());
        assert!(options.set_request_timeout_ms(300_001).is_err());
        assert!(options.set_request_timeout_ms(99).is_err());
        assert_eq!(options.timeout, Duration::from_millis(600_000));
        assert_eq!(options.request_timeout, Duration::from_millis(30_000));
        assert!(options.set_user_agent("bad\tagent").is_err());
        assert!(options.set_user_agent("app/1.0 (한국어)").is_ok());
        assert_eq!(options.user_agent.as_bytes(), "app/1.0 (한국어)".as_bytes());
        let before = options.base_url().map(str::to_owned);
        assert!(options.set_base_url("http://example.com").is_err());
        assert_eq!(options.base_url().map(str::to_owned), before);
    }
}
