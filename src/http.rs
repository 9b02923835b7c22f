//! One HTTP exchange as the protocol needs it: bounded in time and in size, with errors
//! that never carry the URL (it may hold the session id).

use crate::error::Error;
use crate::options::Options;
use reqwest::{RequestBuilder, Url};

/// A body is never read past this size.
const MAX_BODY_BYTES: usize = 1 << 20;

/// One HTTP answer, its body read in full.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

/// Sends a request and reads its answer within the request timeout. Errors: `Network` for no
/// answer, `Server` for a body over 1 MiB.
pub async fn exchange(request: RequestBuilder, options: &Options) -> Result<Answer, Error> {
    let request = request
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, options.user_agent.clone());
    let timeout = options.request_timeout;
    let attempt = async {
        let mut response = request
            .send()
            .await
            .map_err(|e| Error::Network(describe(e)))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let too_large = || Error::Server("answer is larger than 1 MiB".into());
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::Network(describe(e)))?
        {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
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
            Err(Error::Network(format!(
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
pub fn describe(error: reqwest::Error) -> String {
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
