//! HTTP as the protocol needs it: the client, with its redirect policy, and one exchange,
//! bounded in time and in size, with errors that never carry the URL (it may hold the
//! session id).

use crate::error::Error;
use crate::options::Options;
use crate::urls::is_secure_target;
use reqwest::redirect::{Action, Attempt, Policy};
use reqwest::{RequestBuilder, Url};
use std::fmt;

/// A body is never read past this size.
const MAX_BODY_BYTES: usize = 1 << 20;
/// Redirects followed before an answer is taken as it is.
const MAX_REDIRECTS: usize = 5;

/// One HTTP answer, its body read in full.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

/// Why an exchange brought no answer to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExchangeError {
    /// Nothing came back in time: DNS, connect, TLS, a broken connection, or the request
    /// timeout. The text says which, without the URL.
    NoAnswer(String),
    /// The server answered with a body over [`MAX_BODY_BYTES`].
    TooLarge,
}

impl ExchangeError {
    /// The login's error when the request to `route` failed so: no answer is a network
    /// error, an answer too large to read is the server's.
    pub fn into_error(self, route: &str) -> Error {
        match self {
            ExchangeError::NoAnswer(reason) => Error::Network(reason),
            ExchangeError::TooLarge => Error::Server(format!("{route} {self}")),
        }
    }
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExchangeError::NoAnswer(reason) => f.write_str(reason),
            ExchangeError::TooLarge => f.write_str("answer is larger than 1 MiB"),
        }
    }
}

/// A client that follows at most [`MAX_REDIRECTS`] redirects, and never one to an insecure
/// URL. Loading the system's trusted certificates reads files, so a host's thread should not
/// call this.
pub fn new_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(Policy::custom(follow_secure_redirects))
        .build()
        .map_err(|e| Error::Network(format!("cannot set up HTTPS: {}", describe(e))))
}

/// An answer that redirects too often or to an insecure URL is taken as it is, so the login
/// sees a 3xx status and no request leaves for it.
fn follow_secure_redirects(attempt: Attempt) -> Action {
    if attempt.previous().len() > MAX_REDIRECTS || !is_secure_target(attempt.url()) {
        attempt.stop()
    } else {
        attempt.follow()
    }
}

/// Sends a request and reads its answer within the request timeout.
pub async fn exchange(request: RequestBuilder, options: &Options) -> Result<Answer, ExchangeError> {
    let request = request
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, options.user_agent.clone());
    let timeout = options.request_timeout;
    let no_answer = |e| ExchangeError::NoAnswer(describe(e));
    let attempt = async {
        let mut response = request.send().await.map_err(no_answer)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(ExchangeError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(no_answer)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(ExchangeError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .unwrap_or_else(|_| {
            Err(ExchangeError::NoAnswer(format!(
                "no answer within the request timeout of {} ms",
                timeout.as_millis()
            )))
        })
}

pub fn endpoint(base_url: &str, route: &str) -> Result<Url, Error> {
    Url::parse(&format!("{base_url}{route}"))
        .map_err(|e| Error::InvalidArgument(format!("base URL cannot take a route: {e}")))
}

/// An HTTP error and its causes on one line, without the URL (it may hold the session id).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&error);
    while let Some(err) = cause {
        text.push_str(": ");
        text.push_str(&err.to_string());
        cause = err.source();
    }
    if error.is_timeout() {
        text.push_str(" (timed out)");
    }
    text
}
